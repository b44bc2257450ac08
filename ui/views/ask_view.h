// Ask (ask_view.cpp: the view and its jobs; ask_view_text.cpp: what its panes say): one question
// answered with the explicit chain of thought (left, streamed token by token) and with a chosen
// method (right: SemCoT by default, No-CoT, or a baseline trained on the run; its latent tokens as
// chips with their nearest sentences where it has them, the answer), with their latencies.
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
class MethodChoice;

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
    // Lists the run's baselines again (one was just trained on it).
    void refreshMethods();
    // The method that answers beside the explicit CoT ("semcot", "nocot", "coconut", ...);
    // setMethod is false when the run does not offer it (unknown or not trained).
    QString method() const;
    bool setMethod(const QString& name);
    MethodChoice* methodChoice() const { return method_; }
    // Puts a question in the box (selecting it in the test set when it is one).
    void setQuestion(const QString& question);
    // Picks test question `index`.
    void selectTestQuestion(int index);
    int testQuestionCount() const { return int(questions_.size()); }
    bool busy() const { return busy_; }
    // Asks for the interventions on the question in the box; false (and a notice) when the
    // box is empty or the method has no latent tokens.
    bool requestInterventions();

    // For tests and screenshots.
    QString explicitText() const;
    QString explicitAnswer() const; // the extracted answer ("" when none or not run)
    QString implicitAnswer() const;
    QString implicitOutput() const; // the chosen method's generated text
    QString answeredMethod() const { return hasOther_ ? other_.method : QString(); }
    QString implicitTitle() const; // the right pane's title
    QString chipsHintText() const; // what the chips area says while it has no chips
    int chipCount() const;
    // The question the panes answer ("" when they are empty).
    QString answeredQuestion() const { return answered_; }
    // The line beside Run: the job's phase, "Stopped.", or why Run did nothing.
    QString statusText() const;
    // True when the panes hold answers to a question other than the one in the box, or the
    // right pane holds another method's answer than the one chosen.
    bool showsOtherQuestion() const;
    bool showsOtherMethod() const;
    LatencyChart* latencyChart() const { return latency_; }
    // The trained decoder's reading of the latent tokens (ask_view_decoded.cpp): the text shown
    // (streamed so far), and the line over it (the probe's label and its controls' scores, or
    // the hint naming `semcot train-decoder` when the run has no decoder).
    QString decodedText() const;
    QString decodedHeader() const;

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
    void onExplainSkipped(const QString& method);
    void onDecodedStreamed(const QString& text);
    void onDecodedFinished(const semcot::ui::DecodedView& view);
    void onDecodedFailed(const QString& message);
    void onFinished(bool cancelled);
    void onFailed(const QString& message);

Q_SIGNALS:
    void askRequested(const QString& question, const QString& gold, const QString& goldReasoning,
                      const QString& method);
    void stopRequested();
    void busyChanged(bool busy);
    // "Interventions": the question in the box, answered by `method` (one with latent tokens)
    // with its tokens zeroed, swapped, removed (the Diagnostics view runs and shows them).
    void interventionsRequested(const QString& question, const QString& method);

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
        noLatents, // the method has none (No-CoT, ICoT-SI)
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
    // The method the right pane is about: the one answering or answered, else the chosen one.
    QString paneMethod() const;
    void clearChips();
    void buildDecodedPane(QWidget* parent);
    void showDecoded();
    void clearDecoded();

    QComboBox* testSet_ = nullptr;
    QPlainTextEdit* question_ = nullptr;
    QLabel* questionLabel_ = nullptr;
    QLabel* methodLabel_ = nullptr;
    MethodChoice* method_ = nullptr;
    QLabel* gold_ = nullptr;
    QLabel* staleNote_ = nullptr;
    QPushButton* run_ = nullptr;
    QPushButton* stop_ = nullptr;
    QPushButton* interventions_ = nullptr;
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
    QLabel* decodedHeader_ = nullptr;
    QPlainTextEdit* decoded_ = nullptr;
    LatencyChart* latency_ = nullptr;

    QString folder_; // the open run
    QStringList questions_, answers_, reasonings_;
    int k_ = 0;
    bool busy_ = false;
    bool hasRun_ = false;
    bool hasCot_ = false, hasOther_ = false;
    MethodOutcome cot_, other_; // the explicit CoT and the chosen method's answer
    QString answered_;          // the question of the answers shown
    QString answeredMethod_;    // the method asked for with it
    QString pending_;           // asked while a job ran: answered when it ends
    Hint hint_ = Hint::pressRun;
    QString hintDetail_; // the error of Hint::explainFailed / Hint::failed
    Notice notice_ = Notice::none;
    QString phaseText_; // the worker's phase while busy
    // The decoder's reading: none yet, being generated, done, no decoder, or failed.
    enum class Decoded { none, streaming, done, absent, failed };
    Decoded decodedState_ = Decoded::none;
    DecodedView decodedView_;
    QString decodedDetail_; // the error of Decoded::failed
};

} // namespace semcot::ui
