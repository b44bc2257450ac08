#include "ask_view.h"

#include "implicit_token_chip.h"
#include "latency_chart.h"
#include "method_choice.h"
#include "methods.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStyle>
#include <QVBoxLayout>

namespace semcot::ui {

AskView::AskView(QWidget* parent)
    : QWidget(parent) {
    QLayout* top = buildQuestionPanel();
    QWidget* answers = buildAnswerPanes();
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(answers, 1);
    connectControls();
    retranslateUi();
    clearRun();
}

// The test-set list, the question box, the gold answer, Run / Stop and the stale-answers note.
QLayout* AskView::buildQuestionPanel() {
    testSet_ = new QComboBox(this);
    testSet_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    testSet_->setMinimumContentsLength(30);
    question_ = new QPlainTextEdit(this);
    question_->setObjectName(QStringLiteral("question"));
    question_->setMaximumHeight(52);
    question_->setTabChangesFocus(true);
    questionLabel_ = new QLabel(this);
    methodLabel_ = new QLabel(this);
    method_ = new MethodChoice(this);
    methodLabel_->setBuddy(method_);
    gold_ = new QLabel(this);
    gold_->setTextFormat(Qt::RichText);
    staleNote_ = new QLabel(this);
    staleNote_->setObjectName(QStringLiteral("staleNote"));
    staleNote_->setTextFormat(Qt::RichText);
    staleNote_->setWordWrap(true);
    staleNote_->setVisible(false);
    run_ = new QPushButton(this);
    stop_ = new QPushButton(this);
    interventions_ = new QPushButton(this);
    interventions_->setObjectName(QStringLiteral("interventions"));
    run_->setDefault(true);
    run_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    stop_->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    stop_->setEnabled(false);
    interventions_->setEnabled(false);
    busyBar_ = new QProgressBar(this);
    busyBar_->setRange(0, 0);
    busyBar_->setMaximumWidth(120);
    busyBar_->setMaximumHeight(14);
    busyBar_->setTextVisible(false);
    busyBar_->setVisible(false);
    phase_ = new QLabel(this);
    phase_->setObjectName(QStringLiteral("status"));
    phase_->setTextFormat(Qt::RichText);

    auto* top = new QGridLayout;
    top->addWidget(questionLabel_, 0, 0);
    top->addWidget(testSet_, 0, 1);
    auto* methodRow = new QHBoxLayout;
    methodRow->addWidget(methodLabel_);
    methodRow->addWidget(method_);
    top->addLayout(methodRow, 0, 2, 1, 2, Qt::AlignRight);
    top->addWidget(question_, 1, 0, 1, 4);
    top->addWidget(gold_, 2, 0, 1, 2);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(phase_);
    buttons->addWidget(busyBar_);
    buttons->addWidget(run_);
    buttons->addWidget(stop_);
    buttons->addWidget(interventions_);
    top->addLayout(buttons, 2, 2, 1, 2, Qt::AlignRight);
    top->addWidget(staleNote_, 3, 0, 1, 4);
    top->setColumnStretch(1, 1);
    return top;
}

// The explicit chain of thought, streamed, and its answer.
void AskView::buildExplicitPane() {
    explicitBox_ = new QGroupBox(this);
    explicit_ = new QPlainTextEdit(explicitBox_);
    explicit_->setReadOnly(true);
    explicitAnswer_ = new QLabel(explicitBox_);
    explicitAnswer_->setObjectName(QStringLiteral("explicitAnswer"));
    explicitAnswer_->setTextFormat(Qt::RichText);
    explicitAnswer_->setWordWrap(true);
    auto* left = new QVBoxLayout(explicitBox_);
    left->addWidget(explicit_, 1);
    left->addWidget(explicitAnswer_);
}

// The chosen method's latent tokens as chips (or a hint while there are none) and its answer.
void AskView::buildImplicitPane() {
    implicitBox_ = new QGroupBox(this);
    chipsArea_ = new QScrollArea(implicitBox_);
    chipsArea_->setWidgetResizable(true);
    chipsArea_->setFrameShape(QFrame::NoFrame);
    auto* chipsHolder = new QWidget(chipsArea_);
    chips_ = new QVBoxLayout(chipsHolder);
    chips_->setContentsMargins(0, 0, 0, 0);
    chipsHint_ = new QLabel(chipsHolder);
    chipsHint_->setObjectName(QStringLiteral("chipsHint"));
    chipsHint_->setTextFormat(Qt::RichText);
    chipsHint_->setWordWrap(true);
    chipsHint_->setAlignment(Qt::AlignCenter);
    chips_->addWidget(chipsHint_);
    chips_->addStretch(1);
    chipsArea_->setWidget(chipsHolder);
    chipsArea_->viewport()->setAutoFillBackground(false);
    chipsHolder->setAutoFillBackground(false);
    implicitAnswer_ = new QLabel(implicitBox_);
    implicitAnswer_->setObjectName(QStringLiteral("implicitAnswer"));
    implicitAnswer_->setTextFormat(Qt::RichText);
    implicitAnswer_->setWordWrap(true);
    buildDecodedPane(implicitBox_);
    auto* right = new QVBoxLayout(implicitBox_);
    right->addWidget(chipsArea_, 1);
    right->addWidget(decodedHeader_);
    right->addWidget(decoded_);
    right->addWidget(implicitAnswer_);
}

// Explicit and implicit side by side, over the latency chart.
QWidget* AskView::buildAnswerPanes() {
    buildExplicitPane();
    buildImplicitPane();

    auto* panes = new QSplitter(Qt::Horizontal, this);
    panes->addWidget(explicitBox_);
    panes->addWidget(implicitBox_);
    panes->setChildrenCollapsible(false);

    latency_ = new LatencyChart(this);

    auto* vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(panes);
    vertical->addWidget(latency_);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 2);
    vertical->setChildrenCollapsible(false);
    return vertical;
}

