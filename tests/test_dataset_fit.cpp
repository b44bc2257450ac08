// Fitting a from-scratch preset to a dataset (issue 12): the length rule on known lengths,
// over-long examples skipped with their count or stopped before any model trains (never
// truncated), the preset keys and their errors, task features by dataset kind, dataset
// folders, and each of the paper's five datasets trained for a few micro steps (label slow,
// skipped without ../shared).
#include "support/micro_preset.h"
#include "support/qtest_compat.h"

#include "common/error.h"
#include "common/platform.h"
#include "data/task_features.h"
#include "semcot/dataset_fit.h"
#include "semcot/run.h"
#include "semcot/training_estimate.h"
#include "tokenizer/tokenizer.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

using namespace semcot;
namespace fs = std::filesystem;

namespace {

fs::path tmp(const std::string& name) {
    return fs::path(test_paths::tmp_dir()) / name;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// A preset small enough to train in seconds on any of the datasets.
nlohmann::json micro_preset() {
    return test_presets::micro_preset(
        128, {{"examples", 40},
              {"teacher", {{"max_position_embeddings", 128}}},
              {"student", {{"max_position_embeddings", 128}}},
              {"semcot", {{"batch_size", 16}, {"answer_tokens", "joint"}, {"alpha", nullptr}}}});
}

Preset preset_of(const nlohmann::json& j) {
    return preset_from_json(j, "micro", "micro preset");
}

// 60 short arithmetic examples and two whose reasoning is far longer than the rest.
fs::path planted_dataset() {
    nlohmann::json records = nlohmann::json::array();
    for (int i = 0; i < 60; ++i)
        records.push_back({{"query", "What is " + std::to_string(i) + " plus 2?"},
                           {"reasoning", std::to_string(i) + " + 2 = " + std::to_string(i + 2)},
                           {"condensed_reasoning", "add two"},
                           {"answer", std::to_string(i + 2)}});
    std::string long_reasoning;
    for (int i = 0; i < 60; ++i) long_reasoning += "Add one and one to get two again. ";
    for (int i = 0; i < 2; ++i)
        records.push_back({{"query", "What is the long answer number " + std::to_string(i) + "?"},
                           {"reasoning", long_reasoning},
                           {"condensed_reasoning", "two"},
                           {"answer", "LONGANSWER" + std::to_string(i)}});
    const fs::path file = tmp("planted_fit.json");
    write_file_atomic(file, records.dump());
    return file;
}

int64_t count_with_answer_prefix(const std::vector<Example>& data, const std::string& prefix) {
    int64_t n = 0;
    for (const auto& e : data) n += e.answer.rfind(prefix, 0) == 0 ? 1 : 0;
    return n;
}

} // namespace

class TestDatasetFit final : public QObject {
    Q_OBJECT
private slots:
    void lengthRuleOnKnownLengths();
    void vocabRule();
    void presetKeys();
    void taskFeatures();
    void overLongStopsBeforeTraining();
    void overLongSkippedAndCounted();
    void planAndEstimate();
    void overLongGeneratorInputsAreCounted();
    void missingCondensedStopsEarly();
    void skippingMostExamplesStops();
    void paperDatasetsTrain();
};

void TestDatasetFit::lengthRuleOnKnownLengths() {
    // Nearest rank, rounded up to a multiple of 8, capped.
    std::vector<int64_t> lengths;
    for (int64_t i = 1; i <= 100; ++i) lengths.push_back(i);
    QCOMPARE(fit_max_length(lengths, 99, 1024), int64_t(104)); // 99 -> 104
    QCOMPARE(fit_max_length(lengths, 100, 1024), int64_t(104)); // 100 -> 104
    QCOMPARE(fit_max_length(lengths, 50, 1024), int64_t(56));   // 50 -> 56
    QCOMPARE(fit_max_length(lengths, 99, 64), int64_t(64));     // capped
    QCOMPARE(fit_max_length({5, 300, 7}, 50, 1024), int64_t(8)); // order does not matter
    QCOMPARE(fit_max_length({16}, 1, 1024), int64_t(16));        // a multiple of 8 stays
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, fit_max_length({}, 99, 1024));
}

