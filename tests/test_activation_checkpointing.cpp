// Activation checkpointing (engine/checkpointing.h, issue 17 §1): for every model family the
// engine loads (GQA, Qwen3's q/k norms, biases, Mistral's sliding window, Llama 3's RoPE
// scaling), the checkpointed backward pass gives the gradients of the plain one (allclose):
// a trained model's weights, a frozen teacher's input embeddings (SemCoT's implicit tokens),
// LoRA adapters, and run_layers (the sentence transformer's middle layers). Inference and KV
// caches are never checkpointed; LoRA dropout in training is refused.
#include "support/qtest_compat.h"

#include "common/error.h"
#include "engine/checkpointing.h"
#include "engine/kv_cache.h"
#include "engine/lora.h"
#include "engine/model.h"
#include "support/model_families.h"

#include <ATen/ATen.h>

using namespace semcot;

namespace {

LlamaModel family_model(const std::string& family, uint64_t seed) {
    LlamaModel m(ModelConfig::from_json(test_families::family_config(family), family));
    m->init_weights(seed, 0.2); // larger weights than a real init: gradients far from zero
    return m;
}

// Two left-padded sequences of 7 and 5 tokens, and their next-token targets.
ForwardInput batch_input() {
    ForwardInput in;
    in.input_ids = at::tensor({1, 7, 3, 42, 9, 11, 5, 0, 0, 1, 8, 30, 2, 6}, torch::kInt64)
                       .view({2, 7});
    in.attention_mask = at::tensor({1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1}, torch::kInt64)
                            .view({2, 7});
    return in;
}

torch::Tensor lm_loss(const torch::Tensor& logits, const ForwardInput& in) {
    auto logp = logits.narrow(1, 0, 6).to(torch::kFloat32).log_softmax(-1);
    auto target = in.input_ids.narrow(1, 1, 6);
    auto mask = in.attention_mask.narrow(1, 1, 6).to(torch::kFloat32);
    return -(logp.gather(-1, target.unsqueeze(-1)).squeeze(-1) * mask).sum() / mask.sum();
}

// Gradients of every parameter that requires one (by name), after one backward pass.
std::map<std::string, torch::Tensor> grads_of(LlamaModelImpl& m) {
    std::map<std::string, torch::Tensor> g;
    for (auto& p : m.named_parameters())
        if (p.value().requires_grad() && p.value().grad().defined())
            g[p.key()] = p.value().grad().clone();
    m.zero_grad();
    return g;
}

void expect_close(const std::map<std::string, torch::Tensor>& got,
                  const std::map<std::string, torch::Tensor>& want, const std::string& what) {
    QCOMPARE(got.size(), want.size());
    QVERIFY(!want.empty());
    for (const auto& [name, g] : want) {
        QVERIFY2(got.count(name), (what + ": no gradient for " + name).c_str());
        QVERIFY2(at::allclose(got.at(name), g, 1e-5, 1e-6), (what + ": " + name).c_str());
        QVERIFY2(g.abs().max().item<double>() > 0 || name.find("lora_A") != std::string::npos,
                 (what + ": zero gradient " + name).c_str());
    }
}

} // namespace

class TestActivationCheckpointing final : public QObject {
    Q_OBJECT
private slots:
    void trainedModelGradientsMatchForEveryFamily();
    void frozenTeacherPassesTheSameGradientToItsInputs();
    void loraAdaptersAndRunLayers();
    void inferenceIsNeverCheckpointed();
};

void TestActivationCheckpointing::trainedModelGradientsMatchForEveryFamily() {
    for (const auto& f : test_families::families()) {
        LlamaModel m = family_model(f.name, 3);
        for (auto& p : m->parameters()) p.set_requires_grad(true);
        const ForwardInput in = batch_input();
        const auto plain_loss = lm_loss(m->forward(in).logits, in);
        plain_loss.backward();
        const auto plain = grads_of(*m);
        m->set_activation_checkpointing(true);
        const auto ckpt_loss = lm_loss(m->forward(in).logits, in);
        ckpt_loss.backward();
        QVERIFY(at::allclose(ckpt_loss, plain_loss));
        expect_close(grads_of(*m), plain, f.name);
    }
}

