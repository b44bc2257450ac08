// Every run folder (the default run folder and the shipped models): configuration, status,
// best validation loss, date; open, resume, compare and delete (with confirmation).
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
    int runCount() const;
    QStringList selectedFolders() const;
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
