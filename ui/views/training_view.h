// A training run in progress (SemCoT from a preset, or a baseline on a finished run): progress
// bar with stage, step and ETA, live loss charts (EMA smoothing can be turned off), the log,
// Stop (a safe point with a resumable checkpoint) and Resume. The job runs in a TrainingWorker
// on its own thread.
#pragma once

#include "owned_worker.h"
#include "studio_types.h"

#include <QMap>
#include <QPointF>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QThread;
class QTimer;

namespace semcot::ui {

class LossChart;
class TrainingWorker;

class TrainingView final : public QWidget {
    Q_OBJECT
public:
    enum class State { idle, running, stopping, stopped, finished, failed };

    explicit TrainingView(QWidget* parent = nullptr);
    ~TrainingView() override;

    State state() const { return state_; }
    bool running() const { return state_ == State::running || state_ == State::stopping; }
    QString runFolder() const { return request_.out; }
    const TrainRequest& request() const { return request_; }
    // The run open in the app: a new baseline trains on it unless the dialog says otherwise.
    void setOpenRun(const QString& folder) { openRun_ = folder; }
    QString logText() const;
    int progressValue() const;
    LossChart* lossChart() const { return chart_; }
    QStringList stages() const { return series_.keys(); }

public Q_SLOTS:
    void start(const semcot::ui::TrainRequest& request);
    // Continues the interrupted run in `folder` with the preset recorded in its run.json, or
    // the baseline stopped in this session in `folder` with the same settings.
    void resume(const QString& folder);
    void stop();
    void newRunRequested();

Q_SIGNALS:
    void startRequested(const semcot::ui::TrainRequest& request); // to the worker
    void runningChanged(bool running);
    void runFinished(const QString& folder);
    // A baseline (`method`) finished training on the run `base`.
    void baselineFinished(const QString& base, const QString& method);
    void openRunRequested(const QString& folder);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct StageSeries {
        QList<QPointF> train, reasoning, answer;            // per step
        QList<QPointF> validation, valReasoning, valAnswer; // per epoch
    };
    void connectWorker();
    void createWidgets();
    void layOut();
    void connectControls();
    void retranslateUi();
    void setState(State s);
    void onProgress(const QVector<semcot::ui::TrainPoint>& points);
    void onLog(const QString& line);
    void showProgressText();
    void refreshChart();
    void appendLog(const QString& line);

    OwnedWorker<TrainingWorker> worker_; // its own thread, joined on destruction
    TrainRequest request_;
    QString openRun_;
    State state_ = State::idle;
    QMap<QString, StageSeries> series_;
    QString currentStage_;
    bool dirty_ = false;
    QTimer* refresh_ = nullptr;
    TrainPoint last_;
    QString error_; // why the last run failed

    QLabel* title_ = nullptr;
    QLabel* stage_ = nullptr;
    QLabel* eta_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QComboBox* stageChoice_ = nullptr;
    QCheckBox* smooth_ = nullptr;
    LossChart* chart_ = nullptr;
    QPlainTextEdit* log_ = nullptr;
    QPushButton* newRun_ = nullptr;
    QPushButton* stop_ = nullptr;
    QPushButton* resume_ = nullptr;
    QPushButton* open_ = nullptr;
    QLabel* stageLabel_ = nullptr;
};

} // namespace semcot::ui
