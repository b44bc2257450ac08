// Each piece of the decoder's math against a plain, loop-based float64 reference.
#include "support/qtest_compat.h"

#include "engine/layers.h"

#include <ATen/ATen.h>

#include <cmath>

using namespace semcot;

namespace {

torch::Tensor randn(std::vector<int64_t> shape, uint64_t seed) {
    auto gen = at::detail::createCPUGenerator(seed);
    return at::normal(0.0, 1.0, shape, gen, torch::TensorOptions().dtype(torch::kFloat32));
}

bool close(const torch::Tensor& a, const torch::Tensor& b, double atol = 1e-5, double rtol = 1e-4) {
    return at::allclose(a.to(torch::kFloat64), b.to(torch::kFloat64), rtol, atol);
}

} // namespace

class TestLayers final : public QObject {
    Q_OBJECT
private slots:
    void rmsNormMatchesReference();
    void rmsNormHalfPrecisionUsesFloat32Statistics();
    void ropeMatchesPairwiseRotation();
    void ropeTablesFollowHuggingFaceLayout();
    void swigluMatchesReference();
    void groupedQueryAttentionMatchesPerHeadReference();
    void causalMaskHidesFutureAndPadding();
};

void TestLayers::rmsNormMatchesReference() {
    auto x = randn({2, 3, 8}, 1);
    auto w = randn({8}, 2);
    auto got = rms_norm(x, w, 1e-5);
    auto xd = x.to(torch::kFloat64);
    auto ref = torch::empty_like(xd);
    for (int64_t i = 0; i < 2; ++i)
        for (int64_t j = 0; j < 3; ++j) {
            double ss = 0;
            for (int64_t k = 0; k < 8; ++k) ss += std::pow(xd[i][j][k].item<double>(), 2);
            const double scale = 1.0 / std::sqrt(ss / 8 + 1e-5);
            for (int64_t k = 0; k < 8; ++k)
                ref[i][j][k] = xd[i][j][k].item<double>() * scale * w[k].item<double>();
        }
    QVERIFY(close(got, ref));
}

void TestLayers::rmsNormHalfPrecisionUsesFloat32Statistics() {
    // Large activations: squaring in bf16/f16 would overflow or lose precision.
    auto x = randn({4, 64}, 3) * 300;
    auto w = at::ones({64});
    auto ref = rms_norm(x, w, 1e-6);
    for (auto dtype : {torch::kBFloat16, torch::kFloat16}) {
        auto got = rms_norm(x.to(dtype), w.to(dtype), 1e-6);
        QCOMPARE(got.scalar_type(), dtype);
        QVERIFY(at::isfinite(got).all().item<bool>());
        QVERIFY(close(got, ref, 0.05, 0.02));
    }
}

void TestLayers::ropeMatchesPairwiseRotation() {
    const int64_t B = 2, H = 3, T = 5, Dh = 8, half = Dh / 2;
    const double theta = 10000.0;
    auto x = randn({B, H, T, Dh}, 4);
    auto [cos_t, sin_t] = rope_tables(Dh, 16, theta, torch::kCPU);
    auto positions = at::tensor(std::vector<int64_t>{3, 4, 5, 6, 7, 0, 1, 2, 9, 15}).view({B, T});
    auto cos = cos_t.index_select(0, positions.view(-1)).view({B, 1, T, Dh});
    auto sin = sin_t.index_select(0, positions.view(-1)).view({B, 1, T, Dh});
    auto got = apply_rope(x, cos, sin);

    auto ref = torch::empty({B, H, T, Dh}, torch::kFloat64);
    auto xd = x.to(torch::kFloat64);
    for (int64_t b = 0; b < B; ++b)
        for (int64_t h = 0; h < H; ++h)
            for (int64_t t = 0; t < T; ++t) {
                const double p = double(positions[b][t].item<int64_t>());
                for (int64_t i = 0; i < half; ++i) {
                    // Hugging Face pairs dimension i with i + Dh/2 (rotate_half layout).
                    const double a = p * std::pow(theta, -2.0 * double(i) / double(Dh));
                    const double x1 = xd[b][h][t][i].item<double>();
                    const double x2 = xd[b][h][t][i + half].item<double>();
                    ref[b][h][t][i] = x1 * std::cos(a) - x2 * std::sin(a);
                    ref[b][h][t][i + half] = x2 * std::cos(a) + x1 * std::sin(a);
                }
            }
    QVERIFY(close(got, ref));
}

