// LoRA adapters on a LlamaModel (Hu et al. 2021, "LoRA: Low-Rank Adaptation of Large Language
// Models"), computed and stored as Hugging Face PEFT does (peft/tuners/lora): a target layer
// y = x W^T + b becomes y + (alpha / r) * dropout(x) A^T B^T with A [r, in] initialised
// kaiming-uniform(a = sqrt(5)) (uniform in +-1/sqrt(in)) and B [out, r] zero, so a fresh adapter
// leaves the model's outputs unchanged. Only A and B train; the base weights stay frozen.
//
// On disk, PEFT's layout: adapter_config.json ("peft_type": "LORA", "r", "lora_alpha",
// "lora_dropout", "target_modules", ...) and adapter_model.safetensors with tensors
// "base_model.model.<layer>.lora_A.weight" [r, in] and "...lora_B.weight" [out, r], e.g.
// "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"; such a folder loads in
// PEFT (PeftModel.from_pretrained) and PEFT's adapters load here.
#pragma once

#include "engine/model.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace semcot {

struct LoraConfig {
    int64_t r = 16;        // rank (the paper's baselines: 16)
    double alpha = 32;     // lora_alpha; the update is scaled by alpha / r
    double dropout = 0.1;  // on the adapter's input, in training mode
    std::vector<std::string> target_modules = {"q_proj", "v_proj"}; // layer names' last part
    double scale() const { return alpha / double(r); }
    // Throws InvalidArgument naming the value when r < 1, alpha <= 0, dropout not in [0, 1)
    // or no target module.
    void validate() const;
    // adapter_config.json as PEFT writes it for a causal LM.
    nlohmann::json to_peft_json(const std::string& base_model) const;
    // PEFT's adapter_config.json; FormatError naming `source` and the key for a missing or
    // ill-typed key, a peft_type other than LORA, or options this engine does not compute
    // (use_rslora, use_dora, fan_in_fan_out, a bias other than "none", rank or alpha patterns).
    static LoraConfig from_peft_json(const nlohmann::json& json, const std::string& source);
};

// Adds a fresh adapter (A random from `seed`, B zero) to every projection layer whose name ends
// in one of config.target_modules. Returns the number of adapted layers; InvalidArgument when a
// target module matches no layer.
int64_t add_lora(LlamaModelImpl& model, const LoraConfig& config, uint64_t seed);
// The adapters' tensors by PEFT name ("base_model.model.<layer>.lora_A.weight"), in layer order.
std::vector<std::pair<std::string, torch::Tensor>> lora_weights(const LlamaModelImpl& model);
// Turns gradients on for the adapters only (every other weight off).
void set_lora_trainable(LlamaModelImpl& model);
// W += (alpha / r) B A in every adapted layer, then removes the adapters: the model computes
// the same function without them (within rounding).
void merge_lora(LlamaModelImpl& model);

// Writes adapter_config.json and adapter_model.safetensors (the adapters in float32) into
// `folder`. InvalidArgument when the model has no adapter; IoError when writing fails.
void save_peft_adapter(const std::filesystem::path& folder, const LlamaModelImpl& model,
                       const LoraConfig& config, const std::string& base_model);
// Reads a PEFT adapter folder, adds its adapters to `model` (in the model's dtype and device)
// and returns its config. FormatError naming the file and tensor for a missing or misshapen
// tensor, or a tensor of a layer the model does not have.
LoraConfig load_peft_adapter(const std::filesystem::path& folder, LlamaModelImpl& model);

} // namespace semcot
