#include "eval/paired_stats.h"

#include "common/error.h"
#include "data/rng.h"
#include "eval/stats.h"

#include <algorithm>
#include <cmath>

namespace semcot {

namespace {

void check_pair(const std::vector<bool>& a, const std::vector<bool>& b) {
    if (a.size() != b.size())
        throw InvalidArgument("paired statistics need the same questions for both (" +
                              std::to_string(a.size()) + " vs " + std::to_string(b.size()) + ")");
    if (a.empty()) throw InvalidArgument("paired statistics need at least one question");
}

} // namespace

double binomial_two_sided_p(int64_t k, int64_t n) {
    if (n <= 0) return 1.0;
    double tail = 0;
    for (int64_t i = 0; i <= k; ++i)
        tail += std::exp(std::lgamma(double(n + 1)) - std::lgamma(double(i + 1)) -
                         std::lgamma(double(n - i + 1)) - double(n) * std::log(2.0));
    return std::min(1.0, 2.0 * tail);
}

McNemarResult mcnemar(const std::vector<bool>& a, const std::vector<bool>& b) {
    check_pair(a, b);
    McNemarResult r;
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i] && b[i]) ++r.both;
        else if (a[i]) ++r.only_a;
        else if (b[i]) ++r.only_b;
        else ++r.neither;
    }
    const int64_t n = r.only_a + r.only_b;
    if (n == 0) return r;
    r.exact = n < 25;
    if (r.exact) {
        r.p_value = binomial_two_sided_p(std::min(r.only_a, r.only_b), n);
    } else {
        const double d = std::abs(double(r.only_a - r.only_b)) - 1.0;
        r.statistic = d * d / double(n);
        r.p_value = std::erfc(std::sqrt(r.statistic / 2.0)); // chi-square, 1 degree of freedom
    }
    return r;
}

BootstrapInterval paired_bootstrap(const std::vector<bool>& a, const std::vector<bool>& b,
                                   int64_t resamples, uint64_t seed) {
    check_pair(a, b);
    if (resamples < 100) throw InvalidArgument("the bootstrap needs at least 100 resamples");
    const size_t n = a.size();
    std::vector<int> diff(n); // +1, 0 or -1 per question
    double sum = 0;
    for (size_t i = 0; i < n; ++i) {
        diff[i] = int(a[i]) - int(b[i]);
        sum += diff[i];
    }
    BootstrapInterval out;
    out.difference = sum / double(n);
    out.resamples = resamples;
    Rng rng(seed);
    std::vector<double> stats(size_t(resamples), 0.0);
    for (auto& s : stats) {
        int64_t total = 0;
        for (size_t i = 0; i < n; ++i) total += diff[size_t(rng.below(n))];
        s = double(total) / double(n);
    }
    std::sort(stats.begin(), stats.end());
    out.low = quantile(stats, 0.025);
    out.high = quantile(stats, 0.975);
    return out;
}

} // namespace semcot
