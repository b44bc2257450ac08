#include "semcot/lm_trainer.h"

#include "common/error.h"
#include "common/platform.h"
#include "engine/checkpoint.h"
#include "io/safetensors.h"
#include "semcot/train_state.h"

#include <torch/nn/functional/loss.h>
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adamw.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

namespace semcot {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = 3.14159265358979323846;
constexpr const char* kStateFormat = "semcot-lm-trainer/1";
constexpr const char* kStateFile = "trainer_state.json";
constexpr const char* kOptimizerFile = "optimizer.safetensors";
constexpr const char* kBestFile = "best.safetensors";

// SplitMix64: a tiny PRNG whose stream is the same on every platform and standard library
// (std::shuffle and the std distributions are implementation-defined).
struct SplitMix64 {
    uint64_t state;
    uint64_t next() {
        uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
};

// The order of the training pairs in 0-based `epoch`: a Fisher-Yates shuffle seeded from
// (seed, epoch) alone, so a resumed run sees the same batches without saving any RNG state.
std::vector<int64_t> epoch_order(int64_t n, uint64_t seed, int64_t epoch) {
    std::vector<int64_t> order(n);
    for (int64_t i = 0; i < n; ++i) order[i] = i;
    SplitMix64 rng{seed ^ (0xD1B54A32D192ED03ULL * uint64_t(epoch + 1))};
    for (int64_t i = n - 1; i > 0; --i) std::swap(order[i], order[rng.next() % uint64_t(i + 1)]);
    return order;
}

// Turns gradients on for every parameter for the lifetime of the guard, then restores the
// previous flags and frees the gradients (also when the job throws).
class TrainableGuard {
public:
    explicit TrainableGuard(const std::vector<torch::Tensor>& params)
        : params_(params) {
        for (auto& p : params_) {
            was_.push_back(p.requires_grad());
            p.set_requires_grad(true);
        }
    }
    ~TrainableGuard() {
        for (size_t i = 0; i < params_.size(); ++i) {
            params_[i].mutable_grad() = torch::Tensor();
            params_[i].set_requires_grad(was_[i]);
        }
    }
    TrainableGuard(const TrainableGuard&) = delete;
    TrainableGuard& operator=(const TrainableGuard&) = delete;

private:
    std::vector<torch::Tensor> params_;
    std::vector<bool> was_;
};

// JSON has no NaN: store it as null.
json number_or_null(double v) {
    return std::isfinite(v) ? json(v) : json(nullptr);
}
double number_or_nan(const json& j) {
    return j.is_null() ? kNaN : j.get<double>();
}

// Everything about a run that is not weights: where it is and how it went so far.
struct RunState {
    int64_t epoch = 0;               // 0-based epoch in progress (== epochs when done)
    int64_t batch = 0;               // next batch within the epoch (== per epoch: validation due)
    int64_t step = 0;                // optimizer steps done
    double epoch_loss_sum = 0;       // sum of step losses in the epoch so far
    int64_t epoch_batches = 0;       // steps in the epoch so far
    double last_epoch_loss = kNaN;   // mean step loss of the last finished epoch
    double best_val = kNaN;          // best validation loss so far
    int64_t best_epoch = 0;          // 1-based epoch of best_val; 0 = none yet
    std::vector<torch::Tensor> best; // weights of best_epoch, in parameter order; empty = none
};

// What must agree between a checkpoint and the run resuming from it.
struct RunShape {
    uint64_t seed;
    int64_t batch_size;
    int64_t train_examples;
    int64_t total_steps;
};

struct Trainee {
    LlamaModelImpl& model;
    std::vector<std::string> names;    // parameter names, in order
    std::vector<torch::Tensor> params; // parameters, same order
};

void save_checkpoint(const fs::path& dir, const Trainee& t, const Tokenizer& tok,
                     torch::optim::AdamW& optimizer, const RunState& st, const RunShape& shape,
                     const std::string& label) {
    const fs::path tmp = dir / "latest.tmp", cur = dir / "latest";
    remove_tree(tmp);
    save_model_folder(tmp, t.model, dynamic_cast<const SentencePieceTokenizer*>(&tok));

    const auto adam = adamw_snapshot(optimizer, t.names, t.params);
    save_adamw_snapshot(tmp / kOptimizerFile, adam);
    if (!st.best.empty()) {
        std::vector<std::pair<std::string, torch::Tensor>> best;
        for (size_t i = 0; i < t.params.size(); ++i) best.emplace_back(t.names[i], st.best[i]);
        safetensors::save(tmp / kBestFile, best);
    }

    json j;
    j["format"] = kStateFormat;
    j["label"] = label;
    j["epoch"] = st.epoch;
    j["batch"] = st.batch;
    j["step"] = st.step;
    j["lr_step"] = st.step; // the schedule is a function of the step
    j["epoch_loss_sum"] = st.epoch_loss_sum;
    j["epoch_batches"] = st.epoch_batches;
    j["last_epoch_loss"] = number_or_null(st.last_epoch_loss);
    j["best_val_loss"] = number_or_null(st.best_val);
    j["best_epoch"] = st.best_epoch;
    j["seed"] = shape.seed; // shuffles derive from (seed, epoch): no other RNG state
    j["batch_size"] = shape.batch_size;
    j["train_examples"] = shape.train_examples;
    j["total_steps"] = shape.total_steps;
    j["adam_steps"] = adam.steps;
    write_file_atomic(tmp / kStateFile, j.dump(2));

    replace_folder(tmp, cur);
}

RunState load_checkpoint(const fs::path& folder, Trainee& t, torch::optim::AdamW& optimizer,
                         const RunShape& shape) {
    const fs::path state_path = folder / kStateFile;
    json j;
    try {
        j = json::parse(read_file(state_path));
    } catch (const json::exception& e) {
        throw FormatError(state_path.string() + ": " + e.what());
    }
    RunState st;
    try {
        if (j.at("format").get<std::string>() != kStateFormat)
            throw FormatError(state_path.string() + ": unknown format '" +
                              j.at("format").get<std::string>() + "'");
        auto expect = [&](const char* key, auto want) {
            const auto got = j.at(key).get<decltype(want)>();
            if (got != want)
                throw InvalidArgument(state_path.string() + ": made with " + key + " " +
                                      std::to_string(got) + ", this run has " +
                                      std::to_string(want));
        };
        expect("seed", shape.seed);
        expect("batch_size", shape.batch_size);
        expect("train_examples", shape.train_examples);
        st.epoch = j.at("epoch").get<int64_t>();
        st.batch = j.at("batch").get<int64_t>();
        st.step = j.at("step").get<int64_t>();
        st.epoch_loss_sum = j.at("epoch_loss_sum").get<double>();
        st.epoch_batches = j.at("epoch_batches").get<int64_t>();
        st.last_epoch_loss = number_or_nan(j.at("last_epoch_loss"));
        st.best_val = number_or_nan(j.at("best_val_loss"));
        st.best_epoch = j.at("best_epoch").get<int64_t>();
        const auto& adam_steps = j.at("adam_steps");
        if (!adam_steps.is_array() || adam_steps.size() != t.params.size())
            throw FormatError(state_path.string() + ": 'adam_steps' must list " +
                              std::to_string(t.params.size()) + " parameters");

        load_weights(t.model, folder);
        if (fs::exists(folder / kBestFile))
            st.best = load_tensors_like(folder / kBestFile, t.names, t.params);
        restore_adamw(optimizer, t.params, folder / kOptimizerFile,
                      adam_steps.get<std::vector<int64_t>>());
    } catch (const json::exception& e) {
        throw FormatError(state_path.string() + ": " + e.what());
    }
    if (st.epoch < 0 || st.batch < 0 || st.step < 0 || st.step > shape.total_steps)
        throw FormatError(state_path.string() + ": position outside the run");
    return st;
}

// Sum of token losses and number of target tokens over `data`, without gradients.
std::pair<double, int64_t> evaluate(LlamaModelImpl& model, const std::vector<LmSequence>& data,
                                    int64_t batch_size, int64_t pad_id) {
    torch::NoGradGuard no_grad;
    double sum = 0;
    int64_t count = 0;
    for (size_t begin = 0; begin < data.size(); begin += size_t(batch_size)) {
        const size_t end = std::min(data.size(), begin + size_t(batch_size));
        auto batch = make_lm_batch({data.begin() + begin, data.begin() + end}, pad_id);
        ForwardInput in;
        in.input_ids = batch.input_ids.to(model.device());
        in.attention_mask = batch.attention_mask.to(model.device());
        auto logits = model.forward(in).logits;
        sum += lm_loss(logits, batch.labels).item<double>() * double(batch.target_tokens);
        count += batch.target_tokens;
    }
    return {sum, count};
}

std::vector<LmSequence> tokenize_all(const Tokenizer& tok, const std::vector<TextPair>& pairs,
                                     int64_t max_length, const std::string& what) {
    std::vector<LmSequence> out;
    out.reserve(pairs.size());
    for (size_t i = 0; i < pairs.size(); ++i) {
        out.push_back(with_context(what + " pair " + std::to_string(i),
                                   [&] { return tokenize_lm_pair(tok, pairs[i], max_length); }));
    }
    return out;
}

void check_params(const LmTrainParams& p) {
    auto fail = [](const std::string& m) { throw InvalidArgument(m); };
    if (p.epochs < 1) fail("epochs must be at least 1");
    if (p.batch_size < 1) fail("batch_size must be at least 1");
    if (!(p.lr > 0) || !std::isfinite(p.lr)) fail("lr must be a positive number");
    if (!(p.weight_decay >= 0)) fail("weight_decay must not be negative");
    if (!(p.warmup_fraction >= 0 && p.warmup_fraction <= 1))
        fail("warmup_fraction must be in [0, 1]");
    if (p.max_length < 2) fail("max_length must be at least 2");
    if (p.resume && p.checkpoint_dir.empty()) fail("resume needs a checkpoint_dir");
}

LmTrainResult train_impl(LlamaModelImpl& model, const Tokenizer& tok,
                         const std::vector<TextPair>& train,
                         const std::vector<TextPair>& validation, const LmTrainParams& p,
                         const ProgressCallback& progress) {
    check_params(p);
    if (train.empty()) throw InvalidArgument("no training pairs");
    const auto& config = model.config();
    if (tok.vocab_size() > config.vocab_size)
        throw InvalidArgument("tokenizer of " + std::to_string(tok.vocab_size()) +
                              " tokens does not fit the model's vocabulary of " +
                              std::to_string(config.vocab_size));
    const int64_t max_length = std::min(p.max_length, config.max_position_embeddings);
    const auto train_seqs = tokenize_all(tok, train, max_length, "training");
    const auto val_seqs = tokenize_all(tok, validation, max_length, "validation");
    const int64_t pad_id = lm_pad_id(tok);

    const int64_t n = int64_t(train_seqs.size());
    const int64_t per_epoch = (n + p.batch_size - 1) / p.batch_size;
    const RunShape shape{p.seed, p.batch_size, n, p.epochs * per_epoch};

    Trainee t{model, {}, {}};
    std::vector<torch::Tensor> decay, no_decay;
    for (const auto& item : model.named_parameters(/*recurse=*/true)) {
        t.names.push_back(item.key());
        t.params.push_back(item.value());
        // Norm weights (and any vector) are scales, not features: no weight decay.
        const bool is_norm = item.key().find("norm") != std::string::npos || item.value().dim() < 2;
        (is_norm ? no_decay : decay).push_back(item.value());
    }
    std::vector<torch::optim::OptimizerParamGroup> groups;
    if (!decay.empty())
        groups.emplace_back(decay,
                            std::make_unique<torch::optim::AdamWOptions>(
                                torch::optim::AdamWOptions(p.lr).weight_decay(p.weight_decay)));
    if (!no_decay.empty())
        groups.emplace_back(no_decay, std::make_unique<torch::optim::AdamWOptions>(
                                          torch::optim::AdamWOptions(p.lr).weight_decay(0.0)));
    torch::optim::AdamW optimizer(std::move(groups), torch::optim::AdamWOptions(p.lr));

    RunState st;
    if (p.resume) {
        const fs::path folder = lm_checkpoint_path(p.checkpoint_dir);
        if (!folder.empty())
            st = with_context("resuming from " + folder.string(),
                              [&] { return load_checkpoint(folder, t, optimizer, shape); });
    }

    TrainableGuard trainable(t.params);
    const auto start = std::chrono::steady_clock::now();
    const int64_t first_step = st.step;
    int64_t saved_step = -1;
    auto save = [&] {
        if (p.checkpoint_dir.empty() || saved_step == st.step) return;
        with_context("saving checkpoint in " + p.checkpoint_dir.string(), [&] {
            save_checkpoint(p.checkpoint_dir, t, tok, optimizer, st, shape, p.label);
        });
        saved_step = st.step;
    };
    auto report = [&](const char* stage, int64_t epoch, double loss, double val_loss) {
        if (!progress) return;
        TrainProgress r;
        r.stage = p.label + "/" + stage;
        r.step = st.step;
        r.total_steps = shape.total_steps;
        r.epoch = epoch;
        r.loss = loss;
        r.val_loss = val_loss;
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (st.step > first_step && elapsed > 0) {
            r.steps_per_s = double(st.step - first_step) / elapsed;
            r.eta_s = double(shape.total_steps - st.step) / r.steps_per_s;
        }
        if (!progress(r)) {
            save();
            throw Cancelled(p.label + " training cancelled at step " + std::to_string(st.step));
        }
    };

    while (st.epoch < p.epochs) {
        const auto order = epoch_order(n, p.seed, st.epoch);
        while (st.batch < per_epoch) {
            const int64_t begin = st.batch * p.batch_size;
            const int64_t end = std::min(n, begin + p.batch_size);
            std::vector<LmSequence> seqs;
            for (int64_t i = begin; i < end; ++i) seqs.push_back(train_seqs[order[i]]);
            const auto batch = make_lm_batch(seqs, pad_id);

            const double lr = warmup_cosine_lr(p.lr, p.warmup_fraction, st.step, shape.total_steps);
            for (auto& group : optimizer.param_groups())
                static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
            optimizer.zero_grad();
            ForwardInput in;
            in.input_ids = batch.input_ids.to(model.device());
            in.attention_mask = batch.attention_mask.to(model.device());
            auto loss = lm_loss(model.forward(in).logits, batch.labels);
            const double value = loss.item<double>();
            if (!std::isfinite(value))
                throw Error("non-finite loss at step " + std::to_string(st.step + 1));
            loss.backward();
            if (p.grad_clip > 0) torch::nn::utils::clip_grad_norm_(t.params, p.grad_clip);
            optimizer.step();

            ++st.batch;
            ++st.step;
            st.epoch_loss_sum += value;
            ++st.epoch_batches;
            report("train", st.epoch + 1, value, kNaN);
        }

        double val_loss = kNaN;
        if (!val_seqs.empty()) {
            auto [sum, count] = evaluate(model, val_seqs, p.batch_size, pad_id);
            val_loss = sum / double(count);
        }
        st.last_epoch_loss =
            st.epoch_batches > 0 ? st.epoch_loss_sum / double(st.epoch_batches) : kNaN;
        if (std::isfinite(val_loss) && (st.best_epoch == 0 || val_loss < st.best_val)) {
            torch::NoGradGuard no_grad;
            st.best_val = val_loss;
            st.best_epoch = st.epoch + 1;
            st.best.clear();
            for (const auto& w : t.params) st.best.push_back(w.detach().clone());
        }
        ++st.epoch;
        st.batch = 0;
        st.epoch_loss_sum = 0;
        st.epoch_batches = 0;
        save();
        report("validate", st.epoch, st.last_epoch_loss, val_loss);
    }

    LmTrainResult result;
    result.final_train_loss = st.last_epoch_loss;
    result.steps = st.step;
    if (!st.best.empty()) {
        torch::NoGradGuard no_grad;
        for (size_t i = 0; i < t.params.size(); ++i) t.params[i].copy_(st.best[i]);
        result.best_val_loss = st.best_val;
        result.best_epoch = st.best_epoch;
    } else {
        result.best_val_loss = kNaN;
        result.best_epoch = p.epochs;
    }
    return result;
}

} // namespace

LmSequence tokenize_lm_pair(const Tokenizer& tok, const TextPair& pair, int64_t max_length) {
    const auto prompt = tok.encode(pair.prompt);
    const auto full = tok.encode(pair.prompt + pair.target);
    size_t shared = 0;
    while (shared < prompt.size() && shared < full.size() && prompt[shared] == full[shared])
        ++shared;

    const bool bos = tok.bos_id() >= 0, eos = tok.eos_id() >= 0;
    const int64_t target_len = int64_t(full.size() - shared);
    const int64_t fixed = int64_t(bos) + target_len + int64_t(eos);
    if (fixed > max_length)
        throw InvalidArgument("target of " + std::to_string(target_len) +
                              " tokens does not fit max_length " + std::to_string(max_length));
    const int64_t keep = std::min<int64_t>(int64_t(shared), max_length - fixed);

    LmSequence seq;
    if (bos) seq.ids.push_back(tok.bos_id());
    seq.ids.insert(seq.ids.end(), full.begin() + int64_t(shared) - keep, full.end());
    if (eos) seq.ids.push_back(tok.eos_id());
    seq.target_begin = int64_t(bos) + keep;
    if (int64_t(seq.ids.size()) <= std::max<int64_t>(seq.target_begin, 1))
        throw InvalidArgument("nothing to learn: empty target and no EOS (or nothing before it)");
    return seq;
}

int64_t lm_pad_id(const Tokenizer& tok) {
    if (tok.pad_id() >= 0) return tok.pad_id();
    if (tok.eos_id() >= 0) return tok.eos_id();
    return 0;
}

LmBatch make_lm_batch(const std::vector<LmSequence>& sequences, int64_t pad_id) {
    if (sequences.empty()) throw InvalidArgument("make_lm_batch: no sequences");
    const int64_t B = int64_t(sequences.size());
    int64_t T = 0;
    for (const auto& s : sequences) T = std::max(T, int64_t(s.ids.size()));
    if (T == 0) throw InvalidArgument("make_lm_batch: empty sequences");

    auto opts = torch::TensorOptions().dtype(torch::kInt64);
    LmBatch b;
    b.input_ids = torch::full({B, T}, pad_id, opts);    // [B, T]
    b.attention_mask = torch::zeros({B, T}, opts);      // [B, T]
    b.labels = torch::full({B, T}, kIgnoreLabel, opts); // [B, T]
    auto ids = b.input_ids.accessor<int64_t, 2>();
    auto mask = b.attention_mask.accessor<int64_t, 2>();
    auto labels = b.labels.accessor<int64_t, 2>();
    for (int64_t i = 0; i < B; ++i) {
        const auto& s = sequences[size_t(i)];
        const int64_t len = int64_t(s.ids.size());
        for (int64_t t = 0; t < len; ++t) {
            ids[i][t] = s.ids[size_t(t)];
            mask[i][t] = 1;
            // Position 0 has nothing before it to predict it from.
            if (t >= std::max<int64_t>(s.target_begin, 1)) {
                labels[i][t] = s.ids[size_t(t)];
                ++b.target_tokens;
            }
        }
    }
    return b;
}

LmBatch make_lm_batch(const Tokenizer& tok, const std::vector<TextPair>& pairs,
                      int64_t max_length) {
    return make_lm_batch(tokenize_all(tok, pairs, max_length, "batch"), lm_pad_id(tok));
}

torch::Tensor lm_loss(const torch::Tensor& logits, const torch::Tensor& labels) {
    if (logits.dim() != 3 || labels.dim() != 2 || logits.size(0) != labels.size(0) ||
        logits.size(1) != labels.size(1))
        throw InvalidArgument("lm_loss needs logits [B, T, V] and labels [B, T]");
    const int64_t T = logits.size(1), V = logits.size(2);
    if (T < 2) throw InvalidArgument("lm_loss needs at least two positions");
    // Cross-entropy in float32: log-softmax over a large vocabulary loses precision in bf16.
    auto scores = logits.narrow(1, 0, T - 1).to(torch::kFloat32).reshape({-1, V}); // [B*(T-1), V]
    auto targets = labels.narrow(1, 1, T - 1).to(logits.device(), torch::kInt64).reshape({-1});
    namespace F = torch::nn::functional;
    return F::cross_entropy(scores, targets,
                            F::CrossEntropyFuncOptions().ignore_index(kIgnoreLabel));
}

double warmup_cosine_lr(double lr, double warmup_fraction, int64_t step, int64_t total_steps) {
    const int64_t warmup = std::llround(warmup_fraction * double(total_steps));
    if (step < warmup) return lr * double(step + 1) / double(warmup);
    const double progress =
        double(step - warmup) / double(std::max<int64_t>(1, total_steps - warmup));
    return lr * 0.5 * (1.0 + std::cos(kPi * std::min(1.0, progress)));
}

fs::path lm_checkpoint_path(const fs::path& checkpoint_dir) {
    for (const char* name : {"latest", "latest.old"}) {
        const fs::path folder = checkpoint_dir / name;
        if (fs::exists(folder / kStateFile)) return folder;
    }
    return {};
}

LmTrainResult train_lm(LlamaModelImpl& model, const Tokenizer& tok,
                       const std::vector<TextPair>& train, const std::vector<TextPair>& validation,
                       const LmTrainParams& params, const ProgressCallback& progress) {
    return with_context("training " + params.label, [&] {
        return train_impl(model, tok, train, validation, params, progress);
    });
}

} // namespace semcot
