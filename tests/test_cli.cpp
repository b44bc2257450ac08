// The semcot executable: exit codes, stdout contents, one-line errors.
#include "support/qtest_compat.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <sys/wait.h>
#include <tuple>

#include <nlohmann/json.hpp>

#include <map>

#include "common/platform.h"
#include "engine/checkpoint.h"
#include "engine/lora.h"
#include "support/chain_model.h"
#include "support/hf_tokenizer_fixture.h"
#include "support/model_families.h"
#include "tokenizer/tokenizer.h"

#include <torch/version.h>

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

// The repository's shipped run and its tokenizer (byte fallback on, unk 0, bos 1, eos 2).
std::filesystem::path shipped_run() {
    return std::filesystem::path(test_paths::data_dir()).parent_path().parent_path() / "models" /
           "tiny-coinflip";
}

// A model folder whose greedy output after BOS is `chain` then 2 (see support/chain_model.h), with
// the shipped tokenizer; `eos` is config.json's eos_token_id list.
std::string chain_folder(const std::string& name, const std::vector<int64_t>& chain,
                         const std::vector<int64_t>& eos, int64_t padded_vocab = 0) {
    auto tok = semcot::SentencePieceTokenizer::load(shipped_run() / "tokenizer/tokenizer.model");
    semcot::ModelConfig c;
    c.hidden_size = 16;
    c.intermediate_size = 8;
    c.num_hidden_layers = 1;
    c.num_attention_heads = 2;
    c.num_key_value_heads = 2;
    c.vocab_size = std::max<int64_t>(tok->vocab_size(), padded_vocab);
    c.max_position_embeddings = 64;
    c.bos_token_id = 1;
    c.eos_token_ids = eos;
    std::vector<int64_t> full{1};
    full.insert(full.end(), chain.begin(), chain.end());
    full.push_back(2); // then EOS
    auto model = test_support::chain_model(c, full);
    const std::string folder = std::string(SEMCOT_TEST_TMP_DIR) + "/" + name;
    std::filesystem::remove_all(folder); // no generation_config.json of an earlier run
    semcot::save_model_folder(folder, *model, tok.get());
    return folder;
}

// Ids of byte-fallback pieces "<0xF0>" ... of `text` in the shipped tokenizer.
std::vector<int64_t> byte_ids(const std::string& text) {
    auto tok = semcot::SentencePieceTokenizer::load(shipped_run() / "tokenizer/tokenizer.model");
    std::vector<int64_t> ids;
    for (unsigned char c : text) {
        char piece[8];
        std::snprintf(piece, sizeof piece, "<0x%02X>", c);
        ids.push_back(tok->piece_to_id(piece));
    }
    return ids;
}

std::string decode(const std::vector<int64_t>& ids) {
    auto tok = semcot::SentencePieceTokenizer::load(shipped_run() / "tokenizer/tokenizer.model");
    return tok->decode(std::vector<int>(ids.begin(), ids.end()));
}

// A copy of the shipped run whose test answers are rewritten by `answer(i)` (so its scorer kind
// is number or choice).
std::string run_with_answers(const std::string& name,
                             const std::function<std::string(size_t)>& answer) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(SEMCOT_TEST_TMP_DIR) / name;
    fs::remove_all(dir);
    fs::copy(shipped_run(), dir, fs::copy_options::recursive);
    auto data = nlohmann::json::parse(semcot::read_file(dir / "data/test.json"));
    for (size_t i = 0; i < data.size(); ++i) data[i]["answer"] = answer(i);
    semcot::write_file_atomic(dir / "data/test.json", data.dump());
    return dir.string();
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
    void generateStreamsWholeCharacters();
    void generateStopsAtAnyEosId();
    void askExtractsEveryAnswerKind();
    void evalRecordsProvenanceAndRepeats();
    void evalWithoutCotHasNoSpeedup();
    void generateSkipsIdsWithoutToken();
    void misuseIsBadUsage();
    void modelWithTokenizerJson();
    void reportWithoutQt();
    void convertKeepsEveryFamily();
    void convertMergesALoraAdapter();
    void pauseBaselineTrainsAndEvaluates();
    void softcotBaselineTrainsAndEvaluates();
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

