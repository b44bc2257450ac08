#include "report/slices.h"

#include "common/error.h"
#include "data/task_features.h"
#include "eval/stats.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>

namespace semcot {

namespace {

std::vector<int64_t> positions_of(const EvaluationResult& e, const std::string& method) {
    std::vector<int64_t> out;
    for (size_t i = 0; i < e.samples.size(); ++i)
        if (method_name(e.samples[i].result.method) == method) out.push_back(int64_t(i));
    if (out.empty())
        throw InvalidArgument("the evaluation has no samples of method '" + method + "'");
    return out;
}

int64_t words(const std::string& s) {
    std::istringstream in(s);
    std::string w;
    int64_t n = 0;
    while (in >> w) ++n;
    return n;
}

std::map<std::string, int64_t> features_of(const SampleResult& s) {
    Example ex;
    ex.query = s.query;
    ex.answer = s.gold;
    return task_features(ex);
}

// Rows keyed by a number sort numerically, others by text.
struct Key {
    bool numeric = false;
    int64_t number = 0;
    std::string text;
    bool operator<(const Key& o) const {
        if (numeric != o.numeric) return numeric;
        return numeric ? number < o.number : text < o.text;
    }
};

SliceRow finish_row(std::string label, const EvaluationResult& e, std::vector<int64_t> samples) {
    SliceRow r;
    r.slice = std::move(label);
    r.samples = std::move(samples);
    r.n = int64_t(r.samples.size());
    for (int64_t i : r.samples) r.correct += e.samples[size_t(i)].result.correct ? 1 : 0;
    const auto acc = summarize_accuracy(size_t(r.correct), size_t(r.n));
    r.accuracy = acc.accuracy;
    r.ci95_low = acc.ci95.low;
    r.ci95_high = acc.ci95.high;
    return r;
}

// Four bins of question length at the quartiles (fewer when lengths repeat).
std::vector<SliceRow> length_rows(const EvaluationResult& e, const std::vector<int64_t>& pos) {
    std::vector<int64_t> lengths;
    for (int64_t i : pos) lengths.push_back(words(e.samples[size_t(i)].query));
    std::vector<int64_t> sorted = lengths;
    std::sort(sorted.begin(), sorted.end());
    std::set<int64_t> cuts; // upper bounds, inclusive
    for (double q : {0.25, 0.5, 0.75}) cuts.insert(sorted[size_t(q * double(sorted.size() - 1))]);
    cuts.insert(sorted.back());
    std::vector<SliceRow> rows;
    int64_t low = sorted.front();
    for (int64_t high : cuts) {
        std::vector<int64_t> in;
        for (size_t j = 0; j < pos.size(); ++j)
            if (lengths[j] >= low && lengths[j] <= high) in.push_back(pos[j]);
        if (!in.empty())
            rows.push_back(finish_row(low == high ? std::to_string(low) + " words"
                                                  : std::to_string(low) + "-" +
                                                        std::to_string(high) + " words",
                                      e, std::move(in)));
        low = high + 1;
    }
    return rows;
}

} // namespace

SliceTable slice_results(const EvaluationResult& e, const std::string& method,
                         const std::string& by) {
    const auto pos = positions_of(e, method);
    SliceTable t;
    t.method = method;
    t.by = by;
    if (by == "length") {
        t.rows = length_rows(e, pos);
        return t;
    }
    const bool feature = by.rfind("feature:", 0) == 0;
    if (by != "answer" && !feature)
        throw InvalidArgument("unknown slicing '" + by +
                              "' (expected answer, length or feature:NAME)");
    const std::string name = feature ? by.substr(8) : "";
    if (feature) {
        const auto known = available_slices(e, method);
        if (std::find(known.begin(), known.end(), by) == known.end()) {
            std::string list;
            for (const auto& k : known)
                if (k.rfind("feature:", 0) == 0) list += (list.empty() ? "" : ", ") + k;
            throw InvalidArgument("no question has the feature '" + name + "'" +
                                  (list.empty() ? " (this task declares none)"
                                                : " (available: " + list + ")"));
        }
    }
    std::map<Key, std::vector<int64_t>> groups;
    for (int64_t i : pos) {
        const auto& s = e.samples[size_t(i)];
        if (!feature) {
            groups[{false, 0, s.gold}].push_back(i);
            continue;
        }
        const auto f = features_of(s);
        if (auto it = f.find(name); it != f.end()) groups[{true, it->second, ""}].push_back(i);
    }
    for (auto& [key, members] : groups)
        t.rows.push_back(
            finish_row(key.numeric ? std::to_string(key.number) : key.text, e, std::move(members)));
    return t;
}

std::vector<std::string> available_slices(const EvaluationResult& e, const std::string& method) {
    std::vector<std::string> out = {"answer", "length"};
    std::set<std::string> names;
    for (int64_t i : positions_of(e, method))
        for (const auto& [name, v] : features_of(e.samples[size_t(i)])) names.insert(name);
    for (const auto& n : names) out.push_back("feature:" + n);
    return out;
}

ConfusionTable confusion_table(const EvaluationResult& e, const std::string& method) {
    const auto pos = positions_of(e, method);
    ConfusionTable t;
    t.method = method;
    std::set<std::string> gold, pred;
    auto predicted = [](const SampleResult& s) {
        return s.result.extracted.empty() ? std::string("(none)") : s.result.extracted;
    };
    for (int64_t i : pos) {
        gold.insert(e.samples[size_t(i)].gold);
        pred.insert(predicted(e.samples[size_t(i)]));
    }
    t.gold.assign(gold.begin(), gold.end());
    t.predicted.assign(pred.begin(), pred.end());
    t.counts.assign(t.gold.size(), std::vector<int64_t>(t.predicted.size(), 0));
    t.samples.assign(t.gold.size(), std::vector<std::vector<int64_t>>(t.predicted.size()));
    auto index = [](const std::vector<std::string>& v, const std::string& x) {
        return size_t(std::find(v.begin(), v.end(), x) - v.begin());
    };
    for (int64_t i : pos) {
        const auto& s = e.samples[size_t(i)];
        const size_t g = index(t.gold, s.gold), p = index(t.predicted, predicted(s));
        ++t.counts[g][p];
        t.samples[g][p].push_back(i);
    }
    return t;
}

nlohmann::json SliceTable::to_json() const {
    nlohmann::json rows_json = nlohmann::json::array();
    for (const auto& r : rows)
        rows_json.push_back({{"slice", r.slice},
                             {"n", r.n},
                             {"correct", r.correct},
                             {"accuracy", r.accuracy},
                             {"accuracy_ci95", {r.ci95_low, r.ci95_high}},
                             {"samples", r.samples}});
    return {{"method", method}, {"by", by}, {"rows", rows_json}};
}

std::string SliceTable::table() const {
    std::ostringstream o;
    o << method << " by " << by << "\n";
    o << std::left << std::setw(18) << "slice" << std::right << std::setw(6) << "n"
      << std::setw(11) << "accuracy" << "   95% CI\n";
    o << std::fixed << std::setprecision(1);
    for (const auto& r : rows)
        o << std::left << std::setw(18) << r.slice << std::right << std::setw(6) << r.n
          << std::setw(10) << 100 * r.accuracy << "%   [" << 100 * r.ci95_low << ", "
          << 100 * r.ci95_high << "]\n";
    return o.str();
}

nlohmann::json ConfusionTable::to_json() const {
    return {{"method", method}, {"gold", gold}, {"predicted", predicted}, {"counts", counts},
            {"samples", samples}};
}

std::string ConfusionTable::table() const {
    std::ostringstream o;
    o << method << ": gold (rows) against predicted (columns)\n" << std::setw(12) << "";
    for (const auto& p : predicted) o << std::setw(10) << p;
    o << "\n";
    for (size_t g = 0; g < gold.size(); ++g) {
        o << std::setw(12) << gold[g];
        for (int64_t c : counts[g]) o << std::setw(10) << c;
        o << "\n";
    }
    return o.str();
}

} // namespace semcot
