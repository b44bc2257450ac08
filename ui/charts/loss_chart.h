// Live loss curves of one training stage: train losses per step (raw or EMA-smoothed) and
// validation losses per epoch (line with dots). The contemplation generator's stages also have
// the parts of the loss (reasoning alignment, answer cross-entropy). Points are buffered by the
// caller and set with setCurves(), which calls QXYSeries::replace once per curve.
#pragma once

#include <QColor>
#include <QList>
#include <QPointF>
#include <QWidget>

class QChart;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace semcot::ui {

struct LossCurve {
    QString name;
    QList<QPointF> points; // (step, loss)
    QColor color;
    bool validation = false; // drawn with dots, never smoothed
    bool dashed = false;
};

class LossChart final : public QWidget {
    Q_OBJECT
public:
    explicit LossChart(QWidget* parent = nullptr);

    void setTitle(const QString& title);
    void setCurves(const QList<LossCurve>& curves);
    // Exponential moving average of the train curves; 0 turns smoothing off.
    void setSmoothing(double alpha);
    // Points shown in the first curve (the train loss), for tests.
    int trainPointCount() const;

    // Pure helper, exposed for tests: EMA with bias correction (alpha in (0, 1)).
    static QList<QPointF> ema(const QList<QPointF>& points, double alpha);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void refresh();

    QChart* chart_ = nullptr;
    QList<QLineSeries*> lines_;
    QList<QScatterSeries*> dots_;
    QValueAxis* x_ = nullptr;
    QValueAxis* y_ = nullptr;
    QList<LossCurve> curves_;
    double alpha_ = 0.1;
};

} // namespace semcot::ui
