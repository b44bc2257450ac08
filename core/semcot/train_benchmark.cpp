#include "semcot/train_benchmark.h"

#include "common/error.h"
#include "engine/model.h"
#include "semcot/lm_trainer.h"
#include "train/training_loop.h"

#include <chrono>

namespace semcot {

TrainBenchResult benchmark_training(const ModelConfig& config, const TrainBenchParams& params,
                                    const torch::Device& device) {
    if (params.batch < 1 || params.length < 2 || params.steps < 1 || params.warmup < 0)
        throw InvalidArgument("benchmark_training: batch, length and steps must be positive");
    LlamaModel model(config, torch::TensorOptions().dtype(torch::kFloat32).device(device));
    model->init_weights(0);
    // Four fixed batches, as the Python reference.
    constexpr int64_t kBatches = 4;
    auto gen = at::detail::createCPUGenerator(0);
    const auto ids = at::randint(config.vocab_size, {kBatches * params.batch, params.length}, gen,
                                 torch::TensorOptions().dtype(torch::kInt64))
                         .to(device);
    const int64_t total = params.warmup + params.steps;
    TrainStage stage;
    stage.label = "bench";
    stage.epochs = (total + kBatches - 1) / kBatches;
    stage.weight_decay = 0.01;
    TrainLoop loop;
    loop.n_train = kBatches * params.batch;
    loop.batch_size = params.batch;
    auto batch_loss = [&](const std::vector<int64_t>& idx, bool) {
        const auto batch = ids.index_select(
            0, torch::tensor(idx, torch::TensorOptions().dtype(torch::kInt64)).to(device));
        ForwardInput in;
        in.input_ids = batch;
        BatchLoss loss;
        loss.total = lm_loss(model->forward(in).logits, batch);
        return loss;
    };
    using Clock = std::chrono::steady_clock;
    Clock::time_point start, end;
    auto progress = [&](const TrainProgress& p) {
        if (p.stage != "bench/train") return true;
        if (p.step == params.warmup) start = Clock::now();
        if (p.step == total) {
            end = Clock::now();
            return false; // the rest of the last epoch is not measured
        }
        return true;
    };
    if (params.warmup == 0) start = Clock::now();
    try {
        run_training(*model, {stage}, loop, progress, batch_loss);
    } catch (const Cancelled&) {
    }
    TrainBenchResult r;
    r.seconds = std::chrono::duration<double>(end - start).count();
    r.steps_per_s = double(params.steps) / r.seconds;
    r.tokens_per_s = r.steps_per_s * double(params.batch * params.length);
    return r;
}

} // namespace semcot
