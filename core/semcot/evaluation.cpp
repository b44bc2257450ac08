#include "semcot/evaluation.h"

#include "common/csv.h"
#include "common/error.h"
#include "eval/stats.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace semcot {

namespace {

void summarise(EvaluationResult& r) {
    std::map<std::string, std::vector<const SampleResult*>> by_method;
    for (const auto& s : r.samples) by_method[method_name(s.result.method)].push_back(&s);
    for (auto& [name, rows] : by_method) {
        MethodSummary m;
        std::vector<double> latency, implicit, tokens;
        for (const auto* s : rows) {
            m.correct += s->result.correct ? 1 : 0;
            latency.push_back(s->result.total_s);
            implicit.push_back(s->result.implicit_s);
            tokens.push_back(double(s->result.new_tokens));
        }
        m.n = int64_t(rows.size());
        auto acc = summarize_accuracy(size_t(m.correct), size_t(m.n));
        m.accuracy = acc.accuracy;
        m.ci95_low = acc.ci95.low;
        m.ci95_high = acc.ci95.high;
        m.mean_latency_s = mean(latency);
        m.median_latency_s = median(latency);
        m.mean_implicit_s = mean(implicit);
        m.mean_new_tokens = mean(tokens);
        // Wall time spent on the method: the samples of a batch share its time, once.
        std::map<int64_t, int64_t> batch_count;
        const int64_t bs = std::max<int64_t>(1, r.batch_size);
        for (const auto* s : rows) ++batch_count[s->index / bs];
        double wall = 0;
        for (const auto* s : rows) wall += s->result.total_s / double(batch_count[s->index / bs]);
        m.throughput_qps = wall > 0 ? double(m.n) / wall : 0;
        std::vector<double> cvs;
        for (const auto* s : rows)
            if (s->total_s_repeats.size() > 1) {
                const double mu = mean(s->total_s_repeats);
                double ss = 0;
                for (double t : s->total_s_repeats) ss += (t - mu) * (t - mu);
                const double sd = std::sqrt(ss / double(s->total_s_repeats.size() - 1));
                if (mu > 0) cvs.push_back(sd / mu);
            }
        m.repeat = rows.front()->total_s_repeats.empty()
                       ? 1
                       : int64_t(rows.front()->total_s_repeats.size());
        m.repeat_cv = cvs.empty() ? 0.0 : mean(cvs);
        r.methods[name] = m;
    }
    if (auto cot = r.methods.find("cot"); cot != r.methods.end())
        for (auto& [name, m] : r.methods)
            if (m.mean_latency_s > 0 && cot->second.mean_latency_s > 0)
                m.speedup_vs_cot = cot->second.mean_latency_s / m.mean_latency_s;
}

// Runs `answer` `repeat` times; returns the run of median total_s with every total_s.
template <typename F> std::vector<SampleResult> repeated(int64_t repeat, F answer) {
    std::vector<std::vector<MethodResult>> runs;
    for (int64_t k = 0; k < repeat; ++k) runs.push_back(answer());
    std::vector<SampleResult> out(runs.front().size());
    for (size_t i = 0; i < out.size(); ++i) {
        std::vector<std::pair<double, size_t>> times;
        for (size_t k = 0; k < runs.size(); ++k) times.emplace_back(runs[k][i].total_s, k);
        std::sort(times.begin(), times.end());
        out[i].result = std::move(runs[times[(times.size() - 1) / 2].second][i]);
        if (repeat > 1)
            for (size_t k = 0; k < runs.size(); ++k)
                out[i].total_s_repeats.push_back(runs[k][i].total_s);
    }
    return out;
}

} // namespace

