#include "evaluation_view.h"

#include "chart_palette.h"
#include "core_bridge.h"
#include "evaluation_analysis.h"
#include "evaluation_data.h"
#include "evaluation_worker.h"
#include "methods.h"
#include "settings.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace semcot::ui {

namespace {

const char* const kMethodProperty = "method";

QChartView* chartView(QChart* chart, QWidget* parent) {
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto* v = new QChartView(chart, parent);
    v->setRenderHint(QPainter::Antialiasing);
    v->setMinimumHeight(200);
    return v;
}

} // namespace

EvaluationView::EvaluationView(QWidget* parent)
    : QWidget(parent)
    , worker_(this, QStringLiteral("evaluation")) {
    applyThreadCount(Settings::threads()); // the main thread's count, for the workers
    connectWorker();
    worker_.start();

    createControls();
    createSummary();
    QLayout* charts = createCharts();
    createSampleTable();
    layOut(charts);
    connectControls();
    retranslateUi();
    setRunning(false);
    applyChartPalette(accuracyChart_, palette());
    applyChartPalette(latencyChart_, palette());
}

void EvaluationView::connectWorker() {
    connect(this, &EvaluationView::startRequested, worker_.get(), &EvaluationWorker::start);
    connect(worker_.get(), &EvaluationWorker::phaseChanged, this, [this](const QString& phase) {
        phase_ = phase;
        showHint();
    });
    connect(worker_.get(), &EvaluationWorker::progressUpdated, this, [this](int done, int total) {
        progress_->setRange(0, std::max(1, total));
        progress_->setValue(done);
    });
    connect(worker_.get(), &EvaluationWorker::finished, this, &EvaluationView::showResult);
    connect(worker_.get(), &EvaluationWorker::failed, this, [this](const QString& message) {
        qWarning("evaluation failed: %s", qPrintable(message));
        setRunning(false);
        error_ = message;
        hint_state_ = Hint::failed;
        showHint();
        Q_EMIT finished();
    });
}

// The run, the methods, split and number of questions, the buttons and the progress bar.
void EvaluationView::createControls() {
    runLabel_ = new QLabel(this);
    methodsLabel_ = new QLabel(this);
    // Explicit CoT, no-CoT and SemCoT answer from the run; a baseline only once trained on it.
    for (const QString& name : methodNames()) {
        auto* c = new QCheckBox(this);
        c->setObjectName(QStringLiteral("method_") + name);
        c->setProperty(kMethodProperty, name);
        c->setChecked(!isBaseline(name));
        c->setEnabled(!isBaseline(name));
        methods_ << c;
    }
    splitLabel_ = new QLabel(this);
    split_ = new QComboBox(this);
    for (const char* s : {"test", "validation", "train"})
        split_->addItem(QString(), QString::fromLatin1(s));
    limitLabel_ = new QLabel(this);
    limit_ = new QSpinBox(this);
    limit_->setRange(0, 100000);
    limit_->setValue(50);
    run_button_ = new QPushButton(this);
    run_button_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    stop_ = new QPushButton(this);
    stop_->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    export_ = new QPushButton(this);
    copyCommand_ = new QPushButton(this);
    copyCommand_->setObjectName(QStringLiteral("copyCommand"));
    copyCommand_->setIcon(style()->standardIcon(QStyle::SP_FileDialogDetailedView));
    progress_ = new QProgressBar(this);
    progress_->setValue(0);
}

// One row per method: accuracy with its interval, latencies, tokens, speed-up.
void EvaluationView::createSummary() {
    summary_ = new QTableWidget(0, 8, this);
    summary_->setObjectName(QStringLiteral("summary"));
    summary_->verticalHeader()->setVisible(false);
    summary_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    summary_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    summary_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    summary_->setMaximumHeight(130); // fillSummary fits it to the methods
    paired_ = new PairedTable(this);
    paired_->setVisible(false); // until an evaluation of two methods or more
}

// The accuracy and latency bar charts, side by side.
QLayout* EvaluationView::createCharts() {
    accuracyChart_ = new QChart;
    latencyChart_ = new QChart;
    auto* charts = new QHBoxLayout;
    charts->addWidget(chartView(accuracyChart_, this));
    charts->addWidget(chartView(latencyChart_, this));
    return charts;
}

