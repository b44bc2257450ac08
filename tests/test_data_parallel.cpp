// Data-parallel training on c10d's Gloo backend over localhost (issue 17 §3,
// train/data_parallel.h): ranks are threads of this process, each with its own process group,
// as in PyTorch's own c10d tests. Two ranks with per-rank batch b end with the weights of one
// process with batch 2b (uneven last batch, micro-batches, a token-weighted loss, validation
// all included); a stop on rank 0 stops both, and resuming continues exactly; a rank that
// leaves or hangs ends the other's collective with an Error naming the rank, within the
// timeout; the rendezvous variables of torchrun and SLURM are read, and bad ones refused.
// Through the CLI: `semcot train --nproc-per-node 2` trains the teacher and student of one
// process with twice the batch; a killed worker is named and the run resumes to the end.
#include "support/qtest_compat.h"

#include "common/error.h"
#include "common/platform.h"
#include "io/safetensors.h"
#include "support/micro_preset.h"
#include "train/data_parallel.h"
#include "train/launcher.h"
#include "train/training_loop.h"

#include <ATen/ATen.h>
#include <torch/nn/modules/linear.h>


#include <nlohmann/json.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <functional>
#include <thread>

extern char** environ;

using namespace semcot;
namespace fs = std::filesystem;

namespace {

struct ToyImpl : torch::nn::Module {
    explicit ToyImpl(uint64_t seed) {
        torch::manual_seed(seed);
        body = register_module("body", torch::nn::Linear(4, 6));
        head = register_module("head", torch::nn::Linear(6, 2));
    }
    torch::Tensor forward(const torch::Tensor& x) { return head(at::tanh(body(x))); }
    torch::nn::Linear body{nullptr}, head{nullptr};
};
TORCH_MODULE(Toy);

constexpr int64_t kTrain = 21, kVal = 10; // 21 = 8 + 8 + 5: an uneven last global batch

at::Tensor inputs(int64_t n, uint64_t seed) {
    return at::randn({n, 4}, at::detail::createCPUGenerator(seed));
}

// A token-style mean: item j weighs (j % 3 + 1), so the weights differ between ranks.
BatchLossFn loss_of(Toy& toy) {
    static const at::Tensor xt = inputs(kTrain, 1), xv = inputs(kVal, 2);
    return [&toy](const std::vector<int64_t>& idx, bool is_train) {
        const auto& x = is_train ? xt : xv;
        auto i = at::tensor(idx, torch::kInt64);
        auto xi = x.index_select(0, i);
        auto target = at::stack({xi.select(1, 0) * xi.select(1, 1), at::sin(xi.select(1, 2))}, 1);
        auto err = (toy->forward(xi) - target).pow(2).sum(1);
        auto w = (i.remainder(3) + 1).to(torch::kFloat32);
        BatchLoss l;
        l.total = (err * w).sum() / w.sum();
        l.weight = w.sum().item<double>();
        return l;
    };
}

std::vector<TrainStage> stages() {
    TrainStage s;
    s.label = "dp";
    s.epochs = 3;
    s.lr = 1e-2;
    s.weight_decay = 0.01;
    s.schedule = LrSchedule::warmup_cosine;
    s.warmup_fraction = 0.2;
    return {s};
}

TrainLoop loop_with(int64_t batch, const fs::path& dir = {}) {
    TrainLoop loop;
    loop.n_train = kTrain;
    loop.n_val = kVal;
    loop.batch_size = batch;
    loop.seed = 11;
    loop.checkpoint_dir = dir;
    loop.resume = !dir.empty();
    return loop;
}

DistributedEnv env_of(int64_t rank, int64_t world, int port, int timeout_s = 60) {
    DistributedEnv e;
    e.rank = rank;
    e.world_size = world;
    e.local_rank = rank;
    e.master_port = port;
    e.timeout = std::chrono::seconds(timeout_s);
    return e;
}

// Runs body(rank) on `world` threads; the first exception of each rank is returned.
std::vector<std::exception_ptr> on_ranks(int64_t world, const std::function<void(int64_t)>& body) {
    std::vector<std::exception_ptr> errors(size_t(world), nullptr);
    std::vector<std::thread> threads;
    for (int64_t r = 0; r < world; ++r)
        threads.emplace_back([&, r] {
            try {
                body(r);
            } catch (...) {
                errors[size_t(r)] = std::current_exception();
            }
        });
    for (auto& t : threads) t.join();
    return errors;
}

std::string message_of(const std::exception_ptr& e) {
    try {
        if (e) std::rethrow_exception(e);
    } catch (const std::exception& x) {
        return x.what();
    }
    return {};
}

void expect_close(Toy& got, Toy& want, const char* what) {
    auto a = got->named_parameters(), b = want->named_parameters();
    for (size_t i = 0; i < a.size(); ++i)
        QVERIFY2(at::allclose(a[i].value(), b[i].value(), 1e-5, 1e-6),
                 (std::string(what) + ": " + a[i].key()).c_str());
}

fs::path fresh_dir(const std::string& name) {
    fs::path dir = fs::path(test_paths::tmp_dir()) / ("data_parallel_" + name);
    remove_tree(dir);
    fs::create_directories(dir);
    return dir;
}

// The micro preset with per-process batches `lm` (teacher, student) and `semcot`, in a file.
fs::path preset_file(const fs::path& dir, const std::string& name, int64_t lm, int64_t semcot) {
    // A 320-piece tokenizer makes coin-flip questions up to ~600 pieces long.
    auto p = test_presets::micro_preset(640, {{"over_long", "skip"}, {"examples", 48}});
    p["teacher_train"]["batch_size"] = lm;
    p["student_train"]["batch_size"] = lm;
    p["semcot"]["batch_size"] = semcot;
    const fs::path file = dir / (name + ".json");
    write_file_atomic(file, p.dump(2));
    return file;
}

// Starts `semcot ARGS` with stderr into `err`; returns its pid.
pid_t start_cli(const std::vector<std::string>& args, const fs::path& err) {
    std::string cmd = std::string(SEMCOT_CLI);
    for (const auto& a : args) cmd += " '" + a + "'";
    cmd = "exec " + cmd + " 2>'" + err.string() + "' >/dev/null";
    std::vector<std::string> argv = {"/bin/sh", "-c", cmd};
    std::vector<char*> c;
    for (auto& a : argv) c.push_back(a.data());
    c.push_back(nullptr);
    pid_t pid = 0;
    ::posix_spawn(&pid, "/bin/sh", nullptr, nullptr, c.data(), environ);
    return pid;
}

// The exit code of `pid`, or -1 when it runs past `limit` (then killed).
int wait_cli(pid_t pid, std::chrono::seconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > end) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int run_cli(const std::vector<std::string>& args, const fs::path& err) {
    return wait_cli(start_cli(args, err), std::chrono::seconds(300));
}

// The child of `parent` whose environment has RANK=`rank`; 0 when none (yet).
pid_t worker_of(pid_t parent, int rank) {
    std::ifstream children("/proc/" + std::to_string(parent) + "/task/" +
                           std::to_string(parent) + "/children");
    pid_t pid = 0;
    while (children >> pid) {
        std::ifstream env("/proc/" + std::to_string(pid) + "/environ");
        std::string var;
        while (std::getline(env, var, '\0'))
            if (var == "RANK=" + std::to_string(rank)) return pid;
    }
    return 0;
}

void expect_same_model(const fs::path& a, const fs::path& b) {
    const auto fa = safetensors::File::open(a), fb = safetensors::File::open(b);
    QCOMPARE(fa.tensors().size(), fb.tensors().size());
    for (const auto& t : fa.tensors())
        QVERIFY2(at::allclose(fa.tensor(t.name), fb.tensor(t.name), 1e-4, 1e-5),
                 (a.string() + ": " + t.name).c_str());
}

} // namespace

