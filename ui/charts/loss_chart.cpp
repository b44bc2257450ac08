#include "loss_chart.h"

#include "chart_palette.h"
#include "point_bounds.h"

#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace semcot::ui {

LossChart::LossChart(QWidget* parent)
    : QWidget(parent) {
    chart_ = new QChart;
    chart_->setMargins(QMargins(4, 4, 4, 4));
    chart_->legend()->setAlignment(Qt::AlignBottom);
    x_ = new QValueAxis;
    y_ = new QValueAxis;
    x_->setLabelFormat(QStringLiteral("%d"));
    y_->setLabelFormat(QStringLiteral("%.3g"));
    chart_->addAxis(x_, Qt::AlignBottom);
    chart_->addAxis(y_, Qt::AlignLeft);
    auto* view = new QChartView(chart_, this);
    view->setRenderHint(QPainter::Antialiasing);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view);
    retranslateUi();
    refresh();
    applyChartPalette(chart_, palette());
}

void LossChart::setTitle(const QString& title) {
    chart_->setTitle(title);
}

void LossChart::setCurves(const QList<LossCurve>& curves) {
    curves_ = curves;
    refresh();
}

void LossChart::setSmoothing(double alpha) {
    alpha_ = alpha;
    refresh();
}

int LossChart::trainPointCount() const {
    return lines_.isEmpty() ? 0 : int(lines_.first()->count());
}

QList<QPointF> LossChart::ema(const QList<QPointF>& points, double alpha) {
    QList<QPointF> out;
    out.reserve(points.size());
    double avg = 0, weight = 0;
    for (const QPointF& p : points) {
        avg = (1 - alpha) * avg + alpha * p.y();
        weight = (1 - alpha) * weight + alpha;
        out << QPointF(p.x(), avg / weight);
    }
    return out;
}

void LossChart::refresh() {
    // One line (and one dot series, used by validation curves) per curve, created on demand.
    while (lines_.size() < curves_.size()) {
        auto* line = new QLineSeries;
        auto* dots = new QScatterSeries;
        dots->setMarkerSize(8);
        chart_->addSeries(line);
        chart_->addSeries(dots);
        for (QXYSeries* s : {static_cast<QXYSeries*>(line), static_cast<QXYSeries*>(dots)}) {
            s->attachAxis(x_);
            s->attachAxis(y_);
        }
        chart_->legend()->markers(dots).first()->setVisible(false);
        lines_ << line;
        dots_ << dots;
    }
    PointBounds b;
    for (int i = 0; i < lines_.size(); ++i) {
        const bool used = i < curves_.size() && !curves_[i].points.isEmpty();
        lines_[i]->setVisible(used);
        dots_[i]->setVisible(used && curves_[i].validation);
        chart_->legend()->markers(lines_[i]).first()->setVisible(used);
        chart_->legend()->markers(dots_[i]).first()->setVisible(false); // the line's marker says it
        if (!used) {
            lines_[i]->clear();
            dots_[i]->clear();
            continue;
        }
        const LossCurve& c = curves_[i];
        const QList<QPointF> shown =
            !c.validation && alpha_ > 0 && alpha_ < 1 ? ema(c.points, alpha_) : c.points;
        lines_[i]->setName(c.name);
        QPen pen(c.color);
        pen.setWidthF(c.validation ? 2.0 : 1.5);
        if (c.dashed) pen.setStyle(Qt::DashLine);
        lines_[i]->setPen(pen);
        dots_[i]->setColor(c.color);
        dots_[i]->setBorderColor(c.color);
        lines_[i]->replace(shown);
        dots_[i]->replace(c.validation ? shown : QList<QPointF>{});
        for (const QPointF& p : shown) {
            if (!std::isfinite(p.y())) continue;
            b.add(p);
        }
    }
    auto& [x0, x1, y0, y1, any] = b;
    if (x1 <= x0) x1 = x0 + 1;
    if (y1 <= y0) y1 = y0 + 1e-3;
    const double pad = (y1 - y0) * 0.08;
    x_->setRange(x0, x1);
    y_->setRange(std::max(0.0, y0 - pad), y1 + pad);
    y_->applyNiceNumbers();
}

void LossChart::retranslateUi() {
    x_->setTitleText(tr("optimizer step"));
}

void LossChart::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    if (event->type() == QEvent::PaletteChange) applyChartPalette(chart_, palette());
    QWidget::changeEvent(event);
}

} // namespace semcot::ui
