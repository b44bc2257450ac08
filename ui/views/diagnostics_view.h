// Diagnostics: are the implicit tokens doing anything (issue 16 §3)? For a run and a method
// with latent tokens (SemCoT, Pause, SoftCoT, Coconut, CODI), on a worker thread
// (DiagnosticsWorker, progress and Stop): the token statistics over the first N questions of a
// split (norms against the teacher's embedding norms, cosine between positions and across
// questions, effective rank), the interventions (zeroed, another question's, removed) with the
// masked control beside them, and the layer-wise raw logit lens of one question (layers x
// latent positions, the top-1 token per cell and the top-k with probabilities on hover).
#pragma once

#include "diagnostics_worker.h"
#include "owned_worker.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableWidget;

namespace semcot::ui {

class DiagnosticsView final : public QWidget {
    Q_OBJECT
public:
    explicit DiagnosticsView(QWidget* parent = nullptr);

    // The run to diagnose (the open one); fills the method and question lists.
    void setRun(const QString& folder);
    QString runFolder() const;
    bool busy() const { return running_; }
    // Settings of the next job (tests, automation).
    bool setMethod(const QString& name); // false when not offered for this run
    void setQuestions(int n);
    void setControl(bool on);
    void setLensQuestion(const QString& question);
    // The run's test questions (the lens question's list; the first 100).
    QStringList testQuestions() const { return questions_; }
    DiagnosticsRequest request(DiagnosticsRequest::Kind kind) const;

    // The shown results (tests).
    const DiagnosticsData& data() const { return data_; }
    QTableWidget* tokenTable() const { return tokens_; }
    QTableWidget* cosineTable() const { return cosine_; }
    QTableWidget* interventionTable() const { return interventions_; }
    QTableWidget* lensGrid() const { return lens_; }
    QString statusText() const;
    void showTab(int index); // 0 tokens, 1 interventions, 2 logit lens

    // Fills the tables from a result as the worker's finished() does.
    void showResult(const DiagnosticsData& data);

public Q_SLOTS:
    void run();     // statistics + interventions (+ control)
    void runLens(); // the logit lens of the lens question
    // The interventions on `question` alone, answered by `method` (the Ask view's action).
    void runQuestion(const QString& question, const QString& method);
    void stop();

Q_SIGNALS:
    void startRequested(const semcot::ui::DiagnosticsRequest& request); // to the worker
    void finished(); // a job ended (done, stopped or failed)

protected:
    void changeEvent(QEvent* event) override;

private:
    void createControls();
    QWidget* createTokenTab();
    QWidget* createInterventionTab();
    QWidget* createLensTab();
    void layOut();
    void connectWorker();
    void retranslateUi();
    void setRunning(bool running);
    void start(DiagnosticsRequest::Kind kind);
    void fillTokens();
    void fillInterventions();
    void fillLens();

    OwnedWorker<DiagnosticsWorker> worker_;
    QLabel* runLabel_ = nullptr;
    QComboBox* run_ = nullptr;
    QLabel* methodLabel_ = nullptr;
    QComboBox* method_ = nullptr;
    QLabel* splitLabel_ = nullptr;
    QComboBox* split_ = nullptr;
    QLabel* nLabel_ = nullptr;
    QSpinBox* n_ = nullptr;
    QCheckBox* control_ = nullptr;
    QPushButton* runButton_ = nullptr;
    QPushButton* stop_ = nullptr;
    QPushButton* copy_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    QLabel* tokenNote_ = nullptr;
    QTableWidget* tokens_ = nullptr;
    QLabel* cosineLabel_ = nullptr;
    QTableWidget* cosine_ = nullptr;
    QLabel* interventionNote_ = nullptr;
    QTableWidget* interventions_ = nullptr;
    QLabel* lensQuestionLabel_ = nullptr;
    QComboBox* lensQuestion_ = nullptr;
    QLabel* topKLabel_ = nullptr;
    QSpinBox* topK_ = nullptr;
    QPushButton* lensButton_ = nullptr;
    QLabel* lensNote_ = nullptr;
    QTableWidget* lens_ = nullptr;
    QStringList questions_;
    DiagnosticsData data_;
    DiagnosticsData lensData_;
    QString error_, phase_;
    bool running_ = false;
    bool stopped_ = false;
};

} // namespace semcot::ui
