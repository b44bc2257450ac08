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
    const int64_t eos = model.config().eos_token_id;

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
        if (params.stop_at_eos && token == eos) {
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

} // namespace semcot