void AskView::connectControls() {
    connect(run_, &QPushButton::clicked, this, &AskView::run);
    connect(stop_, &QPushButton::clicked, this, &AskView::stop);
    connect(interventions_, &QPushButton::clicked, this, &AskView::requestInterventions);
    connect(testSet_, &QComboBox::activated, this, [this](int i) {
        if (i > 0) selectTestQuestion(i - 1);
    });
    connect(method_, &MethodChoice::methodChanged, this, [this] {
        retranslateUi(); // the right pane's title and hint name the method
        updateStaleNote();
    });
    connect(question_, &QPlainTextEdit::textChanged, this, [this] {
        if (notice_ == Notice::emptyQuestion) {
            notice_ = Notice::none;
            showNotice();
        }
        updateGold();
    });
}

void AskView::setRun(const QString& folder, const QStringList& questions,
                     const QStringList& answers, const QStringList& reasonings, int k) {
    folder_ = folder;
    method_->setRun(folder);
    questions_ = questions;
    answers_ = answers;
    reasonings_ = reasonings;
    k_ = k;
    hasRun_ = true;
    clearAnswers(); // the previous run's answers do not belong to this one
    latency_->clearHistory();
    testSet_->clear();
    testSet_->addItem(tr("Free question (or pick one of the %n test question(s))", nullptr,
                         int(questions.size())));
    for (int i = 0; i < questions.size(); ++i) {
        // Long questions are cut with an ellipsis in the list; the tooltip has them whole.
        QString q = questions[i].simplified();
        if (q.size() > 110) q = q.left(108) + QChar(0x2026);
        testSet_->addItem(QStringLiteral("#%1  %2").arg(i + 1).arg(q));
        testSet_->setItemData(i + 1, questions[i], Qt::ToolTipRole);
    }
    run_->setEnabled(!busy_);
    interventions_->setEnabled(!busy_);
    if (!questions.isEmpty()) selectTestQuestion(0);
    retranslateUi();
}