void TestActivationCheckpointing::frozenTeacherPassesTheSameGradientToItsInputs() {
    LlamaModel teacher = family_model("llama_linear", 5);
    for (auto& p : teacher->parameters()) p.set_requires_grad(false);
    auto embeds = (at::randn({2, 7, teacher->config().hidden_size},
                             at::detail::createCPUGenerator(9)))
                      .requires_grad_(true);
    torch::Tensor want;
    for (bool on : {false, true}) {
        teacher->set_activation_checkpointing(on);
        ForwardInput in = batch_input();
        const auto ids = in.input_ids;
        in.input_ids = torch::Tensor();
        in.inputs_embeds = embeds;
        ForwardInput targets;
        targets.input_ids = ids;
        targets.attention_mask = in.attention_mask;
        lm_loss(teacher->forward(in).logits, targets).backward();
        if (!on)
            want = embeds.grad().clone();
        else
            QVERIFY(at::allclose(embeds.grad(), want, 1e-5, 1e-6));
        embeds.mutable_grad() = torch::Tensor();
    }
    QVERIFY(want.abs().sum().item<double>() > 0);
    for (auto& p : teacher->parameters()) QVERIFY(!p.grad().defined());
}

void TestActivationCheckpointing::loraAdaptersAndRunLayers() {
    LlamaModel m = family_model("llama_linear", 4);
    LoraConfig lc;
    lc.r = 4;
    lc.dropout = 0;
    lc.target_modules = {"q_proj", "v_proj", "down_proj"};
    for (auto& p : m->parameters()) p.set_requires_grad(false);
    add_lora(*m, lc, 1);
    m->train();
    for (auto& p : m->named_parameters())
        if (p.key().find("lora_") != std::string::npos) {
            torch::NoGradGuard ng;
            p.value().normal_(0, 0.1); // B starts at zero: move it so A gets a gradient too
            p.value().set_requires_grad(true);
        }
    const ForwardInput in = batch_input();
    std::map<std::string, torch::Tensor> want;
    for (bool on : {false, true}) {
        m->set_activation_checkpointing(on);
        lm_loss(m->forward(in).logits, in).backward();
        if (!on)
            want = grads_of(*m);
        else
            expect_close(grads_of(*m), want, "lora");
    }
    // run_layers, as the sentence transformer calls it on the teacher's middle layers.
    auto hidden = m->embed(in.input_ids).detach().requires_grad_(true);
    torch::Tensor want_hidden;
    for (bool on : {false, true}) {
        m->set_activation_checkpointing(on);
        m->run_layers(hidden, 0, 2, in.attention_mask).pow(2).mean().backward();
        if (!on)
            want_hidden = hidden.grad().clone();
        else
            QVERIFY(at::allclose(hidden.grad(), want_hidden, 1e-5, 1e-6));
        hidden.mutable_grad() = torch::Tensor();
        m->zero_grad();
    }
    // Dropout would be drawn again in the recomputation: refused, not silently wrong.
    LlamaModel d = family_model("llama_linear", 4);
    lc.dropout = 0.1;
    add_lora(*d, lc, 1);
    d->train();
    d->set_activation_checkpointing(true);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, d->forward(in));
}

void TestActivationCheckpointing::inferenceIsNeverCheckpointed() {
    LlamaModel m = family_model("llama_linear", 6);
    m->set_activation_checkpointing(true);
    const ForwardInput in = batch_input();
    torch::Tensor with_grad_off;
    {
        torch::NoGradGuard ng;
        with_grad_off = m->forward(in).logits;
    }
    m->set_activation_checkpointing(false);
    torch::NoGradGuard ng;
    QVERIFY(at::equal(with_grad_off, m->forward(in).logits));
    KVCache cache(m->config(), 2, 16, m->dtype(), m->device());
    ForwardInput cached = in;
    cached.cache = &cache;
    m->set_activation_checkpointing(true);
    QVERIFY(at::allclose(m->forward(cached).logits, with_grad_off, 1e-5, 1e-6));
}

QTEST_APPLESS_MAIN(TestActivationCheckpointing)
#include "test_activation_checkpointing.moc"
