#include "engine/sampling.h"

#include "common/error.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

namespace semcot {

void SamplingParams::validate() const {
    if (!(temperature >= 0) || !std::isfinite(temperature))
        throw InvalidArgument("temperature must be a finite number >= 0");
    if (top_k < 0) throw InvalidArgument("top-k must be >= 0");
    if (!(top_p > 0.0 && top_p <= 1.0)) throw InvalidArgument("top-p must be in (0, 1]");
}

Sampler::Sampler(const SamplingParams& params)
    : params_(params)
    , generator_(at::detail::createCPUGenerator(params.seed)) {
    params_.validate();
}

torch::Tensor filtered_probabilities(const torch::Tensor& logits, const SamplingParams& params) {
    auto x = logits.to(torch::kCPU, torch::kFloat32).reshape({-1, logits.size(-1)}) /
             std::max(params.temperature, 1e-6); // [B, V]
    const int64_t vocab = x.size(1);
    if (params.top_k > 0 && params.top_k < vocab) {
        auto kth = std::get<0>(x.topk(params.top_k, -1)).narrow(1, params.top_k - 1, 1); // [B, 1]
        x = x.masked_fill(x < kth, -std::numeric_limits<float>::infinity());
    }
    auto probs = at::softmax(x, -1);
    if (params.top_p < 1.0) {
        auto [sorted, order] = probs.sort(-1, /*descending=*/true);
        // Drop a token when the tokens ranked above it already reach top_p; the first always stays.
        auto before = sorted.cumsum(-1) - sorted;
        auto drop_sorted = before >= params.top_p;
        auto drop = at::zeros_like(drop_sorted).scatter(1, order, drop_sorted);
        probs = probs.masked_fill(drop, 0.0);
        probs = probs / probs.sum(-1, /*keepdim=*/true);
    }
    return probs;
}

torch::Tensor Sampler::sample(const torch::Tensor& logits) {
    if (params_.temperature == 0.0) return logits.argmax(-1).reshape({-1}).to(torch::kCPU);
    auto probs = filtered_probabilities(logits, params_);
    return at::multinomial(probs, 1, /*replacement=*/false, generator_).reshape({-1});
}

int64_t Sampler::sample_one(const torch::Tensor& logits) {
    return sample(logits.reshape({1, -1}))[0].item<int64_t>();
}

} // namespace semcot
