#include "semcot/sentence_transformer.h"

#include "common/error.h"
#include "common/shape_string.h"
#include "common/json_keys.h"
#include "common/platform.h"
#include "io/safetensors.h"
#include "semcot/losses.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <set>

namespace semcot {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {


// The ST's own LlamaModel config: the teacher's shapes, only the copied layers, and a
// one-row tied embedding so no vocabulary-sized matrix is allocated.
ModelConfig layers_config(const ModelConfig& teacher, const SentenceTransformerConfig& st) {
    ModelConfig c = teacher;
    c.num_hidden_layers = st.num_layers();
    c.vocab_size = 1;
    c.tie_word_embeddings = true;
    return c;
}

// Name of the unused one-row embedding inside layers_model (never saved, never trained).
constexpr const char* kDummyEmbedding = "model.embed_tokens.weight";

} // namespace

SentenceTransformerImpl::SentenceTransformerImpl(const ModelConfig& teacher_config,
                                                 const SentenceTransformerConfig& config,
                                                 const torch::TensorOptions& options)
    : config_(config)
    , teacher_config_(teacher_config) {
    config_.validate();
    config_.validate_against(teacher_config_);
    layers_model = register_module("layers_model",
                                   LlamaModel(layers_config(teacher_config_, config_), options));
    projection = register_module(
        "projection",
        torch::nn::Linear(
            torch::nn::LinearOptions(teacher_config_.hidden_size, config_.output_dim).bias(true)));
    projection->to(options.device(), torch::kFloat32);
    {
        // The unused embedding row is zeroed so no uninitialised memory is ever read.
        torch::NoGradGuard no_grad;
        for (auto& p : layers_model->named_parameters(/*recurse=*/true))
            if (p.key() == kDummyEmbedding) p.value().zero_();
    }
    set_trainable(/*projection_only=*/false);
}

SentenceTransformerImpl::SentenceTransformerImpl(const LlamaModelImpl& teacher,
                                                 const SentenceTransformerConfig& config,
                                                 uint64_t seed)
    : SentenceTransformerImpl(
          teacher.config(), config,
          torch::TensorOptions().dtype(teacher.dtype()).device(teacher.device())) {
    torch::NoGradGuard no_grad;
    // Deep copies of teacher layer start+i (as layer i) and of the final norm.
    const auto teacher_params = teacher.named_parameters(/*recurse=*/true);
    const std::string layer_prefix = "model.layers.";
    for (auto& p : layers_model->named_parameters(/*recurse=*/true)) {
        const std::string& name = p.key();
        if (name == kDummyEmbedding) continue;
        std::string source = name;
        if (name.rfind(layer_prefix, 0) == 0) {
            const size_t dot = name.find('.', layer_prefix.size());
            const int64_t i =
                std::stoll(name.substr(layer_prefix.size(), dot - layer_prefix.size()));
            source = layer_prefix + std::to_string(config_.start_layer + i) + name.substr(dot);
        }
        const torch::Tensor* from = teacher_params.find(source);
        if (!from) throw InvalidArgument("teacher has no weight '" + source + "'");
        p.value().copy_(*from);
    }
    // nn.Linear's default scheme, drawn in float32 on the CPU from `seed` so that a seed
    // gives the same projection on every device.
    auto gen = at::detail::createCPUGenerator(seed);
    const double bound = 1.0 / std::sqrt(double(teacher_config_.hidden_size));
    auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
    projection->weight.copy_(
        at::empty(projection->weight.sizes(), f32).uniform_(-bound, bound, gen));
    projection->bias.copy_(at::empty(projection->bias.sizes(), f32).uniform_(-bound, bound, gen));
}

torch::Tensor SentenceTransformerImpl::forward(const torch::Tensor& hidden_in,
                                               const torch::Tensor& mask) {
    if (!hidden_in.defined() || hidden_in.dim() != 3 ||
        hidden_in.size(2) != teacher_config_.hidden_size)
        throw InvalidArgument("sentence transformer input must be [B, T, " +
                              std::to_string(teacher_config_.hidden_size) + "]");
    const auto dev = layers_model->device();
    const int64_t B = hidden_in.size(0), T = hidden_in.size(1);
    torch::Tensor m =
        mask.defined() ? mask.to(dev, torch::kInt64)
                       : at::ones({B, T}, torch::TensorOptions().dtype(torch::kInt64).device(dev));
    auto h = hidden_in.to(dev, layers_model->dtype());           // [B, T, Dt]
    h = layers_model->run_layers(h, 0, config_.num_layers(), m); // [B, T, Dt]
    h = layers_model->final_norm(h);                             // [B, T, Dt]
    // Pooling and projection in float32 whatever the layers' dtype.
    auto pooled =
        config_.pooling == "max" ? masked_max_pool(h, m) : masked_mean_pool(h, m); // [B, Dt]
    return projection->forward(pooled.to(projection->weight.device())); // [B, output_dim]
}

torch::Tensor SentenceTransformerImpl::teacher_hidden_at(const LlamaModelImpl& teacher,
                                                         const torch::Tensor& input_embeds,
                                                         const torch::Tensor& mask, int64_t start) {
    if (!input_embeds.defined() || input_embeds.dim() != 3 ||
        input_embeds.size(2) != teacher.config().hidden_size)
        throw InvalidArgument("input embeddings must be [B, T, " +
                              std::to_string(teacher.config().hidden_size) + "]");
    auto h = input_embeds.to(teacher.device(), teacher.dtype()); // keeps the autograd graph
    return teacher.run_layers(h, 0, start, mask);
}

torch::Tensor SentenceTransformerImpl::encode_ids(const LlamaModelImpl& teacher,
                                                  const torch::Tensor& ids,
                                                  const torch::Tensor& mask) {
    if (!ids.defined() || ids.dim() != 2) throw InvalidArgument("token ids must be [B, T]");
    return encode_embeds(teacher, teacher.embed(ids.to(teacher.device(), torch::kInt64)), mask);
}

torch::Tensor SentenceTransformerImpl::encode_embeds(const LlamaModelImpl& teacher,
                                                     const torch::Tensor& embeds,
                                                     const torch::Tensor& mask) {
    if (teacher.config().hidden_size != teacher_config_.hidden_size ||
        teacher.config().num_hidden_layers < config_.end_layer)
        throw InvalidArgument("teacher does not match the sentence transformer's teacher config");
    return forward(teacher_hidden_at(teacher, embeds, mask, config_.start_layer), mask);
}

void SentenceTransformerImpl::set_trainable(bool projection_only) {
    for (auto& p : layers_model->named_parameters(/*recurse=*/true))
        p.value().set_requires_grad(!projection_only && p.key() != kDummyEmbedding);
    for (auto& p : projection->parameters()) p.set_requires_grad(true);
}

std::vector<torch::Tensor> SentenceTransformerImpl::trainable_parameters() const {
    std::vector<torch::Tensor> out;
    for (const auto& p : parameters(/*recurse=*/true))
        if (p.requires_grad()) out.push_back(p);
    return out;
}

void SentenceTransformerImpl::to_device(const torch::Device& device, torch::ScalarType dtype) {
    layers_model->to_device(device, dtype);
    projection->to(device, torch::kFloat32);
}

std::vector<std::pair<std::string, torch::Tensor>> SentenceTransformerImpl::named_weights() const {
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto& p : layers_model->named_parameters(/*recurse=*/true))
        if (p.key() != kDummyEmbedding) out.emplace_back("layers_model." + p.key(), p.value());
    for (const auto& p : projection->named_parameters(/*recurse=*/false))
        out.emplace_back("projection." + p.key(), p.value());
    return out;
}

