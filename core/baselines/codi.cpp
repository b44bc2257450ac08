#include "baselines/codi.h"

#include "common/error.h"
#include "common/json_keys.h"
#include "semcot/lm_trainer.h"
#include "semcot/losses.h"
#include "semcot/semcot_trainer.h"

#include <ATen/ATen.h>
#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/loss.h>

namespace semcot {

namespace fs = std::filesystem;
using nlohmann::json;

json CodiParams::to_json() const {
    json j = {{"latents", latents},
              {"distill_weight", distill_weight},
              {"projection_dim", projection_dim},
              {"joint_answer", joint_answer}};
    BaselineParams::to_json(j);
    return j;
}

CodiParams CodiParams::from_json(const json& j, const std::string& source) {
    CodiParams p;
    p.read_json(j, source);
    read_key(j, source, "latents", p.latents);
    read_key(j, source, "distill_weight", p.distill_weight);
    read_key(j, source, "projection_dim", p.projection_dim);
    read_key(j, source, "joint_answer", p.joint_answer);
    return p;
}

CodiProjectionImpl::CodiProjectionImpl(int64_t hidden, int64_t projection_dim) {
    const int64_t p = projection_dim > 0 ? projection_dim : hidden;
    fc1 = register_module("fc1", torch::nn::Linear(hidden, p));
    fc2 = register_module("fc2", torch::nn::Linear(p, hidden));
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({hidden})));
}

torch::Tensor CodiProjectionImpl::forward(const torch::Tensor& h) {
    return norm(fc2(torch::nn::functional::gelu(fc1(h))));
}

namespace {

// The teacher task's sequence and the index of its token before the answer (the answer
// marker's last token): the answer's tokens start where the text without " X" stops sharing
// tokens with the whole text.
LmSequence teacher_sequence(const Tokenizer& tok, const PromptTemplate& prompts, const Example& ex,
                            int64_t max_length, int64_t& before_answer) {
    const TrainingPair pair = make_training_pair(prompts, ex, PromptFormat::cot);
    LmSequence seq = tokenize_lm_pair(tok, {pair.prompt, pair.target}, max_length);
    const std::string answer = prompts.answer_separator + ex.answer;
    const auto full = tok.encode(pair.prompt + pair.target);
    const size_t prompt_shared = shared_prefix_length(tok.encode(pair.prompt), full);
    size_t head_shared = full.size();
    if (pair.target.size() >= answer.size() &&
        pair.target.compare(pair.target.size() - answer.size(), answer.size(), answer) == 0)
        head_shared = shared_prefix_length(
            tok.encode(pair.prompt + pair.target.substr(0, pair.target.size() - answer.size())),
            full);
    before_answer = seq.target_begin + int64_t(head_shared) - int64_t(prompt_shared) - 1;
    before_answer = std::clamp<int64_t>(before_answer, 0, int64_t(seq.ids.size()) - 1);
    return seq;
}

// Rows b of `states` [B, T, D] at positions [B] -> [B, D].
torch::Tensor at_positions(const torch::Tensor& states, const torch::Tensor& positions) {
    auto idx = positions.view({-1, 1, 1}).expand({states.size(0), 1, states.size(2)});
    return states.gather(1, idx).squeeze(1);
}

} // namespace

CodiLoss codi_loss(LlamaModelImpl& teacher, const Tokenizer& tok, const PromptTemplate& prompts,
                   const std::vector<Example>& batch, const torch::Tensor& bot,
                   const torch::Tensor& eot, CodiProjectionImpl& projection,
                   const CodiParams& params) {
    const auto device = teacher.device();
    const int64_t B = int64_t(batch.size()), n = params.latents;
    auto opts = torch::TensorOptions().dtype(torch::kInt64).device(device);
    // Student: the thoughts from [question, <bot>], then the answer after them.
    const int64_t room = params.max_length - (n + 2) - 8; // as teacher_answer_batch bounds it
    std::vector<torch::Tensor> prefixes;
    for (const auto& ex : batch) {
        auto p = thought_prompt_ids(Method::codi, tok, prompts, ex.query, room);
        prefixes.push_back(at::cat(
            {teacher.embed(at::tensor(p.before, torch::kInt64).to(opts)), bot.view({1, -1})}, 0));
    }
    auto [prefix, prefix_mask] = pad_embeddings(prefixes, /*left=*/true);
    const ThoughtSequence s = continuous_thoughts(
        teacher, prefix, prefix_mask, n,
        [&](const torch::Tensor& h) { return projection.forward(h).to(h.dtype()); });
    auto ends = [&](const torch::Tensor& e) { return e.view({1, 1, -1}).expand({B, 1, e.size(0)}); };
    const auto latent = at::cat({ends(bot), s.thoughts, ends(eot)}, 1); // [B, n + 2, Dt]
    const TeacherAnswerBatch in = teacher_answer_batch(teacher, tok, prompts, batch, latent,
                                                       params.max_length, params.joint_answer);
    ForwardInput student_in;
    student_in.inputs_embeds = in.inputs_embeds;
    student_in.attention_mask = in.mask;
    student_in.output_hidden_states = true;
    const ForwardOutput student = teacher.forward(student_in);
    // The first target position predicts the answer's first token: the token before it.
    const auto student_pos = in.target_mask.argmax(1); // [B]

    // Teacher: the explicit CoT.
    std::vector<LmSequence> seqs;
    std::vector<int64_t> teacher_pos;
    for (const auto& ex : batch) {
        int64_t pos = 0;
        seqs.push_back(teacher_sequence(tok, prompts, ex, params.max_length, pos));
        teacher_pos.push_back(pos);
    }
    const LmBatch tb = make_lm_batch(seqs, lm_pad_id(tok));
    ForwardInput teacher_in;
    teacher_in.input_ids = tb.input_ids.to(device);
    teacher_in.attention_mask = tb.attention_mask.to(device);
    teacher_in.output_hidden_states = true;
    const ForwardOutput ref = teacher.forward(teacher_in);
    const auto ref_pos = at::tensor(teacher_pos, torch::kInt64).to(device);

    CodiLoss loss;
    const auto student_ce = masked_token_ce(student.logits, in.targets, in.target_mask);
    const auto teacher_ce = lm_loss(ref.logits, tb.labels);
    auto distill = at::zeros({}, student_ce.options());
    namespace F = torch::nn::functional;
    for (size_t l = 0; l < ref.hidden_states.size(); ++l) {
        auto t = at_positions(ref.hidden_states[l], ref_pos).detach().to(torch::kFloat32);
        auto h = at_positions(student.hidden_states[l], student_pos).to(torch::kFloat32);
        distill = distill + F::smooth_l1_loss(h, t) / t.std().clamp_min(1e-6);
    }
    distill = distill * (params.distill_weight / double(ref.hidden_states.size()));
    loss.total = student_ce + teacher_ce + distill;
    loss.student_ce = student_ce.item<double>();
    loss.teacher_ce = teacher_ce.item<double>();
    loss.distill = distill.item<double>();
    return loss;
}

