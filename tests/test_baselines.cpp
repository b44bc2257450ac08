// Coconut, CODI and ICoT-SI (baselines/, issue 15) and the continuous thoughts they rest on, on
// the shipped run's teacher and data: each loss against a computation by hand on one example;
// gradients reach exactly the adapters and the method's own tensors; a micro run trains, saves,
// reloads through load_method and answers as the trained model does.
#include "support/qtest_compat.h"
#include "support/shipped_run.h"

#include "baselines/coconut.h"
#include "baselines/codi.h"
#include "baselines/icot.h"
#include "baselines/method_loader.h"
#include "common/error.h"
#include "common/platform.h"
#include "engine/checkpoint.h"
#include "engine/continuous_thoughts.h"
#include "engine/generate.h"
#include "semcot/inference.h"
#include "semcot/lm_trainer.h"
#include "semcot/run.h"
#include "semcot/semcot_trainer.h"

#include <ATen/ATen.h>

#include <cmath>
#include <filesystem>

using namespace semcot;
namespace fs = std::filesystem;

namespace {

torch::Tensor ids(const std::vector<int64_t>& v) {
    return at::tensor(v, torch::kInt64);
}

template <typename P> P micro(P p) {
    p.lora.r = 4;
    p.lora.alpha = 8;
    p.lora.dropout = 0;
    p.stage = {2e-3, 0.0, 1};
    p.batch_size = 8;
    p.max_length = 200;
    p.seed = 3;
    return p;
}

// Mean of -log p(target_j) read at positions first - 1 + j of `logits` [T, V].
double mean_nll(const torch::Tensor& logits, int64_t first, const std::vector<int64_t>& target) {
    const auto logp = at::log_softmax(logits.to(torch::kFloat32), -1);
    double sum = 0;
    for (size_t j = 0; j < target.size(); ++j)
        sum -= logp[first + int64_t(j) - 1][target[j]].item<double>();
    return sum / double(target.size());
}

bool close(double a, double b, double tol = 1e-4) {
    return std::abs(a - b) <= tol * std::max(1.0, std::abs(b));
}

std::string pair_str(double a, double b) {
    return std::to_string(a) + " vs " + std::to_string(b);
}

// Gradients on exactly the adapters and `own` tensors after one backward of `loss`.
void check_gradients(LlamaModelImpl& teacher, const torch::Tensor& loss,
                     const std::vector<torch::Tensor>& own) {
    loss.backward();
    for (const auto& [name, w] : teacher.named_weights())
        QVERIFY2(!w.grad().defined() || w.grad().abs().sum().item<double>() == 0, name.c_str());
    int64_t with_grad = 0;
    for (const auto& [name, t] : lora_weights(teacher)) {
        QVERIFY2(t.grad().defined(), name.c_str());
        if (t.grad().abs().sum().item<double>() > 0) ++with_grad;
    }
    QVERIFY(with_grad > 0); // B is zero at the start, so only the A's may get none
    for (const auto& t : own) {
        QVERIFY(t.grad().defined());
        QVERIFY(t.grad().abs().sum().item<double>() > 0);
    }
}

} // namespace

class TestBaselines final : public QObject {
    Q_OBJECT
private slots:
    void cachedThoughtsMatchTheTrainingForm();
    void coconutLossByHand();
    void codiLossByHand();
    void icotRemovesReasoningFromTheFront();
    void gradientsReachOnlyWhatTrains();
    void microRunsReloadAndAnswer();
};

