#include "common/run_lock.h"

#include "common/error.h"
#include "common/provenance.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <map>
#include <mutex>
#include <thread>

namespace semcot {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using Clock = std::chrono::steady_clock;

// The locks this process holds, by canonical folder: one open file per folder, taken again
// (nested) only by the thread that took it.
struct HeldLock {
    int fd = -1;
    std::thread::id owner;
    int count = 0;
};

struct Registry {
    std::mutex mutex;
    std::map<std::string, HeldLock> held;
};

Registry& registry() {
    static Registry r;
    return r;
}


std::string program_name() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string() : exe.filename().string();
}

int flock_retrying(int fd, int operation) {
    int rc;
    do rc = ::flock(fd, operation);
    while (rc != 0 && errno == EINTR);
    return rc;
}

std::string read_all(int fd) {
    std::string out;
    char buf[4096];
    off_t at = 0;
    for (;;) {
        const ssize_t n = ::pread(fd, buf, sizeof buf, at);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        out.append(buf, size_t(n));
        at += n;
    }
    return out;
}

// What the holder wrote; it may be writing it right now (truncated, then written), so an
// unreadable file is read again a few times.
RunLockHolder read_holder(int fd) {
    RunLockHolder h;
    for (int attempt = 0; attempt < 10; ++attempt) {
        try {
            const json j = json::parse(read_all(fd));
            if (j.is_object()) {
                h.pid = j.value("pid", int64_t(0));
                h.host = j.value("host", std::string());
                h.started = j.value("started", std::string());
                h.program = j.value("program", std::string());
                h.job = j.value("job", std::string());
                h.command = j.value("command", std::string());
                return h;
            }
        } catch (const json::exception&) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return h;
}

void write_holder(int fd, const std::string& job) {
    const json j = {
        {"pid", int64_t(::getpid())}, {"host", host_name()}, {"started", utc_now()},
        {"program", program_name()},  {"job", job},          {"command", command_line()}};
    const std::string text = j.dump(1) + "\n";
    // Best effort: the lock is what protects the folder; the text only names the holder.
    if (::ftruncate(fd, 0) != 0) return;
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::pwrite(fd, text.data() + done, text.size() - done, off_t(done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        done += size_t(n);
    }
}

std::string locked_message(const fs::path& folder, const RunLockHolder& holder) {
    return folder.string() + " is being trained right now by " +
           (holder.pid > 0 ? holder.describe()
                           : "another process (its lock file " + (folder / kRunLockFile).string() +
                                 " names no holder yet)") +
           ": wait for it to finish or stop it, or choose another --out";
}

} // namespace

std::string RunLockHolder::describe() const {
    std::string s = "pid " + std::to_string(pid);
    if (!host.empty()) s += " on " + host;
    if (!started.empty()) s += ", started " + started;
    std::string what = job;
    if (!program.empty()) what += (what.empty() ? "" : " in ") + program;
    if (!command.empty()) what += (what.empty() ? "" : ": ") + command;
    if (!what.empty()) s += " (" + what + ")";
    return s;
}

RunLock::RunLock(const fs::path& folder, const std::string& job) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw IoError("cannot create " + folder.string() + ": " + ec.message());
    fs::path canonical = fs::canonical(folder, ec);
    if (ec) canonical = fs::absolute(folder).lexically_normal();
    const std::string key = canonical.string();

    Registry& r = registry();
    std::lock_guard<std::mutex> guard(r.mutex);
    if (const auto it = r.held.find(key); it != r.held.end()) {
        if (it->second.owner != std::this_thread::get_id())
            throw InvalidArgument(locked_message(folder, read_holder(it->second.fd)));
        ++it->second.count; // nested, in the thread that holds it
        key_ = key;
        return;
    }
    const fs::path file = folder / kRunLockFile;
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        throw IoError("cannot create the lock file " + file.string() + ": " + std::strerror(errno));
    // run_folder_holder() holds a shared lock for a moment: a few tries before giving up.
    const auto deadline = Clock::now() + std::chrono::milliseconds(500);
    bool locked = false, supported = true;
    for (;;) {
        if (flock_retrying(fd, LOCK_EX | LOCK_NB) == 0) {
            locked = true;
            break;
        }
        const int err = errno;
        if (err == ENOLCK || err == EOPNOTSUPP || err == ENOSYS || err == EINVAL) {
            supported = false; // a file system without locks: train unlocked
            break;
        }
        if (err != EWOULDBLOCK) {
            ::close(fd);
            throw IoError("cannot lock " + file.string() + ": " + std::strerror(err));
        }
        if (Clock::now() >= deadline) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!locked && supported) {
        const RunLockHolder holder = read_holder(fd);
        ::close(fd);
        throw InvalidArgument(locked_message(folder, holder));
    }
    if (locked) write_holder(fd, job);
    r.held[key] = HeldLock{fd, std::this_thread::get_id(), 1};
    key_ = key;
}

RunLock::~RunLock() {
    release();
}

RunLock::RunLock(RunLock&& other) noexcept
    : key_(std::move(other.key_)) {
    other.key_.clear();
}

RunLock& RunLock::operator=(RunLock&& other) noexcept {
    if (this != &other) {
        release();
        key_ = std::move(other.key_);
        other.key_.clear();
    }
    return *this;
}

void RunLock::release() {
    if (key_.empty()) return;
    Registry& r = registry();
    std::lock_guard<std::mutex> guard(r.mutex);
    if (const auto it = r.held.find(key_); it != r.held.end() && --it->second.count == 0) {
        ::close(it->second.fd); // the kernel drops the flock with the last descriptor
        r.held.erase(it);
    }
    key_.clear();
}

std::optional<RunLockHolder> run_folder_holder(const fs::path& folder) {
    const fs::path file = folder / kRunLockFile;
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    std::optional<RunLockHolder> holder;
    if (flock_retrying(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK)
        holder = read_holder(fd);
    ::close(fd); // releases the shared lock when it was taken
    return holder;
}

} // namespace semcot
