#include "implicit_token_chip.h"

#include <QEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QVBoxLayout>

namespace semcot::ui {

ImplicitTokenChip::ImplicitTokenChip(const ImplicitTokenView& token, double baselineMean,
                                     QWidget* parent)
    : QFrame(parent)
    , token_(token)
    , baselineMean_(baselineMean) {
    setObjectName(QStringLiteral("implicitTokenChip"));
    setFrameShape(QFrame::StyledPanel);
    setCursor(Qt::PointingHandCursor);
    setStyleSheet(
        QStringLiteral("#implicitTokenChip { border: 1px solid palette(mid); border-radius: 8px;"
                       " background: palette(base); }"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->setSpacing(2);
    header_ = new QLabel(this);
    header_->setTextFormat(Qt::RichText);
    sentence_ = new QLabel(this);
    sentence_->setWordWrap(true);
    sentence_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    details_ = new QLabel(this);
    details_->setWordWrap(true);
    details_->setTextFormat(Qt::RichText);
    details_->setVisible(false);
    layout->addWidget(header_);
    layout->addWidget(sentence_);
    layout->addWidget(details_);
    retranslateUi();
}

void ImplicitTokenChip::setExpanded(bool on) {
    expanded_ = on;
    details_->setVisible(on);
}

QString ImplicitTokenChip::detailsHtml() const {
    QString html = QStringLiteral("<b>%1</b><br>").arg(tr("Nearest sentences (cosine)"));
    html += QStringLiteral("<table cellspacing='2'>");
    for (const auto& n : token_.neighbours)
        html += QStringLiteral("<tr><td align='right'>%1</td><td>%2</td></tr>")
                    .arg(n.score, 0, 'f', 3)
                    .arg(n.text.toHtmlEscaped());
    html += QStringLiteral("</table>");
    html +=
        QStringLiteral("<i>%1</i>")
            .arg(tr("Random sentence pairs score %1 on average.").arg(baselineMean_, 0, 'f', 3));
    if (!token_.lens.isEmpty()) {
        QStringList pieces;
        for (const auto& l : token_.lens)
            pieces << QStringLiteral("%1&nbsp;(%2%)")
                          .arg(l.piece.toHtmlEscaped())
                          .arg(100.0 * l.prob, 0, 'f', 1);
        html += QStringLiteral("<br><b>%1</b><br>%2")
                    .arg(tr("Logit lens (raw)"), pieces.join(QStringLiteral(", ")));
    }
    return html;
}

void ImplicitTokenChip::retranslateUi() {
    const bool any = !token_.neighbours.isEmpty();
    const double best = any ? token_.neighbours.first().score : 0;
    header_->setText(QStringLiteral("<b>%1</b>&nbsp;&nbsp;<span style='color:gray'>%2</span>")
                         .arg(token_.label.toHtmlEscaped(),
                              any ? tr("cos %1").arg(best, 0, 'f', 3) : tr("no neighbours")));
    sentence_->setText(any ? token_.neighbours.first().text : QString());
    details_->setText(detailsHtml());
    setToolTip(detailsHtml());
}

void ImplicitTokenChip::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        setExpanded(!expanded_);
        Q_EMIT clicked(token_.position);
    }
    QFrame::mousePressEvent(event);
}

void ImplicitTokenChip::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QFrame::changeEvent(event);
}

} // namespace semcot::ui
