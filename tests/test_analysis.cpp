// Implicit-token analysis: nearest sentences against a brute-force reference, the random-pair
// baseline, alignment matrices on a hand-made case, the bank cache and its invalidation when
// the ST weights change, JSON round trips, PCA, and explain() end to end on the shipped tiny
// run (read-only; caches go to the test's temporary folder).
#include "support/qtest_compat.h"

#include "analysis/alignment.h"
#include "analysis/explain.h"
#include "analysis/implicit.h"
#include "analysis/nearest.h"
#include "analysis/projection.h"
#include "analysis/sentence_bank.h"
#include "common/error.h"
#include "common/platform.h"
#include "semcot/run.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>

using namespace semcot;
namespace fs = std::filesystem;

namespace {

fs::path tmp(const std::string& name) {
    return fs::path(test_paths::tmp_dir()) / name;
}

fs::path tiny_run() {
    return models_dir() / "tiny-coinflip";
}

bool near(double a, double b, double tol = 1e-5) {
    return std::fabs(a - b) <= tol;
}

// Plain double-precision cosine of two rows.
double cosine(const at::Tensor& a, const at::Tensor& b) {
    auto x = a.to(at::kDouble), y = b.to(at::kDouble);
    return (x * y).sum().item<double>() / (x.norm().item<double>() * y.norm().item<double>());
}

// Copies the shipped run so a test may change its ST weights.
fs::path copy_of_tiny_run(const std::string& name) {
    const fs::path dst = tmp(name);
    remove_tree(dst);
    fs::copy(tiny_run(), dst, fs::copy_options::recursive);
    remove_tree(dst / "analysis");
    return dst;
}

} // namespace

class TestAnalysis final : public QObject {
    Q_OBJECT
private slots:
    void nearestMatchesBruteForce();
    void nearestIsCosineNotDot();
    void randomPairBaseline();
    void alignmentMatrixHandMade();
    void stepsAndCotReasoning();
    void explanationJsonRoundTrip();
    void otherSchemasRoundTrip();
    void pcaFindsThePlantedAxis();
    void bankCacheInvalidatesWhenStChanges();
    void bankDirFallsBackToUserCache();
    void explainEndToEnd();
};

void TestAnalysis::nearestMatchesBruteForce() {
    at::manual_seed(7);
    const int64_t N = 300, D = 24, K = 6;
    auto raw = at::randn({N, D}) * (at::rand({N, 1}) * 5 + 0.1); // varied norms
    SentenceBank bank(std::vector<std::string>(size_t(N), "s"), raw, "h");
    // Queries planted near known rows, with norms far from the bank's.
    auto queries =
        at::stack({raw[17] * 40 + 0.05 * at::randn({D}), raw[250] * 0.01, at::randn({D}) * 100}, 0);
    auto got = nearest_rows(bank.normalized(), queries, K);
    QCOMPARE(int64_t(got.size()), int64_t(3));
    QCOMPARE(got[0][0].index, int64_t(17));
    QCOMPARE(got[1][0].index, int64_t(250));
    for (int64_t q = 0; q < 3; ++q) {
        // Brute force: every cosine in double, sorted.
        std::vector<std::pair<double, int64_t>> all;
        for (int64_t i = 0; i < N; ++i) all.push_back({cosine(queries[q], raw[i]), i});
        std::sort(all.begin(), all.end(), [](auto& a, auto& b) { return a.first > b.first; });
        QCOMPARE(int64_t(got[size_t(q)].size()), K);
        for (int64_t j = 0; j < K; ++j) {
            QCOMPARE(got[size_t(q)][size_t(j)].index, all[size_t(j)].second);
            QVERIFY(near(got[size_t(q)][size_t(j)].score, all[size_t(j)].first));
        }
        QVERIFY(near(top_margin(got[size_t(q)]), all[0].first - all[1].first));
    }
    // k larger than the bank is clamped.
    QCOMPARE(int64_t(nearest_rows(bank.normalized(), queries, N + 10)[0].size()), N);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, nearest_rows(bank.normalized(), at::ones({1, 3}), 2));
}

