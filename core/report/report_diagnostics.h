// The report's latent-token diagnostics (issue 16 §3), made only when asked for
// (ReportParams::diagnostics, `semcot report --diagnostics N`): for every method of a run's
// evaluation whose latents live in the teacher's embedding space (SemCoT, Pause, SoftCoT,
// Coconut, CODI), the token statistics, the interventions and the masked control
// (analysis/diagnostics.h) over the first N questions of the split. The tables are built once
// here, as text, for the HTML and the PDF alike.
#pragma once

#include "semcot/evaluation.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace semcot {
struct LoadedRun;
}

namespace semcot::report {

// The methods of `e` with latent tokens, in method_order().
std::vector<std::string> diagnosed_methods(const EvaluationResult& e);

// {"split", "questions", "methods": {"<method>": {"tokens": TokenDiagnostics::to_json(),
// "interventions": InterventionResult::to_json(), "control": ... (masked)}}}. Baselines
// answer from RUN/methods/NAME. `progress(done, total)` over every question of every method
// and pass; false stops (Cancelled). Null when no method has latents.
nlohmann::json run_diagnostics(LoadedRun& run, const std::vector<std::string>& methods,
                               const std::string& split, int64_t n,
                               const std::function<bool(int64_t, int64_t)>& progress = {});

// One table of the section: a caption, a header and rows of text.
struct TextTable {
    std::string caption;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

// The tables of one run's run_diagnostics() JSON: per method, its token statistics and its
// interventions beside the control. Empty for null.
std::vector<TextTable> diagnostics_tables(const std::string& run_name, const nlohmann::json& diag);

// What the tables measure, for the note under them.
extern const char* const kDiagnosticsNote;

} // namespace semcot::report
