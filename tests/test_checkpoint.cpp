// Hugging Face folders: save, reload, identical logits; every inconsistency between
// config.json, the weights and the tokenizer gives one clear error naming file and key/tensor.
#include "support/qtest_compat.h"
#include "support/shipped_run.h"

#include "common/error.h"
#include "common/platform.h"
#include "engine/checkpoint.h"
#include "io/safetensors.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <tuple>

using namespace semcot;
namespace fs = std::filesystem;

namespace {

ModelConfig small_config() {
    ModelConfig c;
    c.hidden_size = 16;
    c.intermediate_size = 24;
    c.num_hidden_layers = 2;
    c.num_attention_heads = 4;
    c.num_key_value_heads = 2;
    c.vocab_size = 600; // fits the shipped teacher's tokenizer (401)
    c.max_position_embeddings = 32;
    return c;
}

fs::path fresh_dir(const std::string& name) {
    fs::path dir = fs::path(test_paths::tmp_dir()) / ("checkpoint_" + name);
    semcot::remove_tree(dir);
    fs::create_directories(dir);
    return dir;
}

// Writes a random model of `config` into a fresh folder, without tokenizer.
fs::path saved_model(const std::string& name, const ModelConfig& config = small_config()) {
    LlamaModel m(config);
    m->init_weights(3);
    auto dir = fresh_dir(name);
    save_model_folder(dir, *m);
    return dir;
}

LoadOptions no_tokenizer() {
    LoadOptions o;
    o.load_tokenizer = false;
    return o;
}

// Runs `fn`, expects a FormatError whose message contains every string in `needles`.
template <typename Fn> std::string expect_format_error(Fn&& fn, std::vector<std::string> needles) {
    try {
        fn();
    } catch (const FormatError& e) {
        const std::string msg = e.what();
        for (const auto& n : needles)
            if (msg.find(n) == std::string::npos) return "message '" + msg + "' lacks '" + n + "'";
        return {};
    } catch (const std::exception& e) {
        return std::string("wrong exception type: ") + e.what();
    }
    return "no exception";
}

void edit_config(const fs::path& dir, const std::function<void(nlohmann::json&)>& edit) {
    auto j = nlohmann::json::parse(read_file(dir / "config.json"));
    edit(j);
    write_file_atomic(dir / "config.json", j.dump());
}

} // namespace

class TestCheckpoint final : public QObject {
    Q_OBJECT
private slots:
    void saveReloadGivesIdenticalLogits();
    void savedFolderUsesHuggingFaceNames();
    void saveInHalfPrecision();
    void configErrorsNameFileAndKey();
    void shapeDisagreeingWithConfig();
    void missingAndUnexpectedTensors();
    void configContradictingTheHeadersFailsAtOnce();
    void tokenizerLargerThanEmbedding();
    void tokenizerIsSavedBeside();
    void eosTokenIdLists();
};

void TestCheckpoint::saveReloadGivesIdenticalLogits() {
    LlamaModel m(small_config());
    m->init_weights(11, 0.3);
    auto dir = fresh_dir("roundtrip");
    save_model_folder(dir, *m);
    auto loaded = load_model_folder(dir, no_tokenizer());
    torch::NoGradGuard ng;
    ForwardInput in;
    in.input_ids = at::tensor(std::vector<int64_t>{1, 5, 77, 599, 3}).view({1, -1});
    QVERIFY(at::equal(m->forward(in).logits, loaded.model->forward(in).logits));
}

void TestCheckpoint::savedFolderUsesHuggingFaceNames() {
    auto dir = saved_model("names");
    auto file = safetensors::File::open(dir / "model.safetensors");
    QVERIFY(file.contains("model.embed_tokens.weight"));
    QVERIFY(file.contains("model.layers.1.self_attn.k_proj.weight"));
    QVERIFY(file.contains("model.layers.0.mlp.down_proj.weight"));
    QVERIFY(file.contains("model.layers.0.post_attention_layernorm.weight"));
    QVERIFY(file.contains("model.norm.weight"));
    QVERIFY(file.contains("lm_head.weight"));
    QCOMPARE(file.info("model.layers.1.self_attn.k_proj.weight").shape,
             (std::vector<int64_t>{8, 16}));
    auto cfg = nlohmann::json::parse(read_file(dir / "config.json"));
    QCOMPARE(cfg["architectures"][0].get<std::string>(), std::string("LlamaForCausalLM"));
    QCOMPARE(cfg["num_key_value_heads"].get<int>(), 2);
}

