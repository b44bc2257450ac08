#include "semcot/contemplation_generator.h"

#include "common/error.h"
#include "common/platform.h"
#include "engine/checkpoint.h"
#include "io/safetensors.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

namespace semcot {

namespace fs = std::filesystem;

ContemplationGeneratorImpl::ContemplationGeneratorImpl(LlamaModel student,
                                                       const ContemplationConfig& config)
    : config_(config)
    , student_(std::move(student)) {
    if (config_.thought_id < 0 || config_.thought_id >= student_->config().vocab_size)
        throw InvalidArgument("contemplation generator: <thought> id " +
                              std::to_string(config_.thought_id) +
                              " outside the student's vocabulary");
    if (config_.k_train <= 0 || config_.k_infer <= 0)
        throw InvalidArgument("contemplation generator: k must be positive");
    register_module("student", student_);
    projection_ = register_module(
        "projection", torch::nn::Linear(torch::nn::LinearOptions(student_->config().hidden_size,
                                                                 config_.teacher_hidden)
                                            .bias(true)));
    projection_->to(student_->device(), torch::kFloat32);
}

torch::Tensor ContemplationGeneratorImpl::implicit_tokens(const torch::Tensor& query_ids,
                                                          const torch::Tensor& query_mask,
                                                          int64_t k) {
    const auto dev = student_->device();
    const int64_t B = query_ids.size(0), Tq = query_ids.size(1);
    auto i64 = torch::TensorOptions().dtype(torch::kInt64).device(dev);
    auto ids =
        at::cat({query_ids.to(dev, torch::kInt64), at::full({B, k}, config_.thought_id, i64)}, 1);
    auto mask =
        at::cat({query_mask.to(dev, torch::kInt64), at::ones({B, k}, i64)}, 1); // [B, Tq + k]
    ForwardInput in;
    in.input_ids = ids;
    in.attention_mask = mask;
    in.compute_logits = false;
    auto h = student_->forward(in).last_hidden; // [B, Tq + k, Ds]
    const int64_t first = config_.slice == "paper" ? Tq - 1 : Tq;
    auto states = h.narrow(1, first, k).to(torch::kFloat32); // [B, k, Ds]
    return projection_->forward(states);                     // [B, k, Dt]
}

void ContemplationGeneratorImpl::set_trainable(bool projection_only) {
    for (auto& p : student_->parameters()) p.set_requires_grad(!projection_only);
    for (auto& p : projection_->parameters()) p.set_requires_grad(true);
}

void ContemplationGeneratorImpl::save(const fs::path& folder) const {
    std::error_code ec;
    fs::create_directories(folder / "student", ec);
    if (ec) throw IoError("cannot create " + (folder / "student").string() + ": " + ec.message());
    save_model_folder(folder / "student", *student_);
    safetensors::save(folder / "projection.safetensors", {{"weight", projection_->weight.detach()},
                                                          {"bias", projection_->bias.detach()}});
    write_file_atomic(folder / "contemplation.json", config_.to_json().dump(2) + "\n");
}

std::shared_ptr<ContemplationGeneratorImpl>
ContemplationGeneratorImpl::load(const fs::path& folder, const torch::Device& device) {
    const fs::path json_path = folder / "contemplation.json";
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(read_file(json_path));
    } catch (const nlohmann::json::exception& e) {
        throw FormatError(json_path.string() + ": invalid JSON: " + e.what());
    }
    auto config = ContemplationConfig::from_json(j, json_path.string());
    LoadOptions opts;
    opts.device = device;
    opts.load_tokenizer = false;
    auto student = load_model_folder(folder / "student", opts).model;
    auto cg = std::make_shared<ContemplationGeneratorImpl>(student, config);
    auto file = safetensors::File::open(folder / "projection.safetensors");
    torch::NoGradGuard no_grad;
    for (auto* name : {"weight", "bias"}) {
        auto& param =
            std::string(name) == "weight" ? cg->projection_->weight : cg->projection_->bias;
        const auto& info = file.info(name);
        if (c10::IntArrayRef(info.shape) != param.sizes())
            throw FormatError((folder / "projection.safetensors").string() + ": tensor '" + name +
                              "' does not match the student and teacher sizes");
        param.copy_(file.tensor(name));
    }
    return cg;
}

LlamaModel add_token_rows(const LlamaModelImpl& model, int64_t count) {
    ModelConfig cfg = model.config();
    cfg.vocab_size += count;
    LlamaModel grown(cfg, torch::TensorOptions().dtype(model.dtype()).device(model.device()));
    torch::NoGradGuard no_grad;
    auto old_weights = model.named_weights();
    for (auto& [name, param] : grown->named_weights()) {
        auto it = std::find_if(old_weights.begin(), old_weights.end(),
                               [&](const auto& w) { return w.first == name; });
        const auto& old = it->second;
        if (param.sizes() == old.sizes()) {
            param.copy_(old);
        } else { // embedding or LM head: old rows, then the mean row for each new token
            param.narrow(0, 0, old.size(0)).copy_(old);
            param.narrow(0, old.size(0), count)
                .copy_(old.mean(0, /*keepdim=*/true).expand({count, old.size(1)}));
        }
    }
    return grown;
}

} // namespace semcot
