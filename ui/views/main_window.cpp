#include "main_window.h"

#include "about_dialog.h"
#include "alignment_view.h"
#include "ask_view.h"
#include "core_bridge.h"
#include "diagnostics_view.h"
#include "evaluation_view.h"
#include "inference_worker.h"
#include "log_file.h"
#include "methods.h"
#include "report_export_dialog.h"
#include "run_folder.h"
#include "runs_view.h"
#include "settings.h"
#include "settings_dialog.h"
#include "training_dialog.h"
#include "training_view.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QThread>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>

namespace semcot::ui {

namespace {

const char* const kViewNames[] = {"ask",  "alignment",  "training",
                                   "runs", "evaluation", "diagnostics"};
constexpr int kViewCount = 6;

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , worker_(this, QStringLiteral("inference")) {
    registerStudioTypes();
    applyThreadCount(Settings::threads()); // the main thread's count, for the workers
    setAcceptDrops(true);

    worker_.start();

    createViews();
    createBanner();
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(banner_);
    layout->addWidget(tabs_, 1);
    setCentralWidget(central);
    createStatusBar();

    connectWorker();
    connectViews();

    createActions();
    retranslateUi();
    resize(1200, 800);
}

MainWindow::~MainWindow() = default; // OwnedWorker cancels and joins the job

void MainWindow::createViews() {
    ask_ = new AskView(this);
    alignment_ = new AlignmentView(this);
    training_ = new TrainingView(this);
    runs_ = new RunsView(this);
    evaluation_ = new EvaluationView(this);
    diagnostics_ = new DiagnosticsView(this);
    tabs_ = new QTabWidget(this);
    tabs_->setDocumentMode(true);
    tabs_->addTab(ask_, QString());
    tabs_->addTab(alignment_, QString());
    tabs_->addTab(training_, QString());
    tabs_->addTab(runs_, QString());
    tabs_->addTab(evaluation_, QString());
    tabs_->addTab(diagnostics_, QString());
}

void MainWindow::createBanner() {
    banner_ = new QFrame(this);
    banner_->setObjectName(QStringLiteral("banner"));
    bannerText_ = new QLabel(banner_);
    bannerText_->setObjectName(QStringLiteral("bannerText"));
    bannerText_->setWordWrap(true);
    bannerText_->setTextFormat(Qt::PlainText);
    bannerText_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bannerAction_ = new QPushButton(banner_);
    bannerAction_->setObjectName(QStringLiteral("bannerAction"));
    bannerAction_->setVisible(false);
    auto* bannerLayout = new QHBoxLayout(banner_);
    bannerLayout->setContentsMargins(6, 4, 6, 4);
    bannerLayout->addWidget(bannerText_, 1);
    bannerLayout->addWidget(bannerAction_);
    banner_->setVisible(false);
    connect(bannerAction_, &QPushButton::clicked, this, [this] {
        const auto action = action_; // the action may replace the banner (and action_)
        if (action) action();
    });
}

void MainWindow::createStatusBar() {
    runLabel_ = new QLabel(this);
    busy_ = new QProgressBar(this);
    busy_->setRange(0, 0);
    busy_->setMaximumWidth(100);
    busy_->setMaximumHeight(12);
    busy_->setVisible(false);
    statusBar()->addWidget(runLabel_, 1);
    statusBar()->addPermanentWidget(busy_);
}

// Worker wiring: commands go in as queued signals, results come back the same way.
void MainWindow::connectWorker() {
    connect(this, &MainWindow::loadRequested, worker_.get(), &InferenceWorker::load);
    // Direct (UI thread) first, then the queued job: a Stop after Run is never lost.
    connect(ask_, &AskView::askRequested, this, [this] { worker_->resetCancel(); });
    connect(ask_, &AskView::askRequested, worker_.get(), &InferenceWorker::ask);
    connect(ask_, &AskView::stopRequested, this, [this] { worker_->cancel(); });
    connect(worker_.get(), &InferenceWorker::started, ask_, &AskView::onStarted);
    connect(worker_.get(), &InferenceWorker::progressUpdated, ask_, &AskView::onProgress);
    connect(worker_.get(), &InferenceWorker::explicitStreamed, ask_, &AskView::onExplicitStreamed);
    connect(worker_.get(), &InferenceWorker::explicitFinished, ask_, &AskView::onExplicitFinished);
    connect(worker_.get(), &InferenceWorker::implicitFinished, ask_, &AskView::onImplicitFinished);
    connect(worker_.get(), &InferenceWorker::explainFinished, ask_, &AskView::onExplainFinished);
    connect(worker_.get(), &InferenceWorker::explainFinished, alignment_,
            &AlignmentView::setExplanation);
    connect(worker_.get(), &InferenceWorker::explainFailed, ask_, &AskView::onExplainFailed);
    connect(worker_.get(), &InferenceWorker::explainFailed, alignment_, &AlignmentView::setError);
    connect(worker_.get(), &InferenceWorker::explainSkipped, ask_, &AskView::onExplainSkipped);
    connect(worker_.get(), &InferenceWorker::explainSkipped, alignment_,
            [this](const QString& method) { alignment_->setNote(noLatentsNote(method)); });
    connect(worker_.get(), &InferenceWorker::decodedStreamed, ask_, &AskView::onDecodedStreamed);
    connect(worker_.get(), &InferenceWorker::decodedFinished, ask_, &AskView::onDecodedFinished);
    connect(worker_.get(), &InferenceWorker::decodedFailed, ask_, &AskView::onDecodedFailed);
    connect(worker_.get(), &InferenceWorker::decodedFinished, alignment_,
            &AlignmentView::setDecoded);
    connect(worker_.get(), &InferenceWorker::finished, ask_, &AskView::onFinished);
    connect(worker_.get(), &InferenceWorker::failed, ask_, &AskView::onFailed);
    connect(worker_.get(), &InferenceWorker::loadStarted, this, [this](const QString& folder) {
        busy_->setVisible(true);
        runLabel_->setText(tr("Loading %1...").arg(QDir::toNativeSeparators(folder)));
    });
    connect(worker_.get(), &InferenceWorker::loaded, this,
            [this](const QString& folder, const QStringList& q, const QStringList& a,
                   const QStringList& r, int k) {
                busy_->setVisible(false);
                run_ = folder;
                loaded_ = true;
                Settings::setLastRun(folder);
                Settings::addRecentRun(folder); // listed in the Runs view wherever it is
                ask_->setRun(folder, q, a, r, k);
                alignment_->clear();
                evaluation_->setRun(folder);
                diagnostics_->setRun(folder);
                training_->setOpenRun(folder); // a new baseline trains on it by default
                runs_->setCurrentRun(folder);
                updateRunLabel();
                Q_EMIT runLoaded(folder);
            });
    connect(
        worker_.get(), &InferenceWorker::loadFailed, this,
        [this](const QString& folder, const QString& message) {
            busy_->setVisible(false);
            updateRunLabel();
            auto text = [folder, message] {
                return tr("Could not open %1: %2").arg(QDir::toNativeSeparators(folder), message);
            };
            showMessage(text, true);
            Q_EMIT runLoadFailed(text());
        });
}

// What the views ask of each other: open a trained run, resume one, answer a sample.
void MainWindow::connectViews() {
    connect(training_, &TrainingView::runFinished, this, [this](const QString& folder) {
        runs_->refresh();
        if (openRun(folder).isEmpty())
            showMessage([] { return tr("Training finished; the new run is open."); }, false);
    });
    // A baseline trained on a run: the run's views offer it (the run is opened if another one
    // is open).
    connect(training_, &TrainingView::baselineFinished, this,
            [this](const QString& base, const QString& method) {
                runs_->refresh();
                auto text = [base, method] {
                    return tr("%1 finished training on %2; the Ask and Evaluation views offer it.")
                        .arg(methodLabel(method), QDir::toNativeSeparators(base));
                };
                const bool open = loaded_ && QFileInfo(base).canonicalFilePath() ==
                                                 QFileInfo(run_).canonicalFilePath();
                if (open) {
                    ask_->refreshMethods();
                    evaluation_->setRun(run_);
                    diagnostics_->setRun(run_);
                    showMessage(text, false);
                } else if (openRun(base).isEmpty()) {
                    showMessage(text, false);
                }
            });
    // A run being trained is listed at once (wherever its folder is), and its status follows.
    connect(training_, &TrainingView::runningChanged, runs_, &RunsView::refresh);
    connect(training_, &TrainingView::openRunRequested, this, [this](const QString& f) {
        openRun(f);
        showView(QStringLiteral("ask"));
    });
    connect(runs_, &RunsView::openRequested, this, [this](const QString& f) {
        if (openRun(f).isEmpty()) showView(QStringLiteral("ask"));
    });
    connect(runs_, &RunsView::resumeRequested, this, &MainWindow::resumeRun);
    // A double-clicked sample is answered at once (not just put in the box).
    connect(evaluation_, &EvaluationView::askRequested, this, [this](const QString& question) {
        showView(QStringLiteral("ask"));
        ask_->ask(question);
    });
    // The Ask view's "Interventions": the asked question alone, shown in Diagnostics.
    connect(ask_, &AskView::interventionsRequested, this,
            [this](const QString& question, const QString& method) {
                showView(QStringLiteral("diagnostics"));
                diagnostics_->runQuestion(question, method);
            });
}

void MainWindow::createActions() {
    fileMenu_ = menuBar()->addMenu(QString());
    runMenu_ = menuBar()->addMenu(QString());
    viewMenu_ = menuBar()->addMenu(QString());
    helpMenu_ = menuBar()->addMenu(QString());
    open_ = fileMenu_->addAction(QString(), this, &MainWindow::openRunDialog);
    open_->setShortcut(QKeySequence::Open);
    open_->setIcon(style()->standardIcon(QStyle::SP_DirOpenIcon));
    openShipped_ = fileMenu_->addAction(QString(), this, [this] { openRun(shippedRunDir()); });
    newRun_ = fileMenu_->addAction(QString(), this, &MainWindow::newTrainingRun);
    newRun_->setShortcut(QKeySequence::New);
    exportReport_ = fileMenu_->addAction(QString(), this, [this] {
        ReportExportDialog dialog(run_.isEmpty() ? QStringList() : QStringList{run_}, this);
        dialog.exec();
    });
    fileMenu_->addSeparator();
    settings_ = fileMenu_->addAction(QString(), this, &MainWindow::showSettings);
    settings_->setShortcut(QKeySequence::Preferences);
    fileMenu_->addSeparator();
    quit_ = fileMenu_->addAction(QString(), this, &QWidget::close);
    quit_->setShortcut(QKeySequence::Quit);
    run_action_ = runMenu_->addAction(QString(), this, &MainWindow::runCurrent);
    run_action_->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return),
                               QKeySequence(Qt::CTRL | Qt::Key_Enter), QKeySequence(Qt::Key_F5)});
    run_action_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    stop_action_ = runMenu_->addAction(QString(), this, &MainWindow::stopCurrent);
    stop_action_->setShortcuts(
        {QKeySequence(Qt::Key_Escape), QKeySequence(Qt::SHIFT | Qt::Key_F5)});
    stop_action_->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    for (int i = 0; i < kViewCount; ++i) {
        auto* a = viewMenu_->addAction(QString(), this, [this, i] { tabs_->setCurrentIndex(i); });
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        viewActions_ << a;
    }
    logFile_ = helpMenu_->addAction(
        QString(), this, [] { QDesktopServices::openUrl(QUrl::fromLocalFile(logFilePath())); });
    about_ = helpMenu_->addAction(QString(), this, &MainWindow::showAbout);
    auto* toolbar = addToolBar(QStringLiteral("main"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(open_);
    toolbar->addAction(newRun_);
    toolbar->addSeparator();
    toolbar->addAction(run_action_);
    toolbar->addAction(stop_action_);
}

QString MainWindow::openRun(const QString& folder) {
    const FolderCheck check = checkFolder(folder);
    const QString path = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    auto message = [folder] { return checkFolder(folder).message; }; // again in a new language
    if (check.kind == FolderKind::unfinishedRun || check.kind == FolderKind::failedRun) {
        Settings::addRecentRun(path); // listed in the Runs view from now on
        runs_->refresh();
        runs_->select(path);
        if (check.kind == FolderKind::unfinishedRun && !check.trainer) // resumable
            showMessage(
                message, true, [] { return tr("Resume training"); },
                [this, path] { resumeRun(path); });
        else
            showMessage(message, true);
        return check.message;
    }
    if (check.kind != FolderKind::run) {
        showMessage(message, true);
        return check.message;
    }
    hideMessage();
    if (ask_->busy()) worker_->cancel(); // its answers would belong to the run being replaced
    loaded_ = false;
    ask_->clearRun();
    requested_ = path;
    Q_EMIT loadRequested(path, Settings::device());
    return {};
}

void MainWindow::resumeRun(const QString& folder) {
    if (training_->running()) {
        showMessage([] { return tr("A training run is in progress: stop it first."); }, true);
        showView(QStringLiteral("training"));
        return;
    }
    hideMessage();
    showView(QStringLiteral("training"));
    training_->resume(folder);
}

void MainWindow::openRunDialog() {
    const QString start = run_.isEmpty() ? Settings::runFolder() : QFileInfo(run_).absolutePath();
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open a SemCoT run"), start);
    if (!folder.isEmpty()) openRun(folder);
}

void MainWindow::newTrainingRun() {
    showView(QStringLiteral("training"));
    training_->newRunRequested();
}

void MainWindow::runCurrent() {
    QWidget* w = tabs_->currentWidget();
    if (w == evaluation_) {
        evaluation_->run();
    } else if (w == diagnostics_) {
        diagnostics_->run();
    } else if (w == training_) {
        if (training_->state() == TrainingView::State::stopped)
            training_->resume(training_->runFolder());
        else if (!training_->running())
            training_->newRunRequested();
    } else {
        showView(QStringLiteral("ask"));
        ask_->run();
    }
}

void MainWindow::stopCurrent() {
    QWidget* w = tabs_->currentWidget();
    if (w == training_)
        training_->stop();
    else if (w == evaluation_)
        evaluation_->stop();
    else if (w == diagnostics_)
        diagnostics_->stop();
    else
        ask_->stop();
}

void MainWindow::showSettings() {
    SettingsDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted && runs_->runFolder() != Settings::runFolder())
        runs_->setRunFolder(Settings::runFolder());
}

