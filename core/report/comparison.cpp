#include "report/comparison.h"

#include "common/error.h"
#include "eval/stats.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace semcot {

namespace {

std::vector<const SampleResult*> samples_of(const EvaluationResult& e, const std::string& method) {
    std::vector<const SampleResult*> out;
    for (const auto& s : e.samples)
        if (method_name(s.result.method) == method) out.push_back(&s);
    if (out.empty())
        throw InvalidArgument("the evaluation has no samples of method '" + method + "'");
    return out;
}

nlohmann::json latency_json(const LatencySpread& l) {
    return {{"mean_s", l.mean}, {"sd_s", l.sd}, {"median_s", l.median}, {"p10_s", l.p10},
            {"p90_s", l.p90}};
}

} // namespace

LatencySpread latency_spread(const std::vector<double>& seconds) {
    if (seconds.empty()) throw InvalidArgument("no latencies");
    LatencySpread l;
    l.mean = mean(seconds);
    double ss = 0;
    for (double s : seconds) ss += (s - l.mean) * (s - l.mean);
    l.sd = seconds.size() > 1 ? std::sqrt(ss / double(seconds.size() - 1)) : 0.0;
    l.median = median(seconds);
    std::vector<double> sorted = seconds;
    std::sort(sorted.begin(), sorted.end());
    l.p10 = quantile(sorted, 0.1);
    l.p90 = quantile(sorted, 0.9);
    return l;
}

PairedComparison compare_methods(const EvaluationResult& ea, const std::string& method_a,
                                 const EvaluationResult& eb, const std::string& method_b,
                                 int64_t resamples, uint64_t seed) {
    const auto sa = samples_of(ea, method_a), sb = samples_of(eb, method_b);
    if (sa.size() != sb.size())
        throw InvalidArgument("'" + method_a + "' has " + std::to_string(sa.size()) +
                              " answers and '" + method_b + "' " + std::to_string(sb.size()) +
                              ": a paired comparison needs the same questions");
    std::vector<bool> ca, cb;
    std::vector<double> la, lb;
    for (size_t i = 0; i < sa.size(); ++i) {
        if (sa[i]->query != sb[i]->query)
            throw InvalidArgument("answer " + std::to_string(i) +
                                  " is to different questions in the two evaluations");
        ca.push_back(sa[i]->result.correct);
        cb.push_back(sb[i]->result.correct);
        la.push_back(sa[i]->result.total_s);
        lb.push_back(sb[i]->result.total_s);
    }
    PairedComparison c;
    c.a = method_a;
    c.b = method_b;
    c.n = int64_t(ca.size());
    c.accuracy_a = double(std::count(ca.begin(), ca.end(), true)) / double(c.n);
    c.accuracy_b = double(std::count(cb.begin(), cb.end(), true)) / double(c.n);
    c.mcnemar = mcnemar(ca, cb);
    c.bootstrap = paired_bootstrap(ca, cb, resamples, seed);
    c.latency_a = latency_spread(la);
    c.latency_b = latency_spread(lb);
    return c;
}

nlohmann::json PairedComparison::to_json() const {
    return {{"schema", "semcot.compare/1"},
            {"a", a},
            {"b", b},
            {"n", n},
            {"accuracy_a", accuracy_a},
            {"accuracy_b", accuracy_b},
            {"mcnemar",
             {{"both_right", mcnemar.both},
              {"only_a_right", mcnemar.only_a},
              {"only_b_right", mcnemar.only_b},
              {"both_wrong", mcnemar.neither},
              {"test", mcnemar.exact ? "exact binomial" : "chi-square, continuity corrected"},
              {"statistic", mcnemar.statistic},
              {"p_value", mcnemar.p_value}}},
            {"accuracy_difference",
             {{"value", bootstrap.difference},
              {"ci95", {bootstrap.low, bootstrap.high}},
              {"method", "paired bootstrap, percentile"},
              {"resamples", bootstrap.resamples}}},
            {"latency_a", latency_json(latency_a)},
            {"latency_b", latency_json(latency_b)}};
}

std::string PairedComparison::table() const {
    std::ostringstream o;
    o << std::fixed << std::setprecision(1);
    o << "paired on " << n << " questions: A = " << a << ", B = " << b << "\n";
    o << "accuracy    A " << 100 * accuracy_a << "%   B " << 100 * accuracy_b << "%   A - B "
      << 100 * bootstrap.difference << " points, 95% CI [" << 100 * bootstrap.low << ", "
      << 100 * bootstrap.high << "] (paired bootstrap, " << bootstrap.resamples
      << " resamples)\n";
    o << "McNemar     only A right " << mcnemar.only_a << ", only B right " << mcnemar.only_b
      << ", both " << mcnemar.both << ", neither " << mcnemar.neither << "; "
      << (mcnemar.exact ? "exact binomial" : "chi-square") << " p = " << std::defaultfloat
      << std::setprecision(3) << mcnemar.p_value << "\n"
      << std::fixed << std::setprecision(2);
    auto lat = [&](const char* name, const LatencySpread& l) {
        o << "latency " << name << "   mean " << 1e3 * l.mean << " ms, sd " << 1e3 * l.sd
          << ", median " << 1e3 * l.median << ", p10-p90 " << 1e3 * l.p10 << "-" << 1e3 * l.p90
          << " ms\n";
    };
    lat("A", latency_a);
    lat("B", latency_b);
    return o.str();
}

} // namespace semcot
