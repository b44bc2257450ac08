// The contemplation generator's recipe beyond the paper (issue 11): the per-epoch diagnostics
// file, the curriculum on the number of coin flips, the projection scaled to the teacher's
// embedding norm, the alignment target; their preset keys and errors; the paper's defaults.
#include "support/micro_preset.h"
#include "support/qtest_compat.h"

#include "common/error.h"
#include "common/platform.h"
#include "semcot/run.h"
#include "tokenizer/tokenizer.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

using namespace semcot;
namespace fs = std::filesystem;

namespace {

fs::path tmp(const std::string& name) {
    return fs::path(test_paths::tmp_dir()) / name;
}

// A preset small enough to train in seconds (4 to 6 people, as the tiny task).
nlohmann::json micro_preset() {
    return test_presets::micro_preset(
        640, {{"over_long", "skip"}, // a 320-piece tokenizer makes questions up to ~600 long
              {"semcot", {{"cg_stage2", {{"epochs", 2}}}}}});
}

Preset preset_of(const nlohmann::json& j) {
    return preset_from_json(j, "micro", "micro preset");
}

std::vector<nlohmann::json> read_lines(const fs::path& path) {
    std::vector<nlohmann::json> out;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(nlohmann::json::parse(line));
    return out;
}

} // namespace

class TestCgRecipe final : public QObject {
    Q_OBJECT
private slots:
    void flipCount();
    void keysDefaultToThePaper();
    void badKeysNameTheKey();
    void diagnosticsAndCurriculum();
};

void TestCgRecipe::flipCount() {
    Example e;
    e.query = "A coin is heads up. Ann flips the coin. Bob does not flip the coin. Cid flips "
              "the coin. Is the coin still heads up?";
    QCOMPARE(flip_count(e), int64_t(2));
    e.query = "Start with 7. Add 5.";
    QCOMPARE(flip_count(e), int64_t(0));
}

void TestCgRecipe::keysDefaultToThePaper() {
    const SemcotTrainParams d;
    QVERIFY(d.flip_curriculum.empty());
    QCOMPARE(d.cg_init_norm_scale, 0.0);
    QCOMPARE(d.align_target, std::string("reasoning"));
    QCOMPARE(d.answer_tokens, std::string("separate"));
    // The paper's preset leaves every change off.
    const auto paper = load_preset("llama2-7b-sheared").semcot;
    QVERIFY(paper.flip_curriculum.empty());
    QCOMPARE(paper.cg_init_norm_scale, 0.0);
    QCOMPARE(paper.align_target, std::string("reasoning"));
    QCOMPARE(paper.answer_tokens, std::string("separate"));
    // Set, they round-trip through to_json.
    auto j = micro_preset();
    j["semcot"]["flip_curriculum"] = {1, 2, 3};
    j["semcot"]["cg_init_norm_scale"] = 1.5;
    j["semcot"]["align_target"] = "condensed";
    j["semcot"]["answer_tokens"] = "joint";
    const auto p = preset_of(j).semcot;
    QCOMPARE(p.flip_curriculum, (std::vector<int64_t>{1, 2, 3}));
    const auto back = SemcotTrainParams::from_json(p.to_json(), "round trip");
    QCOMPARE(back.flip_curriculum, p.flip_curriculum);
    QCOMPARE(back.cg_init_norm_scale, 1.5);
    QCOMPARE(back.align_target, std::string("condensed"));
    QCOMPARE(back.answer_tokens, std::string("joint"));
}

void TestCgRecipe::badKeysNameTheKey() {
    for (const auto& [key, value] :
         std::vector<std::pair<std::string, nlohmann::json>>{{"flip_curriculum", 3},
                                                             {"flip_curriculum", {1, -1}},
                                                             {"cg_init_norm_scale", -1.0},
                                                             {"align_target", "steps"},
                                                             {"answer_tokens", "both"}}) {
        auto j = micro_preset();
        j["semcot"][key] = value;
        try {
            preset_of(j);
            QFAIL(("accepted " + key + " = " + value.dump()).c_str());
        } catch (const FormatError& e) {
            QVERIFY2(std::string(e.what()).find(key) != std::string::npos, e.what());
        }
    }
}

