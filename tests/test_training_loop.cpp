// The training loop (train/training_loop.h): a run stopped mid-epoch and at an epoch boundary
// and resumed (into a differently initialised module) ends with exactly the weights of an
// uninterrupted run; the best validation epoch is kept; a non-finite loss stops with the last
// checkpoint intact; a checkpoint made with other settings is refused; loss parts reach the
// progress reports; a checkpoint in the SemCoT stage format before it still resumes; the
// shuffle and the learning-rate schedule.
#include "support/qtest_compat.h"

#include "common/error.h"
#include "common/platform.h"
#include "train/training_loop.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>
#include <torch/nn/modules/linear.h>

#include <cmath>
#include <filesystem>

using namespace semcot;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
    fs::path dir = fs::path(test_paths::tmp_dir()) / ("training_loop_" + name);
    remove_tree(dir);
    fs::create_directories(dir);
    return dir;
}

// A two-part regressor: `body` (trained in stage 2 only) then `projection`.
struct ToyImpl : torch::nn::Module {
    explicit ToyImpl(uint64_t seed) {
        torch::manual_seed(seed);
        body = register_module("body", torch::nn::Linear(4, 6));
        projection = register_module("projection", torch::nn::Linear(6, 2));
    }
    torch::Tensor forward(const torch::Tensor& x) { return projection(at::tanh(body(x))); }
    void set_trainable(bool projection_only) {
        for (auto& p : body->parameters()) p.set_requires_grad(!projection_only);
        for (auto& p : projection->parameters()) p.set_requires_grad(true);
    }
    torch::nn::Linear body{nullptr}, projection{nullptr};
};
TORCH_MODULE(Toy);

struct Data {
    torch::Tensor x, y; // [N, 4], [N, 2]
};
Data make_data(int64_t n, uint64_t seed) {
    auto gen = at::detail::createCPUGenerator(seed);
    auto x = at::randn({n, 4}, gen);
    auto y =
        at::stack({x.select(1, 0) * x.select(1, 1), at::sin(x.select(1, 2)) - x.select(1, 3)}, 1);
    return {x, y};
}

const Data& train_data() {
    static const Data d = make_data(40, 1);
    return d;
}
const Data& val_data() {
    static const Data d = make_data(12, 2);
    return d;
}

BatchLossFn loss_of(Toy& toy) {
    return [&toy](const std::vector<int64_t>& idx, bool is_train) {
        const auto& d = is_train ? train_data() : val_data();
        auto i = at::tensor(idx, torch::kInt64);
        auto err = toy->forward(d.x.index_select(0, i)) - d.y.index_select(0, i);
        BatchLoss l;
        l.total = err.pow(2).mean();
        l.reasoning = err.select(1, 0).pow(2).mean().item<double>();
        l.answer = err.select(1, 1).pow(2).mean().item<double>();
        return l;
    };
}

std::vector<TrainStage> stages(Toy& toy) {
    TrainStage s1, s2;
    s1.label = "s1";
    s1.epochs = 2;
    s1.lr = 1e-2;
    s1.set_trainable = [&toy] { toy->set_trainable(true); };
    s2.label = "s2";
    s2.epochs = 3;
    s2.lr = 5e-3;
    s2.weight_decay = 0.01;
    s2.set_trainable = [&toy] { toy->set_trainable(false); };
    return {s1, s2};
}

TrainLoop loop_in(const fs::path& dir) {
    TrainLoop loop;
    loop.n_train = 40;
    loop.n_val = 12;
    loop.batch_size = 8;
    loop.seed = 7;
    loop.checkpoint_dir = dir;
    return loop;
}

TrainResult run(Toy& toy, const TrainLoop& loop, const ProgressCallback& progress = {}) {
    return run_training(*toy, stages(toy), loop, progress, loss_of(toy));
}

ProgressCallback stop_at(const std::string& stage, int64_t step) {
    return [stage, step](const TrainProgress& r) { return !(r.stage == stage && r.step == step); };
}

void expect_same_weights(Toy& got, Toy& want) {
    auto a = got->named_parameters(), b = want->named_parameters();
    QCOMPARE(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i)
        QVERIFY2(torch::equal(a[i].value(), b[i].value()), a[i].key().c_str());
}

} // namespace