void TestAnalysis::nearestIsCosineNotDot() {
    // Row 0 has a huge norm and would win a raw dot product; row 1 points the same way as the
    // query and must win by cosine.
    auto rows = at::tensor({100.f, 100.f, 0.f, 1.f, 0.f, 0.f}).view({2, 3});
    SentenceBank bank({"big", "aligned"}, rows, "h");
    auto q = at::tensor({1000.f, 1.f, 0.f}).view({1, 3});
    auto got = nearest_sentences(bank, q, 2);
    QCOMPARE(got[0][0].text, std::string("aligned"));
    QVERIFY(near(got[0][0].score, cosine(q[0], rows[1])));
    QVERIFY(near(got[0][1].score, cosine(q[0], rows[0])));
    QVERIFY(near(bank.normalized().norm(2, {1}).sum().item<double>(), 2.0));
}

void TestAnalysis::randomPairBaseline() {
    // Orthonormal rows: every pair of distinct rows has cosine 0.
    auto s = random_pair_baseline(at::eye(16), 500);
    QCOMPARE(s.pairs, int64_t(500));
    QVERIFY(near(s.mean, 0) && near(s.max, 0) && near(s.min, 0) && near(s.std, 0));
    // Two clusters: pairs are either ~1 (same cluster) or ~-1 (opposite).
    auto a = at::ones({10, 4}), b = -at::ones({10, 4});
    SentenceBank bank(std::vector<std::string>(20, "x"), at::cat({a, b}, 0), "h");
    s = random_pair_baseline(bank.normalized(), 4000);
    QVERIFY(near(s.min, -1) && near(s.max, 1));
    // P(same cluster) = 9/19 for distinct rows; mean = 9/19 - 10/19.
    QVERIFY2(std::fabs(s.mean - (-1.0 / 19)) < 0.06, std::to_string(s.mean).c_str());
    QVERIFY(s.p50 <= s.p95 && s.p95 <= s.p99 && s.p99 <= s.max);
    QCOMPARE(random_pair_baseline(at::eye(1), 10).pairs, int64_t(0));
}

void TestAnalysis::alignmentMatrixHandMade() {
    auto tokens = at::tensor({1.f, 0.f, 0.f, 3.f}).view({2, 2}); // t1 = x, t2 = y
    auto steps = at::tensor({2.f, 0.f, 1.f, 1.f, 0.f, -2.f}).view({3, 2});
    auto m = make_alignment("ground_truth", "a\nb\nc", {"a", "b", "c"}, tokens, steps,
                            at::tensor({1.f, 1.f}), at::tensor({-2.f, -2.f}));
    QCOMPARE(m.rows, int64_t(2));
    QCOMPARE(m.cols, int64_t(3));
    QCOMPARE(int64_t(m.cells.size()), int64_t(6));
    const double r = 1 / std::sqrt(2.0);
    const double expected[2][3] = {{1, r, 0}, {0, r, -1}};
    for (int64_t i = 0; i < 2; ++i)
        for (int64_t j = 0; j < 3; ++j) QVERIFY(near(m.at(i, j), expected[i][j]));
    QVERIFY(near(m.score, -1));
    QCOMPARE(m.source, std::string("ground_truth"));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             make_alignment("x", "a", {"a", "b"}, tokens, steps, {}, {}));
    auto c = cosine_matrix(at::randn({4, 5}), at::randn({7, 5}));
    QCOMPARE(c.size(0), int64_t(4));
    QCOMPARE(c.size(1), int64_t(7));
    QVERIFY(c.abs().max().item<float>() <= 1.0f + 1e-6f);
}

