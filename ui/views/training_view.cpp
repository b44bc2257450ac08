#include "training_view.h"

#include "core_bridge.h"
#include "loss_chart.h"
#include "methods.h"
#include "run_folder.h"
#include "settings.h"
#include "training_dialog.h"
#include "training_worker.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>
#include <utility>

namespace semcot::ui {

namespace {

// "teacher/train" -> "teacher"; "cg2/validate" -> "cg2".
QString stageKey(const QString& stage) {
    return stage.section(u'/', 0, -2);
}

// "coconut2" -> ("coconut", 2); -1 without a number.
std::pair<QString, int> numberedStage(const QString& key) {
    int digits = 0;
    while (digits < key.size() && key.at(key.size() - 1 - digits).isDigit()) ++digits;
    if (digits == 0 || digits == key.size()) return {key, -1};
    return {key.left(key.size() - digits), key.right(digits).toInt()};
}

QString stageTitle(const QString& key) {
    // The baselines' stages: "pause", "codi", "coconut0".."coconutN", "icot0".."icotN".
    const auto [name, number] = numberedStage(key);
    if (isBaseline(name) && number >= 0)
        return TrainingView::tr("%1, stage %2").arg(methodLabel(name)).arg(number);
    if (isBaseline(key)) return methodLabel(key);
    if (key == QStringLiteral("teacher")) return TrainingView::tr("Teacher language model");
    if (key == QStringLiteral("student")) return TrainingView::tr("Student language model");
    if (key == QStringLiteral("st1")) return TrainingView::tr("Sentence transformer, stage 1");
    if (key == QStringLiteral("st2")) return TrainingView::tr("Sentence transformer, stage 2");
    if (key == QStringLiteral("cg1")) return TrainingView::tr("Contemplation generator, warm-up");
    if (key == QStringLiteral("cg2")) return TrainingView::tr("Contemplation generator, full");
    return key;
}

QString duration(double s) {
    if (!(s > 0) || !std::isfinite(s)) return QStringLiteral("-");
    const qint64 t = qint64(std::llround(s));
    if (t >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(t / 3600)
            .arg(t / 60 % 60, 2, 10, QChar(u'0'))
            .arg(t % 60, 2, 10, QChar(u'0'));
    return QStringLiteral("%1:%2").arg(t / 60).arg(t % 60, 2, 10, QChar(u'0'));
}

} // namespace

TrainingView::TrainingView(QWidget* parent)
    : QWidget(parent)
    , worker_(this, QStringLiteral("training")) {
    applyThreadCount(Settings::threads()); // the main thread's count, for the workers
    connectWorker();
    worker_.start();

    createWidgets();
    layOut();

    // The loss chart is redrawn from a throttled timer, not at every step.
    refresh_ = new QTimer(this);
    refresh_->setInterval(250);
    connect(refresh_, &QTimer::timeout, this, &TrainingView::refreshChart);
    refresh_->start();
    connectControls();
    retranslateUi();
    setState(State::idle);
}

void TrainingView::connectWorker() {
    connect(this, &TrainingView::startRequested, worker_.get(), &TrainingWorker::start);
    connect(worker_.get(), &TrainingWorker::progressUpdated, this, &TrainingView::onProgress);
    connect(worker_.get(), &TrainingWorker::logLine, this, &TrainingView::onLog);
    connect(worker_.get(), &TrainingWorker::finished, this, [this](const QString& out) {
        setState(State::finished);
        appendLog(tr("Training finished: %1").arg(QDir::toNativeSeparators(out)));
        if (request_.isBaseline())
            Q_EMIT baselineFinished(request_.base, request_.method);
        else
            Q_EMIT runFinished(out);
    });
    connect(worker_.get(), &TrainingWorker::stopped, this,
            [this](const QString&) { setState(State::stopped); });
    connect(worker_.get(), &TrainingWorker::failed, this, [this](const QString& message) {
        error_ = message;
        setState(State::failed);
        appendLog(tr("FAILED: %1").arg(message));
        if (isVisible())
            QMessageBox::critical(this, tr("Training failed"),
                                  tr("The training run stopped with an error:\n\n%1\n\nThe log "
                                     "keeps everything it printed.")
                                      .arg(message));
    });
}

void TrainingView::createWidgets() {
    title_ = new QLabel(this);
    title_->setTextFormat(Qt::RichText);
    stage_ = new QLabel(this);
    eta_ = new QLabel(this);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1);
    progress_->setValue(0);
    stageChoice_ = new QComboBox(this);
    stageChoice_->addItem(QString());
    stageChoice_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    smooth_ = new QCheckBox(this);
    smooth_->setChecked(true);
    stageLabel_ = new QLabel(this);
    chart_ = new LossChart(this);
    log_ = new QPlainTextEdit(this);
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(5000);
    log_->setFont(QFont(QStringLiteral("monospace")));
    newRun_ = new QPushButton(this);
    stop_ = new QPushButton(this);
    resume_ = new QPushButton(this);
    resume_->setObjectName(QStringLiteral("resume"));
    open_ = new QPushButton(this);
    stop_->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    resume_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
}

// Progress on top, the loss chart over the log, the buttons at the bottom.
void TrainingView::layOut() {
    auto* head = new QGridLayout;
    head->addWidget(title_, 0, 0, 1, 3);
    head->addWidget(stage_, 1, 0);
    head->addWidget(eta_, 1, 2, Qt::AlignRight);
    head->addWidget(progress_, 2, 0, 1, 3);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(newRun_);
    buttons->addStretch(1);
    buttons->addWidget(stop_);
    buttons->addWidget(resume_);
    buttons->addWidget(open_);
    auto* chartBar = new QHBoxLayout;
    chartBar->addWidget(stageLabel_);
    chartBar->addWidget(stageChoice_);
    chartBar->addStretch(1);
    chartBar->addWidget(smooth_);
    auto* chartBox = new QWidget(this);
    auto* chartLayout = new QVBoxLayout(chartBox);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->addLayout(chartBar);
    chartLayout->addWidget(chart_, 1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(chartBox);
    split->addWidget(log_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(head);
    layout->addWidget(split, 1);
    layout->addLayout(buttons);
}

void TrainingView::connectControls() {
    connect(stop_, &QPushButton::clicked, this, &TrainingView::stop);
    connect(resume_, &QPushButton::clicked, this, [this] { resume(request_.out); });
    // A baseline answers from its base run: that is the run to open.
    connect(open_, &QPushButton::clicked, this, [this] {
        Q_EMIT openRunRequested(request_.isBaseline() ? request_.base : request_.out);
    });
    connect(newRun_, &QPushButton::clicked, this, &TrainingView::newRunRequested);
    connect(smooth_, &QCheckBox::toggled, this,
            [this](bool on) { chart_->setSmoothing(on ? 0.1 : 0); });
    connect(stageChoice_, &QComboBox::currentIndexChanged, this, [this] {
        dirty_ = true;
        refreshChart();
    });
}

TrainingView::~TrainingView() = default; // OwnedWorker cancels and joins the job

void TrainingView::newRunRequested() {
    if (running()) return;
    TrainingDialog dialog(this);
    if (!openRun_.isEmpty()) dialog.setBaselineBase(openRun_);
    if (dialog.exec() == QDialog::Accepted) start(dialog.request());
}

void TrainingView::start(const TrainRequest& request) {
    if (running()) return;
    request_ = request;
    if (!request.resume) {
        series_.clear();
        const QSignalBlocker block(stageChoice_);
        while (stageChoice_->count() > 1) stageChoice_->removeItem(1);
        log_->clear();
    }
    currentStage_.clear();
    error_.clear();
    showProgressText();
    dirty_ = true;
    if (request.isBaseline())
        appendLog(request.resume
                      ? tr("Resuming %1 in %2")
                            .arg(methodLabel(request.method), QDir::toNativeSeparators(request.out))
                      : tr("Starting %1 on %2 in %3 (device %4)")
                            .arg(methodLabel(request.method),
                                 QDir::toNativeSeparators(request.base),
                                 QDir::toNativeSeparators(request.out), request.device));
    else
        appendLog(request.resume ? tr("Resuming %1").arg(QDir::toNativeSeparators(request.out))
                                 : tr("Starting %1 (preset %2, device %3)")
                                       .arg(QDir::toNativeSeparators(request.out),
                                            request.presetName, request.device));
    // Listed in the Runs view wherever it is (a baseline under its base run).
    Settings::addRecentRun(request.isBaseline() ? request.base : request.out);
    setState(State::running);
    worker_->resetCancel();
    Q_EMIT startRequested(request);
}

void TrainingView::resume(const QString& folder) {
    if (running()) return;
    if (request_.isBaseline() && !folder.isEmpty() &&
        QDir::cleanPath(folder) == QDir::cleanPath(request_.out)) {
        // A baseline keeps no settings until it finishes: the same request, resumed.
        TrainRequest r = request_;
        r.resume = true;
        start(r);
        return;
    }
    const FolderCheck check = checkFolder(folder);
    // Finished, failed, not a run, or being trained right now (by another process or this app).
    if (check.kind != FolderKind::unfinishedRun || check.trainer) {
        QMessageBox::warning(this, tr("Cannot resume"),
                             check.kind == FolderKind::run ? tr("This run has finished training.")
                                                           : check.message);
        return;
    }
    TrainRequest r;
    QString error;
    if (!readRunPreset(folder, &r.presetJson, &r.presetName, &error)) {
        QMessageBox::warning(this, tr("Cannot resume"), error);
        return;
    }
    // The run's own seed and base run (run.json), also after a restart.
    const RunSummary info = readRunSummary(folder);
    r.out = folder;
    r.device =
        request_.out == folder && !request_.device.isEmpty() ? request_.device : Settings::device();
    r.seed = info.info.seed;
    r.base = QString::fromStdString(info.info.base);
    r.initCgFromBase = info.info.init_cg_from_base;
    r.resume = true;
    start(r);
}

void TrainingView::stop() {
    if (state_ != State::running) return;
    worker_->cancel();
    appendLog(tr("Stopping at the next safe point..."));
    setState(State::stopping);
}

void TrainingView::onProgress(const QVector<TrainPoint>& points) {
    for (const TrainPoint& p : points) {
        const QString key = stageKey(p.stage);
        StageSeries& s = series_[key];
        const bool validate = p.stage.endsWith(QStringLiteral("/validate"));
        const double total = validate && std::isfinite(p.valLoss) ? p.valLoss : p.loss;
        auto add = [&p](QList<QPointF>& list, double v) {
            if (std::isfinite(v)) list << QPointF(p.step, v);
        };
        add(validate ? s.validation : s.train, total);
        add(validate ? s.valReasoning : s.reasoning, p.reasoningLoss);
        add(validate ? s.valAnswer : s.answer, p.answerLoss);
        if (stageChoice_->findData(key) < 0) stageChoice_->addItem(stageTitle(key), key);
        currentStage_ = key;
        last_ = p;
    }
    if (points.isEmpty()) return;
    dirty_ = true;
    progress_->setRange(0, int(std::max<qint64>(1, last_.totalSteps)));
    progress_->setValue(int(std::min(last_.step, last_.totalSteps)));
    showProgressText();
}

void TrainingView::showProgressText() {
    if (currentStage_.isEmpty()) {
        stage_->setText(tr("Waiting for a run"));
        eta_->clear();
        return;
    }
    stage_->setText(tr("%1: epoch %2, step %3 of %4")
                        .arg(stageTitle(currentStage_))
                        .arg(last_.epoch)
                        .arg(last_.step)
                        .arg(last_.totalSteps));
    eta_->setText(
        tr("%1 steps/s, %2 left").arg(last_.stepsPerS, 0, 'f', 1).arg(duration(last_.etaS)));
}

void TrainingView::onLog(const QString& line) {
    appendLog(line);
}

void TrainingView::appendLog(const QString& line) {
    qInfo("training: %s", qPrintable(line)); // the log file keeps it too
    log_->appendPlainText(QStringLiteral("%1  %2").arg(
        QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss")), line));
}

void TrainingView::refreshChart() {
    if (!dirty_) return;
    dirty_ = false;
    QString key = stageChoice_->currentData().toString();
    if (key.isEmpty()) key = currentStage_;
    const StageSeries s = series_.value(key);
    chart_->setTitle(key.isEmpty() ? tr("Loss") : tr("Loss: %1").arg(stageTitle(key)));
    const QColor total(33, 150, 243), reasoning(156, 39, 176), answer(255, 143, 0);
    // A baseline's parts: CODI's are the distillation and the student's answer loss; the other
    // baselines' answer loss is their total, drawn once.
    const QString name = numberedStage(key).first;
    const QString method = isBaseline(key) ? key : isBaseline(name) ? name : QString();
    const bool codi = method == QStringLiteral("codi");
    const bool onlyTotal = !method.isEmpty() && !codi;
    const QList<QPointF> none;
    chart_->setCurves({{tr("train: total"), s.train, total, false, false},
                       {codi ? tr("train: distillation") : tr("train: reasoning"),
                        onlyTotal ? none : s.reasoning, reasoning, false, true},
                       {tr("train: answer"), onlyTotal ? none : s.answer, answer, false, true},
                       {tr("validation: total"), s.validation, QColor(233, 30, 99), true, false},
                       {codi ? tr("validation: distillation") : tr("validation: reasoning"),
                        onlyTotal ? none : s.valReasoning, reasoning.darker(130), true, false},
                       {tr("validation: answer"), onlyTotal ? none : s.valAnswer,
                        answer.darker(130), true, false}});
}

QString TrainingView::logText() const {
    return log_->toPlainText();
}

int TrainingView::progressValue() const {
    return progress_->value();
}

void TrainingView::setState(State s) {
    const bool wasRunning = running();
    state_ = s;
    stop_->setEnabled(s == State::running);
    resume_->setEnabled(s == State::stopped); // a failed run is not resumable
    open_->setEnabled(s == State::finished);
    newRun_->setEnabled(!running());
    QString status;
    switch (s) {
    case State::idle:
        status = tr("No training run yet. Start one with <b>New training run</b>.");
        break;
    case State::running:
        status = request_.isBaseline()
                     ? tr("Training %1 in <b>%2</b>")
                           .arg(methodLabel(request_.method).toHtmlEscaped(),
                                QDir::toNativeSeparators(request_.out).toHtmlEscaped())
                     : tr("Training <b>%1</b>")
                           .arg(QDir::toNativeSeparators(request_.out).toHtmlEscaped());
        break;
    case State::stopping:
        status = tr("Stopping <b>%1</b> at a safe point...")
                     .arg(QDir::toNativeSeparators(request_.out).toHtmlEscaped());
        break;
    case State::stopped:
        status = tr("Stopped <b>%1</b>; Resume continues from the checkpoint.")
                     .arg(QDir::toNativeSeparators(request_.out).toHtmlEscaped());
        break;
    case State::finished:
        status =
            tr("Finished <b>%1</b>").arg(QDir::toNativeSeparators(request_.out).toHtmlEscaped());
        progress_->setValue(progress_->maximum());
        break;
    case State::failed:
        status = tr("<span style='color:#c62828'>Failed</span> <b>%1</b>: %2")
                     .arg(QDir::toNativeSeparators(request_.out).toHtmlEscaped(),
                          error_.toHtmlEscaped());
        break;
    }
    title_->setText(status);
    if (wasRunning != running()) Q_EMIT runningChanged(running());
}

void TrainingView::retranslateUi() {
    stageChoice_->setItemText(0, tr("Current stage"));
    for (int i = 1; i < stageChoice_->count(); ++i)
        stageChoice_->setItemText(i, stageTitle(stageChoice_->itemData(i).toString()));
    stageLabel_->setText(tr("Chart:"));
    smooth_->setText(tr("Smooth train loss (EMA)"));
    newRun_->setText(tr("New training run..."));
    stop_->setText(tr("Stop"));
    stop_->setToolTip(tr("Stop at the next safe point; the run stays resumable (Esc)"));
    resume_->setText(tr("Resume"));
    open_->setText(tr("Open the run"));
    showProgressText();
    log_->setPlaceholderText(tr("Training log"));
    setState(state_);
    dirty_ = true;
}

void TrainingView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

} // namespace semcot::ui
