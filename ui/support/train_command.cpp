#include "train_command.h"

#include "common/provenance.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace semcot::ui {

QString requestPresetFile(const TrainRequest& request) {
    return QDir(request.out).filePath(QStringLiteral("preset.json"));
}

bool writeRequestPreset(const TrainRequest& request, QString* error) {
    if (request.isBaseline() || request.resume || request.presetJson.isEmpty()) return true;
    // A folder that holds a run keeps its preset.json (the command in its run.json reads it);
    // train_run then refuses the folder.
    if (QFileInfo::exists(QDir(request.out).filePath(QStringLiteral("run.json")))) return true;
    if (!QDir().mkpath(request.out)) {
        *error = QStringLiteral("cannot create %1").arg(request.out);
        return false;
    }
    QSaveFile file(requestPresetFile(request));
    if (!file.open(QIODevice::WriteOnly) || file.write(request.presetJson) < 0 || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    return true;
}

namespace {

void addBaselineOptions(const BaselineOptions& o, QStringList& args) {
    auto add = [&args](const char* name, double value, bool integer) {
        if (value < 0) return; // the method's default
        args << QString::fromLatin1(name)
             << (integer ? QString::number(qint64(value)) : QString::number(value, 'g', 10));
    };
    add("--baseline-epochs", o.epochs, true);
    add("--baseline-lr", o.lr, false);
    add("--lora-r", o.loraR, true);
    add("--pause-tokens", o.pauseTokens, true);
    add("--coconut-thoughts", o.coconutThoughts, true);
    add("--coconut-max-stage", o.coconutMaxStage, true);
    add("--codi-latents", o.codiLatents, true);
    add("--codi-distill-weight", o.codiDistillWeight, false);
    add("--icot-remove-per-stage", o.icotRemove, true);
}

} // namespace

QString trainCommand(const TrainRequest& r) {
    QStringList args{QStringLiteral("semcot"), QStringLiteral("train")};
    if (r.isBaseline()) {
        args << QStringLiteral("--method") << r.method << QStringLiteral("--base") << r.base
             << QStringLiteral("--out") << r.out;
        addBaselineOptions(r.baseline, args);
    } else {
        args << QStringLiteral("--preset") << requestPresetFile(r) << QStringLiteral("--out")
             << r.out << QStringLiteral("--seed") << QString::number(r.seed);
        if (!r.task.isEmpty()) args << QStringLiteral("--task") << r.task;
        if (!r.base.isEmpty()) args << QStringLiteral("--base") << r.base;
        if (r.initCgFromBase) args << QStringLiteral("--init-cg-from-base");
    }
    if (r.resume) args << QStringLiteral("--resume");
    if (!r.device.isEmpty() && r.device != QStringLiteral("auto"))
        args << QStringLiteral("--device") << r.device;
    QStringList quoted;
    for (const QString& a : args) quoted << QString::fromStdString(shell_quote(a.toStdString()));
    return quoted.join(u' ');
}

} // namespace semcot::ui
