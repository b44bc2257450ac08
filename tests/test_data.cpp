// Datasets: loading and validating the SemCoT JSON / JSON Lines format, the built-in task
// generators (determinism, golden first examples, independently checked answers), and splits.
#include "support/qtest_compat.h"

#include "common/error.h"
#include "common/platform.h"
#include "data/dataset.h"
#include "data/rng.h"
#include "data/splits.h"
#include "data/task_generators.h"

#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace semcot;
namespace fs = std::filesystem;

namespace {

fs::path tmp_file(const std::string& name) {
    return fs::path(test_paths::tmp_dir()) / name;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Loads `content` written to `name`; returns the FormatError message, or "" if none was thrown.
std::string load_error(const std::string& name, const std::string& content) {
    const fs::path path = tmp_file(name);
    write_file_atomic(path, content);
    try {
        load_examples(path);
    } catch (const FormatError& e) {
        return e.what();
    }
    return {};
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// Examples whose queries are their indices, so splits can be checked by identity.
std::vector<Example> numbered(std::size_t n) {
    std::vector<Example> examples(n);
    for (std::size_t i = 0; i < n; ++i) {
        examples[i].query = std::to_string(i);
        examples[i].answer = "a";
    }
    return examples;
}

std::vector<int> ids(const std::vector<Example>& examples) {
    std::vector<int> out;
    for (const Example& e : examples) out.push_back(std::stoi(e.query));
    return out;
}

} // namespace

class TestData final : public QObject {
    Q_OBJECT

private slots:
    void loadSharedDatasets();
    void loadJsonArray();
    void loadJsonLines();
    void malformedInputs();
    void missingFile();
    void saveRoundTrip();
    void findDatasetFiles();
    void rngIsStandardAndBounded();
    void generatorsDeterministic();
    void generatorsGoldenFirstExample();
    void coinflipAnswersCorrect();
    void arithmeticAnswersCorrect();
    void generatorOptionsValidated();
    void splitsDeterministicDisjointCovering();
    void splitsValidateFractions();
    void splitWithEvalFile();
};

void TestData::loadSharedDatasets() {
    const fs::path root = fs::path(test_paths::shared_dir()) / "datasets";
    if (!fs::is_directory(root)) QSKIP("shared datasets not present");
    struct Expected {
        const char* folder;
        std::size_t train, eval;
    };
    const Expected expected[] = {{"gsm8k", 800, 200},
                                 {"svamp", 700, 200},
                                 {"multiarith", 420, 180},
                                 {"commonsense_qa", 800, 200},
                                 {"coin_flip", 800, 200}};
    for (const Expected& e : expected) {
        const fs::path dir = root / e.folder;
        if (!fs::is_directory(dir)) continue;
        const DatasetFiles files = find_dataset_files(dir);
        QCOMPARE(files.train.filename().string(), std::string("train_42.json"));
        QCOMPARE(files.eval.filename().string(), std::string("eval_42.json"));
        const auto train = load_examples(files.train);
        const auto eval = load_examples(files.eval);
        QCOMPARE(train.size(), e.train);
        QCOMPARE(eval.size(), e.eval);
        for (const Example& x : train) {
            QVERIFY(!x.query.empty());
            QVERIFY(!x.answer.empty());
            QVERIFY(!x.reasoning.empty());
            QVERIFY(!x.condensed_reasoning.empty());
        }
        for (const Example& x : eval) QVERIFY(x.condensed_reasoning.empty());
    }
    const fs::path coin = root / "coin_flip" / "train_42.json";
    if (fs::exists(coin)) {
        const auto train = load_examples(coin);
        QVERIFY(contains(train[0].query, "A coin is heads up."));
        QVERIFY(train[0].answer == "yes" || train[0].answer == "no");
    }
}

void TestData::loadJsonArray() {
    const fs::path path = tmp_file("array.json");
    write_file_atomic(path, "\xEF\xBB\xBF [\n"
                            " {\"query\": \"Q1\", \"answer\": \"7\", \"reasoning\": \"r\",\n"
                            "  \"full_answer\": \"r\\n#### 7\", \"condensed_reasoning\": \"c\",\n"
                            "  \"extra\": 5},\n"
                            " {\"query\": \"Q2\", \"answer\": \"no\", \"reasoning\": null}\n"
                            "]\n");
    const auto examples = load_examples(path);
    QCOMPARE(examples.size(), std::size_t(2));
    QCOMPARE(examples[0].query, std::string("Q1"));
    QCOMPARE(examples[0].answer, std::string("7"));
    QCOMPARE(examples[0].reasoning, std::string("r"));
    QCOMPARE(examples[0].full_answer, std::string("r\n#### 7"));
    QCOMPARE(examples[0].condensed_reasoning, std::string("c"));
    QCOMPARE(examples[1].answer, std::string("no"));
    QVERIFY(examples[1].reasoning.empty());
}

void TestData::loadJsonLines() {
    const std::string lines = "{\"query\": \"Q1\", \"answer\": \"1\"}\n"
                              "\n"
                              "{\"query\": \"Q2\", \"answer\": \"2\"}\r\n";
    // By extension, and by the first character of a .json file.
    for (const char* name : {"lines.jsonl", "lines_detected.json"}) {
        const fs::path path = tmp_file(name);
        write_file_atomic(path, lines);
        const auto examples = load_examples(path);
        QCOMPARE(examples.size(), std::size_t(2));
        QCOMPARE(examples[1].query, std::string("Q2"));
        QCOMPARE(examples[1].answer, std::string("2"));
    }
    QCOMPARE(parse_examples(lines, "x", true).size(), std::size_t(2));
}

void TestData::malformedInputs() {
    struct Case {
        const char* name;                  // file name (extension picks the format)
        const char* content;               // file content
        std::vector<std::string> expected; // substrings of the message, besides the file name
    };
    const std::vector<Case> cases = {
        {"empty.json", "", {"empty file"}},
        {"blank.json", "  \n\t\n", {"empty file"}},
        {"empty_array.json", "[]", {"no records"}},
        {"number.json", "42", {"expected a JSON array", "number"}},
        {"string.json", "\"hello\"", {"expected a JSON array", "string"}},
        {"not_object.json",
         "[{\"query\": \"q\", \"answer\": \"a\"}, 3]",
         {"record 1", "expected an object", "number"}},
        {"no_query.json", "[{\"answer\": \"a\"}]", {"record 0", "field 'query'", "missing"}},
        {"no_answer.json",
         "[{\"query\": \"q\", \"answer\": \"a\"}, {\"query\": \"q\"}]",
         {"record 1", "field 'answer'", "missing"}},
        {"null_answer.json",
         "[{\"query\": \"q\", \"answer\": null}]",
         {"record 0", "field 'answer'", "missing"}},
        {"number_answer.json",
         "[{\"query\": \"q\", \"answer\": 18}]",
         {"record 0", "field 'answer'", "expected a string, got number"}},
        {"array_query.json",
         "[{\"query\": [\"q\"], \"answer\": \"a\"}]",
         {"record 0", "field 'query'", "expected a string, got array"}},
        {"bad_reasoning.json",
         "[{\"query\": \"q\", \"answer\": \"a\"},\n {\"query\": \"q\", \"answer\": \"a\"},\n"
         " {\"query\": \"q\", \"answer\": \"a\", \"reasoning\": 1.5}]",
         {"record 2", "field 'reasoning'", "expected a string, got number"}},
        {"bad_condensed.json",
         "[{\"query\": \"q\", \"answer\": \"a\", \"condensed_reasoning\": {}}]",
         {"record 0", "field 'condensed_reasoning'", "got object"}},
        {"bad_full.json",
         "[{\"query\": \"q\", \"answer\": \"a\", \"full_answer\": true}]",
         {"record 0", "field 'full_answer'", "got boolean"}},
        {"invalid.json",
         "[\n {\"query\": \"q\", \"answer\": \"a\"},\n {\"query\": q}\n]",
         {"invalid JSON", "line 3"}},
        {"truncated.json", "[{\"query\": \"q\", \"answer\": \"a\"}", {"invalid JSON"}},
        {"bad_line.jsonl",
         "{\"query\": \"q\", \"answer\": \"a\"}\n\n{\"query\": \"q\",\n",
         {"record 1", "line 3", "invalid JSON"}},
        {"line_array.jsonl",
         "{\"query\": \"q\", \"answer\": \"a\"}\n[1]\n",
         {"record 1", "line 2", "expected an object", "array"}},
        {"line_field.jsonl",
         "{\"query\": \"q\", \"answer\": \"a\"}\n{\"query\": \"q\"}\n",
         {"record 1", "line 2", "field 'answer'"}},
        {"empty.jsonl", "\n\n", {"empty file"}},
    };
    for (const Case& c : cases) {
        const std::string message = load_error(c.name, c.content);
        QVERIFY2(!message.empty(), (std::string(c.name) + ": no FormatError").c_str());
        std::vector<std::string> expected = c.expected;
        expected.push_back(tmp_file(c.name).string());
        for (const std::string& part : expected)
            QVERIFY2(contains(message, part),
                     (std::string(c.name) + ": '" + message + "' lacks '" + part + "'").c_str());
    }
}

void TestData::missingFile() {
    QVERIFY_THROWS_EXCEPTION(IoError, load_examples(tmp_file("does_not_exist.json")));
}

void TestData::saveRoundTrip() {
    std::vector<Example> examples = generate_task("arithmetic", 5, 3);
    examples[1].reasoning.clear();
    examples[1].condensed_reasoning.clear();
    examples[1].full_answer.clear();
    examples[2].query = "Unicode \xC3\xA9 and \"quotes\"\nand a newline";
    for (const char* name : {"round.json", "round.jsonl"}) {
        save_examples(tmp_file(name), examples);
        QVERIFY(load_examples(tmp_file(name)) == examples);
    }
    const std::string lines = serialize_examples(examples, true);
    QCOMPARE(split_lines(lines).size(), examples.size());
    QVERIFY(!contains(serialize_examples({examples[1]}), "condensed_reasoning"));
}

void TestData::findDatasetFiles() {
    const fs::path dir = tmp_file("dataset_dir");
    semcot::remove_tree(dir);
    fs::create_directories(dir);
    QVERIFY_THROWS_EXCEPTION(IoError, find_dataset_files(dir));
    QVERIFY_THROWS_EXCEPTION(IoError, find_dataset_files(dir / "missing"));
    write_file_atomic(dir / "train_7.jsonl", "{}");
    DatasetFiles files = find_dataset_files(dir);
    QCOMPARE(files.train.filename().string(), std::string("train_7.jsonl"));
    QVERIFY(files.eval.empty());
    write_file_atomic(dir / "eval_7.json", "[]");
    files = find_dataset_files(dir);
    QCOMPARE(files.eval.filename().string(), std::string("eval_7.json"));
}

void TestData::rngIsStandardAndBounded() {
    // The C++ standard fixes the 10000th output of a default-seeded mt19937_64.
    Rng standard(5489);
    std::uint64_t value = 0;
    for (int i = 0; i < 10000; ++i) value = standard.next();
    QCOMPARE(value, std::uint64_t(9981545732273789042ULL));
    Rng rng(7);
    std::vector<int> seen(6, 0);
    for (int i = 0; i < 6000; ++i) {
        const std::int64_t v = rng.range(-2, 3);
        QVERIFY(v >= -2 && v <= 3);
        ++seen[static_cast<std::size_t>(v + 2)];
    }
    for (int count : seen) QVERIFY(count > 800 && count < 1200);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, rng.below(0));
}

void TestData::generatorsDeterministic() {
    for (const std::string& task : task_names()) {
        const auto a = generate_task(task, 50, 1);
        const auto b = generate_task(task, 50, 1);
        const auto c = generate_task(task, 50, 2);
        QCOMPARE(a.size(), std::size_t(50));
        QVERIFY(a == b);
        QVERIFY(a != c);
        std::set<std::string> queries;
        for (const Example& e : a) queries.insert(e.query);
        QVERIFY(queries.size() > 25); // varied, not one question repeated
    }
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, generate_task("sudoku", 1, 1));
}

