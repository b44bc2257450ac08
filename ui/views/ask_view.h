// Ask: one question answered with the explicit chain of thought (left, streamed token by token)
// and with SemCoT (right: the implicit tokens as chips, the answer), with their latencies.
#pragma once

#include "studio_types.h"

#include <QWidget>

class QComboBox;
class QGroupBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QVBoxLayout;

namespace semcot::ui {

class LatencyChart;

class AskView final : public QWidget {
    Q_OBJECT
public:
    explicit AskView(QWidget* parent = nullptr);

    // The open run's test set (questions, gold answers and reasoning) and k. Clears the answers
    // of the previous run and the latency history.
    void setRun(const QString& folder, const QStringList& questions, const QStringList& answers,
                const QStringList& reasonings, int k);
    // No run open (another one is loading): the test set and the answers go.
    void clearRun();
    // Puts a question in the box (selecting it in the test set when it is one).
    void setQuestion(const QString& question);
    // Picks test question `index`.
    void selectTestQuestion(int index);
    int testQuestionCount() const { return int(questions_.size()); }
    bool busy() const { return busy_; }

    // For tests and screenshots.
    QString explicitText() const;
    QString explicitAnswer() const; // the extracted answer ("" when none or not run)
    QString implicitAnswer() const;
    QString implicitOutput() const; // SemCoT's generated text
    int chipCount() const;
    // The question the panes answer ("" when they are empty).
    QString answeredQuestion() const { return answered_; }
    // The line beside Run: the job's phase, "Stopped.", or why Run did nothing.
    QString statusText() const;
    // True when the panes hold answers to a question other than the one in the box.
    bool showsOtherQuestion() const;
    LatencyChart* latencyChart() const { return latency_; }

public Q_SLOTS:
    void run();  // emits askRequested for the question in the box
    void stop(); // emits stopRequested while busy
    // Puts `question` in the box and answers it at once (after stopping a running job).
    void ask(const QString& question);

    void onStarted();
    void onProgress(const QString& phase);
    void onExplicitStreamed(const QString& text);
    void onExplicitFinished(const semcot::ui::MethodOutcome& outcome);
    void onImplicitFinished(const semcot::ui::MethodOutcome& outcome);
    void onExplainFinished(const semcot::ui::ExplainView& view);
    void onExplainFailed(const QString& message);
    void onFinished(bool cancelled);
    void onFailed(const QString& message);

Q_SIGNALS:
    void askRequested(const QString& question, const QString& gold, const QString& goldReasoning);
    void stopRequested();
    void busyChanged(bool busy);

protected:
    void changeEvent(QEvent* event) override;

private:
    // What the chips area says while it has no chips.
    enum class Hint {
        pressRun,
        waitingCot,
        generating,
        decoding,
        stopped,
        explainFailed,
        failed,
        none
    };
    // What the line beside Run says when no job runs.
    enum class Notice { none, stopped, emptyQuestion, noRun };

    QLayout* buildQuestionPanel();
    void buildExplicitPane();
    void buildImplicitPane();
    QWidget* buildAnswerPanes();
    void connectControls();
    void retranslateUi();
    void setBusy(bool busy);
    void updateGold();
    void updateStaleNote();
    void clearAnswers();
    int testIndex() const; // index of the question in the box in the test set, or -1
    void showExplicit();
    void showImplicit();
    void showHint();
    void showNotice();
    void clearChips();

    QComboBox* testSet_ = nullptr;
    QPlainTextEdit* question_ = nullptr;
    QLabel* questionLabel_ = nullptr;
    QLabel* gold_ = nullptr;
    QLabel* staleNote_ = nullptr;
    QPushButton* run_ = nullptr;
    QPushButton* stop_ = nullptr;
    QProgressBar* busyBar_ = nullptr;
    QLabel* phase_ = nullptr;
    QGroupBox* explicitBox_ = nullptr;
    QPlainTextEdit* explicit_ = nullptr;
    QLabel* explicitAnswer_ = nullptr;
    QGroupBox* implicitBox_ = nullptr;
    QScrollArea* chipsArea_ = nullptr;
    QVBoxLayout* chips_ = nullptr;
    QLabel* chipsHint_ = nullptr;
    QLabel* implicitAnswer_ = nullptr;
    LatencyChart* latency_ = nullptr;

    QStringList questions_, answers_, reasonings_;
    int k_ = 0;
    bool busy_ = false;
    bool hasRun_ = false;
    bool hasCot_ = false, hasSemcot_ = false;
    MethodOutcome cot_, semcot_;
    QString answered_; // the question of the answers shown
    QString pending_;  // asked while a job ran: answered when it ends
    Hint hint_ = Hint::pressRun;
    QString hintDetail_; // the error of Hint::explainFailed / Hint::failed
    Notice notice_ = Notice::none;
    QString phaseText_; // the worker's phase while busy
};

} // namespace semcot::ui
