// Reading typed keys of a JSON object (config.json, presets, run.json, the stages' own files),
// with errors that name the file and the key. Header-only, no torch.
#pragma once

#include "common/error.h"

#include <nlohmann/json.hpp>

#include <string>
#include <type_traits>

namespace semcot {

// Reads `key` of `j` into `out`. An absent or null key keeps `out`, or throws FormatError
// "<source>: missing key '<key>'" when `required`. The value must have T's JSON type: a boolean
// for bool, an integer for integral T, any number for floating-point T, a string for
// std::string; other T (lists, objects) convert through nlohmann's get. Otherwise FormatError
// "<source>: key '<key>' must be ..." (or "has the wrong type").
template <typename T>
void read_key(const nlohmann::json& j, const std::string& source, const char* key, T& out,
              bool required = false) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        if (required) throw FormatError(source + ": missing key '" + key + "'");
        return;
    }
    auto fail = [&](const char* what) {
        throw FormatError(source + ": key '" + key + "' " + what);
    };
    if constexpr (std::is_same_v<T, bool>) {
        if (!it->is_boolean()) fail("must be a boolean");
    } else if constexpr (std::is_integral_v<T>) {
        if (!it->is_number_integer()) fail("must be an integer");
    } else if constexpr (std::is_floating_point_v<T>) {
        if (!it->is_number()) fail("must be a number");
    } else if constexpr (std::is_same_v<T, std::string>) {
        if (!it->is_string()) fail("must be a string");
    }
    try {
        out = it->get<T>();
    } catch (const nlohmann::json::exception&) {
        fail("has the wrong type");
    }
}

} // namespace semcot
