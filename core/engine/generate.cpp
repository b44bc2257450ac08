#include "engine/generate.h"

#include "common/device.h"
#include "common/error.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <chrono>
#include <optional>

namespace semcot {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Tokens a generation may add after `positions` prompt positions (0: none fit).
int64_t token_budget(const LlamaModelImpl& model, int64_t positions, const GenerateParams& params) {
    if (positions == 0) throw InvalidArgument("generation needs a non-empty prompt");
    const int64_t context = model.config().max_position_embeddings;
    if (positions >= context)
        throw InvalidArgument("prompt of " + std::to_string(positions) +
                              " positions fills the model's context of " + std::to_string(context));
    return std::min(params.max_new_tokens, context - positions);
}

// Shared loop: `prefill` holds ids or embeddings of `new_len` prompt positions, batch 1, after
// those already in `cached` (null: none; a cache is made).
GenerateResult run(LlamaModelImpl& model, ForwardInput prefill, int64_t new_len,
                   KVCache* cached, const GenerateParams& params, const TokenCallback& on_token) {
    c10::InferenceMode inference;
    params.sampling.validate();
    GenerateResult result;
    const int64_t past = cached ? cached->length() : 0;
    result.stats.prompt_tokens = past + new_len;
    if (new_len == 0) throw InvalidArgument("generation needs a non-empty prompt");
    const int64_t budget = token_budget(model, past + new_len, params);
    if (budget <= 0) return result;

    const auto device = model.device();
    std::optional<KVCache> own;
    if (!cached) own.emplace(model.config(), /*batch=*/1, new_len + budget, model.dtype(), device);
    KVCache& cache = cached ? *cached : *own;
    if (cache.capacity() < past + new_len + budget)
        throw InvalidArgument("the KV cache has no room for the prompt and the new tokens");
    Sampler sampler(params.sampling);
    const ModelConfig& config = model.config();

    synchronize(device);
    auto start = Clock::now();
    prefill.cache = &cache;
    prefill.last_logits_only = true;
    int64_t token = sampler.sample_one(model.forward(prefill).logits);
    result.stats.prefill_s = seconds_since(start);

    start = Clock::now();
    auto ids = at::empty({1, 1}, torch::TensorOptions().dtype(torch::kInt64).device(device));
    while (true) {
        ++result.stats.new_tokens;
        if (params.stop_at_eos && config.is_eos(token)) {
            result.hit_eos = true;
            break;
        }
        result.tokens.push_back(token);
        if (on_token && !on_token(token)) break;
        if (int64_t(result.tokens.size()) >= budget) break;
        ids.fill_(token);
        ForwardInput step;
        step.input_ids = ids;
        step.cache = &cache;
        step.last_logits_only = true;
        token = sampler.sample_one(model.forward(step).logits);
    }
    synchronize(device);
    result.stats.decode_s = seconds_since(start);
    return result;
}

} // namespace

GenerateResult generate(LlamaModelImpl& model, const std::vector<int64_t>& prompt,
                        const GenerateParams& params, const TokenCallback& on_token) {
    for (int64_t id : prompt)
        if (id < 0 || id >= model.config().vocab_size)
            throw InvalidArgument("token id " + std::to_string(id) + " outside the vocabulary of " +
                                  std::to_string(model.config().vocab_size));
    ForwardInput prefill;
    prefill.input_ids = at::tensor(prompt, torch::TensorOptions().dtype(torch::kInt64))
                            .view({1, -1})
                            .to(model.device());
    return run(model, prefill, int64_t(prompt.size()), nullptr, params, on_token);
}

GenerateResult generate_from_embeds(LlamaModelImpl& model, const torch::Tensor& prefix_embeds,
                                    const GenerateParams& params, const TokenCallback& on_token) {
    if (prefix_embeds.dim() != 3 || prefix_embeds.size(0) != 1)
        throw InvalidArgument("prefix embeddings must be [1, T, D]");
    ForwardInput prefill;
    prefill.inputs_embeds = prefix_embeds;
    return run(model, prefill, prefix_embeds.size(1), nullptr, params, on_token);
}

