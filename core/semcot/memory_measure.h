// Checking the memory plan (semcot/memory_plan.h) against a real short training on the CPU
// (issue 17 §2): one stage of a from-scratch preset is built with random weights and trained for
// a few batches by the project's own trainers (train_lm, train_sentence_transformer,
// train_contemplation_generator), and the process's peak resident memory is read.
//
// Method: tokenizers (the shipped tiny run's), prompts and coin-flip examples long enough that
// every sequence is cut at max_length (8 people, so the plan's longest-sequence assumption
// holds) are prepared first; then free heap pages are returned (malloc_trim), the kernel's
// peak-RSS mark is reset (/proc/self/clear_refs = 5) and VmRSS read as the baseline; the models
// are built and trained for `epochs` epochs of `batches` training batches and one validation
// batch (so the best epoch's copy exists, as in a real run); the result is VmHWM - baseline.
// Linux only (InvalidArgument elsewhere). Runs on the CPU with the preset's own memory settings
// (micro_batch, activation_checkpointing, semcot.teacher_dtype: float32 or bfloat16 here), so
// it is compared with configured_plan's stage.
#pragma once

#include "semcot/memory_plan.h"

#include <c10/core/Device.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace semcot {

struct MemoryMeasurement {
    std::string stage;
    int64_t baseline_rss = 0; // bytes, before any model of the stage was built
    int64_t peak_rss = 0;     // bytes, VmHWM at the end
    int64_t steps = 0;        // optimizer steps taken
    double seconds = 0;       // wall time of the training
    // RSS above the baseline after each model was built ("teacher built", ...), bytes.
    std::vector<std::pair<std::string, int64_t>> marks;
    int64_t measured() const { return peak_rss - baseline_rss; }
};

// `models` as plan_models gives it (a from-scratch preset); its vocabularies are replaced by
// the shipped tokenizers' sizes, so plan the returned `planned` models to compare.
MemoryMeasurement measure_stage_memory(PlanModels& models, const std::string& stage,
                                       int64_t epochs = 2, int64_t batches = 2);

// Time per epoch of each stage of a plan, from a short calibration on `device`: one untimed and
// two timed optimizer steps (measure_train_step_seconds, semcot/training_estimate.h) of a proxy
// of the stage's largest model (its shape with at most 2 layers, hidden 512, vocabulary 4096 and
// [micro-batch, min(length, 256)] tokens) give this machine's training FLOP/s; a stage's step is
// its FLOPs over that rate. FLOPs per token: 6 x the matrix parameters that train (forward,
// input and weight gradients), 4 x those of a frozen model a gradient flows through, 2 x those
// run without a graph; attention adds 12, 8 or 4 x length x heads x head_dim per layer.
// Steps per epoch: ceil(examples / batch) (the LM stages see each example twice: direct and
// chain of thought); each rank computes its share, so the time divides by nproc. An estimate:
// the proxy's rate carries over to wider models only roughly (wider matrices run faster).
struct StageTime {
    std::string stage;
    int64_t steps_per_epoch = 0;
    int64_t epochs = 0;       // the preset's (both sub-stages for st and cg)
    double step_seconds = 0;  // one optimizer step (all micro-batches)
    double flops_per_step = 0;
    double epoch_seconds() const { return double(steps_per_epoch) * step_seconds; }
};
struct PlanTime {
    double flops_per_second = 0; // calibrated training rate
    std::vector<StageTime> stages;
};
PlanTime estimate_plan_time(const PlanModels& models, const PlanRecommendation& plan,
                            const c10::Device& device);

// Current resident set of this process in bytes (/proc/self/status VmRSS); the peak is
// common/platform.h's peak_rss_bytes().
int64_t current_rss_bytes();

} // namespace semcot
