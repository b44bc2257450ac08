// The contemplation generator and the three inference methods on tiny random models.
#include "support/qtest_compat.h"

#include "common/error.h"
#include "common/platform.h"
#include "semcot/contemplation_generator.h"
#include "semcot/inference.h"

#include <ATen/ATen.h>

#include <filesystem>

using namespace semcot;
namespace fs = std::filesystem;

namespace {

ModelConfig config(int64_t hidden, int64_t vocab) {
    ModelConfig c;
    c.hidden_size = hidden;
    c.intermediate_size = hidden * 2;
    c.num_hidden_layers = 2;
    c.num_attention_heads = 4;
    c.num_key_value_heads = 2;
    c.vocab_size = vocab;
    c.max_position_embeddings = 128;
    return c;
}

// A tokenizer trained once for the whole test, with <thought> appended.
const SentencePieceTokenizer& tokenizer() {
    static std::unique_ptr<SentencePieceTokenizer> tok = [] {
        TokenizerTrainOptions o;
        for (int i = 0; i < 200; ++i)
            o.sentences.push_back("Question: a coin is heads up. person " + std::to_string(i % 7) +
                                  " flips the coin. Answer: yes no");
        o.vocab_size = 320;
        o.output = fs::path(test_paths::tmp_dir()) / "contemplation_tok/tokenizer.model";
        SentencePieceTokenizer::train(o);
        auto t = SentencePieceTokenizer::load(o.output);
        t->add_special_token("<thought>");
        return t;
    }();
    return *tok;
}

LlamaModel random_model(int64_t hidden, uint64_t seed) {
    LlamaModel m(config(hidden, tokenizer().vocab_size()));
    m->init_weights(seed, 0.1);
    return m;
}

ContemplationGenerator make_cg(int64_t teacher_hidden, const std::string& slice = "ours") {
    ContemplationConfig c;
    c.thought_id = tokenizer().piece_to_id("<thought>");
    c.teacher_hidden = teacher_hidden;
    c.slice = slice;
    torch::manual_seed(0);
    return ContemplationGenerator(random_model(16, 2), c);
}

torch::Tensor query() {
    return at::tensor(std::vector<int64_t>{1, 5, 9, 12, 7}).view({1, -1});
}

} // namespace

class TestContemplation final : public QObject {
    Q_OBJECT
private slots:
    void implicitTokensHaveTeacherWidth();
    void paperSliceIgnoresTheThoughtTokenWithKOne();
    void gradientsReachGeneratorNotTeacher();
    void stageOneTrainsProjectionOnly();
    void saveLoadRoundTrip();
    void addTokenRowsKeepsOldRows();
    void threeMethodsRun();
};

void TestContemplation::implicitTokensHaveTeacherWidth() {
    auto cg = make_cg(32);
    torch::NoGradGuard ng;
    auto out = cg->implicit_tokens(query(), at::ones_like(query()), 3);
    QCOMPARE(out.sizes().vec(), (std::vector<int64_t>{1, 3, 32}));
    // Left padding does not change the result.
    auto padded = at::cat({at::zeros({1, 2}, torch::kInt64), query()}, 1);
    auto mask = at::cat({at::zeros({1, 2}, torch::kInt64), at::ones_like(query())}, 1);
    QVERIFY(at::allclose(cg->implicit_tokens(padded, mask, 3), out, 1e-4, 1e-5));
}

void TestContemplation::paperSliceIgnoresTheThoughtTokenWithKOne() {
    for (const std::string slice : {"ours", "paper"}) {
        auto cg = make_cg(32, slice);
        torch::NoGradGuard ng;
        auto before = cg->implicit_tokens(query(), at::ones_like(query()), 1);
        // Change the <thought> embedding row.
        for (auto& [name, w] : cg->student()->named_weights())
            if (name == "model.embed_tokens.weight") w[cg->config().thought_id].add_(1.0);
        auto after = cg->implicit_tokens(query(), at::ones_like(query()), 1);
        const bool same = at::allclose(before, after);
        QVERIFY2(same == (slice == "paper"), slice.c_str());
    }
}