void TestData::generatorsGoldenFirstExample() {
    // Catches drift across platforms, compilers and refactors: change only on purpose.
    const Example coin = generate_task("coinflip", 1, 1).at(0);
    QCOMPARE(coin.query,
             std::string("A coin is heads up. Alice flips the coin. Grace does not flip the coin. "
                         "Irene flips the coin. Liam does not flip the coin. Is the "
                         "coin still heads up?"));
    QCOMPARE(coin.reasoning, std::string("Alice flips the coin, so it is now tails up.\n"
                                         "Grace does not flip the coin, so it is still tails up.\n"
                                         "Irene flips the coin, so it is now heads up.\n"
                                         "Liam does not flip the coin, so it is still heads up."));
    QCOMPARE(coin.condensed_reasoning, std::string("2 flips, even, so heads."));
    QCOMPARE(coin.answer, std::string("yes"));
    QCOMPARE(coin.full_answer, coin.reasoning + "\n#### " + coin.answer);
    const Example arith = generate_task("arithmetic", 1, 1).at(0);
    QCOMPARE(arith.query,
             std::string("Start with 3. Add 1. Add 7. Multiply by 3. Multiply by 2. Add 6. "
                         "What is the result?"));
    QCOMPARE(arith.reasoning,
             std::string("3 + 1 = 4\n4 + 7 = 11\n11 * 3 = 33\n33 * 2 = 66\n66 + 6 = 72"));
    QCOMPARE(arith.condensed_reasoning, std::string("(3 + 1 + 7) * 3 * 2 + 6 = 72."));
    QCOMPARE(arith.answer, std::string("72"));
}