void TestDatasetFit::vocabRule() {
    std::vector<Example> few(1);
    few[0].query = "a b c";
    few[0].answer = "d";
    QCOMPARE(fit_vocab_size(few), int64_t(400)); // floor
    std::vector<Example> many(1);
    for (int i = 0; i < 4000; ++i) many[0].query += " w" + std::to_string(i);
    many[0].answer = "x";
    // 4001 distinct words -> a quarter is 1001 -> rounded up to 1024.
    QCOMPARE(fit_vocab_size(many), int64_t(1024));
    for (int i = 4000; i < 40000; ++i) many[0].query += " w" + std::to_string(i);
    QCOMPARE(fit_vocab_size(many), int64_t(4096)); // ceiling
}

void TestDatasetFit::presetKeys() {
    const Preset tiny = load_preset("tiny");
    QVERIFY(!tiny.fit.enabled);
    QCOMPARE(tiny.fit.over_long, std::string("skip")); // set in tiny.json: never stop a default run
    const Preset fit = load_preset("tiny-fit");
    QVERIFY(fit.fit.enabled);
    QCOMPARE(fit.fit.over_long, std::string("skip"));
    auto j = micro_preset();
    j["fit"] = nlohmann::json::object();
    QCOMPARE(preset_of(j).fit.over_long, std::string("skip")); // fitting skips by default
    j["over_long"] = "stop";
    QCOMPARE(preset_of(j).fit.over_long, std::string("stop"));
    for (const auto& [key, value] :
         std::vector<std::pair<std::string, nlohmann::json>>{{"over_long", "truncate"},
                                                             {"fit", 3},
                                                             {"fit", {{"percentile", 0}}},
                                                             {"fit", {{"percentile", "99"}}},
                                                             {"fit", {{"max_length_cap", 4}}}}) {
        auto bad = micro_preset();
        bad[key] = value;
        try {
            preset_of(bad);
            QFAIL(("accepted " + key + " = " + value.dump()).c_str());
        } catch (const FormatError& e) {
            QVERIFY2(contains(e.what(), key), e.what());
        }
    }
}

void TestDatasetFit::taskFeatures() {
    Example coin;
    coin.query = "A coin is heads up. Ann flips the coin. Bob does not flip the coin. Cid flips "
                 "the coin. Is the coin still heads up?";
    QCOMPARE(task_features(coin), (std::map<std::string, int64_t>{{"flips", 2}, {"people", 3}}));
    Example gsm;
    gsm.query = "Natalia sold clips...";
    gsm.reasoning = "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\n\nNatalia sold 48+24 = "
                    "<<48+24=72>>72 clips altogether.";
    QCOMPARE(task_features(gsm),
             (std::map<std::string, int64_t>{{"operations", 2}, {"steps", 2}}));
    Example svamp;
    svamp.query = "How big is each group?";
    svamp.reasoning = "we solve it by calculating ( 290.0 / 2.0 )";
    QCOMPARE(task_features(svamp), (std::map<std::string, int64_t>{{"operations", 1}}));
    Example chain;
    chain.query = "Start with 7. Add 5. Multiply by 2. What is the result?";
    chain.reasoning = "7 + 5 = 12\n12 * 2 = 24";
    QCOMPARE(task_features(chain), (std::map<std::string, int64_t>{{"operations", 2}}));
    Example chained;
    chained.query = "?";
    chained.reasoning = "1 + 2 + 3 = 6, and -3 alone is no operation";
    QCOMPARE(task_features(chained), (std::map<std::string, int64_t>{{"operations", 2}}));
    Example choice;
    choice.query = "Where do you keep a book?\nChoices:\nA. shelf\nB. oven";
    choice.reasoning = "A book goes on a shelf.";
    QVERIFY(task_features(choice).empty());
    // Features survive the run's data files.
    coin.answer = "yes";
    coin.features = task_features(coin);
    save_examples(tmp("features.json"), {coin});
    QCOMPARE(load_examples(tmp("features.json")).front().features, coin.features);
    write_file_atomic(tmp("bad_features.json"),
                      R"([{"query": "q", "answer": "a", "features": {"flips": "2"}}])");
    try {
        load_examples(tmp("bad_features.json"));
        QFAIL("accepted a feature that is not an integer");
    } catch (const FormatError& e) {
        QVERIFY2(contains(e.what(), "features.flips"), e.what());
    }
}

