// The eight ways to answer a question (core's semcot::Method: explicit CoT, no-CoT, SemCoT and
// the paper's five baselines) as the app shows them: translated labels, which methods have
// latent tokens to decode, which baselines a run has trained, and the command that trains a
// missing one. No torch here.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <limits>

namespace semcot::ui {

// Method names in the order tables list them ("cot", "nocot", "semcot", "pause", "softcot",
// "coconut", "codi", "icot"): core's all_methods().
QStringList methodNames();
// The five baselines trained on a finished run (core's is_baseline).
QStringList baselineNames();
bool isBaseline(const QString& name);
// core's method_label, translated ("Explicit CoT", "No-CoT", "Coconut", "ICoT-SI", ...); an
// unknown name is returned as it is.
QString methodLabel(const QString& name);
// Whether the method places vectors between the question and the answer in the teacher's
// embedding space (MethodResult::latents): SemCoT, SoftCoT, Pause, Coconut, CODI.
bool hasLatents(const QString& name);
// One honest sentence on why a method has no latent tokens to decode (no-CoT, ICoT-SI,
// explicit CoT); empty for the methods that have them.
QString noLatentsNote(const QString& name);
// "semcot train --method NAME --base RUN": the command that trains a baseline on `run`.
QString trainCommand(const QString& name, const QString& run);
// The default folder of a baseline trained on `run`: RUN/methods/NAME.
QString baselineFolder(const QString& run, const QString& name);

// A baseline's folder in RUN/methods, as lists show it.
struct BaselineState {
    enum class Status {
        absent,      // never trained on this run (or elsewhere than RUN/methods/NAME)
        trained,     // method.json (a finished run.json for SoftCoT): it answers
        interrupted, // stopped with a checkpoint: the training dialog resumes it
        training,    // a process (or this app) is training it right now (common/run_lock.h)
    };
    QString method; // "pause", ...
    QString folder; // RUN/methods/NAME
    Status status = Status::absent;
    double seconds = -1; // training time (the summary's "seconds"); -1: not recorded
    double bestValLoss = std::numeric_limits<double>::quiet_NaN(); // the summary's
    QString error; // its method.json or run.json cannot be read (then not trained)
    QString trainer; // status training: who trains it ("pid 4242 on node1, started ...")
};

// What `folder` holds of baseline `name`: being trained right now (its lock is held), trained,
// an interrupted training (checkpoints without method.json; a SoftCoT run.json not done), or
// nothing; `error` says when it holds something
// else (another method's folder, unreadable files).
BaselineState baselineState(const QString& folder, const QString& name);
// Every baseline (in table order) and its state in RUN/methods/NAME.
QList<BaselineState> runBaselines(const QString& run);
// The names of the baselines trained on `run` that can answer.
QStringList trainedBaselines(const QString& run);
// "Coconut: 12 s, best validation loss 0.123" (tooltips).
QString baselineSummary(const BaselineState& state);

} // namespace semcot::ui
