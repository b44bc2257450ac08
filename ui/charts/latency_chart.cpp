#include "latency_chart.h"

#include "chart_palette.h"
#include "methods.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QHBoxLayout>
#include <QHorizontalStackedBarSeries>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace semcot::ui {

namespace {

QChartView* makeView(QChart* chart, QWidget* parent) {
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(4);
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto* view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(190);
    return view;
}

} // namespace

LatencyChart::LatencyChart(QWidget* parent)
    : QWidget(parent) {
    bars_ = new QChart;
    implicit_ = new QBarSet(QString());
    prefill_ = new QBarSet(QString());
    decode_ = new QBarSet(QString());
    implicit_->setColor(QColor(156, 39, 176));
    prefill_->setColor(QColor(255, 152, 0));
    decode_->setColor(QColor(33, 150, 243));
    for (auto* s : {implicit_, prefill_, decode_}) *s << 0 << 0;
    auto* series = new QHorizontalStackedBarSeries;
    series->append({implicit_, prefill_, decode_});
    series->setBarWidth(0.6);
    bars_->addSeries(series);
    categories_ = new QBarCategoryAxis;
    barValues_ = new QValueAxis;
    barValues_->setLabelFormat(QStringLiteral("%.0f"));
    barValues_->setRange(0, 1);
    bars_->addAxis(categories_, Qt::AlignLeft);
    bars_->addAxis(barValues_, Qt::AlignBottom);
    series->attachAxis(categories_);
    series->attachAxis(barValues_);

    lines_ = new QChart;
    cotLine_ = new QLineSeries;
    cotLine_->setColor(methodColor(QStringLiteral("cot")));
    cotLine_->setPointsVisible(true);
    cotLine_->setMarkerSize(8);
    lines_->addSeries(cotLine_);
    historyX_ = new QValueAxis;
    // Logarithmic: the explicit CoT and the implicit methods differ by 5-100x, and a linear axis
    // put the fast method's points on the axis line, half clipped.
    historyY_ = new QLogValueAxis;
    historyY_->setBase(10);
    historyY_->setMinorTickCount(0);
    historyX_->setLabelFormat(QStringLiteral("%d"));
    historyY_->setLabelFormat(QStringLiteral("%g"));
    historyX_->setRange(0, 2);
    historyX_->setTickType(QValueAxis::TicksDynamic);
    historyX_->setTickInterval(1);
    historyY_->setRange(1, 100);
    lines_->addAxis(historyX_, Qt::AlignBottom);
    lines_->addAxis(historyY_, Qt::AlignLeft);
    cotLine_->attachAxis(historyX_);
    cotLine_->attachAxis(historyY_);
    lineFor(barMethod_); // SemCoT's line is there from the start, as the default method's

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(makeView(bars_, this), 3);
    layout->addWidget(makeView(lines_, this), 2);
    retranslateUi();
    applyChartPalette(bars_, palette());
    applyChartPalette(lines_, palette());
}

QLineSeries* LatencyChart::lineFor(const QString& method) {
    if (QLineSeries* line = otherLines_.value(method)) return line;
    auto* line = new QLineSeries;
    line->setColor(methodColor(method));
    line->setPointsVisible(true);
    line->setMarkerSize(8);
    line->setName(methodLabel(method));
    lines_->addSeries(line);
    line->attachAxis(historyX_);
    line->attachAxis(historyY_);
    otherLines_.insert(method, line);
    return line;
}

void LatencyChart::addQuestion(const MethodOutcome& cot, const MethodOutcome& other) {
    // Row 0 is the explicit CoT, row 1 the other method (categories are drawn bottom-up).
    implicit_->replace(0, cot.implicitS * 1e3);
    prefill_->replace(0, cot.prefillS * 1e3);
    decode_->replace(0, cot.decodeS * 1e3);
    implicit_->replace(1, other.implicitS * 1e3);
    prefill_->replace(1, other.prefillS * 1e3);
    decode_->replace(1, other.decodeS * 1e3);
    barMethod_ = other.method.isEmpty() ? QStringLiteral("semcot") : other.method;
    retranslateUi(); // the second row's name
    const double top = std::max(cot.totalS, other.totalS) * 1e3;
    barValues_->setRange(0, std::max(1.0, top * 1.1));
    barValues_->applyNiceNumbers();
    history_.append({cot.totalS * 1e3, other.totalS * 1e3, barMethod_});
    updateHistory();
}

void LatencyChart::clearHistory() {
    history_.clear();
    updateHistory();
}

void LatencyChart::updateHistory() {
    QList<QPointF> c;
    QMap<QString, QList<QPointF>> others;
    double top = 0, bottom = 0;
    const double floor = 0.01; // ms: a log axis has no 0
    for (int i = 0; i < history_.size(); ++i) {
        const double cot = std::max(floor, history_[i].cotMs);
        const double other = std::max(floor, history_[i].otherMs);
        c << QPointF(i + 1, cot);
        others[history_[i].method] << QPointF(i + 1, other);
        top = std::max({top, cot, other});
        bottom = bottom > 0 ? std::min({bottom, cot, other}) : std::min(cot, other);
    }
    cotLine_->replace(c);
    // A line per method asked in this session; the legend lists only those (and SemCoT's,
    // the default, while the history is empty).
    if (history_.isEmpty()) others[QStringLiteral("semcot")];
    for (const QString& m : others.keys()) lineFor(m);
    for (auto it = otherLines_.begin(); it != otherLines_.end();) {
        if (!others.contains(it.key())) {
            lines_->removeSeries(it.value());
            delete it.value();
            it = otherLines_.erase(it);
        } else {
            it.value()->replace(others.value(it.key()));
            ++it;
        }
    }
    // Integer ticks with room on both sides, so the first and last points are not clipped.
    const int n = int(history_.size());
    historyX_->setRange(0, n + 1);
    historyX_->setTickType(QValueAxis::TicksDynamic);
    historyX_->setTickAnchor(0);
    historyX_->setTickInterval(std::max(1, (n + 7) / 8));
    // Whole decades around the points, so that no marker touches an edge.
    if (top <= 0) top = bottom = 10;
    historyY_->setRange(std::pow(10.0, std::floor(std::log10(bottom / 2))),
                        std::pow(10.0, std::ceil(std::log10(top * 2))));
    applyChartPalette(lines_, palette()); // the legend's new entries
}

QStringList LatencyChart::barCategories() const {
    return categories_->categories();
}

QStringList LatencyChart::historyLines() const {
    QStringList out{cotLine_->name()};
    for (auto* line : otherLines_) out << line->name();
    return out;
}

void LatencyChart::retranslateUi() {
    bars_->setTitle(tr("This question (ms)"));
    lines_->setTitle(tr("Session history: total ms per question"));
    implicit_->setLabel(barMethod_ == QStringLiteral("semcot") ||
                                barMethod_ == QStringLiteral("softcot")
                            ? tr("Implicit tokens")
                            : tr("Latent tokens"));
    prefill_->setLabel(tr("Prefill"));
    decode_->setLabel(tr("Decode"));
    categories_->setCategories({methodLabel(QStringLiteral("cot")), methodLabel(barMethod_)});
    cotLine_->setName(methodLabel(QStringLiteral("cot")));
    for (auto it = otherLines_.begin(); it != otherLines_.end(); ++it)
        it.value()->setName(methodLabel(it.key()));
    historyX_->setTitleText(tr("question"));
}

void LatencyChart::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    if (event->type() == QEvent::PaletteChange) {
        applyChartPalette(bars_, palette());
        applyChartPalette(lines_, palette());
    }
    QWidget::changeEvent(event);
}

} // namespace semcot::ui
