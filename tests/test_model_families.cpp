// Llama, Mistral, Qwen2 and Qwen3 configurations (issue 14): config.json keys that change the
// computation (explicit head_dim, biases, q/k norms, sliding window, RoPE scaling) against an
// independent float64 reference forward pass in Python (tests/reference/
// llama_family_reference.py, Debian's python3-torch; skipped without it), full-sequence logits
// and KV-cache greedy decoding; and keys that are not implemented are errors naming the key.
#include "support/model_families.h"
#include "support/qtest_compat.h"

#include "common/error.h"
#include "common/platform.h"
#include "engine/checkpoint.h"
#include "engine/generate.h"
#include "engine/model.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <sys/wait.h>

using namespace semcot;
namespace fs = std::filesystem;
using nlohmann::json;
using test_families::base_config;
using test_families::families;
using test_families::Family;

namespace {

fs::path reference_script() {
    return fs::path(test_paths::data_dir()).parent_path() / "reference" /
           "llama_family_reference.py";
}

bool have_python_torch() {
    static const bool ok = std::system("/usr/bin/python3 -c 'import torch' >/dev/null 2>&1") == 0;
    return ok;
}

// Runs the reference on `folder` and `ids`: logits [T, V] as float64.
torch::Tensor reference_logits(const fs::path& folder, const std::vector<int64_t>& ids) {
    std::string cmd = "/usr/bin/python3 " + reference_script().string() + " " + folder.string();
    for (int64_t id : ids) cmd += " " + std::to_string(id);
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot run " + cmd);
    std::string out;
    std::array<char, 65536> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
    if (pclose(pipe) != 0) throw std::runtime_error("reference failed: " + cmd);
    const auto rows = json::parse(out)["logits"].get<std::vector<std::vector<double>>>();
    auto t = at::empty({int64_t(rows.size()), int64_t(rows.front().size())}, torch::kFloat64);
    for (size_t i = 0; i < rows.size(); ++i)
        t[int64_t(i)].copy_(at::tensor(rows[i], torch::kFloat64));
    return t;
}

// A random model of `config`, every weight drawn (biases and norms too), saved as a folder.
fs::path random_folder(const std::string& name, const ModelConfig& config) {
    LlamaModel m(config);
    m->init_weights(/*seed=*/11, /*std=*/0.3);
    torch::NoGradGuard ng;
    auto gen = at::detail::createCPUGenerator(5);
    for (auto& [key, w] : m->named_weights()) {
        if (key.find("norm") != std::string::npos)
            w.copy_(1.0 + 0.2 * at::randn(w.sizes(), gen, torch::kFloat32));
        else if (key.size() > 5 && key.compare(key.size() - 5, 5, ".bias") == 0)
            w.copy_(0.3 * at::randn(w.sizes(), gen, torch::kFloat32));
    }
    const fs::path dir = fs::path(test_paths::tmp_dir()) / ("family_" + name);
    fs::remove_all(dir);
    save_model_folder(dir, *m);
    return dir;
}

} // namespace

class TestModelFamilies final : public QObject {
    Q_OBJECT
private slots:
    void logitsMatchTheReference();
    void configKeysRoundTrip();
    void unsupportedKeysNameTheKey();
};

void TestModelFamilies::logitsMatchTheReference() {
    if (!have_python_torch()) QSKIP("/usr/bin/python3 with torch (python3-torch) not found");
    const std::vector<int64_t> prompt{1, 17, 42, 5, 88, 13, 60, 7, 33, 21, 9, 70};
    for (const Family& f : families()) {
        json j = base_config();
        j.update(f.config);
        const ModelConfig config = ModelConfig::from_json(j, f.name);
        const fs::path dir = random_folder(f.name, config);
        LoadOptions lo;
        lo.load_tokenizer = false;
        auto loaded = load_model_folder(dir, lo);
        torch::NoGradGuard ng;
        ForwardInput in;
        in.input_ids = at::tensor(prompt).view({1, -1});
        const auto ours = loaded.model->forward(in).logits[0].to(torch::kFloat64);
        const auto ref = reference_logits(dir, prompt);
        const double diff = (ours - ref).abs().max().item<double>();
        std::printf("%s: max |logit difference| to the reference %.3g\n", f.name, diff);
        QVERIFY2(
            diff < 1e-4,
            (std::string(f.name) + ": max |logit difference| " + std::to_string(diff)).c_str());
        // Greedy decoding with the KV cache (the window slides past the prompt) continues as
        // the reference's argmax over the whole sequence.
        GenerateParams p;
        p.max_new_tokens = 10;
        p.stop_at_eos = false;
        auto gen = generate(*loaded.model, prompt, p);
        std::vector<int64_t> seq = prompt;
        seq.insert(seq.end(), gen.tokens.begin(), gen.tokens.end());
        const auto full = reference_logits(dir, seq);
        for (size_t i = 0; i < gen.tokens.size(); ++i) {
            const int64_t expected = full[int64_t(prompt.size() + i - 1)].argmax().item<int64_t>();
            QVERIFY2(gen.tokens[i] == expected,
                     (std::string(f.name) + ": greedy token " + std::to_string(i)).c_str());
        }
    }
}

