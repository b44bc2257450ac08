#include "projection_scatter.h"

#include "chart_palette.h"

#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QEvent>
#include <QScatterSeries>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <limits>

namespace semcot::ui {

ProjectionScatter::ProjectionScatter(QWidget* parent)
    : QWidget(parent) {
    chart_ = new QChart;
    chart_->setMargins(QMargins(4, 4, 4, 4));
    chart_->legend()->setAlignment(Qt::AlignBottom);
    sentences_ = new QScatterSeries;
    others_ = new QScatterSeries;
    current_ = new QScatterSeries;
    pooled_ = new QScatterSeries;
    sentences_->setColor(QColor(158, 158, 158, 140));
    sentences_->setBorderColor(Qt::transparent);
    sentences_->setMarkerSize(6);
    others_->setColor(QColor(255, 152, 0, 170));
    others_->setBorderColor(Qt::transparent);
    others_->setMarkerSize(9);
    current_->setColor(QColor(156, 39, 176));
    current_->setMarkerSize(14);
    pooled_->setColor(QColor(0, 150, 136));
    pooled_->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    pooled_->setMarkerSize(14);
    x_ = new QValueAxis;
    y_ = new QValueAxis;
    x_->setLabelFormat(QStringLiteral("%.2f"));
    y_->setLabelFormat(QStringLiteral("%.2f"));
    chart_->addAxis(x_, Qt::AlignBottom);
    chart_->addAxis(y_, Qt::AlignLeft);
    for (auto* s : {sentences_, others_, current_, pooled_}) {
        chart_->addSeries(s);
        s->attachAxis(x_);
        s->attachAxis(y_);
        connect(s, &QScatterSeries::hovered, this, [this, s](const QPointF& p, bool on) {
            if (on)
                QToolTip::showText(QCursor::pos(), labelNear(s, p), this);
            else
                QToolTip::hideText();
        });
    }
    auto* view = new QChartView(chart_, this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(260);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view);
    retranslateUi();
    applyChartPalette(chart_, palette());
}

void ProjectionScatter::setPoints(const QList<ScatterPointView>& points,
                                  const double explainedVariance[2]) {
    points_ = points;
    variance_[0] = explainedVariance[0];
    variance_[1] = explainedVariance[1];
    byseries_.clear();
    QList<QPointF> s, o, c, p;
    double x0 = std::numeric_limits<double>::max(), x1 = -x0, y0 = x0, y1 = -x0;
    for (const auto& pt : points) {
        QScatterSeries* series = pt.kind == QStringLiteral("sentence") ? sentences_
                                 : pt.kind == QStringLiteral("pooled")
                                     ? (pt.question == 0 ? pooled_ : others_)
                                 : pt.question == 0 ? current_
                                                    : others_;
        (series == sentences_ ? s
         : series == others_  ? o
         : series == current_ ? c
                              : p)
            << QPointF(pt.x, pt.y);
        byseries_[series] << pt;
        x0 = std::min(x0, pt.x);
        x1 = std::max(x1, pt.x);
        y0 = std::min(y0, pt.y);
        y1 = std::max(y1, pt.y);
    }
    sentences_->replace(s);
    others_->replace(o);
    current_->replace(c);
    pooled_->replace(p);
    if (points.isEmpty()) x0 = y0 = -1, x1 = y1 = 1;
    const double px = std::max(1e-6, (x1 - x0) * 0.06), py = std::max(1e-6, (y1 - y0) * 0.06);
    x_->setRange(x0 - px, x1 + px);
    y_->setRange(y0 - py, y1 + py);
    x_->applyNiceNumbers();
    y_->applyNiceNumbers();
    retranslateUi();
}

void ProjectionScatter::setEmptyTitle(const QString& title) {
    emptyTitle_ = title;
    retranslateUi();
}

QString ProjectionScatter::labelNear(QScatterSeries* series, const QPointF& value) const {
    const auto list = byseries_.value(series);
    QString best;
    double bestD = std::numeric_limits<double>::max();
    for (const auto& pt : list) {
        const double d =
            (pt.x - value.x()) * (pt.x - value.x()) + (pt.y - value.y()) * (pt.y - value.y());
        if (d < bestD) {
            bestD = d;
            best = pt.label;
        }
    }
    return best;
}

void ProjectionScatter::retranslateUi() {
    sentences_->setName(tr("bank sentences"));
    others_->setName(tr("other questions' tokens"));
    current_->setName(tr("this question's implicit tokens"));
    pooled_->setName(tr("this question, pooled"));
    chart_->setTitle(!points_.isEmpty()
                         ? tr("2-D projection (PCA) of ST embeddings; hover for the text")
                     : emptyTitle_.isEmpty() ? tr("2-D projection (PCA): ask a question first")
                                             : emptyTitle_);
    x_->setTitleText(tr("PC1 (%1% of variance)").arg(100 * variance_[0], 0, 'f', 1));
    y_->setTitleText(tr("PC2 (%1%)").arg(100 * variance_[1], 0, 'f', 1));
}

void ProjectionScatter::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    if (event->type() == QEvent::PaletteChange) applyChartPalette(chart_, palette());
    QWidget::changeEvent(event);
}

} // namespace semcot::ui
