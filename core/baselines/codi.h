// CODI: continuous chain-of-thought via self-distillation (Shen et al. 2025, "CODI: compressing
// chain-of-thought into continuous space via self-distillation"; github.com/zhenyi4/codi), as the
// SemCoT paper's baseline sets it up. One model, the teacher with LoRA adapters, plays two
// roles on every example:
//   teacher task  [BOS, CoT prompt, reasoning, "\nAnswer:", " X", EOS], cross-entropy on the
//                 reasoning and the answer line (lm_loss);
//   student task  [BOS, "Question: Q", <bot>, z_1 .. z_N, <eot>, "\n Answer:", " X", EOS] where
//                 z_1 is the projected last hidden state at <bot> and z_i the projected state at
//                 z_{i-1}; projection Linear-GELU-Linear-LayerNorm (CODI's prj); cross-entropy on
//                 the answer and EOS;
//   distillation  at the token before the answer (the ":" of the answer marker) in both tasks,
//                 every layer's hidden state (the embeddings' and each layer's output, our
//                 ForwardOutput::hidden_states): SmoothL1(student, teacher.detach()) divided by
//                 the teacher states' standard deviation, averaged over layers, times
//                 distill_weight (20, CODI's factor).
// loss = student CE + teacher CE + distillation. <bot>, <eot> are new embedding rows (kept
// apart from the teacher's matrix, initialised as its mean row); they, the projection and the
// adapters train. At inference: N latents, then <eot> and the answer prompt (Method::codi).
//
// Where ours differs from the original code: LoRA on q_proj and v_proj (r 16, the paper's
// baseline setting; CODI's own runs adapt every linear layer with r 128); the student's answer
// prompt is the run's implicit answer suffix rather than "The answer is:", and its loss covers
// the answer and EOS only; the hidden states are taken before the final norm for the last
// layer (Hugging Face's last entry is normed).
//
// Method folder (baselines/baseline.h): adapter/, method.json, method.safetensors with "bot",
// "eot" [Dt] and the projection "projection.fc1.weight" [P, Dt], ".bias", "projection.fc2.*",
// "projection.norm.weight" / ".bias" [Dt].
#pragma once

#include "baselines/baseline.h"
#include "data/dataset.h"
#include "eval/prompts.h"
#include "semcot/inference.h"
#include "tokenizer/tokenizer.h"

#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

namespace semcot {

struct CodiParams : BaselineParams {
    int64_t latents = 6;           // N (CODI's setting)
    double distill_weight = 20;    // CODI's distill_loss_factor
    int64_t projection_dim = 0;    // P; 0 = the teacher's hidden size (CODI's default)
    bool joint_answer = true;      // answer tokens as the teacher saw them (cg_answer_ids)

    nlohmann::json to_json() const;
    static CodiParams from_json(const nlohmann::json& j, const std::string& source);
};

// z = LayerNorm(fc2(GELU(fc1(h)))): hidden state [B, Dt] -> next input embedding [B, Dt].
class CodiProjectionImpl : public torch::nn::Module {
public:
    CodiProjectionImpl(int64_t hidden, int64_t projection_dim);
    torch::Tensor forward(const torch::Tensor& h);
    torch::nn::Linear fc1{nullptr}, fc2{nullptr};
    torch::nn::LayerNorm norm{nullptr};
};
TORCH_MODULE(CodiProjection);

struct CodiLoss {
    torch::Tensor total;
    double student_ce = 0, teacher_ce = 0, distill = 0; // distill includes the weight
};

// The three losses of a batch (above). `bot`, `eot` [Dt] in the teacher's dtype.
CodiLoss codi_loss(LlamaModelImpl& teacher, const Tokenizer& tok, const PromptTemplate& prompts,
                   const std::vector<Example>& batch, const torch::Tensor& bot,
                   const torch::Tensor& eot, CodiProjectionImpl& projection,
                   const CodiParams& params);

struct CodiResult {
    torch::Tensor bot, eot;
    CodiProjection projection{nullptr};
    double best_val_loss = 0; // of the total loss
    int64_t steps = 0;
};

// Adds LoRA adapters to `teacher` and trains them with <bot>, <eot> and the projection.
// InvalidArgument for bad parameters or examples without reasoning; Cancelled on stop.
CodiResult train_codi(LlamaModelImpl& teacher, const Tokenizer& tok, const PromptTemplate& prompts,
                      const std::vector<Example>& train, const std::vector<Example>& validation,
                      const CodiParams& params, const ProgressCallback& progress = {});

void save_codi(const std::filesystem::path& folder, const LlamaModelImpl& teacher,
               const CodiResult& result, const CodiParams& params,
               const std::filesystem::path& base_run, const nlohmann::json& summary);

struct LoadedCodi {
    CodiParams params;
    CodiProjection projection{nullptr}; // thoughts.project calls it
    ContinuousThoughtParams thoughts;
};
// Adds the folder's adapters to `teacher` and returns what inference needs.
LoadedCodi load_codi(const std::filesystem::path& folder, LlamaModelImpl& teacher);

} // namespace semcot
