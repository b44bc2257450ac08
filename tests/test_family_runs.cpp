// A micro SemCoT run for each model family (issue 14: "each family in the list generates,
// trains as teacher and student in a micro run, and saves"): Llama, Mistral, Qwen2 and Qwen3
// teacher and student folders with random weights and a byte-level BPE tokenizer.json (no
// tokenizer.model), written by tests/support/hf_tokenizer_fixture.h, with the three ways a
// Hugging Face tokenizer adds BOS (add_bos_token, the post-processor's template, none). Each run
// copies the teacher, gives the student <thought>, trains the sentence transformer and the
// contemplation generator, reloads, and answers one question through SemCoT's inference; with
// Qwen's padding rows (embedding larger than the tokenizer) also when the teacher generates
// only ids past the tokenizer.
#include "support/hf_tokenizer_fixture.h"
#include "support/model_families.h"
#include "support/qtest_compat.h"

#include "common/error.h"
#include "common/platform.h"
#include "data/task_generators.h"
#include "engine/checkpoint.h"
#include "eval/prompts.h"
#include "semcot/inference.h"
#include "semcot/preset.h"
#include "semcot/run.h"
#include "tokenizer/hf_tokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

using namespace semcot;
namespace fs = std::filesystem;
using nlohmann::json;
using test_tokenizers::BosRule;

