// Pause tokens (baselines/pause.h, issue 15) on the shipped run's teacher and data: the loss of
// one example computed by hand; training moves only the adapters and the <pause> embedding and
// lowers the validation loss; the method folder reloads to the same answers through inference.
#include "support/qtest_compat.h"
#include "support/shipped_run.h"

#include "baselines/pause.h"
#include "common/platform.h"
#include "engine/checkpoint.h"
#include "semcot/inference.h"
#include "semcot/run.h"
#include "semcot/semcot_trainer.h"

#include <ATen/ATen.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>

using namespace semcot;
namespace fs = std::filesystem;

namespace {

std::map<std::string, torch::Tensor> weights(const LlamaModelImpl& m) {
    std::map<std::string, torch::Tensor> out;
    for (const auto& [name, t] : m.named_weights()) out[name] = t.detach().clone();
    return out;
}

PauseParams micro_params() {
    PauseParams p;
    p.pause_tokens = 3;
    p.lora.r = 4;
    p.lora.alpha = 8;
    p.lora.dropout = 0;
    p.stage = {2e-3, 0.0, 4};
    p.batch_size = 8;
    p.max_length = 200;
    p.seed = 4;
    return p;
}

} // namespace

class TestPause final : public QObject {
    Q_OBJECT
private slots:
    void lossByHand();
    void trainsOnlyAdaptersAndPause();
};

// One example: [BOS "Question: Q"] [p p p] ["\n Answer:"] then " yes" EOS as targets; the loss is
// the mean negative log-probability of those targets, read off the teacher's logits here.
void TestPause::lossByHand() {
    auto run = load_run(test_paths::shipped_run(), torch::kCPU);
    auto& teacher = *run.teacher.model;
    const Tokenizer& tok = *run.teacher.tokenizer;
    const Example e = run.split("train").at(0);
    const PauseParams params = micro_params();
    torch::NoGradGuard ng;
    const auto pause = at::randn({teacher.config().hidden_size}) * 0.1;
    const double loss = pause_loss(teacher, tok, run.prompts, {e}, pause, params).item<double>();

    const SemcotPromptIds p = semcot_prompt_ids(tok, run.prompts, e.query, params.max_length - 11);
    std::vector<int64_t> answer = cg_answer_ids(tok, run.prompts, e, /*joint=*/true);
    answer.push_back(tok.eos_id());
    std::vector<int64_t> tail = p.after;
    tail.insert(tail.end(), answer.begin(), answer.end());
    auto ids = [](const std::vector<int64_t>& v) { return at::tensor(v, torch::kInt64); };
    const auto x = at::cat({teacher.embed(ids(p.before)), pause.view({1, -1}).expand({3, -1}),
                            teacher.embed(ids(tail))})
                       .unsqueeze(0);
    ForwardInput in;
    in.inputs_embeds = x;
    const auto logp = at::log_softmax(teacher.forward(in).logits[0], -1); // [T, V]
    const int64_t first = int64_t(p.before.size()) + 3 + int64_t(p.after.size());
    double sum = 0;
    for (size_t j = 0; j < answer.size(); ++j)
        sum -= logp[first + int64_t(j) - 1][answer[j]].item<double>();
    QVERIFY2(std::abs(loss - sum / double(answer.size())) < 1e-5,
             (std::to_string(loss) + " vs " + std::to_string(sum / double(answer.size()))).c_str());
}

