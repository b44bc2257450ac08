#include "report_export_dialog.h"

#include "common/provenance.h"
#include "core_bridge.h"
#include "report_export.h"

#include <QCheckBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QUrl>
#include <QVBoxLayout>

#include <exception>

namespace semcot::ui {

ReportExportDialog::ReportExportDialog(const QStringList& runs, QWidget* parent)
    : QDialog(parent) {
    QLayout* runRow = buildRunList(runs);
    buildOptionsForm();
    buildProgressAndButtons();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(runsLabel_);
    layout->addLayout(runRow);
    layout->addLayout(form_);
    layout->addWidget(progress_);
    layout->addWidget(status_);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(open_);
    bottom->addStretch(1);
    bottom->addWidget(buttons_);
    layout->addLayout(bottom);
    retranslateUi();
    resize(620, sizeHint().height());
}

// The run folders to compare, with Add and Remove.
QLayout* ReportExportDialog::buildRunList(const QStringList& runs) {
    runsLabel_ = new QLabel(this);
    runList_ = new QListWidget(this);
    runList_->addItems(runs);
    addRun_ = new QPushButton(this);
    removeRun_ = new QPushButton(this);
    connect(addRun_, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getExistingDirectory(this, QString(), lastFolder_);
        if (f.isEmpty()) return;
        lastFolder_ = QFileInfo(f).absolutePath();
        runList_->addItem(f);
    });
    connect(removeRun_, &QPushButton::clicked, this, [this] { delete runList_->currentItem(); });
    auto* runButtons = new QVBoxLayout;
    runButtons->addWidget(addRun_);
    runButtons->addWidget(removeRun_);
    runButtons->addStretch(1);
    auto* runRow = new QHBoxLayout;
    runRow->addWidget(runList_, 1);
    runRow->addLayout(runButtons);
    return runRow;
}

// Questions, examples, implicit-token explanations and the output folder.
void ReportExportDialog::buildOptionsForm() {
    questions_ = new QSpinBox(this);
    questions_->setRange(1, 100000);
    questions_->setValue(20);
    examples_ = new QSpinBox(this);
    examples_->setRange(0, 20);
    examples_->setValue(3);
    explain_ = new QCheckBox(this);
    explain_->setChecked(true);
    diagnostics_ = new QSpinBox(this);
    diagnostics_->setObjectName(QStringLiteral("reportDiagnostics"));
    diagnostics_->setRange(0, 100000);
    diagnostics_->setValue(0);
    out_ = new QLineEdit(QDir::home().filePath(QStringLiteral("semcot-report")), this);
    browse_ = new QPushButton(this);
    connect(browse_, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getExistingDirectory(this, QString(), out_->text());
        if (!f.isEmpty()) out_->setText(f);
    });
    auto* outRow = new QWidget(this);
    auto* h = new QHBoxLayout(outRow);
    h->setContentsMargins(0, 0, 0, 0);
    h->addWidget(out_, 1);
    h->addWidget(browse_);

    form_ = new QFormLayout;
    for (int i = 0; i < 5; ++i) form_->addRow(new QLabel(this), static_cast<QWidget*>(nullptr));
    form_->setWidget(0, QFormLayout::FieldRole, questions_);
    form_->setWidget(1, QFormLayout::FieldRole, examples_);
    form_->setWidget(2, QFormLayout::FieldRole, explain_);
    form_->setWidget(3, QFormLayout::FieldRole, diagnostics_);
    form_->setWidget(4, QFormLayout::FieldRole, outRow);
}

// The export's progress and status, Open report, Export and Close.
void ReportExportDialog::buildProgressAndButtons() {
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progress_->setValue(0);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    open_ = new QPushButton(this);
    open_->setEnabled(false);
    connect(open_, &QPushButton::clicked, this, [this] {
        QDesktopServices::openUrl(
            QUrl::fromLocalFile(QDir(out_->text()).filePath(QStringLiteral("report.html"))));
    });
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Close, this);
    export_ = buttons_->addButton(QString(), QDialogButtonBox::ActionRole);
    export_->setDefault(true);
    connect(export_, &QPushButton::clicked, this, &ReportExportDialog::startExport);
    connect(buttons_, &QDialogButtonBox::rejected, this, &ReportExportDialog::reject);
}

ReportExportDialog::~ReportExportDialog() {
    if (thread_) {
        stop_ = true;
        thread_->wait();
    }
}

QStringList ReportExportDialog::runs() const {
    QStringList out;
    for (int i = 0; i < runList_->count(); ++i) out << runList_->item(i)->text();
    return out;
}

void ReportExportDialog::setOutputFolder(const QString& folder) {
    out_->setText(folder);
}

