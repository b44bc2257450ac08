// What a comparison report shows: one or more runs, each with its configuration, one or more
// evaluations (read from semcot.evaluation/1 JSON or computed at export) and a few example
// questions. Gathering it is a job (load, evaluate, explain); turning it into files is
// report_export.h's.
#pragma once

#include "report/report_config.h"
#include "semcot/evaluation.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace semcot::report {

// The methods in the order every table and chart lists them.
const std::vector<std::string>& method_order();

struct ReportParams {
    std::vector<std::filesystem::path> runs;        // run folders (run.json), side by side
    std::vector<std::filesystem::path> evaluations; // semcot.evaluation/1 files (see below)
    int64_t n = 20;   // questions evaluated when a run has no evaluation file
    int examples = 3; // example questions per report (0 = none)
    std::string split = "test";
    bool explain = true; // implicit tokens, nearest sentences and heatmaps for the examples
    int64_t top_k = 3;   // nearest sentences per implicit token
    std::filesystem::path bank_cache_dir; // sentence-bank cache (empty: beside the run)
    std::filesystem::path out;            // output folder
    std::string title = "SemCoT comparison report";
    // Latent-token diagnostics (report_diagnostics.h) over this many questions of `split` per
    // method with latents; 0 = none (the default: they answer every question 2 + 2 (k + 3)
    // times).
    int64_t diagnostics = 0;
};
// Evaluation files go with runs: all of them with the only run, else one per run in order.

struct ReportEvaluation {
    std::string label;  // file name, or "test split, first N questions (evaluated at export)"
    std::string source; // "file" | "evaluated"
    EvaluationResult result;
};

// One example question across the methods of a run.
struct ReportExample {
    int64_t index = 0; // position in the evaluated split
    std::string query, gold;
    std::vector<SampleResult> answers; // one per method, in method_order()
    nlohmann::json explain;            // semcot.explain/1 JSON (analysis/explain.h) or null
};

struct ReportRun {
    std::string name; // folder name, made unique
    std::filesystem::path folder;
    nlohmann::json info = nlohmann::json::object(); // run.json ({} when the folder has none)
    std::vector<ReportEvaluation> evaluations;
    EvaluationResult combined; // average() of the evaluations
    std::vector<ReportExample> examples;
    nlohmann::json diagnostics; // run_diagnostics() (report_diagnostics.h); null when not made
};

struct ReportData {
    std::string title;
    std::string generated; // ISO 8601 UTC time of the export
    nlohmann::json provenance; // of the export (common/provenance.h)
    std::vector<ReportRun> runs;
};

// Stage text ("evaluating tiny-coinflip") and a fraction in [0, 1]; return false to stop
// (Cancelled is thrown).
using ReportProgress = std::function<bool(const std::string& stage, double fraction)>;

// Loads run.json and evaluations, evaluates runs without one (CPU, first `n` questions),
// picks example questions and explains them when the analysis library is built in.
ReportData gather_report(const ReportParams& params, const ReportProgress& progress = {});

// Reads a semcot.evaluation/1 document (README.md); throws FormatError naming `source`.
EvaluationResult evaluation_from_json(const nlohmann::json& j, const std::string& source);

// Every number of the report: semcot.report/1 (docs/reports.md).
nlohmann::json report_json(const ReportData& data);
// One row per run, evaluation and method ("combined" rows hold the averaged figures).
std::string summary_csv(const ReportData& data);
// One row per run, evaluation, question and method.
std::string samples_csv(const ReportData& data);

} // namespace semcot::report
