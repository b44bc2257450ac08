#include "report/report_analysis.h"

#include "report/report_model.h"

#include <nlohmann/json.hpp>

namespace semcot::report {

namespace {

std::vector<std::string> present(const EvaluationResult& e) {
    std::vector<std::string> out;
    for (const auto& name : method_order())
        if (e.methods.count(name)) out.push_back(name);
    return out;
}

} // namespace

std::vector<PairedComparison> paired_comparisons(const EvaluationResult& e) {
    const auto methods = present(e);
    std::vector<PairedComparison> out;
    if (methods.size() < 2) return out;
    const std::string anchor = e.methods.count("semcot") ? "semcot" : methods.front();
    for (const auto& m : methods)
        if (m != anchor) out.push_back(compare_methods(e, anchor, e, m, 10000, 0));
    return out;
}

nlohmann::json slices_json(const EvaluationResult& e) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& m : present(e)) {
        nlohmann::json j = {{"confusion", confusion_table(e, m).to_json()},
                            {"slices", nlohmann::json::array()}};
        for (const auto& by : available_slices(e, m))
            j["slices"].push_back(slice_results(e, m, by).to_json());
        out[m] = j;
    }
    return out;
}

} // namespace semcot::report
