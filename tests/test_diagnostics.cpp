// Latent-token diagnostics and interventions (analysis/diagnostics.h, issue 16 §3) on the
// shipped run: zeroing SemCoT's implicit tokens changes its answers, while in the control where
// the teacher cannot attend to them no intervention changes any answer; pause-style tokens that
// are the same for every question have a cross-question cosine of 1 and an effective rank of 1.
#include "support/qtest_compat.h"
#include "support/shipped_run.h"

#include "analysis/diagnostics.h"
#include "common/error.h"
#include "semcot/run.h"

#include <ATen/ATen.h>

#include <cmath>

using namespace semcot;

class TestDiagnostics final : public QObject {
    Q_OBJECT
private slots:
    void zeroedTokensChangeAnswersButNotInTheControl();
    void identicalTokensHaveRankOne();
    void layerwiseLogitLensCoversEveryLayer();
};

void TestDiagnostics::zeroedTokensChangeAnswersButNotInTheControl() {
    auto run = load_run(test_paths::shipped_run(), torch::kCPU);
    const auto ctx = run.inference_context();
    auto test = run.split("test");
    test.resize(30);
    const InterventionResult r = intervene(ctx, Method::semcot, test);
    QCOMPARE(r.rows.front().name, std::string("as computed"));
    QCOMPARE(r.rows.size(), size_t(4 + run.generator->config().k_infer));
    const auto& computed = r.rows[0];
    const auto& zeroed = r.rows[1];
    QCOMPARE(zeroed.name, std::string("zeroed"));
    QVERIFY2(zeroed.changed > 0 && zeroed.accuracy < computed.accuracy,
             r.table().c_str());
    // The same answers as run_method gives for the first question.
    const MethodResult direct = run_method(ctx, Method::semcot, test[0].query, test[0].answer);
    const MethodResult via = run_method_with_latents(
        ctx, Method::semcot, test[0].query, method_latents(ctx, Method::semcot, test[0].query),
        test[0].answer);
    QCOMPARE(via.output, direct.output);

    const InterventionResult control = intervene(ctx, Method::semcot, test, /*mask=*/true);
    QVERIFY(control.masked);
    for (const auto& row : control.rows) {
        QVERIFY2(row.changed == 0, (row.name + "\n" + control.table()).c_str());
        QCOMPARE(row.correct, control.rows[0].correct);
    }
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, intervene(ctx, Method::icot, test));
}

void TestDiagnostics::identicalTokensHaveRankOne() {
    auto run = load_run(test_paths::shipped_run(), torch::kCPU);
    auto ctx = run.inference_context();
    torch::manual_seed(0);
    ctx.pause_embeddings = at::randn({3, run.teacher.config.hidden_size});
    auto test = run.split("test");
    test.resize(12);
    const TokenDiagnostics d = token_diagnostics(ctx, Method::pause, test);
    QCOMPARE(d.k, int64_t(3));
    QCOMPARE(d.questions, int64_t(12));
    for (int64_t i = 0; i < 3; ++i) {
        QVERIFY(std::abs(d.across_questions_cosine[size_t(i)] - 1.0) < 1e-9);
        QVERIFY2(std::abs(d.effective_rank[size_t(i)] - 1.0) < 1e-6,
                 std::to_string(d.effective_rank[size_t(i)]).c_str());
        QVERIFY(std::abs(d.position_cosine[size_t(i)][size_t(i)] - 1.0) < 1e-6);
        QCOMPARE(d.norms[size_t(i)].sd, 0.0);
    }
    // Three independent random directions: rank 3 over all positions, near-orthogonal.
    QVERIFY2(d.effective_rank_all > 2.5 && d.effective_rank_all <= 3.0 + 1e-9,
             std::to_string(d.effective_rank_all).c_str());
    QVERIFY(std::abs(d.position_cosine[0][1]) < 0.3);
    // SemCoT's own tokens differ between questions.
    const TokenDiagnostics s = token_diagnostics(run.inference_context(), Method::semcot, test);
    QVERIFY(s.effective_rank[0] > 1.5);
    QVERIFY(s.across_questions_cosine[0] < 0.999);
}

void TestDiagnostics::layerwiseLogitLensCoversEveryLayer() {
    auto run = load_run(test_paths::shipped_run(), torch::kCPU);
    const auto grid = layer_logit_lens(run.inference_context(), Method::semcot,
                                       run.split("test").at(0).query, 4);
    QCOMPARE(int64_t(grid.size()), run.teacher.config.num_hidden_layers + 1);
    for (const auto& row : grid) {
        QCOMPARE(int64_t(row.size()), run.generator->config().k_infer);
        for (const auto& e : row) {
            QCOMPARE(e.top.size(), size_t(4));
            QVERIFY(e.top[0].prob >= e.top[3].prob && e.top[0].prob <= 1.0);
        }
    }
}

QTEST_APPLESS_MAIN(TestDiagnostics)
#include "test_diagnostics.moc"
