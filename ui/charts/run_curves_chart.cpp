#include "run_curves_chart.h"

#include "chart_palette.h"
#include "point_bounds.h"
#include "eval/smoothing.h"

#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <vector>

namespace semcot::ui {

RunCurvesChart::RunCurvesChart(QWidget* parent)
    : QWidget(parent) {
    chart_ = new QChart;
    chart_->setMargins(QMargins(4, 4, 4, 4));
    chart_->legend()->setAlignment(Qt::AlignBottom);
    x_ = new QValueAxis;
    x_->setLabelFormat(QStringLiteral("%g"));
    chart_->addAxis(x_, Qt::AlignBottom);
    replaceLossAxis();
    auto* view = new QChartView(chart_, this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(220);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view);
    applyChartPalette(chart_, palette());
}

QColor RunCurvesChart::runColor(int i) {
    // Tableau 10: distinct in light and dark themes.
    static const QColor colors[] = {QColor(31, 119, 180), QColor(255, 127, 14),
                                    QColor(44, 160, 44),  QColor(214, 39, 40),
                                    QColor(148, 103, 189), QColor(140, 86, 75),
                                    QColor(227, 119, 194), QColor(127, 127, 127),
                                    QColor(188, 189, 34), QColor(23, 190, 207)};
    return colors[i % 10];
}

void RunCurvesChart::setCurves(const QList<RunCurve>& curves) {
    curves_ = curves;
    rebuild();
}

void RunCurvesChart::setSmoothing(double weight) {
    weight_ = std::clamp(weight, 0.0, 0.999);
    rebuild();
}

void RunCurvesChart::setLogScale(bool on) {
    if (on == log_) return;
    log_ = on;
    replaceLossAxis();
    rebuild();
}

void RunCurvesChart::setAxisTitles(const QString& x, const QString& y) {
    x_->setTitleText(x);
    yTitle_ = y;
    y_->setTitleText(y);
}

void RunCurvesChart::setTitle(const QString& title) {
    chart_->setTitle(title);
}

void RunCurvesChart::replaceLossAxis() {
    if (y_) {
        chart_->removeAxis(y_);
        delete y_;
    }
    if (log_) {
        auto* axis = new QLogValueAxis;
        axis->setBase(10);
        axis->setMinorTickCount(8);
        axis->setLabelFormat(QStringLiteral("%.3g"));
        y_ = axis;
    } else {
        auto* axis = new QValueAxis;
        axis->setLabelFormat(QStringLiteral("%.3g"));
        y_ = axis;
    }
    y_->setTitleText(yTitle_);
    chart_->addAxis(y_, Qt::AlignLeft);
    applyChartPalette(chart_, palette());
}

namespace {

// The smoothed copy of `points` (TensorBoard's EMA over the y values).
QList<QPointF> smoothed(const QList<QPointF>& points, double weight) {
    std::vector<double> y;
    y.reserve(size_t(points.size()));
    for (const QPointF& p : points) y.push_back(p.y());
    const std::vector<double> s = semcot::smooth_ema(y, weight);
    QList<QPointF> out;
    out.reserve(points.size());
    for (qsizetype i = 0; i < points.size(); ++i) out << QPointF(points[i].x(), s[size_t(i)]);
    return out;
}

// What a log axis can show: positive, finite values.
QList<QPointF> drawable(const QList<QPointF>& points, bool log) {
    QList<QPointF> out;
    for (const QPointF& p : points)
        if (std::isfinite(p.y()) && (!log || p.y() > 0)) out << p;
    return out;
}

} // namespace

void RunCurvesChart::rebuild() {
    for (QLineSeries* s : raw_ + smoothed_) {
        chart_->removeSeries(s);
        delete s;
    }
    raw_.clear();
    smoothed_.clear();
    PointBounds b;
    for (const RunCurve& c : curves_) {
        auto* raw = new QLineSeries;
        auto* smooth = new QLineSeries;
        raw->setObjectName(QStringLiteral("raw:") + c.name);
        smooth->setObjectName(QStringLiteral("smoothed:") + c.name);
        QColor faint = c.color;
        faint.setAlphaF(0.25);
        raw->setPen(QPen(faint, 1.0));
        smooth->setPen(QPen(c.color, 2.0));
        smooth->setName(c.name);
        const QList<QPointF> rawPoints = drawable(c.points, log_);
        const QList<QPointF> smoothPoints = drawable(smoothed(c.points, weight_), log_);
        raw->replace(rawPoints);
        smooth->replace(smoothPoints);
        for (QLineSeries* s : {raw, smooth}) {
            chart_->addSeries(s);
            s->attachAxis(x_);
            s->attachAxis(y_);
        }
        chart_->legend()->markers(raw).first()->setVisible(false);
        raw_ << raw;
        smoothed_ << smooth;
        for (const QPointF& p : rawPoints) {
            b.add(p);
        }
    }
    auto& [x0, x1, y0, y1, any] = b;
    if (x1 <= x0) x1 = x0 + 1;
    x_->setRange(x0, x1);
    x_->applyNiceNumbers(); // round ticks (steps 0, 200, 400 ...; epochs 0, 2, 4 ...)
    if (log_) {
        if (!any || y0 <= 0) y0 = 1e-3, y1 = std::max(y1, 1.0);
        if (y1 <= y0) y1 = y0 * 10;
        y_->setRange(std::pow(10.0, std::floor(std::log10(y0))),
                     std::pow(10.0, std::ceil(std::log10(y1))));
    } else {
        if (y1 <= y0) y1 = y0 + 1e-3;
        const double pad = (y1 - y0) * 0.05;
        auto* axis = static_cast<QValueAxis*>(y_);
        axis->setRange(std::max(0.0, y0 - pad), y1 + pad);
        axis->applyNiceNumbers();
    }
}

void RunCurvesChart::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) applyChartPalette(chart_, palette());
    QWidget::changeEvent(event);
}

} // namespace semcot::ui
