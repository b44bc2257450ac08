// The memory a SemCoT run needs, per training stage and per component, before it starts (issue
// 17 §2, `semcot plan`), and the micro-batch, gradient accumulation, precision and activation
// checkpointing that fit a device. No torch here: the CLI and the training dialog share it.
//
// Every figure is in bytes, per process (rank). Precision is what the run does (issue 17 §1,
// SemcotTrainParams::teacher_dtype): bf16/fp16 hold the frozen teacher of the generator stage
// (its weights, activations and logits) in half precision; everything trained (LM stages, the
// sentence transformer, the generator), its AdamW state and the losses stay float32. What is
// counted, per stage:
//   weights       every parameter the stage holds, in its dtype; under bf16/fp16 the
//                 generator's float32 weights are its "master weights";
//   gradients     float32, one per trainable parameter;
//   optimizer     AdamW: exp_avg and exp_avg_sq, float32, two per trainable parameter;
//   best copy     the training loop keeps the best validation epoch's parameters of the trained
//                 module (train/training_loop.h): one copy of every parameter of that module;
//   activations   what autograd keeps from the forward pass of one micro-batch until the backward
//                 pass, counted from engine/model.cpp's decoder layer (layer_activation_bytes),
//                 plus the loss's logits and log-softmax, and the backward pass's largest working
//                 set (gradients of one layer's tensors). With checkpointing, only each layer's
//                 input is kept ("activations"); the "peak transient" is the larger of the
//                 loss's tensors at the end of the forward pass (final norms, logits, the loss's
//                 gradient) and one recomputed layer with its backward's working set, the largest
//                 of any model: they never coexist, nor do two models' recomputed layers.
// Sequences are assumed at their longest (a batch padded to max_length): the plan is an upper
// bound for data with shorter examples. Not counted: the process itself (libraries, tokenizers,
// data: measured here at ~0.2 GB of RSS), CUDA's context (~0.5 GB, outside max_allocated),
// allocator fragmentation (the safety margin of recommend_plan covers it).
#pragma once

#include "engine/config.h"
#include "semcot/hyperparameters.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace semcot {

struct Preset;

// bf16 and fp16 take the same memory; fp16 also needs loss scaling (no memory).
enum class Precision { fp32, bf16, fp16 };
std::string precision_name(Precision p); // "fp32", "bf16", "fp16"
// Throws InvalidArgument naming the value.
Precision parse_precision(const std::string& name);
// Bytes of one activation or frozen-weight element: 4 for fp32, 2 for bf16/fp16.
int64_t element_bytes(Precision p);

// "80GiB", "80 GB", "512MiB", "1.5GiB", a plain number of bytes. GB/MB are powers of 1000,
// GiB/MiB powers of 1024 (and G/M/K alone). Throws InvalidArgument on anything else, on a size
// under 1 MiB (a missing unit: "80" is not 80GiB) and on one that overflows 64 bits.
int64_t parse_byte_size(const std::string& text);
// "1.23 GiB", "456.0 MiB", "789 B".
std::string format_bytes(int64_t bytes);

// Bytes autograd saves for backward from one decoder layer (LlamaModelImpl::run_layer) run on
// [batch, length] tokens, the layer's input included. `trainable`: the layer's weights need
// gradients (each Linear then also keeps its input, each RMSNorm its normalised input); else
// only the input needs a gradient (a frozen teacher that the implicit tokens flow through).
// Counted with B = batch, T = length, D = hidden, Q = heads x head_dim, KV = kv heads x
// head_dim, I = intermediate, P = B x heads x T x T, e = element_bytes:
//   frozen, fp32:     (4 BTD + BTQ + 2 BTKV + 3 BTI) e + 4 P
//   trainable, fp32:  (8 BTD + 2 BTQ + 2 BTKV + 4 BTI) e + 4 P
//   half precision:   (the frozen teacher under bf16/fp16) the RMSNorms keep their float32 input and normalised values (2 x 4 BTD
//                     each, + 2 BTD e when trainable), the softmax its float32 probabilities
//                     and their half copy (6 P); the rest as above with e = 2.
// (Confirmed with autograd's saved-tensor hooks on a line-by-line replica of the layer.)
int64_t layer_activation_bytes(const ModelConfig& c, int64_t batch, int64_t length,
                               Precision precision, bool trainable);

// How a stage is run on each rank.
struct PlanOptions {
    int64_t micro_batch = 0;             // examples per micro-batch per rank; 0 = per-rank batch
    Precision precision = Precision::fp32;
    bool checkpointing = false;          // activation checkpointing of every decoder layer
    int64_t nproc = 1;                   // data-parallel ranks; weights are replicated on each,
                                         // each takes the preset's batch_size (the global
                                         // batch is nproc times it, as in DDP)
};

struct MemoryItem {
    std::string component; // "teacher weights", "optimizer", "activations", ...
    int64_t bytes = 0;
    std::string detail; // how it was counted, e.g. "6.74 B params x 2 B (bf16, frozen)"
};

struct StageMemory {
    std::string stage;         // "teacher", "student" (LM stages), "st", "cg"
    int64_t batch = 0;         // global batch: per_rank x nproc
    int64_t per_rank = 0;      // the preset's batch_size: per rank, as semcot train runs it
    int64_t micro_batch = 0;   // per rank
    int64_t accumulation = 1;  // ceil(per_rank / micro_batch)
    int64_t length = 0;        // longest sequence assumed (tokens)
    int64_t trainable_params = 0, frozen_params = 0;
    std::vector<MemoryItem> items;
    int64_t total() const;
    int64_t bytes_of(const std::string& component) const; // 0 when absent
};

