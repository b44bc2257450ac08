#include "analysis/decoder_train.h"

#include "common/error.h"
#include "data/rng.h"
#include "semcot/lm_trainer.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace semcot {

std::vector<int64_t> derangement(int64_t n, uint64_t seed) {
    if (n < 2)
        throw InvalidArgument("the random control needs at least 2 questions, got " +
                              std::to_string(n));
    std::vector<int64_t> p(static_cast<size_t>(n));
    std::iota(p.begin(), p.end(), 0);
    Rng rng(seed);
    // Sattolo: one n-cycle, so no question keeps its own latents.
    for (int64_t i = n - 1; i > 0; --i) std::swap(p[size_t(i)], p[size_t(rng.below(uint64_t(i)))]);
    return p;
}

torch::Tensor condition_latents(const torch::Tensor& latents, DecoderCondition condition,
                                uint64_t seed) {
    if (latents.dim() != 3)
        throw InvalidArgument("decoder latents must be [N, n, Dt], got " +
                              std::to_string(latents.dim()) + " dimensions");
    switch (condition) {
    case DecoderCondition::tokens:
        return latents;
    case DecoderCondition::none:
        return latents.slice(1, 0, 0);
    case DecoderCondition::random: {
        const auto perm = derangement(latents.size(0), seed);
        return latents.index_select(0, at::tensor(perm, torch::kInt64).to(latents.device()));
    }
    }
    return latents;
}

namespace {

// One question's tokens: ids = [BOS] prompt reasoning [EOS]; loss from target_begin.
std::vector<LmSequence> tokenize_all(const Tokenizer& tok, const std::vector<std::string>& texts,
                                     const DecoderConfig& c) {
    std::vector<LmSequence> out;
    out.reserve(texts.size());
    for (size_t i = 0; i < texts.size(); ++i) {
        if (texts[i].find_first_not_of(" \t\r\n") == std::string::npos)
            throw InvalidArgument("decoder: question " + std::to_string(i) +
                                  " has no reasoning to learn");
        try {
            out.push_back(
                tokenize_lm_pair(tok, {c.prompt, texts[i]}, c.max_length - c.latent_count));
        } catch (const InvalidArgument& e) {
            throw InvalidArgument("decoder: reasoning " + std::to_string(i) + " with " +
                                  std::to_string(c.latent_count) + " latents: " + e.what());
        }
    }
    return out;
}

// The batch of `idx`: ids [B, T] right-padded, and labels / mask [B, T + n] for the sequence
// with the n latents inserted after the first `head` ids.
struct DecoderBatch {
    torch::Tensor ids, labels, mask;
    int64_t target_tokens = 0;
};

DecoderBatch make_batch(const std::vector<LmSequence>& seqs, const std::vector<int64_t>& idx,
                        int64_t n, int64_t head, int64_t pad) {
    std::vector<LmSequence> picked;
    for (int64_t i : idx) picked.push_back(seqs[size_t(i)]);
    LmBatch b = make_lm_batch(picked, pad);
    const int64_t B = b.input_ids.size(0);
    auto lat_labels = at::full({B, n}, kIgnoreLabel, torch::kInt64);
    auto lat_mask = at::ones({B, n}, torch::kInt64);
    DecoderBatch out;
    out.ids = b.input_ids;
    out.labels = at::cat({b.labels.slice(1, 0, head), lat_labels, b.labels.slice(1, head)}, 1);
    out.mask =
        at::cat({b.attention_mask.slice(1, 0, head), lat_mask, b.attention_mask.slice(1, head)}, 1);
    out.target_tokens = b.target_tokens;
    return out;
}

// The mean latent [Dt] over N * n vectors and one scale for every dimension: the RMS of the
// centred values (a per-dimension scale would blow dimensions of pure noise up to the size of
// the informative ones), repeated as [Dt].
std::pair<torch::Tensor, torch::Tensor> latent_stats(const torch::Tensor& latents, int64_t dim) {
    auto flat = latents.to(torch::kCPU, torch::kFloat32).reshape({-1, dim});
    if (flat.size(0) < 2)
        return {at::zeros({dim}, torch::kFloat32), at::ones({dim}, torch::kFloat32)};
    auto mean = flat.mean(0);
    auto rms = (flat - mean).pow(2).mean().sqrt();
    return {mean, rms.expand({dim}).clone()};
}

void check_inputs(const torch::Tensor& lat, const std::vector<std::string>& text,
                  const char* what) {
    if (lat.defined() && lat.numel() > 0 && lat.dim() != 3)
        throw InvalidArgument(std::string("decoder: ") + what + " latents must be [N, n, Dt]");
    const int64_t n = lat.defined() && lat.dim() == 3 ? lat.size(0) : 0;
    if (n != int64_t(text.size()))
        throw InvalidArgument(std::string("decoder: ") + what + " latents for " +
                              std::to_string(n) + " questions, reasoning for " +
                              std::to_string(text.size()));
}

// One AdamW stage over what the decoder trains (set_trainable), warmup then cosine decay.
TrainStage decoder_stage(ImplicitDecoderImpl& decoder, const DecoderTrainParams& params) {
    TrainStage stage;
    stage.label = "decoder-" + decoder.config().condition;
    stage.epochs = params.epochs;
    stage.lr = params.lr;
    stage.weight_decay = params.weight_decay;
    stage.schedule = LrSchedule::warmup_cosine;
    stage.warmup_fraction = params.warmup_fraction;
    stage.set_trainable = [d = &decoder] { d->set_trainable(); };
    return stage;
}

TrainLoop decoder_loop(const DecoderTrainParams& params, int64_t n_train, int64_t n_val,
                       uint64_t seed) {
    TrainLoop loop;
    loop.n_train = n_train;
    loop.n_val = n_val;
    loop.batch_size = params.batch_size;
    loop.grad_clip = params.grad_clip;
    loop.seed = seed;
    loop.checkpoint_dir = params.checkpoint_dir;
    loop.resume = params.resume;
    return loop;
}

} // namespace

