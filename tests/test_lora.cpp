// LoRA (engine/lora.h, issue 15): a fresh adapter (B = 0) leaves the model unchanged; an adapted
// layer computes x W^T + b + (alpha / r) x A^T B^T; merging gives the same outputs with
// W + (alpha / r) B A and no adapter; only the adapters get gradients; dropout only in
// training; PEFT's file layout round-trips and malformed adapters name the problem.
#include "support/model_families.h"
#include "support/qtest_compat.h"

#include "common/error.h"
#include "common/platform.h"
#include "engine/checkpoint.h"
#include "engine/lora.h"
#include "io/safetensors.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>

using namespace semcot;
namespace fs = std::filesystem;

namespace {

LlamaModel family_model(const std::string& family, uint64_t seed) {
    LlamaModel m(ModelConfig::from_json(test_families::family_config(family), family));
    m->init_weights(seed);
    m->eval();
    return m;
}

torch::Tensor logits(LlamaModelImpl& m) {
    torch::NoGradGuard ng;
    ForwardInput in;
    in.input_ids = at::tensor({1, 7, 3, 42, 9, 11}, torch::kInt64).view({1, 6});
    return m.forward(in).logits;
}

std::map<std::string, torch::Tensor> by_name(
    const std::vector<std::pair<std::string, torch::Tensor>>& list) {
    return {list.begin(), list.end()};
}

// Random B, so that the adapters change the outputs.
void randomise_b(LlamaModelImpl& m, uint64_t seed) {
    torch::NoGradGuard ng;
    auto gen = at::detail::createCPUGenerator(seed);
    for (auto& [name, layer] : m.named_linear_layers())
        if (layer->lora_B.defined())
            layer->lora_B.copy_(at::normal(0.0, 0.05, layer->lora_B.sizes(), gen));
}

fs::path tmp(const std::string& name) {
    return fs::path(test_paths::tmp_dir()) / name;
}

} // namespace

class TestLora final : public QObject {
    Q_OBJECT
private slots:
    void freshAdapterChangesNothing();
    void adaptedLayerFormula();
    void mergedEqualsAdapted();
    void onlyAdaptersGetGradients();
    void dropoutOnlyWhenTraining();
    void peftLayoutRoundTrips();
    void badAdaptersNameTheProblem();
};

void TestLora::freshAdapterChangesNothing() {
    for (const char* family : {"llama3", "qwen2", "qwen3", "mistral_window"}) {
        auto m = family_model(family, 1);
        const auto before = logits(*m);
        LoraConfig c;
        c.r = 4;
        const int64_t n = add_lora(*m, c, 7);
        QCOMPARE(n, int64_t(2 * m->config().num_hidden_layers)); // q_proj and v_proj
        QVERIFY2(torch::equal(logits(*m), before), family);
        // The adapters are not weights of the model: saving it writes the base weights only.
        for (const auto& [name, t] : m->named_weights())
            QVERIFY2(name.find("lora") == std::string::npos, name.c_str());
        QCOMPARE(lora_weights(*m).size(), size_t(2 * n));
    }
}

// One adapted layer against the formula, computed here from the tensors.
void TestLora::adaptedLayerFormula() {
    auto m = family_model("qwen2", 2); // q/k/v biases
    LoraConfig c;
    c.r = 3;
    c.alpha = 12;
    c.dropout = 0;
    c.target_modules = {"k_proj"};
    add_lora(*m, c, 8);
    randomise_b(*m, 9);
    WeightImpl* k = nullptr;
    for (auto& [name, layer] : m->named_linear_layers())
        if (name == "model.layers.0.self_attn.k_proj") k = layer;
    QVERIFY(k && k->lora_A.defined() && k->bias.defined());
    QCOMPARE(k->lora_A.sizes().vec(), (std::vector<int64_t>{3, k->weight.size(1)}));
    QCOMPARE(k->lora_B.sizes().vec(), (std::vector<int64_t>{k->weight.size(0), 3}));
    QCOMPARE(k->lora_scale, 4.0);
    // A is uniform in +-1/sqrt(in), as PEFT's kaiming_uniform(a = sqrt(5)).
    QVERIFY(k->lora_A.abs().max().item<double>() <= 1.0 / std::sqrt(double(k->weight.size(1))));
    // The adapted model's outputs equal those of the same model whose k_proj weights are
    // W + (alpha / r) B A, computed here.
    auto by_hand = family_model("qwen2", 2);
    {
        torch::NoGradGuard ng;
        for (auto& [name, layer] : by_hand->named_linear_layers())
            for (auto& [name2, adapted] : m->named_linear_layers())
                if (name == name2 && adapted->lora_A.defined())
                    layer->weight.add_(4.0 * at::matmul(adapted->lora_B, adapted->lora_A));
    }
    QVERIFY(at::allclose(logits(*m), logits(*by_hand), 1e-4, 1e-5));
    QVERIFY(!at::allclose(logits(*m), logits(*family_model("qwen2", 2)), 1e-4, 1e-4));
}

void TestLora::mergedEqualsAdapted() {
    for (const char* family : {"llama3", "qwen3"}) {
        auto m = family_model(family, 3);
        LoraConfig c;
        c.r = 8;
        c.target_modules = {"q_proj", "v_proj", "o_proj", "down_proj"};
        add_lora(*m, c, 10);
        randomise_b(*m, 11);
        auto base = by_name(family_model(family, 3)->named_weights());
        const auto adapted = logits(*m);
        QVERIFY(!at::allclose(adapted, logits(*family_model(family, 3)), 1e-4, 1e-4));
        std::map<std::string, torch::Tensor> expected;
        for (auto& [name, layer] : m->named_linear_layers())
            if (layer->lora_A.defined())
                expected[name + ".weight"] =
                    base[name + ".weight"] + c.scale() * at::matmul(layer->lora_B, layer->lora_A);
        merge_lora(*m);
        QVERIFY(lora_weights(*m).empty());
        const auto merged = by_name(m->named_weights());
        for (const auto& [name, w] : expected)
            QVERIFY2(at::allclose(merged.at(name), w, 1e-6, 1e-6), name.c_str());
        QVERIFY2(at::allclose(logits(*m), adapted, 1e-4, 1e-5), family);
    }
}

