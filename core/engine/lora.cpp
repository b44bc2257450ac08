#include "engine/lora.h"

#include "common/error.h"
#include "common/shape_string.h"
#include "common/json_keys.h"
#include "common/platform.h"
#include "io/safetensors.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <set>

namespace semcot {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr char kPeftPrefix[] = "base_model.model.";
constexpr char kConfigFile[] = "adapter_config.json";
constexpr char kWeightsFile[] = "adapter_model.safetensors";

// PEFT's rule: a target matches a layer named exactly so or ending in "." + target.
bool matches(const std::string& target, const std::string& layer) {
    return layer == target ||
           (layer.size() > target.size() &&
            layer.compare(layer.size() - target.size(), target.size(), target) == 0 &&
            layer[layer.size() - target.size() - 1] == '.');
}

} // namespace

void LoraConfig::validate() const {
    if (r < 1) throw InvalidArgument("LoRA rank r must be at least 1, not " + std::to_string(r));
    if (!(alpha > 0)) throw InvalidArgument("LoRA alpha must be positive");
    if (!(dropout >= 0 && dropout < 1)) throw InvalidArgument("LoRA dropout must be in [0, 1)");
    if (target_modules.empty()) throw InvalidArgument("LoRA needs at least one target module");
}

json LoraConfig::to_peft_json(const std::string& base_model) const {
    return {{"peft_type", "LORA"},
            {"task_type", "CAUSAL_LM"},
            {"base_model_name_or_path", base_model},
            {"r", r},
            {"lora_alpha", alpha},
            {"lora_dropout", dropout},
            {"target_modules", target_modules},
            {"bias", "none"},
            {"fan_in_fan_out", false},
            {"inference_mode", true},
            {"init_lora_weights", true},
            {"use_rslora", false},
            {"use_dora", false},
            {"modules_to_save", nullptr},
            {"rank_pattern", json::object()},
            {"alpha_pattern", json::object()}};
}

LoraConfig LoraConfig::from_peft_json(const json& j, const std::string& source) {
    if (!j.is_object()) throw FormatError(source + ": expected a JSON object");
    std::string type;
    read_key(j, source, "peft_type", type, /*required=*/true);
    if (type != "LORA") throw FormatError(source + ": peft_type '" + type + "' is not LORA");
    LoraConfig c;
    read_key(j, source, "r", c.r, true);
    read_key(j, source, "lora_alpha", c.alpha, true);
    read_key(j, source, "lora_dropout", c.dropout);
    const auto t = j.find("target_modules");
    if (t == j.end() || !(t->is_array() || t->is_string()))
        throw FormatError(source + ": key 'target_modules' must be a list of module names");
    c.target_modules = t->is_string() ? std::vector<std::string>{t->get<std::string>()}
                                      : t->get<std::vector<std::string>>();
    auto unsupported = [&](const char* key, const std::string& why) {
        throw FormatError(source + ": key '" + key + "' " + why + " is not supported");
    };
    for (const char* key : {"use_rslora", "use_dora", "fan_in_fan_out"})
        if (j.value(key, false)) unsupported(key, "true");
    if (j.value("bias", std::string("none")) != "none") unsupported("bias", "other than \"none\"");
    for (const char* key : {"rank_pattern", "alpha_pattern"})
        if (j.contains(key) && j[key].is_object() && !j[key].empty())
            unsupported(key, "(per-layer ranks)");
    with_context(source, [&] { c.validate(); });
    return c;
}

int64_t add_lora(LlamaModelImpl& model, const LoraConfig& config, uint64_t seed) {
    config.validate();
    torch::NoGradGuard ng;
    // Drawn in float32 on the CPU, as init_weights: a seed gives the same adapters everywhere.
    auto gen = at::detail::createCPUGenerator(seed);
    std::set<std::string> matched;
    int64_t n = 0;
    for (auto& [name, layer] : model.named_linear_layers()) {
        bool adapted = false;
        for (const auto& t : config.target_modules)
            if (matches(t, name)) {
                matched.insert(t);
                adapted = true;
            }
        if (!adapted) continue;
        const auto& w = layer->weight; // [out, in]
        const double bound = 1.0 / std::sqrt(double(w.size(1)));
        auto a = at::empty({config.r, w.size(1)}, torch::kFloat32)
                     .uniform_(-bound, bound, gen)
                     .to(w.options());
        auto b = at::zeros({w.size(0), config.r}, w.options());
        layer->add_lora(a, b, config.scale(), config.dropout);
        ++n;
    }
    for (const auto& t : config.target_modules)
        if (!matched.count(t))
            throw InvalidArgument("LoRA target module '" + t + "' matches no layer of the model");
    return n;
}

