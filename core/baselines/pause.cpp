#include "baselines/pause.h"

#include "common/error.h"
#include "common/json_keys.h"
#include "common/platform.h"
#include "io/safetensors.h"
#include "semcot/losses.h"
#include "semcot/semcot_trainer.h"
#include "train/training_loop.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

namespace semcot {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr char kPauseFile[] = "pause.safetensors";
constexpr char kPauseTensor[] = "pause_embedding";

void check(const PauseParams& p) {
    p.validate("pause");
    if (p.pause_tokens < 1) throw InvalidArgument("pause_tokens must be at least 1");
    if (p.max_length < p.pause_tokens + 16)
        throw InvalidArgument("max_length must leave room for the question and the pauses");
}

} // namespace

json PauseParams::to_json() const {
    json j = {{"pause_tokens", pause_tokens}, {"joint_answer", joint_answer}};
    BaselineParams::to_json(j);
    return j;
}

PauseParams PauseParams::from_json(const json& j, const std::string& source) {
    PauseParams p;
    p.read_json(j, source);
    read_key(j, source, "pause_tokens", p.pause_tokens);
    read_key(j, source, "joint_answer", p.joint_answer);
    return p;
}

torch::Tensor pause_loss(LlamaModelImpl& teacher, const Tokenizer& tok,
                         const PromptTemplate& prompts, const std::vector<Example>& batch,
                         const torch::Tensor& pause_embedding, const PauseParams& params) {
    const int64_t B = int64_t(batch.size());
    auto latent = pause_embedding.to(teacher.dtype())
                      .view({1, 1, -1})
                      .expand({B, params.pause_tokens, pause_embedding.size(0)});
    const TeacherAnswerBatch in = teacher_answer_batch(teacher, tok, prompts, batch, latent,
                                                       params.max_length, params.joint_answer);
    ForwardInput forward;
    forward.inputs_embeds = in.inputs_embeds;
    forward.attention_mask = in.mask;
    return masked_token_ce(teacher.forward(forward).logits, in.targets, in.target_mask);
}

PauseResult train_pause(LlamaModelImpl& teacher, const Tokenizer& tok,
                        const PromptTemplate& prompts, const std::vector<Example>& train,
                        const std::vector<Example>& validation, const PauseParams& params,
                        const ProgressCallback& progress) {
    check(params);
    if (train.empty()) throw InvalidArgument("Pause tokens need training examples");
    add_lora(teacher, params.lora, params.seed);
    BaselineModule holder(teacher, params.seed);
    auto pause = holder.add_tensor(kPauseTensor, mean_embedding(teacher));
    teacher.train();
    const TrainResult r = run_training(
        holder, {baseline_stage(holder, params, "pause", params.stage.epochs)},
        baseline_loop(params, int64_t(train.size()), int64_t(validation.size())), progress,
        [&](const std::vector<int64_t>& idx, bool is_train) {
            std::vector<Example> batch;
            for (int64_t i : idx) batch.push_back((is_train ? train : validation)[size_t(i)]);
            auto loss = pause_loss(teacher, tok, prompts, batch, pause, params);
            return BatchLoss{loss, std::numeric_limits<double>::quiet_NaN(), loss.item<double>()};
        });
    teacher.eval();
    return {pause.detach().clone(), r.best_val_loss, r.steps};
}

void save_pause(const fs::path& folder, const LlamaModelImpl& teacher, const PauseResult& result,
                const PauseParams& params, const fs::path& base_run, const json& info) {
    save_method_folder(folder, "pause", base_run, teacher, params.lora, params.to_json(), info,
                       {{kPauseTensor, result.pause_embedding}}, kPauseFile);
}

LoadedPause load_pause(const fs::path& folder, LlamaModelImpl& teacher) {
    const auto file = read_method_json(folder, "pause");
    LoadedPause out;
    out.base_run = file.base;
    out.params = PauseParams::from_json(file.params, (folder / "method.json").string());
    auto tensors = load_method_tensors(folder, teacher, {kPauseTensor}, kPauseFile);
    const auto& e = tensors.at(kPauseTensor);
    out.pause_embeddings =
        e.view({1, -1}).expand({out.params.pause_tokens, e.size(0)}).contiguous();
    return out;
}

} // namespace semcot
