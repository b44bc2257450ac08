// Picking the next token from logits: greedy, temperature, top-k, top-p, with a seeded RNG.
#pragma once

#include <ATen/core/Generator.h>
#include <torch/types.h>

#include <cstdint>

namespace semcot {

struct SamplingParams {
    double temperature = 0.0; // 0 = greedy (argmax)
    int64_t top_k = 0;        // keep the k most likely tokens; 0 = all
    double top_p = 1.0;       // keep the smallest set whose probability reaches p; 1 = all
    uint64_t seed = 0;        // RNG seed: the same seed gives the same samples
    // Throws InvalidArgument for a negative temperature, negative top_k or top_p outside (0, 1].
    void validate() const;
};

// Per-run sampling state (the RNG). Sampling draws on the CPU in float32, so a seed gives the
// same tokens on every device and dtype, up to the logits themselves.
class Sampler {
public:
    explicit Sampler(const SamplingParams& params);
    // logits [B, V] (any device/dtype) -> next ids [B] int64 on the CPU.
    torch::Tensor sample(const torch::Tensor& logits);
    // logits [V] or [1, V] -> next id.
    int64_t sample_one(const torch::Tensor& logits);
    const SamplingParams& params() const { return params_; }

private:
    SamplingParams params_;
    at::Generator generator_;
};

// Probabilities after temperature, top-k and top-p filtering, [B, V] float32 (exposed for tests).
torch::Tensor filtered_probabilities(const torch::Tensor& logits, const SamplingParams& params);

} // namespace semcot
