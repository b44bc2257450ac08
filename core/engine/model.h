// A Llama-family decoder (Llama-2, TinyLlama, Sheared-LLaMA, Mistral within its sliding
// window) with Hugging Face parameter names, so checkpoints load and save without renaming.
#pragma once

#include "engine/config.h"
#include "engine/kv_cache.h"

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace semcot {

// What one forward pass reads. Give input_ids or inputs_embeds, not both.
struct ForwardInput {
    torch::Tensor input_ids;           // [B, T] int64
    torch::Tensor inputs_embeds;       // [B, T, D] in the model's dtype (SemCoT's implicit tokens)
    torch::Tensor attention_mask;      // [B, T] or [B, past + T]; 1 = token, 0 = padding; optional
    torch::Tensor position_ids;        // [B, T]; optional, else derived from the mask and the cache
    KVCache* cache = nullptr;          // extended with the new positions when given
    bool output_hidden_states = false; // fill ForwardOutput::hidden_states
    bool last_logits_only = false;     // logits of the last position only (generation)
    bool compute_logits = true;        // false: skip the LM head (hidden states only)
};

struct ForwardOutput {
    torch::Tensor logits;      // [B, T, V] (or [B, V] with last_logits_only), model dtype
    torch::Tensor last_hidden; // [B, T, D] after the final norm
    // hidden_states[i] is the input of layer i, [B, T, D]; hidden_states[L] the output of the
    // last layer before the final norm (Hugging Face's output_hidden_states, except that its
    // last entry is normed).
    std::vector<torch::Tensor> hidden_states;
};

// One nn.Linear / nn.Embedding / RMSNorm weight, as its own module so names nest like
// Hugging Face's ("model.layers.0.self_attn.q_proj.weight").
// With `bias`, also a "bias" [shape[0]] (nn.Linear's layout).
class WeightImpl : public torch::nn::Module {
public:
    WeightImpl(std::vector<int64_t> shape, const torch::TensorOptions& options, bool bias = false);
    torch::Tensor weight;
    torch::Tensor bias; // [out], or undefined
    // A LoRA adapter (engine/lora.h; Hu et al. 2021, as Hugging Face PEFT computes it): the
    // layer computes x W^T + b + scale * dropout(x) A^T B^T. Parameters "lora_A" [r, in] and
    // "lora_B" [out, r]; undefined without an adapter. named_weights() leaves them out.
    torch::Tensor lora_A, lora_B;
    double lora_scale = 0;   // alpha / r
    double lora_dropout = 0; // probability, in training mode only
    void add_lora(const torch::Tensor& a, const torch::Tensor& b, double scale, double dropout);
    void remove_lora();
};
TORCH_MODULE(Weight);

class DecoderLayerImpl : public torch::nn::Module {
public:
    DecoderLayerImpl(const ModelConfig& config, const torch::TensorOptions& options);
    Weight q_proj{nullptr};                   // [H * Dh, D]
    Weight k_proj{nullptr};                   // [Hkv * Dh, D]
    Weight v_proj{nullptr};                   // [Hkv * Dh, D]
    Weight o_proj{nullptr};                   // [D, H * Dh]
    Weight gate_proj{nullptr};                // [I, D]
    Weight up_proj{nullptr};                  // [I, D]
    Weight down_proj{nullptr};                // [D, I]
    Weight input_layernorm{nullptr};          // [D]
    Weight post_attention_layernorm{nullptr}; // [D]
    Weight q_norm{nullptr};                   // [Dh], Qwen3 only (else null)
    Weight k_norm{nullptr};                   // [Dh], Qwen3 only (else null)
};
TORCH_MODULE(DecoderLayer);

// Inputs shared by every layer of one forward pass.
struct LayerInputs {
    torch::Tensor mask;     // additive [B, 1, T, S] float32, or undefined (all visible)
    torch::Tensor cos, sin; // [B, 1, T, Dh] float32
    KVCache* cache = nullptr;
};

class LlamaModelImpl : public torch::nn::Module {
public:
    // Weights are allocated uninitialised (torch::empty) in `options`' dtype and device:
    // load a checkpoint or call init_weights().
    explicit LlamaModelImpl(const ModelConfig& config,
                            const torch::TensorOptions& options = torch::TensorOptions());

    const ModelConfig& config() const { return config_; }
    torch::ScalarType dtype() const;
    torch::Device device() const;

    // Random initialisation as Hugging Face's: normal(0, std) for matrices, ones for norms.
    void init_weights(uint64_t seed, double std = 0.02);
    // Moves and casts all weights; the RoPE tables stay float32.
    void to_device(const torch::Device& device, torch::ScalarType dtype);

    ForwardOutput forward(const ForwardInput& input);

    // Embedding rows of `ids` [B, T] -> [B, T, D].
    torch::Tensor embed(const torch::Tensor& ids) const;
    // Runs layers [begin, end) on `hidden` [B, T, D]; attention_mask [B, T] optional;
    // positions default to 0..T-1 (per sequence, skipping left padding).
    torch::Tensor run_layers(const torch::Tensor& hidden, int64_t begin, int64_t end,
                             const torch::Tensor& attention_mask = {},
                             const torch::Tensor& position_ids = {}) const;
    // Final RMSNorm and the LM head.
    torch::Tensor final_norm(const torch::Tensor& hidden) const;
    torch::Tensor lm_head(const torch::Tensor& normed) const; // [..., D] -> [..., V]

    // Rotary tables, padding mask and causal mask for T new positions after `past` cached ones.
    LayerInputs layer_inputs(int64_t batch, int64_t length, const torch::Tensor& attention_mask,
                             const torch::Tensor& position_ids, KVCache* cache) const;
    torch::Tensor run_layer(int64_t index, const torch::Tensor& hidden,
                            const LayerInputs& in) const;
    const DecoderLayer& layer(int64_t index) const { return layers_.at(size_t(index)); }

    // Activation checkpointing of every layer while gradients are recorded and no KV cache is
    // used (engine/checkpointing.h); off by default.
    void set_activation_checkpointing(bool on) { checkpointing_ = on; }
    bool activation_checkpointing() const { return checkpointing_; }

    // Weights by Hugging Face name, in a stable order (lm_head.weight omitted when tied).
    std::vector<std::pair<std::string, torch::Tensor>> named_weights() const;
    // Expected shape of every weight by name, from the config.
    std::vector<std::pair<std::string, std::vector<int64_t>>> expected_shapes() const;
    // The projection layers (every 2-D weight but the embedding: q/k/v/o, gate/up/down, and
    // lm_head when untied), by Hugging Face name without ".weight": what LoRA can target.
    std::vector<std::pair<std::string, WeightImpl*>> named_linear_layers();

private:
    ModelConfig config_;
    Weight embed_tokens_{nullptr};     // [V, D]
    std::vector<DecoderLayer> layers_; // num_hidden_layers
    Weight norm_{nullptr};             // [D]
    Weight lm_head_{nullptr};          // [V, D]; null when tied to embed_tokens
    // RoPE tables for the positions used so far, float32 [P, Dh] with P <= max_position_embeddings:
    // they start at kInitialRopePositions and double when a longer sequence comes (Llama 3.1
    // declares 131,072 positions: 134 MB of tables at head_dim 128 if built up front).
    // Guarded by rope_mutex_ (forward is const and may run on worker threads).
    void ensure_rope(int64_t positions) const;
    mutable torch::Tensor rope_cos_, rope_sin_;
    mutable std::mutex rope_mutex_;
    bool checkpointing_ = false;
    // run_layer, checkpointed when set and gradients are being recorded.
    torch::Tensor layer_step(int64_t index, const torch::Tensor& hidden,
                             const LayerInputs& in) const;
};
TORCH_MODULE(LlamaModel);

} // namespace semcot
