#include "loss_chart.h"

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
    train_ = new QLineSeries;
    validation_ = new QLineSeries;
    validationDots_ = new QScatterSeries;
    train_->setColor(QColor(33, 150, 243));
    validation_->setColor(QColor(233, 30, 99));
    validationDots_->setColor(QColor(233, 30, 99));
    validationDots_->setMarkerSize(8);
    QPen pen = validation_->pen();
    pen.setWidth(2);
    validation_->setPen(pen);
    chart_->addSeries(train_);
    chart_->addSeries(validation_);
    chart_->addSeries(validationDots_);
    x_ = new QValueAxis;
    y_ = new QValueAxis;
    x_->setLabelFormat(QStringLiteral("%d"));
    y_->setLabelFormat(QStringLiteral("%.3g"));
    chart_->addAxis(x_, Qt::AlignBottom);
    chart_->addAxis(y_, Qt::AlignLeft);
    for (auto* s : {static_cast<QXYSeries*>(train_), static_cast<QXYSeries*>(validation_),
                    static_cast<QXYSeries*>(validationDots_)}) {
        s->attachAxis(x_);
        s->attachAxis(y_);
    }
    chart_->legend()->markers(validationDots_).first()->setVisible(false);
    auto* view = new QChartView(chart_, this);
    view->setRenderHint(QPainter::Antialiasing);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view);
    retranslateUi();
    refresh();
}

void LossChart::setTitle(const QString& title) {
    chart_->setTitle(title);
}

void LossChart::setPoints(const QList<QPointF>& train, const QList<QPointF>& validation) {
    rawTrain_ = train;
    rawValidation_ = validation;
    refresh();
}

void LossChart::setSmoothing(double alpha) {
    alpha_ = alpha;
    refresh();
}

int LossChart::trainPointCount() const {
    return int(train_->count());
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
    const QList<QPointF> shown = alpha_ > 0 && alpha_ < 1 ? ema(rawTrain_, alpha_) : rawTrain_;
    train_->replace(shown);
    validation_->replace(rawValidation_);
    validationDots_->replace(rawValidation_);
    double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    bool any = false;
    for (const QList<QPointF>* list :
         std::initializer_list<const QList<QPointF>*>{&shown, &rawValidation_})
        for (const QPointF& p : *list) {
            if (!std::isfinite(p.y())) continue;
            if (!any) {
                x0 = x1 = p.x();
                y0 = y1 = p.y();
                any = true;
            }
            x0 = std::min(x0, p.x());
            x1 = std::max(x1, p.x());
            y0 = std::min(y0, p.y());
            y1 = std::max(y1, p.y());
        }
    if (x1 <= x0) x1 = x0 + 1;
    if (y1 <= y0) y1 = y0 + 1e-3;
    const double pad = (y1 - y0) * 0.08;
    x_->setRange(x0, x1);
    y_->setRange(std::max(0.0, y0 - pad), y1 + pad);
}

void LossChart::retranslateUi() {
    train_->setName(tr("train loss"));
    validation_->setName(tr("validation loss"));
    x_->setTitleText(tr("optimizer step"));
}

void LossChart::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

} // namespace semcot::ui