namespace {

fs::path tmp(const std::string& name) {
    return fs::path(test_paths::tmp_dir()) / name;
}

// The coin-flip text a run reads (every prompt format of llama2_small, the condensed
// reasoning), over all 26 names: the fixture makes each of its words one token.
std::vector<std::string> coinflip_corpus() {
    CoinFlipOptions o;
    o.count = 300;
    o.seed = 3;
    o.min_people = 1;
    o.max_people = 8;
    const PromptTemplate t = default_prompt_template();
    std::vector<std::string> texts;
    for (const Example& e : generate_coinflip(o)) {
        for (auto format : {PromptFormat::direct, PromptFormat::cot}) {
            const TrainingPair p = make_training_pair(t, e, format);
            texts.push_back(p.prompt + p.target);
        }
        texts.push_back(e.condensed_reasoning);
    }
    return texts;
}

const char* const kQuestion = "A coin is heads up. Alice flips the coin. Bob does not flip the "
                              "coin. Is the coin still heads up?";

// One family's folders: which test_families config, how its tokenizer adds BOS, and how many
// embedding rows past the tokenizer (Qwen's embedding is larger than its tokenizer).
struct FamilyCase {
    const char* family; // tests/support/model_families.h
    BosRule bos_rule;
    std::string bos, eos;
    int64_t padding_rows;
};

FamilyCase family_case(const std::string& name) {
    if (name == "llama")
        return {"llama3", BosRule::config, "<|begin_of_text|>", "<|end_of_text|>", 0};
    if (name == "mistral") return {"mistral_window", BosRule::template_, "<s>", "</s>", 0};
    if (name == "qwen2") return {"qwen2", BosRule::none, "", "<|endoftext|>", 5};
    if (name == "qwen3") return {"qwen3", BosRule::none, "", "<|endoftext|>", 7};
    throw InvalidArgument("no family case '" + name + "'");
}

// A random model of `family` (with `sizes`) for `tok`, saved with it as a Hugging Face folder.
ModelConfig save_random_model(const fs::path& folder, const FamilyCase& c, const json& sizes,
                              const Tokenizer& tok, uint64_t seed) {
    json overrides = sizes;
    overrides["vocab_size"] = tok.vocab_size() + c.padding_rows;
    overrides["max_position_embeddings"] = 256;
    overrides["eos_token_id"] = tok.eos_id();
    // Qwen's config.json names <|endoftext|> as bos_token_id too, though no BOS is added.
    overrides["bos_token_id"] = tok.bos_id() >= 0 ? tok.bos_id() : tok.eos_id();
    const ModelConfig config =
        ModelConfig::from_json(test_families::family_config(c.family, overrides), c.family);
    LlamaModel model(config);
    model->init_weights(seed);
    remove_tree(folder);
    save_model_folder(folder, *model, &tok);
    return config;
}

fs::path write_preset(const std::string& name, const fs::path& teacher, const fs::path& student) {
    const json stage = {{"lr", 1e-3}, {"weight_decay", 0.0}, {"epochs", 1}};
    const json p = {
        {"task", "coinflip"},
        {"examples", 40},
        {"min_people", 2},
        {"max_people", 3},
        {"teacher_model", teacher.string()},
        {"student_model", student.string()},
        {"sentence_transformer",
         {{"start_layer", 1}, {"end_layer", 3}, {"output_dim", 16}, {"pooling", "mean"}}},
        {"contemplation", {{"k_train", 2}, {"k_infer", 1}, {"slice", "ours"}}},
        {"semcot",
         {{"st_stage1", stage},
          {"st_stage2", stage},
          {"cg_stage1", stage},
          {"cg_stage2", stage},
          {"batch_size", 8},
          {"max_length", 96},
          {"alpha", 0.5}}}};
    const fs::path path = tmp("family_run_" + name + ".json");
    write_file_atomic(path, p.dump(2));
    return path;
}

// Makes every argmax of `model` a row past the tokenizer's `tokens` (two padding rows are
// needed): the final norm keeps only feature 0 of the hidden state, and only the first two
// padding rows read it, with opposite signs.
void emit_only_padding(LlamaModelImpl& model, int64_t tokens) {
    torch::NoGradGuard ng;
    torch::Tensor head; // [V, D]
    for (auto& [key, w] : model.named_weights()) {
        if (key == "model.norm.weight") {
            w.zero_();
            w[0] = 1.0;
        }
        if (key == "lm_head.weight" ||
            (key == "model.embed_tokens.weight" && model.config().tie_word_embeddings))
            head = w;
    }
    head.select(1, 0).zero_();
    head[tokens][0] = 1.0;
    head[tokens + 1][0] = -1.0;
}

bool has_stage(const json& info, const std::string& stage) {
    const json& done = info["stages_done"];
    return std::find(done.begin(), done.end(), stage) != done.end();
}

// Every "*loss*" number in run.json's summary, by stage.
void check_losses_finite(const json& summary, const std::string& family) {
    int64_t losses = 0;
    for (const auto& [stage, values] : summary.items())
        for (const auto& [key, value] : values.items())
            if (key.find("loss") != std::string::npos) {
                ++losses;
                const std::string what = family + ": summary." + stage + "." + key;
                QVERIFY2(value.is_number() && std::isfinite(value.get<double>()), what.c_str());
            }
    QVERIFY2(losses >= 2, (family + ": " + summary.dump()).c_str()); // st and cg at least
}

void run_family(const std::string& name) {
    const FamilyCase c = family_case(name);
    const fs::path root = tmp("family_run_" + name);
    remove_tree(root);
    test_tokenizers::ByteLevelBpeSpec spec;
    spec.corpus = coinflip_corpus();
    spec.bos = c.bos;
    spec.eos = c.eos;
    spec.bos_rule = c.bos_rule;
    test_tokenizers::write_byte_level_bpe(root / "tokenizer", spec);
    auto tok = HfTokenizer::load(root / "tokenizer" / "tokenizer.json");
    QCOMPARE(tok->add_bos(), c.bos_rule != BosRule::none);

    const fs::path teacher_dir = root / "teacher", student_dir = root / "student";
    save_random_model(teacher_dir, c,
                      {{"hidden_size", 64}, {"intermediate_size", 128}, {"num_hidden_layers", 4}},
                      *tok, /*seed=*/21);
    const ModelConfig student_config = save_random_model(
        student_dir, c, {{"hidden_size", 32}, {"intermediate_size", 64}, {"num_hidden_layers", 2}},
        *tok,
        /*seed=*/22);
    QVERIFY(fs::exists(teacher_dir / "tokenizer.json") &&
            !fs::exists(teacher_dir / "tokenizer.model"));

    TrainRunParams p;
    p.preset = load_preset(write_preset(name, teacher_dir, student_dir).string());
    p.out = root / "run";
    std::vector<std::string> stages;
    train_run(p, [&](const TrainProgress& r) {
        if (stages.empty() || stages.back() != r.stage) stages.push_back(r.stage);
        return true;
    });

    const json info = json::parse(read_file(p.out / "run.json"));
    QCOMPARE(info["status"].get<std::string>(), std::string("done"));
    for (const char* stage : {"teacher", "student", "st", "cg"})
        QVERIFY2(has_stage(info, stage), (name + ": " + stage).c_str());
    check_losses_finite(info["summary"], name);

    // The student's tokenizer: tokenizer.json with <thought> as an added token, the id the
    // generator was trained with, inside the student's embedding.
    const fs::path student_tok = p.out / "student_tokenizer" / "tokenizer.json";
    QVERIFY2(fs::exists(student_tok), student_tok.c_str());
    int64_t thought = -1;
    const json saved = json::parse(read_file(student_tok));
    for (const auto& a : saved["added_tokens"])
        if (a["content"] == "<thought>") thought = a["id"].get<int64_t>();
    const json cg = json::parse(read_file(p.out / "cg" / "contemplation.json"));
    QCOMPARE(cg["thought_id"].get<int64_t>(), thought);
    QCOMPARE(thought, int64_t(tok->vocab_size())); // the next id after the tokenizer's
    LoadOptions no_tok;
    no_tok.load_tokenizer = false;
    const LoadedModel student = load_model_folder(p.out / "student", no_tok);
    const int64_t rows = student.config.vocab_size;
    QVERIFY2(thought < rows, (name + ": <thought> " + std::to_string(thought) + " of " +
                              std::to_string(rows) + " rows")
                                 .c_str());
    // Padding rows take <thought>; without them the student grew by one row. Either way it is
    // the same family's model (biases, norms, window, head_dim) with the source's weights.
    QCOMPARE(rows, std::max(student_config.vocab_size, thought + 1));
    json grown = student_config.to_json();
    grown["vocab_size"] = rows;
    QVERIFY2(student.config.to_json() == grown, student.config.to_json().dump().c_str());
    const LoadedModel source = load_model_folder(student_dir, no_tok);
    const auto source_weights = source.model->named_weights();
    const auto student_weights = student.model->named_weights();
    for (size_t i = 0; i < source_weights.size(); ++i) {
        const auto& w = source_weights[i].second;
        QVERIFY2(torch::equal(student_weights[i].second.narrow(0, 0, w.size(0)), w),
                 (name + ": student " + source_weights[i].first).c_str());
    }

    // The run's teacher is the folder it came from: config, weights and tokenizer.
    const LoadedModel original = load_model_folder(teacher_dir);
    const LoadedModel copied = load_model_folder(p.out / "teacher");
    QVERIFY2(copied.config.to_json() == original.config.to_json(),
             (copied.config.to_json().dump() + " vs " + original.config.to_json().dump()).c_str());
    QCOMPARE(copied.tokenizer_file.filename().string(), std::string("tokenizer.json"));
    const auto a = original.model->named_weights(), b = copied.model->named_weights();
    QCOMPARE(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        QCOMPARE(a[i].first, b[i].first);
        QVERIFY2(torch::equal(a[i].second, b[i].second), (name + ": " + a[i].first).c_str());
    }
    QVERIFY(copied.tokenizer->encode(kQuestion) == tok->encode(kQuestion));
    QCOMPARE(copied.tokenizer->add_bos(), tok->add_bos());

    // One SemCoT answer from the reloaded run.
    auto run = load_run(p.out, torch::kCPU);
    QCOMPARE(run.student_tokenizer->piece_to_id("<thought>"), int(thought));
    // The reloaded tokenizers add BOS as the family's rule says, for the student's query and
    // the teacher's prompt alike.
    const auto test = run.split("test");
    QVERIFY(!test.empty());
    const bool bos = c.bos_rule != BosRule::none;
    const auto student_ids =
        student_query_ids(*run.student_tokenizer, run.prompts, test[0].query, 96);
    QCOMPARE(student_ids.front() == tok->bos_id(), bos);
    const auto teacher_ids =
        semcot_prompt_ids(*run.teacher.tokenizer, run.prompts, test[0].query, 96);
    QCOMPARE(teacher_ids.before.front() == tok->bos_id(), bos);
    QCOMPARE(int64_t(student_ids.size()),
             int64_t(tok->encode(build_implicit_prefix(run.prompts, test[0].query)).size()) +
                 (bos ? 1 : 0));
    InferenceContext ctx = run.inference_context();
    ctx.generation.max_new_tokens = 8;
    ctx.generation.stop_at_eos = false;
    const MethodResult r = run_method(ctx, Method::semcot, test[0].query, test[0].answer);
    QCOMPARE(r.new_tokens, int64_t(8));
    QVERIFY(r.scored);
    // A model whose embedding has rows past its tokenizer (Qwen's padding) can generate their
    // ids; they decode as nothing, as transformers' decode skips ids without a token.
    if (c.padding_rows >= 2) {
        emit_only_padding(*run.teacher.model, tok->vocab_size());
        for (Method m : {Method::semcot, Method::nocot}) {
            const MethodResult padded = run_method(ctx, m, test[0].query, test[0].answer);
            QCOMPARE(padded.new_tokens, int64_t(8));
            QCOMPARE(padded.output, std::string());
        }
    }
    std::printf("%s: vocab %d (+%lld rows), stages", name.c_str(), tok->vocab_size(),
                static_cast<long long>(c.padding_rows));
    for (const auto& s : stages) std::printf(" %s", s.c_str());
    std::printf("; SemCoT output '%s'\n", r.output.c_str());
}

} // namespace

