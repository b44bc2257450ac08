#include "semcot/semcot_trainer.h"

#include "common/error.h"
#include "semcot/inference.h"
#include "semcot/losses.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adamw.h>

#include <chrono>
#include <cmath>

namespace semcot {

namespace {

using Clock = std::chrono::steady_clock;

// Pads id sequences to one length: right padding (teacher texts) or left padding (student
// queries, so the <thought> tokens line up at the end). Returns {ids, mask}, both [B, T].
std::pair<torch::Tensor, torch::Tensor> pad(const std::vector<std::vector<int64_t>>& seqs,
                                            bool left, const torch::Device& device) {
    int64_t T = 0;
    for (const auto& s : seqs) T = std::max<int64_t>(T, int64_t(s.size()));
    const int64_t B = int64_t(seqs.size());
    auto ids = at::zeros({B, T}, torch::kInt64), mask = at::zeros({B, T}, torch::kInt64);
    for (int64_t b = 0; b < B; ++b) {
        const int64_t n = int64_t(seqs[b].size()), off = left ? T - n : 0;
        if (n == 0) continue;
        ids[b].narrow(0, off, n).copy_(at::tensor(seqs[b], torch::kInt64));
        mask[b].narrow(0, off, n).fill_(1);
    }
    return {ids.to(device), mask.to(device)};
}

std::vector<int64_t> text_ids(const Tokenizer& tok, const std::string& text, int64_t max_length) {
    return encode_with_bos(tok, text, max_length);
}

// Trainable parameters of a module, and a copy of their values (for best-epoch restore).
std::vector<torch::Tensor> trainable(torch::nn::Module& m) {
    std::vector<torch::Tensor> out;
    for (auto& p : m.parameters())
        if (p.requires_grad()) out.push_back(p);
    return out;
}
std::vector<torch::Tensor> snapshot(torch::nn::Module& m) {
    std::vector<torch::Tensor> out;
    for (auto& p : m.parameters()) out.push_back(p.detach().clone());
    return out;
}
void restore(torch::nn::Module& m, const std::vector<torch::Tensor>& values) {
    torch::NoGradGuard ng;
    auto params = m.parameters();
    for (size_t i = 0; i < params.size(); ++i) params[i].copy_(values[i]);
}

// One optimisation stage over `n` training items: shuffled batches, AdamW, gradient clipping,
// validation each epoch, best epoch kept. `batch_loss(indices, train)` returns the loss.
struct StageRunner {
    std::string label;
    const StageParams& stage;
    int64_t n_train, n_val, batch_size;
    uint64_t seed;
    const ProgressCallback& progress;
    double grad_clip;
    int64_t min_batch = 1; // InfoNCE needs at least one negative: 2

