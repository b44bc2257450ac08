#include "engine/config.h"

#include "common/error.h"
#include "common/json_keys.h"
#include "common/platform.h"

#include <nlohmann/json.hpp>

#include <cstdint>

namespace semcot {

namespace {

using nlohmann::json;


// bos_token_id: an integer, or a list whose first entry is taken.
void read_token_id(const json& j, const std::string& source, const char* key, int64_t& out) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return;
    if (it->is_number_integer()) {
        out = it->get<int64_t>();
    } else if (it->is_array() && !it->empty() && (*it)[0].is_number_integer()) {
        out = (*it)[0].get<int64_t>();
    } else {
        throw FormatError(source + ": key '" + key + "' must be an integer");
    }
}

} // namespace

std::optional<std::vector<int64_t>> read_token_id_list(const json& j, const std::string& source,
                                                       const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return std::nullopt;
    if (!it->is_array() && !it->is_number())
        throw FormatError(source + ": key '" + key +
                          "' must be a token id (an integer >= 0) or a list of them");
    std::vector<int64_t> ids;
    for (const auto& v : it->is_array() ? *it : json::array({*it})) {
        const bool id_like = v.is_number_unsigned()
                                 ? v.get<uint64_t>() <= uint64_t(INT64_MAX)
                                 : v.is_number_integer() && v.get<int64_t>() >= 0;
        if (!id_like)
            throw FormatError(source + ": key '" + key +
                              "' must be a token id (an integer >= 0) or a list of them");
        const int64_t id = v.get<int64_t>();
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    return ids;
}

void ModelConfig::validate() const {
    auto positive = [](int64_t v, const char* key) {
        if (v <= 0) throw FormatError(std::string("key '") + key + "' must be positive");
    };
    positive(hidden_size, "hidden_size");
    positive(intermediate_size, "intermediate_size");
    positive(num_hidden_layers, "num_hidden_layers");
    positive(num_attention_heads, "num_attention_heads");
    positive(num_key_value_heads, "num_key_value_heads");
    positive(vocab_size, "vocab_size");
    positive(max_position_embeddings, "max_position_embeddings");
    if (explicit_head_dim < 0) throw FormatError("key 'head_dim' must be positive");
    if (sliding_window < 0) throw FormatError("key 'sliding_window' must be positive");
    if (explicit_head_dim == 0 && hidden_size % num_attention_heads != 0)
        throw FormatError("hidden_size " + std::to_string(hidden_size) +
                          " is not divisible by num_attention_heads " +
                          std::to_string(num_attention_heads));
    if (num_attention_heads % num_key_value_heads != 0)
        throw FormatError("num_attention_heads " + std::to_string(num_attention_heads) +
                          " is not divisible by num_key_value_heads " +
                          std::to_string(num_key_value_heads));
    if (head_dim() % 2 != 0) throw FormatError("head dimension must be even for RoPE");
    if (!(rms_norm_eps > 0)) throw FormatError("key 'rms_norm_eps' must be positive");
    if (!(rope_theta > 0)) throw FormatError("key 'rope_theta' must be positive");
}

int64_t ModelConfig::parameter_count() const {
    const int64_t d = hidden_size, q = num_attention_heads * head_dim(),
                  kv = num_key_value_heads * head_dim();
    const int64_t attn = d * q * 2 + d * kv * 2 + (qkv_bias ? q + 2 * kv : 0) + (o_bias ? d : 0) +
                         (qk_norm ? 2 * head_dim() : 0);
    const int64_t mlp = 3 * d * intermediate_size + (mlp_bias ? 2 * intermediate_size + d : 0);
    const int64_t layer = attn + mlp + 2 * d; // + two norms
    const int64_t embed = vocab_size * d;
    return embed + num_hidden_layers * layer + d + (tie_word_embeddings ? 0 : embed);
}

namespace {

// What depends on model_type: which families are supported, biases, q/k norm, sliding window.
void read_family_keys(const json& j, const std::string& source, ModelConfig& c) {
    const std::string& type = c.model_type;
    if (type != "llama" && type != "mistral" && type != "qwen2" && type != "qwen3")
        throw FormatError(source + ": key 'model_type': unsupported model type '" + type +
                          "' (expected llama, mistral, qwen2 or qwen3)");
    read_key(j, source, "head_dim", c.explicit_head_dim, false);
    if (type == "qwen2") {
        c.qkv_bias = true; // Qwen2Attention: bias on q, k, v always, never on o
    } else {
        bool attention_bias = false;
        read_key(j, source, "attention_bias", attention_bias, false);
        c.qkv_bias = c.o_bias = attention_bias;
    }
    if (type == "llama") read_key(j, source, "mlp_bias", c.mlp_bias, false);
    c.qk_norm = type == "qwen3";
    // Sliding window: Mistral's applies to every layer. Qwen's (use_sliding_window) applies to
    // the layers from max_window_layers on, which this engine does not implement.
    if (type == "mistral") read_key(j, source, "sliding_window", c.sliding_window, false);
    if (type == "qwen2" || type == "qwen3") {
        bool use_window = false;
        read_key(j, source, "use_sliding_window", use_window, false);
        if (use_window)
            throw FormatError(source + ": key 'use_sliding_window': Qwen's per-layer sliding "
                                       "window is not supported");
    }
}

// RoPE: rope_theta and rope_scaling, or transformers v5's rope_parameters holding both.
void read_rope(const json& j, const std::string& source, ModelConfig& c) {
    const json* rope = nullptr;
    const char* rope_key = "rope_scaling";
    if (auto it = j.find("rope_parameters"); it != j.end() && !it->is_null()) {
        rope = &*it;
        rope_key = "rope_parameters";
    } else if (auto it2 = j.find("rope_scaling"); it2 != j.end() && !it2->is_null()) {
        rope = &*it2;
    }
    if (rope) {
        const std::string where = source + ": key '" + rope_key + "'";
        if (!rope->is_object()) throw FormatError(where + " must be an object");
        read_key(*rope, where, "rope_theta", c.rope_theta, false);
        std::string rtype = "default";
        read_key(*rope, where, "type", rtype, false); // older configs
        read_key(*rope, where, "rope_type", rtype, false);
        if (rtype != "default" && rtype != "linear" && rtype != "dynamic" && rtype != "llama3")
            throw FormatError(where + ": rope type '" + rtype +
                              "' is not supported (default, linear, dynamic, llama3)");
        c.rope_scaling.type = rtype;
        if (rtype != "default") {
            read_key(*rope, where, "factor", c.rope_scaling.factor, true);
            if (!(c.rope_scaling.factor >= 1.0))
                throw FormatError(where + ": 'factor' must be at least 1");
        }
        if (rtype == "llama3") {
            read_key(*rope, where, "low_freq_factor", c.rope_scaling.low_freq_factor, true);
            read_key(*rope, where, "high_freq_factor", c.rope_scaling.high_freq_factor, true);
            read_key(*rope, where, "original_max_position_embeddings",
                     c.rope_scaling.original_max_positions, true);
            if (!(c.rope_scaling.high_freq_factor > c.rope_scaling.low_freq_factor))
                throw FormatError(where + ": 'high_freq_factor' must exceed 'low_freq_factor'");
        }
    }
}

} // namespace

ModelConfig ModelConfig::from_json(const json& j, const std::string& source) {
    if (!j.is_object()) throw FormatError(source + ": expected a JSON object");
    ModelConfig c;
    read_key(j, source, "hidden_size", c.hidden_size, true);
    read_key(j, source, "intermediate_size", c.intermediate_size, true);
    read_key(j, source, "num_hidden_layers", c.num_hidden_layers, true);
    read_key(j, source, "num_attention_heads", c.num_attention_heads, true);
    c.num_key_value_heads = c.num_attention_heads; // Hugging Face's default
    read_key(j, source, "num_key_value_heads", c.num_key_value_heads, false);
    read_key(j, source, "vocab_size", c.vocab_size, true);
    read_key(j, source, "max_position_embeddings", c.max_position_embeddings, false);
    read_key(j, source, "rms_norm_eps", c.rms_norm_eps, false);
    read_key(j, source, "rope_theta", c.rope_theta, false);
    read_key(j, source, "tie_word_embeddings", c.tie_word_embeddings, false);
    read_token_id(j, source, "bos_token_id", c.bos_token_id);
    if (auto ids = read_token_id_list(j, source, "eos_token_id")) c.eos_token_ids = *ids;
    read_key(j, source, "model_type", c.model_type, false);
    read_key(j, source, "torch_dtype", c.torch_dtype, false);
    read_family_keys(j, source, c);
    read_rope(j, source, c);
    if (auto it = j.find("hidden_act"); it != j.end() && it->is_string() && *it != "silu")
        throw FormatError(source + ": key 'hidden_act': only 'silu' is supported");
    if (auto it = j.find("pretraining_tp"); it != j.end() && it->is_number_integer() && *it != 1)
        throw FormatError(source + ": key 'pretraining_tp': only 1 is supported");
    with_context(source, [&] { c.validate(); });
    return c;
}

ModelConfig ModelConfig::load(const std::filesystem::path& path) {
    const std::string text = read_file(path);
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        throw FormatError(path.string() + ": invalid JSON: " + e.what());
    }
    return from_json(j, path.string());
}