void MainWindow::showAbout() {
    AboutDialog dialog(this);
    dialog.exec();
}

QString MainWindow::message() const {
    return banner_->isHidden() ? QString() : bannerText_->text();
}

QPushButton* MainWindow::messageAction() const {
    return banner_->isHidden() || bannerAction_->isHidden() ? nullptr : bannerAction_;
}

void MainWindow::showMessage(std::function<QString()> text, bool error,
                             std::function<QString()> actionText, std::function<void()> action) {
    messageText_ = std::move(text);
    actionText_ = std::move(actionText);
    action_ = std::move(action);
    bannerText_->setText(messageText_());
    bannerAction_->setText(actionText_ ? actionText_() : QString());
    bannerAction_->setVisible(bool(action_));
    banner_->setStyleSheet(
        error ? QStringLiteral("#banner { background: #fdecea; border: 1px solid #f5c6cb; "
                               "border-radius: 4px; } #bannerText { color: #611a15; }")
              : QStringLiteral("#banner { background: #e8f5e9; border: 1px solid #c8e6c9; "
                               "border-radius: 4px; } #bannerText { color: #1b5e20; }"));
    banner_->setVisible(true);
    if (error) qWarning("%s", qPrintable(bannerText_->text()));
}

void MainWindow::hideMessage() {
    banner_->setVisible(false);
    messageText_ = actionText_ = {};
    action_ = {};
}

