#include "diagnostics_view.h"

#include "core_bridge.h"
#include "methods.h"
#include "settings.h"

#include "data/dataset.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace semcot::ui {

namespace {

QTableWidget* table(QWidget* parent, const QString& name) {
    auto* t = new QTableWidget(0, 0, parent);
    t->setObjectName(name);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->verticalHeader()->setVisible(false);
    t->setAlternatingRowColors(true);
    return t;
}

} // namespace

DiagnosticsView::DiagnosticsView(QWidget* parent)
    : QWidget(parent)
    , worker_(this, QStringLiteral("diagnostics")) {
    applyThreadCount(Settings::threads());
    connectWorker();
    worker_.start();
    createControls();
    tabs_ = new QTabWidget(this);
    tabs_->addTab(createTokenTab(), QString());
    tabs_->addTab(createInterventionTab(), QString());
    tabs_->addTab(createLensTab(), QString());
    layOut();
    retranslateUi();
    setRunning(false);
}

void DiagnosticsView::connectWorker() {
    connect(this, &DiagnosticsView::startRequested, worker_.get(), &DiagnosticsWorker::start);
    connect(worker_.get(), &DiagnosticsWorker::phaseChanged, this, [this](const QString& phase) {
        phase_ = phase;
        status_->setText(phase + QStringLiteral("..."));
    });
    connect(worker_.get(), &DiagnosticsWorker::progressUpdated, this, [this](int done, int total) {
        progress_->setRange(0, std::max(1, total));
        progress_->setValue(done);
    });
    connect(worker_.get(), &DiagnosticsWorker::finished, this, [this](const DiagnosticsData& d) {
        progress_->setRange(0, 1); // the lens reports no progress of its own
        progress_->setValue(1);
        setRunning(false);
        error_.clear();
        showResult(d);
        Q_EMIT finished();
    });
    connect(worker_.get(), &DiagnosticsWorker::failed, this, [this](const QString& message) {
        setRunning(false);
        error_ = stopped_ ? tr("Stopped: nothing is shown for an unfinished job.") : message;
        if (!stopped_) qWarning("diagnostics failed: %s", qPrintable(message));
        status_->setText(stopped_ ? error_ : tr("Failed: %1").arg(message));
        Q_EMIT finished();
    });
}

void DiagnosticsView::createControls() {
    runLabel_ = new QLabel(this);
    run_ = new QComboBox(this);
    run_->setEditable(true);
    run_->setMinimumContentsLength(30);
    run_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    methodLabel_ = new QLabel(this);
    method_ = new QComboBox(this);
    method_->setObjectName(QStringLiteral("diagnosticsMethod"));
    splitLabel_ = new QLabel(this);
    split_ = new QComboBox(this);
    for (const char* s : {"test", "validation", "train"}) split_->addItem(QString::fromLatin1(s));
    nLabel_ = new QLabel(this);
    n_ = new QSpinBox(this);
    n_->setRange(2, 100000);
    n_->setValue(20);
    control_ = new QCheckBox(this);
    control_->setChecked(true);
    runButton_ = new QPushButton(this);
    runButton_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    stop_ = new QPushButton(this);
    stop_->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    copy_ = new QPushButton(this);
    copy_->setIcon(style()->standardIcon(QStyle::SP_FileDialogDetailedView));
    progress_ = new QProgressBar(this);
    progress_->setValue(0);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    connect(runButton_, &QPushButton::clicked, this, &DiagnosticsView::run);
    connect(stop_, &QPushButton::clicked, this, &DiagnosticsView::stop);
    connect(copy_, &QPushButton::clicked, this, [this] {
        const bool lens = tabs_->currentIndex() == 2;
        QGuiApplication::clipboard()->setText(diagnoseCommand(
            request(lens ? DiagnosticsRequest::Kind::lens : DiagnosticsRequest::Kind::split)));
        status_->setText(tr("Copied the equivalent command to the clipboard."));
    });
    connect(run_, &QComboBox::currentTextChanged, this, [this](const QString& f) {
        if (!running_ && QFileInfo(f).isDir()) setRun(f);
    });
}

