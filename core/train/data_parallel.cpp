#include "train/data_parallel.h"

#include "common/error.h"

#include <ATen/ATen.h>

#ifdef SEMCOT_HAVE_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif

#include <cstdlib>
#include <map>

namespace semcot {

namespace {

const char* env_or_null(const char* name) {
    const char* v = std::getenv(name);
    return v && *v ? v : nullptr;
}

int64_t env_integer(const char* name, const char* value, int64_t lo, int64_t hi) {
    try {
        size_t used = 0;
        const long long v = std::stoll(value, &used);
        if (used == std::string(value).size() && v >= lo && v <= hi) return v;
    } catch (const std::exception&) {
    }
    throw InvalidArgument(std::string(name) + "=" + value + ": expected an integer in [" +
                          std::to_string(lo) + ", " + std::to_string(hi) + "]");
}

// The first of `names` that is set, as an integer; `fallback` when none is.
int64_t first_integer(std::initializer_list<const char*> names, int64_t lo, int64_t hi,
                      int64_t fallback) {
    for (const char* n : names)
        if (const char* v = env_or_null(n)) return env_integer(n, v, lo, hi);
    return fallback;
}

// c10::Error's message without its C++ backtrace.
std::string first_line(const std::exception& e) {
    std::string s = e.what();
    const auto nl = s.find('\n');
    return nl == std::string::npos ? s : s.substr(0, nl);
}

std::shared_ptr<DataParallelGroup>& default_group_slot() {
    static std::shared_ptr<DataParallelGroup> group;
    return group;
}

} // namespace

std::optional<DistributedEnv> DistributedEnv::from_environment() {
    if (!env_or_null("WORLD_SIZE") && !env_or_null("SLURM_NTASKS")) return std::nullopt;
    DistributedEnv env;
    constexpr int64_t kMaxWorld = 1 << 20;
    env.world_size = first_integer({"WORLD_SIZE", "SLURM_NTASKS"}, 1, kMaxWorld, 1);
    const bool torchrun = env_or_null("WORLD_SIZE") != nullptr;
    env.rank = torchrun ? first_integer({"RANK"}, 0, kMaxWorld, -1)
                        : first_integer({"SLURM_PROCID"}, 0, kMaxWorld, -1);
    if (env.rank < 0)
        throw InvalidArgument(torchrun ? "WORLD_SIZE is set but RANK is not"
                                       : "SLURM_NTASKS is set but SLURM_PROCID is not");
    if (env.rank >= env.world_size)
        throw InvalidArgument("rank " + std::to_string(env.rank) + " is outside a world of " +
                              std::to_string(env.world_size) + " processes");
    env.local_rank = torchrun ? first_integer({"LOCAL_RANK"}, 0, kMaxWorld, 0)
                              : first_integer({"SLURM_LOCALID"}, 0, kMaxWorld, 0);
    if (const char* addr = env_or_null("MASTER_ADDR"))
        env.master_addr = addr;
    else if (env.world_size > 1 && !torchrun)
        throw InvalidArgument("under SLURM, set MASTER_ADDR to the host of rank 0 (e.g. the "
                              "first of `scontrol show hostnames $SLURM_JOB_NODELIST`)");
    env.master_port = int(first_integer({"MASTER_PORT"}, 1, 65535, env.master_port));
    env.timeout = std::chrono::seconds(
        first_integer({"SEMCOT_DIST_TIMEOUT"}, 1, 7 * 24 * 3600, env.timeout.count()));
    return env;
}

#ifdef SEMCOT_HAVE_GLOO

struct DataParallelGroup::Impl {
    DistributedEnv env;
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> pg;

