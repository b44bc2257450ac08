#include "runs_view.h"

#include "core_bridge.h"
#include "methods.h"
#include "report/report_config.h"
#include "run_curves_panel.h"
#include "runs_table.h"
#include "settings.h"

#include <QCheckBox>
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
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <functional>

namespace semcot::ui {

namespace {

// Keys of the fixed columns; per evaluated method "acc:NAME" and "lat:NAME" go after "loss".
const QStringList kLeading = {QStringLiteral("name"), QStringLiteral("status"),
                              QStringLiteral("preset"), QStringLiteral("task"),
                              QStringLiteral("k"), QStringLiteral("seed"), QStringLiteral("loss")};
const QStringList kTrailing = {QStringLiteral("diff"), QStringLiteral("baselines"),
                               QStringLiteral("date"), QStringLiteral("folder")};
constexpr int kFoldersRole = Qt::UserRole + 1; // every folder of a grouped row
constexpr int kSortRole = Qt::UserRole + 2;

// Sorts by kSortRole when set (numbers shown as "mean ± sd"), else by text.
class SortItem final : public QTableWidgetItem {
public:
    using QTableWidgetItem::QTableWidgetItem;
    bool operator<(const QTableWidgetItem& other) const override {
        const QVariant a = data(kSortRole), b = other.data(kSortRole);
        if (a.isValid() && b.isValid()) return a.toDouble() < b.toDouble();
        if (a.isValid() != b.isValid()) return b.isValid(); // empty cells first
        return QTableWidgetItem::operator<(other);
    }
};

} // namespace

RunsView::RunsView(QWidget* parent)
    : QWidget(parent) {
    folderLabel_ = new QLabel(this);
    folder_ = new QLineEdit(Settings::runFolder(), this);
    refresh_ = new QPushButton(this);
    group_ = new QCheckBox(this);
    group_->setObjectName(QStringLiteral("groupBySeed"));
    table_ = new QTableWidget(0, 0, this);
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
    top->addWidget(group_);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(open_);
    buttons->addWidget(resume_);
    buttons->addWidget(compare_);
    buttons->addStretch(1);
    buttons->addWidget(delete_);
    curves_ = new RunCurvesPanel(this);
    auto* tablePart = new QWidget(this);
    auto* tableLayout = new QVBoxLayout(tablePart);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(table_, 1);
    tableLayout->addLayout(buttons);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(tablePart);
    split->addWidget(curves_);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    connect(refresh_, &QPushButton::clicked, this, &RunsView::refresh);
    connect(folder_, &QLineEdit::editingFinished, this, [this] {
        const QString f = folder_->text().trimmed();
        if (!f.isEmpty() && f != Settings::runFolder()) Settings::setRunFolder(f);
        refresh();
    });
    connect(table_, &QTableWidget::itemSelectionChanged, this, [this] {
        updateButtons();
        curves_->setRuns(selectedFolders());
    });
    connect(group_, &QCheckBox::toggled, this, &RunsView::refresh);
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

int RunsView::column(const QString& key) const {
    return int(columns_.indexOf(key));
}

namespace {

bool sameFolder(const QString& a, const QString& b) {
    const QString ca = QFileInfo(a).canonicalFilePath(), cb = QFileInfo(b).canonicalFilePath();
    return ca.isEmpty() || cb.isEmpty() ? QDir::cleanPath(a) == QDir::cleanPath(b) : ca == cb;
}

} // namespace

QStringList RunsView::listedFolders() const {
    QStringList out;
    const int col = column(QStringLiteral("folder"));
    for (int row = 0; row < table_->rowCount(); ++row)
        out << table_->item(row, col)->data(kFoldersRole).toStringList();
    return out;
}

int RunsView::rowOf(const QString& folder) const {
    const int col = column(QStringLiteral("folder"));
    for (int row = 0; row < table_->rowCount(); ++row)
        for (const QString& f : table_->item(row, col)->data(kFoldersRole).toStringList())
            if (sameFolder(f, folder)) return row;
    return -1;
}

QString RunsView::cellText(const QString& folder, const QString& header) const {
    const int row = rowOf(folder);
    for (int col = 0; row >= 0 && col < table_->columnCount(); ++col)
        if (table_->horizontalHeaderItem(col)->text() == header) return table_->item(row, col)->text();
    return {};
}

QString RunsView::statusOf(const QString& folder) const {
    const int row = rowOf(folder);
    return row < 0 ? QString() : table_->item(row, column(QStringLiteral("status")))->text();
}

QString RunsView::baselinesOf(const QString& folder) const {
    const int row = rowOf(folder);
    return row < 0 ? QString() : table_->item(row, column(QStringLiteral("baselines")))->text();
}

QString RunsView::baselinesToolTipOf(const QString& folder) const {
    const int row = rowOf(folder);
    return row < 0 ? QString() : table_->item(row, column(QStringLiteral("baselines")))->toolTip();
}

bool RunsView::select(const QString& folder) {
    const int row = rowOf(folder);
    if (row >= 0) table_->selectRow(row);
    return row >= 0;
}

bool RunsView::selectAll(const QStringList& folders) {
    table_->clearSelection();
    bool all = true;
    for (const QString& f : folders) {
        const int row = rowOf(f);
        all = all && row >= 0;
        if (row >= 0)
            table_->selectionModel()->select(table_->model()->index(row, 0),
                                             QItemSelectionModel::Select | QItemSelectionModel::Rows);
        if (row >= 0 && f == folders.first()) table_->scrollToItem(table_->item(row, 0));
    }
    return all;
}

void RunsView::setGroupBySeed(bool on) {
    group_->setChecked(on);
}

bool RunsView::groupBySeed() const {
    return group_->isChecked();
}

QString RunsView::statusText(const RunSummary& r) {
    // The lock says more than run.json: "training" is also what a stopped run's says.
    if (r.trainer)
        return r.trainer->pid > 0 ? tr("training now (pid %1 on %2)")
                                        .arg(r.trainer->pid)
                                        .arg(QString::fromStdString(r.trainer->host))
                                  : tr("training now (by another process)");
    if (r.status == QStringLiteral("done")) return tr("finished");
    if (r.status == QStringLiteral("training")) return tr("interrupted (resumable)");
    if (r.status == QStringLiteral("failed"))
        return tr("failed: %1").arg(r.error.isEmpty() ? tr("no reason recorded") : r.error);
    if (r.status == QStringLiteral("invalid")) return tr("invalid: %1").arg(r.task);
    return tr("unknown status \"%1\"").arg(r.status);
}

QStringList RunsView::selectedFolders() const {
    QStringList out;
    const int col = column(QStringLiteral("folder"));
    if (col < 0) return out;
    for (const auto& index : table_->selectionModel()->selectedRows(col))
        out << index.data(kFoldersRole).toStringList();
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
    const QList<RunTableRow> rows = runTableRows(runs_, group_->isChecked());
    // A pair of columns (accuracy, latency) per method some run has evaluations of.
    columns_ = kLeading;
    for (const QString& m : methodNames())
        for (const auto& r : rows)
            if (r.accuracy.contains(m)) {
                columns_ << QStringLiteral("acc:") + m << QStringLiteral("lat:") + m;
                break;
            }
    columns_ << kTrailing;
    table_->setSortingEnabled(false);
    table_->clear();
    table_->setColumnCount(int(columns_.size()));
    table_->setRowCount(int(rows.size()));
    setHeaders();
    for (int row = 0; row < rows.size(); ++row) fillRow(row, rows[row]);
    table_->setSortingEnabled(true);
    table_->resizeColumnsToContents();
    // Long cells (a group's run names, dataset paths, failure reasons) are cut; tooltips and
    // the column's resize handle show them whole.
    for (const char* key : {"name", "status", "task", "diff", "baselines"}) {
        const int col = column(QString::fromLatin1(key));
        table_->setColumnWidth(col, std::min(table_->columnWidth(col), key[0] == 'n' ? 200 : 220));
    }
    for (const QString& f : selected) { // keep the selection over a refresh
        const int row = rowOf(f);
        if (row >= 0)
            table_->selectionModel()->select(table_->model()->index(row, 0),
                                             QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    updateButtons();
    curves_->setRuns(selectedFolders());
}

namespace {

QString joinedUnique(const QStringList& values) {
    QStringList out;
    for (const QString& v : values)
        if (!out.contains(v)) out << v;
    return out.join(QStringLiteral(", "));
}

} // namespace

void RunsView::fillRow(int row, const RunTableRow& r) {
    const RunSummary& first = r.runs.first();
    bool isCurrent = false;
    QStringList folders, names, statuses, statusTips;
    QDateTime newest;
    for (const RunSummary& s : r.runs) {
        isCurrent = isCurrent || (!current_.isEmpty() && sameFolder(s.folder, current_));
        folders << s.folder;
        names << s.name;
        statuses << statusText(s);
        statusTips << (s.trainer ? tr("Being trained right now: %1")
                                       .arg(QString::fromStdString(s.trainer->describe()))
                                 : statusText(s));
        newest = std::max(newest, s.modified);
    }
    auto set = [&](const QString& key, const QString& text, const QVariant& sort = {}) {
        auto* item = new SortItem(text);
        if (sort.isValid()) item->setData(kSortRole, sort);
        if (isCurrent) {
            QFont f = item->font();
            f.setBold(true);
            item->setFont(f);
        }
        table_->setItem(row, column(key), item);
        return item;
    };
    set(QStringLiteral("name"), names.join(QStringLiteral(", ")))
        ->setToolTip(r.runs.size() > 1 ? tr("%n runs that differ only by seed:", nullptr,
                                            int(r.runs.size())) +
                                             QStringLiteral("\n") + folders.join(u'\n')
                                       : QString());
    auto* status = set(QStringLiteral("status"), joinedUnique(statuses));
    status->setToolTip(statusTips.join(u'\n'));
    QBrush color(QColor(198, 40, 40)); // failed, invalid
    if (first.trainer)
        color = QBrush(QColor(21, 101, 192)); // training now
    else if (first.status == QStringLiteral("done"))
        color = QBrush();
    else if (first.status == QStringLiteral("training"))
        color = QBrush(QColor(230, 81, 0)); // resumable
    status->setForeground(color);
    QStringList presets;
    for (const RunSummary& s : r.runs) presets << s.preset;
    set(QStringLiteral("preset"), joinedUnique(presets));
    set(QStringLiteral("task"), first.status == QStringLiteral("invalid") ? QString() : first.task);
    set(QStringLiteral("k"), QString::number(first.k), first.k);
    set(QStringLiteral("seed"), r.seeds.join(QStringLiteral(", ")),
        r.seeds.isEmpty() ? QVariant() : QVariant(r.seeds.first().toDouble()));
    set(QStringLiteral("loss"), formatMeanSd(r.bestValLoss, 4),
        r.bestValLoss.n ? QVariant(r.bestValLoss.mean) : QVariant());
    for (auto it = r.accuracy.begin(); it != r.accuracy.end(); ++it) {
        const MeanSd lat = r.latencyMs.value(it.key());
        set(QStringLiteral("acc:") + it.key(), formatMeanSd(*it, 1, 100), it->mean)
            ->setToolTip(tr("Accuracy in %, over %n run(s) (mean ± sample sd); from:\n%1", nullptr,
                            it->n)
                             .arg(r.evaluationFiles.join(u'\n')));
        set(QStringLiteral("lat:") + it.key(), formatMeanSd(lat, 2), lat.mean)
            ->setToolTip(tr("Mean latency per question in ms, over %n run(s)", nullptr, lat.n));
    }
    for (int col = 0; col < columns_.size(); ++col) // methods this row has no evaluation of
        if (!table_->item(row, col)) set(columns_[col], QStringLiteral("-"));
    if (!r.problems.isEmpty())
        table_->item(row, column(QStringLiteral("name")))
            ->setToolTip(tr("Unreadable evaluations:\n%1").arg(r.problems.join(u'\n')));
    set(QStringLiteral("diff"), r.presetDifferences.join(QStringLiteral(", ")))
        ->setToolTip(r.presetDifferences.isEmpty()
                         ? tr("The preset has the values most listed runs have")
                         : r.presetDifferences.join(u'\n'));
    fillBaselines(row, r);
    set(QStringLiteral("date"), newest.toString(QStringLiteral("yyyy-MM-dd HH:mm")),
        double(newest.toSecsSinceEpoch()));
    auto* folder = set(QStringLiteral("folder"), QDir::toNativeSeparators(first.folder));
    folder->setData(Qt::UserRole, first.folder);
    folder->setData(kFoldersRole, folders);
    folder->setToolTip(folders.join(u'\n'));
}

void RunsView::fillBaselines(int row, const RunTableRow& r) {
    // The baselines trained on the run (RUN/methods), with their training summaries.
    QStringList trained, tips;
    for (const RunSummary& s : r.runs) {
        if (s.status != QStringLiteral("done")) continue;
        for (const BaselineState& b : runBaselines(s.folder)) {
            if (b.status == BaselineState::Status::trained)
                trained << methodLabel(b.method);
            else if (b.status == BaselineState::Status::interrupted)
                trained << tr("%1 (interrupted)").arg(methodLabel(b.method));
            else if (b.status == BaselineState::Status::training)
                trained << tr("%1 (training now)").arg(methodLabel(b.method));
            if (b.status != BaselineState::Status::absent || !b.error.isEmpty())
                tips << (r.runs.size() > 1 ? s.name + QStringLiteral(": ") : QString()) +
                            baselineSummary(b);
        }
    }
    auto* item = new SortItem(joinedUnique(trained));
    item->setToolTip(tips.isEmpty() ? tr("No baseline trained on this run (New training "
                                         "run > Method)")
                                    : tips.join(u'\n'));
    table_->setItem(row, column(QStringLiteral("baselines")), item);
}

void RunsView::setHeaders() {
    QStringList labels;
    for (const QString& key : columns_) {
        if (key.startsWith(QStringLiteral("acc:")))
            labels << tr("Acc. %1 (%)").arg(methodLabel(key.mid(4)));
        else if (key.startsWith(QStringLiteral("lat:")))
            labels << tr("Latency %1 (ms)").arg(methodLabel(key.mid(4)));
        else if (key == QStringLiteral("name")) labels << tr("Run");
        else if (key == QStringLiteral("status")) labels << tr("Status");
        else if (key == QStringLiteral("preset")) labels << tr("Preset");
        else if (key == QStringLiteral("task")) labels << tr("Task");
        else if (key == QStringLiteral("k")) labels << tr("k");
        else if (key == QStringLiteral("seed")) labels << tr("Seed");
        else if (key == QStringLiteral("loss")) labels << tr("Best val. loss (CG)");
        else if (key == QStringLiteral("diff")) labels << tr("Preset differences");
        else if (key == QStringLiteral("baselines")) labels << tr("Baselines");
        else if (key == QStringLiteral("date")) labels << tr("Date");
        else labels << tr("Folder");
    }
    table_->setHorizontalHeaderLabels(labels);
}

void RunsView::updateButtons() {
    const QStringList f = selectedFolders();
    bool finished = false, resumable = false;
    if (f.size() == 1) {
        const RunSummary s = readRunSummary(f.first());
        finished = s.status == QStringLiteral("done") && !s.trainer;
        resumable = s.status == QStringLiteral("training") && !s.trainer; // not while it trains
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
    for (const QString& f : folders) {
        if (QFileInfo(f).canonicalFilePath().startsWith(shipped)) {
            QMessageBox::information(this, tr("Delete runs"),
                                     tr("%1 ships with SemCoT Studio and is not deleted.").arg(f));
            return;
        }
        if (const auto trainer = run_folder_holder(f.toStdString())) {
            QMessageBox::information(
                this, tr("Delete runs"),
                tr("%1 is being trained right now (%2) and is not deleted; stop that training "
                   "first.")
                    .arg(f, QString::fromStdString(trainer->describe())));
            return;
        }
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
    group_->setText(tr("Group by seed"));
    group_->setToolTip(tr("One row for finished runs whose task, preset and data-parallel world "
                          "size are equal (they differ only by seed): each number is the mean ± "
                          "sample standard deviation over them. Failed and unfinished runs keep "
                          "their own rows."));
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