class TestDataParallel final : public QObject {
    Q_OBJECT
private slots:
    void twoRanksEqualOneProcessWithTwiceTheBatch();
    void stopOnRankZeroStopsBothAndResumeContinuesExactly();
    void rankThatLeavesOrHangsEndsTheJobWithAnError();
    void rendezvousVariables();
    void cliTwoRanksTrainTheModelsOfOneProcess();
    void cliKilledWorkerIsNamedAndTheRunResumes();
};

void TestDataParallel::twoRanksEqualOneProcessWithTwiceTheBatch() {
    for (int64_t micro : {0, 3}) {
        Toy single(5);
        TrainLoop one = loop_with(8);
        one.micro_batch = micro;
        const TrainResult r1 = run_training(*single, stages(), one, {}, loss_of(single));

        const int port = free_local_port();
        Toy ranks[2] = {Toy(5), Toy(99)}; // rank 1 starts elsewhere: the broadcast aligns it
        TrainResult results[2];
        std::vector<TrainProgress> reports[2];
        const auto errors = on_ranks(2, [&](int64_t r) {
            TrainLoop loop = loop_with(4);
            loop.micro_batch = micro;
            loop.data_parallel = std::make_shared<DataParallelGroup>(env_of(r, 2, port));
            results[r] = run_training(*ranks[r], stages(), loop,
                                      [&, r](const TrainProgress& p) {
                                          reports[r].push_back(p);
                                          return true;
                                      },
                                      loss_of(ranks[r]));
        });
        for (const auto& e : errors) QVERIFY2(!e, message_of(e).c_str());
        QCOMPARE(results[0].steps, r1.steps);
        QCOMPARE(results[0].steps, int64_t(9)); // 3 epochs x 3 global batches
        QVERIFY(std::abs(results[0].best_val_loss - r1.best_val_loss) < 1e-5);
        QCOMPARE(results[1].best_val_loss, results[0].best_val_loss);
        QVERIFY(std::abs(results[0].final_train_loss - r1.final_train_loss) < 1e-5);
        expect_close(ranks[0], single, micro ? "rank 0, micro-batches" : "rank 0");
        expect_close(ranks[1], single, micro ? "rank 1, micro-batches" : "rank 1");
        QVERIFY(!reports[0].empty());
        QVERIFY(reports[1].empty()); // rank 0 alone reports
    }
}