// On the shipped run's teacher (always in the repository), against its own tokenizer.
void TestCli::tokenizePrintsIdsWithoutBos() {
    const std::string teacher = (shipped_run() / "teacher").string();
    const std::string text = "A coin is heads up. Ann flips the coin.";
    auto r = run("tokenize --model " + teacher + " --text '" + text + "'");
    QCOMPARE(r.code, 0);
    auto tok = semcot::SentencePieceTokenizer::load(shipped_run() / "tokenizer/tokenizer.model");
    std::string want;
    for (const int id : tok->encode(text)) want += (want.empty() ? "" : " ") + std::to_string(id);
    QCOMPARE(r.out, want + "\n"); // exactly the tokenizer's ids: no BOS
}

// On the shipped run's teacher: 4 layers of hidden 128 (4 heads, 2 KV heads of 32), FFN 352,
// vocabulary 401, untied. Parameters: 2 x 401 x 128 (embedding, LM head) + 4 x (128 x 128 x 2
// (q, o) + 128 x 64 x 2 (k, v) + 3 x 128 x 352 + 2 x 128) + 128 = 841,088.
void TestCli::infoAndBench() {
    const std::string teacher = (shipped_run() / "teacher").string();
    auto r = run("info --model " + teacher);
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.find("num_key_value_heads:     2") != std::string::npos, r.out.c_str());
    QVERIFY2(r.out.find("841088") != std::string::npos, r.out.c_str());
    auto b = run("bench --model " + teacher +
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
    // The shipped run on its first four test questions (measured: CoT and SemCoT answer all
    // four, no-CoT three); each accuracy is its samples' share of correct answers.
    const std::map<std::string, double> measured = {{"cot", 1.0}, {"nocot", 0.75}, {"semcot", 1.0}};
    for (const char* m : {"cot", "nocot", "semcot"}) {
        const auto& s = j["methods"][m];
        QCOMPARE(s["n"].get<int64_t>(), int64_t(4));
        const double acc = s["accuracy"].get<double>();
        QCOMPARE(acc, measured.at(m));
        int64_t correct = 0;
        for (const auto& sample : j["samples"])
            if (sample["method"] == m) correct += sample["correct"].get<bool>() ? 1 : 0;
        QCOMPARE(acc, double(correct) / 4.0);
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

// Issue 10.1: byte-fallback tokens of "😀中" are printed as the 7 bytes of the text, not as
// seven U+FFFD; a multi-byte character between ordinary pieces and a sequence cut short by EOS
// print what decoding the whole output at once gives.
void TestCli::generateStreamsWholeCharacters() {
    const auto emoji = byte_ids("\xF0\x9F\x98\x80\xE4\xB8\xAD");
    auto r = run("generate --model " + chain_folder("stream_emoji", emoji, {2}) + " --device cpu");
    QVERIFY2(r.code == 0, r.err.c_str());
    QCOMPARE(r.out, std::string("\xF0\x9F\x98\x80\xE4\xB8\xAD"));
    QVERIFY(r.err.find("stopped at EOS") != std::string::npos);

    std::vector<int64_t> mixed{300, 301};
    for (int64_t id : byte_ids("\xC3\xA9\xE2\x82\xAC")) mixed.push_back(id); // é€
    mixed.push_back(302);
    r = run("generate --model " + chain_folder("stream_mixed", mixed, {2}) + " --device cpu");
    QVERIFY2(r.code == 0, r.err.c_str());
    QCOMPARE(r.out, decode(mixed));
    QVERIFY(r.out.find("\xC3\xA9\xE2\x82\xAC") != std::string::npos);

    const auto cut = byte_ids("\xF0\x9F"); // then EOS: the incomplete bytes decode as U+FFFD
    r = run("generate --model " + chain_folder("stream_cut", cut, {2}) + " --device cpu");
    QVERIFY2(r.code == 0, r.err.c_str());
    QCOMPARE(r.out, decode(cut));
}

// Issue 10.2: generation stops at any id of an eos_token_id list (config.json or, replacing it,
// generation_config.json), and info shows them all.
void TestCli::generateStopsAtAnyEosId() {
    const std::vector<int64_t> chain{300, 301, 259, 302, 303};
    const std::string folder = chain_folder("stop_list", chain, {2, 259});
    auto r = run("generate --model " + folder + " --device cpu");
    QVERIFY2(r.code == 0, r.err.c_str());
    QCOMPARE(r.out, decode({300, 301}));
    QVERIFY(r.err.find("stopped at EOS") != std::string::npos);
    auto info = run("info --model " + folder);
    QVERIFY2(info.out.find("eos (stop) token ids:    2, 259\n") != std::string::npos,
             info.out.c_str());
    // Without the list the same model runs past 259.
    r = run("generate --model " + chain_folder("stop_single", chain, {2}) + " --device cpu");
    QCOMPARE(r.out, decode(chain));
    // generation_config.json's list replaces config.json's (Llama 3's chat stop ids live there).
    semcot::write_file_atomic(std::filesystem::path(folder) / "generation_config.json",
                              "{\"bos_token_id\": 1, \"eos_token_id\": [2, 301]}");
    r = run("generate --model " + folder + " --device cpu");
    QCOMPARE(r.out, decode({300}));
    info = run("info --model " + folder);
    QVERIFY2(info.out.find("2, 301 (generation_config.json)") != std::string::npos,
             info.out.c_str());
    semcot::write_file_atomic(std::filesystem::path(folder) / "generation_config.json",
                              "{\"eos_token_id\": \"x\"}");
    r = run("generate --model " + folder + " --device cpu");
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.find("generation_config.json: key 'eos_token_id'") != std::string::npos,
             r.err.c_str());
}

// Issue 10.4: ask extracts the answer with no gold for number and choice runs too (it passed a
// made-up gold "yes" to the scorer and failed with exit 2).
void TestCli::askExtractsEveryAnswerKind() {
    const std::string question =
        "'A coin is heads up. Tom flips the coin. Is the coin still heads up?'";
    auto yesno = run("ask " + question);
    QVERIFY2(yesno.code == 0, yesno.err.c_str());
    QVERIFY2(yesno.out.find("answer: yes") != std::string::npos ||
                 yesno.out.find("answer: no") != std::string::npos,
             yesno.out.c_str());
    const std::string numbers =
        run_with_answers("ask_numbers", [](size_t i) { return std::to_string(i % 7); });
    auto number = run("ask --run " + numbers + " " + question);
    QVERIFY2(number.code == 0, number.err.c_str());
    QCOMPARE(int(std::count(number.out.begin(), number.out.end(), '\n') > 0), 1);
    QVERIFY2(number.out.find("  answer: ") != std::string::npos, number.out.c_str());
    QVERIFY2(number.err.find("gold") == std::string::npos, number.err.c_str());
    const std::string choices =
        run_with_answers("ask_choices", [](size_t i) { return std::string(1, char('A' + i % 5)); });
    auto choice = run("ask --run " + choices + " " + question);
    QVERIFY2(choice.code == 0, choice.err.c_str());
    QVERIFY2(choice.out.find("  answer: ") != std::string::npos, choice.out.c_str());
    // Answers whose kind cannot be told are a data error in the named file (exit 1), not bad
    // usage.
    for (const auto& [name, answer, record] :
         {std::tuple<std::string, std::function<std::string(size_t)>, std::string>{
              "ask_blank", [](size_t i) { return i == 0 ? std::string() : std::string("yes"); },
              "record 0"},
          {"ask_mixed", [](size_t i) { return i == 1 ? std::string("7") : std::string("no"); },
           "record 1"}}) {
        auto bad = run("ask --run " + run_with_answers(name, answer) + " " + question);
        QCOMPARE(bad.code, 1);
        QVERIFY2(bad.err.find("data/test.json: " + record) != std::string::npos, bad.err.c_str());
    }
}

// Issue 10.5: without CoT among the methods, speedup_vs_cot is null and the table shows "-".
void TestCli::evalWithoutCotHasNoSpeedup() {
    const std::string json = std::string(SEMCOT_TEST_TMP_DIR) + "/nocot_only.json";
    auto r = run("eval --run " + shipped_run().string() + " --methods nocot,semcot --n 3 --json " +
                 json);
    QVERIFY2(r.code == 0, r.err.c_str());
    auto j = nlohmann::json::parse(semcot::read_file(json));
    QVERIFY(j["methods"]["semcot"]["speedup_vs_cot"].is_null());
    QVERIFY(j["methods"]["nocot"]["speedup_vs_cot"].is_null());
    // The table's speed-up column holds "-" (it held "0.00x").
    const auto row = r.out.substr(r.out.find("\nsemcot"));
    QVERIFY2(row.find("x ") == std::string::npos, r.out.c_str());
    QVERIFY2(row.find(" - ") != std::string::npos, r.out.c_str());
}

// A model whose embedding is padded past its tokenizer may generate an id with no token: it is
// rendered as nothing (as Hugging Face's decode skips it), not an error mid-stream.
void TestCli::generateSkipsIdsWithoutToken() {
    auto tok = semcot::SentencePieceTokenizer::load(shipped_run() / "tokenizer/tokenizer.model");
    const int64_t beyond = tok->vocab_size() + 5;
    auto r = run("generate --model " +
                 chain_folder("padded_vocab", {300, beyond, 301}, {2}, tok->vocab_size() + 16) +
                 " --device cpu");
    QVERIFY2(r.code == 0, r.err.c_str());
    QCOMPARE(r.out, decode({300, 301}));
}

// Repeated methods or runs would be counted twice; an empty question, a non-finite temperature
// and float16 on this CPU LibTorch are refused up front (exit 2, one line).
void TestCli::misuseIsBadUsage() {
    const std::string model = chain_folder("misuse", {300}, {2});
    for (const std::string& args :
         {std::string("eval --methods cot,cot --n 1"), std::string("eval --methods nocot,nocot"),
          "eval --run " + shipped_run().string() + " --run " + shipped_run().string() + "/ --n 1",
          std::string("ask ''"), std::string("ask '  '"),
          "generate --model " + model + " --temperature inf",
          "generate --model " + model + " --temperature nan",
          "generate --model " + model + " --temperature -1"}) {
        auto r = run(args);
        QVERIFY2(r.code == 2, (args + " exited " + std::to_string(r.code) + ": " + r.err).c_str());
        QVERIFY2(std::count(r.err.begin(), r.err.end(), '\n') <= 2 && r.err.size() < 300,
                 r.err.c_str());
    }
#if TORCH_VERSION_MAJOR < 2
    auto half = run("generate --model " + model + " --device cpu --dtype float16");
    QCOMPARE(half.code, 2);
    QVERIFY2(half.err.find("float16 is not supported on the CPU") != std::string::npos,
             half.err.c_str());
#endif
}

// A folder with Hugging Face's tokenizer.json and no tokenizer.model (Llama 3's real file, a
// hand-built model whose greedy output after <|begin_of_text|> is "Hello world", then
// <|eot_id|>, listed in generation_config.json).
void TestCli::modelWithTokenizerJson() {
    const std::filesystem::path shared_tok =
        std::filesystem::path(test_paths::shared_dir()) / "tokenizers/llama3";
    if (!std::filesystem::exists(shared_tok)) QSKIP("../shared/tokenizers not present");
    semcot::ModelConfig c;
    c.hidden_size = 8;
    c.intermediate_size = 8;
    c.num_hidden_layers = 1;
    c.num_attention_heads = 2;
    c.num_key_value_heads = 1;
    c.vocab_size = 128256;
    c.max_position_embeddings = 32;
    c.bos_token_id = 128000;
    c.eos_token_ids = {128001};
    auto model = test_support::chain_model(c, {128000, 9906, 1917, 128009});
    const std::filesystem::path dir = std::filesystem::path(SEMCOT_TEST_TMP_DIR) / "llama3_json";
    std::filesystem::remove_all(dir);
    semcot::save_model_folder(dir, *model);
    for (const char* f : {"tokenizer.json", "tokenizer_config.json"})
        std::filesystem::copy_file(shared_tok / f, dir / f);
    semcot::write_file_atomic(dir / "generation_config.json",
                              R"({"eos_token_id": [128001, 128008, 128009]})");
    auto r = run("generate --model " + dir.string() + " --device cpu");
    QVERIFY2(r.code == 0, r.err.c_str());
    QCOMPARE(r.out, std::string("Hello world"));
    QVERIFY(r.err.find("stopped at EOS") != std::string::npos);
    auto info = run("info --model " + dir.string());
    QVERIFY2(info.out.find("tokenizer.json (Hugging Face tokenizer.json (no tokenizer.model)") !=
                 std::string::npos,
             info.out.c_str());
    QVERIFY2(info.out.find("128001, 128008, 128009") != std::string::npos, info.out.c_str());
    auto ids = run("tokenize --model " + dir.string() + " --text 'Hello world'");
    QCOMPARE(ids.out, std::string("9906 1917\n"));
}

// `semcot report` (core/report, no Qt): the shipped run evaluated on 6 questions gives the
// HTML, JSON, CSV and SVG files, and report.json says there is no PDF in this build.
void TestCli::reportWithoutQt() {
    const std::string out = std::string(SEMCOT_TEST_TMP_DIR) + "/cli_report";
    std::filesystem::remove_all(out);
    auto r = run("report --run " + shipped_run().string() + " --n 6 --examples 1 --no-explain" +
                 " --out " + out);
    QVERIFY2(r.code == 0, r.err.c_str());
    for (const char* f : {"report.html", "report.json", "summary.csv", "samples.csv",
                          "accuracy.svg", "latency.svg"}) {
        QVERIFY2(std::filesystem::exists(out + "/" + f), f);
        QVERIFY2(r.out.find(f) != std::string::npos, r.out.c_str());
    }
    QVERIFY(!std::filesystem::exists(out + "/report.pdf"));
    QVERIFY(!std::filesystem::exists(out + "/accuracy.png"));
    const auto j = nlohmann::json::parse(semcot::read_file(out + "/report.json"));
    QVERIFY(j["pdf"].is_null());
    QCOMPARE(j["runs"].size(), size_t(1));
    // Six questions per method, one record each in samples.csv (outputs span lines).
    const auto& methods = j["runs"][0]["methods"];
    QVERIFY2(methods.size() >= 3, methods.dump().c_str());
    for (const auto& [name, m] : methods.items()) QCOMPARE(m["n"].get<int64_t>(), int64_t(6));
    const std::string samples = "\n" + semcot::read_file(out + "/samples.csv");
    size_t records = 0;
    for (size_t at = samples.find("\n\"tiny-coinflip\","); at != std::string::npos;
         at = samples.find("\n\"tiny-coinflip\",", at + 1))
        ++records;
    QCOMPARE(records, 6 * methods.size());
    QCOMPARE(run("report --out " + out).code, 2); // no --run
}

// `semcot convert` of every family (Llama with llama3 RoPE, tied embeddings and biases; linear
// and v5 rope_parameters; Mistral's window; Qwen2; Qwen3) with a tokenizer.json and a
// generation_config.json: the folder loads back with the same config, the same weights (equal;
// bfloat16: equal to the cast), the same token ids and the generation config copied.
void TestCli::convertKeepsEveryFamily() {
    namespace fs = std::filesystem;
    const fs::path root = fs::path(SEMCOT_TEST_TMP_DIR) / "convert_families";
    fs::remove_all(root);
    test_tokenizers::ByteLevelBpeSpec spec;
    spec.corpus = {"A coin is heads up. Alice flips the coin. Is the coin still heads up?"};
    const int tokens = test_tokenizers::write_byte_level_bpe(root / "tokenizer", spec);
    const std::string text = "Alice flips the coin, 3 times!";
    for (const auto& family : test_families::families()) {
        const fs::path in = root / family.name, out = root / (std::string(family.name) + "_out"),
                       bf16 = root / (std::string(family.name) + "_bf16");
        const auto config = semcot::ModelConfig::from_json(
            test_families::family_config(family.name, {{"vocab_size", tokens + 3}}), family.name);
        semcot::LlamaModel model(config);
        model->init_weights(5);
        auto tok = semcot::load_tokenizer(root / "tokenizer");
        semcot::save_model_folder(in, *model, tok.get());
        semcot::write_file_atomic(in / "generation_config.json",
                                  R"({"eos_token_id": [2, 3], "temperature": 0.6})");
        auto r = run("convert --model " + in.string() + " --out " + out.string());
        QVERIFY2(r.code == 0, r.err.c_str());
        r = run("convert --model " + in.string() + " --out " + bf16.string() + " --dtype bfloat16");
        QVERIFY2(r.code == 0, r.err.c_str());
        const auto a = semcot::load_model_folder(in), b = semcot::load_model_folder(out);
        semcot::LoadOptions as_bf16;
        as_bf16.dtype = torch::kBFloat16;
        const auto c = semcot::load_model_folder(bf16, as_bf16);
        QCOMPARE(b.config.to_json(), a.config.to_json());
        QCOMPARE(b.config.eos_token_ids, (std::vector<int64_t>{2, 3}));
        QCOMPARE(semcot::read_file(out / "generation_config.json"),
                 semcot::read_file(in / "generation_config.json"));
        auto weights = [](const semcot::LoadedModel& m) {
            std::map<std::string, torch::Tensor> w;
            for (const auto& [name, t] : m.model->named_weights()) w[name] = t;
            return w;
        };
        const auto wa = weights(a), wb = weights(b), wc = weights(c);
        QCOMPARE(wb.size(), wa.size());
        for (const auto& [name, t] : wa) {
            QVERIFY2(torch::equal(wb.at(name), t), (std::string(family.name) + " " + name).c_str());
            QVERIFY2(torch::equal(wc.at(name), t.to(torch::kBFloat16)), name.c_str());
        }
        QCOMPARE(b.tokenizer->encode(text), a.tokenizer->encode(text));
        QCOMPARE(b.tokenizer->add_bos(), a.tokenizer->add_bos());
    }
}

// `semcot convert --adapter`: a PEFT adapter merged into the weights gives a plain model folder
// with the adapted model's outputs.
void TestCli::convertMergesALoraAdapter() {
    namespace fs = std::filesystem;
    const fs::path root = fs::path(SEMCOT_TEST_TMP_DIR) / "convert_lora";
    fs::remove_all(root);
    test_tokenizers::ByteLevelBpeSpec spec;
    spec.corpus = {"A coin is heads up."};
    const int tokens = test_tokenizers::write_byte_level_bpe(root / "tokenizer", spec);
    const auto config = semcot::ModelConfig::from_json(
        test_families::family_config("qwen3", {{"vocab_size", tokens}}), "qwen3");
    semcot::LlamaModel model(config);
    model->init_weights(5);
    model->eval();
    auto tok = semcot::load_tokenizer(root / "tokenizer");
    semcot::save_model_folder(root / "base", *model, tok.get());
    semcot::LoraConfig lora;
    lora.r = 4;
    lora.target_modules = {"q_proj", "v_proj", "down_proj"};
    semcot::add_lora(*model, lora, 3);
    {
        torch::NoGradGuard ng;
        for (auto& [name, layer] : model->named_linear_layers())
            if (layer->lora_B.defined()) layer->lora_B.normal_(0.0, 0.05);
    }
    semcot::save_peft_adapter(root / "adapter", *model, lora, (root / "base").string());
    auto r = run("convert --model " + (root / "base").string() + " --adapter " +
                 (root / "adapter").string() + " --out " + (root / "merged").string());
    QVERIFY2(r.code == 0, r.err.c_str());
    QVERIFY2(r.err.find("merged the LoRA adapter") != std::string::npos, r.err.c_str());
    auto merged = semcot::load_model_folder(root / "merged");
    semcot::ForwardInput in;
    in.input_ids = at::tensor({1, 5, 9, 2}, torch::kInt64).view({1, 4});
    torch::NoGradGuard ng;
    const auto want = model->forward(in).logits, got = merged.model->forward(in).logits;
    QVERIFY(at::allclose(got, want, 1e-4, 1e-5));
    QVERIFY(!fs::exists(root / "merged" / "adapter_config.json"));
}

// Issue 15: `semcot train --method pause --base RUN` writes a method folder that `semcot eval
// --methods ...,pause --pause DIR` evaluates beside the run's own methods.
void TestCli::pauseBaselineTrainsAndEvaluates() {
    namespace fs = std::filesystem;
    const fs::path out = fs::path(SEMCOT_TEST_TMP_DIR) / "cli_pause";
    fs::remove_all(out);
    auto r = run("train --method pause --base " + shipped_run().string() + " --out " +
                 out.string() + " --baseline-epochs 1 --pause-tokens 2 --lora-r 4 --device cpu");
    QVERIFY2(r.code == 0, r.err.c_str());
    for (const char* f : {"method.json", "pause.safetensors", "adapter/adapter_config.json",
                          "adapter/adapter_model.safetensors"})
        QVERIFY2(fs::exists(out / f), f);
    const auto method = nlohmann::json::parse(semcot::read_file(out / "method.json"));
    QCOMPARE(method["pause"]["pause_tokens"].get<int64_t>(), int64_t(2));
    QCOMPARE(method["pause"]["lora"]["r"].get<int64_t>(), int64_t(4));
    QCOMPARE(method["pause"]["lora"]["lora_alpha"].get<double>(), 8.0);
    QVERIFY(method["provenance"]["command"].get<std::string>().find("--pause-tokens 2") !=
            std::string::npos);
    QVERIFY(method["summary"]["seconds"].get<double>() > 0);
    // A trained folder is not overwritten, nor one of another method.
    r = run("train --method pause --base " + shipped_run().string() + " --out " + out.string() +
            " --baseline-epochs 1 --device cpu");
    QVERIFY2(r.code == 2 && r.err.find("already holds a trained pause") != std::string::npos,
             r.err.c_str());
    r = run("train --method icot --base " + shipped_run().string() + " --out " + out.string() +
            " --baseline-epochs 1 --device cpu");
    QVERIFY2(r.code == 2 && r.err.find("holds a pause method folder") != std::string::npos,
             r.err.c_str());
    const std::string json = (fs::path(SEMCOT_TEST_TMP_DIR) / "cli_pause_eval.json").string();
    r = run("eval --run " + shipped_run().string() + " --methods nocot,pause --pause " +
            out.string() + " --n 10 --json " + json);
    QVERIFY2(r.code == 0, r.err.c_str());
    QVERIFY2(r.out.find("pause") != std::string::npos, r.out.c_str());
    const auto j = nlohmann::json::parse(semcot::read_file(json));
    QCOMPARE(j["methods"]["pause"]["n"].get<int64_t>(), int64_t(10));
    // ask puts the baseline beside explicit CoT, with its latent tokens.
    r = run("ask --method pause --method-folder " + out.string() +
            " 'A coin is heads up. Tom flips the coin. Is the coin still heads up?'");
    QVERIFY2(r.code == 0 && r.out.find("Pause (") != std::string::npos &&
                 r.out.find("latent tokens") != std::string::npos &&
                 r.out.find("Explicit CoT (") != std::string::npos,
             (r.out + r.err).c_str());
    // pause in --methods without its folder, or a folder without pause: bad usage.
    QCOMPARE(run("eval --run " + shipped_run().string() + " --methods pause --n 2").code, 2);
    QCOMPARE(run("eval --run " + shipped_run().string() + " --methods nocot --pause " +
                 out.string() + " --n 2")
                 .code,
             2);
    QCOMPARE(run("train --method pause --out " + out.string() + "_x").code, 2); // no --base
    // Another method's flag is refused, not ignored.
    r = run("train --method icot --base " + shipped_run().string() + " --pause-tokens 2 --out " +
            out.string() + "_x");
    QVERIFY2(r.code == 2 && r.err.find("--pause-tokens: is a setting of --method pause") !=
                                std::string::npos,
             r.err.c_str());
    // A generator-only run reuses the base run's data: the data flags are refused, not
    // recorded as if they had been applied.
    for (const char* flag : {"--examples 10", "--fit", "--fit-percentile 90"}) {
        r = run("train --base " + shipped_run().string() + " " + flag + " --out " +
                out.string() + "_data");
        QVERIFY2(r.code == 2 && r.err.find("has no effect with --base") != std::string::npos,
                 (std::string(flag) + ": " + r.err).c_str());
        QVERIFY(!std::filesystem::exists(out.string() + "_data"));
    }
    // The memory savers and the data flags of a SemCoT run are refused for a baseline, not
    // ignored.
    for (const char* flag : {"--micro-batch 4", "--examples 10", "--set {}"}) {
        r = run("train --method pause --base " + shipped_run().string() + " " + flag +
                " --out " + out.string() + "_data");
        QVERIFY2(r.code == 2 && r.err.find("not of --method pause") != std::string::npos,
                 (std::string(flag) + ": " + r.err).c_str());
    }
    // --set is a merge patch of the preset (what semcot plan prints): applied, so checked.
    r = run("train --preset tiny --set '{\"semcot\":{\"batch_size\":1}}' --out " +
            out.string() + "_data");
    QVERIFY2(r.code != 0 && r.err.find("'batch_size' must be at least 2") != std::string::npos,
             r.err.c_str());
    QVERIFY(!std::filesystem::exists(out.string() + "_data"));
    // A folder that is not a pause folder, or not an adapter: bad usage, said in one line.
    r = run("eval --run " + shipped_run().string() + " --methods pause --pause " +
            shipped_run().string() + " --n 2");
    QVERIFY2(r.code == 2 && r.err.find("not a pause method folder") != std::string::npos,
             r.err.c_str());
    QCOMPARE(run("convert --model " + (shipped_run() / "teacher").string() + " --adapter " +
                 (shipped_run() / "student").string() + " --out " + out.string() + "_y")
                 .code,
             2);
    // The pause folder itself is accepted as the adapter (its adapter/ is used).
    r = run("convert --model " + (shipped_run() / "teacher").string() + " --adapter " +
            out.string() + " --out " + out.string() + "_merged");
    QVERIFY2(r.code == 0, r.err.c_str());
}

// Issue 15: `semcot train --method softcot --base RUN` is a generator-only run that trains only
// the projection (assistant frozen) on the answer loss; `eval --softcot DIR` puts it beside.
void TestCli::softcotBaselineTrainsAndEvaluates() {
    namespace fs = std::filesystem;
    const fs::path out = fs::path(SEMCOT_TEST_TMP_DIR) / "cli_softcot";
    fs::remove_all(out);
    auto r = run("train --method softcot --base " + shipped_run().string() + " --out " +
                 out.string() + " --baseline-epochs 1 --device cpu");
    QVERIFY2(r.code == 0, r.err.c_str());
    const auto info = nlohmann::json::parse(semcot::read_file(out / "run.json"));
    QCOMPARE(info["method"].get<std::string>(), std::string("softcot"));
    QCOMPARE(info["preset"]["semcot"]["alpha"].get<double>(), 0.0);
    QCOMPARE(info["preset"]["semcot"]["cg_stage2"]["epochs"].get<int64_t>(), int64_t(0));
    // The assistant did not train: the generator's student is the student it started from.
    auto base = semcot::load_model_folder(out / "student", {torch::kCPU, torch::kFloat32, false});
    auto trained = semcot::load_model_folder(out / "cg/student", {torch::kCPU, torch::kFloat32, false});
    const auto wa = base.model->named_weights(), wb = trained.model->named_weights();
    QCOMPARE(wa.size(), wb.size());
    for (size_t i = 0; i < wa.size(); ++i)
        QVERIFY2(torch::equal(wa[i].second, wb[i].second), wa[i].first.c_str());
    const std::string json = (fs::path(SEMCOT_TEST_TMP_DIR) / "cli_softcot_eval.json").string();
    r = run("eval --run " + shipped_run().string() + " --methods semcot,softcot --softcot " +
            out.string() + " --n 10 --json " + json);
    QVERIFY2(r.code == 0, r.err.c_str());
    const auto j = nlohmann::json::parse(semcot::read_file(json));
    QCOMPARE(j["methods"]["softcot"]["n"].get<int64_t>(), int64_t(10));
    // A plain run is not a SoftCoT run.
    QCOMPARE(run("eval --run " + shipped_run().string() + " --methods softcot --softcot " +
                 shipped_run().string() + " --n 2")
                 .code,
             2);
}

// Issue 16 §4: the evaluation file records the command, the commit and the libraries; --repeat
// keeps every run's timing and reports their spread; compare and slice read the file.
void TestCli::evalRecordsProvenanceAndRepeats() {
    namespace fs = std::filesystem;
    const std::string json = (fs::path(SEMCOT_TEST_TMP_DIR) / "cli_provenance.json").string();
    auto r = run("eval --run " + shipped_run().string() + " --methods nocot,semcot --n 4 --repeat 3 --json " + json);
    QVERIFY2(r.code == 0, r.err.c_str());
    QVERIFY2(r.out.find("the median of 3 runs per question") != std::string::npos, r.out.c_str());
    const auto j = nlohmann::json::parse(semcot::read_file(json));
    const auto& p = j["provenance"];
    QVERIFY(p["command"].get<std::string>().find("eval --run") != std::string::npos);
    QVERIFY(p["command"].get<std::string>().find("--repeat 3") != std::string::npos);
    QVERIFY(!p["commit"].get<std::string>().empty());
    QVERIFY(p["libtorch"].get<std::string>().find('.') != std::string::npos);
    QVERIFY(p["threads"].get<int64_t>() >= 1);
    QCOMPARE(j["methods"]["semcot"]["repeat"].get<int64_t>(), int64_t(3));
    for (const auto& s : j["samples"]) {
        QCOMPARE(s["total_s_repeats"].size(), size_t(3));
        auto t = s["total_s_repeats"].get<std::vector<double>>();
        std::sort(t.begin(), t.end());
        QCOMPARE(s["total_s"].get<double>(), t[1]); // the median run's
    }
    r = run("compare --eval " + json + " --methods semcot,nocot");
    QVERIFY2(r.code == 0 && r.out.find("McNemar") != std::string::npos, (r.out + r.err).c_str());
    r = run("slice --eval " + json + " --method semcot --by feature:flips");
    QVERIFY2(r.code == 0 && r.out.find("semcot by feature:flips") != std::string::npos,
             (r.out + r.err).c_str());
    QCOMPARE(run("compare --eval " + json + " --methods semcot,codi").code, 2); // no codi in it
}

QTEST_APPLESS_MAIN(TestCli)
#include "test_cli.moc"
