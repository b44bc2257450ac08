#include "semcot/lm_trainer.h"
#include "engine/checkpointing.h"

#include "common/error.h"
#include "common/platform.h"
#include "engine/checkpoint.h"
#include "io/safetensors.h"
#include "train/training_loop.h"

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

constexpr const char* kLmStateFile = "trainer_state.json"; // the format before run_training

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

// What the shared loop does not check itself (train/training_loop.h checks lr, weight decay,
// warmup, batch size and resume).
void check_params(const LmTrainParams& p) {
    if (p.epochs < 1) throw InvalidArgument(p.label + ": epochs must be at least 1");
    if (p.max_length < 2) throw InvalidArgument(p.label + ": max_length must be at least 2");
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

    TrainStage stage;
    stage.label = p.label;
    stage.epochs = p.epochs;
    stage.lr = p.lr;
    stage.weight_decay = p.weight_decay;
    stage.decay_all = false; // norm weights are scales: no weight decay
    stage.schedule = LrSchedule::warmup_cosine;
    stage.warmup_fraction = p.warmup_fraction;
    TrainLoop loop;
    loop.n_train = int64_t(train_seqs.size());
    loop.n_val = int64_t(val_seqs.size());
    loop.batch_size = p.batch_size;
    loop.grad_clip = p.grad_clip;
    loop.seed = p.seed;
    loop.checkpoint_dir = p.checkpoint_dir;
    loop.resume = p.resume;
    loop.load_legacy_weights = [&](const fs::path& folder) { load_weights(model, folder); };
    loop.micro_batch = p.micro_batch;
    ActivationCheckpointingScope checkpointing(model, p.activation_checkpointing);
    auto batch_loss = [&](const std::vector<int64_t>& idx, bool is_train) {
        const auto& data = is_train ? train_seqs : val_seqs;
        std::vector<LmSequence> seqs;
        for (int64_t i : idx) seqs.push_back(data[size_t(i)]);
        const auto batch = make_lm_batch(seqs, pad_id);
        ForwardInput in;
        in.input_ids = batch.input_ids.to(model.device());
        in.attention_mask = batch.attention_mask.to(model.device());
        BatchLoss loss;
        loss.total = lm_loss(model.forward(in).logits, batch.labels);
        loss.weight = double(batch.target_tokens); // validation: the mean over target tokens
        return loss;
    };
    const TrainResult r = run_training(model, {stage}, loop, progress, batch_loss);
    LmTrainResult result;
    result.final_train_loss = r.final_train_loss;
    result.best_val_loss = r.best_val_loss;
    result.best_epoch = r.best_epoch;
    result.steps = r.steps;
    return result;
}

} // namespace

LmSequence tokenize_lm_pair(const Tokenizer& tok, const TextPair& pair, int64_t max_length) {
    const auto prompt = tok.encode(pair.prompt);
    const auto full = tok.encode(pair.prompt + pair.target);
    const size_t shared = shared_prefix_length(prompt, full);

    const bool bos = tok.add_bos(), eos = tok.eos_id() >= 0;
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

size_t shared_prefix_length(const std::vector<int>& a, const std::vector<int>& b) {
    size_t n = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
    return n;
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

fs::path lm_checkpoint_path(const fs::path& checkpoint_dir, const std::string& label) {
    for (const fs::path& folder : {checkpoint_dir / label / "latest",
                                   checkpoint_dir / label / "latest.old"})
        if (fs::exists(folder / "train_state.json")) return folder;
    for (const fs::path& folder : {checkpoint_dir / "latest", checkpoint_dir / "latest.old"})
        if (fs::exists(folder / kLmStateFile)) return folder;
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