json ModelConfig::to_json() const {
    const char* architecture = model_type == "mistral" ? "MistralForCausalLM"
                               : model_type == "qwen2" ? "Qwen2ForCausalLM"
                               : model_type == "qwen3" ? "Qwen3ForCausalLM"
                                                       : "LlamaForCausalLM";
    json j{
        {"architectures", json::array({architecture})},
        {"model_type", model_type},
        {"hidden_size", hidden_size},
        {"intermediate_size", intermediate_size},
        {"num_hidden_layers", num_hidden_layers},
        {"num_attention_heads", num_attention_heads},
        {"num_key_value_heads", num_key_value_heads},
        {"vocab_size", vocab_size},
        {"max_position_embeddings", max_position_embeddings},
        {"rms_norm_eps", rms_norm_eps},
        {"rope_theta", rope_theta},
        {"tie_word_embeddings", tie_word_embeddings},
        {"bos_token_id", bos_token_id},
        {"eos_token_id", eos_token_ids.size() == 1 ? json(eos_token_ids.front())
                         : eos_token_ids.empty()   ? json()
                                                   : json(eos_token_ids)},
        {"hidden_act", "silu"},
        {"torch_dtype", torch_dtype},
    };
    if (model_type != "qwen2") j["attention_bias"] = qkv_bias;
    if (model_type == "llama") j["mlp_bias"] = mlp_bias;
    if (explicit_head_dim > 0) j["head_dim"] = explicit_head_dim;
    if (sliding_window > 0) j["sliding_window"] = sliding_window;
    if (rope_scaling.type != "default") {
        json r{{"rope_type", rope_scaling.type}, {"factor", rope_scaling.factor}};
        if (rope_scaling.type == "llama3") {
            r["low_freq_factor"] = rope_scaling.low_freq_factor;
            r["high_freq_factor"] = rope_scaling.high_freq_factor;
            r["original_max_position_embeddings"] = rope_scaling.original_max_positions;
        }
        j["rope_scaling"] = r;
    }
    return j;
}

void ModelConfig::save(const std::filesystem::path& path) const {
    write_file_atomic(path, to_json().dump(2) + "\n");
}

} // namespace semcot
