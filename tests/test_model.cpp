// The decoder as a whole: KV-cache decoding equals one full forward, batching with left or
// right padding equals unbatched runs, embeddings input equals ids input, layer slices compose.
#include "support/qtest_compat.h"

#include "common/error.h"
#include "engine/generate.h"
#include "engine/model.h"
#include "support/chain_model.h"

#include <ATen/ATen.h>

using namespace semcot;

namespace {

ModelConfig tiny_config() {
    ModelConfig c;
    c.hidden_size = 32;
    c.intermediate_size = 48;
    c.num_hidden_layers = 3;
    c.num_attention_heads = 4;
    c.num_key_value_heads = 2; // grouped-query attention
    c.vocab_size = 61;
    c.max_position_embeddings = 64;
    return c;
}

LlamaModel make_model(bool tied = false) {
    ModelConfig c = tiny_config();
    c.tie_word_embeddings = tied;
    LlamaModel m(c);
    m->init_weights(/*seed=*/7, /*std=*/0.2); // large enough that mistakes show in the logits
    return m;
}

torch::Tensor ids(std::vector<int64_t> v) {
    return at::tensor(v).view({1, -1});
}

bool close(const torch::Tensor& a, const torch::Tensor& b, double atol = 1e-5) {
    return at::allclose(a.to(torch::kFloat32), b.to(torch::kFloat32), 1e-4, atol);
}

} // namespace

class TestModel final : public QObject {
    Q_OBJECT
private slots:
    void kvCacheDecodingMatchesFullForward();
    void leftPaddedBatchMatchesSingleSequences();
    void rightPaddedBatchMatchesSingleSequences();
    void batchedCacheDecodingWithPaddingMatches();
    void inputsEmbedsEqualsTokenForward();
    void hiddenStatesAndLayerSlicesCompose();
    void tiedEmbeddingsShareTheMatrix();
    void halfPrecisionStaysCloseToFloat32();
    void rejectsBadInput();
    void greedyGenerationMatchesArgmaxOfFullForward();
    void batchedGenerationMatchesOneByOne();
    void generationStopsAtAnyEosId();
    void ropeTablesGrowWithTheSequence();
};

void TestModel::kvCacheDecodingMatchesFullForward() {
    auto m = make_model();
    torch::NoGradGuard ng;
    std::vector<int64_t> seq{1, 5, 9, 2, 44, 13, 7, 60, 3};
    ForwardInput full;
    full.input_ids = ids(seq);
    auto expected = m->forward(full).logits; // [1, T, V]

    KVCache cache(m->config(), 1, 32, torch::kFloat32, torch::kCPU);
    ForwardInput prefill;
    prefill.input_ids = ids({seq.begin(), seq.begin() + 4});
    prefill.cache = &cache;
    auto first = m->forward(prefill).logits;
    QVERIFY(close(first, expected.narrow(1, 0, 4)));
    for (size_t t = 4; t < seq.size(); ++t) {
        ForwardInput step;
        step.input_ids = ids({seq[t]});
        step.cache = &cache;
        step.last_logits_only = true;
        auto logits = m->forward(step).logits; // [1, V]
        QVERIFY2(close(logits, expected[0][int64_t(t)].unsqueeze(0)),
                 ("position " + std::to_string(t)).c_str());
    }
    QCOMPARE(cache.length(), int64_t(seq.size()));
}

void TestModel::leftPaddedBatchMatchesSingleSequences() {
    auto m = make_model();
    torch::NoGradGuard ng;
    std::vector<int64_t> a{1, 4, 8, 15, 16, 23}, b{1, 42, 17};
    const int64_t pad = 0, T = 6;
    auto batch = at::tensor(std::vector<int64_t>{1, 4, 8, 15, 16, 23, pad, pad, pad, 1, 42, 17})
                     .view({2, T});
    auto mask = at::tensor(std::vector<int64_t>{1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1}).view({2, T});
    ForwardInput in;
    in.input_ids = batch;
    in.attention_mask = mask;
    auto got = m->forward(in).logits;
    ForwardInput ia, ib;
    ia.input_ids = ids(a);
    ib.input_ids = ids(b);
    QVERIFY(close(got[0], m->forward(ia).logits[0]));
    QVERIFY(close(got[1].narrow(0, 3, 3), m->forward(ib).logits[0]));
    QVERIFY(at::isfinite(got).all().item<bool>()); // fully padded query rows stay finite
}

