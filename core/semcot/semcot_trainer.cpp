#include "semcot/semcot_trainer.h"

#include "common/error.h"
#include "semcot/inference.h"
#include "semcot/losses.h"
#include "semcot/stage_runner.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

namespace semcot {

namespace {

std::vector<int64_t> text_ids(const Tokenizer& tok, const std::string& text, int64_t max_length) {
    return encode_with_bos(tok, text, max_length);
}

StageLoop stage_loop(const SemcotTrainParams& params, size_t n_train, size_t n_val, uint64_t seed) {
    StageLoop loop;
    loop.n_train = int64_t(n_train);
    loop.n_val = int64_t(n_val);
    loop.batch_size = params.batch_size;
    loop.grad_clip = params.grad_clip;
    loop.seed = seed;
    loop.checkpoint_dir = params.checkpoint_dir;
    loop.resume = params.resume;
    return loop;
}

} // namespace

nlohmann::json SemcotTrainParams::to_json() const {
    auto stage = [](const StageParams& s) {
        return nlohmann::json{{"lr", s.lr}, {"weight_decay", s.weight_decay}, {"epochs", s.epochs}};
    };
    return {{"st_temperature", st_temperature},
            {"st_stage1", stage(st_stage1)},
            {"st_stage2", stage(st_stage2)},
            {"alpha", alpha},
            {"cg_stage1", stage(cg_stage1)},
            {"cg_stage2", stage(cg_stage2)},
            {"batch_size", batch_size},
            {"max_length", max_length},
            {"seed", seed},
            {"no_st", no_st},
            {"no_warmup", no_warmup},
            {"teacher_as_generator", teacher_as_generator},
            {"grad_clip", grad_clip}};
}

SemcotTrainParams SemcotTrainParams::from_json(const nlohmann::json& j, const std::string& source) {
    SemcotTrainParams p;
    if (!j.is_object())
        throw FormatError(source + ": SemCoT training parameters must be an object");
    auto num = [&](const nlohmann::json& o, const std::string& key, auto& out,
                   const std::string& where) {
        if (!o.contains(key)) return;
        if (!o[key].is_number())
            throw FormatError(source + ": key '" + where + key + "' must be a number");
        out = o[key].get<std::decay_t<decltype(out)>>();
    };
    auto stage = [&](const char* key, StageParams& s) {
        if (!j.contains(key)) return;
        if (!j[key].is_object())
            throw FormatError(source + ": key '" + std::string(key) + "' must be an object");
        const std::string where = std::string(key) + ".";
        num(j[key], "lr", s.lr, where);
        num(j[key], "weight_decay", s.weight_decay, where);
        num(j[key], "epochs", s.epochs, where);
    };
    num(j, "st_temperature", p.st_temperature, "");
    stage("st_stage1", p.st_stage1);
    stage("st_stage2", p.st_stage2);
    num(j, "alpha", p.alpha, "");
    stage("cg_stage1", p.cg_stage1);
    stage("cg_stage2", p.cg_stage2);
    num(j, "batch_size", p.batch_size, "");
    num(j, "max_length", p.max_length, "");
    num(j, "seed", p.seed, "");
    num(j, "grad_clip", p.grad_clip, "");
    for (auto [key, out] : {std::pair<const char*, bool*>{"no_st", &p.no_st},
                            {"no_warmup", &p.no_warmup},
                            {"teacher_as_generator", &p.teacher_as_generator}}) {
        if (!j.contains(key)) continue;
        if (!j[key].is_boolean())
            throw FormatError(source + ": key '" + std::string(key) + "' must be a boolean");
        *out = j[key].get<bool>();
    }
    if (p.alpha < 0 || p.alpha > 1) throw FormatError(source + ": key 'alpha' must be in [0, 1]");
    if (p.st_temperature <= 0)
        throw FormatError(source + ": key 'st_temperature' must be positive");
    if (p.batch_size < 2) throw FormatError(source + ": key 'batch_size' must be at least 2");
    return p;
}

SemcotStageResult train_sentence_transformer(SentenceTransformerImpl& st, LlamaModelImpl& teacher,
                                             const Tokenizer& tok,
                                             const std::vector<Example>& train,
                                             const std::vector<Example>& validation,
                                             const SemcotTrainParams& params,
                                             const ProgressCallback& progress) {
    for (const auto& e : train)
        if (e.reasoning.empty() || e.condensed_reasoning.empty())
            throw InvalidArgument("sentence transformer training needs reasoning and "
                                  "condensed_reasoning in every training example");
    const auto device = teacher.device();
    auto loss_fn = [&](const std::vector<int64_t>& idx, bool is_train) {
        const auto& data = is_train ? train : validation;
        std::vector<std::vector<int64_t>> a, b;
        for (int64_t i : idx) {
            a.push_back(text_ids(tok, data[i].reasoning, params.max_length));
            b.push_back(text_ids(tok,
                                 data[i].condensed_reasoning.empty() ? data[i].reasoning
                                                                     : data[i].condensed_reasoning,
                                 params.max_length));
        }
        auto [ids_a, mask_a] = pad_ids(a, false, device);
        auto [ids_b, mask_b] = pad_ids(b, false, device);
        return info_nce(st.encode_ids(teacher, ids_a, mask_a),
                        st.encode_ids(teacher, ids_b, mask_b), params.st_temperature);
    };
    StageLoop loop = stage_loop(params, train.size(), validation.size(), params.seed);
    loop.min_batch = 2;
    return run_stages(
        st, {{"st1", params.st_stage1, true}, {"st2", params.st_stage2, false}},
        [&](bool projection_only) { st.set_trainable(projection_only); }, loop, progress,
        [&](const std::vector<int64_t>& idx, bool is_train) {
            return BatchLoss{loss_fn(idx, is_train)};
        });
}

CgLoss contemplation_loss(ContemplationGeneratorImpl& cg, const Tokenizer& student_tok,
                          LlamaModelImpl& teacher, const Tokenizer& teacher_tok,
                          SentenceTransformerImpl* st, const PromptTemplate& prompts,
                          const std::vector<Example>& batch, const SemcotTrainParams& params) {
    const auto device = teacher.device();
    const int64_t k = cg.config().k_train;
    const int64_t B = int64_t(batch.size());

    // Student: [BOS, "Question: Q", k x <thought>] -> implicit tokens [B, k, Dt].
    std::vector<std::vector<int64_t>> queries;
    for (const auto& e : batch)
        queries.push_back(student_query_ids(student_tok, prompts, e.query, params.max_length));
    auto [q_ids, q_mask] = pad_ids(queries, /*left=*/true, cg.student()->device());
    auto implicit = cg.implicit_tokens(q_ids, q_mask, k).to(device, teacher.dtype()); // [B, k, Dt]

    // Teacher: [BOS "Question: Q"] [implicit] ["\n Answer:" " X" EOS], right-padded; the loss
    // is on the answer tokens and EOS.
    std::vector<torch::Tensor> rows;
    std::vector<int64_t> lengths, answer_start, answer_len;
    std::vector<std::vector<int64_t>> answers;
    for (int64_t b = 0; b < B; ++b) {
        auto p = semcot_prompt_ids(teacher_tok, prompts, batch[b].query, params.max_length - k - 8);
        std::vector<int64_t> answer;
        for (int id :
             teacher_tok.encode(make_training_pair(prompts, batch[b], PromptFormat::direct).target))
            answer.push_back(id);
        if (teacher_tok.eos_id() >= 0) answer.push_back(teacher_tok.eos_id());
        std::vector<int64_t> tail = p.after;
        tail.insert(tail.end(), answer.begin(), answer.end());
        auto opts = torch::TensorOptions().dtype(torch::kInt64).device(device);
        auto row = at::cat({teacher.embed(at::tensor(p.before, torch::kInt64).to(opts)),
                            implicit[b], teacher.embed(at::tensor(tail, torch::kInt64).to(opts))},
                           0); // [L_b, Dt]
        answer_start.push_back(int64_t(p.before.size()) + k + int64_t(p.after.size()));
        answer_len.push_back(int64_t(answer.size()));
        lengths.push_back(row.size(0));
        rows.push_back(row);
        answers.push_back(std::move(answer));
    }
    const int64_t T = *std::max_element(lengths.begin(), lengths.end());
    const int64_t D = teacher.config().hidden_size;
    std::vector<torch::Tensor> padded;
    auto mask = at::zeros({B, T}, torch::kInt64);
    auto targets = at::zeros({B, T}, torch::kInt64), target_mask = at::zeros({B, T}, torch::kInt64);
    for (int64_t b = 0; b < B; ++b) {
        padded.push_back(
            lengths[b] < T
                ? at::cat({rows[b], at::zeros({T - lengths[b], D}, rows[b].options())}, 0)
                : rows[b]);
        mask[b].narrow(0, 0, lengths[b]).fill_(1);
        // The logits at position t predict the token at t + 1.
        for (int64_t j = 0; j < answer_len[b]; ++j) {
            targets[b][answer_start[b] + j - 1] = answers[b][j];
            target_mask[b][answer_start[b] + j - 1] = 1;
        }
    }
    ForwardInput in;
    in.inputs_embeds = at::stack(padded, 0);
    in.attention_mask = mask.to(device);
    auto logits = teacher.forward(in).logits;
    CgLoss loss;
    loss.answer = masked_token_ce(logits, targets.to(device), target_mask.to(device));

    if (params.alpha > 0) {
        std::vector<std::vector<int64_t>> reasons;
        for (const auto& e : batch)
            reasons.push_back(text_ids(teacher_tok, e.reasoning, params.max_length));
        auto [r_ids, r_mask] = pad_ids(reasons, false, device);
        auto ones = at::ones({B, k}, torch::TensorOptions().dtype(torch::kInt64).device(device));
        torch::Tensor a, target;
        if (st && !params.no_st) {
            a = st->encode_embeds(teacher, implicit, ones);
            torch::NoGradGuard ng;
            target = st->encode_ids(teacher, r_ids, r_mask);
        } else {
            // Ablation without ST: mean-pooled teacher states entering the middle layer.
            const int64_t mid = teacher.config().num_hidden_layers / 2;
            a = masked_mean_pool(
                SentenceTransformerImpl::teacher_hidden_at(teacher, implicit, ones, mid), ones);
            torch::NoGradGuard ng;
            target = masked_mean_pool(SentenceTransformerImpl::teacher_hidden_at(
                                          teacher, teacher.embed(r_ids), r_mask, mid),
                                      r_mask);
        }
        loss.reasoning = cosine_distance(a, target);
        loss.total = params.alpha * loss.reasoning + (1 - params.alpha) * loss.answer;
    } else {
        loss.reasoning = at::zeros({}, loss.answer.options());
        loss.total = loss.answer;
    }
    return loss;
}

SemcotStageResult train_contemplation_generator(
    ContemplationGeneratorImpl& cg, const Tokenizer& student_tok, LlamaModelImpl& teacher,
    const Tokenizer& teacher_tok, SentenceTransformerImpl* st, const PromptTemplate& prompts,
    const std::vector<Example>& train, const std::vector<Example>& validation,
    const SemcotTrainParams& params, const ProgressCallback& progress) {
    if (params.alpha > 0 && !params.no_st && !st)
        throw InvalidArgument(
            "contemplation generator training needs a sentence transformer (or no_st)");
    for (auto& p : teacher.parameters()) p.set_requires_grad(false);
    if (st)
        for (auto& p : st->parameters()) p.set_requires_grad(false);
    auto loss_fn = [&](const std::vector<int64_t>& idx, bool is_train) {
        std::vector<Example> batch;
        for (int64_t i : idx) batch.push_back((is_train ? train : validation)[i]);
        auto l =
            contemplation_loss(cg, student_tok, teacher, teacher_tok, st, prompts, batch, params);
        return BatchLoss{l.total, l.reasoning.item<double>(), l.answer.item<double>()};
    };
    std::vector<Stage> stages;
    if (!params.no_warmup) stages.push_back({"cg1", params.cg_stage1, true});
    stages.push_back({"cg2", params.cg_stage2, false});
    return run_stages(
        cg, stages, [&](bool projection_only) { cg.set_trainable(projection_only); },
        stage_loop(params, train.size(), validation.size(), params.seed + 17), progress, loss_fn);
}

} // namespace semcot