EvaluationResult evaluate(const InferenceContext& ctx, const std::vector<Example>& examples,
                          const EvaluationParams& params, const EvaluationProgress& progress) {
    if (params.methods.empty()) throw InvalidArgument("evaluation needs at least one method");
    const int64_t n = params.limit > 0 ? std::min<int64_t>(params.limit, int64_t(examples.size()))
                                       : int64_t(examples.size());
    if (n == 0) throw InvalidArgument("evaluation needs at least one example");
    if (params.batch_size < 1) throw InvalidArgument("evaluation batch size must be at least 1");
    if (params.repeat < 1) throw InvalidArgument("evaluation repeat must be at least 1");
    // One untimed pass per method first: the first call pays one-time costs (allocator, BLAS
    // thread start-up, CUDA kernels) that are not the method's latency.
    auto context_of = [&](Method m) -> const InferenceContext& {
        const auto it = params.method_contexts.find(m);
        return it != params.method_contexts.end() && it->second ? *it->second : ctx;
    };
    for (Method m : params.methods)
        run_method(context_of(m), m, examples[0].query, examples[0].answer);
    EvaluationResult r;
    r.batch_size = params.batch_size;
    const int64_t bs = params.batch_size;
    for (int64_t begin = 0; begin < n; begin += bs) {
        const int64_t end = std::min(n, begin + bs);
        std::vector<std::string> queries;
        std::vector<std::optional<std::string>> golds;
        for (int64_t i = begin; i < end; ++i) {
            queries.push_back(examples[i].query);
            golds.push_back(examples[i].answer);
        }
        std::vector<std::vector<SampleResult>> by_method;
        for (Method m : params.methods)
            by_method.push_back(repeated(params.repeat, [&] {
                return bs == 1 ? std::vector<MethodResult>{run_method(
                                     context_of(m), m, queries[0], golds[0])}
                               : run_method_batch(context_of(m), m, queries, golds);
            }));
        for (int64_t i = begin; i < end; ++i) // question-major
            for (auto& results : by_method) {
                SampleResult s = std::move(results[size_t(i - begin)]);
                s.index = i;
                s.query = examples[i].query;
                s.gold = examples[i].answer;
                r.samples.push_back(std::move(s));
            }
        if (progress && !progress(end, n)) break;
    }
    summarise(r);
    return r;
}

EvaluationResult average(const std::vector<EvaluationResult>& runs) {
    if (runs.empty()) throw InvalidArgument("nothing to average");
    if (runs.size() == 1) return runs.front();
    EvaluationResult out;
    out.batch_size = runs.front().batch_size;
    std::map<std::string, std::vector<MethodSummary>> all;
    for (const auto& run : runs) {
        for (const auto& [name, m] : run.methods) all[name].push_back(m);
        out.samples.insert(out.samples.end(), run.samples.begin(), run.samples.end());
    }
    for (auto& [name, list] : all) {
        MethodSummary m;
        std::vector<double> acc, lat, med, imp, tok, qps, cv;
        for (const auto& x : list) {
            m.repeat = x.repeat;
            cv.push_back(x.repeat_cv);
            m.n += x.n;
            m.correct += x.correct;
            acc.push_back(x.accuracy);
            lat.push_back(x.mean_latency_s);
            med.push_back(x.median_latency_s);
            imp.push_back(x.mean_implicit_s);
            tok.push_back(x.mean_new_tokens);
            qps.push_back(x.throughput_qps);
        }
        auto pooled = summarize_accuracy(size_t(m.correct), size_t(m.n));
        m.accuracy = mean(acc);
        m.ci95_low = pooled.ci95.low;
        m.ci95_high = pooled.ci95.high;
        m.mean_latency_s = mean(lat);
        m.median_latency_s = mean(med);
        m.mean_implicit_s = mean(imp);
        m.mean_new_tokens = mean(tok);
        m.throughput_qps = mean(qps);
        m.repeat_cv = mean(cv);
        out.methods[name] = m;
    }
    // Speed-up of the averaged latencies (a mean of ratios would overweight a slow run).
    if (auto cot = out.methods.find("cot"); cot != out.methods.end())
        for (auto& [name, m] : out.methods)
            if (m.mean_latency_s > 0 && cot->second.mean_latency_s > 0)
                m.speedup_vs_cot = cot->second.mean_latency_s / m.mean_latency_s;
    return out;
}

nlohmann::json SampleResult::to_json() const {
    const auto& r = result;
    return {{"index", index},           {"method", method_name(r.method)},
            {"query", query},           {"gold", gold},
            {"output", r.output},       {"extracted", r.extracted},
            {"correct", r.correct},     {"implicit_s", r.implicit_s},
            {"prefill_s", r.prefill_s}, {"decode_s", r.decode_s},
            {"total_s", r.total_s},     {"new_tokens", r.new_tokens},
            {"total_s_repeats", total_s_repeats}};
}