class TestTrainingLoop final : public QObject {
    Q_OBJECT
private slots:
    void lossFallsAndBestEpochKept();
    void resumeMatchesUninterrupted();
    void nonFiniteLossKeepsLastCheckpoint();
    void refusesCheckpointOfOtherSettings();
    void resumesTheStageFormatBeforeIt();
    void shuffleAndSchedule();
    void microBatchesGiveTheSameSteps();
    void dynamicLossScaleSkipsOverflowingSteps();
};

void TestTrainingLoop::lossFallsAndBestEpochKept() {
    Toy toy(1);
    std::vector<double> val;
    double first_train = NAN, reasoning = NAN;
    int64_t reports = 0, wrong_totals = 0;
    auto progress = [&](const TrainProgress& p) -> bool {
        ++reports;
        if (p.stage.rfind("s2/validate", 0) == 0) val.push_back(p.val_loss);
        if (std::isnan(first_train)) first_train = p.loss;
        reasoning = p.reasoning_loss;
        wrong_totals += p.total_steps == (p.stage[1] == '1' ? 10 : 15) ? 0 : 1;
        return true;
    };
    const auto r = run(toy, loop_in(fresh_dir("best")), progress);
    QCOMPARE(int64_t(val.size()), int64_t(3));
    QCOMPARE(reports, int64_t(10 + 2 + 15 + 3));
    QCOMPARE(wrong_totals, int64_t(0));
    QVERIFY(std::isfinite(reasoning));
    QCOMPARE(r.best_val_loss, *std::min_element(val.begin(), val.end()));
    QCOMPARE(r.best_epoch, int64_t(std::min_element(val.begin(), val.end()) - val.begin() + 1));
    QVERIFY2(r.best_val_loss < first_train, "the loss did not fall");
    for (auto& p : toy->parameters()) QVERIFY(!p.requires_grad()); // frozen again at the end
}

void TestTrainingLoop::resumeMatchesUninterrupted() {
    Toy reference(1);
    const auto expected = run(reference, loop_in(fresh_dir("reference")));

    // Stopped mid-epoch in stage 1, then at an epoch boundary of stage 2, then to the end;
    // each resumed module starts from other weights, so everything comes from the checkpoint.
    auto loop = loop_in(fresh_dir("resume"));
    Toy first(1);
    QVERIFY_THROWS_EXCEPTION(Cancelled, run(first, loop, stop_at("s1/train", 3)));
    QVERIFY(fs::exists(loop.checkpoint_dir / "s1/latest/train_state.json"));
    loop.resume = true;
    Toy second(12);
    QVERIFY_THROWS_EXCEPTION(Cancelled, run(second, loop, stop_at("s2/validate", 10)));
    const auto state =
        nlohmann::json::parse(read_file(loop.checkpoint_dir / "s2/latest/train_state.json"));
    QCOMPARE(state.at("epoch").get<int64_t>(), int64_t(2));
    QCOMPARE(state.at("batch").get<int64_t>(), int64_t(0));
    Toy third(13);
    const auto resumed = run(third, loop);
    QCOMPARE(resumed.steps, expected.steps);
    QCOMPARE(expected.steps, int64_t(10 + 15));
    QCOMPARE(resumed.best_epoch, expected.best_epoch);
    QCOMPARE(resumed.best_val_loss, expected.best_val_loss);
    expect_same_weights(third, reference);

    // Resuming a finished run changes nothing.
    Toy fourth(14);
    run(fourth, loop);
    expect_same_weights(fourth, reference);
}