// Two questions of different lengths, left-padded: the cached thoughts equal the training
// form's, and decoding after the cache equals decoding the whole sequence from scratch.
void TestBaselines::cachedThoughtsMatchTheTrainingForm() {
    auto run = load_run(test_paths::shipped_run(), torch::kCPU);
    auto& teacher = *run.teacher.model;
    const Tokenizer& tok = *run.teacher.tokenizer;
    const auto test = run.split("test");
    torch::NoGradGuard ng;
    const auto bot = mean_embedding(teacher);
    std::vector<torch::Tensor> rows;
    for (int i : {0, 7})
        rows.push_back(at::cat({teacher.embed(ids(encode_with_bos(
                                    tok, build_cot_prompt(run.prompts, test[i].query), 200))),
                                bot.view({1, -1})}));
    auto [prefix, mask] = pad_embeddings(rows, /*left=*/true);
    QVERIFY(mask.sum().item<int64_t>() < mask.numel()); // the two differ in length
    auto project = [](const torch::Tensor& h) { return h * 0.5; };
    const ThoughtSequence plain = continuous_thoughts(teacher, prefix, mask, 3, project);
    KVCache cache(teacher.config(), 2, prefix.size(1) + 3 + 40, teacher.dtype(), torch::kCPU);
    torch::Tensor cached;
    {
        c10::InferenceMode im;
        cached = continuous_thoughts_cached(teacher, cache, prefix, mask, 3, project);
    }
    QVERIFY2(at::allclose(cached, plain.thoughts, 1e-4, 1e-5),
             std::to_string((cached - plain.thoughts).abs().max().item<double>()).c_str());
    QCOMPARE(cache.length(), prefix.size(1) + 3);

    // Row 0 alone, decoded after the cache and from scratch.
    const auto eot = teacher.embed(ids({tok.bos_id()}))[0];
    KVCache one(teacher.config(), 1, rows[0].size(0) + 3 + 40, teacher.dtype(), torch::kCPU);
    GenerateParams gp;
    gp.max_new_tokens = 30;
    GenerateResult after, scratch;
    {
        c10::InferenceMode im;
        auto t = continuous_thoughts_cached(teacher, one, rows[0].unsqueeze(0), {}, 3, project);
        after = generate_after_cache(teacher, one, eot.view({1, 1, -1}), gp);
        scratch = generate_from_embeds(
            teacher, at::cat({rows[0].unsqueeze(0), t, eot.view({1, 1, -1})}, 1), gp);
    }
    QCOMPARE(after.tokens, scratch.tokens);
    QCOMPARE(after.stats.prompt_tokens, scratch.stats.prompt_tokens);
}

// Stage 1 on one example: [BOS CoT-prompt] <bot> t1 <eot> [steps 2.. + answer line, EOS] where
// t1 is the final-norm state at <bot>; the loss is the mean NLL of the text after <eot>.
void TestBaselines::coconutLossByHand() {
    auto run = load_run(test_paths::shipped_run(), torch::kCPU);
    auto& teacher = *run.teacher.model;
    const Tokenizer& tok = *run.teacher.tokenizer;
    const Example e = run.split("train").at(0);
    const CoconutParams params = micro(CoconutParams{});
    torch::NoGradGuard ng;
    const auto bot = at::randn({teacher.config().hidden_size}) * 0.1;
    const auto eot = at::randn({teacher.config().hidden_size}) * 0.1;
    const double loss = coconut_loss(teacher, tok, run.prompts, {e}, bot, eot, 1, params).item<double>();

    // Stage 1 drops the first step; the last stage keeps only the answer line.
    const auto steps = reasoning_steps(e.reasoning);
    QVERIFY(steps.size() >= 4);
    const std::string text = coconut_target_text(run.prompts, e, 1, params);
    QCOMPARE(text.substr(0, steps[1].size()), steps[1]);
    QVERIFY(text.find(steps[0]) == std::string::npos);
    QCOMPARE(coconut_target_text(run.prompts, e, params.max_latent_stage + 1, params),
             "Answer: " + e.answer);
    QCOMPARE(coconut_thoughts(9, params), params.max_latent_stage);

    std::vector<int64_t> target;
    for (int id : tok.encode(text)) target.push_back(id);
    target.push_back(tok.eos_id());
    const auto before = encode_with_bos(tok, build_cot_prompt(run.prompts, e.query), 200);
    auto x = at::cat({teacher.embed(ids(before)), bot.view({1, -1})}).unsqueeze(0);
    ForwardInput in;
    in.inputs_embeds = x;
    const auto h = teacher.forward(in).last_hidden[0].select(0, x.size(1) - 1);
    x = at::cat({x[0], h.view({1, -1}), eot.view({1, -1}), teacher.embed(ids(target))}).unsqueeze(0);
    in.inputs_embeds = x;
    const double by_hand =
        mean_nll(teacher.forward(in).logits[0], int64_t(before.size()) + 3, target);
    QVERIFY2(close(loss, by_hand), pair_str(loss, by_hand).c_str());
}