bool MainWindow::showView(const QString& name) {
    for (int i = 0; i < kViewCount; ++i)
        if (name == QLatin1String(kViewNames[i])) {
            tabs_->setCurrentIndex(i);
            return true;
        }
    return false;
}

void MainWindow::updateRunLabel() {
    runLabel_->setText(
        run_.isEmpty() || !loaded_
            ? tr("No run open. Open one with Ctrl+O or drop its folder here.")
            : tr("Run: %1   Device: %2").arg(QDir::toNativeSeparators(run_), Settings::device()));
    setWindowTitle(loaded_ ? tr("%1 - SemCoT Studio").arg(QFileInfo(run_).fileName())
                           : tr("SemCoT Studio"));
}

void MainWindow::retranslateUi() {
    tabs_->setTabText(0, tr("Ask"));
    tabs_->setTabText(1, tr("Alignment"));
    tabs_->setTabText(2, tr("Training"));
    tabs_->setTabText(3, tr("Runs"));
    tabs_->setTabText(4, tr("Evaluation"));
    tabs_->setTabText(5, tr("Diagnostics"));
    fileMenu_->setTitle(tr("&File"));
    runMenu_->setTitle(tr("&Run"));
    viewMenu_->setTitle(tr("&View"));
    helpMenu_->setTitle(tr("&Help"));
    open_->setText(tr("&Open run..."));
    openShipped_->setText(tr("Open the &shipped tiny run"));
    newRun_->setText(tr("&New training run..."));
    exportReport_->setText(tr("&Export report..."));
    settings_->setText(tr("&Settings..."));
    quit_->setText(tr("&Quit"));
    run_action_->setText(tr("&Run"));
    run_action_->setToolTip(tr("Run the current view's job (Ctrl+Return)"));
    stop_action_->setText(tr("&Stop"));
    stop_action_->setToolTip(tr("Stop the current view's job (Esc)"));
    const char* names[] = {QT_TR_NOOP("&Ask"), QT_TR_NOOP("A&lignment"), QT_TR_NOOP("&Training"),
                           QT_TR_NOOP("R&uns"), QT_TR_NOOP("&Evaluation"),
                           QT_TR_NOOP("&Diagnostics")};
    for (int i = 0; i < viewActions_.size(); ++i) viewActions_[i]->setText(tr(names[i]));
    logFile_->setText(tr("Open the &log file"));
    about_->setText(tr("&About SemCoT Studio"));
    updateRunLabel();
    if (messageText_) bannerText_->setText(messageText_()); // the banner in the new language
    if (actionText_) bannerAction_->setText(actionText_());
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (training_->running()) {
        const auto answer = QMessageBox::question(this, tr("Training in progress"),
                                                  tr("A training run is in progress. Stop it at a "
                                                     "safe point (it stays resumable) and quit?"));
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
    }
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const auto urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.first().isLocalFile() &&
        QFileInfo(urls.first().toLocalFile()).isDir())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const auto urls = event->mimeData()->urls();
    if (urls.isEmpty()) return;
    const QString folder = urls.first().toLocalFile();
    const FolderCheck check = checkFolder(folder);
    if (check.kind == FolderKind::model) {
        // A model folder: offer it as the teacher of a new run.
        showView(QStringLiteral("training"));
        TrainingDialog dialog(this);
        dialog.setTeacherFolder(folder);
        if (dialog.exec() == QDialog::Accepted) training_->start(dialog.request());
        return;
    }
    openRun(folder);
    event->acceptProposedAction();
}

} // namespace semcot::ui
