#include "report/report_config.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

namespace semcot::report {

namespace {

// A scalar as the configuration table shows it. Numbers are written by value, not as the
// file spelled them: 0 and 0.0 are both "0", 1e-3 and 0.001 both "0.001" (shortest form that
// reads back to the same double).
std::string scalar_text(const nlohmann::json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_float()) {
        const double d = v.get<double>();
        if (std::isfinite(d) && d == std::floor(d) && std::abs(d) < 1e15)
            return std::to_string(static_cast<long long>(d));
        char buf[64];
        const auto r = std::to_chars(buf, buf + sizeof buf, d);
        return std::string(buf, r.ptr);
    }
    return v.dump(); // integers, booleans
}

// Leaves of a JSON object as dotted keys; arrays of scalars joined with ", ".
void flatten(const nlohmann::json& j, const std::string& prefix,
             std::vector<std::pair<std::string, std::string>>& out) {
    if (j.is_object()) {
        for (const auto& [key, value] : j.items())
            flatten(value, prefix.empty() ? key : prefix + "." + key, out);
    } else if (j.is_array()) {
        std::string joined;
        for (const auto& v : j) {
            if (!joined.empty()) joined += ", ";
            joined += scalar_text(v);
        }
        out.emplace_back(prefix, joined);
    } else if (!j.is_null()) {
        out.emplace_back(prefix, scalar_text(j));
    }
}

// The preset keys that change SemCoT beyond the paper (issue 11; SemcotTrainParams in
// core/semcot/semcot_trainer.h) and the value that keeps the paper's method. Every run shows
// all of them, set or not, so that the paper's method and a changed one read side by side.
struct BeyondPaperKey {
    const char* key;
    const char* paper_value; // as scalar_text writes it; "" for an empty list
};
constexpr BeyondPaperKey kBeyondPaper[] = {
    {"answer_tokens", "separate"},
    {"flip_curriculum", ""},
    {"cg_init_norm_scale", "0"},
    {"align_target", "reasoning"},
};

void add_beyond_paper_rows(std::vector<std::pair<std::string, std::string>>& rows) {
    for (const auto& k : kBeyondPaper) {
        const std::string key = std::string("preset.semcot.") + k.key;
        auto it = std::find_if(rows.begin(), rows.end(),
                               [&](const auto& row) { return row.first == key; });
        std::string value = k.paper_value;
        if (it != rows.end()) value = it->second;
        const bool paper = value == k.paper_value;
        if (value.empty()) value = "off";
        if (paper) value += " (paper)";
        if (it != rows.end()) it->second = value;
        else rows.emplace_back(key, value);
    }
}

} // namespace

std::vector<std::pair<std::string, std::string>> config_rows(const nlohmann::json& info) {
    std::vector<std::pair<std::string, std::string>> rows;
    if (!info.is_object()) return rows;
    for (const char* key : {"preset_name", "task", "seed", "status"})
        if (info.contains(key)) flatten(info[key], key, rows);
    if (info.contains("stages_done")) flatten(info["stages_done"], "stages", rows);
    if (info.contains("summary")) flatten(info["summary"], "summary", rows);
    if (info.contains("preset")) {
        auto preset = info["preset"];
        if (preset.is_object()) preset.erase("description");
        flatten(preset, "preset", rows);
        add_beyond_paper_rows(rows);
    }
    return rows;
}

ConfigTable config_table(const std::vector<nlohmann::json>& run_infos) {
    ConfigTable t;
    std::map<std::string, size_t> row_of;
    for (size_t r = 0; r < run_infos.size(); ++r)
        for (const auto& [key, value] : config_rows(run_infos[r])) {
            auto [it, added] = row_of.emplace(key, t.keys.size());
            if (added) {
                t.keys.push_back(key);
                t.values.emplace_back(run_infos.size());
            }
            t.values[it->second][r] = value;
        }
    // A switch absent from a preset is off: every preset switch (no_st, no_warmup, ...)
    // defaults to false, so "false" and a missing key are the same setting.
    auto setting = [](const std::optional<std::string>& v) {
        return v ? *v : std::string("false");
    };
    for (const auto& row : t.values) {
        bool differs = false;
        for (const auto& v : row) differs = differs || setting(v) != setting(row.front());
        t.differs.push_back(differs);
    }
    return t;
}

} // namespace semcot::report
