#include "analysis/decoder.h"

#include "common/error.h"
#include "common/json_keys.h"
#include "common/platform.h"
#include "common/shape_string.h"
#include "engine/checkpoint.h"
#include "engine/generate.h"
#include "io/safetensors.h"
#include "semcot/inference.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>
#include <torch/utils.h>

namespace semcot {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {
constexpr const char* kDecoderJson = "decoder.json";
constexpr const char* kDecoderTensors = "decoder.safetensors";
} // namespace

std::string condition_name(DecoderCondition c) {
    switch (c) {
    case DecoderCondition::tokens:
        return "tokens";
    case DecoderCondition::random:
        return "random";
    case DecoderCondition::none:
        return "none";
    }
    return "tokens";
}

DecoderCondition parse_condition(const std::string& name) {
    for (auto c : {DecoderCondition::tokens, DecoderCondition::random, DecoderCondition::none})
        if (condition_name(c) == name) return c;
    throw InvalidArgument("unknown decoder condition '" + name +
                          "' (expected tokens, random or none)");
}

json DecoderConfig::to_json() const {
    return {{"lm", lm},
            {"method", method},
            {"condition", condition},
            {"latent_count", latent_count},
            {"latent_dim", latent_dim},
            {"prompt", prompt},
            {"max_length", max_length},
            {"seed", seed},
            {"teacher_folder", teacher_folder}};
}

DecoderConfig DecoderConfig::from_json(const json& j, const std::string& source) {
    if (!j.is_object()) throw FormatError(source + ": the decoder config must be an object");
    DecoderConfig c;
    read_key(j, source, "lm", c.lm, true);
    read_key(j, source, "method", c.method, true);
    read_key(j, source, "condition", c.condition, true);
    read_key(j, source, "latent_count", c.latent_count, true);
    read_key(j, source, "latent_dim", c.latent_dim, true);
    read_key(j, source, "prompt", c.prompt, true);
    read_key(j, source, "max_length", c.max_length);
    read_key(j, source, "seed", c.seed);
    read_key(j, source, "teacher_folder", c.teacher_folder);
    if (c.lm != "student" && c.lm != "teacher")
        throw FormatError(source + ": key 'lm' must be \"student\" or \"teacher\", not \"" + c.lm +
                          "\"");
    if (c.latent_count < 0 || c.latent_dim <= 0)
        throw FormatError(source + ": latent_count must be >= 0 and latent_dim > 0");
    return c;
}

ImplicitDecoderImpl::ImplicitDecoderImpl(LlamaModel lm, const DecoderConfig& config,
                                         const torch::Tensor& latent_mean,
                                         const torch::Tensor& latent_std)
    : config_(config) {
    if (config.latent_dim <= 0)
        throw InvalidArgument("decoder: latent_dim must be positive, got " +
                              std::to_string(config.latent_dim));
    if (latent_mean.numel() != config.latent_dim || latent_std.numel() != config.latent_dim)
        throw InvalidArgument("decoder: latent mean and std must have " +
                              std::to_string(config.latent_dim) + " values");
    const auto device = lm->device();
    lm_ = register_module("lm", std::move(lm));
    torch::manual_seed(config.seed);
    projection_ = register_module("projection", torch::nn::Linear(torch::nn::LinearOptions(
                                                    config.latent_dim, lm_->config().hidden_size)));
    projection_->to(device, torch::kFloat32);
    auto opts = torch::TensorOptions().dtype(torch::kFloat32).device(device);
    mean_ = register_buffer("latent_mean", latent_mean.to(opts).reshape({-1}).clone());
    // A constant dimension would divide by 0: it then passes unscaled.
    std_ = register_buffer("latent_std",
                           at::where(latent_std.to(opts).reshape({-1}) > 1e-8,
                                     latent_std.to(opts).reshape({-1}), at::ones_like(mean_)));
}

torch::Tensor ImplicitDecoderImpl::input_embeds(const torch::Tensor& latents,
                                                const torch::Tensor& ids, int64_t head) {
    const auto dtype = lm_->dtype();
    auto tokens = lm_->embed(ids.to(lm_->device())); // [B, T, D]
    if (latents.size(1) == 0) return tokens;
    TORCH_CHECK(latents.dim() == 3 && latents.size(2) == config_.latent_dim,
                "decoder: latents must be [B, n, ", config_.latent_dim, "]");
    auto z = (latents.to(mean_.device(), torch::kFloat32) - mean_) / std_; // [B, n, Dt]
    auto projected = projection_->forward(z).to(dtype);                    // [B, n, D]
    return at::cat({tokens.slice(1, 0, head), projected, tokens.slice(1, head)}, 1);
}

void ImplicitDecoderImpl::set_trainable() {
    for (auto& p : lm_->parameters()) p.set_requires_grad(config_.lm == "student");
    for (auto& p : projection_->parameters()) p.set_requires_grad(true);
}

void ImplicitDecoderImpl::save(const fs::path& folder, const Tokenizer& tokenizer,
                               const json& summary) const {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw IoError("cannot create " + folder.string() + ": " + ec.message());
    auto cpu = [](const torch::Tensor& t) { return t.detach().to(torch::kCPU, torch::kFloat32); };
    safetensors::save(folder / kDecoderTensors, {{"projection.weight", cpu(projection_->weight)},
                                                 {"projection.bias", cpu(projection_->bias)},
                                                 {"latent_mean", cpu(mean_)},
                                                 {"latent_std", cpu(std_)}});
    if (config_.lm == "student") save_model_folder(folder / "lm", *lm_, &tokenizer);
    const json j = {
        {"format", kDecoderFormat}, {"config", config_.to_json()}, {"summary", summary}};
    write_file_atomic(folder / kDecoderJson, j.dump(2) + "\n");
}

bool has_decoder(const fs::path& folder) {
    return fs::exists(folder / kDecoderJson);
}

namespace {

json read_decoder_json(const fs::path& folder) {
    const fs::path path = folder / kDecoderJson;
    if (!fs::exists(path))
        throw InvalidArgument(folder.string() +
                              " holds no implicit-token decoder (no decoder.json; semcot "
                              "train-decoder --run RUN writes one)");
    json j;
    try {
        j = json::parse(read_file(path));
    } catch (const json::exception& e) {
        throw FormatError(path.string() + ": invalid JSON: " + e.what());
    }
    std::string format;
    read_key(j, path.string(), "format", format, true);
    if (format != kDecoderFormat)
        throw FormatError(path.string() + ": format '" + format + "' is not " + kDecoderFormat);
    return j;
}

// A decoder.safetensors tensor of the expected shape.
torch::Tensor decoder_tensor(const safetensors::File& file, const std::string& name,
                             const std::vector<int64_t>& shape) {
    auto t = file.tensor(name).to(torch::kFloat32);
    if (t.sizes().vec() != shape)
        throw FormatError(file.path().string() + ": tensor '" + name + "' has shape " +
                          shape_string(t.sizes()) + ", expected " + shape_string(shape));
    return t;
}

} // namespace

LoadedDecoder load_decoder(const fs::path& folder, const torch::Device& device) {
    const json j = read_decoder_json(folder);
    const std::string source = (folder / kDecoderJson).string();
    if (!j.contains("config")) throw FormatError(source + ": missing key 'config'");
    const auto config = DecoderConfig::from_json(j["config"], source);
    LoadOptions lo;
    lo.device = device;
    const fs::path lm_folder =
        config.lm == "student" ? folder / "lm" : fs::path(config.teacher_folder);
    if (config.lm == "teacher" && config.teacher_folder.empty())
        throw FormatError(source + ": a teacher decoder needs 'teacher_folder'");
    LoadedDecoder out;
    out.folder = folder;
    auto lm = load_model_folder(lm_folder, lo);
    out.tokenizer = std::move(lm.tokenizer);
    const int64_t d = lm.config.hidden_size, dt = config.latent_dim;
    const auto file = safetensors::File::open(folder / kDecoderTensors);
    out.decoder = ImplicitDecoder(lm.model, config, decoder_tensor(file, "latent_mean", {dt}),
                                  decoder_tensor(file, "latent_std", {dt}));
    torch::NoGradGuard no_grad;
    out.decoder->projection()->weight.copy_(decoder_tensor(file, "projection.weight", {d, dt}));
    out.decoder->projection()->bias.copy_(decoder_tensor(file, "projection.bias", {d}));
    for (auto& p : out.decoder->parameters()) p.set_requires_grad(false);
    out.decoder->eval();
    out.summary = j.value("summary", json::object());
    return out;
}

std::vector<std::string> decode_reasoning(ImplicitDecoderImpl& decoder, const Tokenizer& tokenizer,
                                          const torch::Tensor& latents, int64_t max_new_tokens,
                                          int64_t batch_size) {
    if (latents.dim() != 3)
        throw InvalidArgument("decode_reasoning: latents must be [B, n, Dt], got " +
                              std::to_string(latents.dim()) + " dimensions");
    if (batch_size <= 0 || max_new_tokens <= 0)
        throw InvalidArgument("decode_reasoning: batch size and max_new_tokens must be positive");
    c10::InferenceMode guard;
    auto& lm = *decoder.lm();
    const auto prompt =
        encode_with_bos(tokenizer, decoder.config().prompt, lm.config().max_position_embeddings);
    const int64_t head = tokenizer.add_bos() ? 1 : 0;
    GenerateParams gp;
    gp.max_new_tokens = std::max<int64_t>(
        1, std::min(max_new_tokens, lm.config().max_position_embeddings - int64_t(prompt.size()) -
                                        latents.size(1)));
    std::vector<std::string> out;
    for (int64_t b = 0; b < latents.size(0); b += batch_size) {
        auto lat = latents.slice(0, b, std::min(latents.size(0), b + batch_size));
        auto ids = at::tensor(prompt, torch::kInt64).view({1, -1}).expand({lat.size(0), -1});
        auto embeds = decoder.input_embeds(lat, ids, head);
        auto mask = at::ones({embeds.size(0), embeds.size(1)},
                             torch::TensorOptions().dtype(torch::kInt64).device(lm.device()));
        for (const auto& r : generate_batch(lm, embeds, mask, gp))
            out.push_back(tokenizer.decode(std::vector<int>(r.tokens.begin(), r.tokens.end())));
    }
    return out;
}

} // namespace semcot
