// Honest comparison of the three methods on the same questions: accuracy with a 95% Wilson
// interval, latency (mean, median), speed-up over explicit CoT; per-sample rows for reports.
#pragma once

#include "data/dataset.h"
#include "semcot/inference.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace semcot {

struct SampleResult {
    int64_t index = 0; // position in the evaluated split
    std::string query;
    std::string gold;
    MethodResult result; // with EvaluationParams::repeat > 1: the repeat of median total_s
    std::vector<double> total_s_repeats; // every repeat's total_s (empty: one run)
    nlohmann::json to_json() const; // one "samples" entry of semcot.evaluation/1
};

struct MethodSummary {
    int64_t n = 0;
    int64_t correct = 0;
    double accuracy = 0;                // fraction
    double ci95_low = 0, ci95_high = 0; // Wilson interval
    double mean_latency_s = 0;
    double median_latency_s = 0;
    double mean_implicit_s = 0;
    double mean_new_tokens = 0;
    // CoT mean latency / this mean latency; nullopt when CoT was not evaluated (or a latency
    // is zero): JSON null, "-" in tables.
    std::optional<double> speedup_vs_cot;
    double throughput_qps = 0;      // questions answered per second of the method's wall time
    int64_t repeat = 1;             // timings per question (EvaluationParams::repeat)
    // With repeat > 1: how much one question's timings vary between repeats, the mean over
    // questions of their coefficient of variation (sd / mean); 0 otherwise.
    double repeat_cv = 0;
    nlohmann::json to_json() const; // the "methods" entry of semcot.evaluation/1
};

struct EvaluationResult {
    std::map<std::string, MethodSummary> methods; // by method name
    std::vector<SampleResult> samples;            // every (question, method)
    int64_t batch_size = 1;                       // 1: latency mode; more: throughput mode
    // How it was made (common/provenance.h); null when not recorded. "repeat" timings: see
    // EvaluationParams::repeat.
    nlohmann::json provenance;
    nlohmann::json to_json() const;               // schema documented in README.md
    std::string to_csv() const;                   // one row per sample and method
    std::string table() const;                    // the comparison table for a terminal
};

struct EvaluationParams {
    std::vector<Method> methods = {Method::cot, Method::nocot, Method::semcot};
    int64_t limit = 0; // evaluate the first N examples only (0 = all)
    // 1 (default): one question at a time, the latency mode. More: questions answered in
    // batches of this size (throughput mode); a sample's latency is then its batch's.
    int64_t batch_size = 1;
    // Each question (each batch) answered this many times; its latency is the median run's, and
    // the summaries report the spread between repeats (MethodSummary::repeat_cv). Outputs are
    // the same every time under greedy decoding.
    int64_t repeat = 1;
    // Methods that answer with models of their own (the baselines: a pause method folder's
    // teacher and embeddings), each with its context; the others use evaluate()'s `ctx`.
    // Borrowed pointers.
    std::map<Method, const InferenceContext*> method_contexts;
};

// Called after each sample; return false to stop (partial results are summarised).
using EvaluationProgress = std::function<bool(int64_t done, int64_t total)>;

EvaluationResult evaluate(const InferenceContext& ctx, const std::vector<Example>& examples,
                          const EvaluationParams& params, const EvaluationProgress& progress = {});

// Averages several evaluations (e.g. seeds) method by method: accuracy and latencies are
// means over runs, the speed-up is that of the mean latencies, n adds up, and the interval is
// the Wilson interval of the pooled counts.
EvaluationResult average(const std::vector<EvaluationResult>& runs);

} // namespace semcot