void TestAnalysis::stepsAndCotReasoning() {
    auto steps = split_steps("  one \n\n two\r\nthree\n   \n");
    QCOMPARE(int64_t(steps.size()), int64_t(3));
    QCOMPARE(steps[0], std::string("one"));
    QCOMPARE(steps[1], std::string("two"));
    QCOMPARE(steps[2], std::string("three"));
    QCOMPARE(cot_reasoning("s1\ns2\n Answer: yes\nmore", "Answer:"), std::string("s1\ns2"));
    QCOMPARE(cot_reasoning("no marker", "Answer:"), std::string("no marker"));
    Example e1, e2;
    e1.reasoning = "a\nb";
    e2.reasoning = "b\nc";
    auto all = collect_sentences({e1, e2}, {"a", "d", " d "});
    QCOMPARE(int64_t(all.size()), int64_t(4)); // a b c d
    QCOMPARE(all[3], std::string("d"));
}

void TestAnalysis::explanationJsonRoundTrip() {
    Explanation e;
    e.run = "runs/x";
    e.question = "Is it \"heads\"?\nSecond line";
    e.has_gold = true;
    e.gold_answer = "yes";
    e.gold_reasoning = "a\nb";
    e.k = 2;
    e.top_k = 2;
    e.cot_output = "a\nAnswer: yes";
    e.cot_answer = "yes";
    e.cot_correct = true;
    e.semcot_output = " no";
    e.semcot_answer = "no";
    for (int64_t i = 0; i < 2; ++i) {
        TokenNeighbours t;
        t.position = i;
        t.label = "t" + std::to_string(i + 1);
        t.norm = 12.5 + double(i);
        t.neighbours = {{3, "alpha", 0.75}, {9, "béta ▁", 0.5}};
        t.margin = 0.25;
        t.baseline_z = 1.5;
        e.tokens.push_back(t);
        e.logit_lens.push_back({i, {{5, "▁up", 0.25}, {7, "x", 0.125}}});
    }
    e.pooled = e.tokens[0];
    e.pooled.position = -1;
    e.pooled.label = "pooled";
    e.baseline = {100, 0.1, 0.2, 0.1, 0.4, 0.5, -0.3, 0.6};
    e.ground_truth = {"ground_truth", "a\nb", {"a", "b"}, 2, 2, {0.5, -0.25, 1, 0}, 0.75};
    e.teacher_cot.source = "teacher_cot"; // empty, score NaN
    e.bank = {"/tmp/b", 104, "0123456789abcdef", true, 0.5};
    e.timings = {1, 2, 3, 4, 5, 6, 7};

    const auto j = e.to_json();
    QCOMPARE(j["schema"].get<std::string>(), std::string("semcot.explain/1"));
    QVERIFY(j["alignment"]["teacher_cot"]["score"].is_null());
    const auto back = Explanation::from_json(nlohmann::json::parse(j.dump()), "mem");
    QCOMPARE(back.to_json().dump(), j.dump());
    QCOMPARE(back.question, e.question);
    QCOMPARE(back.tokens[1].neighbours[1].text, std::string("béta ▁"));
    QVERIFY(std::isnan(back.teacher_cot.score));
    QVERIFY(near(back.ground_truth.at(1, 0), 1));
    QVERIFY(!back.to_text().empty());

    auto bad = j;
    bad["schema"] = "semcot.explain/0";
    QVERIFY_THROWS_EXCEPTION(FormatError, Explanation::from_json(bad, "mem"));
    bad = j;
    bad["decoding"]["tokens"][0].erase("margin");
    try {
        Explanation::from_json(bad, "x.json");
        QFAIL("a missing key must throw");
    } catch (const FormatError& err) {
        const std::string what = err.what();
        QVERIFY2(what.find("x.json") != std::string::npos &&
                     what.find("decoding.tokens[0].margin") != std::string::npos,
                 err.what());
    }
    bad = j;
    bad["alignment"]["ground_truth"]["cells"] = {1.0};
    QVERIFY_THROWS_EXCEPTION(FormatError, Explanation::from_json(bad, "mem"));
}

