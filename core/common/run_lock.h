// One training at a time per folder. Every job that writes a run folder (semcot train and
// --resume, a baseline in BASE/methods/NAME, the implicit-token decoder, the desktop app's
// training) holds an exclusive lock on FOLDER/.semcot.lock while it writes, so a second
// process (two `semcot train --resume`, the app and the CLI) cannot train into the same folder
// and overwrite its checkpoints and run.json: it fails at once with InvalidArgument naming the
// holder.
//
// The lock is POSIX flock(2): advisory, and released by the kernel when the holder exits or is
// killed, so a crash leaves no stale lock. The lock file itself is never deleted (deleting a
// lock file races with a process that has just opened it); it holds what the current or last
// holder wrote: its pid, host, start time (ISO 8601 UTC), program, job and command line. A free
// lock's file is just a record of the last training.
//
// flock locks belong to an open file description, so another thread of the same process that
// opens the file conflicts like another process (the app training in-process is seen by its
// Runs view), while a thread that already holds a folder's lock may take it again (nested:
// the app's worker, then train_run; a SoftCoT baseline, then train_run for its folder); the
// file is unlocked when the outermost RunLock of that thread goes. On NFS, Linux maps flock to
// POSIX byte-range locks, which work across machines; a file system without locks (ENOLCK)
// trains unlocked.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace semcot {

inline constexpr const char* kRunLockFile = ".semcot.lock";

// Who holds a folder's lock, as the holder wrote it into the lock file.
struct RunLockHolder {
    int64_t pid = 0;     // 0: the file does not say (being written, or not ours)
    std::string host;    // gethostname()
    std::string started; // when it took the lock, ISO 8601 UTC ("2025-01-31T12:00:00Z")
    std::string program; // the executable's file name: "semcot", "semcot-studio", ...
    std::string job;     // what it trains: "semcot train", "baseline pause", "decoder"
    std::string command; // the command line (common/provenance.h command_line()), or ""

    // "pid 4242 on node1 (semcot train since 2025-01-31T12:00:00Z: semcot train --out x)".
    std::string describe() const;
};

// Holds FOLDER/.semcot.lock for its lifetime (RAII; movable, not copyable).
class RunLock {
public:
    RunLock() = default; // holds nothing
    // Creates `folder` when absent and locks it for `job` (see RunLockHolder::job). Throws
    // InvalidArgument naming the folder and the holder when another process, or another thread
    // of this one, holds it ("wait for it to finish or stop it, or choose another --out");
    // IoError when the folder or the lock file cannot be created.
    RunLock(const std::filesystem::path& folder, const std::string& job);
    ~RunLock();
    RunLock(RunLock&& other) noexcept;
    RunLock& operator=(RunLock&& other) noexcept;
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

    bool held() const { return !key_.empty(); }
    // Unlocks now (the destructor does the same); the lock file stays.
    void release();

private:
    std::string key_; // the folder's canonical path; empty: nothing held
};

// Whether `folder` is being trained right now, and by whom: tries the lock (shared, not
// blocking) and releases it at once. nullopt when it is free, or there is no lock file. A
// holder whose file cannot be parsed is returned with pid 0. Never creates anything.
std::optional<RunLockHolder> run_folder_holder(const std::filesystem::path& folder);

} // namespace semcot
