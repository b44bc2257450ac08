// SemCoT's sentence transformer on a tiny random teacher: it equals the teacher's own layer
// slice + norm + pooling + projection, ignores padding, passes gradients to input embeddings
// through the frozen teacher, trains with InfoNCE, and saves/loads exactly.
#include "support/qtest_compat.h"

#include "common/error.h"
#include "common/platform.h"
#include "io/safetensors.h"
#include "semcot/losses.h"
#include "semcot/sentence_transformer.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>
#include <torch/optim/adam.h>

#include <filesystem>
#include <fstream>
#include <set>

using namespace semcot;
namespace fs = std::filesystem;

namespace {

ModelConfig tiny_config() {
    ModelConfig c;
    c.hidden_size = 32;
    c.intermediate_size = 48;
    c.num_hidden_layers = 4;
    c.num_attention_heads = 4;
    c.num_key_value_heads = 2;
    c.vocab_size = 50;
    c.max_position_embeddings = 64;
    return c;
}

// A frozen random teacher, as SemCoT uses it.
LlamaModel make_teacher() {
    LlamaModel m(tiny_config());
    m->init_weights(/*seed=*/11, /*std=*/0.2);
    for (auto& p : m->parameters()) p.set_requires_grad(false);
    return m;
}

SentenceTransformerConfig st_config(const std::string& pooling = "mean") {
    SentenceTransformerConfig c;
    c.start_layer = 1;
    c.end_layer = 3;
    c.output_dim = 16;
    c.pooling = pooling;
    return c;
}

torch::Tensor random_ids(int64_t B, int64_t T, uint64_t seed) {
    auto gen = at::detail::createCPUGenerator(seed);
    return at::randint(50, {B, T}, gen, torch::TensorOptions().dtype(torch::kInt64));
}

bool close(const torch::Tensor& a, const torch::Tensor& b, double atol = 1e-5) {
    return at::allclose(a.to(torch::kFloat32), b.to(torch::kFloat32), 1e-4, atol);
}

fs::path fresh_dir(const std::string& name) {
    fs::path dir = fs::path(test_paths::tmp_dir()) / name;
    remove_tree(dir);
    fs::create_directories(dir);
    return dir;
}

} // namespace

class TestSentenceTransformer final : public QObject {
    Q_OBJECT
private slots:
    void forwardEqualsTeacherSliceNormPoolProjection();
    void layersAreDeepCopiesAndRangeIsValidated();
    void rightPaddingDoesNotChangeTheEmbedding();
    void gradientsReachEmbedsNotTeacher();
    void stageOneTrainsOnlyTheProjection();
    void infoNceTrainingLowersTheLoss();
    void saveLoadRoundTripGivesIdenticalOutputs();
    void corruptOrMissingFilesThrow();
    void configJsonRoundTripAndErrors();
};

void TestSentenceTransformer::forwardEqualsTeacherSliceNormPoolProjection() {
    auto teacher = make_teacher();
    torch::NoGradGuard ng;
    auto ids = random_ids(2, 6, 1);
    auto mask = at::tensor(std::vector<int64_t>{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0}).view({2, 6});
    for (const std::string pooling : {"mean", "max"}) {
        SentenceTransformer st(*teacher, st_config(pooling), /*seed=*/3);
        auto h1 =
            SentenceTransformerImpl::teacher_hidden_at(*teacher, teacher->embed(ids), mask, 1);
        QVERIFY(close(h1, teacher->run_layers(teacher->embed(ids), 0, 1, mask)));
        auto got = st->forward(h1, mask);
        QCOMPARE(got.sizes().vec(), (std::vector<int64_t>{2, 16}));
        QCOMPARE(got.scalar_type(), torch::kFloat32);

        auto h = teacher->final_norm(teacher->run_layers(h1, 1, 3, mask));
        auto pooled = pooling == "max" ? masked_max_pool(h, mask) : masked_mean_pool(h, mask);
        auto expected = at::linear(pooled, st->projection->weight, st->projection->bias);
        QVERIFY2(close(got, expected),
                 ("forward differs from the teacher's own layers " + pooling).c_str());
        QVERIFY(close(st->encode_ids(*teacher, ids, mask), expected));
        QVERIFY(close(st->encode_embeds(*teacher, teacher->embed(ids), mask), expected));
    }
    // The projection is seeded: same seed, same weights; other seed, other weights.
    SentenceTransformer a(*teacher, st_config(), 3), b(*teacher, st_config(), 3),
        c(*teacher, st_config(), 4);
    QVERIFY(at::equal(a->projection->weight, b->projection->weight));
    QVERIFY(at::equal(a->projection->bias, b->projection->bias));
    QVERIFY(!at::equal(a->projection->weight, c->projection->weight));
}

