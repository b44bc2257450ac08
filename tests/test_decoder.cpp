// The implicit-token decoder (analysis/decoder*.h, issue 18): ROUGE-L and the step, coin-state
// and conclusion scores against hand-computed values; the evaluation JSON round trip; training
// on the shipped run's SemCoT tokens lowers the loss; and a planted toy whose "implicit tokens"
// are an invertible function of the reasoning decodes almost exactly, while the random control
// (another question's tokens) cannot.
#include "support/qtest_compat.h"
#include "support/shipped_run.h"

#include "analysis/decoder.h"
#include "analysis/decoder_eval.h"
#include "analysis/decoder_metrics.h"
#include "analysis/decoder_train.h"
#include "common/error.h"
#include "data/rng.h"
#include "engine/checkpoint.h"
#include "semcot/run.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <set>

using namespace semcot;

class TestDecoder final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rougeLMatchesHandComputedValues();
    void stepsCoinStateAndConclusion();
    void derangementHasNoFixedPoint();
    void evaluationJsonRoundTrips();
    void lossFallsOnTheShippedRun();
    void plantedTokensDecodeWhileRandomControlDoesNot();
    void teacherPrefixJobLeavesEveryModelAsItWas();
};

namespace {

bool near(double a, double b) {
    return std::abs(a - b) < 1e-12;
}

struct StudentLm {
    LlamaModel model{nullptr};
    std::unique_ptr<Tokenizer> tokenizer;
};

StudentLm shipped_student() {
    LoadOptions lo;
    lo.load_tokenizer = false;
    StudentLm s;
    s.model = load_model_folder(test_paths::shipped_run() / "student", lo).model;
    s.tokenizer = load_tokenizer(test_paths::shipped_run() / "student_tokenizer");
    return s;
}

// Three people, each flips or not: the reasoning of `code` (bit i: person i flips), written
// as the shipped run's data writes it.
std::string planted_reasoning(int code) {
    const char* names[] = {"Maria", "Henry", "Rosa"};
    bool heads = true;
    std::string out;
    for (int i = 0; i < 3; ++i) {
        const bool flips = (code >> i) & 1;
        heads = heads != flips;
        const std::string state = heads ? "heads" : "tails";
        out += std::string(names[i]) +
               (flips ? " flips the coin, so it is now " + state + " up."
                      : " does not flip the coin, so it is still " + state + " up.");
        if (i < 2) out += "\n";
    }
    return out;
}

} // namespace

void TestDecoder::rougeLMatchesHandComputedValues() {
    // Lin (2004) section 3.1's example: LCS("police killed the gunman", "police kill the
    // gunman") = 3 ("police the gunman"), so R = P = 3/4; "the gunman kill police": LCS 2.
    QVERIFY(near(rouge_l("police kill the gunman", "police killed the gunman").f, 0.75));
    QVERIFY(near(rouge_l("the gunman kill police", "police killed the gunman").f, 0.5));
    // Unequal lengths: reference 6 tokens, candidate 3, LCS 3: R = 1/2, P = 1, F = 2/3.
    const RougeL r = rouge_l("the cat mat", "the cat sat on the mat");
    QVERIFY(near(r.recall, 0.5) && near(r.precision, 1.0) && near(r.f, 2.0 / 3.0));
    // Case and punctuation are not tokens; an empty side scores 0.
    QVERIFY(near(rouge_l("Heads, UP!", "heads up").f, 1.0));
    QVERIFY(near(rouge_l("", "heads up").f, 0.0));
    QVERIFY(near(rouge_l("heads up", " ...").f, 0.0));
    QCOMPARE(lcs_length({"a", "b", "c", "b", "d", "a", "b"}, {"b", "d", "c", "a", "b", "a"}),
             int64_t(4)); // CLRS's example: "bcba"
}

void TestDecoder::stepsCoinStateAndConclusion() {
    const auto steps = reasoning_lines("  a step.\n\n b step. \r\nc");
    QCOMPARE(steps, (std::vector<std::string>{"a step.", "b step.", "c"}));
    QCOMPARE(matched_steps({"a step.", "x", "c", "extra"}, steps), int64_t(2));
    QCOMPARE(final_coin_state("Ann flips the coin, so it is now tails up.").value(),
             std::string("tails"));
    QCOMPARE(final_coin_state("state is heads up. So the coin is not still heads up.").value(),
             std::string("tails"));
    QVERIFY(!final_coin_state("no state here").has_value());
    Scorer yesno;
    yesno.kind = AnswerKind::yesno;
    const std::string q = "A coin is heads up. Ann flips the coin. Is the coin still heads up?";
    QCOMPARE(decoded_conclusion("Ann flips the coin, so it is now tails up.", q, yesno),
             std::string("no"));
    const auto e =
        score_decoded(3, q, "Ann flips the coin, so it is now tails up.", "no",
                      "Ann does not flip the coin, so it is still heads up.", "no", yesno);
    QCOMPARE(e.gold_steps, int64_t(1));
    QCOMPARE(e.matched_steps, int64_t(0));
    QVERIFY(!e.exact && e.coin_state_correct.has_value() && !*e.coin_state_correct);
    QCOMPARE(e.conclusion, std::string("yes"));
    QVERIFY(!e.agrees && !e.conclusion_correct);
    Scorer number;
    const auto n = score_decoded(0, "What is 2 + 3?", "2 + 3 = 5", "5", "2 + 3 = 5", "5.0", number);
    QVERIFY(n.exact && n.agrees && n.conclusion_correct && !n.coin_state_correct.has_value());
    const auto s = summarize({e, n});
    QVERIFY(near(s.step_exact, 0.5) && near(s.exact, 0.5) && s.coin_n == 1 &&
            near(s.coin_state, 0));
    QVERIFY(near(s.agreement, 0.5));
}