// One example: student CE on [Q <bot> z1 z2 <eot> "\n Answer:"] -> " yes" EOS with z = proj(h);
// teacher CE = lm_loss on the CoT pair; distillation = mean over layers of SmoothL1 / std at
// the token before the answer, times the weight.
void TestBaselines::codiLossByHand() {
    auto run = load_run(test_paths::shipped_run(), torch::kCPU);
    auto& teacher = *run.teacher.model;
    const Tokenizer& tok = *run.teacher.tokenizer;
    const Example e = run.split("train").at(0);
    CodiParams params = micro(CodiParams{});
    params.latents = 2;
    params.distill_weight = 7;
    torch::manual_seed(0);
    CodiProjection proj(teacher.config().hidden_size, 32);
    torch::NoGradGuard ng;
    const auto bot = at::randn({teacher.config().hidden_size}) * 0.1;
    const auto eot = at::randn({teacher.config().hidden_size}) * 0.1;
    const CodiLoss loss = codi_loss(teacher, tok, run.prompts, {e}, bot, eot, *proj, params);

    // Student.
    const auto p = semcot_prompt_ids(tok, run.prompts, e.query, params.max_length - 4 - 8);
    std::vector<torch::Tensor> seq = {teacher.embed(ids(p.before)), bot.view({1, -1})};
    ForwardInput in;
    for (int i = 0; i < 2; ++i) {
        in.inputs_embeds = at::cat(seq).unsqueeze(0);
        const auto h = teacher.forward(in).last_hidden[0];
        seq.push_back(proj->forward(h.select(0, h.size(0) - 1).view({1, -1})));
    }
    std::vector<int64_t> answer = cg_answer_ids(tok, run.prompts, e, true);
    answer.push_back(tok.eos_id());
    std::vector<int64_t> tail = p.after;
    tail.insert(tail.end(), answer.begin(), answer.end());
    seq.push_back(eot.view({1, -1}));
    seq.push_back(teacher.embed(ids(tail)));
    in.inputs_embeds = at::cat(seq).unsqueeze(0);
    in.output_hidden_states = true;
    const auto student = teacher.forward(in);
    const int64_t first = int64_t(p.before.size()) + 4 + int64_t(p.after.size());
    const double student_ce = mean_nll(student.logits[0], first, answer);
    QVERIFY2(close(loss.student_ce, student_ce), pair_str(loss.student_ce, student_ce).c_str());

    // Teacher.
    const TrainingPair pair = make_training_pair(run.prompts, e, PromptFormat::cot);
    const LmBatch tb = make_lm_batch(tok, {{pair.prompt, pair.target}}, params.max_length);
    ForwardInput tin;
    tin.input_ids = tb.input_ids;
    tin.output_hidden_states = true;
    const auto ref = teacher.forward(tin);
    const double teacher_ce = lm_loss(ref.logits, tb.labels).item<double>();
    QVERIFY2(close(loss.teacher_ce, teacher_ce), pair_str(loss.teacher_ce, teacher_ce).c_str());

    // The token before the answer: the end of the CoT text without " yes" (before EOS).
    const std::string head = pair.target.substr(0, pair.target.size() - e.answer.size() - 1);
    const int64_t ref_pos = int64_t(tokenize_lm_pair(tok, {pair.prompt, head}, 200).ids.size()) - 2;
    QVERIFY(tok.decode({int(tb.input_ids[0][ref_pos].item<int64_t>())}).find(':') !=
            std::string::npos);
    double distill = 0;
    for (size_t l = 0; l < ref.hidden_states.size(); ++l) {
        const auto t = ref.hidden_states[l][0][ref_pos];
        const auto s = student.hidden_states[l][0][first - 1];
        distill += torch::nn::functional::smooth_l1_loss(s, t).item<double>() /
                   t.std().item<double>();
    }
    distill *= 7.0 / double(ref.hidden_states.size());
    QVERIFY2(close(loss.distill, distill), pair_str(loss.distill, distill).c_str());
    QVERIFY(close(loss.total.item<double>(), student_ce + teacher_ce + distill));
}

