// A run's configuration (run.json) as the reports and the Runs view's comparison show it: flat
// "key" -> "value" rows, and several runs side by side with the rows that differ. No torch.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace semcot::report {

// The run's configuration as flat "key" -> "value" rows: task, seed, preset, split sizes,
// model shapes, training hyperparameters and the best validation losses. Numbers are written
// by value, not as the file spelled them (0 and 0.0 are both "0").
std::vector<std::pair<std::string, std::string>> config_rows(const nlohmann::json& run_info);

// The configuration rows of several runs side by side: keys in first-seen order, each run's
// value (nullopt: the run's run.json has no such key), and whether the row differs between the
// runs. Numbers compare by value (0 = 0.0), and a missing preset switch is false.
struct ConfigTable {
    std::vector<std::string> keys;
    std::vector<std::vector<std::optional<std::string>>> values; // [row][run]
    std::vector<bool> differs;                                   // [row]
};
ConfigTable config_table(const std::vector<nlohmann::json>& run_infos);

} // namespace semcot::report