void TestLayers::ropeTablesFollowHuggingFaceLayout() {
    auto [cos, sin] = rope_tables(4, 3, 10000.0, torch::kCPU);
    QCOMPARE(cos.sizes().vec(), (std::vector<int64_t>{3, 4}));
    QCOMPARE(cos.scalar_type(), torch::kFloat32);
    // Position 0 is the identity; the two halves repeat the same angles.
    QVERIFY(close(cos[0], at::ones({4})));
    QVERIFY(close(sin[0], at::zeros({4})));
    QVERIFY(close(cos.narrow(1, 0, 2), cos.narrow(1, 2, 2)));
    QVERIFY(std::abs(sin[2][1].item<double>() - std::sin(2.0 * std::pow(10000.0, -0.5))) < 1e-6);
}

void TestLayers::swigluMatchesReference() {
    auto x = randn({2, 4, 6}, 5);
    auto wg = randn({10, 6}, 6), wu = randn({10, 6}, 7), wd = randn({6, 10}, 8);
    auto got = swiglu(x, wg, wu, wd);
    auto xd = x.to(torch::kFloat64);
    auto g = at::matmul(xd, wg.to(torch::kFloat64).t());
    auto u = at::matmul(xd, wu.to(torch::kFloat64).t());
    auto silu = g / (1 + at::exp(-g));
    auto ref = at::matmul(silu * u, wd.to(torch::kFloat64).t());
    QVERIFY(close(got, ref, 1e-4));
}

void TestLayers::groupedQueryAttentionMatchesPerHeadReference() {
    const int64_t B = 2, H = 6, Hkv = 2, T = 3, S = 5, Dh = 4, G = H / Hkv;
    auto q = randn({B, H, T, Dh}, 9), k = randn({B, Hkv, S, Dh}, 10),
         v = randn({B, Hkv, S, Dh}, 11);
    auto padding = at::tensor(std::vector<int64_t>{1, 1, 1, 1, 1, 0, 0, 1, 1, 1}).view({B, S});
    auto mask = causal_mask(B, T, S, padding, torch::kCPU);
    auto got = attention(q, k, v, mask);

    auto ref = torch::zeros({B, H, T, Dh}, torch::kFloat64);
    for (int64_t b = 0; b < B; ++b)
        for (int64_t h = 0; h < H; ++h) {
            const int64_t kv = h / G; // repeat_kv: query heads [kv*G, (kv+1)*G) share kv
            for (int64_t t = 0; t < T; ++t) {
                const int64_t last_visible = (S - T) + t;
                std::vector<double> w(S, 0.0);
                double max_score = -1e300, total = 0;
                for (int64_t s = 0; s < S; ++s) {
                    if (s > last_visible || padding[b][s].item<int64_t>() == 0) continue;
                    double dot = 0;
                    for (int64_t d = 0; d < Dh; ++d)
                        dot += q[b][h][t][d].item<double>() * k[b][kv][s][d].item<double>();
                    w[s] = dot / std::sqrt(double(Dh));
                    max_score = std::max(max_score, w[s]);
                }
                for (int64_t s = 0; s < S; ++s) {
                    const bool vis = s <= last_visible && padding[b][s].item<int64_t>() != 0;
                    w[s] = vis ? std::exp(w[s] - max_score) : 0.0;
                    total += w[s];
                }
                for (int64_t s = 0; s < S; ++s)
                    for (int64_t d = 0; d < Dh; ++d)
                        ref[b][h][t][d] += w[s] / total * v[b][kv][s][d].item<double>();
            }
        }
    QVERIFY(close(got, ref));
}

void TestLayers::causalMaskHidesFutureAndPadding() {
    QVERIFY(!causal_mask(1, 1, 7, {}, torch::kCPU).defined()); // decode step without padding
    auto m = causal_mask(1, 3, 3, {}, torch::kCPU);
    QCOMPARE(m.sizes().vec(), (std::vector<int64_t>{1, 1, 3, 3}));
    QCOMPARE(m[0][0][0][1].item<float>(), kMaskedScore);
    QCOMPARE(m[0][0][2][2].item<float>(), 0.0f);
    auto padded =
        causal_mask(1, 1, 3, at::tensor(std::vector<int64_t>{0, 1, 1}).view({1, 3}), torch::kCPU);
    QCOMPARE(padded[0][0][0][0].item<float>(), kMaskedScore);
    QCOMPARE(padded[0][0][0][2].item<float>(), 0.0f);
}

QTEST_APPLESS_MAIN(TestLayers)
#include "test_layers.moc"