void TestModelFamilies::configKeysRoundTrip() {
    for (const Family& f : families()) {
        json j = base_config();
        j.update(f.config);
        const ModelConfig a = ModelConfig::from_json(j, f.name);
        const ModelConfig b = ModelConfig::from_json(a.to_json(), f.name);
        QCOMPARE(b.head_dim(), a.head_dim());
        QCOMPARE(b.qkv_bias, a.qkv_bias);
        QCOMPARE(b.o_bias, a.o_bias);
        QCOMPARE(b.mlp_bias, a.mlp_bias);
        QCOMPARE(b.qk_norm, a.qk_norm);
        QCOMPARE(b.sliding_window, a.sliding_window);
        QCOMPARE(b.rope_theta, a.rope_theta);
        QCOMPARE(b.rope_scaling.type, a.rope_scaling.type);
        QCOMPARE(b.rope_scaling.factor, a.rope_scaling.factor);
        QCOMPARE(b.parameter_count(), a.parameter_count());
        LlamaModel m(a);
        int64_t count = 0;
        for (auto& [name, w] : m->named_weights()) count += w.numel();
        QCOMPARE(count, a.parameter_count());
    }
    // The cases: rope_theta inside rope_parameters is read; head_dim is honoured.
    json j = base_config();
    j["rope_parameters"] = {{"rope_theta", 500000}};
    QCOMPARE(ModelConfig::from_json(j, "c").rope_theta, 500000.0);
    j = base_config();
    j["head_dim"] = 16;
    QCOMPARE(ModelConfig::from_json(j, "c").head_dim(), int64_t(16));
    QCOMPARE(ModelConfig::from_json(base_config(), "c").head_dim(), int64_t(8));
}

void TestModelFamilies::unsupportedKeysNameTheKey() {
    const std::vector<std::pair<json, std::string>> cases = {
        {{{"rope_scaling", {{"rope_type", "yarn"}, {"factor", 4.0}}}}, "'rope_scaling'"},
        {{{"rope_scaling", {{"rope_type", "linear"}}}}, "'factor'"},
        {{{"rope_scaling", "linear"}}, "'rope_scaling'"},
        {{{"rope_parameters", {{"rope_type", "longrope"}}}}, "'rope_parameters'"},
        {{{"model_type", "qwen2"}, {"use_sliding_window", true}}, "'use_sliding_window'"},
        {{{"model_type", "gemma"}}, "'model_type'"},
        {{{"hidden_act", "gelu"}}, "'hidden_act'"},
        {{{"pretraining_tp", 2}}, "'pretraining_tp'"},
        {{{"head_dim", "16"}}, "'head_dim'"},
        {{{"attention_bias", 1}}, "'attention_bias'"},
    };
    for (const auto& [keys, needle] : cases) {
        json j = base_config();
        j.update(keys);
        try {
            ModelConfig::from_json(j, "config.json");
            QFAIL(("accepted " + keys.dump()).c_str());
        } catch (const FormatError& e) {
            const std::string msg = e.what();
            QVERIFY2(msg.rfind("config.json", 0) == 0 && msg.find(needle) != std::string::npos,
                     (keys.dump() + ": " + msg).c_str());
        }
    }
}

QTEST_APPLESS_MAIN(TestModelFamilies)
#include "test_model_families.moc"
