// Every run folder (the run folder, the runs the app started or opened anywhere else, and the
// shipped models): configuration, status, best validation loss, the baselines trained on it,
// date; open, resume, compare and delete (with confirmation). The run folder typed here is
// saved (Settings::runFolder).
#pragma once

#include "run_folder.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace semcot::ui {

class RunsView final : public QWidget {
    Q_OBJECT
public:
    explicit RunsView(QWidget* parent = nullptr);

    void setCurrentRun(const QString& folder);
    // Shows the runs of `folder` (and saves it as the run folder).
    void setRunFolder(const QString& folder);
    QString runFolder() const;
    int runCount() const;
    QStringList selectedFolders() const;
    // Every listed run folder, in table order (for tests).
    QStringList listedFolders() const;
    // The status column's text for `folder` ("" when it is not listed).
    QString statusOf(const QString& folder) const;
    // The baselines column's text and tooltip for `folder` ("" when it is not listed).
    QString baselinesOf(const QString& folder) const;
    QString baselinesToolTipOf(const QString& folder) const;
    // Selects the row of `folder`; false when it is not listed.
    bool select(const QString& folder);
    // The status column: "finished", "interrupted (resumable)", "failed: ...".
    static QString statusText(const RunSummary& run);
    // The comparison table of `folders` as HTML (preset keys that differ, summaries).
    static QString compareHtml(const QList<RunSummary>& runs);

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void openRequested(const QString& folder);
    void resumeRequested(const QString& folder);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void updateButtons();
    int rowOf(const QString& folder) const; // -1: not listed
    void compareSelected();
    void deleteSelected();

    QLabel* folderLabel_ = nullptr;
    QLineEdit* folder_ = nullptr;
    QPushButton* refresh_ = nullptr;
    QTableWidget* table_ = nullptr;
    QPushButton* open_ = nullptr;
    QPushButton* resume_ = nullptr;
    QPushButton* compare_ = nullptr;
    QPushButton* delete_ = nullptr;
    QList<RunSummary> runs_;
    QString current_;
};

} // namespace semcot::ui