void TestContemplation::gradientsReachGeneratorNotTeacher() {
    auto teacher = random_model(32, 5);
    auto cg = make_cg(32);
    cg->set_trainable(false);
    auto implicit = cg->implicit_tokens(query(), at::ones_like(query()), 2); // [1, 2, 32]
    auto prefix = teacher->embed(query());
    ForwardInput in;
    in.inputs_embeds = at::cat({prefix, implicit}, 1);
    auto logits = teacher->forward(in).logits;
    auto loss = at::cross_entropy_loss(logits[0], at::zeros({7}, torch::kInt64));
    loss.backward();
    for (auto& [name, w] : teacher->named_weights()) QVERIFY2(!w.grad().defined(), name.c_str());
    QVERIFY(cg->projection()->weight.grad().defined());
    QVERIFY(cg->projection()->weight.grad().abs().sum().item<double>() > 0);
    bool student_grad = false;
    for (auto& p : cg->student()->parameters())
        student_grad |= p.grad().defined() && p.grad().abs().sum().item<double>() > 0;
    QVERIFY(student_grad);
}

void TestContemplation::stageOneTrainsProjectionOnly() {
    auto cg = make_cg(32);
    cg->set_trainable(true);
    for (auto& p : cg->student()->parameters()) QVERIFY(!p.requires_grad());
    for (auto& p : cg->projection()->parameters()) QVERIFY(p.requires_grad());
    cg->set_trainable(false);
    for (auto& p : cg->student()->parameters()) QVERIFY(p.requires_grad());
}

void TestContemplation::saveLoadRoundTrip() {
    auto cg = make_cg(24);
    const fs::path dir = fs::path(test_paths::tmp_dir()) / "cg_roundtrip";
    remove_tree(dir);
    cg->save(dir);
    auto loaded = ContemplationGeneratorImpl::load(dir, torch::kCPU);
    torch::NoGradGuard ng;
    QVERIFY(at::equal(cg->implicit_tokens(query(), at::ones_like(query()), 2),
                      loaded->implicit_tokens(query(), at::ones_like(query()), 2)));
    QCOMPARE(loaded->config().slice, std::string("ours"));
    write_file_atomic(dir / "contemplation.json", "{\"thought_id\": \"x\"}");
    QVERIFY_THROWS_EXCEPTION(FormatError, ContemplationGeneratorImpl::load(dir, torch::kCPU));
}

void TestContemplation::addTokenRowsKeepsOldRows() {
    auto m = random_model(16, 3);
    auto grown = add_token_rows(*m, 2);
    QCOMPARE(grown->config().vocab_size, m->config().vocab_size + 2);
    auto old_embed = m->named_weights()[0].second;
    auto new_embed = grown->named_weights()[0].second;
    QVERIFY(at::equal(new_embed.narrow(0, 0, old_embed.size(0)), old_embed));
    QVERIFY(at::allclose(new_embed[-1], old_embed.mean(0)));
}

void TestContemplation::threeMethodsRun() {
    auto teacher = random_model(32, 7);
    auto cg = make_cg(32);
    InferenceContext ctx;
    ctx.teacher = teacher.get();
    ctx.teacher_tokenizer = &tokenizer();
    ctx.generator = cg.get();
    ctx.student_tokenizer = &tokenizer();
    ctx.generation.max_new_tokens = 8;
    ctx.scorer.kind = AnswerKind::yesno;
    for (Method m : {Method::cot, Method::nocot, Method::semcot}) {
        auto r =
            run_method(ctx, m, "a coin is heads up. person 3 flips the coin.", std::string("no"));
        QVERIFY(r.scored);
        QVERIFY(r.new_tokens >= 1 && r.new_tokens <= 8);
        QVERIFY(r.total_s >= r.prefill_s);
        QVERIFY((m == Method::semcot) == (r.implicit_s > 0));
    }
    QCOMPARE(parse_method("semcot"), Method::semcot);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, parse_method("cot2"));
}

QTEST_APPLESS_MAIN(TestContemplation)
#include "test_contemplation.moc"
