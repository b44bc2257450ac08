#include "settings_dialog.h"

#include "core_bridge.h"
#include "settings.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSpinBox>
#include <QToolButton>

namespace semcot::ui {

SettingsDialog::SettingsDialog(QWidget* parent)
    : QDialog(parent) {
    device_ = new QComboBox(this);
    for (const char* d : {"auto", "cpu", "cuda"})
        device_->addItem(QString(), QString::fromLatin1(d));
    device_->setCurrentIndex(std::max(0, device_->findData(Settings::device())));
    threads_ = new QSpinBox(this);
    threads_->setRange(0, 256);
    threads_->setValue(Settings::threads());
    runFolder_ = new QLineEdit(Settings::runFolder(), this);
    auto* browse = new QToolButton(this);
    browse->setText(QStringLiteral("..."));
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString f = QFileDialog::getExistingDirectory(this, QString(), runFolder_->text());
        if (!f.isEmpty()) runFolder_->setText(f);
    });
    auto* folderRow = new QWidget(this);
    auto* h = new QHBoxLayout(folderRow);
    h->setContentsMargins(0, 0, 0, 0);
    h->addWidget(runFolder_, 1);
    h->addWidget(browse);
    theme_ = new QComboBox(this);
    for (const char* t : {"system", "light", "dark"})
        theme_->addItem(QString(), QString::fromLatin1(t));
    theme_->setCurrentIndex(std::max(0, theme_->findData(Settings::theme())));
    language_ = new QComboBox(this);
    language_->addItem(QString(), QStringLiteral("system"));
    for (const QString& code : Settings::availableLanguages()) {
        const QLocale l(code);
        language_->addItem(QStringLiteral("%1 (%2)").arg(l.nativeLanguageName(), code), code);
    }
    language_->setCurrentIndex(std::max(0, language_->findData(Settings::language())));

    form_ = new QFormLayout;
    for (int i = 0; i < 5; ++i) form_->addRow(new QLabel(this), static_cast<QWidget*>(nullptr));
    form_->setWidget(0, QFormLayout::FieldRole, device_);
    form_->setWidget(1, QFormLayout::FieldRole, threads_);
    form_->setWidget(2, QFormLayout::FieldRole, folderRow);
    form_->setWidget(3, QFormLayout::FieldRole, theme_);
    form_->setWidget(4, QFormLayout::FieldRole, language_);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons_, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form_);
    layout->addWidget(buttons_);
    retranslateUi();
    resize(520, sizeHint().height());
}

void SettingsDialog::accept() {
    Settings::setDevice(device_->currentData().toString());
    Settings::setThreads(threads_->value());
    Settings::setRunFolder(runFolder_->text().trimmed());
    const bool themeChanged = Settings::theme() != theme_->currentData().toString();
    const bool languageChanged = Settings::language() != language_->currentData().toString();
    Settings::setTheme(theme_->currentData().toString());
    Settings::setLanguage(language_->currentData().toString());
    applyThreadCount(threads_->value());
    if (themeChanged) Settings::applyTheme();
    if (languageChanged) Settings::applyLanguage();
    QDialog::accept();
}

void SettingsDialog::retranslateUi() {
    setWindowTitle(tr("Settings"));
    const char* labels[] = {QT_TR_NOOP("Device:"), QT_TR_NOOP("CPU threads (0 = default):"),
                            QT_TR_NOOP("Default run folder:"), QT_TR_NOOP("Theme:"),
                            QT_TR_NOOP("Language:")};
    for (int i = 0; i < 5; ++i)
        if (auto* l = qobject_cast<QLabel*>(form_->itemAt(i, QFormLayout::LabelRole)->widget()))
            l->setText(tr(labels[i]));
    device_->setItemText(0, cudaAvailable() ? tr("Automatic (CUDA available)")
                                            : tr("Automatic (CPU: no CUDA device)"));
    device_->setItemText(1, tr("CPU"));
    device_->setItemText(2, tr("CUDA"));
    theme_->setItemText(0, tr("Follow the system"));
    theme_->setItemText(1, tr("Light"));
    theme_->setItemText(2, tr("Dark"));
    language_->setItemText(0, tr("System language"));
    device_->setToolTip(tr("Applies to runs opened and jobs started from now on."));
}

void SettingsDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QDialog::changeEvent(event);
}

} // namespace semcot::ui
