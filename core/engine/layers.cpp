#include "engine/layers.h"

#include <ATen/ATen.h>

#include <cmath>

namespace semcot {

torch::Tensor rms_norm(const torch::Tensor& x, const torch::Tensor& weight, double eps) {
    // Float32 statistics even for half-precision activations: squares of bf16 values lose
    // most of their mantissa and the mean drifts.
    const auto input_dtype = x.scalar_type();
    auto h = x.to(torch::kFloat32);
    h = h * at::rsqrt(h.pow(2).mean(-1, /*keepdim=*/true) + eps);
    return weight * h.to(input_dtype);
}

std::pair<torch::Tensor, torch::Tensor> rope_tables(int64_t head_dim, int64_t max_positions,
                                                    double theta, const torch::Device& device,
                                                    const RopeScaling& scaling) {
    // Computed in float64 and rounded once, so long positions keep accurate angles.
    auto f64 = torch::TensorOptions().dtype(torch::kFloat64).device(device);
    auto inv_freq = at::pow(theta, -at::arange(0, head_dim, 2, f64) / double(head_dim)); // [Dh/2]
    if (scaling.type == "linear") {
        inv_freq = inv_freq / scaling.factor;
    } else if (scaling.type == "llama3") {
        // transformers' _compute_llama3_parameters.
        const double original = double(scaling.original_max_positions);
        const double low_wavelen = original / scaling.low_freq_factor;
        const double high_wavelen = original / scaling.high_freq_factor;
        auto wavelen = 2 * M_PI / inv_freq;
        auto scaled = at::where(wavelen > low_wavelen, inv_freq / scaling.factor, inv_freq);
        auto smooth = (original / wavelen - scaling.low_freq_factor) /
                      (scaling.high_freq_factor - scaling.low_freq_factor);
        auto smoothed = (1 - smooth) * scaled / scaling.factor + smooth * scaled;
        auto medium = wavelen.ge(high_wavelen).logical_and(wavelen.le(low_wavelen));
        inv_freq = at::where(medium, smoothed, scaled);
    } // "dynamic" equals "default" up to max_positions

    auto positions = at::arange(max_positions, f64); // [P]
    auto angles = at::outer(positions, inv_freq);    // [P, Dh/2]
    auto emb = at::cat({angles, angles}, -1);        // [P, Dh]
    return {emb.cos().to(torch::kFloat32), emb.sin().to(torch::kFloat32)};
}

torch::Tensor rotate_half(const torch::Tensor& x) {
    const int64_t half = x.size(-1) / 2;
    auto x1 = x.narrow(-1, 0, half);
    auto x2 = x.narrow(-1, half, half);
    return at::cat({-x2, x1}, -1);
}

torch::Tensor apply_rope(const torch::Tensor& x, const torch::Tensor& cos,
                         const torch::Tensor& sin) {
    const auto dtype = x.scalar_type();
    return x * cos.to(dtype) + rotate_half(x) * sin.to(dtype);
}

torch::Tensor dense(const torch::Tensor& x, const torch::Tensor& weight) {
    const int64_t in = x.size(-1);
    if (x.numel() == in && x.device().is_cpu()) {
        auto shape = x.sizes().vec();
        shape.back() = weight.size(0);
        return at::mv(weight, x.reshape({in})).view(shape);
    }
    return at::linear(x, weight);
}

torch::Tensor swiglu(const torch::Tensor& x, const torch::Tensor& w_gate, const torch::Tensor& w_up,
                     const torch::Tensor& w_down) {
    return dense(at::silu(dense(x, w_gate)) * dense(x, w_up), w_down);
}

torch::Tensor attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                        const torch::Tensor& mask) {
    const int64_t B = q.size(0), H = q.size(1), T = q.size(2), Dh = q.size(3);
    const int64_t Hkv = k.size(1), S = k.size(2);
    TORCH_CHECK(H % Hkv == 0, "attention: query heads must be a multiple of key/value heads");
    const int64_t G = H / Hkv;
    // Fold the G query heads that share a key/value head into the row dimension, so one
    // batched matmul serves the group without materialising repeated keys and values.
    auto qg = (q * (1.0 / std::sqrt(double(Dh)))).reshape({B, Hkv, G * T, Dh}); // [B, Hkv, G*T, Dh]
    auto scores = at::matmul(qg, k.transpose(-1, -2));                          // [B, Hkv, G*T, S]
    // Softmax in float32: half-precision exponentials overflow and lose the small weights.
    auto s = scores.to(torch::kFloat32).view({B, Hkv, G, T, S});
    if (mask.defined()) s = s + mask.unsqueeze(1); // mask [B, 1, T, S] -> [B, 1, 1, T, S]
    auto probs = at::softmax(s, -1).to(q.scalar_type()).view({B, Hkv, G * T, S});
    auto out = at::matmul(probs, v); // [B, Hkv, G*T, Dh]
    return out.view({B, H, T, Dh});
}

torch::Tensor causal_mask(int64_t batch, int64_t query_len, int64_t key_len,
                          const torch::Tensor& key_padding, const torch::Device& device,
                          int64_t sliding_window) {
    const bool window = sliding_window > 0 && key_len > sliding_window;
    if (query_len == 1 && !key_padding.defined() && !window) return {};
    auto opts = torch::TensorOptions().dtype(torch::kInt64).device(device);
    const int64_t past = key_len - query_len;
    auto q_pos = at::arange(past, key_len, opts).unsqueeze(1); // [T, 1]
    auto k_pos = at::arange(key_len, opts).unsqueeze(0);       // [1, S]
    auto causal = k_pos <= q_pos;                              // [T, S]
    if (window) causal = causal.logical_and(k_pos > q_pos - sliding_window);
    auto visible = causal.unsqueeze(0).unsqueeze(0); // [1, 1, T, S]
    visible = visible.expand({batch, 1, query_len, key_len});
    if (key_padding.defined()) {
        auto keys = key_padding.to(device).ne(0).view({batch, 1, 1, key_len});
        visible = visible.logical_and(keys);
    }
    auto f32 = torch::TensorOptions().dtype(torch::kFloat32).device(device);
    return at::where(visible, at::zeros({}, f32), at::full({}, kMaskedScore, f32));
}

} // namespace semcot