void TestTrainingLoop::nonFiniteLossKeepsLastCheckpoint() {
    auto loop = loop_in(fresh_dir("nan"));
    Toy toy(1);
    int64_t calls = 0;
    auto loss = loss_of(toy);
    auto poisoned = [&](const std::vector<int64_t>& idx, bool is_train) {
        auto l = loss(idx, is_train);
        if (is_train && ++calls == 8) l.total = l.total * NAN; // step 3 of the second epoch
        return l;
    };
    const auto before = [&] {
        try {
            run_training(*toy, stages(toy), loop, {}, poisoned);
        } catch (const Error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    }();
    QVERIFY2(before.find("non-finite loss at step 8") != std::string::npos, before.c_str());
    const auto state =
        nlohmann::json::parse(read_file(loop.checkpoint_dir / "s1/latest/train_state.json"));
    QCOMPARE(state.at("epoch").get<int64_t>(), int64_t(1)); // the epoch-1 checkpoint stays
    QCOMPARE(state.at("steps").get<int64_t>(), int64_t(5));
}

void TestTrainingLoop::refusesCheckpointOfOtherSettings() {
    auto loop = loop_in(fresh_dir("other"));
    Toy toy(1);
    QVERIFY_THROWS_EXCEPTION(Cancelled, run(toy, loop, stop_at("s1/train", 2)));
    loop.resume = true;
    loop.batch_size = 4;
    try {
        run(toy, loop);
        QFAIL("a checkpoint made with batch size 8 was resumed with 4");
    } catch (const InvalidArgument& e) {
        QVERIFY2(std::string(e.what()).find("batch_size") != std::string::npos, e.what());
    }
}

// A checkpoint of the SemCoT stage loop this loop replaced ("semcot-stage/1":
// stage_state.json, the same tensor files) resumes; at an epoch boundary the rest of the run
// is the same as this loop's own.
void TestTrainingLoop::resumesTheStageFormatBeforeIt() {
    Toy reference(1);
    run(reference, loop_in(fresh_dir("legacy_reference")));
    auto loop = loop_in(fresh_dir("legacy"));
    Toy first(1);
    QVERIFY_THROWS_EXCEPTION(Cancelled, run(first, loop, stop_at("s2/validate", 10)));
    // Rewrite the checkpoint as the old loop wrote it.
    const fs::path folder = loop.checkpoint_dir / "s2/latest";
    auto state = nlohmann::json::parse(read_file(folder / "train_state.json"));
    nlohmann::json old = {{"format", "semcot-stage/1"},
                          {"shape", state["shape"]},
                          {"epoch", state["epoch"]},
                          {"batch", state["batch"]},
                          {"steps", state["steps"]},
                          {"best_val_loss", state["best_val_loss"]},
                          {"best_epoch", state["best_epoch"]},
                          {"adam_steps", state["adam_steps"]}};
    old["shape"]["projection_only"] = false;
    fs::remove(folder / "train_state.json");
    write_file_atomic(folder / "stage_state.json", old.dump(2));
    loop.resume = true;
    Toy second(21);
    const auto resumed = run(second, loop);
    QCOMPARE(resumed.steps, int64_t(10 + 15));
    expect_same_weights(second, reference);
}

void TestTrainingLoop::shuffleAndSchedule() {
    // A permutation, fixed by (seed, epoch) alone, different between epochs and seeds.
    const auto a = epoch_order(50, 7, 0);
    auto sorted = a;
    std::sort(sorted.begin(), sorted.end());
    for (int64_t i = 0; i < 50; ++i) QCOMPARE(sorted[size_t(i)], i);
    QVERIFY(a == epoch_order(50, 7, 0));
    QVERIFY(a != epoch_order(50, 7, 1));
    QVERIFY(a != epoch_order(50, 8, 0));
    // The first items of seed 7, epoch 0, as an independent Python SplitMix64 + Fisher-Yates
    // gives them: the stream is part of the checkpoint format (resumes depend on it) and must
    // not change between platforms or versions.
    QCOMPARE(std::vector<int64_t>(a.begin(), a.begin() + 5),
             std::vector<int64_t>({17, 32, 45, 31, 15}));
    // Warmup then cosine to 0.
    QVERIFY(std::abs(warmup_cosine_lr(1.0, 0.1, 0, 100) - 0.1) < 1e-12);
    QVERIFY(std::abs(warmup_cosine_lr(1.0, 0.1, 55, 100) - 0.5) < 1e-12);
    QVERIFY(warmup_cosine_lr(1.0, 0.1, 99, 100) < 1e-3);
}

// Issue 17 §1: micro-batches of 3 (gradients accumulated) take the same steps as batches of 8
// at once, for a mean over items and for a token-style mean whose weights differ per item.
void TestTrainingLoop::microBatchesGiveTheSameSteps() {
    for (bool weighted : {false, true}) {
        auto loss = [weighted](Toy& toy) -> BatchLossFn {
            return [&toy, weighted](const std::vector<int64_t>& idx, bool is_train) {
                const auto& d = is_train ? train_data() : val_data();
                auto i = at::tensor(idx, torch::kInt64);
                auto err = (toy->forward(d.x.index_select(0, i)) - d.y.index_select(0, i)).pow(2);
                BatchLoss l;
                if (!weighted) {
                    l.total = err.mean();
                    return l;
                }
                // Item j counts (j % 4 + 1) "tokens": a mean over tokens, not over items.
                auto w = (i.remainder(4) + 1).to(torch::kFloat32);
                l.total = (err.sum(1) * w).sum() / w.sum();
                l.weight = w.sum().item<double>();
                return l;
            };
        };
        Toy whole(3), micro(3);
        TrainLoop a = loop_in({});
        TrainLoop b = a;
        b.micro_batch = 3;
        b.grad_clip = a.grad_clip = 0; // clipping would hide a scale error
        const TrainResult ra = run_training(*whole, stages(whole), a, {}, loss(whole));
        // Validation runs in the micro-batches too (no more memory than training): no call
        // sees more than 3 items, and the weighted mean is the whole batch's.
        size_t largest_validation = 0;
        const BatchLossFn micro_loss = loss(micro);
        const TrainResult rb = run_training(
            *micro, stages(micro), b, {},
            [&](const std::vector<int64_t>& idx, bool is_train) {
                if (!is_train) largest_validation = std::max(largest_validation, idx.size());
                return micro_loss(idx, is_train);
            });
        QCOMPARE(largest_validation, size_t(3));
        QVERIFY(std::abs(ra.best_val_loss - rb.best_val_loss) < 1e-5);
        QCOMPARE(rb.steps, ra.steps);
        auto pa = whole->named_parameters(), pb = micro->named_parameters();
        for (size_t k = 0; k < pa.size(); ++k)
            QVERIFY2(at::allclose(pa[k].value(), pb[k].value(), 1e-5, 1e-6),
                     (pa[k].key() + (weighted ? " (weighted)" : "")).c_str());
        QVERIFY(std::abs(ra.final_train_loss - rb.final_train_loss) < 1e-5);
    }
    TrainLoop bad = loop_in({});
    bad.micro_batch = -1;
    Toy toy(3);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, run_training(*toy, stages(toy), bad, {}, loss_of(toy)));
}

