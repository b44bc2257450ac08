// Latency of the explicit CoT and SemCoT for the current question (stacked bars: implicit
// generation, prefill, decode) and for every question of the session (history lines).
#pragma once

#include "studio_types.h"

#include <QWidget>

class QChart;
class QChartView;
class QBarSet;
class QBarCategoryAxis;
class QHorizontalStackedBarSeries;
class QLineSeries;
class QValueAxis;

namespace semcot::ui {

class LatencyChart final : public QWidget {
    Q_OBJECT
public:
    explicit LatencyChart(QWidget* parent = nullptr);

    // Shows one question's timings and appends them to the history.
    void addQuestion(const MethodOutcome& cot, const MethodOutcome& semcot);
    void clearHistory();
    int historySize() const { return int(history_.size()); }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void updateHistory();

    QChart* bars_ = nullptr;
    QChart* lines_ = nullptr;
    QBarSet* implicit_ = nullptr;
    QBarSet* prefill_ = nullptr;
    QBarSet* decode_ = nullptr;
    QBarCategoryAxis* categories_ = nullptr;
    QValueAxis* barValues_ = nullptr;
    QLineSeries* cotLine_ = nullptr;
    QLineSeries* semcotLine_ = nullptr;
    QValueAxis* historyX_ = nullptr;
    QValueAxis* historyY_ = nullptr;
    QList<QPair<double, double>> history_; // (cot total ms, semcot total ms)
};

} // namespace semcot::ui
