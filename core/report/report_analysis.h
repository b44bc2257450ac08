// The report's paired statistics and error slices (issue 16 §1, §2), from a run's combined
// evaluation: SemCoT (or the first method present) against every other method on the same
// questions, and every method's confusion table and feature slices.
#pragma once

#include "report/comparison.h"
#include "report/slices.h"

#include <nlohmann/json_fwd.hpp>

#include <vector>

namespace semcot::report {

// SemCoT against each other method, in method_order(); empty with fewer than two methods.
std::vector<PairedComparison> paired_comparisons(const EvaluationResult& e);

// {"<method>": {"confusion": ConfusionTable, "slices": [SliceTable...]}} for every method.
nlohmann::json slices_json(const EvaluationResult& e);

} // namespace semcot::report