GenerateResult generate_after_cache(LlamaModelImpl& model, KVCache& cache,
                                    const torch::Tensor& suffix_embeds,
                                    const GenerateParams& params, const TokenCallback& on_token) {
    if (suffix_embeds.dim() != 3 || suffix_embeds.size(0) != 1 || cache.batch() != 1)
        throw InvalidArgument("suffix embeddings must be [1, T, D] after a cache of batch 1");
    ForwardInput prefill;
    prefill.inputs_embeds = suffix_embeds;
    return run(model, prefill, suffix_embeds.size(1), &cache, params, on_token);
}

namespace {

// generate_batch after the positions in `cached` (null: none).
std::vector<GenerateResult> run_batch(LlamaModelImpl& model, KVCache* cached,
                                      const torch::Tensor& prefix_embeds,
                                      const torch::Tensor& mask, const GenerateParams& params) {
    c10::InferenceMode inference;
    params.sampling.validate();
    if (prefix_embeds.dim() != 3 || mask.dim() != 2 || mask.size(0) != prefix_embeds.size(0) ||
        mask.size(1) != prefix_embeds.size(1))
        throw InvalidArgument("batched generation needs embeddings [B, T, D] and a mask [B, T]");
    const int64_t B = prefix_embeds.size(0), T = prefix_embeds.size(1);
    std::vector<GenerateResult> results(static_cast<size_t>(B));
    if (B == 0) return results;
    if (cached && cached->batch() != B)
        throw InvalidArgument("the KV cache holds another batch size");
    const int64_t past = cached ? cached->length() : 0;
    const int64_t budget = token_budget(model, past + T, params);
    if (budget <= 0) return results;

    const auto device = model.device();
    std::optional<KVCache> own;
    if (!cached) own.emplace(model.config(), B, T + budget, model.dtype(), device);
    KVCache& cache = cached ? *cached : *own;
    if (cache.capacity() < past + T + budget)
        throw InvalidArgument("the KV cache has no room for the prompt and the new tokens");
    Sampler sampler(params.sampling);
    const ModelConfig& config = model.config();
    const auto lengths = mask.sum(1).to(torch::kCPU);
    for (int64_t b = 0; b < B; ++b)
        results[size_t(b)].stats.prompt_tokens = past + lengths[b].item<int64_t>();

    synchronize(device);
    auto start = Clock::now();
    ForwardInput prefill;
    prefill.inputs_embeds = prefix_embeds;
    prefill.attention_mask = mask;
    prefill.cache = &cache;
    prefill.last_logits_only = true;
    auto next = sampler.sample(model.forward(prefill).logits); // [B] on the CPU
    synchronize(device);
    const double prefill_s = seconds_since(start);

    start = Clock::now();
    std::vector<bool> done(static_cast<size_t>(B), false);
    int64_t running = B;
    auto ones = at::ones({B, 1}, torch::TensorOptions().dtype(torch::kInt64).device(device));
    for (int64_t step = 0;; ++step) {
        auto ids = next.accessor<int64_t, 1>();
        for (int64_t b = 0; b < B; ++b) {
            if (done[size_t(b)]) continue;
            auto& r = results[size_t(b)];
            ++r.stats.new_tokens;
            if (params.stop_at_eos && config.is_eos(ids[b])) {
                r.hit_eos = true;
            } else {
                r.tokens.push_back(ids[b]);
                if (int64_t(r.tokens.size()) < budget) continue;
            }
            done[size_t(b)] = true;
            --running;
        }
        if (running == 0 || step + 1 >= budget) break;
        ForwardInput in;
        in.input_ids = next.view({B, 1}).to(device);
        in.attention_mask = ones;
        in.cache = &cache;
        in.last_logits_only = true;
        next = sampler.sample(model.forward(in).logits);
    }
    synchronize(device);
    const double decode_s = seconds_since(start);
    for (auto& r : results) {
        r.stats.prefill_s = prefill_s;
        r.stats.decode_s = decode_s;
    }
    return results;
}

} // namespace

std::vector<GenerateResult> generate_batch(LlamaModelImpl& model,
                                           const torch::Tensor& prefix_embeds,
                                           const torch::Tensor& mask,
                                           const GenerateParams& params) {
    return run_batch(model, nullptr, prefix_embeds, mask, params);
}

std::vector<GenerateResult> generate_batch_after_cache(LlamaModelImpl& model, KVCache& cache,
                                                       const torch::Tensor& suffix_embeds,
                                                       const torch::Tensor& mask,
                                                       const GenerateParams& params) {
    return run_batch(model, &cache, suffix_embeds, mask, params);
}

} // namespace semcot