void TestLora::onlyAdaptersGetGradients() {
    auto m = family_model("llama3", 4);
    add_lora(*m, LoraConfig{}, 12);
    set_lora_trainable(*m);
    m->train();
    ForwardInput in;
    in.input_ids = at::tensor({1, 7, 3, 42}, torch::kInt64).view({1, 4});
    m->forward(in).logits.pow(2).mean().backward();
    int64_t adapters = 0;
    for (const auto& p : m->named_parameters(/*recurse=*/true)) {
        const bool lora = p.key().find(".lora_") != std::string::npos;
        QCOMPARE(p.value().grad().defined(), lora);
        if (lora) ++adapters;
        // B starts at zero, so A's first gradient is zero and B's is not.
        if (p.key().find(".lora_B") != std::string::npos)
            QVERIFY2(p.value().grad().abs().sum().item<double>() > 0, p.key().c_str());
    }
    QCOMPARE(adapters, int64_t(4 * m->config().num_hidden_layers));
}

void TestLora::dropoutOnlyWhenTraining() {
    auto m = family_model("llama3", 5);
    LoraConfig c;
    c.dropout = 0.5;
    add_lora(*m, c, 13);
    randomise_b(*m, 14);
    m->train();
    torch::manual_seed(0);
    QVERIFY(!torch::equal(logits(*m), logits(*m)));
    m->eval();
    QVERIFY(torch::equal(logits(*m), logits(*m)));
}

void TestLora::peftLayoutRoundTrips() {
    auto m = family_model("mistral_window", 6);
    LoraConfig c;
    c.r = 4;
    c.alpha = 16;
    c.dropout = 0.05;
    add_lora(*m, c, 15);
    randomise_b(*m, 16);
    const fs::path dir = tmp("lora_peft");
    fs::remove_all(dir);
    save_peft_adapter(dir, *m, c, "models/hf/base");
    const auto config = nlohmann::json::parse(read_file(dir / "adapter_config.json"));
    QCOMPARE(config["peft_type"].get<std::string>(), std::string("LORA"));
    QCOMPARE(config["task_type"].get<std::string>(), std::string("CAUSAL_LM"));
    QCOMPARE(config["r"].get<int64_t>(), int64_t(4));
    QCOMPARE(config["lora_alpha"].get<double>(), 16.0);
    QCOMPARE(config["target_modules"].get<std::vector<std::string>>(),
             (std::vector<std::string>{"q_proj", "v_proj"}));
    auto file = safetensors::File::open(dir / "adapter_model.safetensors");
    const auto& a = file.info("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight");
    QCOMPARE(a.shape, (std::vector<int64_t>{4, m->config().hidden_size}));
    QCOMPARE(file.tensors().size(), size_t(4 * m->config().num_hidden_layers));

    auto fresh = family_model("mistral_window", 6);
    const LoraConfig back = load_peft_adapter(dir, *fresh);
    QCOMPARE(back.r, c.r);
    QCOMPARE(back.alpha, c.alpha);
    QCOMPARE(back.dropout, c.dropout);
    QCOMPARE(back.target_modules, c.target_modules);
    QVERIFY(torch::equal(logits(*fresh), logits(*m)));
}

void TestLora::badAdaptersNameTheProblem() {
    auto m = family_model("llama3", 7);
    LoraConfig c;
    c.target_modules = {"q_proj", "attn_proj"};
    bool threw = false;
    try {
        add_lora(*m, c, 1);
    } catch (const InvalidArgument& e) {
        threw = std::string(e.what()).find("'attn_proj'") != std::string::npos;
    }
    QVERIFY(threw);

    const fs::path dir = tmp("lora_bad");
    fs::remove_all(dir);
    auto adapted = family_model("llama3", 7);
    add_lora(*adapted, LoraConfig{}, 2);
    save_peft_adapter(dir, *adapted, LoraConfig{}, "base");
    auto config = nlohmann::json::parse(read_file(dir / "adapter_config.json"));
    config["use_dora"] = true;
    write_file_atomic(dir / "adapter_config.json", config.dump());
    QVERIFY_THROWS_EXCEPTION(FormatError, load_peft_adapter(dir, *family_model("llama3", 7)));
    config["use_dora"] = false;
    config["r"] = 8; // the tensors have r = 16
    write_file_atomic(dir / "adapter_config.json", config.dump());
    try {
        load_peft_adapter(dir, *family_model("llama3", 7));
        QFAIL("no error");
    } catch (const FormatError& e) {
        QVERIFY2(std::string(e.what()).find("q_proj") != std::string::npos, e.what());
    }
    // Adapters of another model (more layers than this one has) are refused.
    config["r"] = 16;
    write_file_atomic(dir / "adapter_config.json", config.dump());
    LlamaModel shallow(ModelConfig::from_json(
        test_families::family_config("llama3", {{"num_hidden_layers", 1}}), "llama3"));
    shallow->init_weights(1);
    QVERIFY_THROWS_EXCEPTION(FormatError, load_peft_adapter(dir, *shallow));
}

QTEST_APPLESS_MAIN(TestLora)
#include "test_lora.moc"