void TestCgRecipe::diagnosticsAndCurriculum() {
    const fs::path out = tmp("cg_recipe_run");
    remove_tree(out);
    auto j = micro_preset();
    j["semcot"]["flip_curriculum"] = {1}; // cg2's first epoch: at most one flip
    j["semcot"]["cg_init_norm_scale"] = 1.0;
    TrainRunParams p;
    p.preset = preset_of(j);
    p.out = out;
    train_run(p);
    auto lines = read_lines(out / "cg_diagnostics.jsonl");
    QCOMPARE(int64_t(lines.size()), int64_t(4)); // init, cg1 (1 epoch), cg2 (2 epochs)
    // Scaled at init: the implicit tokens start at the teacher's embedding norm.
    QCOMPARE(lines[0]["stage"].get<std::string>(), std::string("init"));
    const double mean_norm =
        (lines[0]["implicit_norm"][0].get<double>() + lines[0]["implicit_norm"][1].get<double>()) /
        2;
    const double ratio = mean_norm / lines[0]["teacher_embedding_norm"].get<double>();
    QVERIFY2(ratio > 0.8 && ratio < 1.25, std::to_string(ratio).c_str());
    lines.erase(lines.begin());
    QCOMPARE(lines[0]["stage"].get<std::string>(), std::string("cg1"));
    const auto train = load_examples(out / "data/train.json");
    int64_t easy = 0;
    for (const auto& e : train) easy += flip_count(e) <= 1 ? 1 : 0;
    QCOMPARE(lines[0]["train_examples"].get<int64_t>(), int64_t(train.size()));
    QCOMPARE(lines[1]["train_examples"].get<int64_t>(), easy); // the curriculum's cap
    QCOMPARE(lines[2]["train_examples"].get<int64_t>(), int64_t(train.size()));
    for (const auto& l : lines) {
        QCOMPARE(int64_t(l["implicit_norm"].size()), int64_t(2)); // k = 2
        int64_t n = 0;
        for (const auto& b : l["val_by_flips"]) {
            n += b["n"].get<int64_t>();
            QVERIFY(b["accuracy"].get<double>() >= 0 && b["accuracy"].get<double>() <= 1);
        }
        QCOMPARE(n, int64_t(load_examples(out / "data/validation.json").size()));
        QVERIFY(l["teacher_embedding_norm"].get<double>() > 0);
    }
    // Joint answer tokens: what follows the answer prompt's tokens in the teacher's own
    // encoding; the separate encoding of " yes" starts with an extra word-boundary piece.
    auto tok = SentencePieceTokenizer::load(out / "tokenizer/tokenizer.model");
    const PromptTemplate prompts = find_prompt_template("llama2_small", models_dir() / "prompts");
    Example e = train.front();
    const auto head = tok->encode(implicit_answer_suffix(prompts));
    const auto full = tok->encode(implicit_answer_suffix(prompts) + " " + e.answer);
    const auto joint = cg_answer_ids(*tok, prompts, e, true);
    QCOMPARE(int64_t(joint.size()), int64_t(full.size() - head.size()));
    QVERIFY(std::equal(joint.begin(), joint.end(), full.begin() + std::ptrdiff_t(head.size())));
    // ... and they end the teacher's own training text for the direct format, as the separate
    // encoding does not.
    const auto pair = make_training_pair(prompts, e, PromptFormat::direct);
    const auto trained = tok->encode(pair.prompt + pair.target);
    QVERIFY(trained.size() > joint.size());
    QVERIFY(std::equal(joint.rbegin(), joint.rend(), trained.rbegin()));
    const auto separate = cg_answer_ids(*tok, prompts, e, false);
    QCOMPARE(int64_t(separate.size()), int64_t(tok->encode(" " + e.answer).size()));
    QVERIFY(separate.size() > trained.size() ||
            !std::equal(separate.rbegin(), separate.rend(), trained.rbegin()));
    // run.json records the changes (the preset as trained).
    const auto info = nlohmann::json::parse(read_file(out / "run.json"));
    QCOMPARE(info["preset"]["semcot"]["flip_curriculum"], nlohmann::json({1}));
    QCOMPARE(info["preset"]["semcot"]["cg_init_norm_scale"].get<double>(), 1.0);
}

QTEST_APPLESS_MAIN(TestCgRecipe)
#include "test_cg_recipe.moc"
