// Task features for slicing results by difficulty (issue 12; the error analysis of issue 16
// groups accuracy by them). Each rule reads the example's text, so generated tasks and the
// SemCoT paper's dataset files (../shared/datasets) get the same features:
//   coin flips ("A coin is heads up." in the query):
//     "people": sentences "X flips the coin." or "X does not flip the coin.";
//     "flips":  sentences "X flips the coin." (the answer is "yes" exactly when it is even);
//   GSM8K (calculator annotations "<<48/2=24>>" in the reasoning):
//     "steps":      non-empty lines of the reasoning;
//     "operations": calculator annotations;
//   any other reasoning that writes out arithmetic ("7 + 5 = 12", SVAMP's "( 290.0 / 2.0 )",
//   the generated arithmetic task, MultiArith's model-written steps):
//     "operations": binary operators (+ - * / x ÷) between two numbers.
// Tasks none of the rules recognise (CommonsenseQA) have no features.
#pragma once

#include "data/dataset.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace semcot {

// The features of one example by the rules above; empty when no rule applies.
std::map<std::string, int64_t> task_features(const Example& example);

// Sets each example's features (replacing what it had).
void add_task_features(std::vector<Example>& examples);

} // namespace semcot