DecoderTrainResult
train_decoder(LlamaModel lm, const Tokenizer& tokenizer, const torch::Tensor& train_latents,
              const std::vector<std::string>& train_reasoning, const torch::Tensor& val_latents,
              const std::vector<std::string>& val_reasoning, const DecoderTrainParams& params,
              const ProgressCallback& progress) {
    check_inputs(train_latents, train_reasoning, "training");
    if (!val_reasoning.empty()) check_inputs(val_latents, val_reasoning, "validation");
    if (train_reasoning.empty()) throw InvalidArgument("decoder: no training questions");
    DecoderConfig c = params.config;
    c.latent_count = train_latents.size(1);
    c.latent_dim = train_latents.size(2);
    if (!val_reasoning.empty() && val_latents.size(1) != c.latent_count)
        throw InvalidArgument("decoder: validation and training latents differ in count");
    const auto [mean, sd] = latent_stats(train_latents, c.latent_dim);
    ImplicitDecoder decoder(std::move(lm), c, mean, sd);
    const auto train_seqs = tokenize_all(tokenizer, train_reasoning, c);
    const auto val_seqs = tokenize_all(tokenizer, val_reasoning, c);
    const int64_t head = tokenizer.add_bos() ? 1 : 0, pad = lm_pad_id(tokenizer);

    const TrainStage stage = decoder_stage(*decoder, params);
    const TrainLoop loop =
        decoder_loop(params, int64_t(train_seqs.size()), int64_t(val_seqs.size()), c.seed);

    auto batch_loss = [&](const std::vector<int64_t>& idx, bool is_train) {
        const auto& seqs = is_train ? train_seqs : val_seqs;
        const auto& lat = is_train ? train_latents : val_latents;
        auto b = make_batch(seqs, idx, c.latent_count, head, pad);
        auto sel = lat.index_select(0, at::tensor(idx, torch::kInt64).to(lat.device()));
        ForwardInput in;
        in.inputs_embeds = decoder->input_embeds(sel, b.ids, head);
        in.attention_mask = b.mask.to(in.inputs_embeds.device());
        BatchLoss loss;
        loss.total =
            lm_loss(decoder->lm()->forward(in).logits, b.labels.to(in.attention_mask.device()));
        loss.weight = double(b.target_tokens);
        return loss;
    };
    DecoderTrainResult result;
    auto watch = [&](const TrainProgress& p) {
        if (std::isnan(result.first_loss) && p.stage.find("/train") != std::string::npos)
            result.first_loss = p.loss;
        return progress ? progress(p) : true;
    };
    if (c.lm == "teacher" && c.latent_count == 0) {
        // The "none" control of a prefix decoder: no latents, so nothing to train; it is the
        // frozen teacher writing after "Reasoning:\n".
        for (auto& prm : decoder->parameters()) prm.set_requires_grad(false);
    } else {
        decoder->train();
        result.train = run_training(*decoder, {stage}, loop, watch, batch_loss);
    }
    decoder->eval();
    result.decoder = decoder;
    return result;
}

} // namespace semcot
