// SemCoT's contemplation generator (CG): a small Llama-family student that reads the question
// followed by k <thought> tokens and emits, at those k positions, vectors projected into the
// teacher's input-embedding space: the implicit reasoning tokens.
#pragma once

#include "engine/model.h"
#include "semcot/hyperparameters.h"

#include <nlohmann/json_fwd.hpp>
#include <torch/nn/modules/linear.h>

#include <filesystem>
#include <string>

namespace semcot {

class ContemplationGeneratorImpl : public torch::nn::Module {
public:
    // Takes ownership of `student` (already holding a <thought> row in its embedding).
    ContemplationGeneratorImpl(LlamaModel student, const ContemplationConfig& config);

    const ContemplationConfig& config() const { return config_; }
    LlamaModel& student() { return student_; }
    torch::nn::Linear& projection() { return projection_; }

    // query_ids [B, Tq] left-padded with query_mask [B, Tq] (1 = token) -> implicit tokens
    // [B, k, teacher_hidden] in float32 (cast to the teacher's dtype by the caller).
    torch::Tensor implicit_tokens(const torch::Tensor& query_ids, const torch::Tensor& query_mask,
                                  int64_t k);

    // Stage 1 trains the projection only; stage 2 the student too.
    void set_trainable(bool projection_only);

    // folder/: student/ (Hugging Face folder without tokenizer), projection.safetensors,
    // contemplation.json. Written atomically file by file.
    void save(const std::filesystem::path& folder) const;
    static std::shared_ptr<ContemplationGeneratorImpl> load(const std::filesystem::path& folder,
                                                            const torch::Device& device);

private:
    ContemplationConfig config_;
    LlamaModel student_{nullptr};
    torch::nn::Linear projection_{nullptr}; // [teacher_hidden, student_hidden] + bias
};
TORCH_MODULE(ContemplationGenerator);

// Appends `count` rows to the embedding (and LM head) of `model`, initialised to the mean of
// the existing rows, and updates config.vocab_size. Returns the new model.
LlamaModel add_token_rows(const LlamaModelImpl& model, int64_t count);

} // namespace semcot
