// Throughput measurements: model prefill/decode speed, and the machine's own matmul and
// memory-copy rates in the same run so the model numbers can be read as a fraction of them.
#pragma once

#include "engine/model.h"

#include <functional>
#include <string>

namespace semcot {

struct BenchParams {
    int64_t prompt_tokens = 128; // prefill length (random token ids)
    int64_t new_tokens = 128;    // decode steps per repeat (EOS ignored)
    int64_t repeats = 5;         // the median of these is reported
    uint64_t seed = 0;           // for the random prompt
    bool measure_machine = true; // also measure matmul GFLOP/s and copy bandwidth
};

struct BenchResult {
    double prefill_tokens_per_s = 0; // median over repeats
    double decode_tokens_per_s = 0;  // median over repeats
    double weight_bytes = 0; // bytes a decode step reads: all weights but the embedding table
    double matmul_flops_per_token = 0; // 2 x weights used in matmuls (LM head included)
    double peak_memory_bytes = 0;      // peak RSS on CPU; peak allocated on CUDA
    double machine_matmul_gflops = 0;  // large square matmul in the model's dtype
    double machine_copy_gbps = 0;      // large tensor copy: (read + write) bytes / s
    // Decode reads every weight once per token: the share of copy bandwidth it reaches.
    double decode_bandwidth_fraction() const;
    // Prefill is matmul-bound: the share of the measured matmul rate it reaches.
    double prefill_compute_fraction() const;
};

// Runs the benchmark on `model` (already on its device and dtype). `progress` receives a
// line per phase; it may be empty.
BenchResult run_benchmark(LlamaModelImpl& model, const BenchParams& params,
                          const std::function<void(const std::string&)>& progress = {});

// Peak memory of this process on `device` in bytes (RSS high-water mark on CPU).
double peak_memory_bytes(const torch::Device& device);

} // namespace semcot
