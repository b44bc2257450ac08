#include "runs_view.h"

#include "core_bridge.h"
#include "methods.h"
#include "report/report_config.h"
#include "settings.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <functional>

namespace semcot::ui {

namespace {

enum Column {
    colName,
    colStatus,
    colPreset,
    colTask,
    colK,
    colLoss,
    colBaselines,
    colDate,
    colFolder,
    colCount
};

} // namespace

RunsView::RunsView(QWidget* parent)
    : QWidget(parent) {
    folderLabel_ = new QLabel(this);
    folder_ = new QLineEdit(Settings::runFolder(), this);
    refresh_ = new QPushButton(this);
    table_ = new QTableWidget(0, colCount, this);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setAlternatingRowColors(true);
    table_->verticalHeader()->setVisible(false);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setSortingEnabled(true);
    open_ = new QPushButton(this);
    resume_ = new QPushButton(this);
    resume_->setObjectName(QStringLiteral("resumeRun"));
    compare_ = new QPushButton(this);
    delete_ = new QPushButton(this);
    auto* top = new QHBoxLayout;
    top->addWidget(folderLabel_);
    top->addWidget(folder_, 1);
    top->addWidget(refresh_);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(open_);
    buttons->addWidget(resume_);
    buttons->addWidget(compare_);
    buttons->addStretch(1);
    buttons->addWidget(delete_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(table_, 1);
    layout->addLayout(buttons);

    connect(refresh_, &QPushButton::clicked, this, &RunsView::refresh);
    connect(folder_, &QLineEdit::editingFinished, this, [this] {
        const QString f = folder_->text().trimmed();
        if (!f.isEmpty() && f != Settings::runFolder()) Settings::setRunFolder(f);
        refresh();
    });
    connect(table_, &QTableWidget::itemSelectionChanged, this, &RunsView::updateButtons);
    connect(table_, &QTableWidget::cellDoubleClicked, this, [this] {
        const auto f = selectedFolders();
        if (f.size() == 1) Q_EMIT openRequested(f.first());
    });
    connect(open_, &QPushButton::clicked, this, [this] {
        const auto f = selectedFolders();
        if (f.size() == 1) Q_EMIT openRequested(f.first());
    });
    connect(resume_, &QPushButton::clicked, this, [this] {
        const auto f = selectedFolders();
        if (f.size() == 1) Q_EMIT resumeRequested(f.first());
    });
    connect(compare_, &QPushButton::clicked, this, &RunsView::compareSelected);
    connect(delete_, &QPushButton::clicked, this, &RunsView::deleteSelected);
    retranslateUi(); // refreshes too
}

void RunsView::setCurrentRun(const QString& folder) {
    current_ = folder;
    refresh();
}

void RunsView::setRunFolder(const QString& folder) {
    folder_->setText(folder);
    if (!folder.trimmed().isEmpty()) Settings::setRunFolder(folder.trimmed());
    refresh();
}

QString RunsView::runFolder() const {
    return folder_->text().trimmed();
}

int RunsView::runCount() const {
    return table_->rowCount();
}

QStringList RunsView::listedFolders() const {
    QStringList out;
    for (int row = 0; row < table_->rowCount(); ++row)
        out << table_->item(row, colFolder)->data(Qt::UserRole).toString();
    return out;
}

namespace {

bool sameFolder(const QString& a, const QString& b) {
    const QString ca = QFileInfo(a).canonicalFilePath(), cb = QFileInfo(b).canonicalFilePath();
    return ca.isEmpty() || cb.isEmpty() ? QDir::cleanPath(a) == QDir::cleanPath(b) : ca == cb;
}

} // namespace

int RunsView::rowOf(const QString& folder) const {
    for (int row = 0; row < table_->rowCount(); ++row)
        if (sameFolder(table_->item(row, colFolder)->data(Qt::UserRole).toString(), folder))
            return row;
    return -1;
}

QString RunsView::statusOf(const QString& folder) const {
    const int row = rowOf(folder);
    return row < 0 ? QString() : table_->item(row, colStatus)->text();
}

QString RunsView::baselinesOf(const QString& folder) const {
    const int row = rowOf(folder);
    return row < 0 ? QString() : table_->item(row, colBaselines)->text();
}

QString RunsView::baselinesToolTipOf(const QString& folder) const {
    const int row = rowOf(folder);
    return row < 0 ? QString() : table_->item(row, colBaselines)->toolTip();
}

bool RunsView::select(const QString& folder) {
    for (int row = 0; row < table_->rowCount(); ++row)
        if (sameFolder(table_->item(row, colFolder)->data(Qt::UserRole).toString(), folder)) {
            table_->selectRow(row);
            return true;
        }
    return false;
}

QString RunsView::statusText(const RunSummary& r) {
    if (r.status == QStringLiteral("done")) return tr("finished");
    if (r.status == QStringLiteral("training")) return tr("interrupted (resumable)");
    if (r.status == QStringLiteral("failed"))
        return tr("failed: %1").arg(r.error.isEmpty() ? tr("no reason recorded") : r.error);
    if (r.status == QStringLiteral("invalid")) return tr("invalid: %1").arg(r.task);
    return tr("unknown status \"%1\"").arg(r.status);
}

QStringList RunsView::selectedFolders() const {
    QStringList out;
    for (const auto& index : table_->selectionModel()->selectedRows(colFolder))
        out << index.data(Qt::UserRole).toString();
    return out;
}

void RunsView::refresh() {
    const QStringList selected = selectedFolders();
    runs_ = findRuns(folder_->text().trimmed());
    for (const RunSummary& s : findRuns(modelsDir())) runs_ << s;
    // Runs started or opened elsewhere, and the open one: listed wherever they are.
    QStringList others = Settings::recentRuns();
    if (!current_.isEmpty()) others.prepend(current_);
    for (const QString& f : others) {
        if (!QFileInfo::exists(QDir(f).filePath(QStringLiteral("run.json")))) {
            Settings::removeRecentRun(f); // deleted or moved
            continue;
        }
        bool listed = false;
        for (const auto& r : runs_) listed = listed || sameFolder(r.folder, f);
        if (!listed) runs_ << readRunSummary(f);
    }
    table_->setSortingEnabled(false);
    table_->setRowCount(int(runs_.size()));
    for (int row = 0; row < runs_.size(); ++row) {
        const RunSummary& r = runs_[row];
        const bool isCurrent =
            QFileInfo(r.folder).canonicalFilePath() == QFileInfo(current_).canonicalFilePath();
        auto set = [&](int col, const QString& text, const QVariant& sort = {}) {
            auto* item = new QTableWidgetItem(text);
            if (sort.isValid()) item->setData(Qt::DisplayRole, sort);
            if (isCurrent) {
                QFont f = item->font();
                f.setBold(true);
                item->setFont(f);
            }
            table_->setItem(row, col, item);
            return item;
        };
        set(colName, r.name);
        auto* status = set(colStatus, statusText(r));
        status->setToolTip(statusText(r));
        status->setForeground(r.status == QStringLiteral("done") ? QBrush()
                              : r.status == QStringLiteral("training")
                                  ? QBrush(QColor(230, 81, 0))
                                  : QBrush(QColor(198, 40, 40)));
        set(colPreset, r.preset);
        set(colTask, r.status == QStringLiteral("invalid") ? QString() : r.task);
        set(colK, QString(), r.k);
        if (r.bestValLoss >= 0)
            set(colLoss, QString(), r.bestValLoss);
        else
            set(colLoss, QStringLiteral("-"));
        // The baselines trained on the run (RUN/methods), with their training summaries.
        QStringList trained, tips;
        if (r.status == QStringLiteral("done"))
            for (const BaselineState& b : runBaselines(r.folder)) {
                if (b.status == BaselineState::Status::trained)
                    trained << methodLabel(b.method);
                else if (b.status == BaselineState::Status::interrupted)
                    trained << tr("%1 (interrupted)").arg(methodLabel(b.method));
                if (b.status != BaselineState::Status::absent || !b.error.isEmpty())
                    tips << baselineSummary(b);
            }
        auto* baselines = set(colBaselines, trained.join(QStringLiteral(", ")));
        baselines->setToolTip(tips.isEmpty() ? tr("No baseline trained on this run (New training "
                                                  "run > Method)")
                                             : tips.join(u'\n'));
        set(colDate, r.modified.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
        set(colFolder, QDir::toNativeSeparators(r.folder))->setData(Qt::UserRole, r.folder);
    }
    table_->setSortingEnabled(true);
    table_->resizeColumnsToContents();
    table_->setColumnWidth(colStatus, std::min(table_->columnWidth(colStatus), 320));
    table_->setColumnWidth(colBaselines, std::min(table_->columnWidth(colBaselines), 260));
    for (const QString& f : selected) // keep the selection over a refresh
        for (int row = 0; row < table_->rowCount(); ++row)
            if (table_->item(row, colFolder)->data(Qt::UserRole).toString() == f)
                table_->selectionModel()->select(table_->model()->index(row, 0),
                                                 QItemSelectionModel::Select |
                                                     QItemSelectionModel::Rows);
    updateButtons();
}

void RunsView::updateButtons() {
    const QStringList f = selectedFolders();
    bool finished = false, resumable = false;
    if (f.size() == 1) {
        const RunSummary s = readRunSummary(f.first());
        finished = s.status == QStringLiteral("done");
        resumable = s.status == QStringLiteral("training");
    }
    open_->setEnabled(finished);
    resume_->setEnabled(resumable);
    compare_->setEnabled(f.size() >= 2);
    delete_->setEnabled(!f.isEmpty());
}

QString RunsView::compareHtml(const QList<RunSummary>& runs) {
    // The report's configuration table: numbers compare by value (0 = 0.0) and a missing
    // preset switch is false, so only real differences show.
    std::vector<nlohmann::json> infos;
    for (const auto& r : runs) infos.push_back(r.info.json);
    const semcot::report::ConfigTable table = semcot::report::config_table(infos);
    QString html =
        QStringLiteral("<table border='1' cellspacing='0' cellpadding='3'><tr><th></th>");
    for (const auto& r : runs) html += QStringLiteral("<th>%1</th>").arg(r.name.toHtmlEscaped());
    html += QStringLiteral("</tr>");
    for (size_t row = 0; row < table.keys.size(); ++row) {
        const QString key = QString::fromStdString(table.keys[row]);
        if (!table.differs[row] && !key.startsWith(QStringLiteral("summary"))) continue;
        html += QStringLiteral("<tr><td><b>%1</b></td>").arg(key.toHtmlEscaped());
        for (const auto& v : table.values[row])
            html += QStringLiteral("<td>%1</td>")
                        .arg(v ? QString::fromStdString(*v).toHtmlEscaped() : QStringLiteral("-"));
        html += QStringLiteral("</tr>");
    }
    return html + QStringLiteral("</table>");
}

void RunsView::compareSelected() {
    QList<RunSummary> runs;
    for (const QString& f : selectedFolders()) runs << readRunSummary(f);
    if (runs.size() < 2) return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Compare runs"));
    auto* text = new QTextBrowser(&dialog);
    text->setHtml(
        QStringLiteral("<p>%1</p>").arg(tr("Settings that differ, and the training summaries.")) +
        compareHtml(runs));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(text);
    layout->addWidget(buttons);
    dialog.resize(800, 500);
    dialog.exec();
}

void RunsView::deleteSelected() {
    const QStringList folders = selectedFolders();
    if (folders.isEmpty()) return;
    const QString shipped = QFileInfo(modelsDir()).canonicalFilePath();
    for (const QString& f : folders)
        if (QFileInfo(f).canonicalFilePath().startsWith(shipped)) {
            QMessageBox::information(this, tr("Delete runs"),
                                     tr("%1 ships with SemCoT Studio and is not deleted.").arg(f));
            return;
        }
    const auto answer = QMessageBox::question(
        this, tr("Delete runs"),
        tr("Delete %n run folder(s) and everything in them? This cannot be undone.\n\n%1", nullptr,
           int(folders.size()))
            .arg(folders.join(u'\n')),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes) return;
    for (const QString& f : folders) {
        if (!QDir(f).removeRecursively())
            QMessageBox::warning(this, tr("Delete runs"), tr("Could not delete all of %1.").arg(f));
        else
            Settings::removeRecentRun(f);
    }
    refresh();
}

void RunsView::retranslateUi() {
    folderLabel_->setText(tr("Run folder:"));
    refresh_->setText(tr("Refresh"));
    table_->setHorizontalHeaderLabels({tr("Run"), tr("Status"), tr("Preset"), tr("Task"), tr("k"),
                                       tr("Best val. loss (CG)"), tr("Baselines"), tr("Date"),
                                       tr("Folder")});
    open_->setText(tr("Open"));
    resume_->setText(tr("Resume training"));
    compare_->setText(tr("Compare"));
    delete_->setText(tr("Delete..."));
    table_->setToolTip(tr("Runs in the run folder, runs started or opened elsewhere, and the "
                          "shipped runs; double-click opens one."));
    folder_->setToolTip(tr("Where new runs go and where this list looks (saved)"));
    refresh(); // the status column in the new language
}

void RunsView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

} // namespace semcot::ui
