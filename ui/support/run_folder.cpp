#include "run_folder.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <exception>

namespace semcot::ui {

namespace {

// Translation context of the messages below (lupdate reads Q_DECLARE_TR_FUNCTIONS).
struct RunFolder {
    Q_DECLARE_TR_FUNCTIONS(RunFolder)
};

} // namespace

FolderCheck checkFolder(const QString& folder) {
    FolderCheck c;
    const QDir dir(folder);
    if (folder.isEmpty() || !dir.exists()) {
        c.message = RunFolder::tr("The folder %1 does not exist.").arg(folder);
        return c;
    }
    if (!dir.exists(QStringLiteral("run.json"))) {
        const bool config = dir.exists(QStringLiteral("config.json"));
        const bool weights =
            !dir.entryList({QStringLiteral("*.safetensors")}, QDir::Files).isEmpty();
        if (config && weights) {
            c.kind = FolderKind::model;
            c.message =
                RunFolder::tr("%1 is a model folder, not a SemCoT run. Use it as the teacher or "
                              "student of a new training run (File > New training run).")
                    .arg(QDir::toNativeSeparators(folder));
            return c;
        }
        c.missing << QStringLiteral("run.json");
        if (!config) c.missing << QStringLiteral("config.json");
        c.message =
            RunFolder::tr("%1 is neither a SemCoT run nor a model folder: it has no run.json (a "
                          "run) and no config.json with *.safetensors (a model).")
                .arg(QDir::toNativeSeparators(folder));
        return c;
    }
    for (const std::string& f : semcot::missing_run_files(folder.toStdString()))
        c.missing << QString::fromStdString(f);
    semcot::RunInfo info;
    try {
        info = semcot::read_run_info(folder.toStdString());
    } catch (const std::exception& e) {
        c.message = RunFolder::tr("%1: run.json is not valid JSON (%2).")
                        .arg(QDir::toNativeSeparators(folder), QString::fromUtf8(e.what()));
        return c;
    }
    c.trainer = semcot::run_folder_holder(folder.toStdString());
    if (c.trainer) { // whatever run.json says now, it is about to change
        c.kind = FolderKind::unfinishedRun;
        c.message = RunFolder::tr("The run in %1 is being trained right now (%2). Wait for that "
                                  "training to finish, or stop it, before resuming or opening it.")
                        .arg(QDir::toNativeSeparators(folder),
                             QString::fromStdString(c.trainer->describe()));
        return c;
    }
    if (info.failed()) {
        c.kind = FolderKind::failedRun;
        c.message =
            RunFolder::tr("The run in %1 failed (%2). It cannot be resumed; start a new run.")
                .arg(QDir::toNativeSeparators(folder), QString::fromStdString(info.error));
        return c;
    }
    if (!info.done()) {
        c.kind = FolderKind::unfinishedRun;
        c.message = RunFolder::tr("The run in %1 has not finished training: it was stopped or "
                                  "interrupted, and can be resumed.")
                        .arg(QDir::toNativeSeparators(folder));
        return c;
    }
    if (!c.missing.isEmpty()) {
        c.message =
            RunFolder::tr("%1 is not a complete SemCoT run. Missing: %2.")
                .arg(QDir::toNativeSeparators(folder), c.missing.join(QStringLiteral(", ")));
        return c;
    }
    c.kind = FolderKind::run;
    return c;
}

RunSummary readRunSummary(const QString& folder) {
    RunSummary s;
    s.folder = folder;
    s.name = QFileInfo(folder).fileName();
    s.modified = QFileInfo(QDir(folder).filePath(QStringLiteral("run.json"))).lastModified();
    try {
        s.info = semcot::read_run_info(folder.toStdString());
    } catch (const std::exception& e) {
        s.status = QStringLiteral("invalid");
        s.task = QString::fromUtf8(e.what());
        return s;
    }
    s.preset = QString::fromStdString(s.info.preset_name);
    s.task = QString::fromStdString(s.info.task);
    s.status = QString::fromStdString(s.info.status);
    s.trainer = semcot::run_folder_holder(folder.toStdString());
    s.error = QString::fromStdString(s.info.error);
    for (const std::string& stage : s.info.stages_done) s.stages << QString::fromStdString(stage);
    if (s.info.cg_best_val_loss) s.bestValLoss = *s.info.cg_best_val_loss;
    s.k = int(s.info.k_infer());
    return s;
}

QList<RunSummary> findRuns(const QString& parent) {
    QList<RunSummary> runs;
    const QDir dir(parent);
    for (const QString& sub : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        if (QFileInfo::exists(dir.filePath(sub + QStringLiteral("/run.json"))))
            runs << readRunSummary(dir.filePath(sub));
    return runs;
}

} // namespace semcot::ui
