#include "evaluation_analysis.h"

#include "methods.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>

namespace semcot::ui {

namespace {

QTableWidgetItem* cell(const QString& text, bool number = false) {
    auto* item = new QTableWidgetItem(text);
    if (number) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QString percent(double fraction) {
    return QString::number(100 * fraction, 'f', 1) + u'%';
}

// "+12.5 pts [3.1, 21.0]"
QString points(double d, double low, double high) {
    return QStringLiteral("%1%2 [%3, %4]")
        .arg(d >= 0 ? QStringLiteral("+") : QString())
        .arg(100 * d, 0, 'f', 1)
        .arg(100 * low, 0, 'f', 1)
        .arg(100 * high, 0, 'f', 1);
}

QString milliseconds(double mean, double sd) {
    return QStringLiteral("%1 \u00b1 %2").arg(1e3 * mean, 0, 'f', 1).arg(1e3 * sd, 0, 'f', 1);
}

QString pValue(double p) {
    return p < 1e-4 ? QStringLiteral("< 0.0001") : QString::number(p, 'g', 3);
}

void setUpTable(QTableWidget* t) {
    t->verticalHeader()->setVisible(false);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 6);
}

} // namespace

PairedTable::PairedTable(QWidget* parent)
    : QTableWidget(0, 10, parent) {
    setObjectName(QStringLiteral("pairedTable"));
    setUpTable(this);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    // The methods' names and the interval are read whole; the counts share what is left.
    horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    horizontalHeader()->setSectionResizeMode(7, QHeaderView::ResizeToContents);
    retranslateUi();
}

void PairedTable::setPairs(const QList<EvalPairRow>& pairs) {
    pairs_ = pairs;
    fill();
}

void PairedTable::fill() {
    setRowCount(int(pairs_.size()));
    for (int row = 0; row < pairs_.size(); ++row) {
        const EvalPairRow& p = pairs_[row];
        auto* name = cell(tr("%1 vs %2").arg(methodLabel(p.a), methodLabel(p.b)));
        name->setData(Qt::UserRole, p.b);
        setItem(row, 0, name);
        setItem(row, 1, cell(QString::number(p.n), true));
        setItem(row, 2, cell(percent(p.accuracyA), true));
        setItem(row, 3, cell(percent(p.accuracyB), true));
        setItem(row, 4, cell(QString::number(p.onlyA), true));
        setItem(row, 5, cell(QString::number(p.onlyB), true));
        auto* p_item = cell(pValue(p.pValue), true);
        p_item->setToolTip(
            p.exact ? tr("Exact binomial McNemar test on the %1 questions only one method got "
                         "right (fewer than 25).")
                          .arg(p.onlyA + p.onlyB)
                    : tr("McNemar chi-square test with continuity correction on the %1 questions "
                         "only one method got right.")
                          .arg(p.onlyA + p.onlyB));
        setItem(row, 6, p_item);
        auto* diff = cell(points(p.difference, p.diffLow, p.diffHigh), true);
        diff->setToolTip(tr("Accuracy of %1 minus %2, in percentage points, with the 95% paired "
                            "bootstrap interval.")
                             .arg(methodLabel(p.a), methodLabel(p.b)));
        setItem(row, 7, diff);
        setItem(row, 8, cell(milliseconds(p.latencyMeanA, p.latencySdA), true));
        setItem(row, 9, cell(milliseconds(p.latencyMeanB, p.latencySdB), true));
    }
    int height = horizontalHeader()->sizeHint().height() + 2 * frameWidth() + 2;
    for (int row = 0; row < std::min(rowCount(), 7); ++row)
        height += verticalHeader()->sectionSize(row);
    setFixedHeight(std::max(verticalHeader()->defaultSectionSize() * 2, height));
}

void PairedTable::retranslateUi() {
    setHorizontalHeaderLabels({tr("Paired on the same questions: A vs B"), tr("n"),
                               tr("Accuracy A"), tr("Accuracy B"), tr("A only"), tr("B only"),
                               tr("McNemar p"), tr("A - B [95% CI]"), tr("A ms \u00b1 sd"),
                               tr("B ms \u00b1 sd")});
    horizontalHeaderItem(4)->setToolTip(tr("Questions A answered right and B wrong"));
    horizontalHeaderItem(8)->setToolTip(tr("Latency of A per question: mean \u00b1 sd, ms"));
    horizontalHeaderItem(9)->setToolTip(tr("Latency of B per question: mean \u00b1 sd, ms"));
    horizontalHeaderItem(5)->setToolTip(tr("Questions B answered right and A wrong"));
    fill();
}

FailureBrowser::FailureBrowser(QWidget* parent)
    : QWidget(parent) {
    createWidgets();
    layOut();
    connectWidgets();
    retranslateUi();
}

void FailureBrowser::createWidgets() {
    methodLabel_ = new QLabel(this);
    method_ = new QComboBox(this);
    method_->setObjectName(QStringLiteral("failureMethod"));
    slicingLabel_ = new QLabel(this);
    slicing_ = new QComboBox(this);
    slicing_->setObjectName(QStringLiteral("failureSlicing"));
    compareLabel_ = new QLabel(this);
    compare_ = new QComboBox(this);
    compare_->setObjectName(QStringLiteral("failureCompare"));
    slicesTitle_ = new QLabel(this);
    confusionTitle_ = new QLabel(this);
    listLabel_ = new QLabel(this);
    slices_ = new QTableWidget(0, 4, this);
    slices_->setObjectName(QStringLiteral("sliceTable"));
    setUpTable(slices_);
    slices_->setSelectionBehavior(QAbstractItemView::SelectRows);
    slices_->setSelectionMode(QAbstractItemView::SingleSelection);
    slices_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    confusion_ = new QTableWidget(0, 0, this);
    confusion_->setObjectName(QStringLiteral("confusionTable"));
    setUpTable(confusion_);
    confusion_->verticalHeader()->setVisible(true);
    confusion_->setSelectionMode(QAbstractItemView::SingleSelection);
    confusion_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    questions_ = new QTableWidget(0, 5, this);
    questions_->setObjectName(QStringLiteral("sliceQuestions"));
    setUpTable(questions_);
    questions_->setSelectionBehavior(QAbstractItemView::SelectRows);
    questions_->setSelectionMode(QAbstractItemView::SingleSelection);
    questions_->setAlternatingRowColors(true);
    questions_->setWordWrap(false);
    questions_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    open_ = new QPushButton(this);
    open_->setObjectName(QStringLiteral("openInAsk"));
    open_->setEnabled(false);
}

// Choices on top; the slice and confusion tables side by side over the questions they list.
void FailureBrowser::layOut() {
    auto* choices = new QHBoxLayout;
    choices->addWidget(methodLabel_);
    choices->addWidget(method_);
    choices->addWidget(slicingLabel_);
    choices->addWidget(slicing_);
    choices->addSpacing(12);
    choices->addWidget(compareLabel_);
    choices->addWidget(compare_);
    choices->addStretch(1);
    choices->addWidget(open_);
    auto* tables = new QWidget(this);
    auto* grid = new QGridLayout(tables);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(slicesTitle_, 0, 0);
    grid->addWidget(confusionTitle_, 0, 1);
    grid->addWidget(slices_, 1, 0);
    grid->addWidget(confusion_, 1, 1);
    auto* list = new QWidget(this);
    auto* listLayout = new QVBoxLayout(list);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(listLabel_);
    listLayout->addWidget(questions_, 1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(tables);
    split->addWidget(list);
    split->setChildrenCollapsible(false);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(choices);
    layout->addWidget(split, 1);
}

void FailureBrowser::connectWidgets() {
    connect(method_, &QComboBox::currentIndexChanged, this, [this] {
        fillSlicings();
        fillConfusion();
        listSamples({}, QString());
    });
    connect(slicing_, &QComboBox::currentIndexChanged, this, [this] {
        fillSlices();
        listSamples({}, QString());
    });
    connect(compare_, &QComboBox::currentIndexChanged, this, [this] {
        const QList<int> listed = listed_; // listSamples clears listed_
        listSamples(listed, listTitle_);
    });
    connect(slices_, &QTableWidget::cellClicked, this, [this](int row, int) { listSlice(row); });
    connect(confusion_, &QTableWidget::cellClicked, this, [this](int g, int p) {
        for (const EvalConfusion& c : data_.confusion)
            if (c.method == method_->currentData().toString() && g < c.gold.size() &&
                p < c.predicted.size()) {
                slices_->clearSelection();
                listSamples(c.samples[g][p],
                            tr("gold %1, answered %2").arg(c.gold[g], c.predicted[p]));
            }
    });
    connect(questions_, &QTableWidget::itemSelectionChanged, this,
            [this] { open_->setEnabled(questions_->currentRow() >= 0 && !listed_.isEmpty()); });
    connect(questions_, &QTableWidget::cellDoubleClicked, this, [this] { openSelected(); });
    connect(open_, &QPushButton::clicked, this, &FailureBrowser::openSelected);
}

void FailureBrowser::listSlice(int row) {
    for (const EvalSliceTable& t : data_.slices)
        if (t.method == method_->currentData().toString() &&
            t.by == slicing_->currentData().toString() && row >= 0 && row < t.rows.size()) {
            confusion_->clearSelection();
            listSamples(t.rows[row].samples,
                        tr("%1 = %2").arg(slicing_->currentText(), t.rows[row].slice));
        }
}

bool FailureBrowser::listWorstSlice() {
    int worst = -1;
    for (int row = 0; row < slices_->rowCount(); ++row)
        if (worst < 0 || slices_->item(row, 3)->data(Qt::UserRole).toDouble() <
                             slices_->item(worst, 3)->data(Qt::UserRole).toDouble())
            worst = row;
    if (worst < 0) return false;
    slices_->selectRow(worst);
    listSlice(worst);
    return true;
}

void FailureBrowser::setData(const EvalData& data) {
    data_ = data;
    fillChoices();
}

// The methods evaluated, in table order; the second method: none or another one.
void FailureBrowser::fillChoices() {
    const QString method = method_->currentData().toString();
    const QString other = compare_->currentData().toString();
    const QSignalBlocker b1(method_), b2(compare_);
    method_->clear();
    compare_->clear();
    compare_->addItem(tr("none"), QString());
    for (const EvalMethodRow& m : data_.methods) {
        method_->addItem(methodLabel(m.method), m.method);
        compare_->addItem(methodLabel(m.method), m.method);
    }
    // SemCoT first when evaluated, as the paired table.
    int i = method_->findData(method.isEmpty() ? QStringLiteral("semcot") : method);
    if (i < 0) i = method_->findData(QStringLiteral("semcot"));
    method_->setCurrentIndex(std::max(0, i));
    compare_->setCurrentIndex(std::max(0, compare_->findData(other)));
    fillSlicings();
    fillConfusion();
    listSamples({}, QString());
}

// "answer", "length" and the task's features, for the chosen method.
static QString slicingLabel(const QString& by) {
    if (by == QStringLiteral("answer")) return FailureBrowser::tr("gold answer");
    if (by == QStringLiteral("length")) return FailureBrowser::tr("question length");
    if (by.startsWith(QStringLiteral("feature:")))
        return FailureBrowser::tr("feature: %1").arg(by.mid(8));
    return by;
}

void FailureBrowser::fillSlicings() {
    const QString was = slicing_->currentData().toString();
    const QSignalBlocker block(slicing_);
    slicing_->clear();
    for (const EvalSliceTable& t : data_.slices)
        if (t.method == method_->currentData().toString())
            slicing_->addItem(slicingLabel(t.by), t.by);
    // A task feature says most about where a method fails: the first one, unless one was chosen.
    int i = slicing_->findData(was);
    for (int k = 0; i < 0 && k < slicing_->count(); ++k)
        if (slicing_->itemData(k).toString().startsWith(QStringLiteral("feature:"))) i = k;
    slicing_->setCurrentIndex(std::max(0, i));
    fillSlices();
}

void FailureBrowser::fillSlices() {
    slices_->setRowCount(0);
    for (const EvalSliceTable& t : data_.slices) {
        if (t.method != method_->currentData().toString() ||
            t.by != slicing_->currentData().toString())
            continue;
        slices_->setRowCount(int(t.rows.size()));
        for (int row = 0; row < t.rows.size(); ++row) {
            const EvalSliceRow& r = t.rows[row];
            slices_->setItem(row, 0, cell(r.slice));
            slices_->setItem(row, 1, cell(QString::number(r.n), true));
            slices_->setItem(row, 2, cell(QStringLiteral("%1 / %2").arg(r.correct).arg(r.n), true));
            auto* acc = cell(QStringLiteral("%1 [%2, %3]")
                                 .arg(percent(r.accuracy))
                                 .arg(100 * r.ciLow, 0, 'f', 1)
                                 .arg(100 * r.ciHigh, 0, 'f', 1),
                             true);
            acc->setData(Qt::UserRole, r.accuracy);
            if (r.accuracy < 0.5) acc->setForeground(QColor(198, 40, 40));
            slices_->setItem(row, 3, acc);
        }
    }
}

void FailureBrowser::fillConfusion() {
    confusion_->clear();
    confusion_->setRowCount(0);
    confusion_->setColumnCount(0);
    for (const EvalConfusion& c : data_.confusion) {
        if (c.method != method_->currentData().toString()) continue;
        confusion_->setRowCount(int(c.gold.size()));
        confusion_->setColumnCount(int(c.predicted.size()));
        QStringList rows, columns;
        for (const QString& g : c.gold) rows << tr("gold %1").arg(g);
        for (const QString& p : c.predicted) columns << tr("answered %1").arg(p);
        confusion_->setVerticalHeaderLabels(rows);
        confusion_->setHorizontalHeaderLabels(columns);
        for (int g = 0; g < c.gold.size(); ++g)
            for (int p = 0; p < c.predicted.size(); ++p) {
                auto* item = cell(QString::number(c.count(g, p)), true);
                if (c.count(g, p) > 0)
                    item->setForeground(c.gold[g] == c.predicted[p] ? QColor(46, 125, 50)
                                                                    : QColor(198, 40, 40));
                confusion_->setItem(g, p, item);
            }
    }
}

int FailureBrowser::sampleOf(qint64 index, const QString& method) const {
    for (int i = 0; i < data_.samples.size(); ++i)
        if (data_.samples[i].index == index && data_.samples[i].method == method) return i;
    return -1;
}

// The questions at `positions`: the chosen method's answer and, if one is chosen, the second
// method's answer to the same question.
void FailureBrowser::listSamples(const QList<int>& positions, const QString& title) {
    listed_.clear();
    listTitle_ = title;
    const QString other = compare_->currentData().toString();
    questions_->setRowCount(0);
    questions_->setColumnHidden(4, other.isEmpty());
    questions_->setHorizontalHeaderItem(
        3, new QTableWidgetItem(tr("Answer (%1)").arg(method_->currentText())));
    questions_->setHorizontalHeaderItem(
        4, new QTableWidgetItem(tr("Answer (%1)").arg(compare_->currentText())));
    for (int pos : positions) {
        if (pos < 0 || pos >= data_.samples.size()) continue;
        const EvalSampleRow& s = data_.samples[pos];
        const int row = questions_->rowCount();
        questions_->insertRow(row);
        listed_ << pos;
        questions_->setItem(row, 0, cell(QString::number(s.index + 1), true));
        auto* q = cell(s.query.simplified());
        q->setToolTip(s.query);
        questions_->setItem(row, 1, q);
        questions_->setItem(row, 2, cell(s.gold));
        auto answer = [](const EvalSampleRow& r) {
            auto* item = cell(QStringLiteral("%1 %2").arg(
                r.correct ? QStringLiteral("\u2714") : QStringLiteral("\u2718"),
                r.extracted.isEmpty() ? FailureBrowser::tr("(none)") : r.extracted));
            item->setForeground(r.correct ? QColor(46, 125, 50) : QColor(198, 40, 40));
            item->setToolTip(r.output);
            return item;
        };
        questions_->setItem(row, 3, answer(s));
        const int o = other.isEmpty() ? -1 : sampleOf(s.index, other);
        questions_->setItem(row, 4, o < 0 ? cell(QStringLiteral("-")) : answer(data_.samples[o]));
    }
    for (int column : {0, 2, 3, 4}) questions_->resizeColumnToContents(column);
    listLabel_->setText(title.isEmpty()
                            ? tr("Click a slice or a cell of the confusion table to list its "
                                 "questions.")
                            : tr("%1: %n question(s); double-click one to answer it in the Ask "
                                 "view.",
                                 nullptr, int(listed_.size()))
                                  .arg(title));
    open_->setEnabled(false);
}

void FailureBrowser::openSelected() {
    const int row = questions_->currentRow();
    if (row < 0 || row >= listed_.size()) return;
    Q_EMIT askRequested(data_.samples[listed_[row]].query);
}

void FailureBrowser::retranslateUi() {
    methodLabel_->setText(tr("Where it fails:"));
    slicingLabel_->setText(tr("by"));
    compareLabel_->setText(tr("beside:"));
    compare_->setToolTip(tr("A second method whose answers to the same questions are listed"));
    slicesTitle_->setText(tr("Accuracy by slice (95% Wilson interval)"));
    confusionTitle_->setText(tr("Gold (rows) against the extracted answer (columns)"));
    open_->setText(tr("Open in Ask"));
    slices_->setHorizontalHeaderLabels(
        {tr("Slice"), tr("n"), tr("Correct"), tr("Accuracy [95% CI]")});
    questions_->setHorizontalHeaderLabels(
        {tr("#"), tr("Question"), tr("Gold"), QString(), QString()});
    if (!data_.methods.isEmpty()) {
        const QString title = listTitle_;
        const QList<int> listed = listed_; // listSamples clears them
        fillChoices();
        listSamples(listed, title);
    } else {
        listSamples({}, QString());
    }
}

} // namespace semcot::ui
