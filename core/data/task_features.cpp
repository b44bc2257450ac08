#include "data/task_features.h"

#include <regex>

namespace semcot {

namespace {

int64_t count_matches(const std::string& text, const std::regex& re) {
    return std::distance(std::sregex_iterator(text.begin(), text.end(), re),
                         std::sregex_iterator());
}

int64_t non_empty_lines(const std::string& text) {
    int64_t n = 0;
    bool content = false;
    for (const char c : text) {
        if (c == '\n') {
            n += content ? 1 : 0;
            content = false;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            content = true;
        }
    }
    return n + (content ? 1 : 0);
}

} // namespace

std::map<std::string, int64_t> task_features(const Example& e) {
    static const std::regex kFlips(R"(\bflips the coin\b)");
    static const std::regex kStays(R"(\bdoes not flip the coin\b)");
    static const std::regex kCalculator(R"(<<[^<>]*>>)");
    // A digit, an operator, then (not consumed, so chains count each operator) a number:
    // "7 + 5", "1 + 2 + 3" (two), "290.0 / 2.0", "3x4", "12 ÷ 3". "-3" alone is not one.
    static const std::regex kOperation(
        R"(\d\s*(?:[+*/x]|\xC3\x97|\xC3\xB7|-)(?=\s*\(?\s*\d))");
    std::map<std::string, int64_t> f;
    if (e.query.find("coin is heads up") != std::string::npos) {
        const int64_t flips = count_matches(e.query, kFlips);
        f["flips"] = flips;
        f["people"] = flips + count_matches(e.query, kStays);
        return f;
    }
    if (e.reasoning.empty()) return f;
    const int64_t calculator = count_matches(e.reasoning, kCalculator);
    if (calculator > 0) {
        f["steps"] = non_empty_lines(e.reasoning);
        f["operations"] = calculator;
        return f;
    }
    const int64_t operations = count_matches(e.reasoning, kOperation);
    if (operations > 0) f["operations"] = operations;
    return f;
}

void add_task_features(std::vector<Example>& examples) {
    for (auto& e : examples) e.features = task_features(e);
}

} // namespace semcot
