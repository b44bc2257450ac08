// AskView's decoded reasoning (issue 18): under the chips, what the run's trained decoder writes
// from the latent tokens alone, streamed as it is generated, with its controls' test scores.
#include "ask_view.h"

#include "methods.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QTextCursor>

#include <cmath>

namespace semcot::ui {

namespace {

QString score(double v) {
    return std::isfinite(v) ? QString::number(v, 'f', 2) : QStringLiteral("-");
}

} // namespace

void AskView::buildDecodedPane(QWidget* parent) {
    decodedHeader_ = new QLabel(parent);
    decodedHeader_->setObjectName(QStringLiteral("decodedHeader"));
    decodedHeader_->setTextFormat(Qt::RichText);
    decodedHeader_->setWordWrap(true);
    decodedHeader_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    decoded_ = new QPlainTextEdit(parent);
    decoded_->setObjectName(QStringLiteral("decodedReasoning"));
    decoded_->setReadOnly(true);
    // About five lines: the chips above keep most of the pane.
    decoded_->setMaximumHeight(decoded_->fontMetrics().lineSpacing() * 5 + 12);
    decodedHeader_->hide();
    decoded_->hide();
}

void AskView::clearDecoded() {
    decodedState_ = Decoded::none;
    decodedView_ = DecodedView();
    decodedDetail_.clear();
    decoded_->clear();
    showDecoded();
}

void AskView::onDecodedStreamed(const QString& text) {
    if (decodedState_ != Decoded::streaming) {
        decodedState_ = Decoded::streaming;
        showDecoded();
    }
    decoded_->setPlainText(text);
    decoded_->moveCursor(QTextCursor::End);
}

void AskView::onDecodedFinished(const DecodedView& view) {
    decodedView_ = view;
    decodedState_ = view.present ? Decoded::done : Decoded::absent;
    if (view.present) decoded_->setPlainText(view.text);
    showDecoded();
}

void AskView::onDecodedFailed(const QString& message) {
    decodedState_ = Decoded::failed;
    decodedDetail_ = message;
    showDecoded();
}

QString AskView::decodedText() const {
    return decoded_->isVisible() || decodedState_ == Decoded::done ||
                   decodedState_ == Decoded::streaming
               ? decoded_->toPlainText()
               : QString();
}

QString AskView::decodedHeader() const {
    return decodedState_ == Decoded::none ? QString() : decodedHeader_->text();
}

// The line over the decoded text: the probe's label, this question's ROUGE-L and the test
// scores of the decoder and its two controls; or the hint / error.
void AskView::showDecoded() {
    const DecodedView& v = decodedView_;
    const bool tokens = paneMethod() == QStringLiteral("semcot");
    QString head;
    switch (decodedState_) {
    case Decoded::none:
        decodedHeader_->hide();
        decoded_->hide();
        return;
    case Decoded::streaming:
        head = tokens ? tr("<b>Decoded from the implicit tokens alone</b> (a probe; generating...)")
                      : tr("<b>Decoded from the latent tokens alone</b> (a probe; generating...)");
        break;
    case Decoded::done: {
        head = tokens ? tr("<b>Decoded from the implicit tokens alone</b> (a probe)")
                      : tr("<b>Decoded from the latent tokens alone</b> (a probe)");
        if (std::isfinite(v.rougeL))
            head += QStringLiteral(" &middot; ") + tr("ROUGE-L %1, %2 of %3 steps in place")
                                                       .arg(score(v.rougeL))
                                                       .arg(v.matchedSteps)
                                                       .arg(v.goldSteps);
        if (std::isfinite(v.scoreTokens))
            head +=
                QStringLiteral("<br><span style='color:gray'>%1</span>")
                    .arg(tr("Test split: decoder ROUGE-L %1 vs another question's tokens %2, "
                            "no tokens %3")
                             .arg(score(v.scoreTokens), score(v.scoreRandom), score(v.scoreNone)));
        break;
    }
    case Decoded::absent:
        head = QStringLiteral("<span style='color:gray'>%1</span>")
                   .arg(tr("No trained decoder: <code>semcot train-decoder --run RUN</code> "
                           "reads the latent tokens back as text."));
        break;
    case Decoded::failed:
        head = QStringLiteral("<span style='color:#c62828'>%1</span>")
                   .arg(tr("The decoder failed: %1").arg(decodedDetail_.toHtmlEscaped()));
        break;
    }
    decodedHeader_->setText(head);
    decodedHeader_->show();
    const bool text = decodedState_ == Decoded::streaming || decodedState_ == Decoded::done;
    decoded_->setVisible(text);
    chipsArea_->setMinimumHeight(text ? 130 : 0); // two chips stay in view above the text
}

} // namespace semcot::ui
