#include "engine/checkpoint.h"

#include "common/device.h"
#include "common/error.h"
#include "common/shape_string.h"
#include "common/platform.h"
#include "io/safetensors.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>
#include <torch/version.h>

#include <set>

namespace semcot {

namespace fs = std::filesystem;

namespace {

// Tensors some exporters leave in checkpoints that carry no weights we need.
bool is_ignorable(const std::string& name) {
    return name.find("rotary_emb.inv_freq") != std::string::npos;
}

} // namespace

namespace {

// Copies the checkpoint's tensors into `model`; returns the names it does not use.
std::vector<std::string> copy_weights(LlamaModelImpl& model, const safetensors::Checkpoint& ckpt) {
    torch::NoGradGuard no_grad;
    std::set<std::string> used;
    for (auto& [name, param] : model.named_weights()) {
        const auto& info = ckpt.info(name); // FormatError naming the folder and tensor if missing
        if (c10::IntArrayRef(info.shape) != param.sizes())
            throw FormatError(ckpt.file_of(name) + ": tensor '" + name + "' has shape " +
                              shape_string(info.shape) + " but config.json implies " +
                              shape_string(param.sizes()));
        param.copy_(ckpt.tensor(name));
        used.insert(name);
    }
    std::vector<std::string> unused;
    for (const auto& name : ckpt.names()) {
        if (used.count(name)) continue;
        if (!is_ignorable(name) &&
            !(name == "lm_head.weight" && model.config().tie_word_embeddings))
            throw FormatError(ckpt.file_of(name) + ": unexpected tensor '" + name +
                              "' (not part of a Llama model with this config.json)");
        unused.push_back(name);
    }
    return unused;
}

// The config.json keys a tensor's shape follows from, for errors.
std::string shape_keys(const std::string& name) {
    if (name.find("embed_tokens") != std::string::npos || name == "lm_head.weight")
        return "vocab_size, hidden_size";
    if (name.find("q_proj") != std::string::npos || name.find("o_proj") != std::string::npos)
        return "num_attention_heads, head_dim, hidden_size";
    if (name.find("k_proj") != std::string::npos || name.find("v_proj") != std::string::npos)
        return "num_key_value_heads, head_dim, hidden_size";
    if (name.find("mlp") != std::string::npos) return "intermediate_size, hidden_size";
    if (name.find("q_norm") != std::string::npos || name.find("k_norm") != std::string::npos)
        return "head_dim";
    return "hidden_size";
}

// config.json against the checkpoint's headers, before any weight is allocated: no more layers
// than the files have, and the shape of the embedding, the final norm, the head and every
// tensor of the first layer (from a model built on the meta device, which allocates nothing).
void check_config_against_headers(const ModelConfig& config,
                                  const safetensors::Checkpoint& ckpt, const fs::path& folder) {
    const std::string source = (folder / "config.json").string();
    int64_t layers = 0;
    static const std::string kLayers = "model.layers.";
    for (const auto& name : ckpt.names())
        if (name.compare(0, kLayers.size(), kLayers) == 0)
            layers = std::max<int64_t>(layers, std::stoll(name.substr(kLayers.size())) + 1);
    if (config.num_hidden_layers > layers) // more in the files: load_weights names them
        throw FormatError(source + ": key 'num_hidden_layers' is " +
                          std::to_string(config.num_hidden_layers) + " but the checkpoint has " +
                          std::to_string(layers) + " layers (model.layers.0 to model.layers." +
                          std::to_string(layers - 1) + ")");
    ModelConfig first = config;
    first.num_hidden_layers = std::min<int64_t>(config.num_hidden_layers, 1);
    first.rope_scaling = RopeScaling{}; // shapes do not depend on it; llama3's needs where()
    const LlamaModel meta(first, torch::TensorOptions().device(torch::kMeta));
    for (const auto& [name, param] : meta->named_weights()) {
        if (!ckpt.contains(name)) continue; // load_weights names what is missing
        const auto& shape = ckpt.info(name).shape;
        if (c10::IntArrayRef(shape) != param.sizes())
            throw FormatError(source + ": keys " + shape_keys(name) + " give tensor '" + name +
                              "' the shape " + shape_string(param.sizes()) + ", but " +
                              ckpt.file_of(name) + " has " + shape_string(shape));
    }
}

} // namespace

std::vector<std::string> load_weights(LlamaModelImpl& model, const fs::path& folder) {
    return copy_weights(model, safetensors::Checkpoint::open_folder(folder));
}

LoadedModel load_model_folder(const fs::path& folder, const LoadOptions& options) {
    if (!fs::is_directory(folder))
        throw IoError("model folder " + folder.string() + " does not exist");
    LoadedModel out;
    out.folder = folder;
    out.config = ModelConfig::load(folder / "config.json");
    // A stop id the model cannot emit is a typo in the file that names it.
    auto check_stop_ids = [&](const fs::path& file) {
        for (int64_t id : out.config.eos_token_ids)
            if (id >= out.config.vocab_size)
                throw FormatError(file.string() + ": key 'eos_token_id': id " + std::to_string(id) +
                                  " is outside the vocabulary of " +
                                  std::to_string(out.config.vocab_size));
    };
    check_stop_ids(folder / "config.json");
    if (const fs::path gen = folder / "generation_config.json"; fs::exists(gen)) {
        // transformers' generate() stops at generation_config.json's eos_token_id (Llama 3's
        // chat models list <|eot_id|> there, not in config.json), so it replaces config.json's.
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(read_file(gen));
        } catch (const nlohmann::json::exception& e) {
            throw FormatError(gen.string() + ": invalid JSON: " + e.what());
        }
        if (!j.is_object()) throw FormatError(gen.string() + ": expected a JSON object");
        if (auto ids = read_token_id_list(j, gen.string(), "eos_token_id")) {
            out.config.eos_token_ids = *ids;
            out.generation_config_eos = true;
            check_stop_ids(gen);
        }
    }
    if (options.load_tokenizer) {
        out.tokenizer = load_tokenizer(folder, &out.tokenizer_file, &out.tokenizer_reason);
        const int size = out.tokenizer->vocab_size();
        if (size > out.config.vocab_size)
            throw FormatError(out.tokenizer_file.string() + ": vocabulary of " +
                              std::to_string(size) + " tokens does not fit the embedding of " +
                              std::to_string(out.config.vocab_size) +
                              " rows (config.json vocab_size)");
    }
#if TORCH_VERSION_MAJOR < 2
    // LibTorch 1.13's CPU kernels have no float16 matrix-vector product ("addmv_impl_cpu" not
    // implemented for 'Half'): say so before loading instead of failing in the first forward.
    if (options.dtype == torch::kFloat16 && options.device.is_cpu())
        throw InvalidArgument("float16 is not supported on the CPU by this LibTorch (" +
                              std::string(TORCH_VERSION) + "); use bfloat16 or float32 there");
#endif
    // Allocate on the target device in the target dtype; weights are copied in one at a time,
    // so peak memory is one model plus one tensor, never a float32 copy of everything.
    const auto ckpt = safetensors::Checkpoint::open_folder(folder); // headers read once
    check_config_against_headers(out.config, ckpt, folder);
    out.model =
        LlamaModel(out.config, torch::TensorOptions().dtype(options.dtype).device(options.device));
    out.ignored_tensors = copy_weights(*out.model, ckpt);
    out.model->eval();
    return out;
}

void save_model_folder(const fs::path& folder, const LlamaModelImpl& model,
                       const Tokenizer* tokenizer,
                       std::optional<torch::ScalarType> dtype) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw IoError("cannot create " + folder.string() + ": " + ec.message());
    const auto out_dtype = dtype.value_or(model.dtype());
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (auto& [name, t] : model.named_weights())
        tensors.emplace_back(name, t.detach().to(out_dtype));
    safetensors::save(folder / "model.safetensors", tensors, {{"format", "pt"}});
    ModelConfig config = model.config();
    config.torch_dtype = dtype_name(out_dtype);
    config.save(folder / "config.json");
    if (tokenizer) tokenizer->save(folder);
}

} // namespace semcot