void TestDatasetFit::overLongStopsBeforeTraining() {
    auto j = micro_preset();
    j["over_long"] = "stop";
    TrainRunParams p;
    p.preset = preset_of(j);
    p.task = planted_dataset().string();
    p.out = tmp("fit_stop");
    remove_tree(p.out);
    try {
        train_run(p);
        QFAIL("trained with over-long examples and over_long: stop");
    } catch (const InvalidArgument& e) {
        QVERIFY2(contains(e.what(), "longer than max_length 128"), e.what());
        QVERIFY2(contains(e.what(), "over_long"), e.what());
    }
    // Stopped before any model trained, and the run says why.
    QVERIFY(!fs::exists(p.out / "teacher"));
    const auto info = nlohmann::json::parse(read_file(p.out / "run.json"));
    QCOMPARE(info["status"].get<std::string>(), std::string("failed"));
}

void TestDatasetFit::overLongSkippedAndCounted() {
    auto j = micro_preset();
    j["fit"] = {{"percentile", 90}};
    j["test_fraction"] = 0.0;
    j["examples"] = 1000; // the whole file
    TrainRunParams p;
    p.preset = preset_of(j);
    p.task = planted_dataset().string();
    p.out = tmp("fit_skip");
    remove_tree(p.out);
    std::vector<std::string> log;
    train_run(p, {}, [&](const std::string& s) { log.push_back(s); });
    const auto info = nlohmann::json::parse(read_file(p.out / "run.json"));
    const auto fit = DatasetFit::from_json(info["summary"]["fit"]);
    QVERIFY(fit.fitted);
    // The two long examples are the only ones left out, wherever the split put them.
    QCOMPARE(fit.skipped_train + fit.skipped_validation, int64_t(2));
    const auto skipped = load_examples(p.out / "data/skipped.json");
    QCOMPARE(count_with_answer_prefix(skipped, "LONGANSWER"), int64_t(2));
    const auto train = load_examples(p.out / "data/train.json");
    const auto validation = load_examples(p.out / "data/validation.json");
    QCOMPARE(count_with_answer_prefix(train, "LONGANSWER") +
                 count_with_answer_prefix(validation, "LONGANSWER"),
             int64_t(0));
    QCOMPARE(int64_t(train.size() + validation.size() + skipped.size()), int64_t(62));
    // Kept examples are whole: every one fits the fitted max_length, answer included.
    auto tok = SentencePieceTokenizer::load(p.out / "tokenizer/tokenizer.model");
    const PromptTemplate prompts = find_prompt_template("llama2_small", models_dir() / "prompts");
    for (const auto& e : train)
        QVERIFY(example_length(*tok, prompts, e, 2) <= fit.max_length);
    // The run trained with the fitted sizes, and run.json records them.
    QCOMPARE(info["preset"]["teacher_train"]["max_length"].get<int64_t>(), fit.max_length);
    QCOMPARE(info["preset"]["semcot"]["max_length"].get<int64_t>(), fit.max_length);
    QVERIFY(info["preset"]["teacher"]["max_position_embeddings"].get<int64_t>() >=
            fit.max_length + 64);
    QCOMPARE(info["status"].get<std::string>(), std::string("done"));
    bool logged = false;
    for (const auto& line : log) logged = logged || contains(line, "skipped");
    QVERIFY(logged);
}

