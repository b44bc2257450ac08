// The Evaluation view's summary table, bar charts and sample table: what they show of an
// evaluation (evaluation_view.cpp: the view, its controls and its jobs).
#include "evaluation_view.h"

#include "chart_palette.h"
#include "methods.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QValueAxis>

#include <algorithm>

namespace semcot::ui {

namespace {

// A bar series with the method names along x and 0..max up the y axis.
void addBarAxes(QChart* chart, QBarSeries* series, const QStringList& names, double max,
                const QString& title) {
    chart->addSeries(series);
    auto* x = new QBarCategoryAxis;
    // Many methods leave each name little room: a name of two words takes two lines, so it is
    // not cut ("Explicit CoT", not "Explici...").
    QStringList shown = names;
    if (names.size() > 5)
        for (QString& n : shown) n = n.toHtmlEscaped().replace(u' ', QStringLiteral("<br>"));
    x->append(shown);
    auto* y = new QValueAxis;
    y->setRange(0, max);
    y->setLabelFormat(QStringLiteral("%.0f"));
    y->applyNiceNumbers();
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    chart->setTitle(title);
}

// A right-aligned number that sorts by value, not by text.
class NumberItem final : public QTableWidgetItem {
public:
    NumberItem(double v, const QString& text)
        : QTableWidgetItem(text)
        , value_(v) {
        setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    bool operator<(const QTableWidgetItem& other) const override {
        if (const auto* n = dynamic_cast<const NumberItem*>(&other)) return value_ < n->value_;
        return QTableWidgetItem::operator<(other);
    }

private:
    double value_;
};

QTableWidgetItem* number(double v, int decimals, const QString& suffix = {}) {
    return new NumberItem(v, QString::number(v, 'f', decimals) + suffix);
}

} // namespace

void EvaluationView::fillSummary() {
    const EvalData& data = data_;
    summary_->setRowCount(int(data.methods.size()));
    for (int row = 0; row < data.methods.size(); ++row) {
        const EvalMethodRow& m = data.methods[row];
        auto* name = new QTableWidgetItem(methodLabel(m.method));
        name->setData(Qt::UserRole, m.method);
        summary_->setItem(row, 0, name);
        summary_->setItem(row, 1,
                          new QTableWidgetItem(QStringLiteral("%1 / %2").arg(m.correct).arg(m.n)));
        summary_->setItem(row, 2,
                          new QTableWidgetItem(QStringLiteral("%1% [%2, %3]")
                                                   .arg(100 * m.accuracy, 0, 'f', 1)
                                                   .arg(100 * m.ciLow, 0, 'f', 1)
                                                   .arg(100 * m.ciHigh, 0, 'f', 1)));
        summary_->setItem(row, 3, number(1e3 * m.meanLatencyS, 1));
        summary_->setItem(row, 4, number(1e3 * m.medianLatencyS, 1));
        summary_->setItem(row, 5, number(1e3 * m.meanImplicitS, 2));
        summary_->setItem(row, 6, number(m.meanNewTokens, 1));
        summary_->setItem(row, 7,
                          m.speedup > 0 ? number(m.speedup, 2, QStringLiteral("x"))
                                        : new QTableWidgetItem(QStringLiteral("-")));
    }
    // Every method's row shows (all eight without scrolling).
    int height = summary_->horizontalHeader()->sizeHint().height() + 2 * summary_->frameWidth();
    for (int row = 0; row < std::min(summary_->rowCount(), 9); ++row)
        height += summary_->verticalHeader()->sectionSize(row);
    summary_->setFixedHeight(
        std::max(summary_->verticalHeader()->defaultSectionSize() * 3, height + 2));
}

void EvaluationView::drawCharts() {
    const EvalData& data = data_;
    // Bar charts: accuracy (%) and latency (mean, median ms) per method.
    accuracyChart_->removeAllSeries();
    latencyChart_->removeAllSeries();
    for (auto* chart : {accuracyChart_, latencyChart_})
        for (auto* axis : chart->axes()) {
            chart->removeAxis(axis);
            delete axis;
        }
    QStringList names;
    auto* acc = new QBarSet(tr("accuracy %"));
    auto* low = new QBarSet(tr("95% CI low"));
    auto* mean = new QBarSet(tr("mean ms"));
    auto* median = new QBarSet(tr("median ms"));
    acc->setColor(QColor(0, 150, 136));
    low->setColor(QColor(178, 223, 219));
    mean->setColor(QColor(33, 150, 243));
    median->setColor(QColor(144, 202, 249));
    double top = 1;
    for (const auto& m : data.methods) {
        names << methodLabel(m.method);
        *acc << 100 * m.accuracy;
        *low << 100 * m.ciLow;
        *mean << 1e3 * m.meanLatencyS;
        *median << 1e3 * m.medianLatencyS;
        top = std::max(top, 1e3 * m.meanLatencyS);
    }
    auto* accSeries = new QBarSeries;
    accSeries->append(acc);
    accSeries->append(low);
    auto* latSeries = new QBarSeries;
    latSeries->append(mean);
    latSeries->append(median);
    addBarAxes(accuracyChart_, accSeries, names, 100,
               tr("Accuracy (%) with the lower end of its 95% interval"));
    addBarAxes(latencyChart_, latSeries, names, top * 1.1, tr("Latency per question (ms)"));
    applyChartPalette(accuracyChart_, palette());
    applyChartPalette(latencyChart_, palette());
}

void EvaluationView::fillSamples() {
    const int which = filter_->currentData().toInt(); // 0 all, 1 correct, 2 incorrect
    const QString method = methodFilter_->currentData().toString();
    samples_->setSortingEnabled(false);
    samples_->setRowCount(0);
    for (const auto& s : data_.samples) {
        if (which == 1 && !s.correct) continue;
        if (which == 2 && s.correct) continue;
        if (!method.isEmpty() && s.method != method) continue;
        const int row = samples_->rowCount();
        samples_->insertRow(row);
        samples_->setItem(row, 0, number(double(s.index + 1), 0));
        samples_->setItem(row, 1, new QTableWidgetItem(methodLabel(s.method)));
        auto* q = new QTableWidgetItem(s.query.simplified());
        q->setData(Qt::UserRole, s.query);
        q->setToolTip(s.query);
        samples_->setItem(row, 2, q);
        samples_->setItem(row, 3, new QTableWidgetItem(s.gold));
        auto* got = new QTableWidgetItem(QStringLiteral("%1 %2").arg(
            s.correct ? QStringLiteral("\u2714") : QStringLiteral("\u2718"),
            s.extracted.isEmpty() ? tr("(none)") : s.extracted));
        got->setForeground(s.correct ? QColor(46, 125, 50) : QColor(198, 40, 40));
        got->setToolTip(s.output);
        samples_->setItem(row, 4, got);
        samples_->setItem(row, 5, number(1e3 * s.totalS, 1));
    }
    samples_->setSortingEnabled(true);
    if (samples_->horizontalHeader()->sortIndicatorSection() == 0)
        samples_->sortByColumn(0, samples_->horizontalHeader()->sortIndicatorOrder());
    samples_->resizeColumnToContents(0);
    samples_->resizeColumnToContents(1);
    samples_->setColumnWidth(2, std::max(300, samples_->width() / 2));
}

} // namespace semcot::ui