void TestSentenceTransformer::layersAreDeepCopiesAndRangeIsValidated() {
    auto teacher = make_teacher();
    SentenceTransformer st(*teacher, st_config());
    QCOMPARE(st->layers_model->config().num_hidden_layers, int64_t(2));
    QCOMPARE(st->layers_model->config().vocab_size, int64_t(1));
    auto tp = teacher->named_parameters();
    auto sp = st->layers_model->named_parameters();
    QVERIFY(at::equal(*sp.find("model.layers.0.self_attn.q_proj.weight"),
                      *tp.find("model.layers.1.self_attn.q_proj.weight")));
    QVERIFY(at::equal(*sp.find("model.layers.1.mlp.down_proj.weight"),
                      *tp.find("model.layers.2.mlp.down_proj.weight")));
    QVERIFY(at::equal(*sp.find("model.norm.weight"), *tp.find("model.norm.weight")));
    // Own storage: changing the teacher does not change the ST.
    auto before = sp.find("model.layers.0.self_attn.q_proj.weight")->clone();
    {
        torch::NoGradGuard ng;
        tp.find("model.layers.1.self_attn.q_proj.weight")->add_(1.0);
    }
    QVERIFY(at::equal(*sp.find("model.layers.0.self_attn.q_proj.weight"), before));
    // The saved weights are the copied layers, the norm and the projection, no embedding.
    std::set<std::string> names;
    for (auto& [name, t] : st->named_weights()) names.insert(name);
    QCOMPARE(names.size(), size_t(2 * 9 + 1 + 2));
    QVERIFY(names.count("projection.weight") && names.count("projection.bias"));
    QVERIFY(names.count("layers_model.model.norm.weight"));

    auto bad = st_config();
    bad.end_layer = 5;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, SentenceTransformer(*teacher, bad));
    bad = st_config();
    bad.start_layer = 3;
    bad.end_layer = 3;
    QVERIFY_THROWS_EXCEPTION(Error, SentenceTransformer(*teacher, bad));
    bad = st_config("sum");
    QVERIFY_THROWS_EXCEPTION(FormatError, SentenceTransformer(*teacher, bad));
}

void TestSentenceTransformer::rightPaddingDoesNotChangeTheEmbedding() {
    auto teacher = make_teacher();
    torch::NoGradGuard ng;
    for (const std::string pooling : {"mean", "max"}) {
        SentenceTransformer st(*teacher, st_config(pooling), 5);
        auto a = random_ids(1, 5, 2), b = random_ids(1, 3, 3);
        auto alone_a = st->encode_ids(*teacher, a, at::ones({1, 5}, torch::kInt64));
        auto alone_b = st->encode_ids(*teacher, b, at::ones({1, 3}, torch::kInt64));
        // Padding ids are arbitrary tokens: the mask alone must hide them.
        auto b_padded = at::cat({b, at::full({1, 2}, 7, torch::kInt64)}, 1);
        auto batch = at::cat({a, b_padded});
        auto mask = at::tensor(std::vector<int64_t>{1, 1, 1, 1, 1, 1, 1, 1, 0, 0}).view({2, 5});
        auto got = st->encode_ids(*teacher, batch, mask);
        QVERIFY2(close(got[0], alone_a[0], 1e-5),
                 ("unpadded row changed (" + pooling + ")").c_str());
        QVERIFY2(close(got[1], alone_b[0], 1e-5), ("padded row changed (" + pooling + ")").c_str());
    }
}

void TestSentenceTransformer::gradientsReachEmbedsNotTeacher() {
    auto teacher = make_teacher();
    SentenceTransformer st(*teacher, st_config(), 5);
    auto embeds = (teacher->embed(random_ids(2, 4, 4)) + 0.0).detach().requires_grad_(true);
    auto mask = at::ones({2, 4}, torch::kInt64);
    auto target = at::ones({2, 16});
    auto loss = cosine_distance(st->encode_embeds(*teacher, embeds, mask), target);
    loss.backward();
    QVERIFY(embeds.grad().defined());
    QVERIFY(embeds.grad().abs().sum().item<double>() > 0);
    // Every position of the implicit sequence gets gradient (mean pooling reads them all).
    QVERIFY((embeds.grad().abs().sum(-1) > 0).all().item<bool>());
    for (auto& p : teacher->parameters()) QVERIFY(!p.grad().defined());
    // The ST's own layers are trainable by default (stage 2) and got gradient.
    auto q = *st->layers_model->named_parameters().find("model.layers.0.self_attn.q_proj.weight");
    QVERIFY(q.grad().defined() && q.grad().abs().sum().item<double>() > 0);
    QVERIFY(st->projection->weight.grad().defined());
}