void TestData::coinflipAnswersCorrect() {
    CoinFlipOptions options;
    options.count = 500;
    options.seed = 11;
    options.min_people = 3;
    options.max_people = 5;
    std::set<int> people_seen;
    for (const Example& e : generate_coinflip(options)) {
        // Re-derive the answer from the query alone: count the sentences that flip.
        const std::string prefix = "A coin is heads up. ", suffix = " Is the coin still heads up?";
        QVERIFY(e.query.rfind(prefix, 0) == 0);
        QVERIFY(e.query.size() > suffix.size() &&
                e.query.compare(e.query.size() - suffix.size(), suffix.size(), suffix) == 0);
        std::string body =
            e.query.substr(prefix.size(), e.query.size() - prefix.size() - suffix.size());
        int people = 0, flips = 0;
        std::set<std::string> names;
        std::istringstream sentences(body);
        for (std::string sentence; std::getline(sentences, sentence, '.');) {
            if (!sentence.empty() && sentence[0] == ' ') sentence.erase(0, 1);
            if (sentence.empty()) continue;
            const std::string name = sentence.substr(0, sentence.find(' '));
            const std::string rest = sentence.substr(name.size());
            QVERIFY2(rest == " flips the coin" || rest == " does not flip the coin",
                     sentence.c_str());
            flips += rest == " flips the coin";
            ++people;
            names.insert(name);
        }
        QCOMPARE(names.size(), std::size_t(people)); // distinct people
        QVERIFY(people >= 3 && people <= 5);
        people_seen.insert(people);
        QCOMPARE(e.answer, std::string(flips % 2 == 0 ? "yes" : "no"));
        QCOMPARE(split_lines(e.reasoning).size(), std::size_t(people));
        QVERIFY(contains(e.condensed_reasoning, std::to_string(flips) + " flip"));
    }
    QCOMPARE(people_seen.size(), std::size_t(3));
}

