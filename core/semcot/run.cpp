#include "semcot/run.h"
#include "semcot/train_log.h"

#include "common/device.h"
#include "common/error.h"
#include "common/provenance.h"
#include "common/platform.h"
#include "common/run_lock.h"
#include "data/rng.h"
#include "data/splits.h"
#include "data/task_features.h"
#include "data/task_generators.h"
#include "semcot/base_run.h"
#include "semcot/dataset_fit.h"
#include "semcot/run_data.h"
#include "semcot/run_stage.h"
#include "train/data_parallel.h"

#include <ATen/ATen.h>

#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <optional>
#include <set>

namespace semcot {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json read_json(const fs::path& path) {
    try {
        return json::parse(read_file(path));
    } catch (const json::exception& e) {
        throw FormatError(path.string() + ": invalid JSON: " + e.what());
    }
}

void write_json(const fs::path& path, const json& j) {
    write_file_atomic(path, j.dump(2) + "\n");
}

bool stage_done(const json& info, const std::string& stage) {
    return info.contains("stages_done") && info["stages_done"].is_array() &&
           std::find(info["stages_done"].begin(), info["stages_done"].end(), stage) !=
               info["stages_done"].end();
}

} // namespace

namespace {

// Records in run.json that the run failed and why (status "failed", "error"), so that run lists
// show it as failed instead of resumable. Best effort: the original error is what matters.
void mark_failed(const fs::path& out, const std::string& error) {
    if (!is_main_process()) return;
    try {
        if (!fs::exists(out / "run.json")) return;
        json info = read_json(out / "run.json");
        if (!info.is_object()) return;
        info["status"] = "failed";
        info["error"] = error;
        write_json(out / "run.json", info);
    } catch (const std::exception&) {
    }
}

void train_stages(const TrainRunParams& params, const ProgressCallback& progress,
                  const LogCallback& log_cb, json& info);

} // namespace

void train_run(const TrainRunParams& params, const ProgressCallback& progress,
               const LogCallback& log_cb) {
    const fs::path out = params.out;
    // One training per folder (common/run_lock.h), taken by rank 0 alone before anything is
    // written, and held until the run returns. Where the folder exists it is taken before the
    // checks below, so that a run being trained now is refused with who trains it (and no
    // other process can create run.json between the check and the first write).
    std::optional<RunLock> lock;
    auto take_lock = [&] {
        if (is_main_process() && !lock) lock.emplace(out, "training");
    };
    // Every refusal below happens on the ranks that see it; the others learn of it in the
    // collective at the end, so that no rank waits for a rank that has given up.
    std::exception_ptr refused;
    try {
        if (fs::exists(out)) take_lock();
        const bool resuming = params.resume && fs::exists(out / "run.json");
        // Checked before anything is written: a wrong base run or output folder leaves no trace.
        if (!resuming) {
            if (fs::exists(out / "run.json"))
                throw InvalidArgument(out.string() +
                                      " already holds a run (use --resume to continue it)");
            if (!params.base.empty()) {
                const BaseRunCheck check = check_base_run(params.base, params.init_cg_from_base);
                if (!check.ok())
                    throw InvalidArgument(params.base.string() +
                                          " cannot be a base run: " + check.message());
            }
        }
        if (params.init_cg_from_base && params.base.empty())
            throw InvalidArgument("init_cg_from_base needs a base run");
        if (params.preset.semcot.teacher_dtype == "float16" && params.device.is_cpu())
            throw InvalidArgument("a float16 teacher needs CUDA (LibTorch's CPU matmuls have no "
                                  "float16); use bfloat16 on the CPU");
        take_lock(); // a new folder: created with its lock file
        // Another process may have started a run in the folder between the checks and the lock.
        if (!resuming && fs::exists(out / "run.json"))
            throw InvalidArgument(out.string() +
                                  " already holds a run (use --resume to continue it)");
    } catch (const Error&) {
        refused = std::current_exception();
    }
    // Data parallel: every rank has checked the folder before rank 0 writes into it.
    if (const auto group = default_data_parallel_group()) {
        if (group->all_reduce_max(refused ? 1.0 : 0.0) > 0 && !refused)
            throw InvalidArgument("another rank refused to train into " + out.string() +
                                  " (its message says why)");
    }
    if (refused) std::rethrow_exception(refused);
    json info;
    try {
        // Every report also goes to RUN/train_log.jsonl: the curves the Runs view overlays
        // (written by rank 0 alone when data parallel, like the rest of the folder).
        train_stages(params,
                     is_main_process() ? with_train_log(out / kTrainLogFile, progress) : progress,
                     log_cb, info);
    } catch (const Cancelled&) {
        throw; // a safe point: resumable
    } catch (const std::exception& e) {
        // From here on the folder is this run's (created, or resumed by request).
        mark_failed(out, e.what());
        throw;
    }
}

