#include "semcot/stage_runner.h"

#include "common/error.h"
#include "common/platform.h"
#include "io/safetensors.h"
#include "semcot/train_state.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adamw.h>

#include <chrono>
#include <cmath>

namespace semcot {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kFormat = "semcot-stage/1";
constexpr const char* kWeightsFile = "module.safetensors";
constexpr const char* kBestFile = "best.safetensors";
constexpr const char* kOptimizerFile = "optimizer.safetensors";
constexpr const char* kStateFile = "stage_state.json";
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Where a stage is: enough to continue it exactly (shuffles derive from (seed, epoch)).
struct Position {
    int64_t epoch = 0;               // 0-based epoch in progress (== epochs when the stage is done)
    int64_t batch = 0;               // next batch of that epoch
    int64_t steps = 0;               // optimizer steps done in this stage
    double best_val = kInf;          // best validation loss so far
    int64_t best_epoch = 0;          // 1-based epoch of `best`; 0 = none yet
    std::vector<torch::Tensor> best; // the module's parameters at best_epoch (empty = none)
};

// The module's parameters (all of them, trainable or not) with their names.
struct Params {
    std::vector<std::string> names;
    std::vector<torch::Tensor> values;
    explicit Params(torch::nn::Module& m) {
        for (auto& item : m.named_parameters()) {
            names.push_back(item.key());
            values.push_back(item.value());
        }
    }
    std::vector<torch::Tensor> snapshot() const {
        std::vector<torch::Tensor> out;
        for (const auto& v : values) out.push_back(v.detach().clone());
        return out;
    }
    void assign(const std::vector<torch::Tensor>& from) {
        torch::NoGradGuard ng;
        for (size_t i = 0; i < values.size(); ++i) values[i].copy_(from[i]);
    }
    std::vector<std::pair<std::string, torch::Tensor>>
    named(const std::vector<torch::Tensor>& tensors) const {
        std::vector<std::pair<std::string, torch::Tensor>> out;
        for (size_t i = 0; i < names.size(); ++i) out.emplace_back(names[i], tensors[i]);
        return out;
    }
};

json number_or_null(double v) {
    return std::isfinite(v) ? json(v) : json(nullptr);
}

// What must agree between a stage checkpoint and the loop resuming it.
json shape_of(const Stage& stage, const StageLoop& loop) {
    return {{"label", stage.label},    {"epochs", stage.params.epochs},
            {"n_train", loop.n_train}, {"batch_size", loop.batch_size},
            {"seed", loop.seed},       {"projection_only", stage.projection_only}};
}

fs::path latest(const StageLoop& loop, const Stage& stage) {
    return loop.checkpoint_dir / stage.label / "latest";
}

void save_stage(const StageLoop& loop, const Stage& stage, const Params& params,
                torch::optim::AdamW& opt, const std::vector<std::string>& trainable_names,
                const std::vector<torch::Tensor>& trainable, const Position& pos) {
    const fs::path cur = latest(loop, stage),
                   tmp = loop.checkpoint_dir / stage.label / "latest.tmp";
    with_context("saving the " + stage.label + " checkpoint in " + cur.parent_path().string(), [&] {
        remove_tree(tmp);
        fs::create_directories(tmp);
        safetensors::save(tmp / kWeightsFile, params.named(params.values));
        if (!pos.best.empty()) safetensors::save(tmp / kBestFile, params.named(pos.best));
        const auto adam = adamw_snapshot(opt, trainable_names, trainable);
        save_adamw_snapshot(tmp / kOptimizerFile, adam);
        json j = {{"format", kFormat},
                  {"shape", shape_of(stage, loop)},
                  {"epoch", pos.epoch},
                  {"batch", pos.batch},
                  {"steps", pos.steps},
                  {"best_val_loss", number_or_null(pos.best_val)},
                  {"best_epoch", pos.best_epoch},
                  {"adam_steps", adam.steps}};
        write_file_atomic(tmp / kStateFile, j.dump(2));
        replace_folder(tmp, cur);
    });
}

Position load_stage(const fs::path& folder, const StageLoop& loop, const Stage& stage,
                    Params& params, torch::optim::AdamW& opt,
                    const std::vector<torch::Tensor>& trainable) {
    const fs::path state_path = folder / kStateFile;
    return with_context("resuming " + stage.label + " from " + folder.string(), [&] {
        json j;
        try {
            j = json::parse(read_file(state_path));
        } catch (const json::exception& e) {
            throw FormatError(state_path.string() + ": " + e.what());
        }
        Position pos;
        try {
            if (j.at("format") != kFormat)
                throw FormatError(state_path.string() + ": unknown format " +
                                  j.at("format").dump());
            if (j.at("shape") != shape_of(stage, loop))
                throw InvalidArgument(state_path.string() + ": made for " + j.at("shape").dump() +
                                      ", this run has " + shape_of(stage, loop).dump());
            pos.epoch = j.at("epoch").get<int64_t>();
            pos.batch = j.at("batch").get<int64_t>();
            pos.steps = j.at("steps").get<int64_t>();
            pos.best_val =
                j.at("best_val_loss").is_null() ? kInf : j.at("best_val_loss").get<double>();
            pos.best_epoch = j.at("best_epoch").get<int64_t>();
            params.assign(load_tensors_like(folder / kWeightsFile, params.names, params.values));
            if (fs::exists(folder / kBestFile))
                pos.best = load_tensors_like(folder / kBestFile, params.names, params.values);
            restore_adamw(opt, trainable, folder / kOptimizerFile,
                          j.at("adam_steps").get<std::vector<int64_t>>());
        } catch (const json::exception& e) {
            throw FormatError(state_path.string() + ": " + e.what());
        }
        if (pos.epoch < 0 || pos.epoch > stage.params.epochs || pos.batch < 0 || pos.steps < 0)
            throw FormatError(state_path.string() + ": position outside the stage");
        return pos;
    });
}

// One stage: resumes from its checkpoint when `resume`, else starts at epoch 0.
SemcotStageResult run_stage(torch::nn::Module& module, const Stage& stage, const StageLoop& loop,
                            bool resume, const ProgressCallback& progress,
                            const BatchLossFn& batch_loss) {
    SemcotStageResult result;
    result.best_val_loss = kInf;
    if (stage.params.epochs <= 0) return result;
    Params params(module);
    std::vector<std::string> trainable_names;
    std::vector<torch::Tensor> trainable;
    for (size_t i = 0; i < params.values.size(); ++i)
        if (params.values[i].requires_grad()) {
            trainable_names.push_back(params.names[i]);
            trainable.push_back(params.values[i]);
        }
    if (trainable.empty()) throw InvalidArgument(stage.label + ": nothing to train");
    torch::optim::AdamW opt(
        trainable,
        torch::optim::AdamWOptions(stage.params.lr).weight_decay(stage.params.weight_decay));
    const int64_t batches = (loop.n_train + loop.batch_size - 1) / loop.batch_size;
    const int64_t total = batches * stage.params.epochs;

    Position pos;
    const bool checkpoints = !loop.checkpoint_dir.empty();
    if (resume && checkpoints) {
        const fs::path folder = complete_folder(latest(loop, stage));
        if (!folder.empty()) pos = load_stage(folder, loop, stage, params, opt, trainable);
    }
    auto save = [&] {
        if (checkpoints) save_stage(loop, stage, params, opt, trainable_names, trainable, pos);
    };

    const auto start = Clock::now();
    const int64_t steps_at_start = pos.steps;
    // Sends one progress report; false means "stop".
    auto report = [&](bool validate, double loss, double reasoning, double answer) {
        if (!progress) return true;
        TrainProgress p;
        p.stage = stage.label + (validate ? "/validate" : "/train");
        p.step = pos.steps;
        p.total_steps = total;
        p.epoch = pos.epoch + 1;
        p.loss = loss;
        if (validate) p.val_loss = loss;
        p.reasoning_loss = reasoning;
        p.answer_loss = answer;
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        p.steps_per_s = elapsed > 0 ? double(pos.steps - steps_at_start) / elapsed : 0;
        p.eta_s = p.steps_per_s > 0 ? double(total - pos.steps) / p.steps_per_s : 0;
        return progress(p);
    };

    while (pos.epoch < stage.params.epochs) {
        const uint64_t epoch_seed = loop.seed * 1000003 + uint64_t(pos.epoch + 1);
        auto gen = at::detail::createCPUGenerator(epoch_seed);
        auto order = at::randperm(loop.n_train, gen, torch::TensorOptions().dtype(torch::kInt64));
        if (loop.on_epoch_start) loop.on_epoch_start(stage.label, pos.epoch);
        for (; pos.batch < batches; ++pos.batch) {
            std::vector<int64_t> idx;
            const int64_t end = std::min(loop.n_train, (pos.batch + 1) * loop.batch_size);
            for (int64_t i = pos.batch * loop.batch_size; i < end; ++i)
                idx.push_back(order[i].item<int64_t>());
            if (int64_t(idx.size()) < loop.min_batch) continue; // a last batch too small to use
            opt.zero_grad();
            auto loss = batch_loss(idx, true);
            if (!loss.total.defined()) continue;
            const double value = loss.total.item<double>();
            if (!std::isfinite(value))
                throw Error(stage.label + ": non-finite loss at step " +
                            std::to_string(pos.steps + 1) +
                            (checkpoints ? " (the last checkpoint is kept)" : ""));
            loss.total.backward();
            if (loop.grad_clip > 0) torch::nn::utils::clip_grad_norm_(trainable, loop.grad_clip);
            opt.step();
            ++pos.steps;
            if (!report(false, value, loss.reasoning, loss.answer)) {
                ++pos.batch;
                save();
                throw Cancelled(stage.label + " stopped at step " + std::to_string(pos.steps));
            }
        }
        // Validation: mean losses over validation batches (no gradients).
        double val = 0, reasoning = 0, answer = 0;
        int64_t count = 0;
        {
            torch::NoGradGuard ng;
            for (int64_t i = 0; i < loop.n_val; i += loop.batch_size) {
                std::vector<int64_t> idx;
                for (int64_t j = i; j < std::min(loop.n_val, i + loop.batch_size); ++j)
                    idx.push_back(j);
                if (int64_t(idx.size()) < loop.min_batch) break;
                auto l = batch_loss(idx, false);
                const double w = double(idx.size());
                val += l.total.item<double>() * w;
                reasoning += l.reasoning * w;
                answer += l.answer * w;
                count += int64_t(idx.size());
            }
        }
        const double n = count > 0 ? double(count) : kNaN;
        val /= n, reasoning /= n, answer /= n;
        if (count == 0 || val < pos.best_val) { // no validation data: keep the last
            pos.best_val = count ? val : pos.best_val;
            pos.best_epoch = pos.epoch + 1;
            pos.best = params.snapshot();
        }
        const bool go_on = report(true, val, reasoning, answer);
        ++pos.epoch;
        pos.batch = 0;
        save();
        if (!go_on)
            throw Cancelled(stage.label + " stopped after epoch " + std::to_string(pos.epoch));
    }
    if (!pos.best.empty()) params.assign(pos.best);
    result.steps = pos.steps;
    result.best_val_loss = pos.best_val;
    result.best_epoch = pos.best_epoch;
    return result;
}

} // namespace

