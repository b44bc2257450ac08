// Per-run key/value cache for incremental decoding. Preallocated to a fixed capacity so a
// decode step writes in place instead of concatenating.
#pragma once

#include <torch/types.h>

#include <vector>

namespace semcot {

struct ModelConfig;

class KVCache {
public:
    // Room for `capacity` positions of `batch` sequences, in the model's dtype and device.
    KVCache(const ModelConfig& config, int64_t batch, int64_t capacity, torch::ScalarType dtype,
            const torch::Device& device);

    int64_t batch() const { return batch_; }
    int64_t capacity() const { return capacity_; }
    int64_t length() const { return length_; } // positions filled so far

    // Writes the new keys/values of `layer` at [length, length + T) and returns views of all
    // cached positions. k_new, v_new: [B, Hkv, T, Dh]; returns {k, v}: [B, Hkv, length + T, Dh].
    std::pair<torch::Tensor, torch::Tensor> append(int64_t layer, const torch::Tensor& k_new,
                                                   const torch::Tensor& v_new);
    // Called once after all layers of a forward step have appended T positions.
    void advance(int64_t count);

    // Key padding of everything cached so far plus `count` new positions, [B, length + count],
    // or undefined while no padding was ever recorded.
    torch::Tensor key_padding(const torch::Tensor& new_padding, int64_t count);
    // Forgets everything (keeps the allocation).
    void reset();

private:
    int64_t batch_;
    int64_t capacity_;
    int64_t length_ = 0;
    std::vector<torch::Tensor> keys_;   // per layer [B, Hkv, capacity, Dh]
    std::vector<torch::Tensor> values_; // per layer [B, Hkv, capacity, Dh]
    torch::Tensor padding_;             // [B, capacity] int64, 1 = real token; undefined = none
    torch::Device device_;
};

} // namespace semcot