void TestBaselines::icotRemovesReasoningFromTheFront() {
    auto run = load_run(test_paths::shipped_run(), torch::kCPU);
    const Tokenizer& tok = *run.teacher.tokenizer;
    const Example e = run.split("train").at(0);
    const TrainingPair pair = make_training_pair(run.prompts, e, PromptFormat::cot);
    const LmSequence full = tokenize_lm_pair(tok, {pair.prompt, pair.target}, 200);
    int64_t n = 0;
    const LmSequence none = icot_sequence(tok, run.prompts, e, 0, 200, &n);
    QCOMPARE(none.ids, full.ids);
    QCOMPARE(none.target_begin, full.target_begin);
    // The reasoning's tokens: those of the prompt + reasoning text past the prompt's, up to the
    // last one, which may merge with the newline after it in place.
    const int64_t alone =
        int64_t(tokenize_lm_pair(tok, {pair.prompt, e.reasoning}, 200).ids.size()) -
        full.target_begin - 1;
    QVERIFY2(n == alone || n == alone - 1, pair_str(double(n), double(alone)).c_str());
    // Removing n leaves no reasoning, removing n - 1 leaves its last token.
    auto target_text = [&](int64_t r) {
        const LmSequence s = icot_sequence(tok, run.prompts, e, r, 200);
        return tok.decode(std::vector<int>(s.ids.begin() + s.target_begin, s.ids.end() - 1));
    };
    QVERIFY2(target_text(n - 1).find("up") != std::string::npos, target_text(n - 1).c_str());
    for (int64_t r : {int64_t(1), int64_t(5), n / 2}) {
        const LmSequence cut = icot_sequence(tok, run.prompts, e, r, 200);
        QCOMPARE(int64_t(cut.ids.size()), int64_t(full.ids.size()) - r);
        QVERIFY(std::equal(cut.ids.begin() + cut.target_begin, cut.ids.end(),
                           full.ids.begin() + full.target_begin + r));
    }
    // Everything removed: the answer line right after the prompt, nothing of the reasoning.
    const LmSequence all = icot_sequence(tok, run.prompts, e, n, 200);
    std::vector<int> rest(all.ids.begin() + all.target_begin, all.ids.end() - 1);
    const LmSequence answer_only = tokenize_lm_pair(
        tok, {pair.prompt, "\n" + run.prompts.answer_marker + " " + e.answer}, 200);
    QCOMPARE(all.ids, answer_only.ids);
    const std::string text = tok.decode(rest);
    QVERIFY2(text.find("up") == std::string::npos && text.find("Answer: " + e.answer) !=
                                                         std::string::npos,
             text.c_str());
    QCOMPARE(icot_sequence(tok, run.prompts, e, 100000, 200).ids, all.ids);
    IcotParams p;
    p.remove_per_stage = 8;
    QCOMPARE(icot_stages(p, 80), int64_t(11));
    QCOMPARE(icot_stages(p, 81), int64_t(12));
}

void TestBaselines::gradientsReachOnlyWhatTrains() {
    auto run = load_run(test_paths::shipped_run(), torch::kCPU);
    const Tokenizer& tok = *run.teacher.tokenizer;
    const auto train = run.split("train");
    const std::vector<Example> batch(train.begin(), train.begin() + 3);
    auto fresh = [&] {
        auto m = load_model_folder(test_paths::shipped_run() / "teacher").model;
        add_lora(*m, micro(CoconutParams{}).lora, 1);
        for (auto& [name, t] : lora_weights(*m)) // B non-zero, so A gets a gradient too
            if (name.find("lora_B") != std::string::npos) t.data().normal_(0, 0.01);
        set_lora_trainable(*m);
        return m;
    };
    const int64_t D = run.teacher.config.hidden_size;
    {
        auto m = fresh();
        auto bot = (at::randn({D}) * 0.1).requires_grad_(), eot = (at::randn({D}) * 0.1).requires_grad_();
        check_gradients(*m, coconut_loss(*m, tok, run.prompts, batch, bot, eot, 2,
                                         micro(CoconutParams{})),
                        {bot, eot});
    }
    {
        auto m = fresh();
        auto bot = (at::randn({D}) * 0.1).requires_grad_(), eot = (at::randn({D}) * 0.1).requires_grad_();
        CodiParams p = micro(CodiParams{});
        p.latents = 2;
        CodiProjection proj(D, 0);
        std::vector<torch::Tensor> own = {bot, eot};
        for (const auto& t : proj->parameters()) own.push_back(t);
        check_gradients(*m, codi_loss(*m, tok, run.prompts, batch, bot, eot, *proj, p).total, own);
    }
    {
        auto m = fresh();
        std::vector<LmSequence> seqs;
        for (const auto& e : batch) seqs.push_back(icot_sequence(tok, run.prompts, e, 6, 200));
        const LmBatch b = make_lm_batch(seqs, lm_pad_id(tok));
        ForwardInput in;
        in.input_ids = b.input_ids;
        in.attention_mask = b.attention_mask;
        check_gradients(*m, lm_loss(m->forward(in).logits, b.labels), {});
    }
}

