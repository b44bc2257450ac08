// One training per run folder (common/run_lock.h): a second lock fails naming the holder's
// pid, host and start time; the lock goes with its holder (destroyed, or a process killed with
// SIGKILL); the query names the holder without taking the lock; a folder held by another
// process makes train_run, a baseline and `semcot train --resume` (exit code 2, also under
// --nproc-per-node 2) fail at once and leaves the run's files as they were.
#include "support/micro_preset.h"
#include "support/qtest_compat.h"

#include "baselines/train_baseline.h"
#include "common/error.h"
#include "common/platform.h"
#include "common/run_lock.h"
#include "semcot/preset.h"
#include "semcot/run.h"

#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <thread>

using namespace semcot;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

fs::path fresh_dir(const std::string& name) {
    const fs::path dir = fs::path(test_paths::tmp_dir()) / "run_lock" / name;
    remove_tree(dir);
    fs::create_directories(dir);
    return dir;
}

std::string host() {
    char h[256] = {};
    gethostname(h, sizeof h - 1);
    return h;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// The message of the InvalidArgument `fn` throws; "" when it throws nothing.
template <typename Fn> std::string refusal(Fn&& fn) {
    try {
        fn();
    } catch (const InvalidArgument& e) {
        return e.what();
    }
    return "";
}

// A child process that holds `folder`'s lock until it is killed.
pid_t child_holding(const fs::path& folder) {
    int ready[2];
    if (pipe(ready) != 0) return -1;
    const pid_t pid = fork();
    if (pid == 0) {
        ::close(ready[0]);
        try {
            RunLock lock(folder, "training");
            const char ok = 1;
            if (::write(ready[1], &ok, 1) != 1) _exit(3);
            for (;;) pause();
        } catch (...) {
            _exit(4);
        }
    }
    ::close(ready[1]);
    char ok = 0;
    const bool locked = pid > 0 && ::read(ready[0], &ok, 1) == 1 && ok == 1;
    ::close(ready[0]);
    return locked ? pid : -1;
}

void kill_child(pid_t pid) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
}

// A run folder in the middle of its training: run.json and a checkpoint.
void write_unfinished_run(const fs::path& out, const fs::path& preset_file) {
    const nlohmann::json preset = nlohmann::json::parse(read_file(preset_file));
    const nlohmann::json info = {
        {"schema", "semcot.run/1"}, {"preset", preset}, {"preset_name", "micro"},
        {"task", "coinflip"},       {"seed", 0},        {"status", "training"},
        {"stages_done", {"data"}}};
    write_file_atomic(out / "run.json", info.dump(2) + "\n");
    fs::create_directories(out / "checkpoints/teacher");
    write_file_atomic(out / "checkpoints/teacher/state.txt", "epoch 1\n");
}

// Every file under `dir` but the lock file, with its contents.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file() && e.path().filename() != kRunLockFile)
            out[fs::relative(e.path(), dir).string()] = read_file(e.path());
    return out;
}

// An unfinished run of the micro preset in a fresh DIR/run, its files as they were, and a
// child process holding its lock.
struct HeldRun {
    fs::path dir, out, preset_file;
    std::map<std::string, std::string> before;
    pid_t child = -1;
};

HeldRun held_run(const std::string& name) {
    HeldRun h;
    h.dir = fresh_dir(name);
    h.out = h.dir / "run";
    fs::create_directories(h.out);
    h.preset_file = h.dir / "micro.json";
    write_file_atomic(h.preset_file, test_presets::micro_preset(64).dump(2));
    write_unfinished_run(h.out, h.preset_file);
    h.before = snapshot(h.out);
    h.child = child_holding(h.out);
    return h;
}

struct Cli {
    int code = -1;
    std::string err;
};

