// Two methods, or two runs, compared on the same questions (issue 16 §1): accuracy with
// McNemar's test and a paired bootstrap interval of the difference (eval/paired_stats.h), and
// latency with its spread. `semcot compare`, the Evaluation view and the report show it.
#pragma once

#include "eval/paired_stats.h"
#include "semcot/evaluation.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace semcot {

// Latency of one method's answers, seconds.
struct LatencySpread {
    double mean = 0, sd = 0, median = 0, p10 = 0, p90 = 0;
};
// InvalidArgument on an empty input.
LatencySpread latency_spread(const std::vector<double>& seconds);

struct PairedComparison {
    std::string a, b;          // labels, e.g. "semcot" or "runs/s5:semcot"
    int64_t n = 0;             // paired questions
    double accuracy_a = 0, accuracy_b = 0;
    McNemarResult mcnemar;
    BootstrapInterval bootstrap; // of accuracy_a - accuracy_b
    LatencySpread latency_a, latency_b;

    nlohmann::json to_json() const; // schema "semcot.compare/1"
    std::string table() const;      // for a terminal
};

// Pairs method `method_a`'s samples in `ea` with `method_b`'s in `eb` in order (an averaged
// evaluation keeps every run's samples in the same order for every method) and compares them.
// InvalidArgument when a method is missing, the counts differ, or a pair's questions differ.
PairedComparison compare_methods(const EvaluationResult& ea, const std::string& method_a,
                                 const EvaluationResult& eb, const std::string& method_b,
                                 int64_t resamples = 10000, uint64_t seed = 0);

} // namespace semcot
