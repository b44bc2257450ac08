#include "train/launcher.h"

#include "common/error.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <map>
#include <thread>

extern char** environ;

namespace semcot {

namespace {

using Clock = std::chrono::steady_clock;

std::atomic<int> g_forward_signal{0};
extern "C" void remember_signal(int sig) { g_forward_signal = sig; }

// The environment of rank `rank`: ours with the rendezvous variables replaced.
std::vector<std::string> worker_environment(const LaunchParams& p, int64_t rank, int port) {
    const std::map<std::string, std::string> set = {
        {"RANK", std::to_string(rank)},        {"LOCAL_RANK", std::to_string(rank)},
        {"WORLD_SIZE", std::to_string(p.nproc)}, {"LOCAL_WORLD_SIZE", std::to_string(p.nproc)},
        {"MASTER_ADDR", p.master_addr},          {"MASTER_PORT", std::to_string(port)},
        {"SEMCOT_LAUNCHED", "1"}};
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
        const std::string kv = *e;
        if (!set.count(kv.substr(0, kv.find('=')))) env.push_back(kv);
    }
    for (const auto& [k, v] : set) env.push_back(k + "=" + v);
    return env;
}

std::vector<char*> c_strings(std::vector<std::string>& v) {
    std::vector<char*> out;
    for (auto& s : v) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

std::string describe(int64_t rank, pid_t pid, int status) {
    const std::string who = "rank " + std::to_string(rank) + " (pid " + std::to_string(pid) + ")";
    if (WIFSIGNALED(status))
        return who + " was killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
               strsignal(WTERMSIG(status)) + ")";
    return who + " exited with status " + std::to_string(WEXITSTATUS(status));
}

int exit_code(int status) {
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

void signal_all(const std::map<pid_t, int64_t>& alive, int sig) {
    for (const auto& [pid, rank] : alive) ::kill(pid, sig);
}

// Waits for the workers; the first failure starts the grace period.
int supervise(std::map<pid_t, int64_t> alive, const LaunchParams& p,
              const std::function<void(const std::string&)>& log) {
    int result = 0;
    Clock::time_point failed_at{};
    bool terminated = false, forwarded = false;
    while (!alive.empty()) {
        if (const int sig = g_forward_signal.exchange(0)) {
            signal_all(alive, sig);
            forwarded = true;
        }
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, WNOHANG);
        if (pid > 0 && alive.count(pid)) {
            const int64_t rank = alive[pid];
            alive.erase(pid);
            if (exit_code(status) != 0 && result == 0) {
                result = exit_code(status);
                failed_at = Clock::now();
                // A stop the user asked for (Ctrl+C: 130) is not a failure to report.
                if (log && !(forwarded && result == 130))
                    log(describe(rank, pid, status) + "; stopping the job");
            }
            continue;
        }
        if (result != 0 && !alive.empty() && Clock::now() - failed_at > p.grace) {
            if (log && !terminated)
                log(std::to_string(alive.size()) + " rank(s) still running " +
                    std::to_string(p.grace.count()) + " s after the failure: terminating them");
            signal_all(alive, terminated ? SIGKILL : SIGTERM);
            failed_at = Clock::now() - p.grace + std::chrono::seconds(5);
            terminated = true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return result;
}

} // namespace

int free_local_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw IoError(std::string("socket: ") + std::strerror(errno));
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
                    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0;
    ::close(fd);
    if (!ok) throw IoError(std::string("no free local port: ") + std::strerror(errno));
    return ntohs(a.sin_port);
}

int launch_local_workers(const LaunchParams& p,
                         const std::function<void(const std::string&)>& log) {
    if (p.nproc < 1) throw InvalidArgument("--nproc-per-node must be at least 1");
    if (p.argv.empty()) throw InvalidArgument("launch_local_workers: no program to run");
    int port = p.master_port;
    if (port == 0) {
        const char* env = std::getenv("MASTER_PORT");
        port = env && *env ? std::atoi(env) : free_local_port();
    }
    struct sigaction forward {}, old_int{}, old_term{};
    forward.sa_handler = remember_signal;
    ::sigaction(SIGINT, &forward, &old_int);
    ::sigaction(SIGTERM, &forward, &old_term);
    std::map<pid_t, int64_t> alive;
    for (int64_t r = 0; r < p.nproc; ++r) {
        std::vector<std::string> args = p.argv, env = worker_environment(p, r, port);
        auto argv = c_strings(args), envp = c_strings(env);
        pid_t pid = 0;
        if (const int err = ::posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), envp.data())) {
            signal_all(alive, SIGTERM);
            for (const auto& [child, rank] : alive) ::waitpid(child, nullptr, 0);
            ::sigaction(SIGINT, &old_int, nullptr);
            ::sigaction(SIGTERM, &old_term, nullptr);
            throw Error("cannot start rank " + std::to_string(r) + " (" + p.argv[0] +
                        "): " + std::strerror(err));
        }
        alive[pid] = r;
    }
    const int result = supervise(std::move(alive), p, log);
    ::sigaction(SIGINT, &old_int, nullptr);
    ::sigaction(SIGTERM, &old_term, nullptr);
    return result;
}

} // namespace semcot
