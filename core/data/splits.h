// Deterministic train / validation / test splits (shuffled with Rng: same on every platform).
#pragma once

#include "data/dataset.h"

#include <cstdint>
#include <vector>

namespace semcot {

struct SplitOptions {
    double test_fraction = 0.1;       // share of all examples held out for testing, in [0, 1)
    double validation_fraction = 0.1; // share of the remaining training examples, in [0, 1)
    std::uint64_t seed = 42;          // Rng seed for the shuffle
};

struct DatasetSplits {
    std::vector<Example> train;      // what the model is trained on
    std::vector<Example> validation; // carved out of the training data, for early stopping
    std::vector<Example> test;       // held out; reported accuracy
};

// The sizes split_examples gives a pool of n examples (no check of the fractions).
struct SplitSizes {
    std::size_t train = 0, validation = 0, test = 0;
};
SplitSizes split_sizes(std::size_t n, const SplitOptions& options);

// Splits one pool of examples. Sizes: test = round(n * test_fraction), validation =
// round((n - test) * validation_fraction), train = the rest (round half up). The pool is
// shuffled to choose who goes where; each split keeps the examples in their input order.
// Throws InvalidArgument for a fraction outside [0, 1) or when train would be empty.
DatasetSplits split_examples(const std::vector<Example>& examples, const SplitOptions& options);

// For a dataset that comes with its own eval file: the train file gives train and validation
// (options.test_fraction is ignored), the eval file is the test split unchanged.
DatasetSplits split_with_eval(const std::vector<Example>& train_file,
                              const std::vector<Example>& eval_file, const SplitOptions& options);

} // namespace semcot