void TestData::arithmeticAnswersCorrect() {
    ArithmeticOptions options;
    options.count = 500;
    options.seed = 5;
    options.max_value = 50;
    for (const Example& e : generate_arithmetic(options)) {
        // Re-evaluate every reasoning line "a op b = c" and chain them.
        const auto lines = split_lines(e.reasoning);
        QVERIFY(lines.size() >= 2 && lines.size() <= 6);
        long long current = -1;
        std::string expected_query;
        for (const std::string& line : lines) {
            std::istringstream in(line);
            long long a = 0, b = 0, c = 0;
            char op = 0, eq = 0;
            QVERIFY2(static_cast<bool>(in >> a >> op >> b >> eq >> c) && eq == '=', line.c_str());
            if (current < 0) {
                QVERIFY(a >= 1 && a <= options.max_start);
                expected_query = "Start with " + std::to_string(a) + ".";
            }
            QVERIFY2(current < 0 || a == current, line.c_str());
            const long long value = op == '+' ? a + b : op == '-' ? a - b : a * b;
            QVERIFY2(op == '+' || op == '-' || op == '*', line.c_str());
            QCOMPARE(c, value);
            QVERIFY(value >= 0 && value <= options.max_value);
            expected_query += op == '+'   ? " Add " + std::to_string(b) + "."
                              : op == '-' ? " Subtract " + std::to_string(b) + "."
                                          : " Multiply by " + std::to_string(b) + ".";
            current = value;
        }
        QCOMPARE(e.query, expected_query + " What is the result?");
        QCOMPARE(e.answer, std::to_string(current));
        QVERIFY(contains(e.condensed_reasoning, "= " + e.answer + "."));
    }
}

