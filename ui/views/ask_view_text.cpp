#include "ask_view.h"

#include "methods.h"

#include <QLabel>

// What the Ask view's panes say: the hint in the chips area, the two answers with their
// timings. Building the view and its jobs are in ask_view.cpp.

namespace semcot::ui {

namespace {

QString mark(const MethodOutcome& o) {
    if (!o.scored || o.stopped) return {};
    return o.correct
               ? QStringLiteral("<span style='color:#2e7d32; font-weight:bold'>&#10004; %1</span>")
                     .arg(AskView::tr("correct"))
               : QStringLiteral("<span style='color:#c62828; font-weight:bold'>&#10008; %1</span>")
                     .arg(AskView::tr("incorrect"));
}

} // namespace

void AskView::showHint() {
    const QString m = paneMethod();
    const QString label = methodLabel(m);
    const bool semcot = m == QStringLiteral("semcot");
    QString text;
    switch (hint_) {
    case Hint::pressRun:
        text = semcot          ? tr("Press Run to see the implicit tokens.")
               : hasLatents(m) ? tr("Press Run to see %1's latent tokens.").arg(label)
                               : noLatentsNote(m);
        break;
    case Hint::waitingCot:
        text = tr("Waiting for the explicit chain of thought...");
        break;
    case Hint::generating:
        text = semcot ? tr("Generating %n implicit token(s)...", nullptr, k_)
                      : tr("Answering with %1...").arg(label);
        break;
    case Hint::decoding:
        text = semcot ? tr("Decoding the %n implicit token(s) against the sentence bank...",
                           nullptr, k_)
                      : tr("Decoding %1's %n latent token(s) against the sentence bank...", nullptr,
                           other_.latents)
                            .arg(label);
        break;
    case Hint::stopped:
        text = !hasOther_ ? tr("Stopped before %1 answered.").arg(label)
               : semcot   ? tr("Stopped before the implicit tokens were decoded.")
                          : tr("Stopped before the latent tokens were decoded.");
        break;
    case Hint::explainFailed:
        text = tr("The latent tokens could not be decoded: %1").arg(hintDetail_.toHtmlEscaped());
        break;
    case Hint::noLatents:
        text = QStringLiteral("<span style='color:gray'>%1</span>")
                   .arg(noLatentsNote(m).toHtmlEscaped());
        break;
    case Hint::failed:
        text = QStringLiteral("<span style='color:#c62828'>%1</span>")
                   .arg(tr("Failed: %1").arg(hintDetail_.toHtmlEscaped()));
        break;
    case Hint::none:
        break;
    }
    chipsHint_->setText(text);
    chipsHint_->setVisible(hint_ != Hint::none);
}

namespace {

QString answerText(const MethodOutcome& o) {
    return o.answer.isEmpty() ? AskView::tr("(no answer found)") : o.answer;
}

} // namespace

void AskView::showExplicit() {
    if (!hasCot_) {
        explicitAnswer_->clear();
        return;
    }
    const MethodOutcome& o = cot_;
    QString text;
    if (o.stopped)
        text = tr("Stopped after %n token(s): no answer.", nullptr, int(o.newTokens)) +
               QStringLiteral("<br><span style='color:gray'>%1</span>")
                   .arg(tr("%1 ms").arg(o.totalS * 1e3, 0, 'f', 1));
    else
        text = tr("Answer: <b>%1</b>  %2<br><span style='color:gray'>%3 ms (%n token(s))</span>",
                  nullptr, int(o.newTokens))
                   .arg(answerText(o).toHtmlEscaped(), mark(o))
                   .arg(o.totalS * 1e3, 0, 'f', 1);
    if (!o.warning.isEmpty())
        text += QStringLiteral("<br><span style='color:#e65100'>%1</span>")
                    .arg(o.warning.toHtmlEscaped());
    explicitAnswer_->setText(text);
}

void AskView::showImplicit() {
    if (!hasOther_) {
        implicitAnswer_->clear();
        return;
    }
    const MethodOutcome& o = other_;
    QString timing;
    if (o.method == QStringLiteral("semcot") || o.method == QStringLiteral("softcot"))
        timing = tr("%1 ms: %2 ms implicit tokens, %3 ms prefill, %4 ms decode");
    else if (o.implicitS > 0)
        timing = tr("%1 ms: %2 ms latent tokens, %3 ms prefill, %4 ms decode");
    else
        timing = tr("%1 ms: %3 ms prefill, %4 ms decode");
    // Without latent tokens there is no %2: QString::arg fills the lowest number first.
    const QString times = timing.contains(QStringLiteral("%2"))
                              ? timing.arg(o.totalS * 1e3, 0, 'f', 1)
                                    .arg(o.implicitS * 1e3, 0, 'f', 1)
                                    .arg(o.prefillS * 1e3, 0, 'f', 1)
                                    .arg(o.decodeS * 1e3, 0, 'f', 1)
                              : timing.arg(o.totalS * 1e3, 0, 'f', 1)
                                    .arg(o.prefillS * 1e3, 0, 'f', 1)
                                    .arg(o.decodeS * 1e3, 0, 'f', 1);
    QString text = tr("Answer: <b>%1</b>  %2").arg(answerText(o).toHtmlEscaped(), mark(o)) +
                   QStringLiteral("<br><span style='color:gray'>%1</span>").arg(times);
    if (hasCot_ && !cot_.stopped && o.totalS > 0) {
        const double ratio = cot_.totalS / o.totalS;
        text +=
            QStringLiteral("<br>") +
            (ratio >= 1 ? tr("<b>%1x</b> faster than the explicit CoT").arg(ratio, 0, 'f', 1)
                        : tr("<b>%1x</b> slower than the explicit CoT").arg(1 / ratio, 0, 'f', 1));
    }
    if (!o.warning.isEmpty())
        text += QStringLiteral("<br><span style='color:#e65100'>%1</span>")
                    .arg(o.warning.toHtmlEscaped());
    implicitAnswer_->setText(text);
}

} // namespace semcot::ui