void TestPause::trainsOnlyAdaptersAndPause() {
    auto run = load_run(test_paths::shipped_run(), torch::kCPU);
    auto& teacher = *run.teacher.model;
    const Tokenizer& tok = *run.teacher.tokenizer;
    auto all = run.split("train");
    const std::vector<Example> train(all.begin(), all.begin() + 48);
    const std::vector<Example> validation(all.begin() + 48, all.begin() + 64);
    const auto before = weights(teacher);
    const PauseParams params = micro_params();
    const auto init_loss = [&] {
        LlamaModel copy = load_model_folder(test_paths::shipped_run() / "teacher").model;
        add_lora(*copy, params.lora, params.seed);
        torch::NoGradGuard ng;
        auto mean = copy->embed(at::arange(copy->config().vocab_size, torch::kInt64)).mean(0);
        return pause_loss(*copy, tok, run.prompts, train, mean, params).item<double>();
    }();
    const PauseResult r = train_pause(teacher, tok, run.prompts, train, validation, params);
    QCOMPARE(r.steps, params.stage.epochs * 6); // 48 examples, 8 a batch
    {   // The same seed trains the same weights (LoRA dropout draws from a seeded generator).
        PauseParams with_dropout = params;
        with_dropout.lora.dropout = 0.1;
        with_dropout.stage.epochs = 1;
        auto a = load_model_folder(test_paths::shipped_run() / "teacher").model;
        auto b = load_model_folder(test_paths::shipped_run() / "teacher").model;
        const auto ra = train_pause(*a, tok, run.prompts, train, validation, with_dropout);
        torch::manual_seed(12345); // whatever ran before must not matter
        const auto rb = train_pause(*b, tok, run.prompts, train, validation, with_dropout);
        QVERIFY(torch::equal(ra.pause_embedding, rb.pause_embedding));
    }
    double trained_loss = 0;
    {
        torch::NoGradGuard ng;
        trained_loss =
            pause_loss(teacher, tok, run.prompts, train, r.pause_embedding, params).item<double>();
    }
    std::printf("pause: training answer loss %.4f -> %.4f\n", init_loss, trained_loss);
    // The training examples' answer loss falls (from the mean-embedding start).
    QVERIFY2(trained_loss < init_loss,
             (std::to_string(trained_loss) + " vs " + std::to_string(init_loss)).c_str());
    QVERIFY(std::isfinite(r.best_val_loss));
    // What trained moved: every adapter's B (zero at the start) and the <pause> embedding.
    for (const auto& [name, t] : lora_weights(teacher))
        if (name.find("lora_B") != std::string::npos)
            QVERIFY2(t.abs().sum().item<double>() > 0, name.c_str());
    for (const auto& [name, w] : weights(teacher)) // the base weights did not move
        QVERIFY2(torch::equal(w, before.at(name)), name.c_str());
    QCOMPARE(lora_weights(teacher).size(), size_t(2 * 2 * teacher.config().num_hidden_layers));

    // The folder reloads onto a fresh teacher and answers exactly as the trained one.
    const fs::path dir = fs::path(test_paths::tmp_dir()) / "pause_method";
    fs::remove_all(dir);
    save_pause(dir, teacher, r, params, test_paths::shipped_run(), {{"steps", r.steps}});
    QVERIFY(is_method_folder(dir));
    auto fresh = load_model_folder(test_paths::shipped_run() / "teacher");
    const LoadedPause loaded = load_pause(dir, *fresh.model);
    QCOMPARE(loaded.pause_embeddings.sizes().vec(),
             (std::vector<int64_t>{3, teacher.config().hidden_size}));
    InferenceContext a = run.inference_context();
    a.pause_embeddings = r.pause_embedding.view({1, -1}).expand({3, -1}).contiguous();
    InferenceContext b = a;
    b.teacher = fresh.model.get();
    b.pause_embeddings = loaded.pause_embeddings;
    const std::string q = validation.at(0).query;
    const MethodResult ra = run_method(a, Method::pause, q, validation.at(0).answer);
    const MethodResult rb = run_method(b, Method::pause, q, validation.at(0).answer);
    QCOMPARE(rb.output, ra.output);
    QVERIFY(!ra.extracted.empty());
    const auto batch = run_method_batch(b, Method::pause, {q});
    QCOMPARE(batch.at(0).output, ra.output);
}

QTEST_APPLESS_MAIN(TestPause)
#include "test_pause.moc"
