// SemCoT's losses against hand computations: InfoNCE on toy embeddings with known cosines,
// cosine distance, masked token cross-entropy and the masked poolings.
#include "support/qtest_compat.h"

#include "common/error.h"
#include "semcot/losses.h"

#include <ATen/ATen.h>

#include <cmath>
#include <limits>

using namespace semcot;

namespace {

torch::Tensor randn(std::vector<int64_t> shape, uint64_t seed) {
    auto gen = at::detail::createCPUGenerator(seed);
    return at::normal(0.0, 1.0, shape, gen, torch::TensorOptions().dtype(torch::kFloat32));
}

torch::Tensor rows(std::vector<std::vector<float>> values) {
    std::vector<torch::Tensor> out;
    for (auto& r : values) out.push_back(at::tensor(r));
    return at::stack(out);
}

bool near(double a, double b, double tol = 1e-5) {
    return std::abs(a - b) <= tol * (1 + std::abs(b));
}

// Plain loop reference for InfoNCE in float64.
double info_nce_reference(const torch::Tensor& a, const torch::Tensor& p, double temperature) {
    auto A = a.to(torch::kFloat64), P = p.to(torch::kFloat64);
    const int64_t N = A.size(0), D = A.size(1);
    auto dot = [&](const torch::Tensor& x, int64_t i, const torch::Tensor& y, int64_t j) {
        double s = 0;
        for (int64_t k = 0; k < D; ++k) s += x[i][k].item<double>() * y[j][k].item<double>();
        return s;
    };
    double loss = 0;
    for (int64_t i = 0; i < N; ++i) {
        double denom = 0, pos = 0;
        for (int64_t j = 0; j < N; ++j) {
            const double cos = dot(A, i, P, j) / std::sqrt(dot(A, i, A, i) * dot(P, j, P, j));
            denom += std::exp(cos / temperature);
            if (i == j) pos = cos / temperature;
        }
        loss += -(pos - std::log(denom));
    }
    return loss / N;
}

} // namespace

class TestSemcotLosses final : public QObject {
    Q_OBJECT
private slots:
    void infoNceMatchesHandComputedTwoByTwo();
    void infoNceIdenticalPairsWithOrthogonalNegatives();
    void infoNceTemperatureSharpens();
    void infoNceMatchesLoopReferenceAndUsesFloat32();
    void cosineDistanceKnownValues();
    void maskedTokenCeMatchesManualCe();
    void maskedTokenCeWithNothingSelectedIsZero();
    void meanPoolIgnoresPadding();
    void maxPoolIgnoresPadding();
    void badShapesThrow();
};

void TestSemcotLosses::infoNceMatchesHandComputedTwoByTwo() {
    // a0 = (2, 0), a1 = (3, 3); p0 = (1, 0), p1 = (0, 5).
    // cos(a0,p0) = 1, cos(a0,p1) = 0, cos(a1,p0) = cos(a1,p1) = 1/sqrt(2).
    auto a = rows({{2, 0}, {3, 3}});
    auto p = rows({{1, 0}, {0, 5}});
    const double T = 0.5, c = 1 / std::sqrt(2.0);
    const double row0 = -std::log(std::exp(1 / T) / (std::exp(1 / T) + std::exp(0.0)));
    const double row1 = -std::log(std::exp(c / T) / (std::exp(c / T) + std::exp(c / T))); // log 2
    const double expected = (row0 + row1) / 2;
    auto got = info_nce(a, p, T);
    QCOMPARE(got.scalar_type(), torch::kFloat32);
    QCOMPARE(got.dim(), int64_t(0));
    QVERIFY2(near(got.item<double>(), expected),
             (std::to_string(got.item<double>()) + " vs " + std::to_string(expected)).c_str());
}

void TestSemcotLosses::infoNceIdenticalPairsWithOrthogonalNegatives() {
    // Positive cosine 1, every negative cosine 0: loss = log(1 + (N-1) e^{-1/T}).
    const int64_t N = 4;
    auto a = at::eye(N) * 3.0;
    auto p = at::eye(N) * 0.5;
    for (double T : {1.0, 0.1, 0.05}) {
        const double expected = std::log(1 + (N - 1) * std::exp(-1 / T));
        const double got = info_nce(a, p, T).item<double>();
        QVERIFY2(near(got, expected, 1e-4),
                 (std::to_string(got) + " vs " + std::to_string(expected)).c_str());
    }
}