// The model shapes and hyperparameters the plan reads from a preset.
struct PlanModels {
    std::string preset;
    bool from_scratch = true; // the LM stages train the teacher and student first
    ModelConfig teacher;      // vocabulary as the run builds it
    ModelConfig student;      // the generator's LM, with <thought> added
    std::string teacher_source, student_source; // "preset", a config.json path, or "known shape"
    SentenceTransformerConfig st;
    int64_t k_train = 5;
    SemcotTrainParams semcot;
    LmTrainParams teacher_train, student_train;
    int64_t train_examples = 0; // training examples per epoch (built-in tasks: the split's size)
};

// From a preset: its from-scratch shapes (vocab_size; the student + 1 for <thought>), else the
// teacher_model/student_model folders' config.json, else the published shapes of the shipped
// presets' models (Llama-2-7B, Sheared-LLaMA-1.3B, Qwen2.5, Llama 3.2, SmolLM2), so a plan works
// before the weights are downloaded. Throws InvalidArgument for an unknown folder without
// config.json, or a shape ModelConfig::validate refuses (e.g. no attention heads).
PlanModels plan_models(const Preset& preset);

// Parameters of the sentence transformer built on `teacher` (its layers, final norm, the
// unused one-row embedding and the projection), as SentenceTransformerImpl allocates them.
int64_t sentence_transformer_parameter_count(const ModelConfig& teacher,
                                             const SentenceTransformerConfig& st);

// One stage's memory per rank with `options` (micro_batch 0 = the whole per-rank batch).
StageMemory plan_lm_stage(const ModelConfig& model, const LmTrainParams& params,
                          const std::string& label, const PlanOptions& options);
StageMemory plan_st_stage(const PlanModels& models, const PlanOptions& options);
StageMemory plan_cg_stage(const PlanModels& models, const PlanOptions& options);
// Every stage the preset trains: teacher and student when from scratch, st unless no_st, cg.
std::vector<StageMemory> plan_stages(const PlanModels& models, const PlanOptions& options);

struct PlanRecommendation {
    bool fits = false;
    Precision precision = Precision::fp32;
    bool checkpointing = false;
    int64_t nproc = 1;
    int64_t budget = 0;               // usable bytes: device memory x (1 - margin)
    std::vector<StageMemory> stages;  // each with its chosen micro-batch and accumulation
    int64_t peak = 0;                 // the largest stage total
    std::string reason;               // one line: why this choice, or what does not fit
};

// The cheapest settings under which every stage fits `device_bytes x (1 - margin)` per rank:
// candidates in the order (fp32, no checkpointing), (bf16, none), (fp32, checkpointing),
// (bf16, checkpointing), restricted to `precision`/`checkpointing` when given; the first that
// runs each stage's whole per-rank batch at once, else the first that fits with a smaller
// micro-batch (the largest that fits, gradient accumulation making up the global batch).
PlanRecommendation recommend_plan(const PlanModels& models, int64_t device_bytes, int64_t nproc,
                                  std::optional<Precision> precision = std::nullopt,
                                  std::optional<bool> checkpointing = std::nullopt,
                                  std::optional<int64_t> micro_batch = std::nullopt,
                                  double margin = 0.10);

// The plan of the preset as it is set, without choosing anything: each stage with its own
// micro_batch and activation_checkpointing (teacher_train, student_train, semcot for the
// sentence transformer and the generator) and the generator stage's teacher in
// semcot.teacher_dtype. `fits` says whether the largest stage fits `device_bytes x (1 - margin)`
// per rank; `precision` is the teacher's, `checkpointing` whether any stage checkpoints.
// The training dialog shows this before Start (issue 17 §2), `semcot plan` prints its peak.
// Throws InvalidArgument for an unknown semcot.teacher_dtype or a non-positive device memory.
PlanRecommendation configured_plan(const PlanModels& models, int64_t device_bytes,
                                   int64_t nproc = 1, double margin = 0.10);

// The preset keys that apply a recommendation (hyperparameters.h): micro_batch of the stages
// that accumulate, activation_checkpointing, semcot.teacher_dtype; {} when the preset runs as
// it is. batch_size is never changed (per rank, as in a run). The sentence transformer and the
// generator share semcot.micro_batch: the smaller.
nlohmann::json recommended_preset_patch(const PlanRecommendation& r);

// {"stage", "batch", "per_rank", "micro_batch", "accumulation", "length", "trainable_params",
//  "frozen_params", "total_bytes", "components": [{"component", "bytes", "detail"}]}
nlohmann::json stage_memory_json(const StageMemory& s);
// Schema "semcot.plan/1": preset, device_bytes, budget, nproc, fits, precision,
// checkpointing, peak_bytes, reason, preset_patch, stages.
nlohmann::json plan_json(const PlanModels& models, int64_t device_bytes,
                         const PlanRecommendation& r);
// The table `semcot plan` prints: one block per stage, one line per component, then the
// recommendation.
std::string describe_plan(const PlanModels& models, int64_t device_bytes,
                          const PlanRecommendation& r);

} // namespace semcot