Cli run_cli(const std::string& args) {
    const std::string err_file = std::string(SEMCOT_TEST_TMP_DIR) + "/run_lock_stderr.txt";
    const std::string cmd = std::string(SEMCOT_CLI) + " " + args + " >/dev/null 2>" + err_file;
    Cli r;
    const int status = std::system(cmd.c_str());
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.err = read_file(err_file);
    return r;
}

} // namespace

class TestRunLock final : public QObject {
    Q_OBJECT
private slots:
    void secondLockFailsNamingTheHolder();
    void releasedWhenTheHolderGoes();
    void nestedInOneThreadOnly();
    void softcotLocksItsFolderOnce();
    void childProcessBlocksTrainingUntilKilled();
    void cliRefusesALockedFolder();
};

void TestRunLock::secondLockFailsNamingTheHolder() {
    const fs::path dir = fresh_dir("twice");
    RunLock lock(dir, "training");
    QVERIFY(lock.held());
    QVERIFY(fs::exists(dir / kRunLockFile));
    // Another thread of this process: the app training in-process while another job starts.
    std::string message;
    std::thread other([&] { message = refusal([&] { RunLock again(dir, "baseline pause"); }); });
    other.join();
    QVERIFY2(contains(message, dir.string() + " is being trained right now by pid " +
                                   std::to_string(getpid()) + " on " + host()),
             message.c_str());
    QVERIFY2(contains(message, ", started 20"), message.c_str()); // ISO 8601 UTC
    QVERIFY2(contains(message, "(training in test_run_lock"), message.c_str());
    QVERIFY2(contains(message, "wait for it to finish or stop it, or choose another --out"),
             message.c_str());
    // The query sees it too (a lock of this process, through another open file).
    const auto holder = run_folder_holder(dir);
    QVERIFY(holder.has_value());
    QCOMPARE(holder->pid, int64_t(getpid()));
    QCOMPARE(holder->host, host());
    QCOMPARE(holder->job, std::string("training"));
    QCOMPARE(holder->program, std::string("test_run_lock"));
    QVERIFY2(holder->started.size() == 20 && holder->started.back() == 'Z',
             holder->started.c_str());
}

void TestRunLock::releasedWhenTheHolderGoes() {
    const fs::path dir = fresh_dir("released");
    QVERIFY(!run_folder_holder(dir)); // no lock file: free
    {
        RunLock lock(dir, "training");
        RunLock moved = std::move(lock); // the lock goes with the object
        QVERIFY(!lock.held() && moved.held());
        QVERIFY(run_folder_holder(dir).has_value());
    }
    QVERIFY(!run_folder_holder(dir));
    QVERIFY(fs::exists(dir / kRunLockFile)); // never deleted: deleting lock files races
    std::string message;
    std::thread other([&] { message = refusal([&] { RunLock again(dir, "training"); }); });
    other.join();
    QVERIFY2(message.empty(), message.c_str());
    RunLock early(dir, "training");
    early.release();
    QVERIFY(!early.held() && !run_folder_holder(dir));
    // A folder that does not exist yet is created with its lock.
    const fs::path fresh = dir / "new/run";
    RunLock created(fresh, "training");
    QVERIFY(fs::is_directory(fresh));
}

// train_baseline (SoftCoT) and the app's worker take a folder's lock, then train_run takes it
// again on the same thread; the file is unlocked when the outermost goes.
void TestRunLock::nestedInOneThreadOnly() {
    const fs::path dir = fresh_dir("nested");
    std::optional<RunLock> outer(std::in_place, dir, "baseline softcot");
    {
        RunLock inner(dir, "training");
        QVERIFY(inner.held());
    }
    QVERIFY(run_folder_holder(dir).has_value()); // the outer one still holds it
    QCOMPARE(run_folder_holder(dir)->job, std::string("baseline softcot"));
    outer.reset();
    QVERIFY(!run_folder_holder(dir));
}