void TestDecoder::derangementHasNoFixedPoint() {
    for (int64_t n : {2, 3, 10, 301}) {
        const auto p = derangement(n, 7);
        QCOMPARE(std::set<int64_t>(p.begin(), p.end()).size(), size_t(n));
        for (int64_t i = 0; i < n; ++i) QVERIFY(p[size_t(i)] != i);
    }
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, derangement(1, 0));
    auto lat = at::arange(12, torch::kFloat32).view({4, 1, 3});
    QCOMPARE(condition_latents(lat, DecoderCondition::none, 0).size(1), int64_t(0));
    auto r = condition_latents(lat, DecoderCondition::random, 0);
    for (int64_t i = 0; i < 4; ++i) QVERIFY(!at::equal(r[i], lat[i]));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, parse_condition("zero"));
}

void TestDecoder::evaluationJsonRoundTrips() {
    Scorer yesno;
    yesno.kind = AnswerKind::yesno;
    DecoderEvaluation ev;
    ev.run = "runs/x";
    ev.method = "semcot";
    ev.lm = "student";
    ev.split = "test";
    ev.latent_count = 3;
    ev.latent_dim = 128;
    ev.seed = 5;
    DecoderConditionResult c;
    c.condition = "random";
    c.folder = "runs/x/decoder/controls/random";
    c.training = {{"steps", 12}};
    const std::string q = "A coin is heads up. Ann flips the coin. Is the coin still heads up?";
    c.examples.push_back(score_decoded(0, q, "Ann flips the coin, so it is now tails up.", "no",
                                       "Ann flips the coin, so it is now tails up.", "no", yesno));
    c.examples.push_back(score_decoded(1, "What?", "1 + 1 = 2", "2", "", "", Scorer{}));
    c.scores = summarize(c.examples);
    ev.conditions.push_back(c);
    const auto j = ev.to_json();
    const auto back = DecoderEvaluation::from_json(nlohmann::json::parse(j.dump()), "mem");
    QCOMPARE(back.to_json(), j);
    QVERIFY(back.find("random") && !back.find("none"));
    QCOMPARE(back.find("random")->examples[0].coin_state_correct.value(), true);
    QVERIFY(!back.find("random")->examples[1].coin_state_correct.has_value());
    auto bad = j;
    bad["schema"] = "semcot.decoder-eval/9";
    QVERIFY_THROWS_EXCEPTION(FormatError, DecoderEvaluation::from_json(bad, "mem"));
    bad = j;
    bad["conditions"][0]["scores"].erase("rouge_l");
    QVERIFY_THROWS_EXCEPTION(FormatError, DecoderEvaluation::from_json(bad, "mem"));
}

void TestDecoder::lossFallsOnTheShippedRun() {
    auto run = load_run(test_paths::shipped_run(), torch::kCPU);
    auto ctx = run.inference_context();
    auto train = run.split("train");
    train.resize(48);
    std::vector<std::string> text;
    for (const auto& e : train) text.push_back(e.reasoning);
    const auto lat = examples_latents(ctx, Method::semcot, train);
    QCOMPARE(lat.size(0), int64_t(48));
    QCOMPARE(lat.size(2), int64_t(run.teacher.config.hidden_size));
    auto lm = shipped_student();
    DecoderTrainParams p;
    p.epochs = 3;
    p.batch_size = 16;
    p.lr = 2e-3;
    auto r = train_decoder(lm.model, *lm.tokenizer, lat, text, {}, {}, p);
    QCOMPARE(r.train.steps, int64_t(9));
    QVERIFY2(
        r.train.final_train_loss < 0.8 * r.first_loss,
        (std::to_string(r.first_loss) + " -> " + std::to_string(r.train.final_train_loss)).c_str());
    // Saved and loaded back, it decodes the same text.
    const auto dir = std::filesystem::temp_directory_path() / "semcot_test_decoder";
    std::filesystem::remove_all(dir);
    r.decoder->save(dir, *lm.tokenizer, {{"note", "test"}});
    auto loaded = load_decoder(dir, torch::kCPU);
    const auto a = decode_reasoning(*r.decoder, *lm.tokenizer, lat.slice(0, 0, 2), 24);
    const auto b = decode_reasoning(*loaded.decoder, *loaded.tokenizer, lat.slice(0, 0, 2), 24);
    QCOMPARE(a, b);
    QCOMPARE(loaded.summary["note"].get<std::string>(), std::string("test"));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, load_decoder(dir / "missing", torch::kCPU));
    std::filesystem::remove_all(dir);
}

