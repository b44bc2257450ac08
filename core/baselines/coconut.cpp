#include "baselines/coconut.h"

#include "common/error.h"
#include "common/json_keys.h"
#include "semcot/lm_trainer.h"

#include <ATen/ATen.h>
#include <torch/nn/functional/loss.h>

namespace semcot {

namespace fs = std::filesystem;
using nlohmann::json;

json CoconutParams::to_json() const {
    json j = {{"thoughts_per_step", thoughts_per_step}, {"max_latent_stage", max_latent_stage}};
    BaselineParams::to_json(j);
    return j;
}

CoconutParams CoconutParams::from_json(const json& j, const std::string& source) {
    CoconutParams p;
    p.read_json(j, source);
    read_key(j, source, "thoughts_per_step", p.thoughts_per_step);
    read_key(j, source, "max_latent_stage", p.max_latent_stage);
    return p;
}

std::vector<std::string> reasoning_steps(const std::string& reasoning) {
    std::vector<std::string> steps;
    size_t begin = 0;
    while (begin <= reasoning.size()) {
        size_t end = reasoning.find('\n', begin);
        if (end == std::string::npos) end = reasoning.size();
        std::string line = reasoning.substr(begin, end - begin);
        const size_t a = line.find_first_not_of(" \t\r");
        if (a != std::string::npos) steps.push_back(line.substr(a, line.find_last_not_of(" \t\r") - a + 1));
        begin = end + 1;
    }
    return steps;
}

int64_t coconut_thoughts(int64_t stage, const CoconutParams& params) {
    return params.thoughts_per_step * std::min(stage, params.max_latent_stage);
}

std::string coconut_target_text(const PromptTemplate& prompts, const Example& ex, int64_t stage,
                                const CoconutParams& params) {
    const auto steps = reasoning_steps(ex.reasoning);
    const size_t skip = stage > params.max_latent_stage ? steps.size()
                                                        : std::min(steps.size(), size_t(stage));
    std::string text;
    for (size_t i = skip; i < steps.size(); ++i) text += steps[i] + "\n";
    return text + prompts.answer_marker + prompts.answer_separator + ex.answer;
}

torch::Tensor coconut_loss(LlamaModelImpl& teacher, const Tokenizer& tok,
                           const PromptTemplate& prompts, const std::vector<Example>& batch,
                           const torch::Tensor& bot, const torch::Tensor& eot, int64_t stage,
                           const CoconutParams& params) {
    const int64_t n = coconut_thoughts(stage, params);
    auto opts = torch::TensorOptions().dtype(torch::kInt64).device(teacher.device());
    auto embed = [&](const std::vector<int64_t>& ids) {
        return teacher.embed(at::tensor(ids, torch::kInt64).to(opts)); // [L, D]
    };
    std::vector<torch::Tensor> prefixes, suffixes;
    std::vector<std::vector<int64_t>> targets;
    for (const auto& ex : batch) {
        std::vector<int64_t> target;
        for (int id : tok.encode(coconut_target_text(prompts, ex, stage, params))) target.push_back(id);
        if (tok.eos_id() >= 0) target.push_back(tok.eos_id());
        const int64_t room = params.max_length - n - 2 - int64_t(target.size());
        if (room < 8)
            throw InvalidArgument("coconut: max_length " + std::to_string(params.max_length) +
                                  " leaves no room for a question before " +
                                  std::to_string(target.size()) + " target tokens");
        auto p = thought_prompt_ids(Method::coconut, tok, prompts, ex.query, room);
        prefixes.push_back(at::cat({embed(p.before), bot.view({1, -1})}, 0));
        suffixes.push_back(at::cat({eot.view({1, -1}), embed(target)}, 0));
        targets.push_back(std::move(target));
    }
    auto [prefix, prefix_mask] = pad_embeddings(prefixes, /*left=*/true);
    const ThoughtSequence s = continuous_thoughts(teacher, prefix, prefix_mask, n);
    auto [suffix, suffix_mask] = pad_embeddings(suffixes, /*left=*/false);
    ForwardInput in;
    in.inputs_embeds = at::cat({s.embeds, suffix}, 1);
    in.attention_mask = at::cat({s.mask, suffix_mask}, 1);
    auto logits = teacher.forward(in).logits; // [B, P + Ts, V]
    const int64_t P = s.embeds.size(1), Ts = suffix.size(1), B = int64_t(batch.size());
    auto labels = at::full({B, Ts - 1}, kIgnoreLabel, torch::kInt64);
    for (int64_t b = 0; b < B; ++b) {
        const auto& t = targets[size_t(b)];
        labels[b].narrow(0, 0, int64_t(t.size())).copy_(at::tensor(t, torch::kInt64));
    }
    // The logits at suffix position i (<eot> is 0) predict target token i.
    auto scores = logits.narrow(1, P, Ts - 1).to(torch::kFloat32).reshape({-1, logits.size(2)});
    namespace F = torch::nn::functional;
    return F::cross_entropy(scores, labels.to(teacher.device()).reshape({-1}),
                            F::CrossEntropyFuncOptions().ignore_index(kIgnoreLabel));
}

CoconutResult train_coconut(LlamaModelImpl& teacher, const Tokenizer& tok,
                            const PromptTemplate& prompts, const std::vector<Example>& train,
                            const std::vector<Example>& validation, const CoconutParams& params,
                            const ProgressCallback& progress) {
    params.validate("coconut");
    if (params.thoughts_per_step < 1 || params.max_latent_stage < 1)
        throw InvalidArgument("coconut: thoughts_per_step and max_latent_stage must be at least 1");
    if (train.empty()) throw InvalidArgument("Coconut needs training examples");
    for (size_t i = 0; i < train.size(); ++i)
        if (reasoning_steps(train[i].reasoning).empty())
            throw InvalidArgument("Coconut needs reasoning steps: training example " +
                                  std::to_string(i) + " has none");
    add_lora(teacher, params.lora, params.seed);
    BaselineModule holder(teacher, params.seed);
    const auto init = mean_embedding(teacher);
    auto bot = holder.add_tensor("bot", init), eot = holder.add_tensor("eot", init);
    const int64_t stages = params.max_latent_stage + 2; // 0 .. max, then every step removed
    std::vector<TrainStage> list;
    for (int64_t s = 0; s < stages; ++s)
        list.push_back(baseline_stage(holder, params, "coconut" + std::to_string(s),
                                      params.stage.epochs));
    TrainLoop loop = baseline_loop(params, int64_t(train.size()), int64_t(validation.size()));
    int64_t stage = 0;
    loop.on_epoch_start = [&](const std::string& label, int64_t) {
        stage = std::stoll(label.substr(7));
    };
    teacher.train();
    const TrainResult r = run_training(
        holder, list, loop, progress, [&](const std::vector<int64_t>& idx, bool is_train) {
            std::vector<Example> b;
            for (int64_t i : idx) b.push_back((is_train ? train : validation)[size_t(i)]);
            BatchLoss loss;
            loss.total = coconut_loss(teacher, tok, prompts, b, bot, eot, stage, params);
            loss.answer = loss.total.item<double>();
            return loss;
        });
    teacher.eval();
    return {bot.detach().clone(), eot.detach().clone(), r.best_val_loss, r.steps, stages};
}

void save_coconut(const fs::path& folder, const LlamaModelImpl& teacher,
                  const CoconutResult& result, const CoconutParams& params,
                  const fs::path& base_run, const json& summary) {
    save_method_folder(folder, "coconut", base_run, teacher, params.lora, params.to_json(),
                       summary, {{"bot", result.bot}, {"eot", result.eot}});
}

LoadedCoconut load_coconut(const fs::path& folder, LlamaModelImpl& teacher) {
    const auto file = read_method_json(folder, "coconut");
    LoadedCoconut out;
    out.params = CoconutParams::from_json(file.params, (folder / "method.json").string());
    auto t = load_method_tensors(folder, teacher, {"bot", "eot"});
    out.thoughts.bot = t.at("bot");
    out.thoughts.eot = t.at("eot");
    out.thoughts.n = out.params.thoughts_at_inference();
    return out;
}

} // namespace semcot
