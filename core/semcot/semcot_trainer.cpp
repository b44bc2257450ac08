#include "semcot/semcot_trainer.h"
#include "train/data_parallel.h"
#include "engine/checkpointing.h"

#include "common/error.h"
#include "semcot/inference.h"
#include "semcot/losses.h"
#include "train/training_loop.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>

namespace semcot {

std::vector<int64_t> cg_answer_ids(const Tokenizer& tok, const PromptTemplate& prompts,
                                   const Example& e, bool joint) {
    const std::string target = make_training_pair(prompts, e, PromptFormat::direct).target;
    std::vector<int64_t> out;
    if (joint) {
        const auto head = tok.encode(implicit_answer_suffix(prompts));
        const auto full = tok.encode(implicit_answer_suffix(prompts) + target);
        if (full.size() > head.size() && std::equal(head.begin(), head.end(), full.begin())) {
            out.assign(full.begin() + std::ptrdiff_t(head.size()), full.end());
            return out;
        }
    }
    for (int id : tok.encode(target)) out.push_back(id);
    return out;
}

int64_t flip_count(const Example& e) {
    static const std::string kFlip = " flips the coin";
    int64_t n = 0;
    for (size_t at = e.query.find(kFlip); at != std::string::npos;
         at = e.query.find(kFlip, at + kFlip.size()))
        ++n;
    return n;
}

namespace {

std::vector<int64_t> text_ids(const Tokenizer& tok, const std::string& text, int64_t max_length) {
    return encode_with_bos(tok, text, max_length);
}

TrainLoop stage_loop(const SemcotTrainParams& params, size_t n_train, size_t n_val, uint64_t seed) {
    TrainLoop loop;
    loop.n_train = int64_t(n_train);
    loop.n_val = int64_t(n_val);
    loop.batch_size = params.batch_size;
    loop.grad_clip = params.grad_clip;
    loop.seed = seed;
    loop.checkpoint_dir = params.checkpoint_dir;
    loop.resume = params.resume;
    loop.micro_batch = params.micro_batch;
    // float16 activations in the teacher: gradients through it can underflow without scaling.
    loop.dynamic_loss_scale = params.teacher_dtype == "float16";
    return loop;
}

// A SemCoT stage: constant learning rate, weight decay on every parameter (the paper's AdamW).
TrainStage semcot_stage(const std::string& label, const StageParams& p,
                        std::function<void()> set_trainable) {
    TrainStage s;
    s.label = label;
    s.epochs = p.epochs;
    s.lr = p.lr;
    s.weight_decay = p.weight_decay;
    s.set_trainable = std::move(set_trainable);
    return s;
}

SemcotStageResult stage_result(const TrainResult& r) {
    return {r.best_val_loss, r.best_epoch, r.steps};
}

} // namespace

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
    ActivationCheckpointingScope st_checkpointing(*st.layers_model, params.activation_checkpointing);
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
    TrainLoop loop = stage_loop(params, train.size(), validation.size(), params.seed);
    loop.min_batch = 2;
    return stage_result(run_training(
        st,
        {semcot_stage("st1", params.st_stage1, [&] { st.set_trainable(true); }),
         semcot_stage("st2", params.st_stage2, [&] { st.set_trainable(false); })},
        loop, progress, [&](const std::vector<int64_t>& idx, bool is_train) {
            return BatchLoss{loss_fn(idx, is_train)};
        }));
}