void TestDatasetFit::planAndEstimate() {
    auto j = micro_preset();
    j["fit"] = {{"percentile", 90}};
    const Preset preset = preset_of(j);
    const DatasetFit fit = plan_dataset_fit(preset, planted_dataset().string(), 0);
    QVERIFY(fit.fitted);
    QCOMPARE(fit.over_long, std::string("skip"));
    QVERIFY(fit.skipped_train + fit.skipped_validation == 2);
    QVERIFY(fit.median_length <= fit.p90_length && fit.p90_length <= fit.longest);
    QVERIFY(contains(fit.describe(), "max_length " + std::to_string(fit.max_length)));
    const auto stages = estimate_training_time(fitted_preset(preset, fit), fit, torch::kCPU);
    QCOMPARE(int64_t(stages.size()), int64_t(4));
    for (const auto& s : stages) {
        QVERIFY2(s.steps > 0 && s.seconds > 0, s.stage.c_str());
    }
    // Teacher: ceil(2 x kept training examples / 16) steps for its one epoch.
    const int64_t kept = fit.train - fit.skipped_train;
    QCOMPARE(stages[0].steps, (2 * kept + 15) / 16);
    // A preset that loads its teacher has nothing to fit.
    auto hf = j;
    hf["teacher_model"] = "/nonexistent";
    hf["student_model"] = "/nonexistent";
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             plan_dataset_fit(preset_of(hf), planted_dataset().string(), 0));
}

void TestDatasetFit::missingCondensedStopsEarly() {
    write_file_atomic(tmp("no_condensed.json"),
                      R"([{"query": "1 + 1?", "reasoning": "1 + 1 = 2", "answer": "2"},
                          {"query": "2 + 1?", "reasoning": "2 + 1 = 3", "answer": "3"},
                          {"query": "3 + 1?", "reasoning": "3 + 1 = 4", "answer": "4"}])");
    auto j = micro_preset();
    j["test_fraction"] = 0.0;
    j["validation_fraction"] = 0.0;
    TrainRunParams p;
    p.preset = preset_of(j);
    p.task = tmp("no_condensed.json").string();
    p.out = tmp("fit_no_condensed");
    remove_tree(p.out);
    try {
        train_run(p);
        QFAIL("trained a sentence transformer without condensed reasoning");
    } catch (const InvalidArgument& e) {
        QVERIFY2(contains(e.what(), "3 of 3 training examples"), e.what());
        QVERIFY2(contains(e.what(), "--no-st"), e.what());
    }
    QVERIFY(!fs::exists(p.out / "tokenizer")); // before anything trained
}

// "skip" leaves out the few examples a fit cannot hold, not a dataset the preset was not sized
// for: 3 long examples of 20 (15%) stop the run, 1 of 60 (< 5%) is skipped.
void TestDatasetFit::skippingMostExamplesStops() {
    auto records = [](int n_short, int n_long) {
        nlohmann::json r = nlohmann::json::array();
        std::string long_reasoning;
        for (int i = 0; i < 60; ++i) long_reasoning += "Add one and one to get two again. ";
        for (int i = 0; i < n_short + n_long; ++i)
            r.push_back({{"query", "What is " + std::to_string(i) + " plus 2?"},
                         {"reasoning", i < n_short ? "add 2" : long_reasoning},
                         {"condensed_reasoning", "add two"},
                         {"answer", std::to_string(i + 2)}});
        return r;
    };
    auto j = micro_preset();
    j["over_long"] = "skip";
    j["test_fraction"] = 0.0;
    j["validation_fraction"] = 0.0;
    j["examples"] = 1000;
    const Preset preset = preset_of(j);
    write_file_atomic(tmp("mostly_long.json"), records(17, 3).dump());
    TrainRunParams p;
    p.preset = preset;
    p.task = tmp("mostly_long.json").string();
    p.out = tmp("fit_mostly_long");
    remove_tree(p.out);
    try {
        train_run(p);
        QFAIL("trained after skipping 15% of the examples");
    } catch (const InvalidArgument& e) {
        QVERIFY2(contains(e.what(), "3 of 20 training examples"), e.what());
        QVERIFY2(contains(e.what(), "--fit"), e.what());
    }
    QVERIFY(!fs::exists(p.out / "teacher"));
    // One in sixty is a few: planned as skipped, not refused.
    write_file_atomic(tmp("few_long.json"), records(59, 1).dump());
    const DatasetFit fit = plan_dataset_fit(preset, tmp("few_long.json").string(), 0);
    QCOMPARE(fit.skipped_train, int64_t(1));
}