void TestAnalysis::otherSchemasRoundTrip() {
    AlignmentDistribution d;
    d.run = "r";
    d.samples = {{0, "q0", true, 0.5}, {3, "q3", false, -0.25}};
    d.correct = {1, 0.5, 0, 0.5, 0.5, 0.5};
    d.incorrect = {1, -0.25, 0, -0.25, -0.25, -0.25};
    d.histogram_edges = {-0.25, 0.125, 0.5};
    d.histogram_correct = {0, 1};
    d.histogram_incorrect = {1, 0};
    const auto dj = d.to_json();
    QCOMPARE(AlignmentDistribution::from_json(dj, "m").to_json().dump(), dj.dump());
    Projection p;
    p.explained_variance[0] = 0.75;
    p.explained_variance[1] = 0.125;
    p.points = {{1, 2, "implicit", 0, 0, -1, "q1 t1"}, {-1, 0.5, "sentence", -1, -1, 4, "s"}};
    const auto pj = p.to_json();
    QCOMPARE(Projection::from_json(pj, "m").to_json().dump(), pj.dump());
    QVERIFY_THROWS_EXCEPTION(FormatError, Projection::from_json(dj, "m"));
}

void TestAnalysis::pcaFindsThePlantedAxis() {
    at::manual_seed(3);
    // Points spread along a known direction, tiny noise elsewhere, a large offset.
    auto dir = at::randn({10});
    dir = dir / dir.norm();
    auto t = at::linspace(-5, 5, 50).unsqueeze(1);
    auto x = t * dir + 0.01 * at::randn({50, 10}) + 3;
    double ev[2];
    auto xy = pca_2d(x, ev);
    QCOMPARE(xy.size(0), int64_t(50));
    QCOMPARE(xy.size(1), int64_t(2));
    QVERIFY2(ev[0] > 0.99, std::to_string(ev[0]).c_str());
    QVERIFY(ev[1] >= 0 && ev[0] + ev[1] <= 1 + 1e-9);
    // The first coordinate is the position along the line, up to sign.
    const double c = std::fabs(cosine(xy.select(1, 0), t.squeeze(1)));
    QVERIFY2(c > 0.999, std::to_string(c).c_str());
    QVERIFY(near(xy.select(1, 0).mean().item<double>(), 0, 1e-4)); // centred
}

void TestAnalysis::bankCacheInvalidatesWhenStChanges() {
    const fs::path folder = copy_of_tiny_run("analysis_run_copy");
    auto run = load_run(folder, torch::kCPU);
    const fs::path cache = tmp("analysis_bank_cache");
    remove_tree(cache);
    BankParams bp;
    bp.cache_dir = cache;
    int64_t calls = 0, last_done = 0, total = 0;
    bool increasing = true;
    auto progress = [&](int64_t done, int64_t all) -> bool {
        ++calls;
        if (done <= last_done) increasing = false;
        last_done = done;
        total = all;
        return true;
    };
    auto first = load_or_build_bank(run, bp, progress);
    QVERIFY(first.rebuilt);
    QVERIFY(calls > 0);
    QVERIFY(increasing);
    QCOMPARE(total, first.size());
    QVERIFY(first.size() > 10);
    QVERIFY(fs::exists(cache / "bank.safetensors") && fs::exists(cache / "bank.json"));
    QCOMPARE(first.st_hash(), st_weights_hash(run));

    calls = 0;
    auto second = load_or_build_bank(run, bp, progress);
    QVERIFY(!second.rebuilt);
    QCOMPARE(calls, int64_t(0));
    QVERIFY(at::allclose(first.normalized(), second.normalized()));
    QVERIFY(second.sentences() == first.sentences());

    // Changing the sentence list rebuilds too.
    BankParams more = bp;
    more.extra_sentences = {"An extra sentence that is not in the data."};
    auto third = load_or_build_bank(run, more);
    QVERIFY(third.rebuilt);
    QCOMPARE(third.size(), first.size() + 1);

    // New ST weights: a new hash, a rebuilt bank with other embeddings, and the old bank is
    // refused by explain().
    {
        at::NoGradGuard ng;
        run.st->projection->weight.mul_(-1.5);
    }
    run.st->save(folder / "st");
    QVERIFY(st_weights_hash(run) != first.st_hash());
    calls = 0;
    last_done = 0;
    auto fourth = load_or_build_bank(run, bp, progress);
    QVERIFY(fourth.rebuilt);
    QVERIFY(calls > 0);
    QCOMPARE(fourth.st_hash(), st_weights_hash(run));
    QVERIFY(!at::allclose(first.normalized(), fourth.normalized()));
    ExplainParams ep;
    ep.question = "A coin is heads up. Ann flips the coin. Is the coin still heads up?";
    ep.generate_answers = false;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, explain(run, first, ep));

    // A callback returning false stops the build.
    BankParams nocache = bp;
    nocache.use_cache = false;
    QVERIFY_THROWS_EXCEPTION(
        Cancelled, load_or_build_bank(run, nocache, [](int64_t, int64_t) { return false; }));
    remove_tree(folder);
}

