// The math of a Llama decoder as free functions. Modules call these; tests check each one
// against a plain reference. Shapes use B = batch, T = query length, S = key length,
// H = query heads, Hkv = key/value heads, Dh = head dimension, D = model dimension.
#pragma once

#include "engine/config.h"

#include <torch/types.h>

namespace semcot {

// Additive mask value for positions that must not be attended. Finite (not -inf) so that a
// row with no visible key (a left-padding query) softmaxes to finite numbers instead of NaN.
constexpr float kMaskedScore = -1e9f;

// RMSNorm: x / sqrt(mean(x^2) + eps) * weight. Computed in float32 even for bf16/f16
// inputs (as Hugging Face does), then cast back before the weight multiply.
torch::Tensor rms_norm(const torch::Tensor& x, const torch::Tensor& weight, double eps);

// RoPE tables in Hugging Face's rotate_half layout: angle[p, i] = p * theta^(-2i/Dh) for
// i < Dh/2, the same angles repeated for the second half. Returns {cos, sin}, float32,
// each [max_positions, Dh].
// `scaling` changes the frequencies as transformers does (see RopeScaling in engine/config.h).
std::pair<torch::Tensor, torch::Tensor> rope_tables(int64_t head_dim, int64_t max_positions,
                                                    double theta, const torch::Device& device,
                                                    const RopeScaling& scaling = {});

// [..., Dh] -> [-x2, x1], where x1, x2 are the two halves of the last dimension.
torch::Tensor rotate_half(const torch::Tensor& x);

// x * cos + rotate_half(x) * sin. x: [B, Hx, T, Dh]; cos, sin: [B, 1, T, Dh] (any float dtype,
// cast to x's).
torch::Tensor apply_rope(const torch::Tensor& x, const torch::Tensor& cos,
                         const torch::Tensor& sin);

// x @ weight^T for weight [out, in] (nn.Linear without bias). A single row (batch-1 decode)
// goes through matrix-vector BLAS: OpenBLAS's gemm path for one row reads the weights at a
// third of the memory bandwidth that gemv reaches.
torch::Tensor dense(const torch::Tensor& x, const torch::Tensor& weight);

// SwiGLU MLP: down(silu(gate(x)) * up(x)). Weights in nn.Linear layout [out, in].
torch::Tensor swiglu(const torch::Tensor& x, const torch::Tensor& w_gate, const torch::Tensor& w_up,
                     const torch::Tensor& w_down);

// Grouped-query attention. q: [B, H, T, Dh]; k, v: [B, Hkv, S, Dh] with H % Hkv == 0;
// query head h reads key/value head h / (H / Hkv) (Hugging Face's repeat_kv order).
// mask: additive float32 [B, 1, T, S] (0 = visible, kMaskedScore = hidden) or undefined for
// "everything visible". Softmax runs in float32. Returns [B, H, T, Dh] in q's dtype.
torch::Tensor attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                        const torch::Tensor& mask);

// Additive float32 mask [B, 1, T, S] for T new queries that follow S - T cached keys:
// query t sees key s when s <= (S - T) + t (causal) and key_padding[b, s] is nonzero.
// key_padding: [B, S] (1 = real token, 0 = padding), or undefined for no padding.
// Returns an undefined tensor when nothing is hidden (T == 1 without padding).
// With `sliding_window` W > 0, query t also does not see keys at distance >= W
// (s <= (S - T) + t - W; Mistral's window, transformers' sliding_window_overlay).
torch::Tensor causal_mask(int64_t batch, int64_t query_len, int64_t key_len,
                          const torch::Tensor& key_padding, const torch::Device& device,
                          int64_t sliding_window = 0);

} // namespace semcot
