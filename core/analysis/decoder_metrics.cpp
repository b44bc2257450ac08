#include "analysis/decoder_metrics.h"

#include "common/error.h"
#include "common/json_keys.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>

namespace semcot {

std::vector<std::string> rouge_tokens(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    for (unsigned char c : text) {
        if (std::isalnum(c) && c < 128) {
            cur.push_back(char(std::tolower(c)));
        } else if (!cur.empty()) {
            out.push_back(std::move(cur));
            cur.clear();
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

int64_t lcs_length(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    // Row-by-row dynamic programme: row[j] = LCS(a[0..i), b[0..j)).
    std::vector<int64_t> row(b.size() + 1, 0);
    for (const auto& x : a) {
        int64_t diag = 0; // LCS(a[0..i-1), b[0..j-1))
        for (size_t j = 1; j <= b.size(); ++j) {
            const int64_t up = row[j];
            row[j] = x == b[j - 1] ? diag + 1 : std::max(row[j], row[j - 1]);
            diag = up;
        }
    }
    return row.back();
}

RougeL rouge_l(const std::string& candidate, const std::string& reference) {
    const auto c = rouge_tokens(candidate), r = rouge_tokens(reference);
    RougeL out;
    if (c.empty() || r.empty()) return out;
    const double lcs = double(lcs_length(r, c));
    out.precision = lcs / double(c.size());
    out.recall = lcs / double(r.size());
    if (lcs > 0) out.f = 2 * out.precision * out.recall / (out.precision + out.recall);
    return out;
}

std::vector<std::string> reasoning_lines(const std::string& reasoning) {
    std::vector<std::string> out;
    std::istringstream in(reasoning);
    std::string line;
    const char* space = " \t\r\f\v";
    while (std::getline(in, line)) {
        const auto b = line.find_first_not_of(space);
        if (b == std::string::npos) continue;
        out.push_back(line.substr(b, line.find_last_not_of(space) - b + 1));
    }
    return out;
}

int64_t matched_steps(const std::vector<std::string>& decoded,
                      const std::vector<std::string>& gold) {
    int64_t n = 0;
    for (size_t i = 0; i < std::min(decoded.size(), gold.size()); ++i) n += decoded[i] == gold[i];
    return n;
}

bool is_coin_flip(const std::string& query) {
    return query.find("A coin is heads up") != std::string::npos;
}

std::optional<std::string> final_coin_state(const std::string& text) {
    const auto words = rouge_tokens(text);
    for (size_t i = words.size(); i-- > 0;) {
        if (words[i] != "heads" && words[i] != "tails") continue;
        bool negated = false;
        for (size_t j = i >= 3 ? i - 3 : 0; j < i; ++j) negated = negated || words[j] == "not";
        const bool heads = (words[i] == "heads") != negated;
        return std::string(heads ? "heads" : "tails");
    }
    return std::nullopt;
}

std::string decoded_conclusion(const std::string& decoded, const std::string& query,
                               const Scorer& scorer) {
    if (is_coin_flip(query)) {
        const auto state = final_coin_state(decoded);
        if (!state) return {};
        return *state == "heads" ? "yes" : "no";
    }
    return extract_answer(decoded, scorer, query);
}

namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool same_answer(const std::string& a, const std::string& b, const Scorer& scorer) {
    if (a.empty() || b.empty()) return false;
    if (scorer.kind == AnswerKind::number) return numbers_equal(a, b);
    return lower(a) == lower(b);
}

} // namespace

DecodedExample score_decoded(int64_t index, const std::string& query,
                             const std::string& gold_reasoning, const std::string& gold_answer,
                             const std::string& decoded, const std::string& method_answer,
                             const Scorer& scorer) {
    DecodedExample e;
    e.index = index;
    e.query = query;
    e.gold_reasoning = gold_reasoning;
    e.decoded = decoded;
    e.rouge_l = rouge_l(decoded, gold_reasoning).f;
    const auto gold = reasoning_lines(gold_reasoning), got = reasoning_lines(decoded);
    e.gold_steps = int64_t(gold.size());
    e.matched_steps = matched_steps(got, gold);
    e.exact = got == gold;
    const bool coin = is_coin_flip(query);
    if (coin) {
        const auto state = final_coin_state(decoded);
        e.coin_state_correct = state && (*state == "heads") == (lower(gold_answer) == "yes");
    }
    e.conclusion = decoded_conclusion(decoded, query, scorer);
    e.method_answer = method_answer;
    e.agrees = same_answer(e.conclusion, method_answer, scorer);
    Scorer strict = scorer;
    strict.mode = ScoreMode::strict;
    e.conclusion_correct =
        !e.conclusion.empty() && score(e.conclusion, gold_answer, strict, query).correct;
    return e;
}

DecoderScores summarize(const std::vector<DecodedExample>& examples) {
    DecoderScores s;
    s.n = int64_t(examples.size());
    if (s.n == 0) return s;
    int64_t gold_steps = 0, matched = 0, coin_right = 0;
    double sum = 0, sum_sq = 0, exact = 0, agree = 0, correct = 0;
    for (const auto& e : examples) {
        sum += e.rouge_l;
        sum_sq += e.rouge_l * e.rouge_l;
        gold_steps += e.gold_steps;
        matched += e.matched_steps;
        exact += e.exact;
        agree += e.agrees;
        correct += e.conclusion_correct;
        if (e.coin_state_correct) {
            ++s.coin_n;
            coin_right += *e.coin_state_correct;
        }
    }
    const double n = double(s.n);
    s.rouge_l = sum / n;
    s.rouge_l_sd =
        s.n > 1 ? std::sqrt(std::max(0.0, (sum_sq - n * s.rouge_l * s.rouge_l) / (n - 1))) : 0.0;
    s.step_exact = gold_steps > 0 ? double(matched) / double(gold_steps) : 0.0;
    s.exact = exact / n;
    s.coin_state = s.coin_n > 0 ? double(coin_right) / double(s.coin_n) : 0.0;
    s.agreement = agree / n;
    s.conclusion_correct = correct / n;
    return s;
}

std::string condition_label(const std::string& condition) {
    if (condition == "tokens") return "own tokens";
    if (condition == "random") return "another question's tokens (control)";
    if (condition == "none") return "no tokens (control)";
    return condition;
}

int condition_rank(const std::string& condition) {
    if (condition == "tokens") return 0;
    if (condition == "random") return 1;
    if (condition == "none") return 2;
    return 3;
}

nlohmann::json to_json(const DecodedExample& e) {
    nlohmann::json j = {{"index", e.index},
                        {"query", e.query},
                        {"gold_reasoning", e.gold_reasoning},
                        {"decoded", e.decoded},
                        {"rouge_l", e.rouge_l},
                        {"gold_steps", e.gold_steps},
                        {"matched_steps", e.matched_steps},
                        {"exact", e.exact},
                        {"coin_state_correct", nullptr},
                        {"conclusion", e.conclusion},
                        {"method_answer", e.method_answer},
                        {"agrees", e.agrees},
                        {"conclusion_correct", e.conclusion_correct}};
    if (e.coin_state_correct) j["coin_state_correct"] = *e.coin_state_correct;
    return j;
}

DecodedExample decoded_example_from_json(const nlohmann::json& j, const std::string& source) {
    if (!j.is_object()) throw FormatError(source + ": a decoded example must be an object");
    DecodedExample e;
    read_key(j, source, "index", e.index, true);
    read_key(j, source, "query", e.query, true);
    read_key(j, source, "gold_reasoning", e.gold_reasoning, true);
    read_key(j, source, "decoded", e.decoded, true);
    read_key(j, source, "rouge_l", e.rouge_l, true);
    read_key(j, source, "gold_steps", e.gold_steps, true);
    read_key(j, source, "matched_steps", e.matched_steps, true);
    read_key(j, source, "exact", e.exact, true);
    bool coin = false;
    if (j.contains("coin_state_correct") && !j["coin_state_correct"].is_null()) {
        read_key(j, source, "coin_state_correct", coin, true);
        e.coin_state_correct = coin;
    }
    read_key(j, source, "conclusion", e.conclusion, true);
    read_key(j, source, "method_answer", e.method_answer, true);
    read_key(j, source, "agrees", e.agrees, true);
    read_key(j, source, "conclusion_correct", e.conclusion_correct, true);
    return e;
}

nlohmann::json to_json(const DecoderScores& s) {
    return {{"n", s.n},
            {"rouge_l", s.rouge_l},
            {"rouge_l_sd", s.rouge_l_sd},
            {"step_exact", s.step_exact},
            {"exact", s.exact},
            {"coin_n", s.coin_n},
            {"coin_state", s.coin_state},
            {"agreement", s.agreement},
            {"conclusion_correct", s.conclusion_correct}};
}

DecoderScores decoder_scores_from_json(const nlohmann::json& j, const std::string& source) {
    if (!j.is_object()) throw FormatError(source + ": decoder scores must be an object");
    DecoderScores s;
    read_key(j, source, "n", s.n, true);
    read_key(j, source, "rouge_l", s.rouge_l, true);
    read_key(j, source, "rouge_l_sd", s.rouge_l_sd, true);
    read_key(j, source, "step_exact", s.step_exact, true);
    read_key(j, source, "exact", s.exact, true);
    read_key(j, source, "coin_n", s.coin_n, true);
    read_key(j, source, "coin_state", s.coin_state, true);
    read_key(j, source, "agreement", s.agreement, true);
    read_key(j, source, "conclusion_correct", s.conclusion_correct, true);
    return s;
}

} // namespace semcot
