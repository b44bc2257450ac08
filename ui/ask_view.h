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

    // The open run's test set (questions, gold answers and reasoning) and k.
    void setRun(const QString& folder, const QStringList& questions, const QStringList& answers,
                const QStringList& reasonings, int k);
    void clearRun();
    // Puts a question in the box (selecting it in the test set when it is one).
    void setQuestion(const QString& question);
    // Picks test question `index`.
    void selectTestQuestion(int index);
    bool busy() const { return busy_; }

    // For tests and screenshots.
    QString explicitText() const;
    QString explicitAnswer() const;
    QString implicitAnswer() const;
    int chipCount() const;
    LatencyChart* latencyChart() const { return latency_; }

public Q_SLOTS:
    void run();  // emits askRequested for the question in the box
    void stop(); // emits stopRequested while busy

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
    void retranslateUi();
    void setBusy(bool busy);
    void updateGold();
    int testIndex() const; // index of the question in the box in the test set, or -1
    void showAnswer(QLabel* label, const MethodOutcome& o);
    void clearChips();

    QComboBox* testSet_ = nullptr;
    QPlainTextEdit* question_ = nullptr;
    QLabel* questionLabel_ = nullptr;
    QLabel* gold_ = nullptr;
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
    bool hasCot_ = false;
    MethodOutcome cot_, semcot_;
    QString explicitAnswerText_, implicitAnswerText_;
};

} // namespace semcot::ui
