#include "engine/config.h"

#include "common/error.h"
#include "common/platform.h"

#include <nlohmann/json.hpp>

#include <cstdint>

namespace semcot {

namespace {

using nlohmann::json;

// Reads `key` from `j` as T; `required` keys must be present. Errors name file and key.
template <typename T>
void read_key(const json& j, const std::string& source, const char* key, T& out, bool required) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        if (required) throw FormatError(source + ": missing key '" + key + "'");
        return;
    }
    if constexpr (std::is_same_v<T, bool>) {
        if (!it->is_boolean()) throw FormatError(source + ": key '" + key + "' must be a boolean");
    } else if constexpr (std::is_integral_v<T>) {
        if (!it->is_number_integer())
            throw FormatError(source + ": key '" + key + "' must be an integer");
    } else if constexpr (std::is_floating_point_v<T>) {
        if (!it->is_number()) throw FormatError(source + ": key '" + key + "' must be a number");
    } else {
        if (!it->is_string()) throw FormatError(source + ": key '" + key + "' must be a string");
    }
    out = it->get<T>();
}

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
    if (hidden_size % num_attention_heads != 0)
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
    const int64_t d = hidden_size, kv = num_key_value_heads * head_dim();
    const int64_t attn = d * d * 2 + d * kv * 2;   // q, o and k, v
    const int64_t mlp = 3 * d * intermediate_size; // gate, up, down
    const int64_t layer = attn + mlp + 2 * d;      // + two norms
    const int64_t embed = vocab_size * d;
    return embed + num_hidden_layers * layer + d + (tie_word_embeddings ? 0 : embed);
}

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
    if (c.model_type != "llama" && c.model_type != "mistral")
        throw FormatError(source + ": key 'model_type': unsupported model type '" + c.model_type +
                          "' (expected llama or mistral)");
    if (auto it = j.find("rope_scaling"); it != j.end() && !it->is_null())
        throw FormatError(source + ": key 'rope_scaling' is not supported");
    if (auto it = j.find("hidden_act"); it != j.end() && it->is_string() && *it != "silu")
        throw FormatError(source + ": key 'hidden_act': only 'silu' is supported");
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
    return json{
        {"architectures",
         json::array({model_type == "mistral" ? "MistralForCausalLM" : "LlamaForCausalLM"})},
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
        {"attention_bias", false},
        {"torch_dtype", torch_dtype},
    };
}

void ModelConfig::save(const std::filesystem::path& path) const {
    write_file_atomic(path, to_json().dump(2) + "\n");
}

} // namespace semcot