void ReportExportDialog::startExport() {
    if (thread_) return;
    const QStringList folders = runs();
    if (folders.isEmpty()) {
        status_->setText(tr("Add at least one run folder."));
        return;
    }
    if (out_->text().trimmed().isEmpty()) {
        status_->setText(tr("Choose an output folder."));
        return;
    }
    report::ReportParams p;
    for (const QString& f : folders) p.runs.push_back(f.toStdString());
    p.n = questions_->value();
    p.examples = examples_->value();
    p.explain = explain_->isChecked();
    p.diagnostics = diagnostics_->value();
    p.out = out_->text().trimmed().toStdString();
    stop_ = false;
    setBusy(true);
    thread_ = QThread::create([this, p] {
        prepareWorkerThread();
        // The report's provenance: no command for an export from the app, rather than the
        // `semcot eval` of the Evaluation view's last run.
        set_command_line(std::string());
        bool ok = false;
        QString message;
        try {
            report::export_report(p, [this](const std::string& stage, double f) {
                const QString s = QString::fromStdString(stage);
                QMetaObject::invokeMethod(
                    this, [this, s, f] { onProgress(s, f); }, Qt::QueuedConnection);
                return !stop_.load();
            });
            ok = true;
        } catch (const std::exception& e) {
            message = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(
            this, [this, ok, message] { onFinished(ok, message); }, Qt::QueuedConnection);
    });
    thread_->start();
}

// The export's stage names come from the report library in English ("evaluating RUN"): shown
// translated here.
QString ReportExportDialog::stageText(const QString& stage) {
    struct Prefix {
        const char* english;
        const char* text;
    };
    static const Prefix prefixes[] = {
        {"evaluating ", QT_TR_NOOP("Evaluating %1")},
        {"explaining examples of ", QT_TR_NOOP("Explaining the examples of %1")},
        {"reading ", QT_TR_NOOP("Reading %1")},
        {"writing ", QT_TR_NOOP("Writing %1")},
        {"drawing charts", QT_TR_NOOP("Drawing the charts")},
        {"done", QT_TR_NOOP("Done")}};
    for (const auto& p : prefixes) {
        const QString english = QString::fromLatin1(p.english);
        if (!stage.startsWith(english)) continue;
        const QString text = tr(p.text);
        return text.contains(QLatin1String("%1")) ? text.arg(stage.mid(english.size())) : text;
    }
    return stage;
}

void ReportExportDialog::onProgress(const QString& stage, double fraction) {
    progress_->setValue(int(1000 * fraction));
    status_->setText(stageText(stage));
}

void ReportExportDialog::onFinished(bool ok, const QString& message) {
    thread_->wait();
    delete thread_;
    thread_ = nullptr;
    setBusy(false);
    const QString folder = out_->text().trimmed();
    if (ok) {
        progress_->setValue(1000);
        status_->setText(tr("Report written to %1").arg(QDir::toNativeSeparators(folder)));
    } else if (stop_) {
        status_->setText(tr("Export stopped."));
    } else {
        status_->setText(tr("Export failed: %1").arg(message));
    }
    open_->setEnabled(ok);
    Q_EMIT exportFinished(folder, ok, message);
}

void ReportExportDialog::setBusy(bool busy) {
    for (QWidget* w : std::initializer_list<QWidget*>{runList_, addRun_, removeRun_, questions_,
                                                      examples_, explain_, diagnostics_, out_,
                                                      browse_, export_})
        w->setEnabled(!busy);
    if (busy) open_->setEnabled(false);
    retranslateUi();
}

void ReportExportDialog::reject() {
    if (thread_) { // first stop the export; the dialog stays until it has stopped
        stop_ = true;
        status_->setText(tr("Stopping..."));
        return;
    }
    QDialog::reject();
}

void ReportExportDialog::retranslateUi() {
    setWindowTitle(tr("Export report"));
    runsLabel_->setText(tr("Runs, side by side in one report:"));
    addRun_->setText(tr("Add run..."));
    removeRun_->setText(tr("Remove"));
    static const char* const labels[] = {QT_TR_NOOP("Questions to evaluate:"),
                                         QT_TR_NOOP("Example questions:"), "",
                                         QT_TR_NOOP("Latent-token diagnostics:"),
                                         QT_TR_NOOP("Output folder:")};
    for (int i = 0; i < 5; ++i)
        if (auto* label = qobject_cast<QLabel*>(form_->itemAt(i, QFormLayout::LabelRole)->widget()))
            label->setText(*labels[i] ? tr(labels[i]) : QString());
    questions_->setToolTip(tr("Questions of the test split evaluated with each method"));
    explain_->setText(tr("Explain the examples (implicit tokens, nearest sentences, heatmaps)"));
    diagnostics_->setSpecialValueText(tr("none"));
    diagnostics_->setSuffix(tr(" questions"));
    diagnostics_->setToolTip(tr("Token statistics, interventions beside the masked control and "
                                "the logit lens of every method over this many questions (as "
                                "semcot report --diagnostics N); slower"));
    browse_->setText(tr("Browse..."));
    open_->setText(tr("Open report"));
    export_->setText(tr("Export"));
    if (auto* close = buttons_->button(QDialogButtonBox::Close))
        close->setText(thread_ ? tr("Stop") : tr("Close"));
}

void ReportExportDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QDialog::changeEvent(event);
}

} // namespace semcot::ui
