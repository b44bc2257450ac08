// Data-parallel training on LibTorch's own distributed backend (issue 17 §3): a process group of
// torch/csrc/distributed/c10d (ProcessGroupGloo over TCP; rendezvous through a c10d::TCPStore
// served by rank 0), as torch.distributed.init_process_group("gloo", "env://") makes it.
//
// The rendezvous reads the variables torchrun sets (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR,
// MASTER_PORT), or SLURM's (SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID) where RANK is unset, so
// existing launchers work; `semcot train --nproc-per-node N` sets them itself
// (train/launcher.h). GLOO_SOCKET_IFNAME picks the network interface as in PyTorch.
//
// How the training loop uses a group (train/training_loop.h, TrainLoop::data_parallel): each
// rank computes the loss of its shard of every global batch, gradients are summed with a
// bucketed all-reduce and divided by the global loss weight, so every rank takes the same
// optimiser step as one process on the whole global batch; rank 0 alone reports progress and
// writes checkpoints; every rank reads them on resume (one machine, or a shared file system).
//
// Errors: every collective waits at most `timeout`; a rank that died, hangs or cannot be
// reached turns into semcot::Error naming this rank, the operation and the timeout, never a
// silent hang.
#pragma once

#include <ATen/core/Tensor.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace semcot {

// Where this process sits in a job and how to reach rank 0.
struct DistributedEnv {
    int64_t rank = 0;        // global rank, 0 .. world_size-1 (RANK / SLURM_PROCID)
    int64_t world_size = 1;  // number of processes (WORLD_SIZE / SLURM_NTASKS)
    int64_t local_rank = 0;  // rank on this machine (LOCAL_RANK / SLURM_LOCALID): its GPU
    std::string master_addr = "127.0.0.1"; // MASTER_ADDR: host of rank 0's store
    int master_port = 29500;               // MASTER_PORT
    // The longest any collective (or the rendezvous) waits for the other ranks
    // (SEMCOT_DIST_TIMEOUT seconds; default 600: a step on a large model stays well inside).
    std::chrono::seconds timeout{600};

    // From the environment: nullopt when neither WORLD_SIZE nor SLURM_NTASKS is set (a plain
    // one-process run). InvalidArgument names a malformed or inconsistent variable (rank
    // outside the world, a port outside 1..65535, ...).
    static std::optional<DistributedEnv> from_environment();
};

// One process group, made by rendezvous. Every call is a collective: all ranks must make the
// same calls, in the same order, with tensors of the same shapes and dtypes.
class DataParallelGroup {
public:
    // Rendezvous (blocks until all world_size ranks joined or env.timeout passed: Error).
    // Error too when LibTorch was built without Gloo.
    explicit DataParallelGroup(const DistributedEnv& env);
    ~DataParallelGroup();
    DataParallelGroup(const DataParallelGroup&) = delete;
    DataParallelGroup& operator=(const DataParallelGroup&) = delete;

    int64_t rank() const;
    int64_t world_size() const;
    bool is_main() const { return rank() == 0; }
    std::chrono::seconds timeout() const;

    // Sums `tensors` over the ranks, in place. Tensors are packed into flat buckets of at most
    // bucket_bytes per dtype and device (DDP's default bucket is 25 MiB), one all-reduce per
    // bucket, all in flight together. Tensors must be contiguous.
    void all_reduce_sum(std::vector<at::Tensor>& tensors, int64_t bucket_bytes = 25 << 20);
    // Copies rank `root`'s `tensors` into every rank's, in place (same packing).
    void broadcast(std::vector<at::Tensor>& tensors, int64_t root = 0);
    // Returns when every rank reached it.
    void barrier();
    // The largest of every rank's `value` (e.g. "stop": any rank's 1 stops them all).
    double all_reduce_max(double value);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The process's default group, like torch.distributed's: set once by the CLI after the
// rendezvous, used by the training loop when TrainLoop::data_parallel is unset. Null: one
// process.
std::shared_ptr<DataParallelGroup> default_data_parallel_group();
void set_default_data_parallel_group(std::shared_ptr<DataParallelGroup> group);

// The rank-0 test for code that writes files (run folders, logs): true without a group.
bool is_main_process();

} // namespace semcot
