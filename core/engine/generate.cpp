#include "engine/generate.h"

#include "common/device.h"
#include "common/error.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <chrono>

namespace semcot {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Shared loop: `prefill` holds ids or embeddings of the whole prefix, batch 1.
GenerateResult run(LlamaModelImpl& model, ForwardInput prefill, int64_t prefix_len,
                   const GenerateParams& params, const TokenCallback& on_token) {
    c10::InferenceMode inference;
    params.sampling.validate();
    GenerateResult result;
    result.stats.prompt_tokens = prefix_len;
    if (prefix_len == 0) throw InvalidArgument("generation needs a non-empty prompt");
    const int64_t context = model.config().max_position_embeddings;
    if (prefix_len >= context)
        throw InvalidArgument("prompt of " + std::to_string(prefix_len) +
                              " tokens fills the model's context of " + std::to_string(context));
    const int64_t budget = std::min(params.max_new_tokens, context - prefix_len);
    if (budget <= 0) return result;

    const auto device = model.device();
    KVCache cache(model.config(), /*batch=*/1, prefix_len + budget, model.dtype(), device);
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
    return run(model, prefill, int64_t(prompt.size()), params, on_token);
}

GenerateResult generate_from_embeds(LlamaModelImpl& model, const torch::Tensor& prefix_embeds,
                                    const GenerateParams& params, const TokenCallback& on_token) {
    if (prefix_embeds.dim() != 3 || prefix_embeds.size(0) != 1)
        throw InvalidArgument("prefix embeddings must be [1, T, D]");
    ForwardInput prefill;
    prefill.inputs_embeds = prefix_embeds;
    return run(model, prefill, prefix_embeds.size(1), params, on_token);
}

std::vector<GenerateResult> generate_batch(LlamaModelImpl& model,
                                           const torch::Tensor& prefix_embeds,
                                           const torch::Tensor& mask,
                                           const GenerateParams& params) {
    c10::InferenceMode inference;
    params.sampling.validate();
    if (prefix_embeds.dim() != 3 || mask.dim() != 2 || mask.size(0) != prefix_embeds.size(0) ||
        mask.size(1) != prefix_embeds.size(1))
        throw InvalidArgument("batched generation needs embeddings [B, T, D] and a mask [B, T]");
    const int64_t B = prefix_embeds.size(0), T = prefix_embeds.size(1);
    std::vector<GenerateResult> results(static_cast<size_t>(B));
    if (B == 0) return results;
    if (T == 0) throw InvalidArgument("generation needs a non-empty prompt");
    const int64_t context = model.config().max_position_embeddings;
    if (T >= context)
        throw InvalidArgument("prompt of " + std::to_string(T) +
                              " positions fills the model's context of " + std::to_string(context));
    const int64_t budget = std::min(params.max_new_tokens, context - T);
    if (budget <= 0) return results;

    const auto device = model.device();
    KVCache cache(model.config(), B, T + budget, model.dtype(), device);
    Sampler sampler(params.sampling);
    const ModelConfig& config = model.config();
    const auto lengths = mask.sum(1).to(torch::kCPU);
    for (int64_t b = 0; b < B; ++b)
        results[size_t(b)].stats.prompt_tokens = lengths[b].item<int64_t>();

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

} // namespace semcot
