#include "engine/model.h"
#include "engine/checkpointing.h"

#include "common/error.h"
#include "engine/layers.h"

#include <ATen/ATen.h>
#include <torch/nn/modules/container/any.h>

namespace semcot {

namespace {

// A named, parameter-less module that only groups children ("model", "self_attn", "mlp").
std::shared_ptr<torch::nn::Module> group() {
    return std::make_shared<torch::nn::Module>();
}

// x W^T (+ b): nn.Linear with the engine's dense() for the product; plus the LoRA term
// scale * dropout(x) A^T B^T when the layer has an adapter (PEFT's lora.Linear).
torch::Tensor linear(const torch::Tensor& x, const WeightImpl& w) {
    auto y = dense(x, w.weight);
    if (w.bias.defined()) y = y + w.bias;
    if (w.lora_A.defined()) {
        const auto d = w.lora_dropout > 0 && w.is_training()
                           ? at::dropout(x, w.lora_dropout, /*train=*/true)
                           : x;
        y = y + dense(dense(d, w.lora_A), w.lora_B) * w.lora_scale;
    }
    return y;
}

} // namespace

WeightImpl::WeightImpl(std::vector<int64_t> shape, const torch::TensorOptions& options,
                       bool with_bias) {
    // Frozen by default: training code turns gradients on for what it trains.
    weight = register_parameter("weight", at::empty(shape, options), /*requires_grad=*/false);
    if (with_bias)
        bias = register_parameter("bias", at::empty({shape.at(0)}, options),
                                  /*requires_grad=*/false);
}

void WeightImpl::add_lora(const torch::Tensor& a, const torch::Tensor& b, double scale,
                          double dropout) {
    remove_lora();
    lora_A = register_parameter("lora_A", a, /*requires_grad=*/false);
    lora_B = register_parameter("lora_B", b, /*requires_grad=*/false);
    lora_scale = scale;
    lora_dropout = dropout;
}

void WeightImpl::remove_lora() {
    if (!lora_A.defined()) return;
    parameters_.erase("lora_A");
    parameters_.erase("lora_B");
    lora_A = lora_B = torch::Tensor();
    lora_scale = lora_dropout = 0;
}

DecoderLayerImpl::DecoderLayerImpl(const ModelConfig& c, const torch::TensorOptions& o) {
    const int64_t d = c.hidden_size, dh = c.head_dim();
    auto attn = register_module("self_attn", group());
    const int64_t q = c.num_attention_heads * dh, kv = c.num_key_value_heads * dh;
    using Shape = std::vector<int64_t>;
    q_proj = attn->register_module("q_proj", Weight(Shape{q, d}, o, c.qkv_bias));
    k_proj = attn->register_module("k_proj", Weight(Shape{kv, d}, o, c.qkv_bias));
    v_proj = attn->register_module("v_proj", Weight(Shape{kv, d}, o, c.qkv_bias));
    o_proj = attn->register_module("o_proj", Weight(Shape{d, q}, o, c.o_bias));
    if (c.qk_norm) {
        q_norm = attn->register_module("q_norm", Weight(Shape{dh}, o));
        k_norm = attn->register_module("k_norm", Weight(Shape{dh}, o));
    }
    auto mlp = register_module("mlp", group());
    const int64_t I = c.intermediate_size;
    gate_proj = mlp->register_module("gate_proj", Weight(Shape{I, d}, o, c.mlp_bias));
    up_proj = mlp->register_module("up_proj", Weight(Shape{I, d}, o, c.mlp_bias));
    down_proj = mlp->register_module("down_proj", Weight(Shape{d, I}, o, c.mlp_bias));
    input_layernorm = register_module("input_layernorm", Weight(std::vector<int64_t>{d}, o));
    post_attention_layernorm =
        register_module("post_attention_layernorm", Weight(std::vector<int64_t>{d}, o));
}

LlamaModelImpl::LlamaModelImpl(const ModelConfig& config, const torch::TensorOptions& options)
    : config_(config) {
    config_.validate();
    auto o = options.requires_grad(false);
    auto backbone = register_module("model", group());
    embed_tokens_ = backbone->register_module(
        "embed_tokens", Weight(std::vector<int64_t>{config_.vocab_size, config_.hidden_size}, o));
    auto layers = backbone->register_module("layers", group());
    for (int64_t i = 0; i < config_.num_hidden_layers; ++i)
        layers_.push_back(layers->register_module(std::to_string(i), DecoderLayer(config_, o)));
    norm_ = backbone->register_module("norm", Weight(std::vector<int64_t>{config_.hidden_size}, o));
    if (!config_.tie_word_embeddings) {
        lm_head_ = register_module(
            "lm_head", Weight(std::vector<int64_t>{config_.vocab_size, config_.hidden_size}, o));
    }
    ensure_rope(1);
}

namespace {
constexpr int64_t kInitialRopePositions = 4096;
}

void LlamaModelImpl::ensure_rope(int64_t positions) const {
    std::lock_guard<std::mutex> lock(rope_mutex_);
    if (rope_cos_.defined() && rope_cos_.size(0) >= positions) return;
    int64_t size = rope_cos_.defined() ? rope_cos_.size(0) : kInitialRopePositions;
    while (size < positions) size *= 2;
    size = std::min(size, config_.max_position_embeddings);
    const auto device = rope_cos_.defined() ? rope_cos_.device() : embed_tokens_->weight.device();
    auto [cos, sin] =
        rope_tables(config_.head_dim(), size, config_.rope_theta, device, config_.rope_scaling);
    rope_cos_ = cos;
    rope_sin_ = sin;
}

torch::ScalarType LlamaModelImpl::dtype() const {
    return embed_tokens_->weight.scalar_type();
}
torch::Device LlamaModelImpl::device() const {
    return embed_tokens_->weight.device();
}

void LlamaModelImpl::init_weights(uint64_t seed, double std) {
    torch::NoGradGuard no_grad;
    auto gen = at::detail::createCPUGenerator(seed);
    for (auto& p : named_parameters(/*recurse=*/true)) {
        if (p.key().find(".lora_") != std::string::npos) continue; // adapters: engine/lora.h
        auto& t = p.value();
        // Drawn in float32 on the CPU so a seed gives the same model on every device and dtype.
        const bool norm = p.key().find("norm") != std::string::npos;
        const bool bias =
            p.key().size() >= 5 && p.key().compare(p.key().size() - 5, 5, ".bias") == 0;
        auto values = norm   ? at::ones(t.sizes(), torch::kFloat32)
                      : bias ? at::zeros(t.sizes(), torch::kFloat32)
                             : at::normal(0.0, std, t.sizes(), gen,
                                          torch::TensorOptions().dtype(torch::kFloat32));
        t.copy_(values);
    }
}

void LlamaModelImpl::to_device(const torch::Device& device, torch::ScalarType dtype) {
    torch::nn::Module::to(device, dtype);
    std::lock_guard<std::mutex> lock(rope_mutex_);
    rope_cos_ = rope_cos_.to(device);
    rope_sin_ = rope_sin_.to(device);
}

torch::Tensor LlamaModelImpl::embed(const torch::Tensor& ids) const {
    return at::embedding(embed_tokens_->weight, ids);
}

torch::Tensor LlamaModelImpl::final_norm(const torch::Tensor& hidden) const {
    return rms_norm(hidden, norm_->weight, config_.rms_norm_eps);
}

torch::Tensor LlamaModelImpl::lm_head(const torch::Tensor& normed) const {
    return dense(normed, lm_head_ ? lm_head_->weight : embed_tokens_->weight);
}

LayerInputs LlamaModelImpl::layer_inputs(int64_t batch, int64_t length,
                                         const torch::Tensor& attention_mask,
                                         const torch::Tensor& position_ids, KVCache* cache) const {
    const int64_t past = cache ? cache->length() : 0;
    if (cache && cache->batch() != batch)
        throw InvalidArgument("KV cache batch " + std::to_string(cache->batch()) +
                              " does not match input batch " + std::to_string(batch));
    if (past + length > config_.max_position_embeddings)
        throw InvalidArgument("sequence of " + std::to_string(past + length) +
                              " positions exceeds the model's context of " +
                              std::to_string(config_.max_position_embeddings));
    const auto dev = device();

    // Key padding for every key position [B, past + T]; undefined when there is none.
    torch::Tensor new_padding, key_padding;
    if (attention_mask.defined()) {
        if (attention_mask.dim() != 2 || attention_mask.size(0) != batch ||
            (attention_mask.size(1) != length && attention_mask.size(1) != past + length))
            throw InvalidArgument("attention_mask must be [B, T] or [B, past + T]");
        new_padding = attention_mask.narrow(1, attention_mask.size(1) - length, length)
                          .to(dev, torch::kInt64);
    }
    if (cache) {
        key_padding = cache->key_padding(new_padding, length);
    } else {
        key_padding = new_padding;
    }

    torch::Tensor positions = position_ids;
    if (!positions.defined()) {
        if (key_padding.defined()) {
            // Real tokens are numbered 0, 1, 2, ... whatever padding precedes them.
            positions = (key_padding.cumsum(1) - 1).clamp_min(0).narrow(1, past, length);
        } else {
            positions = at::arange(past, past + length,
                                   torch::TensorOptions().dtype(torch::kInt64).device(dev))
                            .unsqueeze(0)
                            .expand({batch, length});
        }
    }
    // Derived positions are < past + length, checked above; given ones are checked here.
    int64_t needed_positions = past + length;
    if (position_ids.defined() && position_ids.numel() > 0) {
        const int64_t highest = position_ids.max().item<int64_t>();
        if (highest >= config_.max_position_embeddings || position_ids.min().item<int64_t>() < 0)
            throw InvalidArgument("position id outside 0..max_position_embeddings-1");
        needed_positions = std::max(needed_positions, highest + 1);
    }
    positions = positions.to(dev, torch::kInt64).reshape({-1});

    LayerInputs in;
    ensure_rope(needed_positions);
    torch::Tensor cos, sin;
    {
        std::lock_guard<std::mutex> lock(rope_mutex_);
        cos = rope_cos_;
        sin = rope_sin_;
    }
    in.cos = cos.index_select(0, positions).view({batch, 1, length, -1}); // [B, 1, T, Dh]
    in.sin = sin.index_select(0, positions).view({batch, 1, length, -1});
    in.mask = causal_mask(batch, length, past + length, key_padding, dev, config_.sliding_window);
    in.cache = cache;
    return in;
}

torch::Tensor LlamaModelImpl::run_layer(int64_t index, const torch::Tensor& hidden,
                                        const LayerInputs& in) const {
    const auto& L = *layers_[index];
    const int64_t B = hidden.size(0), T = hidden.size(1);
    const int64_t H = config_.num_attention_heads, Hkv = config_.num_key_value_heads;
    const int64_t Dh = config_.head_dim();
    const double eps = config_.rms_norm_eps;

    auto x = rms_norm(hidden, L.input_layernorm->weight, eps);
    auto q = linear(x, *L.q_proj).view({B, T, H, Dh});   // [B, T, H, Dh]
    auto k = linear(x, *L.k_proj).view({B, T, Hkv, Dh}); // [B, T, Hkv, Dh]
    if (L.q_norm) { // Qwen3: RMSNorm over each head before RoPE
        q = rms_norm(q, L.q_norm->weight, eps);
        k = rms_norm(k, L.k_norm->weight, eps);
    }
    q = q.transpose(1, 2);                                               // [B, H, T, Dh]
    k = k.transpose(1, 2);                                               // [B, Hkv, T, Dh]
    auto v = linear(x, *L.v_proj).view({B, T, Hkv, Dh}).transpose(1, 2); // [B, Hkv, T, Dh]
    q = apply_rope(q, in.cos, in.sin);
    k = apply_rope(k, in.cos, in.sin);
    if (in.cache) std::tie(k, v) = in.cache->append(index, k, v);                 // [B, Hkv, S, Dh]
    auto a = attention(q, k, v, in.mask).transpose(1, 2).reshape({B, T, H * Dh}); // [B, T, H*Dh]
    auto h = hidden + linear(a, *L.o_proj);
    x = rms_norm(h, L.post_attention_layernorm->weight, eps);
    if (!config_.mlp_bias && !L.gate_proj->lora_A.defined() && !L.up_proj->lora_A.defined() &&
        !L.down_proj->lora_A.defined())
        return h + swiglu(x, L.gate_proj->weight, L.up_proj->weight, L.down_proj->weight);
    return h + linear(at::silu(linear(x, *L.gate_proj)) * linear(x, *L.up_proj), *L.down_proj);
}

ForwardOutput LlamaModelImpl::forward(const ForwardInput& input) {
    if (input.input_ids.defined() == input.inputs_embeds.defined())
        throw InvalidArgument("forward needs exactly one of input_ids and inputs_embeds");
    torch::Tensor h;
    if (input.input_ids.defined()) {
        if (input.input_ids.dim() != 2) throw InvalidArgument("input_ids must be [B, T]");
        h = embed(input.input_ids.to(device(), torch::kInt64));
    } else {
        if (input.inputs_embeds.dim() != 3 || input.inputs_embeds.size(2) != config_.hidden_size)
            throw InvalidArgument("inputs_embeds must be [B, T, hidden_size]");
        h = input.inputs_embeds.to(device(), dtype());
    }
    const int64_t B = h.size(0), T = h.size(1);
    if (T == 0) throw InvalidArgument("forward needs at least one position");

    LayerInputs in = layer_inputs(B, T, input.attention_mask, input.position_ids, input.cache);
    ForwardOutput out;
    if (input.output_hidden_states) out.hidden_states.reserve(layers_.size() + 1);
    for (int64_t i = 0; i < int64_t(layers_.size()); ++i) {
        if (input.output_hidden_states) out.hidden_states.push_back(h);
        h = layer_step(i, h, in);
    }
    if (input.output_hidden_states) out.hidden_states.push_back(h);
    if (input.cache) input.cache->advance(T);

    if (input.last_logits_only) h = h.narrow(1, T - 1, 1);
    out.last_hidden = final_norm(h);
    if (input.compute_logits) {
        out.logits = lm_head(out.last_hidden);
        if (input.last_logits_only) out.logits = out.logits.squeeze(1); // [B, V]
    }
    return out;
}

torch::Tensor LlamaModelImpl::run_layers(const torch::Tensor& hidden, int64_t begin, int64_t end,
                                         const torch::Tensor& attention_mask,
                                         const torch::Tensor& position_ids) const {
    if (begin < 0 || end > int64_t(layers_.size()) || begin > end)
        throw InvalidArgument("layer range [" + std::to_string(begin) + ", " + std::to_string(end) +
                              ") outside 0.." + std::to_string(layers_.size()));
    LayerInputs in =
        layer_inputs(hidden.size(0), hidden.size(1), attention_mask, position_ids, nullptr);
    torch::Tensor h = hidden;
    for (int64_t i = begin; i < end; ++i) h = layer_step(i, h, in);
    return h;
}

torch::Tensor LlamaModelImpl::layer_step(int64_t index, const torch::Tensor& hidden,
                                         const LayerInputs& in) const {
    if (checkpointing_ && !in.cache && torch::GradMode::is_enabled())
        return checkpointed_layer(*this, index, hidden, in);
    return run_layer(index, hidden, in);
}

namespace {
bool is_lora(const std::string& name) {
    return name.find(".lora_") != std::string::npos;
}
} // namespace

std::vector<std::pair<std::string, torch::Tensor>> LlamaModelImpl::named_weights() const {
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto& p : named_parameters(/*recurse=*/true))
        if (!is_lora(p.key())) out.emplace_back(p.key(), p.value());
    return out;
}

std::vector<std::pair<std::string, std::vector<int64_t>>> LlamaModelImpl::expected_shapes() const {
    std::vector<std::pair<std::string, std::vector<int64_t>>> out;
    for (const auto& p : named_parameters(/*recurse=*/true))
        if (!is_lora(p.key())) out.emplace_back(p.key(), p.value().sizes().vec());
    return out;
}

std::vector<std::pair<std::string, WeightImpl*>> LlamaModelImpl::named_linear_layers() {
    std::vector<std::pair<std::string, WeightImpl*>> out;
    for (const auto& m : named_modules(/*name_prefix=*/"", /*include_self=*/false))
        if (auto* w = m.value()->as<WeightImpl>(); w && w->weight.dim() == 2 &&
                                                   m.key().find("embed_tokens") ==
                                                       std::string::npos)
            out.emplace_back(m.key(), w);
    return out;
}

} // namespace semcot