namespace {

// What every stage of one run shares.
struct RunContext {
    const TrainRunParams& params;
    const ProgressCallback& progress;
    const LogCallback& log_cb;
    json& info;          // run.json, written after every stage
    Preset preset;       // fitted to the data once the fit stage has run
    fs::path out;        // run folder
    PromptTemplate prompts;
    std::vector<Example> train, validation;
    LoadOptions load;    // device of every model the run loads
    torch::TensorOptions fp32;

    bool from_scratch() const { return preset.teacher_model.empty(); }
    bool done(RunStage stage) const { return stage_done(info, run_stage_name(stage)); }
    void mark_done(RunStage stage, const json& summary) {
        info["stages_done"].push_back(run_stage_name(stage));
        info["summary"][run_stage_name(stage)] = summary;
        if (main()) write_json(out / "run.json", info);
    }
    void log(const std::string& line) const {
        if (log_cb && main()) log_cb(line);
    }
    // Data parallel (train/data_parallel.h): every rank trains, rank 0 alone writes the run
    // folder; sync() waits for it and gives the other ranks its run.json.
    bool main() const { return is_main_process(); }
    void sync() {
        const auto group = default_data_parallel_group();
        if (!group) return;
        group->barrier();
        if (!main()) info = read_json(out / "run.json");
    }
    uint64_t seed(SeedUse use) const { return derived_seed(params.seed, use); }
    // The language-model pairs of both prompt formats (direct, chain of thought).
    std::vector<TextPair> lm_pairs(const std::vector<Example>& data) const {
        std::vector<TextPair> pairs;
        for (const auto& e : data)
            for (auto fmt : {PromptFormat::direct, PromptFormat::cot}) {
                auto tp = make_training_pair(prompts, e, fmt);
                pairs.push_back({tp.prompt, tp.target});
            }
        return pairs;
    }
};

int64_t world_size() {
    const auto group = default_data_parallel_group();
    return group ? group->world_size() : 1;
}

// run.json of a new run (a base run's parts copied in), or of the run being resumed.
void start_run_json(RunContext& run) {
    const TrainRunParams& params = run.params;
    if (params.resume && fs::exists(run.out / "run.json")) {
        run.info = read_json(run.out / "run.json");
        // Stages still to run use the preset given now; run.json records it, and the log says
        // what changed (a resume with other settings is not silent).
        if (run.info.contains("preset")) {
            Preset now = run.preset; // as the run recorded its own: fitted when it was
            if (run.info.contains("summary") && run.info["summary"].contains("fit"))
                now = fitted_preset(now, DatasetFit::from_json(run.info["summary"]["fit"]));
            std::string changed;
            for (const auto& op : json::diff(run.info["preset"], now.json))
                changed += (changed.empty() ? "" : ", ") + op["path"].get<std::string>();
            if (!changed.empty())
                run.log("resuming with a preset that differs from the run's at " + changed +
                        ": stages still to train use the new values");
        }
        run.info["preset"] = run.preset.json;
        run.info["preset_name"] = run.preset.name;
        // A failed run can be retried from the command line (a full disk, a device error);
        // the app lists it as failed and does not offer Resume.
        run.info["status"] = "training";
        run.info.erase("error");
        run.info["resumed"].push_back(provenance(params.device.str()));
        run.info["resumed"].back()["world_size"] = world_size();
        run.log("resuming " + run.out.string());
        return;
    }
    run.info = {{"schema", "semcot.run/1"},
                {"preset", run.preset.json},
                {"preset_name", run.preset.name},
                {"task", params.task.empty() ? run.preset.task : params.task},
                {"seed", params.seed},
                {"status", "training"},
                {"stages_done", json::array()},
                {"provenance", provenance(params.device.str())}};
    run.info["provenance"]["world_size"] = world_size(); // data-parallel ranks (1: one process)
    // run.json first: a copy that fails midway leaves a run marked failed, not a stray folder.
    write_json(run.out / "run.json", run.info);
    if (!params.base.empty())
        copy_base_run(params.base, run.out, params.init_cg_from_base, run.info,
                      [&](const std::string& s) { run.log(s); });
    write_json(run.out / "run.json", run.info);
}

// 1. Data splits, with each example's task features; then what later stages need of them.
void data_stage(RunContext& run) {
    if (!run.done(RunStage::data)) {
        const DatasetSplits splits =
            make_splits(run.preset, run.info["task"].get<std::string>(), run.params.seed);
        if (!run.main()) throw Error("internal: the data stage ran on a rank other than 0");
        save_examples(run.out / "data/train.json", splits.train);
        save_examples(run.out / "data/validation.json", splits.validation);
        save_examples(run.out / "data/test.json", splits.test);
        run.mark_done(RunStage::data, {{"train", splits.train.size()},
                                       {"validation", splits.validation.size()},
                                       {"test", splits.test.size()}});
        run.log("data: " + std::to_string(splits.train.size()) + " train, " +
                std::to_string(splits.validation.size()) + " validation, " +
                std::to_string(splits.test.size()) + " test");
    }
    run.train = load_split(run.out / "data/train.json");
    run.validation = load_split(run.out / "data/validation.json");
    // The sentence transformer trains on (reasoning, condensed reasoning) pairs: a dataset
    // without them stops here, not after the teacher and student have trained.
    if (!run.preset.semcot.no_st && !run.done(RunStage::st)) {
        const auto missing =
            std::count_if(run.train.begin(), run.train.end(), [](const Example& e) {
                return e.reasoning.empty() || e.condensed_reasoning.empty();
            });
        if (missing > 0)
            throw InvalidArgument(
                std::to_string(missing) + " of " + std::to_string(run.train.size()) +
                " training examples have no reasoning or no condensed_reasoning: the sentence "
                "transformer trains on (reasoning, condensed_reasoning) pairs. Add them, or "
                "train without it (\"no_st\", semcot train --no-st)");
    }
}

// 2. From scratch: one tokenizer trained on the task text, shared by teacher and student.
void tokenizer_stage(RunContext& run) {
    if (!run.from_scratch() || run.done(RunStage::tokenizer)) return;
    const Preset& p = run.preset;
    const int64_t vocab = run_vocab_size(p.fit, p.vocab_size, run.train);
    const int size = train_run_tokenizer(run.train, run.prompts, vocab, run.out / "tokenizer");
    run.mark_done(RunStage::tokenizer, {{"vocab_size", size}});
    run.log("tokenizer: " + std::to_string(size) + " tokens");
}

// 3. From scratch: lengths measured, max_length fitted (preset "fit"), over-long examples
// stopped or skipped. Runs trained before this stage existed, and base runs without it, skip
// it; a fitted run's preset is fitted again on resume.
void fit_stage(RunContext& run) {
    if (run.from_scratch() && !run.done(RunStage::fit) && !run.done(RunStage::teacher)) {
        auto tok = load_tokenizer(run.out / "tokenizer");
        std::vector<Example> skipped;
        const DatasetFit fit =
            fit_to_data(run.preset, *tok, run.prompts, run.train, run.validation, &skipped);
        run.log(fit.describe());
        if (!skipped.empty()) {
            save_examples(run.out / "data/skipped.json", skipped);
            save_examples(run.out / "data/train.json", run.train);
            save_examples(run.out / "data/validation.json", run.validation);
        }
        run.mark_done(RunStage::fit, fit.to_json());
    }
    if (run.done(RunStage::fit) && run.info["summary"].contains("fit")) {
        run.preset = fitted_preset(run.preset, DatasetFit::from_json(run.info["summary"]["fit"]));
        run.info["preset"] = run.preset.json; // run.json records the preset as trained
        if (run.main()) write_json(run.out / "run.json", run.info);
    }
}

// A language model of `shape` for the run's tokenizer, trained on both prompt formats.
LmTrainResult train_from_scratch(RunContext& run, LlamaModel& model, ModelConfig shape,
                                 const Tokenizer& tok, LmTrainParams p,
                                 SeedUse init, SeedUse shuffle, const char* folder) {
    shape.vocab_size = tok.vocab_size();
    shape.bos_token_id = tok.bos_id();
    shape.eos_token_ids = {tok.eos_id()};
    model = LlamaModel(shape, run.fp32);
    model->init_weights(run.seed(init));
    p.seed = run.seed(shuffle);
    p.checkpoint_dir = run.out / "checkpoints" / folder;
    p.resume = run.params.resume;
    return train_lm(*model, tok, run.lm_pairs(run.train), run.lm_pairs(run.validation), p,
                    run.progress);
}

// 4. The teacher: trained on both formats (from scratch) or copied from its folder.
void teacher_stage(RunContext& run) {
    if (run.done(RunStage::teacher)) return;
    if (run.from_scratch()) {
        auto tok = load_tokenizer(run.out / "tokenizer");
        LlamaModel teacher{nullptr};
        const auto r = train_from_scratch(run, teacher, run.preset.teacher, *tok,
                                          run.preset.teacher_train, SeedUse::teacher_init,
                                          SeedUse::teacher_shuffle, "teacher");
        if (run.main()) save_model_folder(run.out / "teacher", *teacher, tok.get());
        run.mark_done(RunStage::teacher, {{"best_val_loss", r.best_val_loss},
                                          {"steps", r.steps},
                                          {"best_epoch", r.best_epoch}});
    } else {
        if (run.main()) {
            auto t = load_model_folder(run.preset.teacher_model, run.load);
            save_model_folder(run.out / "teacher", *t.model, t.tokenizer.get());
        }
        run.mark_done(RunStage::teacher, {{"source", run.preset.teacher_model}});
    }
    run.log("teacher ready");
}

// 5. The student with <thought>: trained like the teacher (from scratch) or loaded and grown by
// one embedding row.
void student_stage(RunContext& run) {
    if (run.done(RunStage::student)) return;
    std::unique_ptr<Tokenizer> stok;
    LlamaModel student{nullptr};
    json summary;
    if (run.from_scratch()) {
        stok = load_tokenizer(run.out / "tokenizer");
        const auto r = train_from_scratch(run, student, run.preset.student, *stok,
                                          run.preset.student_train, SeedUse::student_init,
                                          SeedUse::student_shuffle, "student");
        summary = {{"best_val_loss", r.best_val_loss}, {"steps", r.steps}};
    } else {
        auto s = load_model_folder(run.preset.student_model, run.load);
        stok = std::move(s.tokenizer);
        const int before = stok->vocab_size();
        stok->add_special_token("<thought>");
        const int64_t extra = stok->vocab_size() - s.model->config().vocab_size;
        student = extra > 0 ? add_token_rows(*s.model, extra) : s.model;
        summary = {{"source", run.preset.student_model},
                   {"added_tokens", stok->vocab_size() - before}};
    }
    if (run.main()) {
        stok->save(run.out / "student_tokenizer");
        // Kept in the run: the contemplation generator can be retrained from it (ablations).
        save_model_folder(run.out / "student", *student);
    }
    run.mark_done(RunStage::student, summary);
    run.log("student ready");
}

// 6. The sentence transformer over the teacher's middle layers (none with no_st).
SentenceTransformer st_stage(RunContext& run, LoadedModel& teacher) {
    if (run.preset.semcot.no_st) return SentenceTransformer{nullptr};
    if (!run.done(RunStage::st)) {
        SentenceTransformer st(*teacher.model, run.preset.st, run.seed(SeedUse::st_init));
        auto sp = run.preset.semcot;
        sp.checkpoint_dir = run.out / "checkpoints/st";
        sp.resume = run.params.resume;
        auto r = train_sentence_transformer(*st, *teacher.model, *teacher.tokenizer, run.train,
                                            run.validation, sp, run.progress);
        if (run.main()) st->save(run.out / "st");
        run.mark_done(RunStage::st, {{"best_val_loss", r.best_val_loss}, {"steps", r.steps}});
        run.log("sentence transformer trained");
        run.sync();
    }
    return SentenceTransformerImpl::load(run.out / "st", teacher.config, run.fp32);
}

// The generator's student and tokenizer: the trained student; base's generator (continued
// training); or, as an ablation, a copy of the teacher with <thought> added.
struct GeneratorStart {
    LlamaModel student{nullptr};
    std::unique_ptr<Tokenizer> own_tokenizer; // null: the student's
    std::shared_ptr<ContemplationGeneratorImpl> from;      // base's generator, or null
};

GeneratorStart generator_start(RunContext& run) {
    const TrainRunParams& params = run.params;
    GeneratorStart g;
    if (params.init_cg_from_base) {
        g.from = ContemplationGeneratorImpl::load(params.base / "cg", params.device);
        g.student = g.from->student();
        if (has_tokenizer(params.base / kGeneratorTokenizer)) {
            g.own_tokenizer = load_tokenizer(params.base / kGeneratorTokenizer);
            if (run.main()) g.own_tokenizer->save(run.out / kGeneratorTokenizer);
        }
        run.log("contemplation generator initialised from " + (params.base / "cg").string());
    } else if (run.preset.semcot.teacher_as_generator) {
        auto t = load_model_folder(run.out / "teacher", run.load);
        g.own_tokenizer = std::move(t.tokenizer);
        g.own_tokenizer->add_special_token("<thought>");
        const int64_t extra = g.own_tokenizer->vocab_size() - t.model->config().vocab_size;
        g.student = extra > 0 ? add_token_rows(*t.model, extra) : t.model;
        if (run.main()) g.own_tokenizer->save(run.out / kGeneratorTokenizer);
        run.log("ablation: the contemplation generator is a copy of the teacher");
    } else {
        LoadOptions so = run.load;
        so.load_tokenizer = false;
        g.student = load_model_folder(run.out / "student", so).model;
    }
    return g;
}

// 7. The contemplation generator.
void cg_stage(RunContext& run, LoadedModel& teacher, SentenceTransformer& st) {
    if (run.done(RunStage::cg)) return;
    auto student_tok = load_tokenizer(run.out / "student_tokenizer");
    GeneratorStart g = generator_start(run);
    const Tokenizer& gen_tok = g.own_tokenizer ? *g.own_tokenizer : *student_tok;
    ContemplationConfig cc = run.preset.cg;
    cc.thought_id = gen_tok.piece_to_id("<thought>");
    cc.teacher_hidden = teacher.config.hidden_size;
    torch::manual_seed(run.seed(SeedUse::cg_init));
    ContemplationGenerator cg(g.student, cc);
    if (g.from) {
        torch::NoGradGuard ng;
        cg->projection()->weight.copy_(g.from->projection()->weight);
        cg->projection()->bias.copy_(g.from->projection()->bias);
    }
    auto sp = run.preset.semcot;
    sp.checkpoint_dir = run.out / "checkpoints/cg";
    sp.resume = run.params.resume;
    sp.diagnostics_file = run.out / "cg_diagnostics.jsonl"; // one JSON line per epoch
    // Runs without the fit stage measured nothing (model folders; a base run trained for
    // another max_length): the examples the trainer cuts are said, not cut silently.
    const OverLong over = generator_over_long(*teacher.tokenizer, run.prompts, run.train,
                                              run.preset.cg.k_train, sp.max_length);
    if (over.count > 0)
        run.log("warning: " + std::to_string(over.count) + " of " +
                std::to_string(run.train.size()) +
                " training examples are longer than semcot.max_length " +
                std::to_string(sp.max_length) + " tokens (the longest " +
                std::to_string(over.longest) +
                "): the generator's stages cut their beginning; raise max_length to keep them "
                "whole");
    auto r = train_contemplation_generator(*cg, gen_tok, *teacher.model, *teacher.tokenizer,
                                           st ? st.get() : nullptr, run.prompts, run.train,
                                           run.validation, sp, run.progress);
    if (run.main()) cg->save(run.out / "cg");
    run.mark_done(RunStage::cg, {{"best_val_loss", r.best_val_loss},
                                 {"steps", r.steps},
                                 {"over_long_train", over.count}});
    run.log("contemplation generator trained");
}

void train_stages(const TrainRunParams& params, const ProgressCallback& progress,
                  const LogCallback& log_cb, json& info) {
    RunContext run{params, progress, log_cb, info, params.preset, params.out, {}, {}, {}, {}, {}};
    if (run.preset.prompts == "auto") // recorded in run.json as the template it stood for
        run.preset = with_overrides(
            run.preset, {{"prompts", auto_prompt_template(run.preset.teacher_model)}});
    std::error_code ec;
    fs::create_directories(run.out / "data", ec);
    if (ec) throw IoError("cannot create " + run.out.string() + ": " + ec.message());
    run.prompts = find_prompt_template(run.preset.prompts, models_dir() / "prompts");
    run.load.device = params.device;
    run.fp32 = torch::TensorOptions().dtype(torch::kFloat32).device(params.device);

    // The stages that only write files run on rank 0; the others then read what it wrote.
    auto prepare = [&run] {
        data_stage(run);
        tokenizer_stage(run);
        fit_stage(run);
    };
    if (run.main()) {
        start_run_json(run);
        prepare();
    }
    run.sync();
    if (!run.main()) prepare(); // finds them done: reads the splits, applies the fit
    teacher_stage(run);
    student_stage(run);
    run.sync();
    auto teacher = load_model_folder(run.out / "teacher", run.load);
    for (auto& w : teacher.model->parameters()) w.set_requires_grad(false);
    SentenceTransformer st = st_stage(run, teacher);
    // Mixed precision (issue 17 §1): the frozen teacher in bfloat16 or float16 while the
    // generator trains; the generator, its AdamW state and the losses stay float32.
    if (const auto dtype = parse_dtype(run.preset.semcot.teacher_dtype); dtype != torch::kFloat32)
        teacher.model->to_device(params.device, dtype);
    cg_stage(run, teacher, st);

    info["status"] = "done";
    if (run.main()) {
        write_json(run.out / "run.json", info);
        remove_tree(run.out / "checkpoints");
    }
    run.sync();
}

} // namespace

