#include "ask_view.h"

#include "implicit_token_chip.h"
#include "latency_chart.h"

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

namespace {

QString mark(const MethodOutcome& o) {
    if (!o.scored) return {};
    return o.correct
               ? QStringLiteral("<span style='color:#2e7d32; font-weight:bold'>&#10004; %1</span>")
                     .arg(AskView::tr("correct"))
               : QStringLiteral("<span style='color:#c62828; font-weight:bold'>&#10008; %1</span>")
                     .arg(AskView::tr("incorrect"));
}

} // namespace

AskView::AskView(QWidget* parent)
    : QWidget(parent) {
    testSet_ = new QComboBox(this);
    testSet_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    testSet_->setMinimumContentsLength(30);
    question_ = new QPlainTextEdit(this);
    question_->setObjectName(QStringLiteral("question"));
    question_->setMaximumHeight(52);
    question_->setTabChangesFocus(true);
    questionLabel_ = new QLabel(this);
    gold_ = new QLabel(this);
    gold_->setTextFormat(Qt::RichText);
    run_ = new QPushButton(this);
    stop_ = new QPushButton(this);
    run_->setDefault(true);
    run_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    stop_->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    stop_->setEnabled(false);
    busyBar_ = new QProgressBar(this);
    busyBar_->setRange(0, 0);
    busyBar_->setMaximumWidth(120);
    busyBar_->setMaximumHeight(14);
    busyBar_->setTextVisible(false);
    busyBar_->setVisible(false);
    phase_ = new QLabel(this);

    auto* top = new QGridLayout;
    top->addWidget(questionLabel_, 0, 0);
    top->addWidget(testSet_, 0, 1, 1, 3);
    top->addWidget(question_, 1, 0, 1, 4);
    top->addWidget(gold_, 2, 0, 1, 2);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(phase_);
    buttons->addWidget(busyBar_);
    buttons->addWidget(run_);
    buttons->addWidget(stop_);
    top->addLayout(buttons, 2, 2, 1, 2, Qt::AlignRight);
    top->setColumnStretch(1, 1);

    explicitBox_ = new QGroupBox(this);
    explicit_ = new QPlainTextEdit(explicitBox_);
    explicit_->setReadOnly(true);
    explicitAnswer_ = new QLabel(explicitBox_);
    explicitAnswer_->setTextFormat(Qt::RichText);
    explicitAnswer_->setWordWrap(true);
    auto* left = new QVBoxLayout(explicitBox_);
    left->addWidget(explicit_, 1);
    left->addWidget(explicitAnswer_);

    implicitBox_ = new QGroupBox(this);
    chipsArea_ = new QScrollArea(implicitBox_);
    chipsArea_->setWidgetResizable(true);
    chipsArea_->setFrameShape(QFrame::NoFrame);
    auto* chipsHolder = new QWidget(chipsArea_);
    chips_ = new QVBoxLayout(chipsHolder);
    chips_->setContentsMargins(0, 0, 0, 0);
    chipsHint_ = new QLabel(chipsHolder);
    chipsHint_->setWordWrap(true);
    chipsHint_->setAlignment(Qt::AlignCenter);
    chips_->addWidget(chipsHint_);
    chips_->addStretch(1);
    chipsArea_->setWidget(chipsHolder);
    chipsArea_->viewport()->setAutoFillBackground(false);
    chipsHolder->setAutoFillBackground(false);
    implicitAnswer_ = new QLabel(implicitBox_);
    implicitAnswer_->setTextFormat(Qt::RichText);
    implicitAnswer_->setWordWrap(true);
    auto* right = new QVBoxLayout(implicitBox_);
    right->addWidget(chipsArea_, 1);
    right->addWidget(implicitAnswer_);

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

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(vertical, 1);

    connect(run_, &QPushButton::clicked, this, &AskView::run);
    connect(stop_, &QPushButton::clicked, this, &AskView::stop);
    connect(testSet_, &QComboBox::activated, this, [this](int i) {
        if (i > 0) selectTestQuestion(i - 1);
    });
    connect(question_, &QPlainTextEdit::textChanged, this, &AskView::updateGold);
    retranslateUi();
    clearRun();
}

void AskView::setRun(const QString&, const QStringList& questions, const QStringList& answers,
                     const QStringList& reasonings, int k) {
    questions_ = questions;
    answers_ = answers;
    reasonings_ = reasonings;
    k_ = k;
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
    run_->setEnabled(true);
    if (!questions.isEmpty()) selectTestQuestion(0);
    latency_->clearHistory();
    retranslateUi();
}

void AskView::clearRun() {
    questions_.clear();
    answers_.clear();
    reasonings_.clear();
    testSet_->clear();
    run_->setEnabled(false);
    updateGold();
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
}

void AskView::run() {
    const QString q = question_->toPlainText().trimmed();
    if (q.isEmpty() || busy_ || !run_->isEnabled()) return;
    const int i = testIndex();
    Q_EMIT askRequested(q, i >= 0 ? answers_.value(i) : QString(),
                        i >= 0 ? reasonings_.value(i) : QString());
    setBusy(true);
}

void AskView::stop() {
    if (busy_) Q_EMIT stopRequested();
}

