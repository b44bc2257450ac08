// SemCoT's sentence transformer (ST): a small encoder that maps a reasoning chain (explicit
// tokens or implicit embeddings) to one vector, built from the frozen teacher's own middle
// layers [start, end) plus its final norm, then pooled and projected. The teacher's first
// `start` layers turn input embeddings into the hidden state the ST reads, so gradients of an
// ST loss flow back through the (frozen) teacher to the implicit-token embeddings.
#pragma once

#include "engine/config.h"
#include "engine/model.h"
#include "semcot/hyperparameters.h"

#include <nlohmann/json_fwd.hpp>
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace semcot {

class SentenceTransformer; // the module holder, defined by TORCH_MODULE below

class SentenceTransformerImpl : public torch::nn::Module {
public:
    // Copies (deep, own storage) teacher layers [start, end) and the teacher's final norm, in
    // the teacher's dtype and device; the projection is float32 on the teacher's device,
    // initialised like nn.Linear (U(-1/sqrt(Dt), 1/sqrt(Dt))) from `seed`.
    // Everything starts trainable (stage 2); see set_trainable.
    SentenceTransformerImpl(const LlamaModelImpl& teacher, const SentenceTransformerConfig& config,
                            uint64_t seed = 0);
    // Allocates only (uninitialised weights), for load(). The layers take `options`' dtype
    // and device; the projection is float32 on its device.
    SentenceTransformerImpl(const ModelConfig& teacher_config,
                            const SentenceTransformerConfig& config,
                            const torch::TensorOptions& options = torch::TensorOptions());

    const SentenceTransformerConfig& config() const { return config_; }
    const ModelConfig& teacher_config() const { return teacher_config_; }

    // hidden_in: [B, T, Dt], the teacher's hidden state entering layer start_layer;
    // mask: [B, T] (1 = token, 0 = padding; undefined = all tokens). Returns [B, output_dim]
    // float32: copied layers, final norm, pooling over the mask, projection.
    torch::Tensor forward(const torch::Tensor& hidden_in, const torch::Tensor& mask);

    // The teacher's hidden state entering layer `start`: teacher.run_layers(embeds, 0, start,
    // mask), [B, T, Dt]. Differentiable with respect to input_embeds.
    static torch::Tensor teacher_hidden_at(const LlamaModelImpl& teacher,
                                           const torch::Tensor& input_embeds,
                                           const torch::Tensor& mask, int64_t start);
    // Sentence embeddings [B, output_dim] of token ids [B, T] or of input embeddings
    // [B, T, Dt] (implicit tokens; gradients reach them through the teacher's layers).
    torch::Tensor encode_ids(const LlamaModelImpl& teacher, const torch::Tensor& ids,
                             const torch::Tensor& mask);
    torch::Tensor encode_embeds(const LlamaModelImpl& teacher, const torch::Tensor& embeds,
                                const torch::Tensor& mask);

    // Stage 1 (projection_only): only the projection trains. Stage 2: layers, norm and
    // projection. Sets requires_grad accordingly.
    void set_trainable(bool projection_only);
    // The parameters with requires_grad, for an optimizer.
    std::vector<torch::Tensor> trainable_parameters() const;
    // Moves and casts the layers; the projection moves to `device` and stays float32.
    void to_device(const torch::Device& device, torch::ScalarType dtype);

    // The ST's own weights by name ("layers_model.model.layers.0.self_attn.q_proj.weight",
    // "layers_model.model.norm.weight", "projection.weight", "projection.bias"), stable order.
    std::vector<std::pair<std::string, torch::Tensor>> named_weights() const;

    // Writes `folder`/sentence_transformer.safetensors and sentence_transformer.json (config,
    // teacher layer range and hidden size), both atomically; creates the folder.
    void save(const std::filesystem::path& folder) const;
    // Reads what save() wrote. The JSON must agree with `teacher_config`, every tensor must be
    // present with its expected shape (FormatError naming the file and the tensor); IoError
    // when a file is missing.
    static SentenceTransformer load(const std::filesystem::path& folder,
                                    const ModelConfig& teacher_config,
                                    const torch::TensorOptions& options = torch::TensorOptions());

    LlamaModel layers_model{nullptr}; // num_layers layers + final norm; embedding [1, Dt] unused
    torch::nn::Linear projection{nullptr}; // weight [output_dim, Dt], bias [output_dim], float32

private:
    SentenceTransformerConfig config_;
    ModelConfig teacher_config_;
};
TORCH_MODULE(SentenceTransformer);

inline constexpr const char* kSentenceTransformerWeights = "sentence_transformer.safetensors";
inline constexpr const char* kSentenceTransformerConfig = "sentence_transformer.json";

} // namespace semcot