void TestSentenceTransformer::stageOneTrainsOnlyTheProjection() {
    auto teacher = make_teacher();
    SentenceTransformer st(*teacher, st_config(), 5);
    st->set_trainable(/*projection_only=*/true);
    auto trainable = st->trainable_parameters();
    QCOMPARE(trainable.size(), size_t(2));
    std::set<const void*> ptrs;
    for (auto& t : trainable) ptrs.insert(t.unsafeGetTensorImpl());
    QVERIFY(ptrs.count(st->projection->weight.unsafeGetTensorImpl()));
    QVERIFY(ptrs.count(st->projection->bias.unsafeGetTensorImpl()));
    for (auto& p : st->layers_model->parameters()) QVERIFY(!p.requires_grad());

    // Stage 1 backward: only the projection gets gradient.
    auto mask = at::ones({2, 4}, torch::kInt64);
    auto out = st->encode_ids(*teacher, random_ids(2, 4, 6), mask);
    info_nce(out, at::eye(2, 16), 0.1).backward();
    QVERIFY(st->projection->weight.grad().defined());
    for (auto& p : st->layers_model->parameters()) QVERIFY(!p.grad().defined());

    // Stage 2: layers + norm + projection; never the unused embedding row.
    st->set_trainable(/*projection_only=*/false);
    QCOMPARE(st->trainable_parameters().size(), size_t(2 * 9 + 1 + 2));
    QVERIFY(
        !st->layers_model->named_parameters().find("model.embed_tokens.weight")->requires_grad());
}

void TestSentenceTransformer::infoNceTrainingLowersTheLoss() {
    auto teacher = make_teacher();
    SentenceTransformer st(*teacher, st_config(), 9);
    // Toy pairs: anchor i and positive i share no tokens, so only training can pair them.
    const int64_t N = 8, T = 5;
    auto anchors = random_ids(N, T, 21), positives = random_ids(N, T, 22);
    auto mask = at::ones({N, T}, torch::kInt64);
    torch::optim::Adam opt(st->trainable_parameters(), torch::optim::AdamOptions(1e-2));
    auto step_loss = [&] {
        return info_nce(st->encode_ids(*teacher, anchors, mask),
                        st->encode_ids(*teacher, positives, mask), 0.1);
    };
    const double initial = step_loss().item<double>();
    for (int step = 0; step < 50; ++step) {
        opt.zero_grad();
        auto loss = step_loss();
        loss.backward();
        opt.step();
    }
    const double final_loss = step_loss().item<double>();
    QVERIFY2(std::isfinite(final_loss), (std::to_string(final_loss)).c_str());
    QVERIFY2(final_loss < 0.5 * initial, ("initial " + std::to_string(initial) +
                                          ", after 50 steps " + std::to_string(final_loss))
                                             .c_str());
}

void TestSentenceTransformer::saveLoadRoundTripGivesIdenticalOutputs() {
    auto teacher = make_teacher();
    auto cfg = st_config("max");
    SentenceTransformer st(*teacher, cfg, 13);
    // Change the weights away from the teacher's so the round trip must carry them.
    {
        torch::NoGradGuard ng;
        for (auto& p : st->layers_model->parameters()) p.mul_(1.1);
    }
    const fs::path dir = fresh_dir("st_roundtrip");
    st->save(dir);
    QVERIFY(fs::exists(dir / kSentenceTransformerWeights));
    QVERIFY(fs::exists(dir / kSentenceTransformerConfig));
    auto loaded = SentenceTransformerImpl::load(dir, teacher->config());
    QCOMPARE(loaded->config().pooling, std::string("max"));
    QCOMPARE(loaded->config().start_layer, int64_t(1));
    QCOMPARE(loaded->config().end_layer, int64_t(3));
    QCOMPARE(loaded->config().output_dim, int64_t(16));
    torch::NoGradGuard ng;
    auto ids = random_ids(2, 6, 8);
    auto mask = at::tensor(std::vector<int64_t>{1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0}).view({2, 6});
    QVERIFY(
        at::equal(st->encode_ids(*teacher, ids, mask), loaded->encode_ids(*teacher, ids, mask)));
    remove_tree(dir);
}