void AskView::clearRun() {
    folder_.clear();
    method_->clearRun();
    questions_.clear();
    answers_.clear();
    reasonings_.clear();
    hasRun_ = false;
    pending_.clear();
    testSet_->clear();
    run_->setEnabled(false);
    interventions_->setEnabled(false);
    clearAnswers();
    latency_->clearHistory();
    updateGold();
}

void AskView::refreshMethods() {
    if (!folder_.isEmpty()) method_->setRun(folder_);
}

QString AskView::method() const {
    return method_->method();
}

bool AskView::setMethod(const QString& name) {
    return method_->setMethod(name);
}

QString AskView::paneMethod() const {
    return answeredMethod_.isEmpty() ? method_->method() : answeredMethod_;
}

void AskView::clearAnswers() {
    hasCot_ = hasOther_ = false;
    cot_ = other_ = MethodOutcome();
    answered_.clear();
    answeredMethod_.clear();
    explicit_->clear();
    explicitAnswer_->clear();
    implicitAnswer_->clear();
    clearChips();
    clearDecoded();
    hint_ = Hint::pressRun;
    hintDetail_.clear();
    showHint();
    if (notice_ == Notice::stopped) notice_ = Notice::none;
    showNotice();
    updateStaleNote();
}

void AskView::setQuestion(const QString& question) {
    question_->setPlainText(question);
    const int i = testIndex();
    testSet_->setCurrentIndex(i >= 0 ? i + 1 : 0);
}

void AskView::selectTestQuestion(int index) {
    if (index < 0 || index >= questions_.size()) return;
    question_->setPlainText(questions_[index]);
    testSet_->setCurrentIndex(index + 1);
}

int AskView::testIndex() const {
    return int(questions_.indexOf(question_->toPlainText().trimmed()));
}

void AskView::updateGold() {
    const int i = testIndex();
    if (i >= 0 && i < answers_.size())
        gold_->setText(tr("Gold answer: <b>%1</b> (test question #%2)")
                           .arg(answers_[i].toHtmlEscaped())
                           .arg(i + 1));
    else
        gold_->setText(QStringLiteral("<span style='color:gray'>%1</span>")
                           .arg(tr("Free question: no gold answer")));
    if (testSet_->count() > 0 && i < 0) testSet_->setCurrentIndex(0);
    updateStaleNote();
}

bool AskView::showsOtherQuestion() const {
    const QString q = question_->toPlainText().trimmed();
    return !answered_.isEmpty() && !q.isEmpty() && answered_ != q;
}

bool AskView::showsOtherMethod() const {
    return !answered_.isEmpty() && !answeredMethod_.isEmpty() &&
           answeredMethod_ != method_->method();
}

void AskView::updateStaleNote() {
    const bool stale = showsOtherQuestion();
    if (!stale && showsOtherMethod() && !busy_) {
        staleNote_->setText(
            QStringLiteral("<span style='color:#e65100'>%1</span>")
                .arg(tr("Not run yet: the right pane shows %1's answer. Press Run to answer "
                        "with %2.")
                         .arg(methodLabel(answeredMethod_).toHtmlEscaped(),
                              methodLabel(method_->method()).toHtmlEscaped())));
        staleNote_->setVisible(true);
        return;
    }
    if (stale) {
        QString q = answered_.simplified();
        if (q.size() > 90) q = q.left(88) + QChar(0x2026);
        staleNote_->setText(
            QStringLiteral("<span style='color:#e65100'>%1</span>")
                .arg(tr("Not run yet: the answers below are for another question (\"%1\"). Press "
                        "Run to answer the question above.")
                         .arg(q.toHtmlEscaped())));
    }
    staleNote_->setVisible(stale);
}

bool AskView::requestInterventions() {
    const QString q = question_->toPlainText().trimmed();
    if (q.isEmpty() || !hasRun_ || !hasLatents(method())) {
        if (q.isEmpty()) {
            notice_ = Notice::emptyQuestion;
            showNotice();
        }
        return false;
    }
    Q_EMIT interventionsRequested(q, method());
    return true;
}