class TestFamilyRuns final : public QObject {
    Q_OBJECT
private slots:
    void tokenizerFixtureMakesWordTokens();
    void llamaRun();
    void mistralRun();
    void qwen2Run();
    void qwen3Run();
};

// The fixture's tokenizer: one id per word of a coin-flip question, the text back on decode,
// BOS as each rule says.
void TestFamilyRuns::tokenizerFixtureMakesWordTokens() {
    const std::vector<std::pair<BosRule, std::string>> rules = {
        {BosRule::none, ""}, {BosRule::config, "<|begin_of_text|>"}, {BosRule::template_, "<s>"}};
    for (const auto& [rule, bos] : rules) {
        const fs::path folder = tmp("family_tokenizer_" + std::to_string(int(rule)));
        remove_tree(folder);
        test_tokenizers::ByteLevelBpeSpec spec;
        spec.corpus = coinflip_corpus();
        spec.bos = bos;
        spec.bos_rule = rule;
        const int size = test_tokenizers::write_byte_level_bpe(folder, spec);
        auto tok = HfTokenizer::load(folder / "tokenizer.json");
        QCOMPARE(tok->vocab_size(), size);
        QVERIFY(tok->vocab_size() > 256 && tok->vocab_size() < 1024);
        QCOMPARE(tok->eos_id(), tok->piece_to_id("<|endoftext|>"));
        QCOMPARE(tok->bos_id(), bos.empty() ? -1 : tok->piece_to_id(bos));
        QCOMPARE(tok->add_bos(), rule != BosRule::none);
        for (const std::string& text :
             {std::string(kQuestion), std::string("Question: ") + kQuestion + "\n Answer: yes",
              std::string("Zoe does not flip the coin, so it is still tails up.\n2 flips, even, "
                          "so heads.\nAnswer: no")}) {
            const auto ids = tok->encode(text);
            QCOMPARE(int64_t(ids.size()), int64_t(test_tokenizers::gpt2_pieces(text).size()));
            QCOMPARE(tok->decode(ids), text);
        }
        // " flips" is one token, built prefix by prefix; an unseen word falls back to bytes.
        const std::string space = "\xC4\xA0"; // Ġ
        QVERIFY(tok->encode(" flips").size() == 1);
        QCOMPARE(tok->id_to_piece(tok->encode(" flips")[0]), space + "flips");
        const json merges = json::parse(read_file(folder / "tokenizer.json"))["model"]["merges"];
        for (const std::string& m : {space + " f", space + "f l", space + "fl i", space + "fli p"})
            QVERIFY2(std::find(merges.begin(), merges.end(), json(m)) != merges.end(), m.c_str());
        QCOMPARE(tok->decode(tok->encode(" Xylophone!")), std::string(" Xylophone!"));
        // <thought> joins added_tokens, is saved and read back with the next id.
        const int thought = tok->add_special_token("<thought>");
        QCOMPARE(thought, size);
        tok->save(folder / "saved");
        auto back = HfTokenizer::load(folder / "saved" / "tokenizer.json");
        QCOMPARE(back->piece_to_id("<thought>"), thought);
        QCOMPARE(back->encode("Question:<thought>").back(), thought);
        QCOMPARE(back->add_bos(), tok->add_bos());
    }
}

void TestFamilyRuns::llamaRun() {
    run_family("llama");
}
void TestFamilyRuns::mistralRun() {
    run_family("mistral");
}
void TestFamilyRuns::qwen2Run() {
    run_family("qwen2");
}
void TestFamilyRuns::qwen3Run() {
    run_family("qwen3");
}

QTEST_APPLESS_MAIN(TestFamilyRuns)
#include "test_family_runs.moc"
