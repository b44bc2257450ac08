#include "semcot/losses.h"

#include "common/error.h"
#include "common/shape_string.h"

#include <ATen/ATen.h>

#include <limits>
#include <string>

namespace semcot {

namespace {

void check_pairs(const char* fn, const torch::Tensor& a, const torch::Tensor& b) {
    if (!a.defined() || !b.defined() || a.dim() != 2 || a.sizes() != b.sizes() || a.size(0) == 0)
        throw InvalidArgument(std::string(fn) + ": expected two non-empty [N, D] tensors of the " +
                              "same shape, got " +
                              (a.defined() ? shape_string(a.sizes()) : "none") + " and " +
                              (b.defined() ? shape_string(b.sizes()) : "none"));
}

// Rows divided by their L2 norm (a zero row stays zero).
torch::Tensor l2_normalize(const torch::Tensor& x) {
    return x / x.pow(2).sum(/*dim=*/1, /*keepdim=*/true).sqrt().clamp_min(1e-12);
}

// Checks hidden [B, T, D] against mask [B, T]; returns the mask as float32 [B, T, 1] of 0/1.
torch::Tensor pool_mask(const char* fn, const torch::Tensor& hidden, const torch::Tensor& mask) {
    if (!hidden.defined() || hidden.dim() != 3)
        throw InvalidArgument(std::string(fn) + ": hidden must be [B, T, D]");
    if (!mask.defined() || mask.dim() != 2 || mask.size(0) != hidden.size(0) ||
        mask.size(1) != hidden.size(1))
        throw InvalidArgument(std::string(fn) + ": mask must be [B, T] = " +
                              shape_string(hidden.sizes().slice(0, 2)));
    return mask.to(hidden.device()).ne(0).to(torch::kFloat32).unsqueeze(-1); // [B, T, 1]
}

} // namespace

torch::Tensor info_nce(const torch::Tensor& anchors, const torch::Tensor& positives,
                       double temperature) {
    check_pairs("info_nce", anchors, positives);
    if (!(temperature > 0))
        throw InvalidArgument("info_nce: temperature must be positive, got " +
                              std::to_string(temperature));
    // Float32: a softmax over 1/temperature-scaled bf16 cosines loses most of its precision.
    auto a = l2_normalize(anchors.to(torch::kFloat32));                  // [N, D]
    auto p = l2_normalize(positives.to(torch::kFloat32).to(a.device())); // [N, D]
    auto logits = at::matmul(a, p.t()) / temperature;                    // [N, N]
    auto targets =
        at::arange(a.size(0), torch::TensorOptions().dtype(torch::kInt64).device(a.device()));
    return at::nll_loss(at::log_softmax(logits, /*dim=*/1), targets);
}

torch::Tensor cosine_distance(const torch::Tensor& a, const torch::Tensor& b) {
    check_pairs("cosine_distance", a, b);
    auto x = a.to(torch::kFloat32);
    auto y = b.to(torch::kFloat32).to(x.device());
    auto cos = at::cosine_similarity(x, y, /*dim=*/1, /*eps=*/1e-8); // [N]
    return (1.0 - cos).mean();
}

torch::Tensor masked_token_ce(const torch::Tensor& logits, const torch::Tensor& targets,
                              const torch::Tensor& mask) {
    if (!logits.defined() || logits.dim() != 3)
        throw InvalidArgument("masked_token_ce: logits must be [B, T, V]");
    const auto bt = logits.sizes().slice(0, 2);
    if (!targets.defined() || targets.sizes() != bt)
        throw InvalidArgument("masked_token_ce: targets must be [B, T] = " + shape_string(bt));
    if (!mask.defined() || mask.sizes() != bt)
        throw InvalidArgument("masked_token_ce: mask must be [B, T] = " + shape_string(bt));
    const auto dev = logits.device();
    auto keep = mask.to(dev).ne(0); // [B, T] bool
    // Masked-out targets may be anything (-100, padding ids): point them at class 0.
    auto tgt = targets.to(dev, torch::kInt64).masked_fill(keep.logical_not(), 0); // [B, T]
    const int64_t V = logits.size(2);
    if (tgt.numel() > 0 && (tgt.min().item<int64_t>() < 0 || tgt.max().item<int64_t>() >= V))
        throw InvalidArgument("masked_token_ce: target outside 0.." + std::to_string(V - 1));
    // Log-softmax in float32, even for bf16/f16 logits.
    auto logp = at::log_softmax(logits.to(torch::kFloat32), /*dim=*/-1); // [B, T, V]
    auto nll = -logp.gather(-1, tgt.unsqueeze(-1)).squeeze(-1);          // [B, T]
    auto w = keep.to(torch::kFloat32);
    return (nll * w).sum() / w.sum().clamp_min(1.0);
}

torch::Tensor masked_mean_pool(const torch::Tensor& hidden, const torch::Tensor& mask) {
    auto m = pool_mask("masked_mean_pool", hidden, mask); // [B, T, 1]
    auto h = hidden.to(torch::kFloat32);                  // [B, T, D]
    // where() rather than h * m: a non-finite padding value times 0 would still be NaN.
    auto kept = at::where(m.ne(0), h, at::zeros({}, h.options()));
    return kept.sum(1) / m.sum(1).clamp_min(1.0); // [B, D]
}

torch::Tensor masked_max_pool(const torch::Tensor& hidden, const torch::Tensor& mask) {
    auto m = pool_mask("masked_max_pool", hidden, mask).ne(0); // [B, T, 1] bool
    auto h = hidden.to(torch::kFloat32);                       // [B, T, D]
    const float lowest = -std::numeric_limits<float>::infinity();
    auto best = std::get<0>(h.masked_fill(m.logical_not(), lowest).max(/*dim=*/1)); // [B, D]
    // A row with no token at all pools to zeros, not -inf.
    auto any = m.any(/*dim=*/1); // [B, 1]
    return at::where(any, best, at::zeros({}, best.options()));
}

} // namespace semcot
