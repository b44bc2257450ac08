// Hyperparameters of a Llama-family decoder, read from a Hugging Face config.json. One code
// path serves the families that differ only in the keys below (transformers' modeling files):
//   llama    LlamaForCausalLM: rope_scaling (default, linear, dynamic, llama3), explicit
//            head_dim, attention_bias (q, k, v and o), mlp_bias;
//   mistral  MistralForCausalLM: sliding_window (keys further back than the window are masked);
//   qwen2    Qwen2ForCausalLM: biases on q, k and v (never on o), sliding window only with
//            use_sliding_window;
//   qwen3    Qwen3ForCausalLM: RMSNorm over each head of q and k before RoPE (q_norm, k_norm),
//            explicit head_dim, attention_bias on q, k, v and o.
// A key that changes the computation and is not implemented is a FormatError naming it.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace semcot {

// A token id key of a Hugging Face config ("eos_token_id"): an integer or a list of them, as a
// list without repeats; nullopt when the key is absent or null. Throws FormatError naming
// `source` and the key for anything else.
std::optional<std::vector<int64_t>> read_token_id_list(const nlohmann::json& json,
                                                       const std::string& source, const char* key);

// RoPE frequency scaling (config.json rope_scaling, or transformers v5 rope_parameters), as
// transformers' modeling_rope_utils computes it:
//   default  inv_freq[i] = theta^(-2i/Dh);
//   linear   inv_freq / factor (positions interpolated);
//   dynamic  NTK-aware: equal to default up to max_position_embeddings, the only positions this
//            engine runs;
//   llama3   Llama 3.1: wavelengths above original/low_freq_factor divided by factor, below
//            original/high_freq_factor kept, smoothly interpolated between.
struct RopeScaling {
    std::string type = "default";          // default | linear | dynamic | llama3
    double factor = 1.0;                   // linear, dynamic, llama3
    double low_freq_factor = 1.0;          // llama3
    double high_freq_factor = 4.0;         // llama3
    int64_t original_max_positions = 8192; // llama3: original_max_position_embeddings
};

struct ModelConfig {
    int64_t hidden_size = 64;               // d_model
    int64_t intermediate_size = 172;        // SwiGLU hidden width
    int64_t num_hidden_layers = 5;          // decoder layers
    int64_t num_attention_heads = 8;        // query heads
    int64_t num_key_value_heads = 8;        // key/value heads (GQA when < query heads)
    int64_t vocab_size = 512;               // rows of the embedding table
    int64_t max_position_embeddings = 2048; // longest context the model supports
    double rms_norm_eps = 1e-5;             // epsilon inside RMSNorm
    double rope_theta = 10000.0;            // RoPE base frequency
    bool tie_word_embeddings = false;       // lm_head shares the embedding matrix
    int64_t bos_token_id = 1;               // begin-of-sequence id (-1: none)
    // Ids that end a sequence: config.json's eos_token_id, an int or a list (Llama 3.x lists
    // three); load_model_folder replaces it with generation_config.json's eos_token_id when that
    // file has one, as transformers' generate() does. Generation stops at the first generated
    // id in the set; the first id is the EOS appended to training targets. Empty: none.
    std::vector<int64_t> eos_token_ids = {2};
    std::string model_type = "llama";    // llama, mistral, qwen2 or qwen3 (see above)
    std::string torch_dtype = "float32"; // dtype the checkpoint was saved in
    int64_t explicit_head_dim = 0; // config.json "head_dim"; 0: hidden_size / num_attention_heads
    bool qkv_bias = false;         // q_proj, k_proj, v_proj have biases [out]
    bool o_bias = false;           // o_proj has a bias [hidden_size]
    bool mlp_bias = false;         // gate_proj, up_proj, down_proj have biases
    bool qk_norm = false;          // RMSNorm weights [head_dim] over each head of q and k (Qwen3)
    int64_t sliding_window = 0;    // keys at distance >= window are masked; 0: none (Mistral)
    RopeScaling rope_scaling;      // rope_scaling / rope_parameters

    int64_t eos_token_id() const { return eos_token_ids.empty() ? -1 : eos_token_ids.front(); }
    bool is_eos(int64_t id) const {
        return std::find(eos_token_ids.begin(), eos_token_ids.end(), id) != eos_token_ids.end();
    }
    int64_t head_dim() const {
        return explicit_head_dim > 0 ? explicit_head_dim : hidden_size / num_attention_heads;
    }
    // Throws FormatError when the numbers cannot describe a model (e.g. heads do not divide).
    void validate() const;
    // Number of parameters of the full model.
    int64_t parameter_count() const;

    // Reads a Hugging Face config.json. Missing or ill-typed keys give a FormatError naming
    // the file and the key. Optional keys fall back to Hugging Face's defaults.
    static ModelConfig from_json(const nlohmann::json& json, const std::string& source);
    static ModelConfig load(const std::filesystem::path& config_json);
    // A config.json that Hugging Face transformers (LlamaForCausalLM) reads back.
    nlohmann::json to_json() const;
    void save(const std::filesystem::path& config_json) const;
};

} // namespace semcot