    SemcotStageResult
    run(torch::nn::Module& module,
        const std::function<torch::Tensor(const std::vector<int64_t>&, bool)>& batch_loss) {
        SemcotStageResult result;
        result.best_val_loss = std::numeric_limits<double>::infinity();
        if (stage.epochs <= 0) return result;
        auto params = trainable(module);
        if (params.empty()) throw InvalidArgument(label + ": nothing to train");
        torch::optim::AdamW opt(
            params, torch::optim::AdamWOptions(stage.lr).weight_decay(stage.weight_decay));
        const int64_t batches = (n_train + batch_size - 1) / batch_size;
        const int64_t total = batches * stage.epochs;
        auto best = snapshot(module);
        const auto start = Clock::now();
        // Sends one progress report; false means "stop".
        auto report = [&](const char* phase, int64_t epoch, double loss) {
            if (!progress) return true;
            TrainProgress p;
            p.stage = label + "/" + phase;
            p.step = result.steps;
            p.total_steps = total;
            p.epoch = epoch;
            p.loss = loss;
            if (std::string(phase) == "validate") p.val_loss = loss;
            const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
            p.steps_per_s = elapsed > 0 ? result.steps / elapsed : 0;
            p.eta_s = p.steps_per_s > 0 ? (total - result.steps) / p.steps_per_s : 0;
            return progress(p);
        };
        for (int64_t epoch = 1; epoch <= stage.epochs; ++epoch) {
            auto gen = at::detail::createCPUGenerator(seed * 1000003 + uint64_t(epoch));
            auto order = at::randperm(n_train, gen, torch::TensorOptions().dtype(torch::kInt64));
            for (int64_t b = 0; b < batches; ++b) {
                std::vector<int64_t> idx;
                for (int64_t i = b * batch_size; i < std::min(n_train, (b + 1) * batch_size); ++i)
                    idx.push_back(order[i].item<int64_t>());
                if (int64_t(idx.size()) < min_batch) continue; // a last batch too small to use
                opt.zero_grad();
                auto loss = batch_loss(idx, true);
                const double value = loss.item<double>();
                if (!std::isfinite(value))
                    throw Error(label + ": non-finite loss at step " +
                                std::to_string(result.steps + 1));
                loss.backward();
                if (grad_clip > 0) torch::nn::utils::clip_grad_norm_(params, grad_clip);
                opt.step();
                ++result.steps;
                if (!report("train", epoch, value))
                    throw Cancelled(label + " stopped at step " + std::to_string(result.steps));
            }
            // Validation: mean loss over validation batches (no gradients).
            double val = 0;
            int64_t count = 0;
            {
                torch::NoGradGuard ng;
                for (int64_t i = 0; i < n_val; i += batch_size) {
                    std::vector<int64_t> idx;
                    for (int64_t j = i; j < std::min(n_val, i + batch_size); ++j) idx.push_back(j);
                    if (int64_t(idx.size()) < min_batch) break;
                    val += batch_loss(idx, false).item<double>() * double(idx.size());
                    count += int64_t(idx.size());
                }
            }
            val = count > 0 ? val / double(count) : std::numeric_limits<double>::quiet_NaN();
            if (count == 0 || val < result.best_val_loss) { // no validation data: keep the last
                result.best_val_loss = count ? val : result.best_val_loss;
                result.best_epoch = epoch;
                best = snapshot(module);
            }
            if (!report("validate", epoch, val))
                throw Cancelled(label + " stopped after epoch " + std::to_string(epoch));
        }
        restore(module, best);
        return result;
    }
};

struct Stage {
    const char* label;         // "st1", "cg2", ...
    const StageParams* params; // lr, weight decay, epochs
    bool projection_only;      // the warm-up stage trains the projection alone
};

// Runs `stages` in order on `module`; `set_trainable(projection_only)` selects what trains.
// Everything is frozen again at the end.
SemcotStageResult
run_stages(torch::nn::Module& module, const std::vector<Stage>& stages,
           const std::function<void(bool)>& set_trainable, int64_t n_train, int64_t n_val,
           const SemcotTrainParams& params, uint64_t seed, const ProgressCallback& progress,
           int64_t min_batch,
           const std::function<torch::Tensor(const std::vector<int64_t>&, bool)>& loss_fn) {
    SemcotStageResult total;
    for (const auto& stage : stages) {
        set_trainable(stage.projection_only);
        StageRunner runner{stage.label, *stage.params,    n_train,  n_val, params.batch_size, seed,
                           progress,    params.grad_clip, min_batch};
        auto r = runner.run(module, loss_fn);
        total.steps += r.steps;
        total.best_val_loss = r.best_val_loss;
        total.best_epoch = r.best_epoch;
    }
    for (auto& p : module.parameters()) p.set_requires_grad(false);
    return total;
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
    for (auto [key, out] :
         {std::pair<const char*, bool*>{"no_st", &p.no_st}, {"no_warmup", &p.no_warmup}}) {
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
        auto [ids_a, mask_a] = pad(a, false, device);
        auto [ids_b, mask_b] = pad(b, false, device);
        return info_nce(st.encode_ids(teacher, ids_a, mask_a),
                        st.encode_ids(teacher, ids_b, mask_b), params.st_temperature);
    };
    return run_stages(
        st, {{"st1", &params.st_stage1, true}, {"st2", &params.st_stage2, false}},
        [&](bool projection_only) { st.set_trainable(projection_only); }, int64_t(train.size()),
        int64_t(validation.size()), params, params.seed, progress, /*min_batch=*/2, loss_fn);
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
    auto [q_ids, q_mask] = pad(queries, /*left=*/true, cg.student()->device());
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
        auto [r_ids, r_mask] = pad(reasons, false, device);
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
        return contemplation_loss(cg, student_tok, teacher, teacher_tok, st, prompts, batch, params)
            .total;
    };
    std::vector<Stage> stages;
    if (!params.no_warmup) stages.push_back({"cg1", &params.cg_stage1, true});
    stages.push_back({"cg2", &params.cg_stage2, false});
    return run_stages(
        cg, stages, [&](bool projection_only) { cg.set_trainable(projection_only); },
        int64_t(train.size()), int64_t(validation.size()), params, params.seed + 17, progress,
        /*min_batch=*/1, loss_fn);
}

} // namespace semcot