TeacherAnswerBatch teacher_answer_batch(LlamaModelImpl& teacher, const Tokenizer& teacher_tok,
                                        const PromptTemplate& prompts,
                                        const std::vector<Example>& batch,
                                        const torch::Tensor& implicit, int64_t max_length,
                                        bool joint_answer) {
    const auto device = teacher.device();
    const int64_t B = int64_t(batch.size()), k = implicit.size(1);
    std::vector<torch::Tensor> rows;
    std::vector<int64_t> lengths, answer_start;
    std::vector<std::vector<int64_t>> answers;
    auto opts = torch::TensorOptions().dtype(torch::kInt64).device(device);
    for (int64_t b = 0; b < B; ++b) {
        auto p = semcot_prompt_ids(teacher_tok, prompts, batch[b].query, max_length - k - 8);
        std::vector<int64_t> answer = cg_answer_ids(teacher_tok, prompts, batch[b], joint_answer);
        if (teacher_tok.eos_id() >= 0) answer.push_back(teacher_tok.eos_id());
        std::vector<int64_t> tail = p.after;
        tail.insert(tail.end(), answer.begin(), answer.end());
        auto row = at::cat({teacher.embed(at::tensor(p.before, torch::kInt64).to(opts)),
                            implicit[b], teacher.embed(at::tensor(tail, torch::kInt64).to(opts))},
                           0); // [L_b, Dt]
        answer_start.push_back(int64_t(p.before.size()) + k + int64_t(p.after.size()));
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
        for (size_t j = 0; j < answers[size_t(b)].size(); ++j) {
            targets[b][answer_start[b] + int64_t(j) - 1] = answers[size_t(b)][j];
            target_mask[b][answer_start[b] + int64_t(j) - 1] = 1;
        }
    }
    return {at::stack(padded, 0), mask.to(device), targets.to(device), target_mask.to(device)};
}

namespace {

// Per example (no gradient): the answer's mean cross-entropy and whether greedy decoding gets
// every answer token right.
void answer_diagnostics(const torch::Tensor& logits, const TeacherAnswerBatch& in, CgLoss& loss) {
    torch::NoGradGuard ng;
    auto tgt = in.targets, tm = in.target_mask.to(torch::kFloat32); // [B, T]
    auto logp = at::log_softmax(logits.to(torch::kFloat32), -1);    // [B, T, V]
    auto nll = -logp.gather(-1, tgt.unsqueeze(-1)).squeeze(-1) * tm; // [B, T]
    loss.answer_per_example = nll.sum(1) / tm.sum(1).clamp_min(1.0); // [B]
    auto wrong = logits.argmax(-1).ne(tgt).logical_and(tm.ne(0));    // [B, T]
    loss.answer_correct = wrong.any(1).logical_not();
}

// 1 - cos between the implicit tokens' and the reasoning's sentence embeddings (the ST's, or
// in the no-ST ablation the mean-pooled teacher states entering the middle layer).
torch::Tensor reasoning_alignment(LlamaModelImpl& teacher, const Tokenizer& teacher_tok,
                                  SentenceTransformerImpl* st, const std::vector<Example>& batch,
                                  const torch::Tensor& implicit, const SemcotTrainParams& params) {
    const auto device = teacher.device();
    std::vector<std::vector<int64_t>> reasons;
    const bool condensed = params.align_target == "condensed";
    for (const auto& e : batch)
        reasons.push_back(text_ids(
            teacher_tok,
            condensed && !e.condensed_reasoning.empty() ? e.condensed_reasoning : e.reasoning,
            params.max_length));
    auto [r_ids, r_mask] = pad_ids(reasons, false, device);
    auto ones = at::ones({implicit.size(0), implicit.size(1)},
                         torch::TensorOptions().dtype(torch::kInt64).device(device));
    torch::Tensor a, target;
    if (st && !params.no_st) {
        a = st->encode_embeds(teacher, implicit, ones);
        torch::NoGradGuard ng;
        target = st->encode_ids(teacher, r_ids, r_mask);
    } else {
        const int64_t mid = teacher.config().num_hidden_layers / 2;
        a = masked_mean_pool(
            SentenceTransformerImpl::teacher_hidden_at(teacher, implicit, ones, mid), ones);
        torch::NoGradGuard ng;
        target = masked_mean_pool(SentenceTransformerImpl::teacher_hidden_at(
                                      teacher, teacher.embed(r_ids), r_mask, mid),
                                  r_mask);
    }
    return cosine_distance(a, target);
}

} // namespace