// Issue 17 §1: dynamic loss scaling (float16 training) changes nothing while gradients stay
// finite (powers of two scale exactly); a step whose scaled gradients overflow is skipped, the
// scale halves, training goes on, and the checkpoint records the scale.
void TestTrainingLoop::dynamicLossScaleSkipsOverflowingSteps() {
    Toy plain(3), scaled(3);
    TrainLoop a = loop_in({});
    TrainLoop b = a;
    b.dynamic_loss_scale = true;
    const TrainResult ra = run(plain, a);
    const TrainResult rb = run(scaled, b);
    QCOMPARE(rb.steps, ra.steps);
    auto pa = plain->named_parameters(), pb = scaled->named_parameters();
    for (size_t k = 0; k < pa.size(); ++k)
        QVERIFY2(at::allclose(pa[k].value(), pb[k].value(), 1e-6, 1e-7), pa[k].key().c_str());

    // The third training batch's loss is huge: finite itself, but x 2^16 it overflows float32.
    const fs::path dir = fresh_dir("loss_scale");
    Toy toy(3);
    TrainLoop c = loop_in(dir);
    c.dynamic_loss_scale = true;
    int calls = 0;
    auto base = loss_of(toy);
    const TrainResult rc = run_training(*toy, stages(toy), c, {},
                                        [&](const std::vector<int64_t>& idx, bool is_train) {
                                            BatchLoss l = base(idx, is_train);
                                            if (is_train && ++calls == 3) l.total = l.total * 1e35f;
                                            return l;
                                        });
    QCOMPARE(rc.steps, ra.steps - 1); // the overflowing step was skipped
    for (const auto& p : toy->parameters()) QVERIFY(p.isfinite().all().item<bool>());
    const auto state = nlohmann::json::parse(read_file(dir / "s2/latest/train_state.json"));
    QCOMPARE(state["loss_scale"].get<double>(), 65536.0); // stage 2 starts afresh
    const auto s1 = nlohmann::json::parse(read_file(dir / "s1/latest/train_state.json"));
    QCOMPARE(s1["loss_scale"].get<double>(), 32768.0);
}

QTEST_APPLESS_MAIN(TestTrainingLoop)
#include "test_training_loop.moc"