void TestAnalysis::bankDirFallsBackToUserCache() {
    const fs::path base = tmp("analysis_bank_dirs");
    remove_tree(base);
    fs::create_directories(base / "run");
    QCOMPARE(default_bank_dir(base / "run"), base / "run" / "analysis");
    // A run folder whose analysis/ cannot be created (a file is in the way).
    fs::create_directories(base / "blocked");
    write_file_atomic(base / "blocked" / "analysis", "not a folder");
    const char* old_xdg = std::getenv("XDG_CACHE_HOME");
    const std::string saved = old_xdg ? old_xdg : "";
    ::setenv("XDG_CACHE_HOME", (base / "xdg").c_str(), 1);
    const fs::path dir = default_bank_dir(base / "blocked");
    if (old_xdg)
        ::setenv("XDG_CACHE_HOME", saved.c_str(), 1);
    else
        ::unsetenv("XDG_CACHE_HOME");
    QCOMPARE(dir.parent_path(), base / "xdg" / "semcot");
    QVERIFY(dir.filename().string().rfind("blocked-", 0) == 0);
    QVERIFY(default_bank_dir(base / "blocked2") != default_bank_dir(base / "run"));
}

void TestAnalysis::explainEndToEnd() {
    auto run = load_run(tiny_run(), torch::kCPU);
    BankParams bp;
    bp.cache_dir = tmp("analysis_tiny_bank");
    auto bank = load_or_build_bank(run, bp);
    const auto ex = run.split("test").at(0);
    ExplainParams p;
    p.question = ex.query;
    p.has_gold = true;
    p.gold_answer = ex.answer;
    p.gold_reasoning = ex.reasoning;
    p.top_k = 4;
    p.lens_top_k = 3;
    p.max_new_tokens = 96;
    auto e = explain(run, bank, p);

    const int64_t k = run.generator->config().k_infer;
    QCOMPARE(e.k, k);
    QCOMPARE(int64_t(e.tokens.size()), k);
    QCOMPARE(int64_t(e.logit_lens.size()), k);
    QCOMPARE(e.pooled.label, std::string("pooled"));
    QVERIFY(!e.cot_output.empty() && !e.semcot_output.empty());

    // Independent recomputation of the implicit tokens' ST embeddings.
    auto enc = encode_implicit(run, ex.query);
    for (int64_t i = 0; i < k; ++i) {
        const auto& t = e.tokens[size_t(i)];
        QCOMPARE(int64_t(t.neighbours.size()), int64_t(4));
        QVERIFY(near(t.norm, enc.tokens[i].norm().item<double>(), 1e-3));
        for (size_t j = 0; j < t.neighbours.size(); ++j) {
            const auto& nb = t.neighbours[j];
            QCOMPARE(nb.text, bank.sentence(nb.index));
            QVERIFY(near(nb.score, cosine(enc.token_st[i], bank.normalized()[nb.index]), 1e-4));
            if (j > 0) QVERIFY(nb.score <= t.neighbours[j - 1].score);
        }
        // Nothing in the bank beats the reported best.
        auto all = cosine_matrix(enc.token_st[i].unsqueeze(0), bank.normalized());
        QVERIFY(near(all.max().item<double>(), t.neighbours[0].score, 1e-4));
        QVERIFY(near(t.margin, t.neighbours[0].score - t.neighbours[1].score));
        double sum = 0;
        for (const auto& lt : e.logit_lens[size_t(i)].top) sum += lt.prob;
        QVERIFY(sum > 0 && sum <= 1 + 1e-6);
        QCOMPARE(int64_t(e.logit_lens[size_t(i)].top.size()), int64_t(3));
    }
    QVERIFY(e.baseline.pairs > 0 && e.baseline.std > 0);

    // Ground-truth matrix: k x steps, each cell the cosine with the step embedded alone.
    const auto steps = split_steps(ex.reasoning);
    QCOMPARE(e.ground_truth.rows, k);
    QCOMPARE(e.ground_truth.cols, int64_t(steps.size()));
    QVERIFY(e.ground_truth.steps == steps);
    auto step_st = embed_sentences(run, steps, 8, 128);
    for (int64_t r = 0; r < k; ++r)
        for (int64_t c = 0; c < int64_t(steps.size()); ++c)
            QVERIFY(near(e.ground_truth.at(r, c), cosine(enc.token_st[r], step_st[c]), 1e-4));
    auto whole = embed_sentences(run, {ex.reasoning}, 1, 512);
    QVERIFY(near(e.ground_truth.score, cosine(enc.pooled_st, whole[0]), 1e-4));
    QCOMPARE(e.teacher_cot.source, std::string("teacher_cot"));
    QCOMPARE(e.teacher_cot.rows, e.teacher_cot.steps.empty() ? int64_t(0) : k);
    QVERIFY(e.timings.decode_s > 0 && e.timings.total_s >= e.timings.decode_s);

    const auto j = e.to_json();
    QCOMPARE(Explanation::from_json(j, "mem").to_json().dump(), j.dump());

    // A CoT generated by the caller gives the same teacher-CoT alignment without generating.
    ExplainParams again = p;
    again.generate_answers = false;
    again.teacher_cot_output = e.cot_output;
    auto e2 = explain(run, bank, again);
    QVERIFY(e2.semcot_output.empty());
    // Without gold the answers are still extracted (the tiny run answers yes or no).
    ExplainParams nogold;
    nogold.question = ex.query;
    nogold.top_k = 2;
    auto e3 = explain(run, bank, nogold);
    QVERIFY(!e3.has_gold && e3.ground_truth.empty());
    QVERIFY2(e3.semcot_answer == "yes" || e3.semcot_answer == "no", e3.semcot_output.c_str());
    QVERIFY2(e3.cot_answer == "yes" || e3.cot_answer == "no", e3.cot_output.c_str());
    QCOMPARE(e2.teacher_cot.steps.size(), e.teacher_cot.steps.size());
    for (size_t i = 0; i < e.teacher_cot.cells.size(); ++i)
        QVERIFY(near(e2.teacher_cot.cells[i], e.teacher_cot.cells[i]));

    // Projection of three questions with the bank, and the dataset-level distribution.
    auto test = run.split("test");
    ProjectionParams pp;
    pp.max_sentences = 20;
    auto proj = project_implicit(run, bank, {test[0].query, test[1].query, test[2].query}, pp);
    QCOMPARE(int64_t(proj.points.size()), 3 * (k + 1) + std::min<int64_t>(20, bank.size()));
    QVERIFY(proj.explained_variance[0] >= proj.explained_variance[1]);
    QVERIFY(proj.explained_variance[0] + proj.explained_variance[1] <= 1 + 1e-9);
    AlignmentDistributionParams dp;
    dp.limit = 4;
    dp.bins = 5;
    auto d = alignment_distribution(run, test, dp);
    QCOMPARE(int64_t(d.samples.size()), int64_t(4));
    QCOMPARE(d.correct.n + d.incorrect.n, int64_t(4));
    int64_t counted = 0;
    for (auto c : d.histogram_correct) counted += c;
    for (auto c : d.histogram_incorrect) counted += c;
    QCOMPARE(counted, int64_t(4));
    QCOMPARE(int64_t(d.histogram_edges.size()), int64_t(6));
}

QTEST_APPLESS_MAIN(TestAnalysis)
#include "test_analysis.moc"