CgLoss contemplation_loss(ContemplationGeneratorImpl& cg, const Tokenizer& student_tok,
                          LlamaModelImpl& teacher, const Tokenizer& teacher_tok,
                          SentenceTransformerImpl* st, const PromptTemplate& prompts,
                          const std::vector<Example>& batch, const SemcotTrainParams& params) {
    const int64_t k = cg.config().k_train;
    // Student: [BOS, "Question: Q", k x <thought>] -> implicit tokens [B, k, Dt].
    std::vector<std::vector<int64_t>> queries;
    for (const auto& e : batch)
        queries.push_back(student_query_ids(student_tok, prompts, e.query, params.max_length));
    auto [q_ids, q_mask] = pad_ids(queries, /*left=*/true, cg.student()->device());
    auto implicit =
        cg.implicit_tokens(q_ids, q_mask, k).to(teacher.device(), teacher.dtype()); // [B, k, Dt]

    const TeacherAnswerBatch in = teacher_answer_batch(teacher, teacher_tok, prompts, batch,
                                                       implicit, params.max_length,
                                                       params.answer_tokens == "joint");
    ForwardInput forward;
    forward.inputs_embeds = in.inputs_embeds;
    forward.attention_mask = in.mask;
    auto logits = teacher.forward(forward).logits;
    CgLoss loss;
    loss.answer = masked_token_ce(logits, in.targets, in.target_mask);
    answer_diagnostics(logits, in, loss);
    loss.implicit = implicit.detach();
    if (params.alpha > 0) {
        loss.reasoning = reasoning_alignment(teacher, teacher_tok, st, batch, implicit, params);
        loss.total = params.alpha * loss.reasoning + (1 - params.alpha) * loss.answer;
    } else {
        loss.reasoning = at::zeros({}, loss.answer.options());
        loss.total = loss.answer;
    }
    return loss;
}

namespace {

// Mean L2 norm of the teacher's input embeddings over the tokens of (up to 256) examples'
// questions and reasoning: the scale the implicit tokens stand in for.
double teacher_embedding_norm(LlamaModelImpl& teacher, const Tokenizer& tok,
                              const std::vector<Example>& data, int64_t max_length) {
    torch::NoGradGuard ng;
    double sum = 0;
    int64_t n = 0;
    for (size_t i = 0; i < data.size() && i < 256; ++i) {
        auto ids = text_ids(tok, data[i].query + "\n" + data[i].reasoning, max_length);
        auto e = teacher.embed(at::tensor(ids, torch::kInt64).to(teacher.device())); // [T, Dt]
        sum += e.to(torch::kFloat32).norm(2, -1).sum().item<double>();
        n += e.size(0);
    }
    return n ? sum / double(n) : 0.0;
}

// Per-epoch diagnostics of the generator (issue 11), accumulated over the epoch's batches.
struct CgDiagnostics {
    struct Bucket {
        int64_t n = 0, correct = 0;
        double answer = 0;
    };
    std::map<int64_t, Bucket> by_flips; // validation, by number of flips
    std::vector<double> norm_sum;       // validation: sum of implicit-token norms, per index
    double cross_cos = 0;               // validation: mean cosine of two examples' tokens
    int64_t cross_batches = 0, norm_n = 0;
    double train_answer = 0, train_reasoning = 0; // training batches of the epoch
    int64_t train_n = 0, train_examples = 0;

    void add_train(const BatchLoss& loss, int64_t examples) {
        train_answer += loss.answer;
        train_reasoning += loss.reasoning;
        ++train_n;
        train_examples += examples;
    }