void TestSemcotLosses::infoNceTemperatureSharpens() {
    // Positives closer than negatives: a lower temperature lowers the loss; swapping the
    // positives (each anchor paired with the wrong row) makes a lower temperature worse.
    auto a = rows({{1, 0.1f}, {0.1f, 1}});
    auto p = rows({{1, 0}, {0, 1}});
    const double warm = info_nce(a, p, 1.0).item<double>();
    const double cold = info_nce(a, p, 0.1).item<double>();
    QVERIFY(cold < warm);
    QVERIFY(cold < 0.01);
    auto swapped = rows({{0, 1}, {1, 0}});
    QVERIFY(info_nce(a, swapped, 0.1).item<double>() > info_nce(a, swapped, 1.0).item<double>());
    QVERIFY(near(info_nce(a, p, 0.3).item<double>(), info_nce_reference(a, p, 0.3)));
}

void TestSemcotLosses::infoNceMatchesLoopReferenceAndUsesFloat32() {
    auto a = randn({6, 5}, 1), p = randn({6, 5}, 2);
    const double ref = info_nce_reference(a, p, 0.07);
    QVERIFY(near(info_nce(a, p, 0.07).item<double>(), ref, 1e-4));
    // bf16 inputs give a float32 result close to the float32 one.
    auto half = info_nce(a.to(torch::kBFloat16), p.to(torch::kBFloat16), 0.07);
    QCOMPARE(half.scalar_type(), torch::kFloat32);
    QVERIFY(std::abs(half.item<double>() - ref) < 0.1);
    // Gradients reach both sides.
    auto ag = a.clone().requires_grad_(true), pg = p.clone().requires_grad_(true);
    info_nce(ag, pg, 0.07).backward();
    QVERIFY(ag.grad().defined() && ag.grad().abs().sum().item<double>() > 0);
    QVERIFY(pg.grad().defined() && pg.grad().abs().sum().item<double>() > 0);
}

void TestSemcotLosses::cosineDistanceKnownValues() {
    auto a = rows({{1, 2, 3}, {-1, 0.5f, 4}});
    QVERIFY(near(cosine_distance(a, a).item<double>(), 0.0, 1e-6));
    QVERIFY(near(cosine_distance(a, a * 7.0).item<double>(), 0.0, 1e-6));
    QVERIFY(near(cosine_distance(a, -a).item<double>(), 2.0, 1e-6));
    // Mean over rows: identical (0) and orthogonal (1) -> 0.5.
    auto b = rows({{2, 4, 6}, {4, 0, 1}});
    QVERIFY(near(cosine_distance(a, b).item<double>(), 0.5, 1e-6));
    // A zero row stays finite: distance 1 for that row.
    auto z = rows({{0, 0, 0}, {-1, 0.5f, 4}});
    const double got = cosine_distance(z, a).item<double>();
    QVERIFY(std::isfinite(got));
    QVERIFY(near(got, 0.5, 1e-6));
    QCOMPARE(cosine_distance(a.to(torch::kBFloat16), a.to(torch::kBFloat16)).scalar_type(),
             torch::kFloat32);
}

