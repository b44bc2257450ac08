// Paired comparisons of two methods (or two runs) on the same questions (issue 16 §1).
//
// McNemar's test (McNemar 1947) asks whether two classifiers' accuracies differ, using only the
// discordant questions: b = A right and B wrong, c = A wrong and B right. With b + c < 25 the
// exact two-sided binomial test is used, p = min(1, 2 P[X <= min(b, c)]) for X ~ Bin(b + c,
// 1/2); otherwise the chi-square statistic with continuity correction (|b - c| - 1)^2 / (b + c),
// 1 degree of freedom (Edwards 1948; the rule of thumb in e.g. statsmodels' mcnemar).
//
// The paired bootstrap (Efron & Tibshirani 1993; Koehn 2004 for NLP) resamples question indices
// with replacement and recomputes accuracy(A) - accuracy(B) on each resample; the 95% interval
// is the 2.5th and 97.5th percentiles of those differences. Deterministic for a seed.
#pragma once

#include <cstdint>
#include <vector>

namespace semcot {

struct McNemarResult {
    int64_t both = 0;    // A and B right
    int64_t only_a = 0;  // A right, B wrong (b)
    int64_t only_b = 0;  // A wrong, B right (c)
    int64_t neither = 0; // both wrong
    bool exact = true;   // exact binomial test (b + c < 25), else chi-square
    double statistic = 0; // chi-square statistic (0 for the exact test)
    double p_value = 1;   // two-sided; 1 when there are no discordant questions
};

// `a[i]`, `b[i]`: whether A and B answered question i right. InvalidArgument when the lengths
// differ or are zero.
McNemarResult mcnemar(const std::vector<bool>& a, const std::vector<bool>& b);

struct BootstrapInterval {
    double difference = 0; // accuracy(A) - accuracy(B) on the questions as given
    double low = 0, high = 0; // 95% percentile interval
    int64_t resamples = 0;
};

// InvalidArgument for different or zero lengths, or resamples < 100.
BootstrapInterval paired_bootstrap(const std::vector<bool>& a, const std::vector<bool>& b,
                                   int64_t resamples = 10000, uint64_t seed = 0);

// Two-sided exact binomial p-value of k or fewer successes in n fair trials, doubled and capped
// at 1 (the exact McNemar test's p for min(b, c) = k, b + c = n).
double binomial_two_sided_p(int64_t k, int64_t n);

} // namespace semcot
