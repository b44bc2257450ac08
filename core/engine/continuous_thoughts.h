// Continuous thoughts: latent reasoning steps that are the model's own last hidden state fed
// back as its next input embedding, as Coconut (Hao et al. 2024, "Training large language
// models to reason in a continuous latent space") and CODI (Shen et al. 2025, "CODI:
// compressing chain-of-thought into continuous space via self-distillation", which passes the
// state through a trained projection first) generate them. The hidden state is the last
// layer's output after the final norm (Hugging Face's hidden_states[-1] for Llama).
#pragma once

#include "engine/kv_cache.h"
#include "engine/model.h"

#include <functional>

namespace semcot {

// Maps hidden states [B, D] to the next input embeddings [B, D]; empty = identity (Coconut).
using ThoughtProjection = std::function<torch::Tensor(const torch::Tensor&)>;

struct ThoughtSequence {
    torch::Tensor embeds;  // [B, T + n, D]: the prefix, then the n thoughts
    torch::Tensor mask;    // [B, T + n] int64, 1 = real position
    torch::Tensor thoughts; // [B, n, D]
};

// Training form, differentiable through every step (backpropagation through the thoughts):
// n forward passes over the growing sequence, no KV cache. `prefix` [B, T, D] in the
// model's dtype with `mask` [B, T]; rows left-padded so that every row's last position is its
// last real one (the <bot> token). n = 0 returns the prefix. Throws InvalidArgument on shapes.
ThoughtSequence continuous_thoughts(LlamaModelImpl& model, const torch::Tensor& prefix,
                                    const torch::Tensor& mask, int64_t n,
                                    const ThoughtProjection& project = {});

// Inference form: the prefix and then every thought go into `cache` (batch B, room for T + n
// and whatever follows), so generation continues from it (generate_after_cache). Returns the
// thoughts [B, n, D]. Call under inference mode.
torch::Tensor continuous_thoughts_cached(LlamaModelImpl& model, KVCache& cache,
                                         const torch::Tensor& prefix, const torch::Tensor& mask,
                                         int64_t n, const ThoughtProjection& project = {});

} // namespace semcot