void AskView::setBusy(bool busy) {
    if (busy_ == busy) return;
    busy_ = busy;
    run_->setEnabled(!busy);
    stop_->setEnabled(busy);
    busyBar_->setVisible(busy);
    if (!busy) phase_->clear();
    Q_EMIT busyChanged(busy);
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
    hasCot_ = false;
    explicit_->clear();
    explicitAnswerText_.clear();
    implicitAnswerText_.clear();
    explicitAnswer_->clear();
    implicitAnswer_->clear();
    clearChips();
    chipsHint_->setText(tr("Waiting for the explicit chain of thought..."));
    chipsHint_->setVisible(true);
}

void AskView::onProgress(const QString& phase) {
    phase_->setText(phase);
}

void AskView::onExplicitStreamed(const QString& text) {
    explicit_->setPlainText(text);
    explicit_->moveCursor(QTextCursor::End);
}

void AskView::showAnswer(QLabel* label, const MethodOutcome& o) {
    QString text =
        tr("Answer: <b>%1</b>  %2<br><span style='color:gray'>%3 ms (%n token(s))</span>", nullptr,
           int(o.newTokens))
            .arg((o.answer.isEmpty() ? o.output.trimmed() : o.answer).toHtmlEscaped(), mark(o))
            .arg(o.totalS * 1e3, 0, 'f', 1);
    if (!o.warning.isEmpty())
        text += QStringLiteral("<br><span style='color:#e65100'>%1</span>")
                    .arg(o.warning.toHtmlEscaped());
    label->setText(text);
}

void AskView::onExplicitFinished(const MethodOutcome& outcome) {
    cot_ = outcome;
    hasCot_ = true;
    explicitAnswerText_ = outcome.answer.isEmpty() ? outcome.output.trimmed() : outcome.answer;
    showAnswer(explicitAnswer_, outcome);
    chipsHint_->setText(tr("Generating %n implicit token(s)...", nullptr, k_));
}

void AskView::onImplicitFinished(const MethodOutcome& outcome) {
    semcot_ = outcome;
    implicitAnswerText_ = outcome.answer.isEmpty() ? outcome.output.trimmed() : outcome.answer;
    QString text = tr("Answer: <b>%1</b>  %2<br><span style='color:gray'>%3 ms: %4 ms implicit "
                      "tokens, %5 ms prefill, %6 ms decode</span>")
                       .arg(implicitAnswerText_.toHtmlEscaped(), mark(outcome))
                       .arg(outcome.totalS * 1e3, 0, 'f', 1)
                       .arg(outcome.implicitS * 1e3, 0, 'f', 1)
                       .arg(outcome.prefillS * 1e3, 0, 'f', 1)
                       .arg(outcome.decodeS * 1e3, 0, 'f', 1);
    if (hasCot_ && outcome.totalS > 0)
        text += QStringLiteral("<br>") + tr("<b>%1x</b> faster than the explicit CoT")
                                             .arg(cot_.totalS / outcome.totalS, 0, 'f', 1);
    implicitAnswer_->setText(text);
    if (hasCot_) latency_->addQuestion(cot_, semcot_);
    chipsHint_->setText(
        tr("Decoding the %n implicit token(s) against the sentence bank...", nullptr, k_));
}

void AskView::onExplainFinished(const ExplainView& view) {
    clearChips();
    chipsHint_->setVisible(false);
    int at = 1;
    for (const auto& t : view.tokens)
        chips_->insertWidget(at++, new ImplicitTokenChip(t, view.baselineMean, this));
    if (!view.pooled.neighbours.isEmpty())
        chips_->insertWidget(at++, new ImplicitTokenChip(view.pooled, view.baselineMean, this));
}

void AskView::onExplainFailed(const QString& message) {
    chipsHint_->setText(tr("The implicit tokens could not be decoded: %1").arg(message));
    chipsHint_->setVisible(true);
}

void AskView::onFinished(bool cancelled) {
    setBusy(false);
    if (cancelled) phase_->setText(tr("Stopped."));
}

void AskView::onFailed(const QString& message) {
    qWarning("ask failed: %s", qPrintable(message));
    setBusy(false);
    chipsHint_->setVisible(true);
    chipsHint_->setText(QStringLiteral("<span style='color:#c62828'>%1</span>")
                            .arg(tr("Failed: %1").arg(message.toHtmlEscaped())));
}

QString AskView::explicitText() const {
    return explicit_->toPlainText();
}
QString AskView::explicitAnswer() const {
    return explicitAnswerText_;
}
QString AskView::implicitAnswer() const {
    return implicitAnswerText_;
}
int AskView::chipCount() const {
    return chips_->count() - 2;
}

void AskView::retranslateUi() {
    questionLabel_->setText(tr("Question:"));
    question_->setPlaceholderText(tr("Type a question, or pick one from the test set"));
    run_->setText(tr("Run"));
    run_->setToolTip(tr("Answer with the explicit CoT and with SemCoT (Ctrl+Return)"));
    stop_->setText(tr("Stop"));
    stop_->setToolTip(tr("Stop generating (Esc)"));
    explicitBox_->setTitle(tr("Explicit chain of thought (the teacher writes its reasoning)"));
    implicitBox_->setTitle(tr("SemCoT: %n implicit token(s), nearest sentences", nullptr, k_));
    if (testSet_->count() > 0)
        testSet_->setItemText(0, tr("Free question (or pick one of the %n test question(s))",
                                    nullptr, int(questions_.size())));
    if (chipsHint_->text().isEmpty() || chipCount() == 0)
        chipsHint_->setText(tr("Press Run to see the implicit tokens."));
    updateGold();
}

void AskView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

} // namespace semcot::ui