nlohmann::json MethodSummary::to_json() const {
    return {{"n", n},
            {"correct", correct},
            {"accuracy", accuracy},
            {"accuracy_ci95", {ci95_low, ci95_high}},
            {"mean_latency_s", mean_latency_s},
            {"median_latency_s", median_latency_s},
            {"mean_implicit_s", mean_implicit_s},
            {"mean_new_tokens", mean_new_tokens},
            {"speedup_vs_cot", speedup_vs_cot ? nlohmann::json(*speedup_vs_cot) : nlohmann::json()},
            {"throughput_qps", throughput_qps},
            {"repeat", repeat},
            {"repeat_cv", repeat_cv}};
}

nlohmann::json EvaluationResult::to_json() const {
    nlohmann::json j;
    j["schema"] = "semcot.evaluation/1";
    j["batch_size"] = batch_size;
    if (!provenance.is_null()) j["provenance"] = provenance;
    j["methods"] = nlohmann::json::object();
    for (const auto& [name, m] : methods) {
        j["methods"][name] = m.to_json();
    }
    j["samples"] = nlohmann::json::array();
    for (const auto& s : samples) j["samples"].push_back(s.to_json());
    return j;
}

std::string EvaluationResult::to_csv() const {
    std::ostringstream out;
    out << "index,method,query,gold,output,extracted,correct,implicit_s,prefill_s,decode_s,total_s,"
           "new_tokens\n";
    out << std::setprecision(9);
    for (const auto& s : samples) {
        const auto& r = s.result;
        out << s.index << "," << method_name(r.method) << "," << csv_cell(s.query) << ","
            << csv_cell(s.gold) << "," << csv_cell(r.output) << "," << csv_cell(r.extracted) << ","
            << (r.correct ? 1 : 0) << "," << r.implicit_s << "," << r.prefill_s << "," << r.decode_s
            << "," << r.total_s << "," << r.new_tokens << "\n";
    }
    return out.str();
}

namespace {
// "5.58x", or "-" without CoT.
std::string speedup_cell(const std::optional<double>& speedup) {
    if (!speedup) return "-";
    std::ostringstream out;
    out << std::fixed << std::setprecision(2) << *speedup << "x";
    return out.str();
}
} // namespace

std::string EvaluationResult::table() const {
    std::ostringstream out;
    out << std::left << std::setw(8) << "method" << std::right << std::setw(6) << "n"
        << std::setw(10) << "accuracy" << std::setw(18) << "95% CI" << std::setw(13) << "mean ms"
        << std::setw(13) << "median ms" << std::setw(11) << "tokens" << std::setw(10) << "speed-up"
        << std::setw(9) << "q/s" << std::setw(11) << "latent ms"
        << "\n";
    for (Method method : all_methods()) {
        auto it = methods.find(method_name(method));
        if (it == methods.end()) continue;
        const auto& m = it->second;
        std::ostringstream ci;
        ci << std::fixed << std::setprecision(1) << "[" << 100 * m.ci95_low << ", "
           << 100 * m.ci95_high << "]";
        out << std::left << std::setw(8) << it->first << std::right << std::setw(6) << m.n << std::fixed
            << std::setprecision(1) << std::setw(9) << 100 * m.accuracy << "%" << std::setw(18)
            << ci.str() << std::setprecision(2) << std::setw(13) << 1e3 * m.mean_latency_s
            << std::setw(13) << 1e3 * m.median_latency_s << std::setprecision(1) << std::setw(11)
            << m.mean_new_tokens << std::setw(10) << speedup_cell(m.speedup_vs_cot)
            << std::setprecision(1) << std::setw(9) << m.throughput_qps << std::setprecision(2)
            << std::setw(11) << 1e3 * m.mean_implicit_s << "\n";
    }
    std::ostringstream repeats;
    for (const auto& [name, m] : methods)
        if (m.repeat > 1)
            repeats << (repeats.tellp() > 0 ? ", " : "") << name << " " << std::fixed
                    << std::setprecision(1) << 100 * m.repeat_cv << "%";
    if (repeats.tellp() > 0)
        out << "timings: the median of " << methods.begin()->second.repeat
            << " runs per question; their variation between runs (mean coefficient of "
               "variation): "
            << repeats.str() << "\n";
    return out.str();
}

} // namespace semcot