void TestSentenceTransformer::corruptOrMissingFilesThrow() {
    auto teacher = make_teacher();
    SentenceTransformer st(*teacher, st_config(), 13);
    const fs::path dir = fresh_dir("st_corrupt");
    const auto cfg = teacher->config();

    // Missing folder / files.
    QVERIFY_THROWS_EXCEPTION(IoError, SentenceTransformerImpl::load(dir / "nowhere", cfg));
    st->save(dir);
    fs::remove(dir / kSentenceTransformerWeights);
    QVERIFY_THROWS_EXCEPTION(IoError, SentenceTransformerImpl::load(dir, cfg));

    // Truncated weights file.
    st->save(dir);
    fs::resize_file(dir / kSentenceTransformerWeights, 20);
    QVERIFY_THROWS_EXCEPTION(FormatError, SentenceTransformerImpl::load(dir, cfg));

    // A tensor with the wrong shape: the message names the file and the tensor.
    auto weights = st->named_weights();
    for (auto& [name, t] : weights)
        if (name == "projection.weight") t = at::zeros({8, 32});
    safetensors::save(dir / kSentenceTransformerWeights, weights);
    try {
        SentenceTransformerImpl::load(dir, cfg);
        QFAIL("a wrong shape was accepted");
    } catch (const FormatError& e) {
        const std::string what = e.what();
        QVERIFY2(what.find("projection.weight") != std::string::npos, what.c_str());
        QVERIFY2(what.find(kSentenceTransformerWeights) != std::string::npos, what.c_str());
    }
    // A missing tensor, then an unexpected one.
    weights = st->named_weights();
    weights.pop_back();
    safetensors::save(dir / kSentenceTransformerWeights, weights);
    QVERIFY_THROWS_EXCEPTION(FormatError, SentenceTransformerImpl::load(dir, cfg));
    weights = st->named_weights();
    weights.emplace_back("extra.weight", at::zeros({2}));
    safetensors::save(dir / kSentenceTransformerWeights, weights);
    QVERIFY_THROWS_EXCEPTION(FormatError, SentenceTransformerImpl::load(dir, cfg));

    // Bad JSON, a bad key, a teacher that does not match.
    st->save(dir);
    { std::ofstream(dir / kSentenceTransformerConfig) << "{ not json"; }
    QVERIFY_THROWS_EXCEPTION(FormatError, SentenceTransformerImpl::load(dir, cfg));
    st->save(dir);
    {
        auto j = st->config().to_json();
        j["output_dim"] = "wide";
        j["teacher_hidden_size"] = 32;
        std::ofstream(dir / kSentenceTransformerConfig) << j.dump();
    }
    try {
        SentenceTransformerImpl::load(dir, cfg);
        QFAIL("a string output_dim was accepted");
    } catch (const FormatError& e) {
        QVERIFY2(std::string(e.what()).find("output_dim") != std::string::npos, e.what());
    }
    st->save(dir);
    auto other = cfg;
    other.hidden_size = 64;
    QVERIFY_THROWS_EXCEPTION(FormatError, SentenceTransformerImpl::load(dir, other));
    other = cfg;
    other.num_hidden_layers = 2;
    QVERIFY_THROWS_EXCEPTION(FormatError, SentenceTransformerImpl::load(dir, other));
    remove_tree(dir);
}

void TestSentenceTransformer::configJsonRoundTripAndErrors() {
    auto c = st_config("max");
    auto back = SentenceTransformerConfig::from_json(c.to_json(), "test");
    QCOMPARE(back.start_layer, c.start_layer);
    QCOMPARE(back.end_layer, c.end_layer);
    QCOMPARE(back.output_dim, c.output_dim);
    QCOMPARE(back.pooling, c.pooling);

    auto missing = c.to_json();
    missing.erase("end_layer");
    try {
        SentenceTransformerConfig::from_json(missing, "st.json");
        QFAIL("missing key accepted");
    } catch (const FormatError& e) {
        const std::string what = e.what();
        QVERIFY2(what.find("end_layer") != std::string::npos, what.c_str());
        QVERIFY2(what.find("st.json") != std::string::npos, what.c_str());
    }
    auto wrong = c.to_json();
    wrong["pooling"] = "cls";
    QVERIFY_THROWS_EXCEPTION(FormatError, SentenceTransformerConfig::from_json(wrong, "st.json"));
    wrong = c.to_json();
    wrong["start_layer"] = 1.5;
    QVERIFY_THROWS_EXCEPTION(FormatError, SentenceTransformerConfig::from_json(wrong, "st.json"));
    QVERIFY_THROWS_EXCEPTION(FormatError,
                             SentenceTransformerConfig::from_json(nlohmann::json::array(), "x"));
}

QTEST_APPLESS_MAIN(TestSentenceTransformer)
#include "test_sentence_transformer.moc"
