// Autoregressive decoding with the KV cache.
#pragma once

#include "engine/kv_cache.h"
#include "engine/model.h"
#include "engine/sampling.h"

#include <functional>
#include <vector>

namespace semcot {

struct GenerateParams {
    int64_t max_new_tokens = 256; // upper bound on generated tokens
    SamplingParams sampling;      // greedy by default
    bool stop_at_eos = true;      // stop after the model emits its EOS id
};

struct GenerateStats {
    int64_t prompt_tokens = 0; // positions in the prefill (ids or embeddings)
    int64_t new_tokens = 0;    // tokens generated, EOS included
    double prefill_s = 0;      // prefill forward + first token, device-synchronised
    double decode_s = 0;       // every later token
    double prefill_tokens_per_s() const { return prefill_s > 0 ? prompt_tokens / prefill_s : 0; }
    double decode_tokens_per_s() const {
        return decode_s > 0 && new_tokens > 1 ? (new_tokens - 1) / decode_s : 0;
    }
};

struct GenerateResult {
    std::vector<int64_t> tokens; // generated ids (without the prompt; EOS not included)
    bool hit_eos = false;        // stopped because the model emitted EOS
    GenerateStats stats;
};

// Called with each new token; return false to stop early.
using TokenCallback = std::function<bool(int64_t token)>;

// Decodes after `prompt` ids (BOS included by the caller if wanted). Batch size 1.
GenerateResult generate(LlamaModelImpl& model, const std::vector<int64_t>& prompt,
                        const GenerateParams& params, const TokenCallback& on_token = {});

// Decodes after a prefix given as input embeddings [1, T, D] (SemCoT's implicit tokens).
GenerateResult generate_from_embeds(LlamaModelImpl& model, const torch::Tensor& prefix_embeds,
                                    const GenerateParams& params,
                                    const TokenCallback& on_token = {});

// Continues after the positions already in `cache` (batch 1; e.g. a prompt and continuous
// thoughts, engine/continuous_thoughts.h): prefills `suffix_embeds` [1, T, D], then decodes.
// The cache needs room for the suffix and max_new_tokens more (InvalidArgument otherwise);
// stats.prompt_tokens counts the cached positions too, prefill_s only the suffix.
GenerateResult generate_after_cache(LlamaModelImpl& model, KVCache& cache,
                                    const torch::Tensor& suffix_embeds,
                                    const GenerateParams& params,
                                    const TokenCallback& on_token = {});

// Decodes B prefixes at once (throughput mode): `prefix_embeds` [B, T, D] left-padded, with
// `mask` [B, T] (1 = real position). Rows that emit EOS stop (later tokens are discarded);
// the loop ends when every row has stopped or the budget is spent. Each result carries its own
// tokens and new_tokens; prefill_s and decode_s are those of the whole batch.
std::vector<GenerateResult> generate_batch(LlamaModelImpl& model,
                                           const torch::Tensor& prefix_embeds,
                                           const torch::Tensor& mask, const GenerateParams& params);

// generate_batch after the positions already in `cache` (batch B): `suffix_embeds` [B, T, D]
// with `mask` [B, T]; the cache keeps the padding of what it holds.
std::vector<GenerateResult> generate_batch_after_cache(LlamaModelImpl& model, KVCache& cache,
                                                       const torch::Tensor& suffix_embeds,
                                                       const torch::Tensor& mask,
                                                       const GenerateParams& params);

} // namespace semcot