void AskView::run() {
    if (busy_) return;
    const QString q = question_->toPlainText().trimmed();
    if (q.isEmpty()) {
        notice_ = Notice::emptyQuestion;
        showNotice();
        question_->setFocus();
        return;
    }
    if (!hasRun_ || !run_->isEnabled()) {
        notice_ = Notice::noRun;
        showNotice();
        return;
    }
    const int i = testIndex();
    notice_ = Notice::none;
    answered_ = q;
    answeredMethod_ = method_->method();
    setBusy(true);
    Q_EMIT askRequested(q, i >= 0 ? answers_.value(i) : QString(),
                        i >= 0 ? reasonings_.value(i) : QString(), answeredMethod_);
    retranslateUi(); // the right pane is now about the method asked for
    updateStaleNote();
}

void AskView::ask(const QString& question) {
    setQuestion(question);
    if (busy_) {
        pending_ = question_->toPlainText().trimmed(); // answered once the running job stops
        stop();
        return;
    }
    run();
}

void AskView::stop() {
    if (!busy_) return;
    Q_EMIT stopRequested();
    phaseText_ = tr("Stopping...");
    showNotice();
}

void AskView::setBusy(bool busy) {
    if (busy_ == busy) return;
    busy_ = busy;
    run_->setEnabled(!busy && hasRun_);
    stop_->setEnabled(busy);
    interventions_->setEnabled(!busy && hasRun_);
    busyBar_->setVisible(busy);
    if (!busy) phaseText_.clear();
    showNotice();
    Q_EMIT busyChanged(busy);
}

void AskView::showNotice() {
    if (busy_) {
        phase_->setText(phaseText_.toHtmlEscaped());
        return;
    }
    QString text;
    switch (notice_) {
    case Notice::none:
        break;
    case Notice::stopped:
        text = tr("Stopped.");
        break;
    case Notice::emptyQuestion:
        text = QStringLiteral("<span style='color:#c62828'>%1</span>")
                   .arg(tr("Type a question first, or pick one from the test set."));
        break;
    case Notice::noRun:
        text = QStringLiteral("<span style='color:#c62828'>%1</span>")
                   .arg(tr("No run is open: open one first (Ctrl+O)."));
        break;
    }
    phase_->setText(text);
}

void AskView::clearChips() {
    while (chips_->count() > 2) {
        QLayoutItem* item = chips_->takeAt(1);
        delete item->widget();
        delete item;
    }
}

void AskView::onStarted() {
    setBusy(true);
    hasCot_ = hasOther_ = false;
    explicit_->clear();
    explicitAnswer_->clear();
    implicitAnswer_->clear();
    clearChips();
    clearDecoded();
    hint_ = Hint::waitingCot;
    showHint();
}

void AskView::onProgress(const QString& phase) {
    phaseText_ = phase;
    showNotice();
}

void AskView::onExplicitStreamed(const QString& text) {
    explicit_->setPlainText(text);
    explicit_->moveCursor(QTextCursor::End);
}

void AskView::onExplicitFinished(const MethodOutcome& outcome) {
    cot_ = outcome;
    hasCot_ = true;
    showExplicit();
    hint_ = outcome.stopped ? Hint::stopped : Hint::generating;
    showHint();
}

void AskView::onImplicitFinished(const MethodOutcome& outcome) {
    other_ = outcome;
    hasOther_ = true;
    showImplicit();
    if (hasCot_ && !cot_.stopped) latency_->addQuestion(cot_, other_);
    hint_ = hasLatents(outcome.method) ? Hint::decoding : Hint::noLatents;
    retranslateUi(); // the title counts the latent tokens now
}

void AskView::onExplainSkipped(const QString&) {
    hint_ = Hint::noLatents;
    showHint();
}

void AskView::onExplainFinished(const ExplainView& view) {
    clearChips();
    hint_ = Hint::none;
    showHint();
    int at = 1;
    for (const auto& t : view.tokens)
        chips_->insertWidget(at++, new ImplicitTokenChip(t, view.baselineMean, this));
    if (!view.pooled.neighbours.isEmpty())
        chips_->insertWidget(at++, new ImplicitTokenChip(view.pooled, view.baselineMean, this));
}