void SentenceTransformerImpl::save(const fs::path& folder) const {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw IoError("cannot create " + folder.string() + ": " + ec.message());
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (auto& [name, t] : named_weights()) tensors.emplace_back(name, t.detach());
    safetensors::save(folder / kSentenceTransformerWeights, tensors);
    json j = config_.to_json();
    j["teacher_hidden_size"] = teacher_config_.hidden_size;
    j["teacher_num_hidden_layers"] = teacher_config_.num_hidden_layers;
    write_file_atomic(folder / kSentenceTransformerConfig, j.dump(2) + "\n");
}

SentenceTransformer SentenceTransformerImpl::load(const fs::path& folder,
                                                  const ModelConfig& teacher_config,
                                                  const torch::TensorOptions& options) {
    const fs::path json_path = folder / kSentenceTransformerConfig;
    const std::string source = json_path.string();
    json j;
    try {
        j = json::parse(read_file(json_path));
    } catch (const json::exception& e) {
        throw FormatError(source + ": invalid JSON: " + e.what());
    }
    const auto config = SentenceTransformerConfig::from_json(j, source);
    int64_t teacher_hidden = 0;
    read_key(j, source, "teacher_hidden_size", teacher_hidden, /*required=*/true);
    if (teacher_hidden != teacher_config.hidden_size)
        throw FormatError(source + ": key 'teacher_hidden_size' is " +
                          std::to_string(teacher_hidden) +
                          " but the teacher's hidden_size is " +
                          std::to_string(teacher_config.hidden_size));
    if (config.end_layer > teacher_config.num_hidden_layers)
        throw FormatError(source + ": key 'end_layer' " + std::to_string(config.end_layer) +
                          " exceeds the teacher's " +
                          std::to_string(teacher_config.num_hidden_layers) + " layers");

    SentenceTransformer st(teacher_config, config, options);
    const fs::path weights_path = folder / kSentenceTransformerWeights;
    auto file = safetensors::File::open(weights_path);
    const std::string wsource = weights_path.string();
    torch::NoGradGuard no_grad;
    std::set<std::string> expected;
    for (auto& [name, param] : st->named_weights()) {
        expected.insert(name);
        if (!file.contains(name)) throw FormatError(wsource + ": missing tensor '" + name + "'");
        const auto& info = file.info(name);
        if (c10::IntArrayRef(info.shape) != param.sizes())
            throw FormatError(wsource + ": tensor '" + name + "' has shape " +
                              shape_string(info.shape) + " but " + shape_string(param.sizes()) +
                              " was expected");
        param.copy_(file.tensor(name));
    }
    for (const auto& info : file.tensors())
        if (!expected.count(info.name))
            throw FormatError(wsource + ": unexpected tensor '" + info.name + "'");
    return st;
}

} // namespace semcot
