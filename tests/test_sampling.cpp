// Next-token selection: greedy, temperature, top-k, top-p, and reproducible seeds.
#include "support/qtest_compat.h"

#include "common/error.h"
#include "engine/sampling.h"

#include <ATen/ATen.h>

#include <cmath>
#include <limits>

#include <cmath>

using namespace semcot;

class TestSampling final : public QObject {
    Q_OBJECT
private slots:
    void greedyIsArgmax();
    void topKKeepsOnlyTheKBest();
    void topPKeepsTheSmallestNucleus();
    void temperatureSharpensAndFlattens();
    void sameSeedSameSamples();
    void samplesFollowTheDistribution();
    void rejectsBadParameters();
};

void TestSampling::greedyIsArgmax() {
    Sampler s(SamplingParams{});
    auto logits = at::tensor(std::vector<float>{0.1f, 3.0f, -1.0f, 2.9f});
    QCOMPARE(s.sample_one(logits), int64_t(1));
    auto batch = at::tensor(std::vector<float>{0, 1, 5, 9, 0, 0}).view({2, 3});
    auto ids = s.sample(batch);
    QCOMPARE(ids[0].item<int64_t>(), int64_t(2));
    QCOMPARE(ids[1].item<int64_t>(), int64_t(0));
}

void TestSampling::topKKeepsOnlyTheKBest() {
    SamplingParams p;
    p.temperature = 1.0;
    p.top_k = 2;
    auto probs = filtered_probabilities(
        at::log(at::tensor(std::vector<float>{0.1f, 0.5f, 0.15f, 0.25f})), p);
    // Kept: 0.5 and 0.25, renormalised to 2/3 and 1/3.
    QVERIFY(std::abs(probs[0][1].item<float>() - 2.0f / 3) < 1e-5);
    QVERIFY(std::abs(probs[0][3].item<float>() - 1.0f / 3) < 1e-5);
    QCOMPARE(probs[0][0].item<float>(), 0.0f);
    QCOMPARE(probs[0][2].item<float>(), 0.0f);
}

void TestSampling::topPKeepsTheSmallestNucleus() {
    SamplingParams p;
    p.temperature = 1.0;
    p.top_p = 0.7; // 0.5 alone < 0.7; 0.5 + 0.25 reaches it: keep those two
    auto probs = filtered_probabilities(
        at::log(at::tensor(std::vector<float>{0.1f, 0.5f, 0.15f, 0.25f})), p);
    QVERIFY(std::abs(probs[0][1].item<float>() - 2.0f / 3) < 1e-5);
    QVERIFY(std::abs(probs[0][3].item<float>() - 1.0f / 3) < 1e-5);
    QCOMPARE(probs[0][2].item<float>(), 0.0f);
    p.top_p = 0.01; // the most likely token always stays
    probs = filtered_probabilities(
        at::log(at::tensor(std::vector<float>{0.1f, 0.5f, 0.15f, 0.25f})), p);
    QVERIFY(std::abs(probs[0][1].item<float>() - 1.0f) < 1e-6);
}

void TestSampling::temperatureSharpensAndFlattens() {
    auto logits = at::tensor(std::vector<float>{1.0f, 2.0f});
    SamplingParams cold, hot;
    cold.temperature = 0.5;
    hot.temperature = 2.0;
    const double p_cold = filtered_probabilities(logits, cold)[0][1].item<double>();
    const double p_hot = filtered_probabilities(logits, hot)[0][1].item<double>();
    QVERIFY(std::abs(p_cold - 1.0 / (1.0 + std::exp(-2.0))) < 1e-6);
    QVERIFY(std::abs(p_hot - 1.0 / (1.0 + std::exp(-0.5))) < 1e-6);
}

void TestSampling::sameSeedSameSamples() {
    SamplingParams p;
    p.temperature = 1.0;
    p.seed = 42;
    auto logits = at::zeros({50});
    Sampler a(p), b(p);
    std::vector<int64_t> xa, xb;
    for (int i = 0; i < 20; ++i) {
        xa.push_back(a.sample_one(logits));
        xb.push_back(b.sample_one(logits));
    }
    QCOMPARE(xa, xb);
    p.seed = 43;
    Sampler c(p);
    std::vector<int64_t> xc;
    for (int i = 0; i < 20; ++i) xc.push_back(c.sample_one(logits));
    QVERIFY(xa != xc);
}

void TestSampling::samplesFollowTheDistribution() {
    SamplingParams p;
    p.temperature = 1.0;
    p.seed = 1;
    Sampler s(p);
    auto logits = at::log(at::tensor(std::vector<float>{0.2f, 0.8f}));
    int ones = 0;
    const int n = 4000;
    for (int i = 0; i < n; ++i) ones += s.sample_one(logits) == 1;
    // Binomial(4000, 0.8): sd = 25; 5 sd either side.
    QVERIFY2(std::abs(ones - 3200) < 125, std::to_string(ones).c_str());
}

void TestSampling::rejectsBadParameters() {
    SamplingParams p;
    p.temperature = -1;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, Sampler{p});
    p = SamplingParams{};
    p.top_p = 0;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, Sampler{p});
    p = SamplingParams{};
    p.top_k = -3;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, Sampler{p});
    for (double t : {std::numeric_limits<double>::infinity(), std::nan("")}) {
        SamplingParams bad;
        bad.temperature = t;
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, Sampler{bad});
    }
}

QTEST_APPLESS_MAIN(TestSampling)
#include "test_sampling.moc"
