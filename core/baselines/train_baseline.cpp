#include "baselines/train_baseline.h"

#include "baselines/coconut.h"
#include "baselines/codi.h"
#include "baselines/icot.h"
#include "baselines/method_loader.h"
#include "baselines/pause.h"
#include "common/error.h"
#include "common/platform.h"
#include "common/run_lock.h"
#include "semcot/train_log.h"

#include <chrono>
#include <sstream>

namespace semcot {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The settings every baseline shares.
void apply(const BaselineSettings& s, const BaselineTrainParams& t, const fs::path& out,
           BaselineParams& p) {
    if (s.epochs) p.stage.epochs = *s.epochs;
    if (s.lr) p.stage.lr = *s.lr;
    p.lora.r = s.lora_r;
    p.lora.alpha = 2.0 * double(s.lora_r); // the paper's baselines: r 16, alpha 32
    p.seed = t.seed;
    p.checkpoint_dir = out / "checkpoints";
    p.resume = t.resume;
}

// Pause, Coconut, CODI, ICoT-SI: LoRA on the base run's teacher. Returns the description.
std::string train_adapted(const BaselineTrainParams& t, const fs::path& out, LoadedRun& run,
                          const ProgressCallback& progress, json& summary) {
    auto& teacher = *run.teacher.model;
    const Tokenizer& tok = *run.teacher.tokenizer;
    const auto train = run.split("train"), validation = run.split("validation");
    const auto& s = t.settings;
    std::ostringstream line;
    switch (t.method) {
    case Method::pause: {
        PauseParams p;
        apply(s, t, out, p);
        p.pause_tokens = s.pause_tokens;
        const PauseResult r = train_pause(teacher, tok, run.prompts, train, validation, p, progress);
        summary = {{"best_val_loss", r.best_val_loss}, {"steps", r.steps}};
        save_pause(out, teacher, r, p, t.base, summary);
        line << "best validation answer loss " << r.best_val_loss;
        break;
    }
    case Method::coconut: {
        CoconutParams p;
        apply(s, t, out, p);
        p.thoughts_per_step = s.coconut_thoughts;
        p.max_latent_stage = s.coconut_max_stage;
        const CoconutResult r =
            train_coconut(teacher, tok, run.prompts, train, validation, p, progress);
        summary = {{"best_val_loss", r.best_val_loss}, {"steps", r.steps}, {"stages", r.stages}};
        save_coconut(out, teacher, r, p, t.base, summary);
        line << r.stages << " stages, last stage's best validation loss " << r.best_val_loss;
        break;
    }
    case Method::codi: {
        CodiParams p;
        apply(s, t, out, p);
        p.latents = s.codi_latents;
        p.distill_weight = s.codi_distill_weight;
        const CodiResult r = train_codi(teacher, tok, run.prompts, train, validation, p, progress);
        summary = {{"best_val_loss", r.best_val_loss}, {"steps", r.steps}};
        save_codi(out, teacher, r, p, t.base, summary);
        line << "best validation loss " << r.best_val_loss;
        break;
    }
    case Method::icot: {
        IcotParams p;
        apply(s, t, out, p);
        p.remove_per_stage = s.icot_remove;
        const IcotResult r = train_icot(teacher, tok, run.prompts, train, validation, p, progress);
        summary = {{"best_val_loss", r.best_val_loss}, {"steps", r.steps}, {"stages", r.stages}};
        save_icot(out, teacher, p, t.base, summary);
        line << r.stages << " stages, last stage's best validation loss " << r.best_val_loss;
        break;
    }
    default:
        throw InvalidArgument(method_name(t.method) + " is not a baseline");
    }
    return line.str();
}

// SoftCoT as a generator-only run on the base: the assistant (the run's student) frozen, only
// the projection trains (the generator's first stage), on the answer loss alone (alpha 0, no
// sentence transformer).
json softcot_patch(const BaselineSettings& s) {
    json p;
    p["semcot"]["alpha"] = 0.0;
    p["semcot"]["no_st"] = true;
    p["semcot"]["no_warmup"] = false;
    p["semcot"]["cg_stage1"] = {
        {"epochs", s.epochs.value_or(3)}, {"lr", s.lr.value_or(1e-3)}, {"weight_decay", 0.0}};
    p["semcot"]["cg_stage2"]["epochs"] = 0;
    return p;
}

void train_softcot(const BaselineTrainParams& t, const fs::path& out,
                   const ProgressCallback& progress, const LogCallback& log, json& summary) {
    TrainRunParams p;
    if (t.softcot_preset) {
        p.preset = *t.softcot_preset;
    } else {
        const json info = json::parse(read_file(t.base / "run.json"));
        if (!info.contains("preset"))
            throw FormatError((t.base / "run.json").string() + ": no \"preset\"");
        p.preset = preset_from_json(info["preset"], "base run", (t.base / "run.json").string());
    }
    p.preset = with_overrides(p.preset, softcot_patch(t.settings));
    p.base = t.base;
    p.out = out;
    p.device = t.device;
    p.seed = t.seed;
    p.resume = t.resume;
    train_run(p, progress, log);
    const auto path = out / "run.json"; // run.json says which method its generator is
    auto info = json::parse(read_file(path));
    info["method"] = "softcot";
    write_file_atomic(path, info.dump(2) + "\n");
    summary = info.value("summary", json::object());
}

// The output folder must not hold another method, nor (without resume) a finished one of its
// own: training would replace weights that evaluations and reports refer to.
void check_out(const BaselineTrainParams& p, const fs::path& out) {
    const std::string name = method_name(p.method);
    std::string held;
    bool finished = false;
    if (fs::exists(out / "method.json")) {
        held = json::parse(read_file(out / "method.json")).value("method", std::string("?"));
        finished = true;
    } else if (fs::exists(out / "run.json")) {
        const json info = json::parse(read_file(out / "run.json"));
        held = info.value("method", std::string("semcot"));
        finished = info.value("status", std::string()) == "done";
    }
    if (!held.empty() && held != name)
        throw InvalidArgument(out.string() + " holds a " + held + " " +
                              (held == "semcot" ? "run" : "method folder") +
                              "; choose another --out for " + name);
    if (finished && !p.resume)
        throw InvalidArgument(out.string() + " already holds a trained " + name +
                              "; remove it first or choose another --out");
    if (finished && p.resume && p.method != Method::softcot)
        throw InvalidArgument(out.string() + " holds a finished " + name +
                              "; there is nothing to resume");
}

} // namespace