SemcotStageResult run_stages(torch::nn::Module& module, const std::vector<Stage>& stages,
                             const std::function<void(bool)>& set_trainable, const StageLoop& loop,
                             const ProgressCallback& progress, const BatchLossFn& batch_loss) {
    // With resume, start at the last stage that has a checkpoint: it holds the earlier ones'
    // results.
    size_t first = 0;
    if (loop.resume && !loop.checkpoint_dir.empty())
        for (size_t i = 0; i < stages.size(); ++i)
            if (!complete_folder(latest(loop, stages[i])).empty()) first = i;
    SemcotStageResult total;
    for (size_t i = 0; i < first; ++i) { // finished earlier: count their steps
        const fs::path state = complete_folder(latest(loop, stages[i])) / kStateFile;
        if (fs::exists(state))
            total.steps += json::parse(read_file(state)).value("steps", int64_t(0));
    }
    for (size_t i = first; i < stages.size(); ++i) {
        set_trainable(stages[i].projection_only);
        auto r =
            run_stage(module, stages[i], loop, loop.resume && i == first, progress, batch_loss);
        total.steps += r.steps;
        total.best_val_loss = r.best_val_loss;
        total.best_epoch = r.best_epoch;
    }
    for (auto& p : module.parameters()) p.set_requires_grad(false);
    return total;
}

} // namespace semcot
