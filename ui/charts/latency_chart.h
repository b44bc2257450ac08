// Latency of the explicit CoT and the method beside it (SemCoT, No-CoT or a baseline) for the
// current question (stacked bars: latent tokens, prefill, decode) and for every question of
// the session (history lines: the explicit CoT and one line per method asked).
#pragma once

#include "studio_types.h"

#include <QMap>
#include <QWidget>

class QChart;
class QChartView;
class QBarSet;
class QBarCategoryAxis;
class QHorizontalStackedBarSeries;
class QLineSeries;
class QLogValueAxis;
class QValueAxis;

namespace semcot::ui {

class LatencyChart final : public QWidget {
    Q_OBJECT
public:
    explicit LatencyChart(QWidget* parent = nullptr);

    // Shows one question's timings and appends them to the history; `other.method` names the
    // method beside the explicit CoT.
    void addQuestion(const MethodOutcome& cot, const MethodOutcome& other);
    void clearHistory();
    int historySize() const { return int(history_.size()); }
    // The bars' two rows ("Explicit CoT", the other method's label) and the history's line
    // names, for tests.
    QStringList barCategories() const;
    QStringList historyLines() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Entry {
        double cotMs = 0, otherMs = 0;
        QString method; // the other method
    };
    void retranslateUi();
    void updateHistory();
    QLineSeries* lineFor(const QString& method);

    QChart* bars_ = nullptr;
    QChart* lines_ = nullptr;
    QBarSet* implicit_ = nullptr;
    QBarSet* prefill_ = nullptr;
    QBarSet* decode_ = nullptr;
    QBarCategoryAxis* categories_ = nullptr;
    QValueAxis* barValues_ = nullptr;
    QLineSeries* cotLine_ = nullptr;
    QMap<QString, QLineSeries*> otherLines_; // by method name, created when first asked
    QValueAxis* historyX_ = nullptr;
    QLogValueAxis* historyY_ = nullptr;
    QList<Entry> history_;
    QString barMethod_ = QStringLiteral("semcot"); // the bars' second row
};

} // namespace semcot::ui