std::vector<Example> LoadedRun::split(const std::string& name) const {
    if (name != "train" && name != "validation" && name != "test")
        throw InvalidArgument("unknown split '" + name + "' (expected train, validation or test)");
    return load_split(folder / "data" / (name + ".json"));
}

InferenceContext LoadedRun::inference_context() {
    InferenceContext ctx;
    ctx.teacher = teacher.model.get();
    ctx.teacher_tokenizer = teacher.tokenizer.get();
    ctx.generator = generator.get();
    ctx.student_tokenizer = student_tokenizer.get();
    ctx.prompts = prompts;
    ctx.scorer = scorer;
    // Room for the longest chain of thought the teacher was trained on: its training max_length
    // (a fitted run's is the data's), at least 160.
    int64_t trained_length = 0;
    if (info.contains("preset") && info["preset"].contains("teacher_train"))
        trained_length = info["preset"]["teacher_train"].value("max_length", int64_t(0));
    ctx.generation.max_new_tokens = std::max<int64_t>(160, trained_length);
    return ctx;
}

LoadedRun load_run(const fs::path& folder, const torch::Device& device, torch::ScalarType dtype) {
    if (!fs::exists(folder / "run.json"))
        throw IoError(folder.string() + " is not a SemCoT run (no run.json)");
    LoadedRun r;
    r.folder = folder;
    r.info = read_json(folder / "run.json");
    if (r.info.value("status", "") != "done") {
        if (const auto holder = run_folder_holder(folder))
            throw InvalidArgument(folder.string() + ": the run is being trained right now by " +
                                  holder->describe() + ": wait for it to finish");
        throw InvalidArgument(
            folder.string() +
            ": the run has not finished training (resume it with semcot train --resume)");
    }
    LoadOptions lo;
    lo.device = device;
    lo.dtype = dtype;
    r.teacher = with_context("loading " + (folder / "teacher").string(),
                             [&] { return load_model_folder(folder / "teacher", lo); });
    // The generator reads its own tokenizer: the student's, or the teacher's with <thought>
    // when the teacher itself was the generator (ablation).
    const fs::path gen_tok = has_tokenizer(folder / kGeneratorTokenizer)
                                 ? folder / kGeneratorTokenizer
                                 : folder / "student_tokenizer";
    r.student_tokenizer = load_tokenizer(gen_tok);
    r.generator = ContemplationGenerator(ContemplationGeneratorImpl::load(folder / "cg", device));
    if (fs::exists(folder / "st"))
        r.st = SentenceTransformerImpl::load(folder / "st", r.teacher.config,
                                             torch::TensorOptions().dtype(dtype).device(device));
    const std::string prompts = r.info["preset"].value("prompts", "llama2_small");
    r.prompts = find_prompt_template(prompts, models_dir() / "prompts");
    r.scorer.kind = with_context((folder / "data/test.json").string(), [&] {
        try {
            return infer_answer_kind(r.split("test"));
        } catch (const InvalidArgument& e) { // bad data, not bad usage
            throw FormatError(e.what());
        }
    });
    use_prompt_template(r.scorer, r.prompts);
    return r;
}

} // namespace semcot