void TestModel::rightPaddedBatchMatchesSingleSequences() {
    auto m = make_model();
    torch::NoGradGuard ng;
    auto batch = at::tensor(std::vector<int64_t>{1, 4, 8, 15, 1, 42, 0, 0}).view({2, 4});
    auto mask = at::tensor(std::vector<int64_t>{1, 1, 1, 1, 1, 1, 0, 0}).view({2, 4});
    ForwardInput in;
    in.input_ids = batch;
    in.attention_mask = mask;
    auto got = m->forward(in).logits;
    ForwardInput ib;
    ib.input_ids = ids({1, 42});
    QVERIFY(close(got[1].narrow(0, 0, 2), m->forward(ib).logits[0]));
}

void TestModel::batchedCacheDecodingWithPaddingMatches() {
    auto m = make_model();
    torch::NoGradGuard ng;
    // Left-padded prompts, then three decode steps fed the same tokens to both rows.
    auto prompts = at::tensor(std::vector<int64_t>{1, 9, 10, 11, 0, 0, 1, 30}).view({2, 4});
    auto mask = at::tensor(std::vector<int64_t>{1, 1, 1, 1, 0, 0, 1, 1}).view({2, 4});
    KVCache cache(m->config(), 2, 16, torch::kFloat32, torch::kCPU);
    ForwardInput prefill;
    prefill.input_ids = prompts;
    prefill.attention_mask = mask;
    prefill.cache = &cache;
    m->forward(prefill);
    std::vector<int64_t> steps{5, 6, 7};
    std::vector<torch::Tensor> batched;
    for (int64_t tok : steps) {
        ForwardInput step;
        step.input_ids = at::full({2, 1}, tok, torch::kInt64);
        step.cache = &cache;
        step.last_logits_only = true;
        batched.push_back(m->forward(step).logits);
    }
    ForwardInput a, b;
    a.input_ids = ids({1, 9, 10, 11, 5, 6, 7});
    b.input_ids = ids({1, 30, 5, 6, 7});
    auto la = m->forward(a).logits[0], lb = m->forward(b).logits[0];
    for (size_t i = 0; i < steps.size(); ++i) {
        QVERIFY(close(batched[i][0], la[4 + int64_t(i)]));
        QVERIFY(close(batched[i][1], lb[2 + int64_t(i)]));
    }
}

void TestModel::inputsEmbedsEqualsTokenForward() {
    auto m = make_model();
    torch::NoGradGuard ng;
    auto tokens = ids({1, 3, 5, 7, 11});
    ForwardInput by_ids, by_embeds;
    by_ids.input_ids = tokens;
    by_embeds.inputs_embeds = m->embed(tokens);
    QVERIFY(close(m->forward(by_ids).logits, m->forward(by_embeds).logits, 0.0));
}

void TestModel::hiddenStatesAndLayerSlicesCompose() {
    auto m = make_model();
    torch::NoGradGuard ng;
    ForwardInput in;
    in.input_ids = ids({1, 2, 3, 4});
    in.output_hidden_states = true;
    auto out = m->forward(in);
    QCOMPARE(int64_t(out.hidden_states.size()), m->config().num_hidden_layers + 1);
    QVERIFY(close(out.hidden_states[0], m->embed(in.input_ids), 0.0));
    QVERIFY(close(m->run_layers(out.hidden_states[1], 1, 3), out.hidden_states[3]));
    QVERIFY(close(m->lm_head(m->final_norm(out.hidden_states[3])), out.logits));
}

