#include "run_folder.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace semcot::ui {

namespace {

// Translation context of the messages below (lupdate reads Q_DECLARE_TR_FUNCTIONS).
struct RunFolder {
    Q_DECLARE_TR_FUNCTIONS(RunFolder)
};

const char* const kRunFiles[] = {
    "run.json",
    "teacher/config.json",
    "teacher/model.safetensors",
    "teacher/tokenizer.model",
    "student_tokenizer/tokenizer.model",
    "cg/contemplation.json",
    "data/test.json",
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
    for (const char* f : kRunFiles)
        if (!dir.exists(QString::fromLatin1(f))) c.missing << QString::fromLatin1(f);
    QFile f(dir.filePath(QStringLiteral("run.json")));
    QJsonParseError err{};
    QJsonDocument doc;
    if (f.open(QIODevice::ReadOnly)) doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (!doc.isObject()) {
        c.message = RunFolder::tr("%1: run.json is not valid JSON (%2).")
                        .arg(QDir::toNativeSeparators(folder), err.errorString());
        return c;
    }
    const QString status = doc.object().value(QStringLiteral("status")).toString();
    if (status == QStringLiteral("failed")) {
        c.kind = FolderKind::failedRun;
        c.message =
            RunFolder::tr("The run in %1 failed (%2). It cannot be resumed; start a new run.")
                .arg(QDir::toNativeSeparators(folder),
                     doc.object().value(QStringLiteral("error")).toString());
        return c;
    }
    if (status != QStringLiteral("done")) {
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
    QFile f(QDir(folder).filePath(QStringLiteral("run.json")));
    s.modified = QFileInfo(f).lastModified();
    QJsonParseError err{};
    QJsonDocument doc;
    if (f.open(QIODevice::ReadOnly)) doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (!doc.isObject()) {
        s.status = QStringLiteral("invalid");
        s.task = err.errorString();
        return s;
    }
    s.info = doc.object();
    s.preset = s.info.value(QStringLiteral("preset_name")).toString();
    s.task = s.info.value(QStringLiteral("task")).toString();
    s.status = s.info.value(QStringLiteral("status")).toString();
    s.error = s.info.value(QStringLiteral("error")).toString();
    for (const auto& v : s.info.value(QStringLiteral("stages_done")).toArray())
        s.stages << v.toString();
    const QJsonObject cg =
        s.info.value(QStringLiteral("summary")).toObject().value(QStringLiteral("cg")).toObject();
    if (cg.contains(QStringLiteral("best_val_loss")))
        s.bestValLoss = cg.value(QStringLiteral("best_val_loss")).toDouble();
    s.k = s.info.value(QStringLiteral("preset"))
              .toObject()
              .value(QStringLiteral("contemplation"))
              .toObject()
              .value(QStringLiteral("k_infer"))
              .toInt(1);
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
