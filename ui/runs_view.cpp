#include "runs_view.h"

#include "core_bridge.h"
#include "settings.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
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

enum Column { colName, colStatus, colPreset, colTask, colK, colLoss, colDate, colFolder, colCount };

// Flattens a JSON object to "a.b.c" -> value text.
void flatten(const QJsonValue& v, const QString& prefix, QMap<QString, QString>& out) {
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            flatten(it.value(), prefix.isEmpty() ? it.key() : prefix + u'.' + it.key(), out);
    } else if (v.isArray()) {
        out[prefix] = QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    } else {
        out[prefix] = v.toVariant().toString();
    }
}

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
    connect(folder_, &QLineEdit::editingFinished, this, &RunsView::refresh);
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
    retranslateUi();
    refresh();
}

void RunsView::setCurrentRun(const QString& folder) {
    current_ = folder;
    refresh();
}

int RunsView::runCount() const {
    return table_->rowCount();
}

QStringList RunsView::selectedFolders() const {
    QStringList out;
    for (const auto& index : table_->selectionModel()->selectedRows(colFolder))
        out << index.data(Qt::UserRole).toString();
    return out;
}

void RunsView::refresh() {
    runs_ = findRuns(folder_->text().trimmed());
    for (const RunSummary& s : findRuns(modelsDir())) runs_ << s;
    if (!current_.isEmpty() &&
        QFileInfo::exists(QDir(current_).filePath(QStringLiteral("run.json")))) {
        bool listed = false;
        for (const auto& r : runs_)
            listed = listed || QFileInfo(r.folder).canonicalFilePath() ==
                                   QFileInfo(current_).canonicalFilePath();
        if (!listed) runs_ << readRunSummary(current_);
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
        QString status = r.status == QStringLiteral("done")       ? tr("finished")
                         : r.status == QStringLiteral("training") ? tr("interrupted (resumable)")
                                                                  : tr("invalid: %1").arg(r.task);
        set(colStatus, status)
            ->setForeground(r.status == QStringLiteral("done") ? QBrush()
                                                               : QBrush(QColor(230, 81, 0)));
        set(colPreset, r.preset);
        set(colTask, r.status == QStringLiteral("invalid") ? QString() : r.task);
        set(colK, QString(), r.k);
        if (r.bestValLoss >= 0)
            set(colLoss, QString(), r.bestValLoss);
        else
            set(colLoss, QStringLiteral("-"));
        set(colDate, r.modified.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
        set(colFolder, QDir::toNativeSeparators(r.folder))->setData(Qt::UserRole, r.folder);
    }
    table_->setSortingEnabled(true);
    table_->resizeColumnsToContents();
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
    QList<QMap<QString, QString>> flat;
    QStringList keys;
    for (const auto& r : runs) {
        QMap<QString, QString> m;
        flatten(r.info.value(QStringLiteral("preset")), QStringLiteral("preset"), m);
        flatten(r.info.value(QStringLiteral("summary")), QStringLiteral("summary"), m);
        m[QStringLiteral("task")] = r.task;
        m[QStringLiteral("seed")] = r.info.value(QStringLiteral("seed")).toVariant().toString();
        for (auto it = m.begin(); it != m.end(); ++it)
            if (!keys.contains(it.key())) keys << it.key();
        flat << m;
    }
    keys.sort();
    QString html =
        QStringLiteral("<table border='1' cellspacing='0' cellpadding='3'><tr><th></th>");
    for (const auto& r : runs) html += QStringLiteral("<th>%1</th>").arg(r.name.toHtmlEscaped());
    html += QStringLiteral("</tr>");
    for (const QString& k : keys) {
        bool same = true;
        for (const auto& m : flat) same = same && m.value(k) == flat.first().value(k);
        if (same && !k.startsWith(QStringLiteral("summary"))) continue;
        html += QStringLiteral("<tr><td><b>%1</b></td>").arg(k.toHtmlEscaped());
        for (const auto& m : flat)
            html += QStringLiteral("<td>%1</td>").arg(m.value(k).toHtmlEscaped());
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
    for (const QString& f : folders)
        if (!QDir(f).removeRecursively())
            QMessageBox::warning(this, tr("Delete runs"), tr("Could not delete all of %1.").arg(f));
    refresh();
}

void RunsView::retranslateUi() {
    folderLabel_->setText(tr("Run folder:"));
    refresh_->setText(tr("Refresh"));
    table_->setHorizontalHeaderLabels({tr("Run"), tr("Status"), tr("Preset"), tr("Task"), tr("k"),
                                       tr("Best val. loss (CG)"), tr("Date"), tr("Folder")});
    open_->setText(tr("Open"));
    resume_->setText(tr("Resume training"));
    compare_->setText(tr("Compare"));
    delete_->setText(tr("Delete..."));
    table_->setToolTip(tr("Runs in the run folder and the shipped runs; double-click opens one."));
}

void RunsView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

} // namespace semcot::ui
