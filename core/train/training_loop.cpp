#include "train/training_loop.h"

#include "common/error.h"
#include "common/platform.h"
#include "io/safetensors.h"
#include "train/data_parallel.h"
#include "train/train_state.h"

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
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = 3.14159265358979323846;
constexpr const char* kFormat = "semcot-train/1";
constexpr const char* kStateFile = "train_state.json";
constexpr const char* kWeightsFile = "module.safetensors";
constexpr const char* kBestFile = "best.safetensors";
constexpr const char* kOptimizerFile = "optimizer.safetensors";
// The formats before this loop (see the header).
constexpr const char* kStageFormat = "semcot-stage/1";
constexpr const char* kStageStateFile = "stage_state.json";
constexpr const char* kLmFormat = "semcot-lm-trainer/1";
constexpr const char* kLmStateFile = "trainer_state.json";

json number_or_null(double v) {
    return std::isfinite(v) ? json(v) : json(nullptr);
}
double number_or_nan(const json& j) {
    return j.is_null() ? kNaN : j.get<double>();
}

// Where a stage is: enough to continue it exactly.
struct Position {
    int64_t epoch = 0;         // 0-based epoch in progress (== epochs when the stage is done)
    int64_t batch = 0;         // next batch of that epoch
    int64_t steps = 0;         // optimizer steps done in this stage
    double epoch_loss_sum = 0; // sum of step losses in the epoch so far
    int64_t epoch_batches = 0; // steps in the epoch so far
    double last_epoch_loss = kNaN;
    double best_val = kNaN;          // NaN: no validation yet (or none at all)
    int64_t best_epoch = 0;          // 1-based epoch of `best`; 0 = none yet
    std::vector<torch::Tensor> best; // the module's parameters at best_epoch (empty = none)
    double loss_scale = 65536.0;     // TrainLoop::dynamic_loss_scale (2^16, GradScaler's start)
    int64_t finite_steps = 0;        // finite steps since the scale last changed
};

