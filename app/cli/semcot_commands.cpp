// train, eval, ask, demo: the SemCoT method on a run folder.
#include "commands.h"

#include "baselines/method_loader.h"
#include "baselines/train_baseline.h"

#include "common/device.h"
#include "common/error.h"
#include "common/platform.h"
#include "common/provenance.h"
#include "semcot/evaluation.h"
#include "semcot/run.h"
#include "semcot/training_estimate.h"
#include "train/data_parallel.h"
#include "train/launcher.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <iomanip>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include <unistd.h>

namespace semcot::cli {

namespace fs = std::filesystem;

namespace {
std::vector<std::string>& arguments_slot() {
    static std::vector<std::string> args;
    return args;
}
} // namespace

void set_program_arguments(int argc, char** argv) {
    arguments_slot().assign(argv, argv + argc);
}
const std::vector<std::string>& program_arguments() {
    return arguments_slot();
}

namespace {

void write_outputs(const EvaluationResult& r, const std::string& json_path,
                   const std::string& csv_path) {
    if (!json_path.empty()) write_file_atomic(json_path, r.to_json().dump(2) + "\n");
    if (!csv_path.empty()) write_file_atomic(csv_path, r.to_csv());
}

// Evaluates `examples` with a progress counter on stderr, prints the table, writes files.
EvaluationResult evaluate_and_report(LoadedRun& run, const std::vector<Example>& examples,
                                     const EvaluationParams& ep, const std::string& json_path,
                                     const std::string& csv_path) {
    auto r = evaluate(run.inference_context(), examples, ep, [](int64_t done, int64_t total) {
        std::cerr << "\r" << done << "/" << total << std::flush;
        return !interrupted();
    });
    std::cerr << "\n";
    std::cout << r.table();
    write_outputs(r, json_path, csv_path);
    return r;
}

std::vector<Method> parse_methods(const std::string& list) {
    std::vector<Method> out;
    std::stringstream in(list);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (item.empty()) continue;
        const Method m = parse_method(item);
        if (std::find(out.begin(), out.end(), m) != out.end())
            throw InvalidArgument("--methods lists '" + item + "' twice");
        out.push_back(m);
    }
    if (out.empty())
        throw InvalidArgument("--methods needs at least one method (cot, nocot, semcot, pause, "
                              "softcot, coconut, codi, icot)");
    return out;
}

std::filesystem::path shipped_run() {
    return models_dir() / "tiny-coinflip";
}

// The data-fitting options of `train` and `fit` (issue 12), as a merge patch of the preset.
struct DataArgs {
    bool fit = false;
    std::string over_long;
    std::optional<int64_t> max_length, examples;
    std::optional<double> percentile;

    void add_to(CLI::App& cmd) {
        auto* g = cmd.add_option_group("data", "Fit the preset to the dataset (issue 12)");
        g->add_flag("--fit", fit,
                    "Choose the tokenizer size, max_length and the models' context from the "
                    "data (preset key \"fit\")");
        g->add_option("--fit-percentile", percentile,
                      "max_length covers this percentile of the training examples (default 99)")
            ->check(CLI::Range(1.0, 100.0));
        g->add_option("--over-long", over_long,
                      "Examples longer than max_length: stop (the default) or skip them "
                      "(counted in the log and run.json, never truncated)")
            ->check(CLI::IsMember({"stop", "skip"}));
        g->add_option("--max-length", max_length,
                      "max_length of every training stage, in tokens (without --fit)")
            ->check(CLI::Range(int64_t(16), int64_t(1) << 20));
        g->add_option("--examples", examples,
                      "Examples: generated ones (built-in tasks), or at most this many of a "
                      "dataset file's training examples (a seeded sample)")
            ->check(CLI::Range(int64_t(1), int64_t(1) << 30));
    }
    void add_patch(nlohmann::json& p) const {
        if (fit || percentile) p["fit"] = nlohmann::json::object();
        if (percentile) p["fit"]["percentile"] = *percentile;
        if (!over_long.empty()) p["over_long"] = over_long;
        if (examples) p["examples"] = *examples;
        if (max_length) {
            if (fit || percentile)
                throw InvalidArgument("--max-length and --fit both set max_length; use one");
            for (const char* stage : {"teacher_train", "student_train", "semcot"})
                p[stage]["max_length"] = *max_length;
        }
    }
};

// The options of `semcot train`.
struct TrainArgs {
    std::string preset = "tiny", task, out, base, slice;
    std::string method = "semcot"; // or a baseline trained on --base's data and teacher
    BaselineSettings baseline;
    DeviceOptions dev;
    uint64_t seed = 0;
    int64_t nproc_per_node = 1; // data-parallel workers started on this machine
    bool preset_given = false;  // --preset on the command line (else a resume uses the run's)
    // Memory (issue 17 §1): gradient accumulation, activation checkpointing, teacher dtype.
    std::optional<int64_t> micro_batch;
    bool activation_checkpointing = false;
    std::string teacher_dtype;
    std::string set; // --set: a JSON merge patch of the preset (semcot plan prints one)
    bool resume = false, init_cg = false;
    // Ablations and the hyperparameters studied most; unset = the preset's value.
    std::optional<double> alpha, st_temperature, cg_init_norm_scale;
    std::optional<std::vector<int64_t>> flip_curriculum;
    std::string align_target, answer_tokens;
    std::optional<int64_t> k_train, k_infer;
    bool no_st = false, no_warmup = false, teacher_as_generator = false;
    DataArgs data;