void TestCheckpoint::saveInHalfPrecision() {
    LlamaModel m(small_config());
    m->init_weights(5);
    auto dir = fresh_dir("bf16");
    save_model_folder(dir, *m, nullptr, torch::kBFloat16);
    auto file = safetensors::File::open(dir / "model.safetensors");
    QCOMPARE(file.info("model.norm.weight").dtype, torch::kBFloat16);
    LoadOptions o = no_tokenizer();
    o.dtype = torch::kFloat32;
    auto loaded = load_model_folder(dir, o);
    QCOMPARE(loaded.config.torch_dtype, std::string("bfloat16"));
    QVERIFY(at::allclose(loaded.model->named_weights()[0].second, m->named_weights()[0].second,
                         0.01, 1e-3));
}

void TestCheckpoint::configErrorsNameFileAndKey() {
    struct Case {
        std::string key;
        std::function<void(nlohmann::json&)> edit;
    };
    std::vector<Case> cases = {
        {"hidden_size", [](nlohmann::json& j) { j.erase("hidden_size"); }},
        {"num_hidden_layers", [](nlohmann::json& j) { j["num_hidden_layers"] = "two"; }},
        {"rms_norm_eps", [](nlohmann::json& j) { j["rms_norm_eps"] = "small"; }},
        {"tie_word_embeddings", [](nlohmann::json& j) { j["tie_word_embeddings"] = 3; }},
        {"num_key_value_heads", [](nlohmann::json& j) { j["num_key_value_heads"] = 3; }},
        {"model_type", [](nlohmann::json& j) { j["model_type"] = "gpt2"; }},
    };
    for (const auto& c : cases) {
        auto dir = saved_model("config_" + c.key);
        edit_config(dir, c.edit);
        const auto err = expect_format_error([&] { load_model_folder(dir, no_tokenizer()); },
                                             {"config.json", c.key});
        QVERIFY2(err.empty(), (c.key + ": " + err).c_str());
    }
    auto dir = saved_model("config_json");
    write_file_atomic(dir / "config.json", "{ not json");
    QVERIFY(expect_format_error([&] { load_model_folder(dir, no_tokenizer()); }, {"config.json"})
                .empty());
}

void TestCheckpoint::shapeDisagreeingWithConfig() {
    auto dir = saved_model("shape");
    edit_config(dir, [](nlohmann::json& j) { j["intermediate_size"] = 32; });
    const auto err =
        expect_format_error([&] { load_model_folder(dir, no_tokenizer()); },
                            {"model.safetensors", "gate_proj.weight", "[24, 16]", "[32, 16]"});
    QVERIFY2(err.empty(), err.c_str());
}