// The per-question table and its filters, and the hint line.
void EvaluationView::createSampleTable() {
    filterLabel_ = new QLabel(this);
    filter_ = new QComboBox(this);
    filter_->setObjectName(QStringLiteral("sampleFilter"));
    for (int i = 0; i < 3; ++i) filter_->addItem(QString(), i);
    methodFilter_ = new QComboBox(this);
    methodFilter_->setObjectName(QStringLiteral("methodFilter"));
    methodFilter_->addItem(QString(), QString());
    for (const QString& m : methodNames()) methodFilter_->addItem(QString(), m);
    samples_ = new QTableWidget(0, 6, this);
    samples_->setObjectName(QStringLiteral("samples"));
    samples_->verticalHeader()->setVisible(false);
    samples_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    samples_->setSelectionBehavior(QAbstractItemView::SelectRows);
    samples_->setAlternatingRowColors(true);
    samples_->horizontalHeader()->setStretchLastSection(true);
    samples_->setWordWrap(false);
    samples_->horizontalHeader()->setSortIndicator(0, Qt::AscendingOrder);
    failures_ = new FailureBrowser(this);
    hint_ = new QLabel(this);
    hint_->setObjectName(QStringLiteral("evaluationHint"));
    hint_->setWordWrap(true);
}

// Controls, progress and hint on top; the summary and charts over the samples, split.
void EvaluationView::layOut(QLayout* charts) {
    auto* methodRow = new QHBoxLayout;
    methodRow->addWidget(methodsLabel_);
    for (auto* c : methods_) methodRow->addWidget(c);
    methodRow->addStretch(1);
    auto* controls = new QHBoxLayout;
    controls->addWidget(splitLabel_);
    controls->addWidget(split_);
    controls->addWidget(limitLabel_);
    controls->addWidget(limit_);
    controls->addStretch(1);
    controls->addWidget(run_button_);
    controls->addWidget(stop_);
    controls->addWidget(export_);
    controls->addWidget(copyCommand_);
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(filterLabel_);
    filterRow->addWidget(filter_);
    filterRow->addWidget(methodFilter_);
    filterRow->addStretch(1);

    auto* top = new QWidget(this);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(summary_);
    topLayout->addWidget(paired_);
    topLayout->addLayout(charts, 1);
    auto* sampleTab = new QWidget(this);
    auto* sampleLayout = new QVBoxLayout(sampleTab);
    sampleLayout->setContentsMargins(4, 4, 4, 4);
    sampleLayout->addLayout(filterRow);
    sampleLayout->addWidget(samples_, 1);
    details_ = new QTabWidget(this);
    details_->setObjectName(QStringLiteral("evaluationDetails"));
    details_->addTab(sampleTab, QString());
    details_->addTab(failures_, QString());
    splitter_ = new QSplitter(Qt::Vertical, this);
    splitter_->addWidget(top);
    splitter_->addWidget(details_);
    splitter_->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(runLabel_);
    layout->addLayout(methodRow);
    layout->addLayout(controls);
    layout->addWidget(progress_);
    layout->addWidget(hint_);
    layout->addWidget(splitter_, 1);
}

// The buttons, the filters, and a double-clicked sample that goes to the Ask view.
void EvaluationView::connectControls() {
    connect(run_button_, &QPushButton::clicked, this, &EvaluationView::run);
    connect(stop_, &QPushButton::clicked, this, &EvaluationView::stop);
    connect(export_, &QPushButton::clicked, this, &EvaluationView::exportJson);
    connect(copyCommand_, &QPushButton::clicked, this, &EvaluationView::copyCommand);
    connect(failures_, &FailureBrowser::askRequested, this, &EvaluationView::askRequested);
    connect(filter_, &QComboBox::currentIndexChanged, this, &EvaluationView::fillSamples);
    connect(methodFilter_, &QComboBox::currentIndexChanged, this, &EvaluationView::fillSamples);
    connect(samples_, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        if (auto* item = samples_->item(row, 2))
            Q_EMIT askRequested(item->data(Qt::UserRole).toString());
    });
}

