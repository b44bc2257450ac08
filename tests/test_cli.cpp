// The semcot executable: exit codes, stdout contents, one-line errors.
#include "support/qtest_compat.h"

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "common/platform.h"

namespace {

struct Run {
    int code = -1;
    std::string out; // stdout
    std::string err; // stderr
};

Run run(const std::string& args) {
    const std::string err_file = std::string(SEMCOT_TEST_TMP_DIR) + "/cli_stderr.txt";
    const std::string cmd = std::string(SEMCOT_CLI) + " " + args + " 2>" + err_file;
    Run r;
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) return r;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
    const int status = pclose(pipe);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (FILE* f = fopen(err_file.c_str(), "r")) {
        while ((n = fread(buf.data(), 1, buf.size(), f)) > 0) r.err.append(buf.data(), n);
        fclose(f);
    }
    return r;
}

std::string stories() {
    return test_paths::shared_dir() + "/models/stories260K";
}
bool have_stories() {
    return std::filesystem::exists(stories() + "/model.safetensors");
}

} // namespace

class TestCli final : public QObject {
    Q_OBJECT
private slots:
    void helpExitsZero();
    void badUsageExitsTwo();
    void failureExitsOneWithOneLine();
    void generatePrintsOnlyTheContinuation();
    void tokenizePrintsIdsWithoutBos();
    void infoAndBench();
    void demoWritesTheDocumentedJson();
    void explainWritesTheDocumentedJson();
};

void TestCli::helpExitsZero() {
    for (const char* args :
         {"--help", "generate --help", "tokenize --help", "info --help", "bench --help"}) {
        auto r = run(args);
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.find("Usage") != std::string::npos ||
                r.out.find("usage") != std::string::npos ||
                r.out.find("OPTIONS") != std::string::npos);
    }
}

void TestCli::badUsageExitsTwo() {
    for (const char* args :
         {"", "frobnicate", "generate", "generate --model /nonexistent-dir",
          "generate --model . --dtype float64", "generate --model . --top-p 2"}) {
        auto r = run(args);
        QVERIFY2(r.code == 2, (std::string(args) + " exited " + std::to_string(r.code)).c_str());
        QVERIFY(!r.err.empty());
    }
}

void TestCli::failureExitsOneWithOneLine() {
    // A folder without config.json: a failure, not bad usage.
    auto r = run(std::string("info --model ") + SEMCOT_TEST_TMP_DIR);
    QCOMPARE(r.code, 1);
    QVERIFY(r.err.find("config.json") != std::string::npos);
    QCOMPARE(std::count(r.err.begin(), r.err.end(), '\n'), std::ptrdiff_t(1));
}

void TestCli::generatePrintsOnlyTheContinuation() {
    if (!have_stories()) QSKIP("../shared/models/stories260K not present");
    auto r = run("generate --model " + stories() + " --max-new-tokens 20 --device cpu");
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.rfind("Once upon a time, there was a little girl named Lily.", 0) == 0,
             r.out.c_str());
    QVERIFY(r.err.find("tok/s") != std::string::npos);
    auto p = run("generate --model " + stories() +
                 " --prompt 'Once upon a time' --max-new-tokens 8 --device cpu");
    QCOMPARE(p.code, 0);
    QVERIFY2(p.out.rfind(",", 0) == 0, p.out.c_str()); // continues after "time", no echo
    auto s1 = run("generate --model " + stories() +
                  " --temperature 1 --seed 5 --max-new-tokens 30 --device cpu");
    auto s2 = run("generate --model " + stories() +
                  " --temperature 1 --seed 5 --max-new-tokens 30 --device cpu");
    QCOMPARE(s1.out, s2.out);
}

void TestCli::tokenizePrintsIdsWithoutBos() {
    if (!have_stories()) QSKIP("../shared/models/stories260K not present");
    auto r = run("tokenize --model " + stories() + " --text 'Once upon a time'");
    QCOMPARE(r.code, 0);
    QVERIFY(!r.out.empty());
    QVERIFY(r.out.rfind("1 ", 0) != 0); // no BOS
    QVERIFY(r.out.back() == '\n');
}

void TestCli::infoAndBench() {
    if (!have_stories()) QSKIP("../shared/models/stories260K not present");
    auto r = run("info --model " + stories());
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.find("num_key_value_heads:     4") != std::string::npos);
    QVERIFY(r.out.find("260032") != std::string::npos);
    auto b = run("bench --model " + stories() +
                 " --prompt-tokens 16 --new-tokens 16 --repeats 2 --device cpu");
    QCOMPARE(b.code, 0);
    QVERIFY(b.out.find("decode:") != std::string::npos);
}

void TestCli::demoWritesTheDocumentedJson() {
    const std::string json = std::string(SEMCOT_TEST_TMP_DIR) + "/demo.json";
    auto r = run("demo --n 4 --json " + json);
    QVERIFY2(r.code == 0, r.err.c_str());
    QVERIFY(r.out.find("semcot") != std::string::npos);
    auto j = nlohmann::json::parse(semcot::read_file(json));
    for (const char* m : {"cot", "nocot", "semcot"}) {
        const auto& s = j["methods"][m];
        QCOMPARE(s["n"].get<int64_t>(), int64_t(4));
        const double acc = s["accuracy"].get<double>();
        QVERIFY(acc >= 0.0 && acc <= 1.0);
        QVERIFY(s["accuracy_ci95"][0].get<double>() <= acc &&
                acc <= s["accuracy_ci95"][1].get<double>());
        QVERIFY(s["mean_latency_s"].get<double>() > 0);
        QVERIFY(s.contains("median_latency_s"));
    }
    QCOMPARE(j["samples"].size(), size_t(12));
}

void TestCli::explainWritesTheDocumentedJson() {
    const std::string tmp = SEMCOT_TEST_TMP_DIR;
    auto r = run("explain --index 2 --no-generate --top-k 3 --bank-dir " + tmp +
                 "/cli_bank --json " + tmp + "/explain.json");
    QVERIFY2(r.code == 0, r.err.c_str());
    QVERIFY(r.out.find("not text the model generated") != std::string::npos);
    QVERIFY(r.out.find("Random-pair baseline") != std::string::npos);
    QVERIFY(r.out.find("Raw logit lens") != std::string::npos);
    auto j = nlohmann::json::parse(semcot::read_file(tmp + "/explain.json"));
    QCOMPARE(j["schema"].get<std::string>(), std::string("semcot.explain/1"));
    QVERIFY(j["gold"]["present"].get<bool>());
    const int64_t k = j["k"].get<int64_t>();
    QVERIFY(k > 0);
    QCOMPARE(int64_t(j["decoding"]["tokens"].size()), k);
    for (const auto& t : j["decoding"]["tokens"]) QCOMPARE(t["neighbours"].size(), size_t(3));
    const auto& gt = j["alignment"]["ground_truth"];
    QCOMPARE(gt["rows"].get<int64_t>(), k);
    QCOMPARE(int64_t(gt["cells"].size()), k * gt["cols"].get<int64_t>());
    // Neither a question nor --index: bad usage.
    QCOMPARE(run("explain --no-generate").code, 2);
}

QTEST_APPLESS_MAIN(TestCli)
#include "test_cli.moc"
