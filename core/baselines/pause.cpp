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

constexpr char kMethodFile[] = "method.json";
constexpr char kPauseFile[] = "pause.safetensors";
constexpr char kPauseTensor[] = "pause_embedding";

// What trains: the teacher (only its adapters) and the <pause> embedding.
struct PauseModule : torch::nn::Module {
    PauseModule(LlamaModel teacher, const torch::Tensor& init) {
        register_module("teacher", teacher);
        pause = register_parameter("pause_embedding", init.clone(), /*requires_grad=*/false);
    }
    torch::Tensor pause; // [Dt]
};

void check(const PauseParams& p) {
    if (p.pause_tokens < 1) throw InvalidArgument("pause_tokens must be at least 1");
    if (p.batch_size < 1) throw InvalidArgument("batch_size must be at least 1");
    if (p.max_length < p.pause_tokens + 16)
        throw InvalidArgument("max_length must leave room for the question and the pauses");
    p.lora.validate();
}

} // namespace

json PauseParams::to_json() const {
    return {{"pause_tokens", pause_tokens},
            {"lora", lora.to_peft_json("")},
            {"stage", {{"lr", stage.lr}, {"weight_decay", stage.weight_decay},
                       {"epochs", stage.epochs}}},
            {"batch_size", batch_size},
            {"max_length", max_length},
            {"joint_answer", joint_answer},
            {"seed", seed},
            {"grad_clip", grad_clip}};
}

PauseParams PauseParams::from_json(const json& j, const std::string& source) {
    if (!j.is_object()) throw FormatError(source + ": the pause parameters must be an object");
    PauseParams p;
    read_key(j, source, "pause_tokens", p.pause_tokens);
    if (j.contains("lora")) p.lora = LoraConfig::from_peft_json(j["lora"], source + ": lora");
    if (j.contains("stage")) {
        const json& s = j["stage"];
        read_key(s, source, "lr", p.stage.lr);
        read_key(s, source, "weight_decay", p.stage.weight_decay);
        read_key(s, source, "epochs", p.stage.epochs);
    }
    read_key(j, source, "batch_size", p.batch_size);
    read_key(j, source, "max_length", p.max_length);
    read_key(j, source, "joint_answer", p.joint_answer);
    read_key(j, source, "seed", p.seed);
    read_key(j, source, "grad_clip", p.grad_clip);
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
    torch::Tensor init;
    {
        torch::NoGradGuard ng;
        init = teacher.embed(at::arange(teacher.config().vocab_size, torch::kInt64)
                                 .to(teacher.device()))
                   .to(torch::kFloat32)
                   .mean(0)
                   .to(teacher.dtype()); // [Dt]
    }
    // The holder shares the teacher's parameters (the same tensors): training changes it.
    auto holder = std::make_shared<PauseModule>(
        LlamaModel(std::shared_ptr<LlamaModelImpl>(&teacher, [](LlamaModelImpl*) {})), init);
    TrainStage stage;
    stage.label = "pause";
    stage.epochs = params.stage.epochs;
    stage.lr = params.stage.lr;
    stage.weight_decay = params.stage.weight_decay;
    stage.set_trainable = [&] {
        set_lora_trainable(teacher);
        holder->pause.set_requires_grad(true);
    };
    TrainLoop loop;
    loop.n_train = int64_t(train.size());
    loop.n_val = int64_t(validation.size());
    loop.batch_size = params.batch_size;
    loop.grad_clip = params.grad_clip;
    loop.seed = params.seed;
    loop.checkpoint_dir = params.checkpoint_dir;
    loop.resume = params.resume;
    teacher.train();
    const TrainResult r = run_training(
        *holder, {stage}, loop, progress, [&](const std::vector<int64_t>& idx, bool is_train) {
            std::vector<Example> batch;
            for (int64_t i : idx) batch.push_back((is_train ? train : validation)[size_t(i)]);
            auto loss = pause_loss(teacher, tok, prompts, batch, holder->pause, params);
            return BatchLoss{loss, std::numeric_limits<double>::quiet_NaN(), loss.item<double>()};
        });
    teacher.eval();
    return {holder->pause.detach().clone(), r.best_val_loss, r.steps};
}

void save_pause(const fs::path& folder, const LlamaModelImpl& teacher, const PauseResult& result,
                const PauseParams& params, const fs::path& base_run, const json& info) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw IoError("cannot create " + folder.string() + ": " + ec.message());
    save_peft_adapter(folder / "adapter", teacher, params.lora, (base_run / "teacher").string());
    safetensors::save(folder / kPauseFile,
                      {{kPauseTensor, result.pause_embedding.detach().to(torch::kCPU,
                                                                          torch::kFloat32)}});
    const json method = {{"method", "pause"},
                         {"base", fs::absolute(base_run).lexically_normal().string()},
                         {"pause", params.to_json()},
                         {"summary", info}};
    write_file_atomic(folder / kMethodFile, method.dump(2) + "\n");
}

LoadedPause load_pause(const fs::path& folder, LlamaModelImpl& teacher) {
    const fs::path path = folder / kMethodFile;
    if (!fs::exists(path))
        throw InvalidArgument(folder.string() + " is not a Pause-tokens folder (no " +
                              kMethodFile + "; semcot train --method pause writes one)");
    json j;
    try {
        j = json::parse(read_file(path));
    } catch (const json::exception& e) {
        throw FormatError(path.string() + ": invalid JSON: " + e.what());
    }
    std::string method, base;
    read_key(j, path.string(), "method", method, true);
    if (method != "pause")
        throw InvalidArgument(path.string() + ": method '" + method + "' is not pause");
    read_key(j, path.string(), "base", base, true);
    LoadedPause out;
    out.base_run = base;
    out.params = PauseParams::from_json(j.value("pause", json::object()), path.string());
    load_peft_adapter(folder / "adapter", teacher);
    auto file = safetensors::File::open(folder / kPauseFile);
    const auto e = file.tensor(kPauseTensor);
    if (e.dim() != 1 || e.size(0) != teacher.config().hidden_size)
        throw FormatError((folder / kPauseFile).string() + ": '" + kPauseTensor +
                          "' must be [hidden_size] = [" +
                          std::to_string(teacher.config().hidden_size) + "]");
    out.pause_embeddings = e.to(teacher.device(), teacher.dtype())
                               .view({1, -1})
                               .expand({out.params.pause_tokens, e.size(0)})
                               .contiguous();
    teacher.eval();
    return out;
}

bool is_method_folder(const fs::path& folder) {
    return fs::exists(folder / kMethodFile);
}

} // namespace semcot
