// The main window of SemCoT Studio: the open run, six views (Ask, Alignment, Training, Runs,
// Evaluation, Diagnostics), menus with the Run / Stop / Open shortcuts, drag and drop of run folders.
// The open run lives in an InferenceWorker on its own thread.
#pragma once

#include "owned_worker.h"
#include "studio_types.h"

#include <QMainWindow>

#include <functional>

class QAction;
class QFrame;
class QLabel;
class QPushButton;
class QProgressBar;
class QTabWidget;
class QThread;
class QToolButton;

namespace semcot::ui {

class AlignmentView;
class AskView;
class DiagnosticsView;
class EvaluationView;
class InferenceWorker;
class RunsView;
class TrainingView;

class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a run folder. Wrong folders get a message saying what is missing (returned too);
    // an empty string means loading started.
    QString openRun(const QString& folder);
    QString currentRun() const { return run_; }
    // The run being opened, or the open one ("" before the first openRun).
    QString requestedRun() const { return requested_; }
    bool isRunLoaded() const { return loaded_; }
    // The message banner's text (empty when hidden).
    QString message() const;
    // The banner's button ("Resume training" for an unfinished run; null when it has none).
    QPushButton* messageAction() const;
    // "ask", "alignment", "training", "runs", "evaluation", "diagnostics"; false if unknown.
    bool showView(const QString& name);

    AskView* askView() const { return ask_; }
    AlignmentView* alignmentView() const { return alignment_; }
    TrainingView* trainingView() const { return training_; }
    RunsView* runsView() const { return runs_; }
    EvaluationView* evaluationView() const { return evaluation_; }
    DiagnosticsView* diagnosticsView() const { return diagnostics_; }

public Q_SLOTS:
    void openRunDialog();
    void newTrainingRun();
    void runCurrent();
    void stopCurrent();
    void showSettings();
    void showAbout();

Q_SIGNALS:
    void loadRequested(const QString& folder, const QString& device); // to the worker
    void runLoaded(const QString& folder);
    void runLoadFailed(const QString& message);

protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void retranslateUi();
    void createViews();     // the five views in their tabs
    void createBanner();    // the message banner above the tabs (hidden)
    void createStatusBar(); // the open run and a busy bar
    void connectWorker();
    void connectViews();
    void createActions();
    // The banner; `text` is called again when the language changes. `action` (optional): the
    // button's label (also called again) and what it does.
    void showMessage(std::function<QString()> text, bool error,
                     std::function<QString()> actionText = {}, std::function<void()> action = {});
    void hideMessage();
    void resumeRun(const QString& folder);
    void updateRunLabel();

    OwnedWorker<InferenceWorker> worker_; // its own thread, joined on destruction
    QString run_;
    QString requested_;
    bool loaded_ = false;

    QTabWidget* tabs_ = nullptr;
    AskView* ask_ = nullptr;
    AlignmentView* alignment_ = nullptr;
    TrainingView* training_ = nullptr;
    RunsView* runs_ = nullptr;
    EvaluationView* evaluation_ = nullptr;
    DiagnosticsView* diagnostics_ = nullptr;
    QFrame* banner_ = nullptr;
    QLabel* bannerText_ = nullptr;
    QPushButton* bannerAction_ = nullptr;
    std::function<QString()> messageText_, actionText_;
    std::function<void()> action_;
    QLabel* runLabel_ = nullptr;
    QProgressBar* busy_ = nullptr;

    QMenu* fileMenu_ = nullptr;
    QMenu* runMenu_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    QMenu* helpMenu_ = nullptr;
    QAction* open_ = nullptr;
    QAction* openShipped_ = nullptr;
    QAction* newRun_ = nullptr;
    QAction* exportReport_ = nullptr;
    QAction* settings_ = nullptr;
    QAction* quit_ = nullptr;
    QAction* run_action_ = nullptr;
    QAction* stop_action_ = nullptr;
    QAction* about_ = nullptr;
    QAction* logFile_ = nullptr;
    QList<QAction*> viewActions_;
};

} // namespace semcot::ui