void TestSemcotLosses::maskedTokenCeMatchesManualCe() {
    const int64_t B = 2, T = 4, V = 7;
    auto logits = randn({B, T, V}, 3) * 2.0;
    auto targets = at::tensor(std::vector<int64_t>{3, 0, 6, -100, 1, 2, -100, -100}).view({B, T});
    auto mask = at::tensor(std::vector<int64_t>{1, 1, 1, 0, 0, 1, 0, 0}).view({B, T});
    double sum = 0;
    int count = 0;
    for (int64_t b = 0; b < B; ++b)
        for (int64_t t = 0; t < T; ++t) {
            if (mask[b][t].item<int64_t>() == 0) continue;
            double z = 0;
            for (int64_t v = 0; v < V; ++v) z += std::exp(logits[b][t][v].item<double>());
            sum += -(logits[b][t][targets[b][t].item<int64_t>()].item<double>() - std::log(z));
            ++count;
        }
    const double expected = sum / count;
    auto got = masked_token_ce(logits, targets, mask);
    QCOMPARE(got.scalar_type(), torch::kFloat32);
    QVERIFY2(near(got.item<double>(), expected),
             (std::to_string(got.item<double>()) + " vs " + std::to_string(expected)).c_str());
    // bf16 logits: float32 log-softmax, close to the reference.
    auto half = masked_token_ce(logits.to(torch::kBFloat16), targets, mask.to(torch::kFloat32));
    QCOMPARE(half.scalar_type(), torch::kFloat32);
    QVERIFY(std::abs(half.item<double>() - expected) < 0.05);
    // Changing logits at masked positions changes nothing.
    auto other = logits.clone();
    other[0][3] = 100.0;
    other[1][0] = -100.0;
    QVERIFY(near(masked_token_ce(other, targets, mask).item<double>(), expected));
}

void TestSemcotLosses::maskedTokenCeWithNothingSelectedIsZero() {
    auto logits = randn({1, 3, 5}, 4);
    auto targets = at::zeros({1, 3}, torch::kInt64);
    auto mask = at::zeros({1, 3}, torch::kInt64);
    QCOMPARE(masked_token_ce(logits, targets, mask).item<double>(), 0.0);
    auto bad = at::full({1, 3}, 5, torch::kInt64);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, masked_token_ce(logits, bad, at::ones({1, 3})));
}

void TestSemcotLosses::meanPoolIgnoresPadding() {
    auto h = rows({{1, 2}, {3, 4}, {1e6f, -1e6f}}).view({1, 3, 2});
    auto h2 = rows({{5, 6}, {std::numeric_limits<float>::infinity(), 0}, {7, 8}}).view({1, 3, 2});
    auto hidden = at::cat({h, h2}); // [2, 3, 2]
    auto mask = at::tensor(std::vector<int64_t>{1, 1, 0, 1, 0, 1}).view({2, 3});
    auto got = masked_mean_pool(hidden, mask);
    QCOMPARE(got.scalar_type(), torch::kFloat32);
    QVERIFY(at::allclose(got, rows({{2, 3}, {6, 7}})));
    // An all-padding row pools to zeros.
    auto none = masked_mean_pool(hidden, at::zeros({2, 3}, torch::kInt64));
    QVERIFY(at::equal(none, at::zeros({2, 2})));
}

void TestSemcotLosses::maxPoolIgnoresPadding() {
    // Real values are negative; padding holds 0 and a huge value: neither may win.
    auto hidden = rows({{-3, -1}, {-2, -5}, {1e6f, 0}}).view({1, 3, 2});
    auto mask = at::tensor(std::vector<int64_t>{1, 1, 0}).view({1, 3});
    auto got = masked_max_pool(hidden, mask);
    QCOMPARE(got.scalar_type(), torch::kFloat32);
    QVERIFY(at::equal(got, rows({{-2, -1}})));
    auto none = masked_max_pool(hidden, at::zeros({1, 3}, torch::kInt64));
    QVERIFY(at::equal(none, at::zeros({1, 2})));
    // bf16 hidden states pool to float32.
    QCOMPARE(masked_max_pool(hidden.to(torch::kBFloat16), mask).scalar_type(), torch::kFloat32);
}

void TestSemcotLosses::badShapesThrow() {
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, info_nce(at::ones({2, 3}), at::ones({3, 3}), 0.1));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, info_nce(at::ones({2, 3}), at::ones({2, 3}), 0.0));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, cosine_distance(at::ones({3}), at::ones({3})));
    QVERIFY_THROWS_EXCEPTION(
        InvalidArgument,
        masked_token_ce(at::ones({2, 3}), at::zeros({2, 3}, torch::kInt64), at::ones({2, 3})));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             masked_mean_pool(at::ones({2, 3, 4}), at::ones({2, 4})));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, masked_max_pool(at::ones({2, 3}), at::ones({2, 3})));
}

QTEST_APPLESS_MAIN(TestSemcotLosses)
#include "test_semcot_losses.moc"
