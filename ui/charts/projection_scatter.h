// The 2-D projection (PCA) of implicit tokens and bank sentences in the sentence-transformer
// space: sentences grey, the current question's tokens highlighted, other questions' tokens
// faint; hovering a point shows its text.
#pragma once

#include "studio_types.h"

#include <QWidget>

class QChart;
class QScatterSeries;
class QValueAxis;

namespace semcot::ui {

class ProjectionScatter final : public QWidget {
    Q_OBJECT
public:
    explicit ProjectionScatter(QWidget* parent = nullptr);

    void setPoints(const QList<ScatterPointView>& points, const double explainedVariance[2]);
    // The title while there are no points ("" = "ask a question first").
    void setEmptyTitle(const QString& title);
    // The label of the point of `series` nearest to `value` (chart coordinates).
    QString labelNear(QScatterSeries* series, const QPointF& value) const;
    int pointCount() const { return int(points_.size()); }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    QChart* chart_ = nullptr;
    QScatterSeries* sentences_ = nullptr;
    QScatterSeries* others_ = nullptr;
    QScatterSeries* current_ = nullptr;
    QScatterSeries* pooled_ = nullptr;
    QValueAxis* x_ = nullptr;
    QValueAxis* y_ = nullptr;
    QHash<QScatterSeries*, QList<ScatterPointView>> byseries_;
    QList<ScatterPointView> points_;
    double variance_[2] = {0, 0};
    QString emptyTitle_;
};

} // namespace semcot::ui