// The module's parameters (all of them, trainable or not) with their names.
struct Params {
    std::vector<std::string> names;
    std::vector<torch::Tensor> values;
    // `int`: sequences the caller's set-up (which parameters train) before the read.
    Params(int, torch::nn::Module& m)
        : Params(m) {}
    explicit Params(torch::nn::Module& m) {
        for (auto& item : m.named_parameters()) {
            names.push_back(item.key());
            values.push_back(item.value());
        }
    }
    std::vector<torch::Tensor> snapshot() const {
        torch::NoGradGuard ng;
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

// The trainable parameters of a stage and their AdamW groups.
struct Trainable {
    std::vector<std::string> names;
    std::vector<torch::Tensor> values;
};

Trainable trainable_of(const Params& params, const std::string& label) {
    Trainable t;
    for (size_t i = 0; i < params.values.size(); ++i)
        if (params.values[i].requires_grad()) {
            t.names.push_back(params.names[i]);
            t.values.push_back(params.values[i]);
        }
    if (t.values.empty()) throw InvalidArgument(label + ": nothing to train");
    return t;
}

torch::optim::AdamW make_optimizer(const TrainStage& stage, const Trainable& t) {
    auto options = [&](double decay) {
        return std::make_unique<torch::optim::AdamWOptions>(
            torch::optim::AdamWOptions(stage.lr).weight_decay(decay));
    };
    std::vector<torch::Tensor> decay, no_decay;
    for (size_t i = 0; i < t.values.size(); ++i) {
        // Norm weights (and any vector) are scales, not features.
        const bool scale = t.names[i].find("norm") != std::string::npos || t.values[i].dim() < 2;
        (stage.decay_all || !scale ? decay : no_decay).push_back(t.values[i]);
    }
    std::vector<torch::optim::OptimizerParamGroup> groups;
    if (!decay.empty()) groups.emplace_back(decay, options(stage.weight_decay));
    if (!no_decay.empty()) groups.emplace_back(no_decay, options(0.0));
    return torch::optim::AdamW(std::move(groups), torch::optim::AdamWOptions(stage.lr));
}

// The group a loop trains with: its own, else the process's default; null for one process.
DataParallelGroup* group_of(const TrainLoop& loop) {
    return loop.data_parallel ? loop.data_parallel.get() : default_data_parallel_group().get();
}

// What must agree between a checkpoint and the loop resuming it (the world size only when
// above 1: one-process checkpoints keep the shape they always had).
json shape_of(const TrainStage& stage, const TrainLoop& loop) {
    json shape = {{"label", stage.label},
                  {"epochs", stage.epochs},
                  {"n_train", loop.n_train},
                  {"batch_size", loop.batch_size},
                  {"seed", loop.seed}};
    if (const auto* g = group_of(loop); g && g->world_size() > 1)
        shape["world_size"] = g->world_size();
    return shape;
}

fs::path stage_folder(const TrainLoop& loop, const TrainStage& stage) {
    return loop.checkpoint_dir / stage.label / "latest";
}

// The checkpoint a stage resumes from, in this format or an earlier one; empty if none.
struct Found {
    fs::path folder;
    std::string format;
};
Found find_checkpoint(const TrainLoop& loop, const TrainStage& stage) {
    if (loop.checkpoint_dir.empty()) return {};
    const fs::path folder = complete_folder(stage_folder(loop, stage));
    if (!folder.empty() && fs::exists(folder / kStateFile)) return {folder, kFormat};
    if (!folder.empty() && fs::exists(folder / kStageStateFile)) return {folder, kStageFormat};
    if (loop.load_legacy_weights) {
        const fs::path lm = complete_folder(loop.checkpoint_dir / "latest");
        if (!lm.empty() && fs::exists(lm / kLmStateFile)) return {lm, kLmFormat};
    }
    return {};
}

void save_checkpoint(const TrainLoop& loop, const TrainStage& stage, const Params& params,
                     torch::optim::AdamW& opt, const Trainable& trainable, const Position& pos) {
    const fs::path cur = stage_folder(loop, stage), tmp = cur.parent_path() / "latest.tmp";
    with_context("saving the " + stage.label + " checkpoint in " + cur.parent_path().string(), [&] {
        remove_tree(tmp);
        fs::create_directories(tmp);
        safetensors::save(tmp / kWeightsFile, params.named(params.values));
        if (!pos.best.empty()) safetensors::save(tmp / kBestFile, params.named(pos.best));
        const auto adam = adamw_snapshot(opt, trainable.names, trainable.values);
        save_adamw_snapshot(tmp / kOptimizerFile, adam);
        const json j = {{"format", kFormat},
                        {"shape", shape_of(stage, loop)},
                        {"epoch", pos.epoch},
                        {"batch", pos.batch},
                        {"steps", pos.steps},
                        {"epoch_loss_sum", pos.epoch_loss_sum},
                        {"epoch_batches", pos.epoch_batches},
                        {"last_epoch_loss", number_or_null(pos.last_epoch_loss)},
                        {"best_val_loss", number_or_null(pos.best_val)},
                        {"best_epoch", pos.best_epoch},
                        {"adam_steps", adam.steps},
                        {"loss_scale", pos.loss_scale},
                        {"loss_scale_finite_steps", pos.finite_steps}};
        write_file_atomic(tmp / kStateFile, j.dump(2));
        replace_folder(tmp, cur);
    });
}

// Checks a legacy or current state's identity against this loop.
void expect_shape(const json& j, const TrainStage& stage, const TrainLoop& loop,
                  const std::string& format, const fs::path& state_path) {
    json want = shape_of(stage, loop), got;
    if (format == kLmFormat) {
        got = {{"label", stage.label},
               {"epochs", stage.epochs},
               {"n_train", j.at("train_examples")},
               {"batch_size", j.at("batch_size")},
               {"seed", j.at("seed")}};
    } else {
        got = j.at("shape");
        got.erase("projection_only"); // semcot-stage/1 recorded the stage's trainable set
    }
    const int64_t got_world = got.value("world_size", int64_t(1));
    const int64_t want_world = want.value("world_size", int64_t(1));
    if (got_world != want_world)
        throw InvalidArgument(state_path.string() + ": this checkpoint was written by " +
                              std::to_string(got_world) + " rank(s) and this run has " +
                              std::to_string(want_world) + "; resume with the same number (" +
                              "semcot train --nproc-per-node " + std::to_string(got_world) +
                              ", or WORLD_SIZE=" + std::to_string(got_world) + ")");
    if (got != want)
        throw InvalidArgument(state_path.string() + ": made for " + got.dump() + ", this run has " +
                              want.dump());
}

Position load_checkpoint(const Found& found, const TrainLoop& loop, const TrainStage& stage,
                         Params& params, torch::optim::AdamW& opt, const Trainable& trainable) {
    const std::string state_name = found.format == kFormat        ? kStateFile
                                   : found.format == kStageFormat ? kStageStateFile
                                                                  : kLmStateFile;
    const fs::path state_path = found.folder / state_name;
    return with_context("resuming " + stage.label + " from " + found.folder.string(), [&] {
        Position pos;
        try {
            const json j = json::parse(read_file(state_path));
            if (j.at("format") != found.format)
                throw FormatError(state_path.string() + ": unknown format " +
                                  j.at("format").dump());
            expect_shape(j, stage, loop, found.format, state_path);
            pos.epoch = j.at("epoch").get<int64_t>();
            pos.batch = j.at("batch").get<int64_t>();
            pos.steps = j.at(found.format == kLmFormat ? "step" : "steps").get<int64_t>();
            pos.epoch_loss_sum = j.value("epoch_loss_sum", 0.0);
            pos.epoch_batches = j.value("epoch_batches", int64_t(0));
            pos.last_epoch_loss = number_or_nan(j.value("last_epoch_loss", json(nullptr)));
            pos.best_val = number_or_nan(j.at("best_val_loss"));
            pos.best_epoch = j.at("best_epoch").get<int64_t>();
            pos.loss_scale = j.value("loss_scale", pos.loss_scale);
            pos.finite_steps = j.value("loss_scale_finite_steps", int64_t(0));
            if (found.format == kLmFormat)
                loop.load_legacy_weights(found.folder);
            else
                params.assign(
                    load_tensors_like(found.folder / kWeightsFile, params.names, params.values));
            if (fs::exists(found.folder / kBestFile))
                pos.best = load_tensors_like(found.folder / kBestFile, params.names, params.values);
            const auto& adam_steps = j.at("adam_steps");
            if (!adam_steps.is_array() || adam_steps.size() != trainable.values.size())
                throw FormatError(state_path.string() + ": 'adam_steps' must list " +
                                  std::to_string(trainable.values.size()) + " parameters");
            restore_adamw(opt, trainable.values, found.folder / kOptimizerFile,
                          adam_steps.get<std::vector<int64_t>>());
        } catch (const json::exception& e) {
            throw FormatError(state_path.string() + ": " + e.what());
        }
        if (pos.epoch < 0 || pos.epoch > stage.epochs || pos.batch < 0 || pos.steps < 0)
            throw FormatError(state_path.string() + ": position outside the stage");
        return pos;
    });
}

void check(const TrainStage& stage, const TrainLoop& loop) {
    auto fail = [&](const std::string& m) { throw InvalidArgument(stage.label + ": " + m); };
    if (stage.epochs < 0) fail("epochs must not be negative");
    if (!(stage.lr > 0) || !std::isfinite(stage.lr)) fail("lr must be a positive number");
    if (!(stage.weight_decay >= 0)) fail("weight_decay must not be negative");
    if (!(stage.warmup_fraction >= 0 && stage.warmup_fraction <= 1))
        fail("warmup_fraction must be in [0, 1]");
    if (loop.batch_size < 1) fail("batch_size must be at least 1");
    if (loop.micro_batch < 0) fail("micro_batch must not be negative (0: the whole batch)");
    if (loop.n_train < 1) fail("no training items");
    if (loop.resume && loop.checkpoint_dir.empty()) fail("resume needs a checkpoint_dir");
}

// Mean validation losses of one epoch; NaN without validation items.
struct Validation {
    double total = kNaN, reasoning = kNaN, answer = kNaN;
    bool any = false;
};

// Weighted sums of a batch's micro-batch losses (each loss times its weight).
struct LossSums {
    double value = 0, reasoning = 0, answer = 0, weight = 0;
    bool any = false;       // some micro-batch had a loss
    bool nonfinite = false; // some micro-batch's loss was NaN or infinite
};

// One stage, from its checkpoint when `resume`, else from epoch 0.
class StageRun {
public:
    StageRun(torch::nn::Module& module, const TrainStage& stage, const TrainLoop& loop,
             const ProgressCallback& progress, const BatchLossFn& batch_loss)
        : stage_(stage)
        , loop_(loop)
        , progress_(progress)
        , batch_loss_(batch_loss)
        , group_(group_of(loop))
        , world_(group_ ? group_->world_size() : 1)
        , rank_(group_ ? group_->rank() : 0)
        , params_(prepare(module, stage), module)
        , trainable_(trainable_of(params_, stage.label))
        , opt_(make_optimizer(stage, trainable_))
        , batches_((loop.n_train + loop.batch_size * world_ - 1) / (loop.batch_size * world_))
        , total_(batches_ * stage.epochs) {}

    TrainResult run(bool resume) {
        if (resume) {
            const Found found = find_checkpoint(loop_, stage_);
            if (!found.folder.empty())
                pos_ = load_checkpoint(found, loop_, stage_, params_, opt_, trainable_);
        }
        if (group_) { // every rank starts from rank 0's trainable weights, as DDP does
            torch::NoGradGuard ng;
            std::vector<torch::Tensor> values = trainable_.values;
            group_->broadcast(values);
        }
        steps_at_start_ = pos_.steps;
        start_ = Clock::now();
        while (pos_.epoch < stage_.epochs) {
            train_epoch();
            end_epoch(validate());
        }
        if (!pos_.best.empty()) params_.assign(pos_.best);
        TrainResult result;
        result.steps = pos_.steps;
        result.best_val_loss = pos_.best_val;
        result.best_epoch = pos_.best_epoch;
        result.final_train_loss = pos_.last_epoch_loss;
        return result;
    }

private:
    // Sets which parameters train: the stage's choice, else all of them.
    static int prepare(torch::nn::Module& module, const TrainStage& stage) {
        if (stage.set_trainable)
            stage.set_trainable();
        else
            for (auto& p : module.parameters()) p.set_requires_grad(true);
        return 0;
    }

    // The epoch's remaining training batches: this rank's share of each global batch.
    void train_epoch() {
        const auto order = epoch_order(loop_.n_train, loop_.seed, pos_.epoch);
        if (loop_.on_epoch_start) loop_.on_epoch_start(stage_.label, pos_.epoch);
        const int64_t global = loop_.batch_size * world_;
        for (; pos_.batch < batches_; ++pos_.batch) {
            const int64_t first = pos_.batch * global;
            const int64_t end = std::min(loop_.n_train, first + global);
            if (end - first < loop_.min_batch) continue; // a last batch too small to use
            std::vector<int64_t> idx;
            const int64_t mine = first + rank_ * loop_.batch_size;
            for (int64_t i = mine; i < std::min(end, mine + loop_.batch_size); ++i)
                idx.push_back(order[size_t(i)]);
            if (int64_t(idx.size()) < loop_.min_batch) idx.clear(); // this rank adds nothing
            step(idx);
        }
    }

    // Backward passes over `idx` in micro-batches. Each backward adds weight_i x its gradient
    // when `weighted` (else the loss's own gradient: one micro-batch, one process); dividing
    // by the summed weight afterwards gives the gradient of the whole batch's weighted mean.
    LossSums backward(const std::vector<int64_t>& idx, bool weighted, double scale) {
        const size_t micro = loop_.micro_batch > 0 ? size_t(loop_.micro_batch) : idx.size();
        LossSums sums;
        for (size_t begin = 0; begin < idx.size(); begin += micro) {
            const std::vector<int64_t> part(
                idx.begin() + int64_t(begin), idx.begin() + int64_t(std::min(idx.size(), begin + micro)));
            const BatchLoss l = batch_loss_(part, true);
            if (!l.total.defined()) continue;
            const double v = l.total.item<double>();
            sums.any = true;
            if (!std::isfinite(v)) {
                sums.nonfinite = true;
                if (!group_) break; // one process stops at once
                continue;           // a group agrees first (all_reduce_step)
            }
            const double w = l.weight > 0 ? l.weight : double(part.size());
            torch::Tensor objective = weighted ? l.total * w : l.total;
            (scale != 1.0 ? objective * scale : objective).backward();
            sums.value += v * w;
            sums.reasoning += l.reasoning * w;
            sums.answer += l.answer * w;
            sums.weight += w;
        }
        return sums;
    }

    // Sums every rank's gradients and loss sums (a group only).
    void all_reduce_step(LossSums& sums) {
        std::vector<torch::Tensor> tensors;
        for (auto& p : trainable_.values) {
            if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
            tensors.push_back(p.grad());
        }
        tensors.push_back(torch::tensor({sums.value, sums.reasoning, sums.answer, sums.weight,
                                         double(sums.any), double(sums.nonfinite)},
                                        torch::kDouble));
        group_->all_reduce_sum(tensors);
        const auto s = tensors.back();
        sums = {s[0].item<double>(), s[1].item<double>(), s[2].item<double>(),
                s[3].item<double>(), s[4].item<double>() > 0, s[5].item<double>() > 0};
    }

    void step(const std::vector<int64_t>& idx) {
        if (stage_.schedule == LrSchedule::warmup_cosine) {
            const double lr =
                warmup_cosine_lr(stage_.lr, stage_.warmup_fraction, pos_.steps, total_);
            for (auto& group : opt_.param_groups())
                static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
        }
        opt_.zero_grad();
        const bool whole = !group_ && (loop_.micro_batch <= 0 || loop_.micro_batch >= int64_t(idx.size()));
        const double scale = loop_.dynamic_loss_scale ? pos_.loss_scale : 1.0;
        LossSums sums = backward(idx, !whole, scale);
        if (group_) all_reduce_step(sums);
        if (sums.nonfinite)
            throw Error(stage_.label + ": non-finite loss at step " +
                        std::to_string(pos_.steps + 1) +
                        (loop_.checkpoint_dir.empty() ? "" : " (the last checkpoint is kept)"));
        if (!sums.any || !(sums.weight > 0)) return;
        if (loop_.dynamic_loss_scale && !scaled_gradients_finite()) return; // step skipped
        const double divisor = (whole ? 1.0 : sums.weight) * scale;
        if (divisor != 1.0)
            for (auto& p : trainable_.values)
                if (p.grad().defined()) p.grad().div_(divisor);
        const double value = sums.value / sums.weight;
        if (loop_.grad_clip > 0)
            torch::nn::utils::clip_grad_norm_(trainable_.values, loop_.grad_clip);
        opt_.step();
        ++pos_.steps;
        pos_.epoch_loss_sum += value;
        ++pos_.epoch_batches;
        if (!report(false, value, kNaN, sums.reasoning / sums.weight, sums.answer / sums.weight)) {
            ++pos_.batch;
            save();
            throw Cancelled(stage_.label + " stopped at step " + std::to_string(pos_.steps));
        }
    }

    // Dynamic loss scaling: false (and the scale halved, the gradients dropped) when some
    // gradient overflowed; after 2000 finite steps in a row the scale doubles.
    bool scaled_gradients_finite() {
        bool finite = true;
        for (const auto& p : trainable_.values)
            if (p.grad().defined() && !p.grad().isfinite().all().item<bool>()) finite = false;
        if (!finite) {
            pos_.loss_scale /= 2;
            pos_.finite_steps = 0;
            opt_.zero_grad();
            return false;
        }
        if (++pos_.finite_steps >= 2000) {
            pos_.loss_scale *= 2;
            pos_.finite_steps = 0;
        }
        return true;
    }

    // Weighted means over the validation batches, without gradients; a group deals the
    // batches round-robin and sums the weighted losses.
    Validation validate() {
        torch::NoGradGuard ng;
        double total = 0, reasoning = 0, answer = 0, weight = 0;
        for (int64_t i = 0, b = 0; i < loop_.n_val; i += loop_.batch_size, ++b) {
            std::vector<int64_t> idx;
            for (int64_t j = i; j < std::min(loop_.n_val, i + loop_.batch_size); ++j)
                idx.push_back(j);
            if (int64_t(idx.size()) < loop_.min_batch) break;
            if (b % world_ != rank_) continue;
            // In micro-batches too: the memory a micro-batch bounds in training is not
            // exceeded here (a weighted mean over them; in-batch contrastive losses then see
            // the micro-batch, as in training).
            const size_t micro = loop_.micro_batch > 0 ? size_t(loop_.micro_batch) : idx.size();
            for (size_t begin = 0; begin < idx.size(); begin += micro) {
                const std::vector<int64_t> part(
                    idx.begin() + int64_t(begin),
                    idx.begin() + int64_t(std::min(idx.size(), begin + micro)));
                if (int64_t(part.size()) < loop_.min_batch) continue;
                const BatchLoss l = batch_loss_(part, false);
                if (!l.total.defined()) continue;
                const double w = l.weight > 0 ? l.weight : double(part.size());
                total += l.total.item<double>() * w;
                reasoning += l.reasoning * w;
                answer += l.answer * w;
                weight += w;
            }
        }
        if (group_) {
            std::vector<torch::Tensor> t{
                torch::tensor({total, reasoning, answer, weight}, torch::kDouble)};
            group_->all_reduce_sum(t);
            total = t[0][0].item<double>();
            reasoning = t[0][1].item<double>();
            answer = t[0][2].item<double>();
            weight = t[0][3].item<double>();
        }
        if (weight == 0) return {};
        return {total / weight, reasoning / weight, answer / weight, true};
    }

    // The best epoch so far (the last without validation items), the checkpoint, the report.
    void end_epoch(const Validation& val) {
        pos_.last_epoch_loss =
            pos_.epoch_batches > 0 ? pos_.epoch_loss_sum / double(pos_.epoch_batches) : kNaN;
        if (!val.any || pos_.best_epoch == 0 || !(val.total >= pos_.best_val)) {
            pos_.best_val = val.total;
            pos_.best_epoch = pos_.epoch + 1;
            pos_.best = params_.snapshot();
        }
        ++pos_.epoch;
        pos_.batch = 0;
        pos_.epoch_loss_sum = 0;
        pos_.epoch_batches = 0;
        save(); // before the report: what a receiver does to the module is not saved
        if (!report(true, pos_.last_epoch_loss, val.total, val.reasoning, val.answer))
            throw Cancelled(stage_.label + " stopped after epoch " + std::to_string(pos_.epoch));
    }

    // Rank 0 alone writes.
    void save() {
        if (loop_.checkpoint_dir.empty() || saved_at_ == pos_.steps || rank_ != 0) return;
        save_checkpoint(loop_, stage_, params_, opt_, trainable_, pos_);
        saved_at_ = pos_.steps;
    }

    // One progress report (rank 0's alone); false means "stop", on every rank together.
    bool report(bool validate, double loss, double val, double reasoning, double answer) const {
        bool go = true;
        if (progress_ && rank_ == 0) {
            TrainProgress p;
            p.stage = stage_.label + (validate ? "/validate" : "/train");
            p.step = pos_.steps;
            p.total_steps = total_;
            p.epoch = validate ? pos_.epoch : pos_.epoch + 1;
            p.loss = loss;
            p.val_loss = val;
            p.reasoning_loss = reasoning;
            p.answer_loss = answer;
            const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
            if (pos_.steps > steps_at_start_ && elapsed > 0) {
                p.steps_per_s = double(pos_.steps - steps_at_start_) / elapsed;
                p.eta_s = double(total_ - pos_.steps) / p.steps_per_s;
            }
            go = progress_(p);
        }
        if (group_) go = group_->all_reduce_max(go ? 0.0 : 1.0) == 0.0;
        return go;
    }

    const TrainStage& stage_;
    const TrainLoop& loop_;
    const ProgressCallback& progress_;
    const BatchLossFn& batch_loss_;
    DataParallelGroup* const group_;
    const int64_t world_, rank_;
    Params params_;
    const Trainable trainable_;
    torch::optim::AdamW opt_;
    const int64_t batches_, total_;
    Position pos_;
    int64_t saved_at_ = -1, steps_at_start_ = 0;
    Clock::time_point start_;
};

// Every parameter frozen with its gradient freed, also when training throws.
struct FreezeAtExit {
    torch::nn::Module& module;
    ~FreezeAtExit() {
        for (auto& p : module.parameters()) {
            p.mutable_grad() = torch::Tensor();
            p.set_requires_grad(false);
        }
    }
};

} // namespace

std::vector<int64_t> epoch_order(int64_t n, uint64_t seed, int64_t epoch) {
    std::vector<int64_t> order(size_t(std::max<int64_t>(n, 0)));
    for (int64_t i = 0; i < n; ++i) order[size_t(i)] = i;
    uint64_t state = seed ^ (0xD1B54A32D192ED03ULL * uint64_t(epoch + 1));
    auto next = [&state] { // SplitMix64
        uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    };
    for (int64_t i = n - 1; i > 0; --i)
        std::swap(order[size_t(i)], order[size_t(next() % uint64_t(i + 1))]);
    return order;
}

double warmup_cosine_lr(double lr, double warmup_fraction, int64_t step, int64_t total_steps) {
    const int64_t warmup = std::llround(warmup_fraction * double(total_steps));
    if (step < warmup) return lr * double(step + 1) / double(warmup);
    const double progress =
        double(step - warmup) / double(std::max<int64_t>(1, total_steps - warmup));
    return lr * 0.5 * (1.0 + std::cos(kPi * std::min(1.0, progress)));
}

TrainResult run_training(torch::nn::Module& module, const std::vector<TrainStage>& stages,
                         const TrainLoop& loop, const ProgressCallback& progress,
                         const BatchLossFn& batch_loss) {
    for (const auto& s : stages) check(s, loop);
    FreezeAtExit freeze{module};
    // With resume, start at the last stage that has a checkpoint: it holds the earlier ones'
    // results.
    size_t first = 0;
    if (loop.resume)
        for (size_t i = 0; i < stages.size(); ++i)
            if (!find_checkpoint(loop, stages[i]).folder.empty()) first = i;
    TrainResult total;
    for (size_t i = 0; i < first; ++i) { // finished earlier: count their steps
        const Found found = find_checkpoint(loop, stages[i]);
        const fs::path state =
            found.folder / (found.format == kFormat ? kStateFile : kStageStateFile);
        if (!found.folder.empty() && fs::exists(state))
            total.steps += json::parse(read_file(state)).value("steps", int64_t(0));
    }
    for (size_t i = first; i < stages.size(); ++i) {
        if (stages[i].epochs == 0) continue;
        StageRun stage(module, stages[i], loop, progress, batch_loss);
        const TrainResult r = stage.run(loop.resume && i == first);
        total.steps += r.steps;
        total.best_val_loss = r.best_val_loss;
        total.best_epoch = r.best_epoch;
        total.final_train_loss = r.final_train_loss;
    }
    return total;
}

} // namespace semcot