CodiResult train_codi(LlamaModelImpl& teacher, const Tokenizer& tok, const PromptTemplate& prompts,
                      const std::vector<Example>& train, const std::vector<Example>& validation,
                      const CodiParams& params, const ProgressCallback& progress) {
    params.validate("codi");
    if (params.latents < 1) throw InvalidArgument("codi: latents must be at least 1");
    if (params.distill_weight < 0) throw InvalidArgument("codi: distill_weight must be >= 0");
    if (params.projection_dim < 0) throw InvalidArgument("codi: projection_dim must be >= 0");
    if (train.empty()) throw InvalidArgument("CODI needs training examples");
    for (size_t i = 0; i < train.size(); ++i)
        if (train[i].reasoning.empty())
            throw InvalidArgument("CODI needs reasoning: training example " + std::to_string(i) +
                                  " has none");
    add_lora(teacher, params.lora, params.seed);
    BaselineModule holder(teacher, params.seed);
    const auto init = mean_embedding(teacher);
    auto bot = holder.add_tensor("bot", init), eot = holder.add_tensor("eot", init);
    torch::manual_seed(params.seed);
    auto projection = holder.add_module(
        "projection", CodiProjection(teacher.config().hidden_size, params.projection_dim));
    projection->to(teacher.device(), teacher.dtype());
    for (auto& p : projection->parameters()) p.set_requires_grad(false);
    teacher.train();
    projection->train();
    const TrainResult r = run_training(
        holder, {baseline_stage(holder, params, "codi", params.stage.epochs)},
        baseline_loop(params, int64_t(train.size()), int64_t(validation.size())), progress,
        [&](const std::vector<int64_t>& idx, bool is_train) {
            std::vector<Example> b;
            for (int64_t i : idx) b.push_back((is_train ? train : validation)[size_t(i)]);
            const CodiLoss l = codi_loss(teacher, tok, prompts, b, bot, eot, *projection, params);
            BatchLoss out;
            out.total = l.total;
            out.answer = l.student_ce;
            out.reasoning = l.distill;
            return out;
        });
    teacher.eval();
    projection->eval();
    return {bot.detach().clone(), eot.detach().clone(), projection, r.best_val_loss, r.steps};
}

void save_codi(const fs::path& folder, const LlamaModelImpl& teacher, const CodiResult& result,
               const CodiParams& params, const fs::path& base_run, const json& summary) {
    std::map<std::string, torch::Tensor> tensors = {{"bot", result.bot}, {"eot", result.eot}};
    for (const auto& p : result.projection->named_parameters())
        tensors["projection." + p.key()] = p.value();
    save_method_folder(folder, "codi", base_run, teacher, params.lora, params.to_json(), summary,
                       tensors);
}

LoadedCodi load_codi(const fs::path& folder, LlamaModelImpl& teacher) {
    const auto file = read_method_json(folder, "codi");
    const std::string source = (folder / "method.json").string();
    LoadedCodi out;
    out.params = CodiParams::from_json(file.params, source);
    auto t = load_method_tensors(folder, teacher, {"bot", "eot"});
    out.projection = CodiProjection(teacher.config().hidden_size, out.params.projection_dim);
    out.projection->to(teacher.device(), teacher.dtype());
    torch::NoGradGuard ng;
    for (auto& p : out.projection->named_parameters()) {
        auto it = t.find("projection." + p.key());
        if (it == t.end() || it->second.sizes() != p.value().sizes())
            throw FormatError((folder / "method.safetensors").string() + ": 'projection." +
                              p.key() + "' is missing or misshapen");
        p.value().copy_(it->second);
    }
    out.projection->eval();
    out.thoughts.bot = t.at("bot");
    out.thoughts.eot = t.at("eot");
    out.thoughts.n = out.params.latents;
    std::shared_ptr<CodiProjectionImpl> projection = out.projection.ptr();
    out.thoughts.project = [projection](const torch::Tensor& h) { return projection->forward(h); };
    return out;
}

} // namespace semcot
