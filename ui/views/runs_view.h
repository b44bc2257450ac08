// Every run folder (the run folder, the runs the app started or opened anywhere else, and the
// shipped models) in a sortable table: configuration, status, seed, best validation loss,
// accuracy and latency per evaluated method (runs_table.h), the preset keys where a run differs
// from the others, the baselines trained on it, date; "Group by seed" folds runs that differ
// only by seed into one row with mean ± sd. Open, resume, compare and delete (with
// confirmation). Below, the training curves of the selected runs overlaid (run_curves_panel.h).
// The run folder typed here is saved (Settings::runFolder).
#pragma once

#include "run_folder.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace semcot::ui {

class RunCurvesPanel;
struct RunTableRow;

class RunsView final : public QWidget {
    Q_OBJECT
public:
    explicit RunsView(QWidget* parent = nullptr);

    void setCurrentRun(const QString& folder);
    // Shows the runs of `folder` (and saves it as the run folder).
    void setRunFolder(const QString& folder);
    QString runFolder() const;
    int runCount() const;
    // The runs of the selected rows (all seeds of a grouped row).
    QStringList selectedFolders() const;
    // Selects the rows of every folder of `folders` that is listed; false if one is not.
    bool selectAll(const QStringList& folders);
    // One row per group of runs that differ only by seed (mean ± sd in the numbers).
    void setGroupBySeed(bool on);
    bool groupBySeed() const;
    // A cell's text by its header ("Seed", "Acc. SemCoT", ...) in the row of `folder` (for
    // tests); "" when either is absent.
    QString cellText(const QString& folder, const QString& header) const;
    RunCurvesPanel* curves() const { return curves_; }
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
    int column(const QString& key) const; // -1: no such column
    void fillRow(int row, const RunTableRow& r);
    void fillBaselines(int row, const RunTableRow& r);
    void setHeaders();
    void compareSelected();
    void deleteSelected();

    QLabel* folderLabel_ = nullptr;
    QLineEdit* folder_ = nullptr;
    QPushButton* refresh_ = nullptr;
    QCheckBox* group_ = nullptr;
    QTableWidget* table_ = nullptr;
    RunCurvesPanel* curves_ = nullptr;
    QStringList columns_; // column keys: "name", ..., "acc:semcot", "lat:semcot", ...
    QPushButton* open_ = nullptr;
    QPushButton* resume_ = nullptr;
    QPushButton* compare_ = nullptr;
    QPushButton* delete_ = nullptr;
    QList<RunSummary> runs_;
    QString current_;
};

} // namespace semcot::ui
