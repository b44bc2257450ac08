// semcot-studio's scripted use: the command-line options that open a view or a dialog, ask
// test questions, evaluate, start a training run, and save a screenshot once those jobs have
// finished (headless with QT_QPA_PLATFORM=offscreen; docs/studio.md).
//   [--view ask|alignment|training|runs|evaluation|diagnostics] [--method NAME] [--ask N[,N...]]
//   [--evaluate N [--methods LIST] [--details samples|failures]] [--train PRESET.json --out DIR]
//   [--train-baseline NAME [--out DIR]] (NAME trained on the run folder given)
//   [--dialog training|settings|about] [--screenshot FILE.png [--delay MS]]
//   [--select-runs RUN,RUN... [--curve-stage STAGE] [--log-scale]] [--group-by-seed]
//   [--diagnose N] [--lens N] [--interventions N] (the Diagnostics view: N test questions; test
//   question N's raw logit lens; the interventions on test question N alone)
// --method picks what answers beside the explicit CoT in the Ask view (semcot, nocot or a
// baseline trained on the run), and the training dialog's method (its base: the run opened).
#pragma once

#include <QList>
#include <QString>

#include <memory>

class QCommandLineParser;
class QWidget;

namespace semcot::ui {
class MainWindow;
class TrainingDialog;
} // namespace semcot::ui

namespace semcot::studio {

// A bad command line: the message on stderr, exit code 2 (as the semcot command).
int usageError(const QString& message);

class StudioAutomation final {
public:
    StudioAutomation();
    ~StudioAutomation();

    // Adds the options to `parser`; their help is translated in the context "main".
    void addOptions(QCommandLineParser& parser);
    // Reads and checks every value before a window opens: false with the message (exit 2) when
    // one is bad, never silently ignored.
    bool readOptions(const QCommandLineParser& parser, QString* error);

    // --train goes through the training dialog's validation; its messages are the error.
    bool prepareTraining(QString* error);
    // --view, once the window is shown.
    void showView(ui::MainWindow& window) const;
    // Whether a run folder that cannot be opened fails the command line: the jobs need a run,
    // or a screenshot of a run that was given.
    bool needsRun(bool runGiven) const;
    // Starts the dialog, the jobs and the screenshot timers; the event loop runs them. The run
    // is being opened in `window`.
    void start(ui::MainWindow& window);

private:
    // studio_automation_research.cpp: the Runs view's selection and the Diagnostics view.
    void addResearchOptions(QCommandLineParser& parser);
    bool readResearchOptions(const QCommandLineParser& parser, QString* error);
    bool readJobOptions(const QCommandLineParser& parser, QString* error);
    bool readEvaluationOptions(const QCommandLineParser& parser, QString* error);
    void startRuns(ui::MainWindow& window);
    void startDiagnosing(ui::MainWindow& window);
    void showDialog(ui::MainWindow& window);
    void startAsking(ui::MainWindow& window);
    void startEvaluating(ui::MainWindow& window);
    void startTraining(ui::MainWindow& window);
    void scheduleScreenshot(ui::MainWindow& window);
    void jobDone();
    void takeScreenshot();
    bool jobsNeedRun() const {
        return !ask_.isEmpty() || evaluate_ || diagnoseN_ > 0 || lensN_ > 0 || interventionsN_ > 0;
    }
    // Sets --method in the Ask view of the run just loaded; false (exit 2) when not offered.
    bool applyAskMethod(ui::MainWindow& window) const;

    QString view_;          // --view, empty: the window's default
    QList<int> ask_;        // --ask: test question numbers, from 1
    QString method_;        // --method: the Ask view's and the training dialog's method
    QStringList methods_;   // --methods: the Evaluation view's methods; empty: its default
    bool evaluate_ = false; // --evaluate N
    int evaluateN_ = 0;     //   0: all
    bool failures_ = false; // --details failures: the "Where it fails" tab, worst slice listed
    QString trainBaseline_; // --train-baseline NAME: a baseline trained on the run given
    QString runArg_;        // the run folder given on the command line
    bool train_ = false;    // --train PRESET
    QString preset_;
    bool outSet_ = false; // --out FOLDER (with --train)
    QString out_;
    QString dialogPreset_;       // --preset: the training dialog's preset; empty: its default
    QString dialog_;             // --dialog: training, settings, about; empty: none
    bool screenshotSet_ = false; // --screenshot FILE; an empty FILE takes none
    QString screenshot_;
    int delayMs_ = -1; // --delay MS; -1: until the jobs finish
    QStringList selectRuns_;   // --select-runs: selected in the Runs view
    QString curveStage_;       // --curve-stage
    bool logScale_ = false;    // --log-scale
    bool groupBySeed_ = false; // --group-by-seed
    int diagnoseN_ = 0;        // --diagnose N (0: not asked)
    int lensN_ = 0;            // --lens N (test question, from 1; 0: not asked)
    int interventionsN_ = 0;   // --interventions N (test question, from 1; 0: not asked)
    int diagnosticsTab_ = 1;   // the Diagnostics tab shown after --diagnose: interventions

    std::unique_ptr<ui::TrainingDialog> trainDialog_; // --train's checked request
    int pending_ = 0;                                 // jobs still running
    QWidget* target_ = nullptr;                       // what the screenshot shows
};

} // namespace semcot::studio
