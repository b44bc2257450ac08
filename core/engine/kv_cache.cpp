#include "engine/kv_cache.h"

#include "common/error.h"
#include "engine/config.h"

#include <ATen/ATen.h>

namespace semcot {

KVCache::KVCache(const ModelConfig& config, int64_t batch, int64_t capacity,
                 torch::ScalarType dtype, const torch::Device& device)
    : batch_(batch)
    , capacity_(capacity)
    , device_(device) {
    if (batch <= 0 || capacity <= 0) throw InvalidArgument("KV cache needs a positive size");
    auto opts = torch::TensorOptions().dtype(dtype).device(device);
    for (int64_t i = 0; i < config.num_hidden_layers; ++i) {
        keys_.push_back(
            at::zeros({batch, config.num_key_value_heads, capacity, config.head_dim()}, opts));
        values_.push_back(
            at::zeros({batch, config.num_key_value_heads, capacity, config.head_dim()}, opts));
    }
}

std::pair<torch::Tensor, torch::Tensor> KVCache::append(int64_t layer, const torch::Tensor& k_new,
                                                        const torch::Tensor& v_new) {
    const int64_t t = k_new.size(2);
    if (length_ + t > capacity_)
        throw InvalidArgument("KV cache full: " + std::to_string(length_ + t) +
                              " positions > capacity " + std::to_string(capacity_));
    auto& k = keys_[layer];
    auto& v = values_[layer];
    k.narrow(2, length_, t).copy_(k_new);
    v.narrow(2, length_, t).copy_(v_new);
    return {k.narrow(2, 0, length_ + t), v.narrow(2, 0, length_ + t)};
}

void KVCache::advance(int64_t count) {
    length_ += count;
}

torch::Tensor KVCache::key_padding(const torch::Tensor& new_padding, int64_t count) {
    if (!new_padding.defined() && !padding_.defined()) return {};
    if (!padding_.defined()) {
        padding_ = at::ones({batch_, capacity_},
                            torch::TensorOptions().dtype(torch::kInt64).device(device_));
    }
    if (new_padding.defined()) {
        padding_.narrow(1, length_, count).copy_(new_padding);
    } else {
        padding_.narrow(1, length_, count).fill_(1);
    }
    return padding_.narrow(1, 0, length_ + count);
}

void KVCache::reset() {
    length_ = 0;
    padding_ = torch::Tensor();
}

} // namespace semcot