void TestDataParallel::stopOnRankZeroStopsBothAndResumeContinuesExactly() {
    const fs::path dir = fresh_dir("resume");
    Toy reference[2] = {Toy(5), Toy(5)}, resumed[2] = {Toy(5), Toy(5)};
    int port = free_local_port();
    on_ranks(2, [&](int64_t r) {
        TrainLoop loop = loop_with(4);
        loop.data_parallel = std::make_shared<DataParallelGroup>(env_of(r, 2, port));
        run_training(*reference[r], stages(), loop, {}, loss_of(reference[r]));
    });
    port = free_local_port();
    const auto stopped = on_ranks(2, [&](int64_t r) {
        TrainLoop loop = loop_with(4, dir);
        loop.data_parallel = std::make_shared<DataParallelGroup>(env_of(r, 2, port));
        // Rank 0 alone receives progress: its "stop" at step 4 must stop rank 1 too.
        run_training(*resumed[r], stages(), loop,
                     [](const TrainProgress& p) { return p.step != 4; }, loss_of(resumed[r]));
    });
    for (int r = 0; r < 2; ++r) {
        QVERIFY2(stopped[size_t(r)], "both ranks stop");
        QVERIFY2(message_of(stopped[size_t(r)]).find("stopped at step 4") != std::string::npos,
                 message_of(stopped[size_t(r)]).c_str());
    }
    QVERIFY(fs::exists(dir / "dp/latest/train_state.json"));
    port = free_local_port();
    const auto errors = on_ranks(2, [&](int64_t r) {
        resumed[r] = Toy(7 + uint64_t(r)); // resumed into other weights: the checkpoint decides
        TrainLoop loop = loop_with(4, dir);
        loop.data_parallel = std::make_shared<DataParallelGroup>(env_of(r, 2, port));
        run_training(*resumed[r], stages(), loop, {}, loss_of(resumed[r]));
    });
    for (const auto& e : errors) QVERIFY2(!e, message_of(e).c_str());
    for (int r = 0; r < 2; ++r) expect_close(resumed[r], reference[0], "resumed");

    // The world size is part of the checkpoint: one process refuses to resume it.
    Toy alone(5);
    TrainLoop one = loop_with(4, dir);
    fs::remove_all(dir / "dp");
    port = free_local_port();
    on_ranks(2, [&](int64_t r) {
        Toy t(5);
        TrainLoop loop = loop_with(4, dir);
        loop.data_parallel = std::make_shared<DataParallelGroup>(env_of(r, 2, port));
        try {
            run_training(*t, stages(), loop, [](const TrainProgress& p) { return p.step != 2; },
                         loss_of(t));
        } catch (const Cancelled&) {
        }
    });
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             run_training(*alone, stages(), one, {}, loss_of(alone)));
}