    // The overrides as a merge patch of the preset's JSON (so run.json records them).
    nlohmann::json patch() const {
        nlohmann::json p = nlohmann::json::object();
        if (!set.empty()) { // first: the flags below override it
            try {
                p = nlohmann::json::parse(set);
            } catch (const nlohmann::json::exception& e) {
                throw InvalidArgument(std::string("--set: invalid JSON: ") + e.what());
            }
            if (!p.is_object()) throw InvalidArgument("--set: expected a JSON object");
        }
        if (alpha) p["semcot"]["alpha"] = *alpha;
        if (st_temperature) p["semcot"]["st_temperature"] = *st_temperature;
        if (no_st) p["semcot"]["no_st"] = true;
        if (no_warmup) p["semcot"]["no_warmup"] = true;
        if (teacher_as_generator) p["semcot"]["teacher_as_generator"] = true;
        if (k_train) p["contemplation"]["k_train"] = *k_train;
        if (k_infer) p["contemplation"]["k_infer"] = *k_infer;
        if (!slice.empty()) p["contemplation"]["slice"] = slice;
        if (cg_init_norm_scale) p["semcot"]["cg_init_norm_scale"] = *cg_init_norm_scale;
        if (flip_curriculum) p["semcot"]["flip_curriculum"] = *flip_curriculum;
        if (!align_target.empty()) p["semcot"]["align_target"] = align_target;
        if (!answer_tokens.empty()) p["semcot"]["answer_tokens"] = answer_tokens;
        for (const char* stage : {"teacher_train", "student_train", "semcot"}) {
            if (micro_batch) p[stage]["micro_batch"] = *micro_batch;
            if (activation_checkpointing) p[stage]["activation_checkpointing"] = true;
        }
        if (!teacher_dtype.empty()) p["semcot"]["teacher_dtype"] = teacher_dtype;
        data.add_patch(p);
        return p;
    }
};

// The paper's baselines (issue 15), trained on --base's data and teacher.
void add_baseline_options(CLI::App& cmd, TrainArgs& a) {
    cmd.add_option("--method", a.method,
                   "semcot (a run from the preset), or a baseline on --base: pause (Pause "
                   "tokens, Goyal et al. 2023), softcot (SoftCoT, Xu et al. 2025: frozen "
                   "assistant, trained projection; --k-train/--k-infer soft thoughts), coconut "
                   "(Hao et al. 2024), codi (Shen et al. 2025), icot (ICoT-SI, Deng et al. 2024)")
        ->check(CLI::IsMember({"semcot", "pause", "softcot", "coconut", "codi", "icot"}))
        ->capture_default_str();
    auto* g = cmd.add_option_group("baselines", "Settings of --method pause|softcot|coconut|"
                                                "codi|icot (default --out: BASE/methods/METHOD)");
    auto& b = a.baseline;
    g->add_option("--baseline-epochs", b.epochs,
                  "Epochs (pause 3, softcot 3, codi 3), or epochs per curriculum stage "
                  "(coconut 1, icot 1)")
        ->check(CLI::Range(int64_t(1), int64_t(1000)));
    g->add_option("--baseline-lr", b.lr, "AdamW learning rate (default 1e-3)")
        ->check(CLI::PositiveNumber);
    g->add_option("--lora-r", b.lora_r, "LoRA rank on q_proj, v_proj (alpha = 2 r)")
        ->check(CLI::Range(int64_t(1), int64_t(1024)))
        ->capture_default_str();
    g->add_option("--pause-tokens", b.pause_tokens, "pause: <pause> tokens (N)")
        ->check(CLI::Range(int64_t(1), int64_t(256)))
        ->capture_default_str();
    g->add_option("--coconut-thoughts", b.coconut_thoughts,
                  "coconut: continuous thoughts per replaced step (c)")
        ->check(CLI::Range(int64_t(1), int64_t(16)))
        ->capture_default_str();
    g->add_option("--coconut-max-stage", b.coconut_max_stage,
                  "coconut: reasoning steps replaced at most (inference uses c x this)")
        ->check(CLI::Range(int64_t(1), int64_t(16)))
        ->capture_default_str();
    g->add_option("--codi-latents", b.codi_latents, "codi: continuous thoughts (N)")
        ->check(CLI::Range(int64_t(1), int64_t(64)))
        ->capture_default_str();
    g->add_option("--codi-distill-weight", b.codi_distill_weight,
                  "codi: weight of the hidden-state distillation")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    g->add_option("--icot-remove-per-stage", b.icot_remove,
                  "icot: reasoning tokens removed per stage")
        ->check(CLI::Range(int64_t(1), int64_t(4096)))
        ->capture_default_str();
}

// The paper's ablations and the hyperparameters studied most (`train` overrides the preset).
void add_ablation_options(CLI::App& cmd, TrainArgs& a) {
    auto* ablations = cmd.add_option_group("ablations", "Override the preset");
    ablations
        ->add_option("--alpha", a.alpha,
                     "Weight of the reasoning-alignment loss (0 = no reasoning loss)")
        ->check(CLI::Range(0.0, 1.0));
    ablations->add_flag("--no-st", a.no_st,
                        "Align mean-pooled teacher states instead of sentence embeddings");
    ablations->add_flag("--no-warmup", a.no_warmup,
                        "Skip the generator's projection-only warm-up stage");
    ablations->add_flag("--teacher-as-generator", a.teacher_as_generator,
                        "The contemplation generator is a copy of the teacher");
    ablations->add_option("--st-temperature", a.st_temperature, "InfoNCE temperature")
        ->check(CLI::PositiveNumber);
    ablations->add_option("--k-train", a.k_train, "Implicit tokens while training")
        ->check(CLI::Range(int64_t(1), int64_t(64)));
    ablations->add_option("--k-infer", a.k_infer, "Implicit tokens at inference")
        ->check(CLI::Range(int64_t(1), int64_t(64)));
    ablations
        ->add_option("--slice", a.slice,
                     "ours (the <thought> positions) or paper (one position early)")
        ->check(CLI::IsMember({"ours", "paper"}));
}

// Our changes to the paper's method (issue 11).
void add_beyond_paper_options(CLI::App& cmd, TrainArgs& a) {
    auto* ours = cmd.add_option_group(
        "beyond the paper",
        "Changes to the paper's method (issue 11); off unless the preset sets them");
    ours->add_option("--cg-init-norm-scale", a.cg_init_norm_scale,
                     "Scale the generator's projection at init so implicit tokens start at "
                     "this multiple of the teacher's mean embedding norm (0 = off)")
        ->check(CLI::NonNegativeNumber);
    ours->add_option("--flip-curriculum", a.flip_curriculum,
                     "Comma-separated caps on the number of coin flips for the first cg2 "
                     "epochs, e.g. 1,2,3,4 (none = off)")
        ->delimiter(',');
    ours->add_option("--align-target", a.align_target,
                     "reasoning (the paper) or condensed (the condensed reasoning)")
        ->check(CLI::IsMember({"reasoning", "condensed"}));
    ours->add_option("--answer-tokens", a.answer_tokens,
                     "separate (the answer encoded alone) or joint (as the teacher saw it "
                     "after the answer prompt)")
        ->check(CLI::IsMember({"separate", "joint"}));
}

// Memory savers (issue 17 §1); `semcot plan` says which a preset needs on a device.
void add_memory_options(CLI::App& cmd, TrainArgs& a) {
    auto* g = cmd.add_option_group("memory", "Fit a larger run into memory (see semcot plan)");
    g->add_option("--micro-batch", a.micro_batch,
                  "Compute each batch in micro-batches of N with gradients accumulated (the "
                  "same step; every stage)")
        ->check(CLI::Range(int64_t(1), int64_t(1 << 20)));
    g->add_flag("--activation-checkpointing", a.activation_checkpointing,
                "Recompute layer activations in the backward pass (less memory, ~1 more "
                "forward pass of time; teacher, student and generator)");
    g->add_option("--teacher-dtype", a.teacher_dtype,
                  "The frozen teacher's dtype while the generator trains (trainable weights "
                  "stay float32; float16 adds dynamic loss scaling; bf16, fp16 and fp32 as "
                  "semcot plan --precision spells them)")
        ->transform(CLI::CheckedTransformer(
            std::map<std::string, std::string>{{"fp32", "float32"}, {"bf16", "bfloat16"},
                                               {"fp16", "float16"}, {"float32", "float32"},
                                               {"bfloat16", "bfloat16"}, {"float16", "float16"}}));
    cmd.add_option("--set", a.set,
                   "A JSON merge patch of the preset, recorded in run.json (e.g. the keys "
                   "semcot plan recommends: '{\"semcot\":{\"micro_batch\":8}}'); the other "
                   "flags override it");
}

// A flag of another method than --method is an error, not silently ignored.
void check_method_flags(const CLI::App& cmd, const std::string& method) {
    static const std::map<std::string, std::vector<std::string>> own = {
        {"--pause-tokens", {"pause"}},
        {"--coconut-thoughts", {"coconut"}},
        {"--coconut-max-stage", {"coconut"}},
        {"--codi-latents", {"codi"}},
        {"--codi-distill-weight", {"codi"}},
        {"--icot-remove-per-stage", {"icot"}},
        {"--lora-r", {"pause", "coconut", "codi", "icot"}},
        {"--baseline-epochs", {"pause", "softcot", "coconut", "codi", "icot"}},
        {"--baseline-lr", {"pause", "softcot", "coconut", "codi", "icot"}},
        {"--init-cg-from-base", {"semcot"}},
        // The memory savers and --set act on the preset's stages (SoftCoT trains a preset's
        // generator); the data flags on the data a run prepares (baselines reuse --base's).
        {"--micro-batch", {"semcot", "softcot"}},
        {"--activation-checkpointing", {"semcot", "softcot"}},
        {"--teacher-dtype", {"semcot", "softcot"}},
        {"--set", {"semcot", "softcot"}},
        {"--examples", {"semcot"}},
        {"--fit", {"semcot"}},
        {"--fit-percentile", {"semcot"}}};
    for (const auto& [flag, methods] : own)
        if (cmd.count(flag) > 0 &&
            std::find(methods.begin(), methods.end(), method) == methods.end())
            throw CLI::ValidationError(flag, "is a setting of --method " + methods.front() +
                                                 (methods.size() > 1 ? " (and others)" : "") +
                                                 ", not of --method " + method);
}

// `semcot train --method pause|softcot|coconut|codi|icot --base RUN`: a baseline on a finished
// run's data and teacher; 130 when stopped with Ctrl+C (resumable with --resume).
int run_baseline_training(const TrainArgs& a) {
    BaselineTrainParams p;
    p.method = parse_method(a.method);
    p.base = a.base;
    p.out = a.out;
    p.device = parse_device(a.dev.device);
    p.seed = a.seed;
    p.resume = a.resume;
    p.settings = a.baseline;
    if (p.method == Method::softcot) // the preset's contemplation settings and ablation flags
        p.softcot_preset = with_overrides(load_preset(a.preset), a.patch());
    watch_interrupt();
    BaselineTrainResult r;
    try {
        r = train_baseline(p, print_train_progress,
                           print_log_line);
    } catch (const Cancelled&) {
        std::cerr << "\nstopped; resume with the same command and --resume\n";
        return 130;
    }
    std::cerr << "\ntrained " << method_label(p.method) << " " << r.out.string() << " in "
              << clock_string(r.seconds) << " (" << r.description << ")\n";
    return 0;
}

// The preset a run trains with: --preset when given; on --resume without it, the one the run
// recorded in run.json (so that the printed resume command is enough).
Preset resumed_or_named_preset(const TrainArgs& a) {
    const fs::path info_path = fs::path(a.out) / "run.json";
    if (a.preset_given || !a.resume || a.out.empty() || !fs::exists(info_path))
        return load_preset(a.preset);
    const auto info = nlohmann::json::parse(read_file(info_path));
    if (!info.contains("preset")) return load_preset(a.preset);
    return preset_from_json(info["preset"], info.value("preset_name", "run"),
                            info_path.string() + " (preset)");
}

// `--nproc-per-node N`: this command again as N ranks on this machine (train/launcher.h).
int launch_workers(const TrainArgs& a) {
    LaunchParams p;
    p.argv = program_arguments();
    p.argv[0] = fs::read_symlink("/proc/self/exe").string();
    p.nproc = a.nproc_per_node;
    // A hung rank: the others fail after their collective timeout; then the launcher ends it.
    if (const auto env = std::getenv("SEMCOT_DIST_TIMEOUT"); env && std::atoi(env) > 0)
        p.grace = std::chrono::seconds(std::atoi(env) + 30);
    std::cerr << "data parallel: starting " << p.nproc << " ranks on this machine\n";
    return launch_local_workers(p, [](const std::string& s) { std::cerr << "\nsemcot: " << s << "\n"; });
}

// A worker of a data-parallel job (started by --nproc-per-node, torchrun or srun): joins the
// group; with CUDA, rank r of a machine takes GPU LOCAL_RANK.
void join_data_parallel_group(torch::Device& device) {
    const auto env = DistributedEnv::from_environment();
    if (!env || env->world_size == 1) return;
    if (device.is_cuda()) device = torch::Device(torch::kCUDA, int8_t(env->local_rank));
    // The rendezvous waits for every rank: say so after 10 s, then every minute.
    struct WaitNotice {
        std::mutex m;
        std::condition_variable cv;
        bool joined = false;
        std::thread thread;
        explicit WaitNotice(const DistributedEnv& e) {
            thread = std::thread([this, e] {
                std::unique_lock<std::mutex> lock(m);
                std::chrono::seconds wait(10), waited(0);
                while (!cv.wait_for(lock, wait, [this] { return joined; })) {
                    waited += wait;
                    wait = std::chrono::seconds(60);
                    std::cerr << "rank " << e.rank << " of " << e.world_size
                              << ": waiting for the other ranks at " << e.master_addr << ":"
                              << e.master_port << " (" << waited.count() << " s of at most "
                              << e.timeout.count() << " s, SEMCOT_DIST_TIMEOUT)\n";
                }
            });
        }
        ~WaitNotice() {
            {
                const std::lock_guard<std::mutex> lock(m);
                joined = true;
            }
            cv.notify_one();
            thread.join();
        }
    };
    std::shared_ptr<DataParallelGroup> group;
    {
        const WaitNotice notice(*env);
        group = std::make_shared<DataParallelGroup>(*env);
    }
    set_default_data_parallel_group(group);
    if (env->rank == 0)
        std::cerr << "data parallel: " << env->world_size << " ranks joined at " << env->master_addr
                  << ":" << env->master_port << " (Gloo)\n";
}

// Trains the run `a` asks for; 130 when stopped with Ctrl+C (the run is resumable).
int run_training(const TrainArgs& a) {
    // A rank started by --nproc-per-node carries SEMCOT_LAUNCHED (train/launcher.h).
    const bool launched = std::getenv("SEMCOT_LAUNCHED") != nullptr;
    if (a.nproc_per_node > 1 && std::getenv("WORLD_SIZE") && !launched)
        throw InvalidArgument("--nproc-per-node starts the ranks itself; under torchrun or srun "
                              "(WORLD_SIZE is set) leave it out");
    if (a.nproc_per_node > 1 && !launched) return launch_workers(a);
    if (a.method != "semcot") {
        if (DistributedEnv::from_environment())
            throw InvalidArgument("data-parallel training (--nproc-per-node, torchrun, srun) is "
                                  "for SemCoT runs; train --method " + a.method +
                                  " in one process");
        return run_baseline_training(a);
    }
    if (a.out.empty()) throw InvalidArgument("semcot train needs --out (the run folder to write)");
    const std::string& out = a.out;
    TrainRunParams p;
    p.preset = with_overrides(resumed_or_named_preset(a), a.patch());
    p.base = a.base;
    p.init_cg_from_base = a.init_cg;
    if (a.init_cg && a.base.empty()) throw InvalidArgument("--init-cg-from-base needs --base RUN");
    // A generator-only run reuses the base run's data splits, tokenizers and models: the data
    // flags would change nothing but what run.json records.
    if (!a.base.empty())
        for (const auto& [set, flag] : {std::pair{a.data.examples.has_value(), "--examples"},
                                        std::pair{a.data.fit, "--fit"},
                                        std::pair{a.data.percentile.has_value(), "--fit-percentile"}})
            if (set)
                throw InvalidArgument(std::string(flag) + " has no effect with --base: the base "
                                      "run's data splits and tokenizers are reused");
    p.task = a.task;
    p.out = out;
    p.device = parse_device(a.dev.device);
    p.seed = a.seed;
    p.resume = a.resume;
    join_data_parallel_group(p.device);
    const bool main = is_main_process();
    if (a.micro_batch && main)
        for (const auto& [stage, batch] :
             {std::pair{"teacher stage", p.preset.teacher_train.batch_size},
              std::pair{"student stage", p.preset.student_train.batch_size},
              std::pair{"sentence transformer's and generator's stages",
                        p.preset.semcot.batch_size}})
            // A run on --base, or on model folders, trains no teacher or student.
            if (*a.micro_batch >= batch &&
                (std::string(stage).rfind("sentence", 0) == 0 ||
                 (a.base.empty() && p.preset.teacher_model.empty())))
                std::cerr << "note: --micro-batch " << *a.micro_batch
                          << " is not below the batch of the " << stage << " (" << batch
                          << "): each batch is computed at once\n";
    watch_interrupt();
    const auto start = std::chrono::steady_clock::now();
    try {
        train_run(p, print_train_progress, print_log_line);
    } catch (const Cancelled&) {
        if (main)
            std::cerr << "\nstopped; the run is resumable: semcot train --resume --out " << out
                      << (a.nproc_per_node > 1
                              ? " --nproc-per-node " + std::to_string(a.nproc_per_node)
                              : std::string())
                      << "\n";
        return 130;
    }
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (main) std::cerr << "trained " << out << " in " << clock_string(s) << "\n";
    return 0;
}

// `semcot train`
void add_train_command(CLI::App& app, const std::function<void(Runner)>& select) {
    auto a = std::make_shared<TrainArgs>();
    a->dev.device = "auto";
    auto* cmd = app.add_subcommand(
        "train", "Train a SemCoT run (tokenizer, teacher, student, ST, CG) from a preset");
    cmd->add_option("--preset", a->preset, "Preset name (models/presets) or JSON file")
        ->capture_default_str();
    cmd->add_option("--task", a->task,
                    "coinflip | arithmetic | FILE.json | a dataset folder with "
                    "train_*.json and eval_*.json (default: the preset's)");
    cmd->add_option("--out", a->out,
                    "Run folder, e.g. runs/NAME (a baseline's default: BASE/methods/METHOD)");
    cmd->add_option("--seed", a->seed, "Seed for data, initialisation and shuffling")
        ->capture_default_str();
    cmd->add_flag("--resume", a->resume, "Continue an interrupted run in --out");
    cmd->add_option("--nproc-per-node", a->nproc_per_node,
                    "Data parallel: start N ranks on this machine (Gloo; --batch-size per "
                    "rank). Under torchrun or srun leave it out: the ranks come from RANK, "
                    "WORLD_SIZE, MASTER_ADDR, MASTER_PORT")
        ->check(CLI::Range(int64_t(1), int64_t(1024)))
        ->capture_default_str();
    cmd->add_option("--base", a->base,
                    "Reuse a finished run's data, teacher, student and sentence transformer; "
                    "train only the contemplation generator (fair ablations)")
        ->check(CLI::ExistingDirectory);
    cmd->add_flag("--init-cg-from-base", a->init_cg,
                  "Start the generator from --base's trained one (continued training)");
    add_ablation_options(*cmd, *a);
    add_beyond_paper_options(*cmd, *a);
    add_memory_options(*cmd, *a);
    add_baseline_options(*cmd, *a);
    a->data.add_to(*cmd);
    a->dev.add_to(*cmd);
    cmd->callback([a, select, cmd] {
        check_method_flags(*cmd, a->method);
        a->preset_given = cmd->count("--preset") > 0;
        select([a] { return run_training(*a); });
    });
}

// `semcot fit`: what a training run would choose for the data, without training
void add_fit_command(CLI::App& app, const std::function<void(Runner)>& select) {
    struct Args {
        std::string preset = "tiny", task;
        uint64_t seed = 0;
        DataArgs data;
        std::string json;
        bool no_estimate = false;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = app.add_subcommand(
        "fit", "Show the tokenizer size, max_length and skipped examples a training run "
               "would choose for a dataset, without training");
    cmd->add_option("--preset", a->preset, "Preset name (models/presets) or JSON file")
        ->capture_default_str();
    cmd->add_option("--task", a->task,
                    "coinflip | arithmetic | FILE.json | a dataset folder (default: the "
                    "preset's)");
    cmd->add_option("--seed", a->seed, "Seed for the data split")->capture_default_str();
    cmd->add_option("--json", a->json, "Also write the fit (and the estimate) as JSON");
    cmd->add_flag("--no-estimate", a->no_estimate,
                  "Skip the time estimate (a few seconds of calibration on the CPU)");
    a->data.add_to(*cmd);
    cmd->callback([a, select] {
        select([a] {
            nlohmann::json patch = nlohmann::json::object();
            a->data.add_patch(patch);
            const Preset preset = with_overrides(load_preset(a->preset), patch);
            // The plan is honest about what a run would do: skipping is only reported as
            // a count when the preset skips; with "stop" the error says what to change.
            const DatasetFit fit = plan_dataset_fit(
                preset, a->task, a->seed, [](const std::string& s) { std::cerr << s << "\n"; });
            std::cout << fit.describe() << "\n";
            nlohmann::json out = fit.to_json();
            if (!a->no_estimate) {
                std::cerr << "calibrating the training step on this CPU...\n";
                double total = 0;
                for (const auto& e :
                     estimate_training_time(fitted_preset(preset, fit), fit, torch::kCPU)) {
                    std::cout << "estimate: " << std::left << std::setw(8) << e.stage << std::right
                              << std::setw(6) << e.steps << " steps  " << clock_string(e.seconds)
                              << "\n";
                    out["estimate"][e.stage] = {{"steps", e.steps}, {"seconds", e.seconds}};
                    total += e.seconds;
                }
                std::cout << "estimate: total          " << clock_string(total)
                          << " (CPU, this machine; more when other jobs share it)\n";
            }
            if (!a->json.empty()) write_file_atomic(a->json, out.dump(2) + "\n");
            return 0;
        });
    });
}

// The options of `semcot eval`.
struct EvalArgs {
    std::vector<std::string> runs;
    // Baselines' folders, one per run, by method; a method without: RUN/methods/METHOD.
    std::map<Method, std::vector<std::string>> folders;
    std::string methods = "cot,nocot,semcot", split = "test", scorer = "strict", json, csv;
    int64_t n = 0, batch_size = 1, repeat = 1;
    DeviceOptions dev;
};

// A run given twice would count twice in the average.
void check_distinct(const std::vector<std::string>& runs) {
    for (size_t i = 0; i < runs.size(); ++i)
        for (size_t j = 0; j < i; ++j)
            if (std::filesystem::weakly_canonical(runs[i]) ==
                std::filesystem::weakly_canonical(runs[j]))
                throw InvalidArgument("--run " + runs[i] +
                                      " is given twice (it would count twice in the average)");
}

// Each baseline's folder flag names one folder per run, and only methods that are listed.
void check_method_folders(const EvalArgs& a, const std::vector<Method>& methods) {
    for (const auto& [m, folders] : a.folders) {
        if (folders.empty()) continue;
        const std::string flag = "--" + method_name(m);
        if (std::find(methods.begin(), methods.end(), m) == methods.end())
            throw InvalidArgument(flag + " needs " + method_name(m) + " in --methods");
        if (folders.size() != a.runs.size())
            throw InvalidArgument(flag + " needs one folder per --run (" +
                                  std::to_string(a.runs.size()) + "), in the same order");
    }
}

// Evaluates every run of `a`, prints their tables and the average, writes the files.
int run_evaluation(const EvalArgs& a) {
    EvaluationParams ep;
    ep.methods = parse_methods(a.methods);
    ep.limit = a.n;
    ep.batch_size = a.batch_size;
    ep.repeat = a.repeat;
    watch_interrupt();
    check_distinct(a.runs);
    check_method_folders(a, ep.methods);
    std::vector<EvaluationResult> results;
    const auto device = parse_device(a.dev.device);
    const auto dtype = parse_dtype(a.dev.dtype);
    for (size_t i = 0; i < a.runs.size(); ++i) {
        const auto& folder = a.runs[i];
        auto run = load_run(folder, device, dtype);
        run.scorer.mode = parse_score_mode(a.scorer);
        // Each baseline answers with its own copy of the teacher (adapted) or its own run.
        std::map<Method, std::filesystem::path> folders;
        for (const auto& [m, list] : a.folders)
            if (!list.empty()) folders[m] = list[i];
        const auto loaded = load_baselines(run, ep, device, dtype, folders);
        std::cerr << folder << "\n";
        results.push_back(evaluate_and_report(run, run.split(a.split), ep, "", ""));
    }
    auto r = average(results);
    r.provenance = provenance(a.dev.device);
    if (results.size() > 1) std::cout << "average of " << results.size() << " runs:\n" << r.table();
    write_outputs(r, a.json, a.csv);
    return 0;
}

// `semcot eval`
void add_eval_command(CLI::App& app, const std::function<void(Runner)>& select) {
    auto a = std::make_shared<EvalArgs>();
    a->dev.device = "cpu";
    auto* cmd = app.add_subcommand(
        "eval", "Compare explicit CoT, no-CoT, SemCoT and the baselines on a run's split");
    cmd->add_option("--run", a->runs,
                    "Run folder; repeat it (e.g. one run per seed) to average the table")
        ->required()
        ->check(CLI::ExistingDirectory);
    cmd->add_option("--methods", a->methods,
                    "Comma-separated: cot,nocot,semcot,pause,softcot,coconut,codi,icot")
        ->capture_default_str();
    for (Method m : all_methods()) {
        if (!is_baseline(m)) continue;
        cmd->add_option("--" + method_name(m), a->folders[m],
                        method_label(m) + " folder (semcot train --method " + method_name(m) +
                            "), one per --run; default RUN/methods/" + method_name(m))
            ->check(CLI::ExistingDirectory);
    }
    cmd->add_option("--scorer", a->scorer,
                    "strict (final answer after 'Answer:') or paper (the paper's lenient match)")
        ->check(CLI::IsMember({"strict", "paper"}))
        ->capture_default_str();
    cmd->add_option("--split", a->split, "train | validation | test")
        ->check(CLI::IsMember({"train", "validation", "test"}))
        ->capture_default_str();
    cmd->add_option("--n", a->n, "Evaluate the first N questions (0 = all)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--batch-size", a->batch_size,
                    "1: latency mode (one question at a time); more: throughput mode, "
                    "questions answered in batches")
        ->check(CLI::Range(int64_t(1), int64_t(4096)))
        ->capture_default_str();
    cmd->add_option("--repeat", a->repeat,
                    "Answer each question R times and report the median timing and the spread "
                    "between runs (a busy machine shows up as a large spread)")
        ->check(CLI::Range(int64_t(1), int64_t(100)))
        ->capture_default_str();
    cmd->add_option("--json", a->json, "Write aggregates and per-sample results as JSON");
    cmd->add_option("--csv", a->csv, "Write per-sample results as CSV");
    a->dev.add_to(*cmd);
    cmd->callback([a, select] { select([a] { return run_evaluation(*a); }); });
}

// `semcot ask`
void add_ask_command(CLI::App& app, const std::function<void(Runner)>& select) {
    struct Args {
        std::string run, question, method = "semcot", folder;
        DeviceOptions dev;
    };
    auto a = std::make_shared<Args>();
    a->dev.device = "cpu";
    auto* cmd = app.add_subcommand(
        "ask", "Answer one question with explicit CoT and with SemCoT (or another --method)");
    cmd->add_option("--run", a->run, "Run folder (default: the shipped tiny run)");
    cmd->add_option("--method", a->method,
                    "What answers beside explicit CoT: semcot, nocot or a baseline trained on "
                    "the run (pause, softcot, coconut, codi, icot)")
        ->capture_default_str();
    cmd->add_option("--method-folder", a->folder,
                    "The baseline's folder (default: RUN/methods/METHOD)")
        ->check(CLI::ExistingDirectory);
    cmd->add_option("question", a->question, "The question")->required();
    a->dev.add_to(*cmd);
    cmd->callback([a, select] {
        select([a] {
            if (a->question.find_first_not_of(" \t\r\n") == std::string::npos)
                throw InvalidArgument("the question is empty");
            const Method method = parse_method(a->method);
            if (method == Method::cot)
                throw InvalidArgument("--method cot: explicit CoT always answers; pick another");
            const auto device = parse_device(a->dev.device);
            const auto dtype = parse_dtype(a->dev.dtype);
            auto run = load_run(a->run.empty() ? shipped_run() : std::filesystem::path(a->run),
                                device, dtype);
            auto other = load_method(run, method, a->folder, device, dtype);
            for (Method m : {Method::cot, method}) {
                // No gold: run_method extracts the answer with the run's scorer kind.
                auto r = run_method(m == Method::cot ? run.inference_context() : other->context,
                                    m, a->question);
                std::cout << method_label(m) << " (" << std::fixed << std::setprecision(1)
                          << 1e3 * r.total_s << " ms";
                if (r.latents.defined())
                    std::cout << ", " << r.latents.size(0) << " latent tokens in "
                              << 1e3 * r.implicit_s << " ms";
                std::cout << "):\n"
                          << r.output
                          << "\n  answer: " << (r.extracted.empty() ? "(none)" : r.extracted)
                          << "\n";
                if (!r.warning.empty()) std::cerr << "warning: " << r.warning << "\n";
            }
            return 0;
        });
    });
}

// `semcot demo`
void add_demo_command(CLI::App& app, const std::function<void(Runner)>& select) {
    struct Args {
        std::string json, csv;
        int64_t n = 0;
    };
    auto a = std::make_shared<Args>();
    auto* cmd =
        app.add_subcommand("demo", "The shipped tiny run: the comparison table on its test split");
    cmd->add_option("--json", a->json, "Write aggregates and per-sample results as JSON");
    cmd->add_option("--csv", a->csv, "Write per-sample results as CSV");
    cmd->add_option("--n", a->n, "Evaluate the first N questions (0 = all)")
        ->check(CLI::NonNegativeNumber);
    cmd->callback([a, select] {
        select([a] {
            const auto folder = shipped_run();
            std::cerr << "run: " << folder.string() << "\n";
            auto run = load_run(folder, torch::kCPU);
            EvaluationParams ep;
            ep.limit = a->n;
            watch_interrupt();
            evaluate_and_report(run, run.split("test"), ep, a->json, a->csv);
            return 0;
        });
    });
}

} // namespace

void add_semcot_commands(CLI::App& app, std::function<void(Runner)> select) {
    add_train_command(app, select);
    add_fit_command(app, select);
    add_eval_command(app, select);
    add_ask_command(app, select);
    add_demo_command(app, select);
}

} // namespace semcot::cli
