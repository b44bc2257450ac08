#include "engine/benchmark.h"

#include "common/device.h"
#include "common/platform.h"
#include "engine/generate.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>

#include <chrono>
#include <thread>

namespace semcot {

#ifdef SEMCOT_WITH_CUDA
double cuda_peak_allocated_bytes(int device_index); // cuda_memory.cpp
#endif

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Best of a few timed runs of `fn`, in seconds.
template <typename Fn> double best_time(const torch::Device& device, int runs, Fn&& fn) {
    double best = 1e30;
    for (int i = 0; i < runs; ++i) {
        synchronize(device);
        auto start = Clock::now();
        fn();
        synchronize(device);
        best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
    }
    return best;
}

} // namespace

double BenchResult::decode_bandwidth_fraction() const {
    return machine_copy_gbps > 0 ? decode_tokens_per_s * weight_bytes / (machine_copy_gbps * 1e9)
                                 : 0;
}

double BenchResult::prefill_compute_fraction() const {
    return machine_matmul_gflops > 0
               ? prefill_tokens_per_s * matmul_flops_per_token / (machine_matmul_gflops * 1e9)
               : 0;
}

double peak_memory_bytes(const torch::Device& device) {
#ifdef SEMCOT_WITH_CUDA
    if (device.is_cuda()) return cuda_peak_allocated_bytes(device.index() < 0 ? 0 : device.index());
#endif
    (void)device;
    return double(peak_rss_bytes());
}

BenchResult run_benchmark(LlamaModelImpl& model, const BenchParams& params,
                          const std::function<void(const std::string&)>& progress) {
    c10::InferenceMode inference;
    const auto device = model.device();
    const auto dtype = model.dtype();
    const auto& cfg = model.config();
    auto say = [&](const std::string& s) {
        if (progress) progress(s);
    };

    BenchResult r;
    for (auto& [name, t] : model.named_weights()) {
        // A decode step reads every weight except the embedding table (one row of it).
        if (name != "model.embed_tokens.weight" || cfg.tie_word_embeddings)
            r.weight_bytes += double(t.numel()) * double(t.element_size());
        if (name.find("norm") == std::string::npos && name != "model.embed_tokens.weight")
            r.matmul_flops_per_token += 2.0 * double(t.numel());
    }
    if (cfg.tie_word_embeddings)
        r.matmul_flops_per_token += 2.0 * double(cfg.vocab_size * cfg.hidden_size);

    auto gen = at::detail::createCPUGenerator(params.seed);
    std::vector<double> prefill, decode;
    for (int64_t i = 0; i < params.repeats + 1; ++i) { // the first run warms up and is dropped
        auto prompt_t = at::randint(3, cfg.vocab_size, {params.prompt_tokens}, gen,
                                    torch::TensorOptions().dtype(torch::kInt64));
        std::vector<int64_t> prompt(prompt_t.data_ptr<int64_t>(),
                                    prompt_t.data_ptr<int64_t>() + prompt_t.numel());
        GenerateParams gp;
        gp.max_new_tokens = params.new_tokens;
        gp.stop_at_eos = false;
        auto res = generate(model, prompt, gp);
        if (i == 0) continue;
        prefill.push_back(res.stats.prefill_tokens_per_s());
        decode.push_back(res.stats.decode_tokens_per_s());
        say("repeat " + std::to_string(i) + "/" + std::to_string(params.repeats) + ": prefill " +
            std::to_string(int64_t(prefill.back())) + " tok/s, decode " +
            std::to_string(int64_t(decode.back())) + " tok/s");
    }
    // The machine is measured after the model: the copy wakes OpenMP threads that would
    // otherwise still spin against OpenBLAS's during the model's timed runs.
    if (params.measure_machine) {
        say("measuring matmul rate");
        const int64_t n = device.is_cuda() ? 8192 : 1024;
        auto opts = torch::TensorOptions().dtype(dtype).device(device);
        auto a = at::randn({n, n}, opts), b = at::randn({n, n}, opts);
        at::matmul(a, b); // warm up
        const double t = best_time(device, 5, [&] { at::matmul(a, b); });
        r.machine_matmul_gflops = 2.0 * double(n) * n * n / t / 1e9;

        say("measuring memory bandwidth");
        const int64_t bytes = int64_t(std::max(256.0 * (1 << 20), r.weight_bytes));
        auto src =
            at::ones({bytes / 4}, torch::TensorOptions().dtype(torch::kFloat32).device(device));
        auto dst = at::empty_like(src);
        // The copy runs on every core: one thread cannot saturate the memory bus, and the
        // decode path's gemv (OpenBLAS's own thread pool) uses every core too.
        const int threads = at::get_num_threads();
        at::set_num_threads(int(std::max(1u, std::thread::hardware_concurrency())));
        dst.copy_(src);
        const double tc = best_time(device, 5, [&] { dst.copy_(src); });
        at::set_num_threads(threads);
        r.machine_copy_gbps = 2.0 * double(bytes) / tc / 1e9;
    }
    r.prefill_tokens_per_s = median(prefill);
    r.decode_tokens_per_s = median(decode);
    r.peak_memory_bytes = peak_memory_bytes(device);
    return r;
}

} // namespace semcot
