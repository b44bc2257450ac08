#include "training_worker.h"

#include "train_command.h"

#include "baselines/train_baseline.h"
#include "common/device.h"
#include "common/error.h"
#include "common/platform.h"
#include "common/provenance.h"
#include "common/run_lock.h"
#include "core_bridge.h"
#include "methods.h"
#include "qt_string.h"
#include "semcot/run.h"
#include "semcot/run_info.h"
#include "semcot/training_estimate.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>

namespace semcot::ui {

namespace {

// The preset a request carries (the dialog's edits, or a run's run.json), named like its file
// so that run.json keeps the preset's name.
Preset requestPreset(const QString& presetName, const QByteArray& presetJson) {
    const std::string name = presetName.toStdString();
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(presetJson.toStdString());
    } catch (const nlohmann::json::exception& e) {
        throw FormatError("preset '" + name + "': " + e.what());
    }
    return preset_from_json(json, name, "preset '" + name + "'");
}

// The dialog's settings over core's defaults (-1: the default).
BaselineTrainParams baselineParams(const TrainRequest& r) {
    BaselineTrainParams p;
    p.method = parse_method(r.method.toStdString());
    p.base = r.base.toStdString();
    p.out = r.out.toStdString();
    p.device = parse_device(r.device.toStdString());
    p.seed = r.seed;
    p.resume = r.resume;
    const BaselineOptions& o = r.baseline;
    BaselineSettings& s = p.settings;
    if (o.epochs > 0) s.epochs = o.epochs;
    if (o.lr > 0) s.lr = o.lr;
    if (o.loraR > 0) s.lora_r = o.loraR;
    if (o.pauseTokens > 0) s.pause_tokens = o.pauseTokens;
    if (o.coconutThoughts > 0) s.coconut_thoughts = o.coconutThoughts;
    if (o.coconutMaxStage > 0) s.coconut_max_stage = o.coconutMaxStage;
    if (o.codiLatents > 0) s.codi_latents = o.codiLatents;
    if (o.codiDistillWeight >= 0) s.codi_distill_weight = o.codiDistillWeight;
    if (o.icotRemove > 0) s.icot_remove = o.icotRemove;
    return p;
}

} // namespace

TrainingWorker::TrainingWorker(QObject* parent)
    : QObject(parent) {}

void TrainingWorker::start(const TrainRequest& request) {
    Q_EMIT started(request.out);
    prepareWorkerThread();
    try {
        set_command_line(trainCommand(request).toStdString());
        // A new run's folder is this training's (common/run_lock.h) before OUT/preset.json is
        // written; train_run takes the same lock again on this thread, and refuses a folder
        // that another training holds with a message naming it (failed(), not a crash).
        RunLock lock;
        if (!request.isBaseline() && !request.resume)
            lock = RunLock(request.out.toStdString(), "training");
        // run.json's provenance records the command that trains the same: the preset with the
        // dialog's edits is kept as OUT/preset.json for it (train_command.h).
        if (QString error; !writeRequestPreset(request, &error)) throw IoError(error.toStdString());
        QVector<TrainPoint> buffer;
        QElapsedTimer since_emit;
        since_emit.start();
        auto progress = [&](const TrainProgress& t) {
            TrainPoint pt;
            pt.stage = qs(t.stage);
            pt.step = t.step;
            pt.totalSteps = t.total_steps;
            pt.epoch = t.epoch;
            pt.loss = t.loss;
            pt.valLoss = t.val_loss;
            pt.reasoningLoss = t.reasoning_loss;
            pt.answerLoss = t.answer_loss;
            pt.stepsPerS = t.steps_per_s;
            pt.etaS = t.eta_s;
            buffer.append(pt);
            if (since_emit.elapsed() >= 100) {
                Q_EMIT progressUpdated(buffer);
                buffer.clear();
                since_emit.restart();
            }
            return !cancel_.load();
        };
        auto log = [&](const std::string& line) { Q_EMIT logLine(qs(line)); };
        try {
            if (request.isBaseline()) {
                // The same progress and cancel plumbing; the stage labels are the method's
                // ("coconut2/train", "icot5/validate", "pause/train", ...).
                const BaselineTrainResult r =
                    train_baseline(baselineParams(request), progress, log);
                if (!buffer.isEmpty()) Q_EMIT progressUpdated(buffer);
                buffer.clear();
                Q_EMIT logLine(tr("%1: %2 (%3 s)")
                                   .arg(methodLabel(request.method), qs(r.description))
                                   .arg(r.seconds, 0, 'f', 1));
            } else {
                TrainRunParams p;
                p.preset = requestPreset(request.presetName, request.presetJson);
                p.task = request.task.toStdString();
                p.out = request.out.toStdString();
                p.device = parse_device(request.device.toStdString());
                p.seed = request.seed;
                p.resume = request.resume;
                p.base = request.base.toStdString();
                p.init_cg_from_base = request.initCgFromBase;
                train_run(p, progress, log);
            }
        } catch (const Cancelled&) {
            if (!buffer.isEmpty()) Q_EMIT progressUpdated(buffer);
            Q_EMIT logLine(request.isBaseline()
                               ? tr("Stopped at a safe point; the training can be resumed.")
                               : tr("Stopped at a safe point; the run can be resumed."));
            Q_EMIT stopped(request.out);
            return;
        }
        if (!buffer.isEmpty()) Q_EMIT progressUpdated(buffer);
        Q_EMIT finished(request.out);
    } catch (const std::exception& e) {
        Q_EMIT failed(qs(e.what()));
    }
}

FitCheckWorker::FitCheckWorker(QObject* parent)
    : QObject(parent) {}

void FitCheckWorker::check(const FitCheckRequest& request) {
    prepareWorkerThread();
    try {
        const Preset preset = requestPreset(request.presetName, request.presetJson);
        const DatasetFit fit = plan_dataset_fit(preset, request.task.toStdString(), request.seed);
        FitCheckResult r;
        r.id = request.id;
        r.fitted = fit.fitted;
        r.vocabSize = fit.vocab_size;
        r.maxLength = fit.max_length;
        r.percentile = fit.percentile;
        r.medianLength = fit.median_length;
        r.percentileLength = fit.percentile_length;
        r.longest = fit.longest;
        r.train = fit.train;
        r.validation = fit.validation;
        r.skippedTrain = fit.skipped_train;
        r.skippedValidation = fit.skipped_validation;
        r.overLong = qs(fit.over_long);
        if (request.estimate && !abandoned_) {
            const torch::Device device = parse_device(request.device.toStdString());
            for (const auto& e : estimate_training_time(fitted_preset(preset, fit), fit, device))
                r.stages.append({qs(e.stage), e.steps, e.seconds});
            r.estimated = true;
            r.device = qs(device.str());
        }
        Q_EMIT finished(r);
    } catch (const std::exception& e) {
        Q_EMIT failed(request.id, qs(e.what()));
    }
}

bool readRunPreset(const QString& runFolder, QByteArray* presetJson, QString* presetName,
                   QString* error) {
    try {
        const semcot::RunInfo info = semcot::read_run_info(runFolder.toStdString());
        if (info.preset.empty()) {
            if (error)
                *error = QObject::tr("%1 has no preset")
                             .arg(QDir(runFolder).filePath(QStringLiteral("run.json")));
            return false;
        }
        *presetJson = QByteArray::fromStdString(info.preset.dump(2));
        *presetName = info.preset_name.empty() ? QStringLiteral("preset") : qs(info.preset_name);
        return true;
    } catch (const std::exception& e) {
        if (error) *error = qs(e.what());
        return false;
    }
}

} // namespace semcot::ui