void TestDatasetFit::paperDatasetsTrain() {
    const fs::path root = fs::path(test_paths::shared_dir()) / "datasets";
    if (!fs::exists(root)) QSKIP("../shared/datasets is absent");
    for (const char* name : {"gsm8k", "svamp", "multiarith", "commonsense_qa", "coin_flip"}) {
        auto j = micro_preset();
        // A 24-question sample gives a small tokenizer and long sequences: fitting the median
        // keeps the micro step short (a fit may skip up to 100 - percentile %).
        j["fit"] = {{"percentile", 50}};
        j["examples"] = 24; // a seeded sample of the training file
        TrainRunParams p;
        p.preset = preset_of(j);
        p.task = (root / name).string();
        p.out = tmp(std::string("fit_") + name);
        remove_tree(p.out);
        train_run(p);
        const auto info = nlohmann::json::parse(read_file(p.out / "run.json"));
        QVERIFY2(info["status"] == "done", name);
        // The folder's eval file is the test split, whole.
        const auto test = load_examples(p.out / "data/test.json");
        QCOMPARE(test.size(), find_dataset_files(root / name).eval.empty()
                                  ? test.size()
                                  : load_examples(find_dataset_files(root / name).eval).size());
        const auto fit = DatasetFit::from_json(info["summary"]["fit"]);
        QCOMPARE(fit.train + fit.validation, int64_t(24));
        QVERIFY2(fit.max_length <= 1024 && fit.max_length >= fit.median_length, name);
        // Features where the dataset has them.
        bool any_features = false;
        for (const auto& e : test) any_features = any_features || !e.features.empty();
        QCOMPARE(any_features, std::string(name) != "commonsense_qa");
    }
}

// Runs without the fit stage (model folders, a base run) count the examples whose generator
// input the SemCoT stages would cut, against example_lengths' own count.
void TestDatasetFit::overLongGeneratorInputsAreCounted() {
    const auto tok = load_tokenizer(models_dir() / "tiny-coinflip" / "tokenizer");
    const PromptTemplate prompts = default_prompt_template();
    std::vector<Example> examples;
    for (int people : {2, 4, 8, 16}) {
        Example e;
        for (int i = 0; i < people; ++i) e.query += "Alice flips the coin. ";
        e.query += "Is the coin still heads up?";
        e.reasoning = "Alice flips the coin, so it is now tails up.";
        e.answer = "yes";
        examples.push_back(e);
    }
    std::vector<int64_t> lengths;
    for (const auto& e : examples) lengths.push_back(example_lengths(*tok, prompts, e, 3).generator);
    QVERIFY(lengths[0] < lengths[3]);
    const int64_t max_length = lengths[1]; // the two longer ones do not fit
    const OverLong over = generator_over_long(*tok, prompts, examples, 3, max_length);
    QCOMPARE(over.count, int64_t(2));
    QCOMPARE(over.longest, lengths[3]);
    QCOMPARE(generator_over_long(*tok, prompts, examples, 3, lengths[3]).count, int64_t(0));
}

QTEST_APPLESS_MAIN(TestDatasetFit)
#include "test_dataset_fit.moc"
