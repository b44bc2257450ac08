// Training curves of several runs overlaid, TensorBoard-style: for each run its raw curve,
// faint, and the curve smoothed with TensorBoard's debiased EMA (eval/smoothing.h), solid, in
// the run's colour; a linear or logarithmic loss axis. Curves are set whole with setCurves()
// (QXYSeries::replace once per series).
#pragma once

#include <QColor>
#include <QList>
#include <QPointF>
#include <QWidget>

class QAbstractAxis;
class QChart;
class QLineSeries;
class QValueAxis;

namespace semcot::ui {

struct RunCurve {
    QString name;          // the legend's text: the run's name
    QList<QPointF> points; // (step or epoch, loss), x ascending
    QColor color;
};

class RunCurvesChart final : public QWidget {
    Q_OBJECT
public:
    explicit RunCurvesChart(QWidget* parent = nullptr);

    void setCurves(const QList<RunCurve>& curves);
    // TensorBoard's smoothing weight in [0, 1): 0 draws the raw values.
    void setSmoothing(double weight);
    double smoothing() const { return weight_; }
    // Logarithmic loss axis (points <= 0 are left out there).
    void setLogScale(bool on);
    bool logScale() const { return log_; }
    void setAxisTitles(const QString& x, const QString& y);
    void setTitle(const QString& title);

    // For tests: one raw and one smoothed series per curve, in curve order.
    const QList<QLineSeries*>& rawSeries() const { return raw_; }
    const QList<QLineSeries*>& smoothedSeries() const { return smoothed_; }
    QAbstractAxis* lossAxis() const { return y_; }

    // A distinct colour for the i-th run of an overlay.
    static QColor runColor(int i);

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    void replaceLossAxis();

    QChart* chart_ = nullptr;
    QValueAxis* x_ = nullptr;
    QAbstractAxis* y_ = nullptr;
    QList<QLineSeries*> raw_, smoothed_;
    QList<RunCurve> curves_;
    QString yTitle_;
    double weight_ = 0.6;
    bool log_ = false;
};

} // namespace semcot::ui
