// File > Export report: pick runs (side by side), evaluation size, examples and an output
// folder; the export (semcot::report::export_report) runs on a worker thread with a progress
// bar and can be stopped.
#pragma once

#include <QDialog>

#include <atomic>

class QCheckBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QThread;

namespace semcot::ui {

class ReportExportDialog final : public QDialog {
    Q_OBJECT
public:
    // `runs`: run folders listed at the start (usually the open run).
    explicit ReportExportDialog(const QStringList& runs, QWidget* parent = nullptr);
    ~ReportExportDialog() override;

    QStringList runs() const;
    void setOutputFolder(const QString& folder);
    // Starts the export as the Export button does (for scripted use and tests).
    void startExport();
    bool busy() const { return thread_ != nullptr; }

Q_SIGNALS:
    void exportFinished(const QString& folder, bool ok, const QString& message);

protected:
    void changeEvent(QEvent* event) override;
    void reject() override;

private:
    static QString stageText(const QString& stage);
    QLayout* buildRunList(const QStringList& runs);
    void buildOptionsForm();
    void buildProgressAndButtons();
    void retranslateUi();
    void setBusy(bool busy);
    void onProgress(const QString& stage, double fraction);
    void onFinished(bool ok, const QString& message);

    QListWidget* runList_ = nullptr;
    QPushButton* addRun_ = nullptr;
    QPushButton* removeRun_ = nullptr;
    QFormLayout* form_ = nullptr;
    QSpinBox* questions_ = nullptr;
    QSpinBox* examples_ = nullptr;
    QCheckBox* explain_ = nullptr;
    QSpinBox* diagnostics_ = nullptr; // questions of the latent-token diagnostics; 0: none
    QLineEdit* out_ = nullptr;
    QPushButton* browse_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
    QPushButton* open_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
    QPushButton* export_ = nullptr;
    QLabel* runsLabel_ = nullptr;

    QThread* thread_ = nullptr;
    std::atomic_bool stop_{false};
    QString lastFolder_;
};

} // namespace semcot::ui
