// One machine, N processes: what `torchrun --standalone --nproc-per-node N` does for a
// PyTorch script, for `semcot train --nproc-per-node N` (issue 17 §3). Each worker is this
// program again, started with the variables torchrun sets (RANK = LOCAL_RANK = r, WORLD_SIZE =
// LOCAL_WORLD_SIZE = N, MASTER_ADDR, MASTER_PORT) and SEMCOT_LAUNCHED=1 (so that the command
// line's --nproc-per-node does not start ranks again); train/data_parallel.h reads them as
// torchrun's.
//
// The launcher watches the workers: when one exits with an error or is killed, it names that
// rank; the others then fail in their next collective (their timeout) and exit; any still
// alive after `grace` is terminated (SIGTERM, then SIGKILL 5 s later). A SIGINT or SIGTERM to
// the launcher is passed on to every worker (rank 0 then stops them all at a safe point).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace semcot {

struct LaunchParams {
    std::vector<std::string> argv; // each worker's command line; argv[0] the program to run
    int64_t nproc = 1;             // workers (ranks) on this machine
    std::string master_addr = "127.0.0.1";
    int master_port = 0; // 0: a free port on this machine (MASTER_PORT when it is set)
    // How long the others may take to exit after one failed: their collective timeout
    // (SEMCOT_DIST_TIMEOUT) plus time to write their message.
    std::chrono::seconds grace{660};
};

// Starts the workers and waits for all of them. Returns 0 when every rank exited with 0, else
// the exit status of the first rank that failed (128 + signal when it was killed). `log` gets
// one line per failure. Throws Error when a worker cannot be started (the ones already started
// are terminated), InvalidArgument for nproc < 1 or an empty argv.
int launch_local_workers(const LaunchParams& params,
                         const std::function<void(const std::string&)>& log);

// A TCP port on 127.0.0.1 free at the time of the call (bind to port 0, read it back).
int free_local_port();

} // namespace semcot
