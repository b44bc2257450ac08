// Where a method fails (issue 16 §2): accuracy by slice of an evaluation's questions, and the
// confusion table of gold against predicted answers. Slices:
//   "answer"        the gold answer (the rows of the confusion table);
//   "length"        the question's length in words, four bins at the quartiles;
//   "feature:NAME"  a task feature the dataset declares (data/task_features.h: "flips" and
//                   "people" for coin flips, "operations" for arithmetic), read from the query.
// Each row keeps the positions of its samples, so a view can list a cell's questions.
#pragma once

#include "semcot/evaluation.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace semcot {

struct SliceRow {
    std::string slice;            // "yes", "12-15 words", "3"
    int64_t n = 0, correct = 0;
    double accuracy = 0;
    double ci95_low = 0, ci95_high = 0; // Wilson
    std::vector<int64_t> samples; // positions in EvaluationResult::samples
};

struct SliceTable {
    std::string method, by;
    std::vector<SliceRow> rows; // in slice order (numbers ascending)
    nlohmann::json to_json() const;
    std::string table() const;
};

// InvalidArgument for a method without samples, an unknown `by`, or a feature no question has
// (the message lists the available ones).
SliceTable slice_results(const EvaluationResult& e, const std::string& method,
                         const std::string& by);

// The slicings that apply to a method's samples: "answer", "length" and each feature present.
std::vector<std::string> available_slices(const EvaluationResult& e, const std::string& method);

struct ConfusionTable {
    std::string method;
    std::vector<std::string> gold, predicted; // labels; "(none)" for no extracted answer
    std::vector<std::vector<int64_t>> counts;  // [gold][predicted]
    std::vector<std::vector<std::vector<int64_t>>> samples; // positions per cell
    nlohmann::json to_json() const;
    std::string table() const;
};
ConfusionTable confusion_table(const EvaluationResult& e, const std::string& method);

} // namespace semcot
