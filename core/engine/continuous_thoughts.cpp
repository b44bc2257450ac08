#include "engine/continuous_thoughts.h"

#include "common/error.h"

#include <ATen/ATen.h>

namespace semcot {

namespace {

void check_prefix(const LlamaModelImpl& model, const torch::Tensor& prefix,
                  const torch::Tensor& mask, int64_t n) {
    if (prefix.dim() != 3 || prefix.size(2) != model.config().hidden_size || prefix.size(1) == 0)
        throw InvalidArgument("continuous thoughts need a prefix [B, T > 0, hidden_size]");
    if (mask.defined() && (mask.dim() != 2 || mask.size(0) != prefix.size(0) ||
                           mask.size(1) != prefix.size(1)))
        throw InvalidArgument("continuous thoughts need a mask [B, T] like the prefix");
    if (n < 0) throw InvalidArgument("the number of continuous thoughts must not be negative");
}

torch::Tensor next_thought(const torch::Tensor& last_hidden, const ThoughtProjection& project) {
    auto h = last_hidden.select(1, last_hidden.size(1) - 1); // [B, D]
    return project ? project(h) : h;
}

} // namespace

ThoughtSequence continuous_thoughts(LlamaModelImpl& model, const torch::Tensor& prefix,
                                    const torch::Tensor& mask, int64_t n,
                                    const ThoughtProjection& project) {
    check_prefix(model, prefix, mask, n);
    ThoughtSequence s;
    s.embeds = prefix;
    s.mask = mask.defined() ? mask : at::ones({prefix.size(0), prefix.size(1)},
                                              prefix.options().dtype(torch::kInt64));
    std::vector<torch::Tensor> thoughts;
    for (int64_t i = 0; i < n; ++i) {
        ForwardInput in;
        in.inputs_embeds = s.embeds;
        in.attention_mask = s.mask;
        in.compute_logits = false;
        auto t = next_thought(model.forward(in).last_hidden, project).unsqueeze(1); // [B, 1, D]
        thoughts.push_back(t);
        s.embeds = at::cat({s.embeds, t.to(s.embeds.dtype())}, 1);
        s.mask = at::cat({s.mask, at::ones({s.mask.size(0), 1}, s.mask.options())}, 1);
    }
    s.thoughts = n > 0 ? at::cat(thoughts, 1)
                       : at::zeros({prefix.size(0), 0, prefix.size(2)}, prefix.options());
    return s;
}

torch::Tensor continuous_thoughts_cached(LlamaModelImpl& model, KVCache& cache,
                                         const torch::Tensor& prefix, const torch::Tensor& mask,
                                         int64_t n, const ThoughtProjection& project) {
    check_prefix(model, prefix, mask, n);
    const int64_t B = prefix.size(0);
    if (cache.batch() != B || cache.capacity() < cache.length() + prefix.size(1) + n)
        throw InvalidArgument("the KV cache has no room for the prefix and the thoughts");
    auto ones = at::ones({B, 1}, prefix.options().dtype(torch::kInt64));
    ForwardInput in;
    in.inputs_embeds = prefix;
    in.attention_mask = mask;
    in.cache = &cache;
    in.compute_logits = false;
    auto hidden = model.forward(in).last_hidden;
    std::vector<torch::Tensor> thoughts;
    for (int64_t i = 0; i < n; ++i) {
        auto t = next_thought(hidden, project).unsqueeze(1).to(prefix.dtype()); // [B, 1, D]
        thoughts.push_back(t);
        ForwardInput step;
        step.inputs_embeds = t;
        step.attention_mask = ones;
        step.cache = &cache;
        step.compute_logits = false;
        hidden = model.forward(step).last_hidden;
    }
    return n > 0 ? at::cat(thoughts, 1) : at::zeros({B, 0, prefix.size(2)}, prefix.options());
}

} // namespace semcot
