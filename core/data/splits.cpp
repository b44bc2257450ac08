#include "data/splits.h"

#include "common/error.h"
#include "data/rng.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace semcot {

namespace {

void check_fraction(double fraction, const char* name) {
    if (!(fraction >= 0.0 && fraction < 1.0))
        throw InvalidArgument(std::string("split: ") + name + " must be in [0, 1), got " +
                              std::to_string(fraction));
}

std::size_t share(std::size_t n, double fraction) {
    return static_cast<std::size_t>(std::floor(static_cast<double>(n) * fraction + 0.5));
}

// Shuffled positions, then each block sorted back into input order.
std::vector<Example> pick(const std::vector<Example>& examples, std::vector<std::size_t> indices) {
    std::sort(indices.begin(), indices.end());
    std::vector<Example> out;
    out.reserve(indices.size());
    for (std::size_t i : indices) out.push_back(examples[i]);
    return out;
}

} // namespace

SplitSizes split_sizes(std::size_t n, const SplitOptions& options) {
    SplitSizes s;
    s.test = std::min(n, share(n, options.test_fraction));
    s.validation = std::min(n - s.test, share(n - s.test, options.validation_fraction));
    s.train = n - s.test - s.validation;
    return s;
}

DatasetSplits split_examples(const std::vector<Example>& examples, const SplitOptions& options) {
    check_fraction(options.test_fraction, "test_fraction");
    check_fraction(options.validation_fraction, "validation_fraction");
    const std::size_t n = examples.size();
    const SplitSizes sizes = split_sizes(n, options);
    const std::size_t n_test = sizes.test, n_validation = sizes.validation;
    if (n > 0 && n_test + n_validation >= n)
        throw InvalidArgument("split: " + std::to_string(n) +
                              " examples are too few to leave any for training");
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    Rng rng(options.seed);
    rng.shuffle(order);
    const auto test_end = order.begin() + static_cast<std::ptrdiff_t>(n_test);
    const auto validation_end = test_end + static_cast<std::ptrdiff_t>(n_validation);
    DatasetSplits splits;
    splits.test = pick(examples, {order.begin(), test_end});
    splits.validation = pick(examples, {test_end, validation_end});
    splits.train = pick(examples, {validation_end, order.end()});
    return splits;
}

DatasetSplits split_with_eval(const std::vector<Example>& train_file,
                              const std::vector<Example>& eval_file, const SplitOptions& options) {
    SplitOptions train_only = options;
    train_only.test_fraction = 0.0;
    DatasetSplits splits = split_examples(train_file, train_only);
    splits.test = eval_file;
    return splits;
}

} // namespace semcot
