// Small config.json contents of the Llama, Mistral, Qwen2 and Qwen3 families (issue 14), each
// with the keys that change its computation: explicit head_dim, biases, q/k norms, a sliding
// window, RoPE scaling. test_model_families checks them against a reference forward pass;
// test_family_runs trains SemCoT runs on models of these families.
#pragma once

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace test_families {

struct Family {
    const char* name;
    nlohmann::json config; // config.json keys beyond base_config()'s
};

// The keys every family shares: a 2-layer model of hidden size 32 and 97 tokens.
inline nlohmann::json base_config() {
    return {{"hidden_size", 32},
            {"intermediate_size", 56},
            {"num_hidden_layers", 2},
            {"num_attention_heads", 4},
            {"num_key_value_heads", 2},
            {"vocab_size", 97},
            {"max_position_embeddings", 64},
            {"rms_norm_eps", 1e-6},
            {"bos_token_id", 1},
            {"eos_token_id", 2}};
}

inline std::vector<Family> families() {
    return {
        {"llama3",
         {{"model_type", "llama"},
          {"hidden_size", 48},
          {"head_dim", 16}, // not 48 / 4
          {"attention_bias", true},
          {"mlp_bias", true},
          {"tie_word_embeddings", true},
          {"rope_theta", 500000.0},
          {"rope_scaling",
           {{"rope_type", "llama3"},
            {"factor", 8.0},
            {"low_freq_factor", 1.0},
            {"high_freq_factor", 4.0},
            {"original_max_position_embeddings", 16}}}}},
        {"llama_linear",
         {{"model_type", "llama"}, {"rope_scaling", {{"type", "linear"}, {"factor", 2.0}}}}},
        {"llama_v5_rope_parameters",
         {{"model_type", "llama"},
          {"rope_parameters", {{"rope_type", "default"}, {"rope_theta", 500000.0}}}}},
        {"mistral_window",
         {{"model_type", "mistral"},
          {"num_key_value_heads", 1},
          {"sliding_window", 4},
          {"rope_theta", 1000000.0}}},
        {"qwen2",
         {{"model_type", "qwen2"},
          {"tie_word_embeddings", true},
          {"rope_theta", 1000000.0},
          {"use_sliding_window", false},
          {"sliding_window", 4}}}, // ignored without use_sliding_window
        {"qwen3",
         {{"model_type", "qwen3"},
          {"head_dim", 16}, // not 32 / 4
          {"attention_bias", false},
          {"rope_theta", 1000000.0}}},
    };
}

// base_config() with family `name`'s keys and then `overrides` (sizes, token ids) on top.
inline nlohmann::json family_config(const std::string& name,
                                    const nlohmann::json& overrides = nlohmann::json::object()) {
    for (const Family& f : families())
        if (name == f.name) {
            nlohmann::json j = base_config();
            j.update(f.config);
            j.update(overrides);
            return j;
        }
    throw std::invalid_argument("no model family '" + name + "' in tests/support/model_families.h");
}

} // namespace test_families