void TestModel::tiedEmbeddingsShareTheMatrix() {
    auto m = make_model(/*tied=*/true);
    bool has_head = false;
    for (auto& [name, t] : m->named_weights()) has_head |= name == "lm_head.weight";
    QVERIFY(!has_head);
    torch::NoGradGuard ng;
    auto h = at::randn({1, 2, 32});
    QVERIFY(close(m->lm_head(h), at::matmul(h, m->named_weights()[0].second.t())));
    QCOMPARE(m->named_weights()[0].first, std::string("model.embed_tokens.weight"));
}

void TestModel::halfPrecisionStaysCloseToFloat32() {
    auto m = make_model();
    torch::NoGradGuard ng;
    ForwardInput in;
    in.input_ids = ids({1, 2, 3, 4, 5, 6});
    auto ref = m->forward(in).logits;
    m->to_device(torch::kCPU, torch::kBFloat16);
    auto got = m->forward(in).logits;
    QCOMPARE(got.scalar_type(), torch::kBFloat16);
    const double err = (got.to(torch::kFloat32) - ref).abs().max().item<double>();
    const double scale = ref.abs().max().item<double>();
    QVERIFY2(err < 0.05 * scale, ("bf16 error " + std::to_string(err)).c_str());
}

void TestModel::rejectsBadInput() {
    auto m = make_model();
    torch::NoGradGuard ng;
    ForwardInput none;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, m->forward(none));
    ForwardInput too_long;
    too_long.input_ids = at::ones({1, 65}, torch::kInt64);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, m->forward(too_long));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, m->run_layers(at::zeros({1, 2, 32}), 2, 9));
    GenerateParams p;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, generate(*m, {1, 999}, p));
}

void TestModel::greedyGenerationMatchesArgmaxOfFullForward() {
    auto m = make_model();
    GenerateParams p;
    p.max_new_tokens = 6;
    p.stop_at_eos = false;
    std::vector<int64_t> seq{1, 17, 29};
    auto result = generate(*m, seq, p);
    QCOMPARE(int64_t(result.tokens.size()), int64_t(6));
    torch::NoGradGuard ng;
    for (int64_t tok : result.tokens) {
        ForwardInput in;
        in.input_ids = ids(seq);
        QCOMPARE(m->forward(in).logits[0][-1].argmax().item<int64_t>(), tok);
        seq.push_back(tok);
    }
}

void TestModel::batchedGenerationMatchesOneByOne() {
    // EOS = a token the model emits for one prompt, so rows stop at different steps.
    const std::vector<std::vector<int64_t>> prompts{{1, 17, 29}, {1, 5}, {1, 44, 13, 7, 60, 3}};
    GenerateParams p;
    p.max_new_tokens = 9;
    p.stop_at_eos = false;
    ModelConfig c = tiny_config();
    c.eos_token_ids = {generate(*make_model(), prompts[1], p).tokens[3]};
    LlamaModel m(c);
    m->init_weights(/*seed=*/7, /*std=*/0.2);
    p.stop_at_eos = true;
    std::vector<GenerateResult> single;
    for (const auto& prompt : prompts) single.push_back(generate(*m, prompt, p));

    torch::NoGradGuard ng;
    const int64_t T = 6, D = m->config().hidden_size;
    auto embeds = at::zeros({3, T, D});
    auto mask = at::zeros({3, T}, torch::kInt64);
    for (int64_t b = 0; b < 3; ++b) {
        const auto& prompt = prompts[size_t(b)];
        const int64_t n = int64_t(prompt.size());
        embeds[b].narrow(0, T - n, n).copy_(m->embed(at::tensor(prompt)));
        mask[b].narrow(0, T - n, n).fill_(1);
    }
    auto batch = generate_batch(*m, embeds, mask, p);
    QCOMPARE(batch.size(), size_t(3));
    for (size_t b = 0; b < 3; ++b) {
        QVERIFY2(batch[b].tokens == single[b].tokens, ("row " + std::to_string(b)).c_str());
        QCOMPARE(batch[b].hit_eos, single[b].hit_eos);
        QCOMPARE(batch[b].stats.new_tokens, single[b].stats.new_tokens);
        QCOMPARE(batch[b].stats.prompt_tokens, int64_t(prompts[b].size()));
    }
    QVERIFY(batch[1].hit_eos);
    QVERIFY(batch[1].tokens.size() < batch[0].tokens.size() || !batch[0].hit_eos);
}