void TestData::generatorOptionsValidated() {
    CoinFlipOptions coin;
    coin.min_people = 0;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, generate_coinflip(coin));
    coin.min_people = 5;
    coin.max_people = 4;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, generate_coinflip(coin));
    coin.max_people = 27;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, generate_coinflip(coin));
    ArithmeticOptions arith;
    arith.max_factor = 1;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, generate_arithmetic(arith));
    arith = ArithmeticOptions();
    arith.max_value = 5;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, generate_arithmetic(arith));
    arith.max_start = 1;
    arith.max_value = 1; // tight but valid: values alternate between 0 and 1
    arith.count = 20;
    for (const Example& e : generate_arithmetic(arith)) QVERIFY(e.answer == "0" || e.answer == "1");
}

void TestData::splitsDeterministicDisjointCovering() {
    const auto examples = numbered(100);
    SplitOptions options;
    options.seed = 3;
    const DatasetSplits a = split_examples(examples, options);
    QCOMPARE(a.test.size(), std::size_t(10));
    QCOMPARE(a.validation.size(), std::size_t(9)); // round(90 * 0.1)
    QCOMPARE(a.train.size(), std::size_t(81));
    std::set<int> all;
    for (const auto* split : {&a.train, &a.validation, &a.test}) {
        const auto v = ids(*split);
        QVERIFY(std::is_sorted(v.begin(), v.end())); // input order kept
        all.insert(v.begin(), v.end());
    }
    QCOMPARE(all.size(), std::size_t(100)); // disjoint and covering
    const DatasetSplits b = split_examples(examples, options);
    QVERIFY(a.train == b.train && a.validation == b.validation && a.test == b.test);
    options.seed = 4;
    const DatasetSplits c = split_examples(examples, options);
    QVERIFY(a.test != c.test);
    options.test_fraction = 0.0;
    options.validation_fraction = 0.0;
    QVERIFY(split_examples(examples, options).train == examples);
    QVERIFY(split_examples({}, SplitOptions()).train.empty());
}

void TestData::splitsValidateFractions() {
    const auto examples = numbered(10);
    SplitOptions options;
    options.test_fraction = 1.0;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, split_examples(examples, options));
    options.test_fraction = -0.1;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, split_examples(examples, options));
    options.test_fraction = 0.5;
    options.validation_fraction = 0.9; // 5 test, round(4.5) = 5 validation, none left
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, split_examples(examples, options));
}

void TestData::splitWithEvalFile() {
    const auto train = numbered(50);
    auto eval = numbered(7);
    for (Example& e : eval) e.answer = "eval";
    SplitOptions options;
    options.validation_fraction = 0.2;
    options.test_fraction = 0.5; // ignored: the eval file is the test split
    const DatasetSplits s = split_with_eval(train, eval, options);
    QVERIFY(s.test == eval);
    QCOMPARE(s.validation.size(), std::size_t(10));
    QCOMPARE(s.train.size(), std::size_t(40));
    std::set<int> all;
    for (int id : ids(s.train)) all.insert(id);
    for (int id : ids(s.validation)) all.insert(id);
    QCOMPARE(all.size(), std::size_t(50));
}

QTEST_APPLESS_MAIN(TestData)
#include "test_data.moc"