QWidget* DiagnosticsView::createTokenTab() {
    auto* w = new QWidget(this);
    tokenNote_ = new QLabel(w);
    tokenNote_->setWordWrap(true);
    tokens_ = table(w, QStringLiteral("tokenStatistics"));
    cosineLabel_ = new QLabel(w);
    cosine_ = table(w, QStringLiteral("positionCosine"));
    auto* layout = new QVBoxLayout(w);
    layout->addWidget(tokenNote_);
    layout->addWidget(tokens_, 2);
    layout->addWidget(cosineLabel_);
    layout->addWidget(cosine_, 1);
    return w;
}

QWidget* DiagnosticsView::createInterventionTab() {
    auto* w = new QWidget(this);
    interventionNote_ = new QLabel(w);
    interventionNote_->setWordWrap(true);
    interventions_ = table(w, QStringLiteral("interventions"));
    auto* layout = new QVBoxLayout(w);
    layout->addWidget(interventionNote_);
    layout->addWidget(interventions_, 1);
    return w;
}

QWidget* DiagnosticsView::createLensTab() {
    auto* w = new QWidget(this);
    lensQuestionLabel_ = new QLabel(w);
    lensQuestion_ = new QComboBox(w);
    lensQuestion_->setEditable(true);
    lensQuestion_->setMinimumContentsLength(40);
    lensQuestion_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    topKLabel_ = new QLabel(w);
    topK_ = new QSpinBox(w);
    topK_->setRange(1, 20);
    topK_->setValue(5);
    lensButton_ = new QPushButton(w);
    lensNote_ = new QLabel(w);
    lensNote_->setWordWrap(true);
    lens_ = table(w, QStringLiteral("logitLens"));
    lens_->verticalHeader()->setVisible(true);
    lens_->setAlternatingRowColors(false);
    connect(lensButton_, &QPushButton::clicked, this, &DiagnosticsView::runLens);
    auto* bar = new QHBoxLayout;
    bar->addWidget(lensQuestionLabel_);
    bar->addWidget(lensQuestion_, 1);
    bar->addWidget(topKLabel_);
    bar->addWidget(topK_);
    bar->addWidget(lensButton_);
    auto* layout = new QVBoxLayout(w);
    layout->addLayout(bar);
    layout->addWidget(lensNote_);
    layout->addWidget(lens_, 1);
    return w;
}