EvaluationView::~EvaluationView() = default; // OwnedWorker cancels and joins the job

void EvaluationView::setRun(const QString& folder) {
    run_ = folder;
    updateMethodBoxes();
    retranslateUi();
    setRunning(running_);
}

// A baseline's box is enabled when the run has it trained; newly offered ones start checked.
void EvaluationView::updateMethodBoxes() {
    const QList<BaselineState> baselines = runBaselines(run_);
    for (const BaselineState& b : baselines) {
        QCheckBox* box = methodBox(b.method);
        if (!box) continue;
        const bool trained = b.status == BaselineState::Status::trained;
        if (trained && !box->isEnabled()) box->setChecked(true);
        if (!trained) box->setChecked(false);
        box->setEnabled(trained);
        QString tip;
        if (trained || b.status == BaselineState::Status::training)
            tip = baselineSummary(b);
        else if (b.status == BaselineState::Status::interrupted)
            tip = tr("Its training on this run was interrupted: resume it with New training run "
                     "(%1, \"Continue the interrupted training\").")
                      .arg(methodLabel(b.method));
        else
            tip = tr("Not trained on this run. Train it with New training run (method %1) or on "
                     "the command line:\n%2")
                      .arg(methodLabel(b.method),
                           trainCommand(b.method, run_.isEmpty() ? tr("RUN") : run_));
        if (!b.error.isEmpty()) tip += QStringLiteral("\n") + b.error;
        box->setToolTip(tip);
    }
}

QCheckBox* EvaluationView::methodBox(const QString& name) const {
    for (QCheckBox* c : methods_)
        if (c->property(kMethodProperty).toString() == name) return c;
    return nullptr;
}

QStringList EvaluationView::checkedMethods() const {
    QStringList out;
    for (QCheckBox* c : methods_)
        if (c->isChecked() && c->isEnabled()) out << c->property(kMethodProperty).toString();
    return out;
}

bool EvaluationView::setCheckedMethods(const QStringList& names) {
    for (const QString& n : names)
        if (!methodBox(n) || !methodBox(n)->isEnabled()) return false;
    for (QCheckBox* c : methods_)
        c->setChecked(names.contains(c->property(kMethodProperty).toString()));
    return true;
}

void EvaluationView::setLimit(int n) {
    limit_->setValue(n);
}

EvalRequest EvaluationView::request() const {
    EvalRequest r;
    r.run = run_;
    r.device = Settings::device();
    r.methods = checkedMethods();
    r.split = split_->currentData().toString();
    r.limit = limit_->value();
    return r;
}

QString EvaluationView::command() const {
    return evalCommand(request());
}

void EvaluationView::copyCommand() {
    QGuiApplication::clipboard()->setText(command());
}

void EvaluationView::showDetails(int tab) {
    details_->setCurrentIndex(tab);
    // Where the methods fail needs room for its tables and the questions they list.
    if (tab == 1) {
        const int h = splitter_->height();
        splitter_->setSizes({h * 2 / 5, h - h * 2 / 5});
    }
}

void EvaluationView::run() {
    if (running_ || run_.isEmpty()) return;
    const EvalRequest r = request();
    if (r.methods.isEmpty()) {
        hint_state_ = Hint::noMethod;
        showHint();
        return;
    }
    progress_->setRange(0, std::max(1, r.limit));
    progress_->setValue(0);
    hint_state_ = Hint::evaluating;
    phase_.clear();
    showHint();
    setRunning(true);
    worker_->resetCancel();
    Q_EMIT startRequested(r);
}

void EvaluationView::stop() {
    if (running_) worker_->cancel();
}

void EvaluationView::setRunning(bool running) {
    running_ = running;
    run_button_->setEnabled(!running && !run_.isEmpty());
    stop_->setEnabled(running);
    export_->setEnabled(!running && !data_.json.isEmpty());
    copyCommand_->setEnabled(!run_.isEmpty());
}

