// Hugging Face model folders: config.json + *.safetensors (+ tokenizer.model or tokenizer.json).
// A folder saved
// here opens in transformers' LlamaForCausalLM, and transformers' folders open here.
#pragma once

#include "engine/model.h"
#include "tokenizer/tokenizer.h"

#include <torch/types.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace semcot {

struct LoadOptions {
    torch::Device device = torch::kCPU;        // where the weights go
    torch::ScalarType dtype = torch::kFloat32; // what they are cast to
    bool load_tokenizer = true;                // require and load tokenizer.model or tokenizer.json
};

struct LoadedModel {
    std::filesystem::path folder;
    ModelConfig config;
    LlamaModel model{nullptr};
    // The folder's tokenizer (load_tokenizer: tokenizer.model when present, else
    // tokenizer.json; for Llama 2, TinyLlama and Mistral the two give the same ids); null when
    // not loaded.
    std::unique_ptr<Tokenizer> tokenizer;
    std::filesystem::path tokenizer_file; // the file loaded
    std::string tokenizer_reason;         // why that file, for `semcot info`
    std::vector<std::string> ignored_tensors; // in the files but not used (e.g. rotary inv_freq)
    bool generation_config_eos = false; // config.eos_token_ids came from generation_config.json
};

// Loads a folder. generation_config.json, when present, supplies the stop ids
// (config.eos_token_ids; see ModelConfig). Every inconsistency is a FormatError naming the file and
// the tensor or key: missing tensor, shape that disagrees with config.json, a tokenizer larger than
// the embedding.
LoadedModel load_model_folder(const std::filesystem::path& folder, const LoadOptions& options = {});

// Copies checkpoint tensors into `model` (casting to its dtype and device), checking names and
// shapes against the config. Returns the names in the files that the model does not use.
std::vector<std::string> load_weights(LlamaModelImpl& model, const std::filesystem::path& folder);

// Writes config.json, model.safetensors and (when given) the tokenizer files into `folder`,
// each atomically. Weights are saved in `dtype` (default: the model's).
void save_model_folder(const std::filesystem::path& folder, const LlamaModelImpl& model,
                       const Tokenizer* tokenizer = nullptr,
                       std::optional<torch::ScalarType> dtype = std::nullopt);

} // namespace semcot