void TestDecoder::plantedTokensDecodeWhileRandomControlDoesNot() {
    // Latents: bit i of the reasoning's code as +-1 in dimension i, plus small noise in 8 more
    // dimensions; the reasoning is a function of the latents and vice versa.
    Rng rng(3);
    auto make = [&](int64_t n, std::vector<std::string>& text, std::vector<int>& codes) {
        auto lat = at::randn({n, 2, 11}, torch::kFloat32) * 0.05;
        for (int64_t i = 0; i < n; ++i) {
            const int code = int(rng.below(8));
            codes.push_back(code);
            text.push_back(planted_reasoning(code));
            for (int b = 0; b < 3; ++b) lat[i][0][b] = ((code >> b) & 1) ? 1.0 : -1.0;
        }
        return lat;
    };
    torch::manual_seed(0);
    std::vector<std::string> train_text, test_text;
    std::vector<int> train_codes, test_codes;
    const auto train_lat = make(96, train_text, train_codes);
    const auto test_lat = make(24, test_text, test_codes);
    double step_exact[2] = {0, 0};
    for (int k = 0; k < 2; ++k) {
        const auto cond = k == 0 ? DecoderCondition::tokens : DecoderCondition::random;
        auto lm = shipped_student();
        DecoderTrainParams p;
        p.config.condition = condition_name(cond);
        p.epochs = 12;
        p.batch_size = 16;
        p.lr = 3e-3;
        auto r = train_decoder(lm.model, *lm.tokenizer, condition_latents(train_lat, cond, 1),
                               train_text, {}, {}, p);
        const auto got =
            decode_reasoning(*r.decoder, *lm.tokenizer, condition_latents(test_lat, cond, 2), 64);
        std::vector<DecodedExample> ex;
        for (size_t i = 0; i < got.size(); ++i)
            ex.push_back(score_decoded(int64_t(i), "A coin is heads up.", test_text[i],
                                       __builtin_popcount(test_codes[i]) % 2 ? "no" : "yes", got[i],
                                       "", Scorer{AnswerKind::yesno}));
        step_exact[k] = summarize(ex).step_exact;
        qInfo("%s: step exact %.3f, coin state %.3f, first: %s", condition_name(cond).c_str(),
              step_exact[k], summarize(ex).coin_state, got[0].c_str());
    }
    QVERIFY2(step_exact[0] >= 0.9, std::to_string(step_exact[0]).c_str());
    QVERIFY2(step_exact[1] <= 0.6, std::to_string(step_exact[1]).c_str());
}

void TestDecoder::teacherPrefixJobLeavesEveryModelAsItWas() {
    auto run = load_run(test_paths::shipped_run(), torch::kCPU);
    auto ctx = run.inference_context();
    auto weight = [](torch::nn::Module& m) {
        double sum = 0;
        for (const auto& p : m.parameters()) sum += p.to(torch::kDouble).abs().sum().item<double>();
        return sum;
    };
    const double generator = weight(*run.generator), teacher = weight(*run.teacher.model);
    const auto dir = std::filesystem::temp_directory_path() / "semcot_test_decoder_job";
    std::filesystem::remove_all(dir);
    DecoderJobParams p;
    p.out = dir;
    p.conditions = {DecoderCondition::tokens, DecoderCondition::none};
    p.train.config.lm = "teacher";
    p.train.epochs = 1;
    p.train.batch_size = 16;
    p.limit_train = 32;
    p.limit_test = 6;
    p.max_new_tokens = 16;
    const auto ev = run_decoder_job(run, ctx, p);
    QCOMPARE(ev.conditions.size(), size_t(2));
    QCOMPARE(ev.lm, std::string("teacher"));
    QCOMPARE(ev.conditions[1].scores.n, int64_t(6));
    QVERIFY(ev.conditions[0].training["steps"].get<int64_t>() == 2);
    QVERIFY(!std::filesystem::exists(dir / kDecoderScoresFile)); // partial: not written
    QVERIFY(!std::filesystem::exists(dir / "lm"));               // the teacher is not copied
    QVERIFY(has_decoder(dir / "controls" / "none"));
    // The method's models are untouched, and the teacher decoder's LM is the frozen teacher.
    QCOMPARE(weight(*run.generator), generator);
    QCOMPARE(weight(*run.teacher.model), teacher);
    auto loaded = load_decoder(dir, torch::kCPU);
    QCOMPARE(weight(*loaded.decoder->lm()), teacher);
    std::filesystem::remove_all(dir);
}

QTEST_APPLESS_MAIN(TestDecoder)
#include "test_decoder.moc"