void EvaluationView::showHint() {
    QString text;
    switch (hint_state_) {
    case Hint::choose:
        text = tr("Choose the methods and press Evaluate.");
        break;
    case Hint::noMethod:
        text = tr("Choose at least one method.");
        break;
    case Hint::evaluating:
        text = phase_.isEmpty() ? tr("Evaluating...") : phase_ + QStringLiteral("...");
        break;
    case Hint::stopped:
        text = tr("Stopped early: the tables summarise the samples done.");
        break;
    case Hint::done:
        text = tr("Double-click a sample to answer it in the Ask view.");
        break;
    case Hint::failed:
        text = QStringLiteral("<span style='color:#c62828'>%1</span>")
                   .arg(tr("The evaluation failed: %1").arg(error_.toHtmlEscaped()));
        break;
    }
    hint_->setText(text);
}

void EvaluationView::showResult(const EvalData& data) {
    data_ = data;
    hasResult_ = true;
    setRunning(false);
    hint_state_ = data.partial ? Hint::stopped : Hint::done;
    showHint();
    render();
    Q_EMIT finished();
}

void EvaluationView::render() {
    fillSummary();
    paired_->setPairs(data_.pairs);
    paired_->setVisible(!data_.pairs.isEmpty());
    drawCharts();
    fillSamples();
    failures_->setData(data_);
}

int EvaluationView::visibleSampleCount() const {
    return samples_->rowCount();
}

void EvaluationView::exportJson() {
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Save the evaluation"), QStringLiteral("evaluation.json"), tr("JSON (*.json)"));
    if (file.isEmpty()) return;
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly) || f.write(data_.json) != data_.json.size())
        QMessageBox::warning(this, tr("Save the evaluation"), tr("Could not write %1.").arg(file));
}

void EvaluationView::retranslateUi() {
    runLabel_->setText(run_.isEmpty() ? tr("No run open.")
                                      : tr("Evaluating <b>%1</b>").arg(run_.toHtmlEscaped()));
    methodsLabel_->setText(tr("Methods:"));
    for (QCheckBox* c : methods_) c->setText(methodLabel(c->property(kMethodProperty).toString()));
    updateMethodBoxes(); // the tooltips
    splitLabel_->setText(tr("Split:"));
    split_->setItemText(0, tr("test"));
    split_->setItemText(1, tr("validation"));
    split_->setItemText(2, tr("train"));
    limitLabel_->setText(tr("Questions (0 = all):"));
    run_button_->setText(tr("Evaluate"));
    stop_->setText(tr("Stop"));
    export_->setText(tr("Save JSON..."));
    copyCommand_->setText(tr("Copy as command"));
    copyCommand_->setToolTip(tr("Copies the semcot eval command that evaluates as Evaluate "
                                "does; the evaluation's provenance records it."));
    paired_->retranslateUi();
    failures_->retranslateUi();
    details_->setTabText(0, tr("Samples"));
    details_->setTabText(1, tr("Where it fails"));
    summary_->setHorizontalHeaderLabels({tr("Method"), tr("Correct"), tr("Accuracy [95% CI]"),
                                         tr("Mean ms"), tr("Median ms"), tr("Implicit ms"),
                                         tr("Tokens"), tr("Speed-up vs CoT")});
    filterLabel_->setText(tr("Samples:"));
    filter_->setItemText(0, tr("all"));
    filter_->setItemText(1, tr("correct only"));
    filter_->setItemText(2, tr("incorrect only"));
    methodFilter_->setItemText(0, tr("every method"));
    for (int i = 1; i < methodFilter_->count(); ++i)
        methodFilter_->setItemText(i, methodLabel(methodFilter_->itemData(i).toString()));
    samples_->setHorizontalHeaderLabels(
        {tr("#"), tr("Method"), tr("Question"), tr("Gold"), tr("Answer"), tr("ms")});
    showHint();
    if (hasResult_) {
        render(); // results already shown, in the new language
    } else {
        accuracyChart_->setTitle(tr("Accuracy (%): run an evaluation"));
        latencyChart_->setTitle(tr("Latency per question (ms): run an evaluation"));
    }
}

void EvaluationView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    if (event->type() == QEvent::PaletteChange) {
        applyChartPalette(accuracyChart_, palette());
        applyChartPalette(latencyChart_, palette());
    }
    QWidget::changeEvent(event);
}

} // namespace semcot::ui
