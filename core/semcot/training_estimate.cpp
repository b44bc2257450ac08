#include "semcot/training_estimate.h"

#include "common/error.h"

#include <torch/optim/adamw.h>

#include <chrono>
#include <cmath>

namespace semcot {

double measure_train_step_seconds(const ModelConfig& config, int64_t batch, int64_t length,
                                  const torch::Device& device) {
    const auto options = torch::TensorOptions().dtype(torch::kFloat32).device(device);
    torch::AutoGradMode grad(true); // callers may be in an inference scope
    LlamaModel model(config, options);
    model->init_weights(1);
    for (auto& w : model->parameters()) w.set_requires_grad(true);
    torch::optim::AdamW optimizer(model->parameters(), torch::optim::AdamWOptions(1e-4));
    const auto ids = torch::randint(config.vocab_size, {batch, length},
                                    torch::TensorOptions().dtype(torch::kLong).device(device));
    auto step = [&] {
        ForwardInput in;
        in.input_ids = ids;
        const auto logits = model->forward(in).logits;
        const auto loss = torch::nn::functional::cross_entropy(
            logits.slice(1, 0, length - 1).reshape({-1, config.vocab_size}),
            ids.slice(1, 1).reshape({-1}));
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
    };
    step(); // allocator and kernels warm up
    const auto start = std::chrono::steady_clock::now();
    constexpr int kTimed = 2;
    for (int i = 0; i < kTimed; ++i) step();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() /
           kTimed;
}

std::vector<StageEstimate> estimate_training_time(const Preset& preset, const DatasetFit& fit,
                                                  const torch::Device& device) {
    if (!preset.teacher_model.empty())
        throw InvalidArgument("a time estimate is for presets trained from scratch");
    if (fit.train <= 0) throw InvalidArgument("a time estimate needs the data's fit");
    const int64_t train = fit.train - fit.skipped_train;
    const int64_t validation = fit.validation - fit.skipped_validation;
    auto batches = [](int64_t n, int64_t batch) { return (n + batch - 1) / batch; };
    auto shape = [&](ModelConfig c) {
        c.vocab_size = fit.vocab_size + 1; // + <thought>
        return c;
    };
    const ModelConfig teacher = shape(preset.teacher), student = shape(preset.student);
    const int64_t lm_length = std::max<int64_t>(std::min(fit.p90_length, fit.max_length), 2);
    const int64_t cg_length = std::max<int64_t>(fit.median_direct_length, 2);
    std::vector<StageEstimate> out;
    auto lm_stage = [&](const char* name, const ModelConfig& c, const LmTrainParams& p) {
        const double step = measure_train_step_seconds(c, p.batch_size, lm_length, device);
        StageEstimate e;
        e.stage = name;
        e.steps = batches(2 * train, p.batch_size) * p.epochs;
        e.seconds = double(e.steps) * step +
                    double(batches(2 * validation, p.batch_size) * p.epochs) * step / 3;
        out.push_back(e);
        return step;
    };
    lm_stage("teacher", teacher, preset.teacher_train);
    lm_stage("student", student, preset.student_train);
    const SemcotTrainParams& sp = preset.semcot;
    const int64_t b = sp.batch_size;
    if (!sp.no_st) {
        StageEstimate st;
        st.stage = "st";
        st.steps = batches(train, b) * (sp.st_stage1.epochs + sp.st_stage2.epochs);
        st.seconds = double(st.steps) *
                     measure_train_step_seconds(teacher, b, std::max<int64_t>(fit.median_length, 2),
                                                device);
        out.push_back(st);
    }
    StageEstimate cg;
    cg.stage = "cg";
    cg.steps = batches(train, b) * ((sp.no_warmup ? 0 : sp.cg_stage1.epochs) + sp.cg_stage2.epochs);
    cg.seconds = double(cg.steps) * (measure_train_step_seconds(teacher, b, cg_length, device) +
                                     measure_train_step_seconds(student, b, cg_length, device));
    out.push_back(cg);
    return out;
}

} // namespace semcot