    void add_validation(const CgLoss& l, const std::vector<Example>& batch) {
        auto ce = l.answer_per_example.to(torch::kCPU).to(torch::kFloat64);
        auto ok = l.answer_correct.to(torch::kCPU);
        for (size_t b = 0; b < batch.size(); ++b) {
            auto& bucket = by_flips[flip_count(batch[b])];
            ++bucket.n;
            bucket.answer += ce[int64_t(b)].item<double>();
            bucket.correct += ok[int64_t(b)].item<bool>() ? 1 : 0;
        }
        auto imp = l.implicit.to(torch::kCPU).to(torch::kFloat32); // [B, k, Dt]
        auto norms = imp.norm(2, -1).sum(0);                       // [k]
        if (norm_sum.empty()) norm_sum.assign(size_t(imp.size(1)), 0.0);
        for (int64_t i = 0; i < imp.size(1); ++i) norm_sum[size_t(i)] += norms[i].item<double>();
        norm_n += imp.size(0);
        if (imp.size(0) > 1) { // how much the tokens depend on the question: 1 = not at all
            auto flat = imp.reshape({imp.size(0), -1});
            flat = flat / flat.norm(2, -1, true).clamp_min(1e-12);
            auto sim = at::matmul(flat, flat.t()); // [B, B]
            const double B = double(imp.size(0));
            cross_cos += (sim.sum().item<double>() - B) / (B * (B - 1));
            ++cross_batches;
        }
    }