void TestDataParallel::rankThatLeavesOrHangsEndsTheJobWithAnError() {
    // Rank 1 joins, then leaves before the first step (its group destroyed, as when its
    // process dies): rank 0's first collective fails with a message naming rank 0 of 2.
    for (bool hang : {false, true}) {
        const int port = free_local_port();
        const auto start = std::chrono::steady_clock::now();
        const auto errors = on_ranks(2, [&](int64_t r) {
            auto group = std::make_shared<DataParallelGroup>(env_of(r, 2, port, 3));
            if (r == 1) {
                if (hang) std::this_thread::sleep_for(std::chrono::seconds(6));
                return; // never trains
            }
            Toy t(5);
            TrainLoop loop = loop_with(4);
            loop.data_parallel = group;
            run_training(*t, stages(), loop, {}, loss_of(t));
        });
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const std::string m = message_of(errors[0]);
        QVERIFY2(errors[0], hang ? "a hanging rank is noticed" : "a dead rank is noticed");
        QVERIFY2(m.find("rank 0 of 2") != std::string::npos, m.c_str());
        QVERIFY2(m.find("another rank died, hangs or cannot be reached") != std::string::npos,
                 m.c_str());
        QVERIFY2(s < 20, std::to_string(s).c_str());
    }
}

void TestDataParallel::rendezvousVariables() {
    for (const char* v : {"WORLD_SIZE", "RANK", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT",
                          "SLURM_NTASKS", "SLURM_PROCID", "SLURM_LOCALID", "SEMCOT_DIST_TIMEOUT"})
        ::unsetenv(v);
    QVERIFY(!DistributedEnv::from_environment());
    ::setenv("WORLD_SIZE", "4", 1);
    ::setenv("RANK", "2", 1);
    ::setenv("LOCAL_RANK", "0", 1);
    ::setenv("MASTER_ADDR", "node7", 1);
    ::setenv("MASTER_PORT", "23456", 1);
    ::setenv("SEMCOT_DIST_TIMEOUT", "30", 1);
    auto e = DistributedEnv::from_environment();
    QVERIFY(e);
    QCOMPARE(e->rank, int64_t(2));
    QCOMPARE(e->world_size, int64_t(4));
    QCOMPARE(e->local_rank, int64_t(0));
    QCOMPARE(e->master_addr, std::string("node7"));
    QCOMPARE(e->master_port, 23456);
    QCOMPARE(e->timeout.count(), int64_t(30));
    for (auto [name, value] : {std::pair{"RANK", "4"}, {"RANK", "x"}, {"MASTER_PORT", "70000"}}) {
        ::setenv(name, value, 1);
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, DistributedEnv::from_environment());
        ::setenv("RANK", "2", 1);
        ::setenv("MASTER_PORT", "23456", 1);
    }
    ::unsetenv("RANK");
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, DistributedEnv::from_environment());
    for (const char* v : {"WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT"}) ::unsetenv(v);
    // SLURM: srun sets these; MASTER_ADDR comes from the batch script.
    ::setenv("SLURM_NTASKS", "8", 1);
    ::setenv("SLURM_PROCID", "5", 1);
    ::setenv("SLURM_LOCALID", "1", 1);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, DistributedEnv::from_environment());
    ::setenv("MASTER_ADDR", "10.0.0.1", 1);
    e = DistributedEnv::from_environment();
    QVERIFY(e);
    QCOMPARE(e->rank, int64_t(5));
    QCOMPARE(e->world_size, int64_t(8));
    QCOMPARE(e->local_rank, int64_t(1));
    QCOMPARE(e->master_port, 29500);
    for (const char* v : {"SLURM_NTASKS", "SLURM_PROCID", "SLURM_LOCALID", "MASTER_ADDR",
                          "SEMCOT_DIST_TIMEOUT"})
        ::unsetenv(v);
}

