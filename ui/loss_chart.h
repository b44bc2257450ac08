// Live loss curves of one training stage: train loss per step (raw or EMA-smoothed) and the
// validation loss per epoch. Points are buffered by the caller and set with setPoints(), which
// calls QXYSeries::replace once (never append per step).
#pragma once

#include <QList>
#include <QPointF>
#include <QWidget>

class QChart;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace semcot::ui {

class LossChart final : public QWidget {
    Q_OBJECT
public:
    explicit LossChart(QWidget* parent = nullptr);

    void setTitle(const QString& title);
    // Train points (step, loss) and validation points (step, loss).
    void setPoints(const QList<QPointF>& train, const QList<QPointF>& validation);
    // Exponential moving average of the train curve; 0 turns smoothing off.
    void setSmoothing(double alpha);
    int trainPointCount() const;

    // Pure helper, exposed for tests: EMA with bias correction (alpha in (0, 1)).
    static QList<QPointF> ema(const QList<QPointF>& points, double alpha);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void refresh();

    QChart* chart_ = nullptr;
    QLineSeries* train_ = nullptr;
    QLineSeries* validation_ = nullptr;
    QScatterSeries* validationDots_ = nullptr;
    QValueAxis* x_ = nullptr;
    QValueAxis* y_ = nullptr;
    QList<QPointF> rawTrain_, rawValidation_;
    double alpha_ = 0.1;
};

} // namespace semcot::ui