std::vector<std::pair<std::string, torch::Tensor>> lora_weights(const LlamaModelImpl& model) {
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto& p : model.named_parameters(/*recurse=*/true)) {
        if (p.key().find(".lora_") == std::string::npos) continue;
        // "x.q_proj.lora_A" -> "base_model.model.x.q_proj.lora_A.weight"
        out.emplace_back(kPeftPrefix + p.key() + ".weight", p.value());
    }
    return out;
}

void set_lora_trainable(LlamaModelImpl& model) {
    for (auto& p : model.named_parameters(/*recurse=*/true))
        p.value().set_requires_grad(p.key().find(".lora_") != std::string::npos);
}

void merge_lora(LlamaModelImpl& model) {
    torch::NoGradGuard ng;
    for (auto& [name, layer] : model.named_linear_layers()) {
        if (!layer->lora_A.defined()) continue;
        auto delta = at::matmul(layer->lora_B.to(torch::kFloat32), layer->lora_A.to(torch::kFloat32));
        layer->weight.add_((delta * layer->lora_scale).to(layer->weight.scalar_type()));
        layer->remove_lora();
    }
}

void save_peft_adapter(const fs::path& folder, const LlamaModelImpl& model,
                       const LoraConfig& config, const std::string& base_model) {
    auto weights = lora_weights(model);
    if (weights.empty()) throw InvalidArgument("the model has no LoRA adapter to save");
    for (auto& [name, t] : weights) t = t.detach().to(torch::kCPU, torch::kFloat32).contiguous();
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw IoError("cannot create " + folder.string() + ": " + ec.message());
    safetensors::save(folder / kWeightsFile, weights, {{"format", "pt"}});
    write_file_atomic(folder / kConfigFile, config.to_peft_json(base_model).dump(2) + "\n");
}

LoraConfig load_peft_adapter(const fs::path& folder, LlamaModelImpl& model) {
    const fs::path config_path = folder / kConfigFile, weights_path = folder / kWeightsFile;
    json j;
    try {
        j = json::parse(read_file(config_path));
    } catch (const json::exception& e) {
        throw FormatError(config_path.string() + ": invalid JSON: " + e.what());
    }
    const LoraConfig config = LoraConfig::from_peft_json(j, config_path.string());
    auto file = safetensors::File::open(weights_path);
    const std::string source = weights_path.string();
    std::set<std::string> used;
    torch::NoGradGuard ng;
    for (auto& [name, layer] : model.named_linear_layers()) {
        const std::string a_name = kPeftPrefix + name + ".lora_A.weight",
                          b_name = kPeftPrefix + name + ".lora_B.weight";
        if (!file.contains(a_name) && !file.contains(b_name)) continue;
        for (const auto& n : {a_name, b_name})
            if (!file.contains(n)) throw FormatError(source + ": missing tensor '" + n + "'");
        const auto& w = layer->weight;
        auto a = file.tensor(a_name).to(w.options()), b = file.tensor(b_name).to(w.options());
        const std::vector<int64_t> want_a{config.r, w.size(1)}, want_b{w.size(0), config.r};
        if (a.sizes() != c10::IntArrayRef(want_a) || b.sizes() != c10::IntArrayRef(want_b))
            throw FormatError(source + ": " + name + "'s adapter has shapes " +
                              shape_string(a.sizes()) + " and " + shape_string(b.sizes()) +
                              "; r = " + std::to_string(config.r) + " and the layer's weight " +
                              shape_string(w.sizes()) + " need " + shape_string(want_a) +
                              " and " + shape_string(want_b));
        layer->add_lora(a, b, config.scale(), config.dropout);
        used.insert(a_name);
        used.insert(b_name);
    }
    for (const auto& info : file.tensors())
        if (!used.count(info.name))
            throw FormatError(source + ": tensor '" + info.name +
                              "' is not an adapter of a layer of this model");
    return config;
}

} // namespace semcot