void TestDataParallel::cliTwoRanksTrainTheModelsOfOneProcess() {
    const fs::path dir = fresh_dir("cli");
    const fs::path two = dir / "two", one = dir / "one";
    const int a = run_cli({"train", "--preset", preset_file(dir, "per_rank", 8, 4).string(),
                           "--out", two.string(), "--nproc-per-node", "2", "--device", "cpu"},
                          dir / "two.err");
    QVERIFY2(a == 0, read_file(dir / "two.err").c_str());
    const int b = run_cli({"train", "--preset", preset_file(dir, "global", 16, 8).string(),
                           "--out", one.string(), "--device", "cpu"},
                          dir / "one.err");
    QVERIFY2(b == 0, read_file(dir / "one.err").c_str());
    const std::string log = read_file(dir / "two.err");
    QVERIFY2(log.find("2 ranks joined") != std::string::npos, log.c_str());
    // The language-model stages weigh by target tokens: the same steps exactly.
    expect_same_model(two / "teacher/model.safetensors", one / "teacher/model.safetensors");
    expect_same_model(two / "student/model.safetensors", one / "student/model.safetensors");
    const auto info = nlohmann::json::parse(read_file(two / "run.json"));
    QCOMPARE(info["status"].get<std::string>(), std::string("done"));
    QCOMPARE(info["stages_done"], nlohmann::json::parse(read_file(one / "run.json"))["stages_done"]);
    QVERIFY(fs::exists(two / "cg") && !fs::exists(two / "checkpoints"));
    // Baselines train in one process: said, not silently ignored.
    const int c = run_cli({"train", "--method", "pause", "--base", one.string(), "--out",
                           (dir / "pause").string(), "--nproc-per-node", "2"},
                          dir / "pause.err");
    QVERIFY2(c != 0 && read_file(dir / "pause.err").find("in one process") != std::string::npos,
             read_file(dir / "pause.err").c_str());
}

void TestDataParallel::cliKilledWorkerIsNamedAndTheRunResumes() {
    const fs::path dir = fresh_dir("cli_kill"), out = dir / "run";
    const auto preset = preset_file(dir, "p", 4, 4);
    ::setenv("SEMCOT_DIST_TIMEOUT", "20", 1);
    const pid_t launcher = start_cli({"train", "--preset", preset.string(), "--out", out.string(),
                                      "--nproc-per-node", "2", "--device", "cpu"},
                                     dir / "killed.err");
    // Kill rank 1 once training has written its first curve points.
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    pid_t rank1 = 0;
    while (std::chrono::steady_clock::now() < until) {
        if (fs::exists(out / "train_log.jsonl") && fs::file_size(out / "train_log.jsonl") > 200 &&
            (rank1 = worker_of(launcher, 1)) != 0)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    QVERIFY2(rank1 != 0, "training started with two ranks");
    ::kill(rank1, SIGKILL);
    const auto start = std::chrono::steady_clock::now();
    const int code = wait_cli(launcher, std::chrono::seconds(90));
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ::unsetenv("SEMCOT_DIST_TIMEOUT");
    const std::string err = read_file(dir / "killed.err");
    QVERIFY2(code != 0 && code != -1, err.c_str());
    QVERIFY2(err.find("rank 1 (pid " + std::to_string(rank1) + ") was killed by signal 9") !=
                 std::string::npos,
             err.c_str());
    QVERIFY2(err.find("rank 0 of 2") != std::string::npos, err.c_str()); // rank 0's own error
    QVERIFY2(s < 40, std::to_string(s).c_str());
    // The last checkpoint is intact: the run resumes with two ranks and finishes.
    const int resumed = run_cli({"train", "--resume", "--preset", preset.string(), "--out",
                                 out.string(), "--nproc-per-node", "2", "--device", "cpu"},
                                dir / "resumed.err");
    QVERIFY2(resumed == 0, read_file(dir / "resumed.err").c_str());
    const auto info = nlohmann::json::parse(read_file(out / "run.json"));
    QCOMPARE(info["status"].get<std::string>(), std::string("done"));
}

QTEST_APPLESS_MAIN(TestDataParallel)
#include "test_data_parallel.moc"
