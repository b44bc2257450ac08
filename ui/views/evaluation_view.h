// Evaluation of the open run: methods (explicit CoT, no-CoT, SemCoT and the baselines trained
// on the run, each from RUN/methods/NAME), split and number of samples; progress; a table per
// method (accuracy with CI, latencies, speed-up), bar charts of accuracy and latency, and the
// samples, filterable by correct / incorrect and method, each opening in the Ask view; SemCoT
// against each other method on the same questions and where each fails (evaluation_analysis.h).
#pragma once

#include "owned_worker.h"
#include "studio_types.h"

#include <QWidget>

class QBarCategoryAxis;
class QBarSeries;
class QChart;
class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QSplitter;
class QTableWidget;
class QTabWidget;
class QThread;
class QValueAxis;

namespace semcot::ui {

class EvaluationWorker;
class FailureBrowser;
class PairedTable;

class EvaluationView final : public QWidget {
    Q_OBJECT
public:
    explicit EvaluationView(QWidget* parent = nullptr);
    ~EvaluationView() override;

    // The run to evaluate; its trained baselines' boxes are enabled (and checked when they were
    // not offered before), the others disabled with the command that trains them.
    void setRun(const QString& folder);
    bool running() const { return running_; }
    // The box of a method (methods.h name), null for an unknown one.
    QCheckBox* methodBox(const QString& name) const;
    // The methods checked and enabled, in table order.
    QStringList checkedMethods() const;
    // Checks exactly `names` (those offered); false when one is unknown or not offered.
    bool setCheckedMethods(const QStringList& names);
    const EvalData& result() const { return data_; }
    int visibleSampleCount() const;
    void setLimit(int n);
    // The `semcot eval` command equivalent to Evaluate with the current choices ("Copy as
    // command" puts it on the clipboard).
    QString command() const;
    PairedTable* pairedTable() const { return paired_; }
    FailureBrowser* failureBrowser() const { return failures_; }
    // Shows the samples (0) or where the methods fail (1) below the summary.
    void showDetails(int tab);

public Q_SLOTS:
    void run();
    void stop();
    void showResult(const semcot::ui::EvalData& data);

Q_SIGNALS:
    void startRequested(const semcot::ui::EvalRequest& request); // to the worker
    void askRequested(const QString& question);
    void finished();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void setRunning(bool running);
    void connectWorker();
    void createControls();
    void createSummary();
    QLayout* createCharts();
    void createSampleTable();
    void layOut(QLayout* charts);
    void connectControls();
    void render(); // the tables and charts of data_, in the current language
    void fillSummary();
    void updateMethodBoxes();
    void drawCharts();
    void showHint();
    void fillSamples();
    void exportJson();
    void copyCommand();
    EvalRequest request() const; // what Evaluate would start

    OwnedWorker<EvaluationWorker> worker_; // its own thread, joined on destruction
    QString run_;
    bool running_ = false;
    EvalData data_;
    bool hasResult_ = false;
    // What the line under the tables says.
    enum class Hint {
        choose,
        noMethod,
        evaluating,
        stopped,
        done,
        failed
    } hint_state_ = Hint::choose;
    QString error_; // Hint::failed
    QString phase_; // Hint::evaluating: what the worker does before the questions ("Loading ...")

    QLabel* runLabel_ = nullptr;
    QLabel* methodsLabel_ = nullptr;
    QList<QCheckBox*> methods_; // one per method, in table order (property "method": its name)
    QLabel* splitLabel_ = nullptr;
    QComboBox* split_ = nullptr;
    QLabel* limitLabel_ = nullptr;
    QSpinBox* limit_ = nullptr;
    QPushButton* run_button_ = nullptr;
    QPushButton* stop_ = nullptr;
    QPushButton* export_ = nullptr;
    QPushButton* copyCommand_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QTableWidget* summary_ = nullptr;
    QChart* accuracyChart_ = nullptr;
    QChart* latencyChart_ = nullptr;
    QLabel* filterLabel_ = nullptr;
    QComboBox* filter_ = nullptr;
    QComboBox* methodFilter_ = nullptr;
    QTableWidget* samples_ = nullptr;
    PairedTable* paired_ = nullptr;
    FailureBrowser* failures_ = nullptr;
    QTabWidget* details_ = nullptr; // samples | where it fails
    QSplitter* splitter_ = nullptr; // the summary, paired table and charts over details_
    QLabel* hint_ = nullptr;
};

} // namespace semcot::ui
