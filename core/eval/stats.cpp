#include "eval/stats.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

namespace semcot {

Interval wilson_interval(std::size_t successes, std::size_t trials, double z) {
    if (trials == 0) throw InvalidArgument("wilson_interval: no trials");
    if (successes > trials)
        throw InvalidArgument("wilson_interval: " + std::to_string(successes) + " successes in " +
                              std::to_string(trials) + " trials");
    const double n = static_cast<double>(trials);
    const double p = static_cast<double>(successes) / n;
    const double z2 = z * z;
    const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    const double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

AccuracySummary summarize_accuracy(std::size_t correct, std::size_t total) {
    AccuracySummary s;
    s.correct = correct;
    s.total = total;
    s.accuracy = static_cast<double>(correct) / static_cast<double>(total == 0 ? 1 : total);
    s.ci95 = wilson_interval(correct, total);
    return s;
}

double mean(const std::vector<double>& values) {
    if (values.empty()) throw InvalidArgument("mean of no values");
    return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double median(std::vector<double> values) {
    if (values.empty()) throw InvalidArgument("median of no values");
    const std::size_t mid = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + mid, values.end());
    if (values.size() % 2 == 1) return values[mid];
    const double upper = values[mid];
    const double lower = *std::max_element(values.begin(), values.begin() + mid);
    return (lower + upper) / 2;
}

double quantile(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) throw InvalidArgument("quantile of an empty input");
    const double pos = q * double(sorted.size() - 1);
    const size_t lo = size_t(std::floor(pos)), hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (pos - double(lo)) * (sorted[hi] - sorted[lo]);
}

} // namespace semcot