    nlohmann::json line(const TrainProgress& p, double embed_norm) const {
        nlohmann::json flips = nlohmann::json::array();
        int64_t n = 0, correct = 0;
        for (const auto& [f, b] : by_flips) {
            flips.push_back({{"flips", f},
                             {"n", b.n},
                             {"answer_loss", b.answer / double(std::max<int64_t>(b.n, 1))},
                             {"accuracy", double(b.correct) / double(std::max<int64_t>(b.n, 1))}});
            n += b.n;
            correct += b.correct;
        }
        nlohmann::json norms = nlohmann::json::array();
        for (double v : norm_sum) norms.push_back(v / double(std::max<int64_t>(norm_n, 1)));
        auto mean = [](double v, int64_t c) { return c ? nlohmann::json(v / double(c)) : nullptr; };
        return {{"stage", p.stage.substr(0, p.stage.find('/'))},
                {"epoch", p.epoch},
                {"val_loss", p.val_loss},
                {"val_reasoning_loss", std::isfinite(p.reasoning_loss)
                                           ? nlohmann::json(p.reasoning_loss)
                                           : nlohmann::json(nullptr)},
                {"val_answer_loss", p.answer_loss},
                {"val_answer_accuracy", double(correct) / double(std::max<int64_t>(n, 1))},
                {"val_by_flips", flips},
                {"implicit_norm", norms},
                {"teacher_embedding_norm", embed_norm},
                {"implicit_cross_example_cos", mean(cross_cos, cross_batches)},
                {"train_answer_loss", mean(train_answer, train_n)},
                {"train_reasoning_loss", mean(train_reasoning, train_n)},
                {"train_examples", train_examples}};
    }
};

// The implicit tokens of (up to) 64 training questions as initialised: their norms [n, k].
torch::Tensor initial_norms(ContemplationGeneratorImpl& cg, const Tokenizer& student_tok,
                            const PromptTemplate& prompts, const std::vector<Example>& train,
                            const SemcotTrainParams& params) {
    torch::NoGradGuard ng;
    std::vector<std::vector<int64_t>> queries;
    for (size_t i = 0; i < train.size() && i < 64; ++i)
        queries.push_back(
            student_query_ids(student_tok, prompts, train[i].query, params.max_length));
    auto [q_ids, q_mask] = pad_ids(queries, /*left=*/true, cg.student()->device());
    return cg.implicit_tokens(q_ids, q_mask, cg.config().k_train).norm(2, -1);
}

// Implicit tokens at the teacher's embedding scale from the start (cg_init_norm_scale): the
// default Linear init gives them a norm set by the student's (RMS-normalised) states instead.
// A resumed stage loads its checkpoint over this.
void scale_initial_norms(ContemplationGeneratorImpl& cg, const Tokenizer& student_tok,
                         const PromptTemplate& prompts, const std::vector<Example>& train,
                         const SemcotTrainParams& params, double embed_norm) {
    torch::NoGradGuard ng;
    const double now = initial_norms(cg, student_tok, prompts, train, params).mean().item<double>();
    const double factor = params.cg_init_norm_scale * embed_norm / std::max(now, 1e-12);
    cg.projection()->weight.mul_(factor);
    cg.projection()->bias.mul_(factor);
}

} // namespace

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
    const bool diagnose = !params.diagnostics_file.empty();
    const double embed_norm =
        diagnose || params.cg_init_norm_scale > 0
            ? teacher_embedding_norm(teacher, teacher_tok, train, params.max_length)
            : 0.0;
    if (params.cg_init_norm_scale > 0)
        scale_initial_norms(cg, student_tok, prompts, train, params, embed_norm);
    // Under data parallel, rank 0 alone writes the diagnostics (its shard of validation).
    if (diagnose && !params.resume && is_main_process()) {
        auto norms = initial_norms(cg, student_tok, prompts, train, params).mean(0); // [k]
        nlohmann::json line = {{"stage", "init"}, {"teacher_embedding_norm", embed_norm}};
        for (int64_t i = 0; i < norms.size(0); ++i)
            line["implicit_norm"].push_back(norms[i].item<double>());
        std::ofstream(params.diagnostics_file, std::ios::app) << line.dump() << "\n";
    }
    // Curriculum: the cap on the number of flips for the epoch in progress (-1 = none).
    int64_t max_flips = -1;
    TrainLoop loop = stage_loop(params, train.size(), validation.size(), params.seed + 17);
    if (!params.flip_curriculum.empty())
        loop.on_epoch_start = [&](const std::string& label, int64_t epoch) {
            max_flips = label == "cg2" && epoch < int64_t(params.flip_curriculum.size())
                            ? params.flip_curriculum[size_t(epoch)]
                            : -1;
        };
    CgDiagnostics diag;
    ActivationCheckpointingScope teacher_checkpointing(teacher, params.activation_checkpointing);
    ActivationCheckpointingScope student_checkpointing(*cg.student(),
                                                       params.activation_checkpointing);
    auto loss_fn = [&](const std::vector<int64_t>& idx, bool is_train) {
        std::vector<Example> batch;
        for (int64_t i : idx) {
            const Example& e = (is_train ? train : validation)[i];
            if (is_train && max_flips >= 0 && flip_count(e) > max_flips) continue;
            batch.push_back(e);
        }
        if (batch.empty()) return BatchLoss{};
        auto l =
            contemplation_loss(cg, student_tok, teacher, teacher_tok, st, prompts, batch, params);
        BatchLoss out{l.total, l.reasoning.item<double>(), l.answer.item<double>()};
        if (diagnose && is_train) diag.add_train(out, int64_t(batch.size()));
        if (diagnose && !is_train) diag.add_validation(l, batch);
        return out;
    };
    ProgressCallback report = progress;
    if (diagnose)
        report = [&](const TrainProgress& p) {
            if (p.stage.size() > 9 && p.stage.compare(p.stage.size() - 9, 9, "/validate") == 0) {
                std::ofstream f(params.diagnostics_file, std::ios::app);
                f << diag.line(p, embed_norm).dump() << "\n";
                diag = CgDiagnostics{};
            }
            return progress ? progress(p) : true;
        };
    std::vector<TrainStage> stages;
    if (!params.no_warmup)
        stages.push_back(semcot_stage("cg1", params.cg_stage1, [&] { cg.set_trainable(true); }));
    stages.push_back(semcot_stage("cg2", params.cg_stage2, [&] { cg.set_trainable(false); }));
    return stage_result(run_training(cg, stages, loop, report, loss_fn));
}

} // namespace semcot