void DiagnosticsView::layOut() {
    auto* top = new QHBoxLayout;
    top->addWidget(runLabel_);
    top->addWidget(run_, 1);
    top->addWidget(methodLabel_);
    top->addWidget(method_);
    top->addWidget(splitLabel_);
    top->addWidget(split_);
    top->addWidget(nLabel_);
    top->addWidget(n_);
    top->addWidget(control_);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(runButton_);
    buttons->addWidget(stop_);
    buttons->addWidget(copy_);
    buttons->addWidget(progress_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(buttons);
    layout->addWidget(status_);
    layout->addWidget(tabs_, 1);
}

void DiagnosticsView::setRun(const QString& folder) {
    {
        const QSignalBlocker block(run_);
        QStringList runs{folder};
        for (const QString& r : Settings::recentRuns())
            if (!runs.contains(r)) runs << r;
        run_->clear();
        run_->addItems(runs);
        run_->setCurrentText(folder);
    }
    // SemCoT and the baselines trained on the run whose latents live in the embedding space.
    const QString current = method_->currentData().toString();
    method_->clear();
    method_->addItem(methodLabel(QStringLiteral("semcot")), QStringLiteral("semcot"));
    for (const QString& m : trainedBaselines(folder))
        if (hasLatents(m)) method_->addItem(methodLabel(m), m);
    setMethod(current);
    lensQuestion_->clear();
    questions_.clear();
    try {
        const auto test = semcot::load_examples(
            (QDir(folder).filePath(QStringLiteral("data/test.json"))).toStdString());
        for (size_t i = 0; i < test.size() && i < 100; ++i)
            questions_ << QString::fromStdString(test[i].query);
    } catch (const std::exception&) {
        // No test split: the question is typed.
    }
    lensQuestion_->addItems(questions_);
    setRunning(running_);
}

QString DiagnosticsView::runFolder() const {
    return run_->currentText().trimmed();
}

bool DiagnosticsView::setMethod(const QString& name) {
    const int i = method_->findData(name);
    if (i >= 0) method_->setCurrentIndex(i);
    return i >= 0;
}

void DiagnosticsView::setQuestions(int n) {
    n_->setValue(n);
}

void DiagnosticsView::setControl(bool on) {
    control_->setChecked(on);
}

void DiagnosticsView::setLensQuestion(const QString& question) {
    lensQuestion_->setCurrentText(question);
    if (lensQuestion_->lineEdit()) lensQuestion_->lineEdit()->setCursorPosition(0);
}

void DiagnosticsView::showTab(int index) {
    tabs_->setCurrentIndex(index);
}

QString DiagnosticsView::statusText() const {
    return status_->text();
}

DiagnosticsRequest DiagnosticsView::request(DiagnosticsRequest::Kind kind) const {
    DiagnosticsRequest r;
    r.kind = kind;
    r.run = runFolder();
    r.device = Settings::device();
    r.method = method_->currentData().toString();
    r.split = split_->currentText();
    r.n = n_->value();
    r.control = control_->isChecked();
    r.question = lensQuestion_->currentText().trimmed();
    r.topK = topK_->value();
    return r;
}

void DiagnosticsView::start(DiagnosticsRequest::Kind kind) {
    if (running_) return;
    const DiagnosticsRequest r = request(kind);
    if (r.run.isEmpty() || r.method.isEmpty()) {
        status_->setText(tr("Open a run first."));
        return;
    }
    if (kind == DiagnosticsRequest::Kind::lens && r.question.isEmpty()) {
        status_->setText(tr("Type or pick a question for the logit lens."));
        return;
    }
    stopped_ = false;
    progress_->setValue(0);
    setRunning(true);
    worker_->resetCancel();
    Q_EMIT startRequested(r);
}

void DiagnosticsView::run() {
    start(DiagnosticsRequest::Kind::split);
}

void DiagnosticsView::runLens() {
    showTab(2);
    start(DiagnosticsRequest::Kind::lens);
}

void DiagnosticsView::runQuestion(const QString& question, const QString& method) {
    if (running_) {
        status_->setText(tr("A diagnosis is running: stop it first."));
        return;
    }
    if (!setMethod(method)) {
        status_->setText(tr("%1 has no latent tokens to intervene on (or is not trained on this "
                            "run).")
                             .arg(methodLabel(method)));
        return;
    }
    setLensQuestion(question);
    showTab(1);
    start(DiagnosticsRequest::Kind::question);
}

void DiagnosticsView::stop() {
    if (!running_) return;
    stopped_ = true;
    worker_->cancel();
}

void DiagnosticsView::setRunning(bool running) {
    running_ = running;
    const bool can = !running && !runFolder().isEmpty() && method_->count() > 0;
    runButton_->setEnabled(can);
    lensButton_->setEnabled(can);
    stop_->setEnabled(running);
    copy_->setEnabled(!runFolder().isEmpty());
    for (QWidget* w : {static_cast<QWidget*>(run_), static_cast<QWidget*>(method_),
                       static_cast<QWidget*>(split_), static_cast<QWidget*>(n_)})
        w->setEnabled(!running);
}

void DiagnosticsView::retranslateUi() {
    runLabel_->setText(tr("Run:"));
    methodLabel_->setText(tr("Method:"));
    splitLabel_->setText(tr("Split:"));
    nLabel_->setText(tr("Questions:"));
    n_->setToolTip(tr("The first N questions of the split"));
    control_->setText(tr("Masked control"));
    control_->setToolTip(tr("Also run every intervention with the tokens masked from the "
                            "teacher's attention: a control in which no answer may change"));
    runButton_->setText(tr("Diagnose"));
    stop_->setText(tr("Stop"));
    copy_->setText(tr("Copy as command"));
    copy_->setToolTip(tr("Copies the equivalent `semcot diagnose` command"));
    tabs_->setTabText(0, tr("Token statistics"));
    tabs_->setTabText(1, tr("Interventions"));
    tabs_->setTabText(2, tr("Raw logit lens"));
    lensQuestionLabel_->setText(tr("Question:"));
    topKLabel_->setText(tr("Top-k:"));
    lensButton_->setText(tr("Show the lens"));
    lensNote_->setText(tr("Raw logit lens (nostalgebraist 2020): the teacher's hidden state at "
                          "each latent position after every layer, through its final norm and LM "
                          "head, with no learnt translator (not the tuned lens). Early layers "
                          "rarely decode to meaningful tokens. Hover a cell for the top-k."));
    if (status_->text().isEmpty() || !running_)
        status_->setText(error_.isEmpty() ? tr("Choose a method and press Diagnose.") : error_);
    fillTokens();
    fillInterventions();
    fillLens();
}

void DiagnosticsView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

} // namespace semcot::ui