// Issue 10.2: every id of eos_token_ids stops generation, one by one and batched (Hugging Face
// stops at any id of the list; Llama 3.x lists three).
void TestModel::generationStopsAtAnyEosId() {
    ModelConfig c = tiny_config();
    c.eos_token_ids = {2, 12};
    auto m = test_support::chain_model(c, {1, 10, 11, 12, 13, 14, 2});
    GenerateParams p;
    p.max_new_tokens = 10;
    auto first = generate(*m, {1}, p);
    QCOMPARE(first.tokens, (std::vector<int64_t>{10, 11}));
    QVERIFY(first.hit_eos);
    QCOMPARE(first.stats.new_tokens, int64_t(3)); // the stop id counts as generated
    auto second = generate(*m, {13}, p);
    QCOMPARE(second.tokens, std::vector<int64_t>{14});
    QVERIFY(second.hit_eos);
    p.stop_at_eos = false;
    QCOMPARE(generate(*m, {1}, p).tokens.size(), size_t(10));
    p.stop_at_eos = true;

    torch::NoGradGuard ng;
    auto embeds = m->embed(at::tensor(std::vector<int64_t>{1, 1, 13})).view({3, 1, -1});
    auto mask = at::ones({3, 1}, torch::kInt64);
    auto batch = generate_batch(*m, embeds, mask, p);
    QCOMPARE(batch[0].tokens, (std::vector<int64_t>{10, 11}));
    QCOMPARE(batch[2].tokens, std::vector<int64_t>{14});
    QVERIFY(batch[0].hit_eos && batch[1].hit_eos && batch[2].hit_eos);
}

// RoPE tables are built for the positions used (4,096 at first) and grow when a sequence goes
// past them: decoding across the boundary with the KV cache gives the logits of one full
// forward pass on a model whose tables were built for the whole sequence at once.
void TestModel::ropeTablesGrowWithTheSequence() {
    ModelConfig c = tiny_config();
    c.hidden_size = 16;
    c.intermediate_size = 16;
    c.num_hidden_layers = 1;
    c.max_position_embeddings = 131072; // Llama 3.1's declared context
    LlamaModel grown(c), whole(c);
    grown->init_weights(3, 0.2);
    whole->init_weights(3, 0.2);
    torch::NoGradGuard ng;
    const int64_t T = 4100;
    auto ids = at::randint(3, c.vocab_size, {1, T}, torch::kInt64);
    ForwardInput full;
    full.input_ids = ids;
    full.last_logits_only = true;
    const auto expected = whole->forward(full).logits;
    KVCache cache(c, 1, T, torch::kFloat32, torch::kCPU);
    ForwardInput prefill;
    prefill.input_ids = ids.narrow(1, 0, 4090);
    prefill.cache = &cache;
    grown->forward(prefill);
    torch::Tensor last;
    for (int64_t t = 4090; t < T; ++t) {
        ForwardInput step;
        step.input_ids = ids.narrow(1, t, 1);
        step.cache = &cache;
        step.last_logits_only = true;
        last = grown->forward(step).logits;
    }
    QVERIFY(close(last, expected, 1e-4));
}

QTEST_APPLESS_MAIN(TestModel)
#include "test_model.moc"