void AskView::onExplainFailed(const QString& message) {
    hint_ = Hint::explainFailed;
    hintDetail_ = message;
    showHint();
}

void AskView::onFinished(bool cancelled) {
    if (cancelled) {
        notice_ = Notice::stopped;
        // Whatever was still to come will not: the hint says where the job stopped.
        if (hint_ != Hint::none && hint_ != Hint::explainFailed && hint_ != Hint::failed &&
            hint_ != Hint::noLatents) {
            hint_ = Hint::stopped;
            showHint();
        }
    }
    setBusy(false);
    if (!pending_.isEmpty()) { // a question asked while this job ran (a double-clicked sample)
        const QString q = pending_;
        pending_.clear();
        if (question_->toPlainText().trimmed() == q) run();
    }
}

void AskView::onFailed(const QString& message) {
    qWarning("ask failed: %s", qPrintable(message));
    hint_ = Hint::failed;
    hintDetail_ = message;
    showHint();
    setBusy(false);
    pending_.clear();
}

QString AskView::explicitText() const {
    return explicit_->toPlainText();
}
QString AskView::explicitAnswer() const {
    return hasCot_ && !cot_.stopped ? cot_.answer : QString();
}
QString AskView::implicitAnswer() const {
    return hasOther_ ? other_.answer : QString();
}
QString AskView::implicitOutput() const {
    return hasOther_ ? other_.output : QString();
}
QString AskView::implicitTitle() const {
    return implicitBox_->title();
}
QString AskView::chipsHintText() const {
    return hint_ == Hint::none ? QString() : chipsHint_->text();
}
int AskView::chipCount() const {
    return chips_->count() - 2;
}
QString AskView::statusText() const {
    return phase_->text();
}

void AskView::retranslateUi() {
    questionLabel_->setText(tr("Question:"));
    question_->setPlaceholderText(tr("Type a question, or pick one from the test set"));
    methodLabel_->setText(tr("Beside it:"));
    method_->setToolTip(tr("The method that answers beside the explicit CoT"));
    run_->setText(tr("Run"));
    run_->setToolTip(tr("Answer with the explicit CoT and with %1 (Ctrl+Return)")
                         .arg(methodLabel(method_->method())));
    stop_->setText(tr("Stop"));
    interventions_->setText(tr("Interventions"));
    interventions_->setToolTip(tr("Answer this question with the latent tokens zeroed, replaced "
                                  "by another question's, or removed one at a time, and with "
                                  "them masked (control): the Diagnostics view shows the answers"));
    stop_->setToolTip(tr("Stop generating (Esc)"));
    explicitBox_->setTitle(tr("Explicit chain of thought (the teacher writes its reasoning)"));
    const QString m = paneMethod();
    if (m == QStringLiteral("semcot"))
        implicitBox_->setTitle(tr("SemCoT: %n implicit token(s), nearest sentences", nullptr, k_));
    else if (!hasLatents(m))
        implicitBox_->setTitle(tr("%1: the answer (no latent tokens)").arg(methodLabel(m)));
    else if (hasOther_ && other_.method == m && other_.latents > 0)
        implicitBox_->setTitle(
            tr("%1: %n latent token(s), nearest sentences", nullptr, other_.latents)
                .arg(methodLabel(m)));
    else
        implicitBox_->setTitle(tr("%1: latent tokens, nearest sentences").arg(methodLabel(m)));
    if (testSet_->count() > 0)
        testSet_->setItemText(0, tr("Free question (or pick one of the %n test question(s))",
                                    nullptr, int(questions_.size())));
    // Results already shown are rebuilt in the new language.
    showExplicit();
    showImplicit();
    showHint();
    showDecoded();
    showNotice();
    updateGold();
}

void AskView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

} // namespace semcot::ui