// SoftCoT: train_baseline locks METHOD's folder, then its train_run locks it again (nested):
// the refusal is the base run's, not a lock held by itself, and the folder is free after.
void TestRunLock::softcotLocksItsFolderOnce() {
    const fs::path dir = fresh_dir("softcot");
    const fs::path out = dir / "methods/softcot";
    fs::create_directories(out);
    BaselineTrainParams b;
    b.method = Method::softcot;
    b.base = dir / "no_such_base";
    b.out = out;
    b.softcot_preset = preset_from_json(test_presets::micro_preset(64), "micro", "micro");
    const std::string message = refusal([&] { train_baseline(b); });
    QVERIFY2(contains(message, "cannot be a base run"), message.c_str());
    QVERIFY(!run_folder_holder(out));
}

void TestRunLock::childProcessBlocksTrainingUntilKilled() {
    const HeldRun held = held_run("child");
    const fs::path &dir = held.dir, &out = held.out, &preset_file = held.preset_file;
    const auto& before = held.before;
    const pid_t child = held.child;
    QVERIFY(child > 0);
    const auto holder = run_folder_holder(out);
    QVERIFY(holder.has_value());
    QCOMPARE(holder->pid, int64_t(child));
    QCOMPARE(holder->host, host());

    TrainRunParams p;
    p.preset = load_preset(preset_file.string());
    p.out = out;
    p.resume = true;
    auto t0 = Clock::now();
    std::string message = refusal([&] { train_run(p); });
    QVERIFY2(seconds_since(t0) < 2, "train_run waited for the lock");
    QVERIFY2(contains(message, "being trained right now by pid " + std::to_string(child)),
             message.c_str());
    // Without --resume the lock is named too, not "already holds a run": resuming would not help.
    p.resume = false;
    message = refusal([&] { train_run(p); });
    QVERIFY2(contains(message, "pid " + std::to_string(child)), message.c_str());
    // A baseline into the folder (BASE/methods/NAME, or --out): refused before anything else.
    BaselineTrainParams b;
    b.method = Method::pause;
    b.base = dir / "no_such_base";
    b.out = out;
    message = refusal([&] { train_baseline(b); });
    QVERIFY2(contains(message, "pid " + std::to_string(child)), message.c_str());
    QVERIFY(snapshot(out) == before); // run.json (still "training") and the checkpoint as they were

    // SIGKILL: the kernel drops the lock with the process.
    kill_child(child);
    QVERIFY(!run_folder_holder(out));
    RunLock mine(out, "training");
    QVERIFY(mine.held());
}

void TestRunLock::cliRefusesALockedFolder() {
    const HeldRun held = held_run("cli");
    const fs::path &out = held.out, &preset_file = held.preset_file;
    const auto& before = held.before;
    const pid_t child = held.child;
    QVERIFY(child > 0);

    const std::string args =
        "train --preset " + preset_file.string() + " --out " + out.string() + " --resume";
    auto t0 = Clock::now();
    Cli r = run_cli(args);
    const double one = seconds_since(t0);
    QVERIFY2(r.code == 2, r.err.c_str()); // InvalidArgument: bad usage
    QVERIFY2(contains(r.err,
                      "being trained right now by pid " + std::to_string(child) + " on " + host()),
             r.err.c_str());
    QVERIFY2(contains(r.err, "choose another --out"), r.err.c_str());
    // Two ranks: rank 0 holds no lock, and the other rank does not wait for it either.
    t0 = Clock::now();
    r = run_cli(args + " --nproc-per-node 2 --device cpu");
    const double two = seconds_since(t0);
    QVERIFY2(r.code == 2, r.err.c_str());
    QVERIFY2(contains(r.err, "pid " + std::to_string(child)), r.err.c_str());
    qInfo("refused in %.2f s (one process), %.2f s (two ranks)", one, two);
    QVERIFY2(two < 60, "the ranks waited for each other");
    QVERIFY(snapshot(out) == before);
    kill_child(child);
}

QTEST_APPLESS_MAIN(TestRunLock)
#include "test_run_lock.moc"