// Issue 14: a config.json that contradicts the checkpoint is refused from the headers, before
// anything is allocated: a vocabulary of 2^40 (256 TiB of embedding) or 10^9 layers (it hung)
// give one error naming the key and the shapes, at once; a declared context of 2^40 positions
// costs nothing (RoPE tables follow the positions used). On the shipped teacher.
void TestCheckpoint::configContradictingTheHeadersFailsAtOnce() {
    const std::vector<std::tuple<const char*, int64_t, std::vector<std::string>>> cases = {
        {"vocab_size", int64_t(1) << 40,
         {"keys vocab_size", "embed_tokens.weight", "[1099511627776, 128]", "[401, 128]"}},
        {"num_hidden_layers", 1'000'000'000, {"'num_hidden_layers' is 1000000000", "has 4 layers"}},
        {"hidden_size", 256, {"hidden_size", "embed_tokens.weight", "[401, 256]", "[401, 128]"}},
        {"num_key_value_heads", 4, {"num_key_value_heads", "k_proj.weight"}},
    };
    for (const auto& [key, value, parts] : cases) {
        const fs::path dir = fs::path(test_paths::tmp_dir()) / (std::string("headers_") + key);
        fs::remove_all(dir);
        fs::copy(test_paths::shipped_teacher(), dir, fs::copy_options::recursive);
        edit_config(dir, [&](nlohmann::json& j) { j[key] = value; });
        const auto start = std::chrono::steady_clock::now();
        const auto err = expect_format_error([&] { load_model_folder(dir); }, parts);
        QVERIFY2(err.empty(), err.c_str());
        QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    }
    const fs::path dir = fs::path(test_paths::tmp_dir()) / "headers_positions";
    fs::remove_all(dir);
    fs::copy(test_paths::shipped_teacher(), dir, fs::copy_options::recursive);
    edit_config(dir, [](nlohmann::json& j) { j["max_position_embeddings"] = int64_t(1) << 40; });
    auto m = load_model_folder(dir);
    QCOMPARE(m.config.max_position_embeddings, int64_t(1) << 40);
    ForwardInput in;
    in.input_ids = at::tensor({1, 5, 9}, torch::kInt64).view({1, 3});
    const auto logits = m.model->forward(in).logits;
    QCOMPARE(logits.size(2), int64_t(401));
}

void TestCheckpoint::missingAndUnexpectedTensors() {
    auto dir = saved_model("missing");
    {
        auto file = safetensors::File::open(dir / "model.safetensors");
        std::vector<std::pair<std::string, torch::Tensor>> kept;
        for (const auto& info : file.tensors())
            if (info.name != "model.layers.1.mlp.up_proj.weight")
                kept.emplace_back(info.name, file.tensor(info.name).clone());
        kept.emplace_back("model.layers.0.self_attn.rotary_emb.inv_freq",
                          at::ones({2})); // ignorable
        safetensors::save(dir / "model.safetensors", kept);
    }
    auto err = expect_format_error([&] { load_model_folder(dir, no_tokenizer()); },
                                   {"model.layers.1.mlp.up_proj.weight"});
    QVERIFY2(err.empty(), err.c_str());

    auto dir2 = saved_model("unexpected");
    {
        auto file = safetensors::File::open(dir2 / "model.safetensors");
        std::vector<std::pair<std::string, torch::Tensor>> all;
        for (const auto& info : file.tensors())
            all.emplace_back(info.name, file.tensor(info.name).clone());
        all.emplace_back("model.layers.7.mlp.up_proj.weight", at::ones({2}));
        safetensors::save(dir2 / "model.safetensors", all);
    }
    err = expect_format_error([&] { load_model_folder(dir2, no_tokenizer()); },
                              {"model.safetensors", "model.layers.7.mlp.up_proj.weight"});
    QVERIFY2(err.empty(), err.c_str());
}

// The shipped teacher's tokenizer (400 pieces + <thought>) beside a model of 100 rows: the
// error names the file and both sizes, the tokenizer's taken from the teacher's config.json.
void TestCheckpoint::tokenizerLargerThanEmbedding() {
    const fs::path teacher = test_paths::shipped_teacher();
    const int64_t tokens =
        nlohmann::json::parse(read_file(teacher / "config.json"))["vocab_size"].get<int64_t>();
    QCOMPARE(tokens, int64_t(401));
    ModelConfig c = small_config();
    c.vocab_size = 100;
    auto dir = saved_model("tokenizer_too_big", c);
    fs::copy_file(teacher / "tokenizer.model", dir / "tokenizer.model");
    fs::copy_file(teacher / "special_tokens.json", dir / "special_tokens.json");
    const auto err = expect_format_error([&] { load_model_folder(dir); },
                                         {(dir / "tokenizer.model").string(),
                                          "vocabulary of " + std::to_string(tokens) + " tokens",
                                          "embedding of 100 rows"});
    QVERIFY2(err.empty(), err.c_str());
}

// A tokenizer with an added special token is saved beside the weights and comes back whole: the
// same base model bytes, the special tokens in id order after the base vocabulary.
void TestCheckpoint::tokenizerIsSavedBeside() {
    const fs::path teacher = test_paths::shipped_teacher();
    auto tokenizer = SentencePieceTokenizer::load(teacher / "tokenizer.model");
    QCOMPARE(tokenizer->base_vocab_size(), 400); // the README's "400 pieces + <thought>"
    QCOMPARE(tokenizer->add_special_token("<answer>"), 401);
    LlamaModel m(small_config());
    m->init_weights(1);
    auto dir = fresh_dir("with_tokenizer");
    save_model_folder(dir, *m, tokenizer.get());
    QCOMPARE(read_file(dir / "tokenizer.model"), read_file(teacher / "tokenizer.model"));
    QCOMPARE(nlohmann::json::parse(read_file(dir / "special_tokens.json")),
             nlohmann::json({{"special_tokens", {"<thought>", "<answer>"}}}));
    auto loaded = load_model_folder(dir);
    QCOMPARE(loaded.tokenizer_file, dir / "tokenizer.model");
    QCOMPARE(loaded.tokenizer->vocab_size(), 402);
    QCOMPARE(loaded.tokenizer->piece_to_id("<thought>"), 400);
    QCOMPARE(loaded.tokenizer->piece_to_id("<answer>"), 401);
    const std::string text = "Bob flips the coin.<thought>1 flip<answer>no";
    QCOMPARE(loaded.tokenizer->encode(text), tokenizer->encode(text));
    QCOMPARE(loaded.tokenizer->decode(loaded.tokenizer->encode(text)), text);
}

// Issue 10.2: eos_token_id as an int or a list (every id stops generation), written back as a
// list; generation_config.json's list replaces config.json's; ill-typed values name file and key.
void TestCheckpoint::eosTokenIdLists() {
    nlohmann::json j = small_config().to_json();
    QCOMPARE(j["eos_token_id"].get<int64_t>(), int64_t(2)); // one id stays an int
    j["eos_token_id"] = {2, 259, 2};
    ModelConfig c = ModelConfig::from_json(j, "config.json");
    QCOMPARE(c.eos_token_ids, (std::vector<int64_t>{2, 259})); // repeats dropped
    QCOMPARE(c.eos_token_id(), int64_t(2));
    QVERIFY(c.is_eos(259) && c.is_eos(2) && !c.is_eos(3));
    QCOMPARE(c.to_json()["eos_token_id"], nlohmann::json({2, 259}));
    j["eos_token_id"] = nullptr;
    QCOMPARE(ModelConfig::from_json(j, "config.json").eos_token_ids, std::vector<int64_t>{2});
    j["eos_token_id"] = nlohmann::json::array();
    QVERIFY(ModelConfig::from_json(j, "config.json").eos_token_ids.empty());
    QCOMPARE(ModelConfig::from_json(j, "config.json").eos_token_id(), int64_t(-1));
    for (const nlohmann::json& bad :
         {nlohmann::json("2"), nlohmann::json({2, "x"}), nlohmann::json({{"id", 2}}),
          nlohmann::json(-1), nlohmann::json({2, -5}), nlohmann::json({2, 18446744073709551615ull}),
          nlohmann::json(2.5)}) {
        j["eos_token_id"] = bad;
        try {
            ModelConfig::from_json(j, "config.json");
            QFAIL(("accepted eos_token_id " + bad.dump()).c_str());
        } catch (const FormatError& e) {
            QVERIFY2(std::string(e.what()).find("config.json: key 'eos_token_id'") == 0, e.what());
        }
    }

    ModelConfig listed = small_config();
    listed.eos_token_ids = {2, 7};
    auto dir = saved_model("eos_list", listed);
    QCOMPARE(load_model_folder(dir, no_tokenizer()).config.eos_token_ids,
             (std::vector<int64_t>{2, 7}));
    QVERIFY(!load_model_folder(dir, no_tokenizer()).generation_config_eos);
    ModelConfig outside = small_config();
    outside.eos_token_ids = {2, 600}; // the vocabulary is 0..599
    QVERIFY_THROWS_EXCEPTION(
        FormatError, load_model_folder(saved_model("eos_outside", outside), no_tokenizer()));
    write_file_atomic(dir / "generation_config.json",
                      R"({"do_sample": true, "eos_token_id": [501, 508, 509]})");
    auto loaded = load_model_folder(dir, no_tokenizer());
    QCOMPARE(loaded.config.eos_token_ids, (std::vector<int64_t>{501, 508, 509}));
    QVERIFY(loaded.generation_config_eos);
    write_file_atomic(dir / "generation_config.json", R"({"temperature": 0.6})");
    QCOMPARE(load_model_folder(dir, no_tokenizer()).config.eos_token_ids,
             (std::vector<int64_t>{2, 7})); // no eos key there: config.json's stays
    write_file_atomic(dir / "generation_config.json", "{");
    QVERIFY_THROWS_EXCEPTION(FormatError, load_model_folder(dir, no_tokenizer()));
    write_file_atomic(dir / "generation_config.json", R"({"eos_token_id": [2, 600]})");
    try {
        load_model_folder(dir, no_tokenizer());
        QFAIL("accepted a stop id outside the vocabulary");
    } catch (const FormatError& e) {
        QVERIFY2(std::string(e.what()).find("generation_config.json: key 'eos_token_id'") !=
                     std::string::npos,
                 e.what());
    }
}

QTEST_APPLESS_MAIN(TestCheckpoint)
#include "test_checkpoint.moc"