    // Runs one collective, turning any failure into an Error that names this rank.
    template <typename F>
    void collective(const char* what, F&& f) {
        try {
            auto work = f();
            work->wait();
        } catch (const std::exception& e) {
            throw Error("rank " + std::to_string(env.rank) + " of " +
                        std::to_string(env.world_size) + ": " + what +
                        " failed: another rank died, hangs or cannot be reached (each "
                        "collective waits at most " +
                        std::to_string(env.timeout.count()) + " s, SEMCOT_DIST_TIMEOUT): " +
                        first_line(e));
        }
    }
};

namespace {

std::shared_ptr<::gloo::transport::Device> gloo_device(const DistributedEnv& env) {
    if (const char* ifname = env_or_null("GLOO_SOCKET_IFNAME"))
        return c10d::ProcessGroupGloo::createDeviceForInterface(ifname);
    if (env.master_addr == "localhost" || env.master_addr.rfind("127.", 0) == 0)
        return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
    return c10d::ProcessGroupGloo::createDefaultDevice();
}

// Flat buckets of consecutive tensors with one dtype and device, at most `bytes` each (a
// larger tensor is a bucket alone).
std::vector<std::vector<size_t>> buckets_of(const std::vector<at::Tensor>& tensors,
                                            int64_t bytes) {
    std::vector<std::vector<size_t>> out;
    std::map<std::pair<int, std::string>, size_t> open; // (dtype, device) -> bucket in `out`
    std::map<size_t, int64_t> filled;
    for (size_t i = 0; i < tensors.size(); ++i) {
        const auto& t = tensors[i];
        if (!t.is_contiguous()) throw InvalidArgument("data parallel: tensors must be contiguous");
        const auto key = std::make_pair(int(t.scalar_type()), t.device().str());
        const int64_t size = t.numel() * int64_t(t.element_size());
        auto it = open.find(key);
        if (it == open.end() || filled[it->second] + size > bytes) {
            out.emplace_back();
            it = open.insert_or_assign(key, out.size() - 1).first;
        }
        out[it->second].push_back(i);
        filled[it->second] += size;
    }
    return out;
}

at::Tensor pack(const std::vector<at::Tensor>& tensors, const std::vector<size_t>& bucket) {
    std::vector<at::Tensor> flat;
    for (size_t i : bucket) flat.push_back(tensors[i].reshape({-1}));
    return at::cat(flat);
}

void unpack(const at::Tensor& flat, std::vector<at::Tensor>& tensors,
            const std::vector<size_t>& bucket) {
    int64_t offset = 0;
    for (size_t i : bucket) {
        const int64_t n = tensors[i].numel();
        tensors[i].copy_(flat.narrow(0, offset, n).view(tensors[i].sizes()));
        offset += n;
    }
}

} // namespace

DataParallelGroup::DataParallelGroup(const DistributedEnv& env)
    : impl_(std::make_unique<Impl>()) {
    impl_->env = env;
    const std::string where = "rank " + std::to_string(env.rank) + " of " +
                              std::to_string(env.world_size) + ": rendezvous at " +
                              env.master_addr + ":" + std::to_string(env.master_port);
    try {
        c10d::TCPStoreOptions opts;
        opts.port = uint16_t(env.master_port);
        opts.isServer = env.rank == 0;
        opts.numWorkers = size_t(env.world_size);
        opts.waitWorkers = true;
        opts.timeout = env.timeout;
        impl_->store = c10::make_intrusive<c10d::TCPStore>(env.master_addr, opts);
        auto options = c10d::ProcessGroupGloo::Options::create(env.timeout);
        options->devices.push_back(gloo_device(env));
        impl_->pg = c10::make_intrusive<c10d::ProcessGroupGloo>(
            impl_->store, int(env.rank), int(env.world_size), options);
    } catch (const std::exception& e) {
        throw Error(where + " failed within " + std::to_string(env.timeout.count()) +
                    " s (is every rank started, with the same MASTER_ADDR, MASTER_PORT and "
                    "WORLD_SIZE?): " + first_line(e));
    }
}

void DataParallelGroup::all_reduce_sum(std::vector<at::Tensor>& tensors, int64_t bucket_bytes) {
    const auto buckets = buckets_of(tensors, bucket_bytes);
    std::vector<std::vector<at::Tensor>> flats;
    for (const auto& b : buckets) flats.push_back({pack(tensors, b)});
    // Every bucket in flight, then each waited for (Gloo runs them in order on its threads).
    std::vector<decltype(impl_->pg->barrier())> works;
    impl_->collective("all-reduce", [&] {
        for (auto& f : flats) works.push_back(impl_->pg->allreduce(f));
        for (size_t i = 0; i + 1 < works.size(); ++i) works[i]->wait();
        return works.empty() ? impl_->pg->barrier() : works.back();
    });
    for (size_t i = 0; i < buckets.size(); ++i) unpack(flats[i][0], tensors, buckets[i]);
}

void DataParallelGroup::broadcast(std::vector<at::Tensor>& tensors, int64_t root) {
    const auto buckets = buckets_of(tensors, 25 << 20);
    for (size_t i = 0; i < buckets.size(); ++i) {
        std::vector<at::Tensor> flat{pack(tensors, buckets[i])};
        c10d::BroadcastOptions o;
        o.rootRank = root;
        impl_->collective("broadcast", [&] { return impl_->pg->broadcast(flat, o); });
        unpack(flat[0], tensors, buckets[i]);
    }
}

void DataParallelGroup::barrier() {
    impl_->collective("barrier", [&] { return impl_->pg->barrier(); });
}

double DataParallelGroup::all_reduce_max(double value) {
    std::vector<at::Tensor> t{at::full({1}, value, at::kDouble)};
    c10d::AllreduceOptions o;
    o.reduceOp = c10d::ReduceOp::MAX;
    impl_->collective("all-reduce (max)", [&] { return impl_->pg->allreduce(t, o); });
    return t[0].item<double>();
}

#else // LibTorch without the Gloo headers (SEMCOT_HAVE_GLOO unset at configure time)

struct DataParallelGroup::Impl {
    DistributedEnv env;
};

DataParallelGroup::DataParallelGroup(const DistributedEnv&) {
    throw Error("this build has no data-parallel training: the Gloo headers (Debian: "
                "libgloo-dev) were not found when it was configured");
}
void DataParallelGroup::all_reduce_sum(std::vector<at::Tensor>&, int64_t) {}
void DataParallelGroup::broadcast(std::vector<at::Tensor>&, int64_t) {}
void DataParallelGroup::barrier() {}
double DataParallelGroup::all_reduce_max(double value) { return value; }

#endif

DataParallelGroup::~DataParallelGroup() = default;
int64_t DataParallelGroup::rank() const { return impl_->env.rank; }
int64_t DataParallelGroup::world_size() const { return impl_->env.world_size; }
std::chrono::seconds DataParallelGroup::timeout() const { return impl_->env.timeout; }

std::shared_ptr<DataParallelGroup> default_data_parallel_group() {
    return default_group_slot();
}

void set_default_data_parallel_group(std::shared_ptr<DataParallelGroup> group) {
    default_group_slot() = std::move(group);
}

bool is_main_process() {
    const auto& g = default_group_slot();
    return !g || g->is_main();
}

} // namespace semcot
