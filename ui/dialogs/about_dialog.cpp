#include "about_dialog.h"

#include "core_bridge.h"
#include "log_file.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

namespace semcot::ui {

AboutDialog::AboutDialog(QWidget* parent)
    : QDialog(parent) {
    label_ = new QLabel(this);
    label_->setTextFormat(Qt::RichText);
    label_->setWordWrap(true);
    label_->setOpenExternalLinks(true);
    label_->setTextInteractionFlags(Qt::TextBrowserInteraction);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(label_);
    layout->addWidget(buttons);
    retranslateUi();
    resize(560, sizeHint().height());
}

QString AboutDialog::text() const {
    return label_->text();
}

void AboutDialog::retranslateUi() {
    setWindowTitle(tr("About SemCoT Studio"));
    const VersionInfo v = versionInfo();
    QString html = QStringLiteral("<h2>SemCoT Studio %1</h2><p>%2</p><table>")
                       .arg(v.app.toHtmlEscaped(),
                            tr("Explicit chain of thought and SemCoT's implicit reasoning tokens, "
                               "side by side (<a href='https://arxiv.org/abs/2510.24940'>arXiv "
                               "2510.24940</a>)."));
    auto row = [&html](const QString& k, const QString& val) {
        html += QStringLiteral("<tr><td><b>%1</b>&nbsp;&nbsp;</td><td>%2</td></tr>")
                    .arg(k.toHtmlEscaped(), val.toHtmlEscaped());
    };
    row(tr("Qt"), v.qt);
    row(tr("LibTorch"), v.libtorch);
    row(tr("CUDA"), v.cuda);
    row(tr("BLAS"), v.blas);
    row(tr("Models"), modelsDir());
    row(tr("Log file"), logFilePath());
    html += QStringLiteral("</table>");
    label_->setText(html);
}

void AboutDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QDialog::changeEvent(event);
}

} // namespace semcot::ui