// Each method: a few steps on 16 examples, saved, reloaded by load_method onto a fresh copy of
// the teacher, answering the same text alone and in a batch.
void TestBaselines::microRunsReloadAndAnswer() {
    auto base = load_run(test_paths::shipped_run(), torch::kCPU);
    const auto all = base.split("train");
    const std::vector<Example> train(all.begin(), all.begin() + 16), validation(all.begin() + 16, all.begin() + 24);
    const auto test = base.split("test");
    const std::vector<std::string> queries = {test[0].query, test[1].query};
    for (Method m : {Method::coconut, Method::codi, Method::icot}) {
        auto run = load_run(test_paths::shipped_run(), torch::kCPU);
        auto& teacher = *run.teacher.model;
        const Tokenizer& tok = *run.teacher.tokenizer;
        const fs::path dir = fs::path(test_paths::tmp_dir()) / ("baseline_" + method_name(m));
        fs::remove_all(dir);
        InferenceContext trained = run.inference_context();
        trained.generation.max_new_tokens = 40;
        if (m == Method::coconut) {
            CoconutParams p = micro(CoconutParams{});
            p.max_latent_stage = 2;
            const auto r = train_coconut(teacher, tok, run.prompts, train, validation, p);
            QCOMPARE(r.stages, int64_t(4));
            QCOMPARE(r.steps, int64_t(4 * 2));
            save_coconut(dir, teacher, r, p, test_paths::shipped_run(), {});
            trained.thoughts = {r.bot, r.eot, 2, {}};
        } else if (m == Method::codi) {
            CodiParams p = micro(CodiParams{});
            p.latents = 3;
            const auto r = train_codi(teacher, tok, run.prompts, train, validation, p);
            QCOMPARE(r.steps, int64_t(2));
            QVERIFY(std::isfinite(r.best_val_loss));
            save_codi(dir, teacher, r, p, test_paths::shipped_run(), {});
            auto proj = r.projection;
            trained.thoughts = {r.bot, r.eot, 3, [proj](const torch::Tensor& h) mutable {
                                    return proj->forward(h);
                                }};
        } else {
            IcotParams p = micro(IcotParams{});
            p.remove_per_stage = 40;
            const auto r = train_icot(teacher, tok, run.prompts, train, validation, p);
            QVERIFY(r.stages >= 3);
            QCOMPARE(r.steps, 2 * r.stages);
            save_icot(dir, teacher, p, test_paths::shipped_run(), {});
        }
        QVERIFY(trained_baselines(test_paths::shipped_run()).empty()); // not in RUN/methods
        auto loaded = load_method(base, m, dir, torch::kCPU);
        loaded->context.generation.max_new_tokens = 40;
        const auto a = run_method(trained, m, test[0].query, test[0].answer);
        const auto b = run_method(loaded->context, m, test[0].query, test[0].answer);
        QCOMPARE(b.output, a.output);
        QVERIFY(b.total_s > 0);
        if (m != Method::icot) QVERIFY(b.implicit_s > 0);
        const auto batch = run_method_batch(loaded->context, m, queries);
        QCOMPARE(batch.at(0).output, a.output);
        QCOMPARE(batch.at(1).output, run_method(loaded->context, m, queries[1]).output);
        std::printf("%s: %s\n", method_name(m).c_str(), a.output.c_str());
        // Another method's folder is refused with the command that writes the right one.
        const Method other = m == Method::icot ? Method::codi : Method::icot;
        try {
            load_method(base, other, dir, torch::kCPU);
            QFAIL("a folder of another method loaded");
        } catch (const InvalidArgument& e) {
            QVERIFY2(std::string(e.what()).find("is not " + method_name(other)) !=
                         std::string::npos,
                     e.what());
        }
    }
}

QTEST_APPLESS_MAIN(TestBaselines)
#include "test_baselines.moc"
