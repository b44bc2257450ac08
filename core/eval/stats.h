// Small statistics for reporting evaluation results.
#pragma once

#include <cstddef>
#include <vector>

namespace semcot {

// A closed interval of proportions.
struct Interval {
    double low = 0.0;  // lower bound, >= 0
    double high = 0.0; // upper bound, <= 1
};

// Wilson score interval for `successes` out of `trials` (default z: 95%). Unlike the normal
// approximation it stays inside [0, 1] and is sensible at 0% and 100%. Throws InvalidArgument
// when trials == 0 or successes > trials.
Interval wilson_interval(std::size_t successes, std::size_t trials, double z = 1.959963984540054);

// Accuracy with its 95% Wilson interval.
struct AccuracySummary {
    std::size_t correct = 0; // scored correct
    std::size_t total = 0;   // scored in all
    double accuracy = 0.0;   // correct / total
    Interval ci95;           // 95% Wilson score interval of the accuracy
};
AccuracySummary summarize_accuracy(std::size_t correct, std::size_t total);

// Arithmetic mean and median (mean of the middle two for an even count). Throw InvalidArgument
// on an empty input.
double mean(const std::vector<double>& values);
double median(std::vector<double> values);
// The q-quantile (q in [0, 1]) of values sorted ascending, linearly interpolated between the
// two nearest ranks (numpy's default). Throws InvalidArgument on an empty input.
double quantile(const std::vector<double>& sorted, double q);

} // namespace semcot