BaselineTrainResult train_baseline(const BaselineTrainParams& params,
                                   const ProgressCallback& progress, const LogCallback& log) {
    if (!is_baseline(params.method))
        throw InvalidArgument(method_name(params.method) +
                              " is not a baseline (semcot train --preset trains SemCoT)");
    if (params.base.empty())
        throw InvalidArgument("--method " + method_name(params.method) +
                              " needs --base RUN (a finished run whose data, prompts and "
                              "teacher it trains on)");
    BaselineTrainResult result;
    result.out = params.out.empty() ? default_method_folder(params.base, params.method)
                                    : params.out;
    // One training per folder (common/run_lock.h): an existing folder is locked before it is
    // checked, a new one once the base run has loaded (a base that is no finished run leaves
    // no folder behind). SoftCoT's train_run takes the same lock again (nested).
    const std::string job = "baseline " + method_name(params.method);
    RunLock lock;
    if (fs::exists(result.out)) lock = RunLock(result.out, job);
    check_out(params, result.out);
    const auto start = std::chrono::steady_clock::now();
    if (params.method == Method::softcot) {
        train_softcot(params, result.out, progress, log, result.summary);
        result.description = "generator-only run";
    } else {
        auto run = load_run(params.base, params.device);
        if (!lock.held()) lock = RunLock(result.out, job);
        // The steps' losses also go to METHOD/train_log.jsonl (semcot/train_log.h).
        result.description = train_adapted(params, result.out, run,
                                           with_train_log(result.out / kTrainLogFile, progress),
                                           result.summary);
    }
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (params.method != Method::softcot) { // method.json records the training time
        const auto path = result.out / "method.json";
        auto info = json::parse(read_file(path));
        info["summary"]["seconds"] = result.seconds;
        write_file_atomic(path, info.dump(2) + "\n");
        result.summary["seconds"] = result.seconds;
    }
    return result;
}

} // namespace semcot
