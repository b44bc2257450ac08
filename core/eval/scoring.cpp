#include "eval/scoring.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

namespace semcot {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_alnum(char c) {
    return is_digit(c) || is_alpha(c);
}
char to_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
char to_upper(char c) {
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

std::string lower(std::string s) {
    for (char& c : s) c = to_lower(c);
    return s;
}

std::string trim(const std::string& s) {
    const char* space = " \t\r\n";
    const std::size_t begin = s.find_first_not_of(space);
    if (begin == std::string::npos) return {};
    return s.substr(begin, s.find_last_not_of(space) - begin + 1);
}

// A number found in text.
struct NumberToken {
    std::size_t begin;     // first character of the token (sign and "$" included)
    std::size_t end;       // one past the last digit
    std::string canonical; // see canonical_number
};

// No separators, no leading zeros, no trailing fractional zeros, no "-0".
std::string canonical_number(bool negative, std::string integer, std::string fraction) {
    integer.erase(std::remove(integer.begin(), integer.end(), ','), integer.end());
    const std::size_t nz = integer.find_first_not_of('0');
    integer = nz == std::string::npos ? "0" : integer.substr(nz);
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
    std::string out = integer + (fraction.empty() ? "" : "." + fraction);
    if (negative && out != "0") out = "-" + out;
    return out;
}

// Length of the currency sign ($, €, £, ¥) that ends just before `pos`, or 0.
std::size_t currency_before(const std::string& t, std::size_t pos) {
    for (const char* sign : {"$", "\xE2\x82\xAC", "\xC2\xA3", "\xC2\xA5"}) {
        const std::size_t len = std::char_traits<char>::length(sign);
        if (pos >= len && t.compare(pos - len, len, sign) == 0) return len;
    }
    return 0;
}

// The sign that ends just before `pos`: {length, negative}, or {0, false}. "-", "+" and the
// minus sign U+2212 count only when what precedes them is not a letter or digit ("16-3" is 16
// and 3, not 16 and -3).
std::pair<std::size_t, bool> sign_before(const std::string& t, std::size_t pos) {
    std::size_t len = 0;
    bool negative = true;
    if (pos >= 1 && (t[pos - 1] == '-' || t[pos - 1] == '+')) {
        len = 1;
        negative = t[pos - 1] == '-';
    } else if (pos >= 3 && t.compare(pos - 3, 3, "\xE2\x88\x92") == 0) {
        len = 3;
    }
    if (len == 0 || (pos - len > 0 && is_alnum(t[pos - len - 1]))) return {0, false};
    return {len, negative};
}

// Reads a number whose digits start at `i` (a digit, or a "." followed by a digit that does not
// continue a number). A currency sign and a sign directly before it, in either order ("-$5",
// "$-5"), and a "%" directly after it are part of the token.
std::optional<NumberToken> read_number_at(const std::string& t, std::size_t i) {
    const std::size_t n = t.size();
    const bool leading_dot = t[i] == '.' && i + 1 < n && is_digit(t[i + 1]);
    if (!is_digit(t[i]) && !leading_dot) return std::nullopt;
    std::size_t j = i;
    while (j < n && is_digit(t[j])) ++j;
    // Thousands groups: "," then exactly three digits.
    while (j > i && j + 3 < n && t[j] == ',' && is_digit(t[j + 1]) && is_digit(t[j + 2]) &&
           is_digit(t[j + 3]) && (j + 4 >= n || !is_digit(t[j + 4])))
        j += 4;
    const std::string integer = t.substr(i, j - i);
    std::string fraction;
    if (j + 1 < n && t[j] == '.' && is_digit(t[j + 1])) {
        std::size_t k = j + 1;
        while (k < n && is_digit(t[k])) ++k;
        fraction = t.substr(j + 1, k - j - 1);
        j = k;
    }
    if (j < n && t[j] == '%') ++j;
    std::size_t begin = i;
    std::size_t currency = currency_before(t, begin);
    begin -= currency;
    const auto [sign, negative] = sign_before(t, begin);
    begin -= sign;
    if (currency == 0 && sign > 0) begin -= currency_before(t, begin); // "$-5"
    return NumberToken{begin, j, canonical_number(negative, integer, fraction)};
}

std::vector<NumberToken> number_tokens(const std::string& t) {
    std::vector<NumberToken> tokens;
    std::size_t i = 0;
    while (i < t.size()) {
        // A "." right after a digit belongs to the number before it, not a new one.
        const bool starts = is_digit(t[i]) || (t[i] == '.' && (i == 0 || !is_digit(t[i - 1])));
        if (starts) {
            if (auto token = read_number_at(t, i)) {
                i = token->end;
                tokens.push_back(std::move(*token));
                continue;
            }
        }
        ++i;
    }
    return tokens;
}

// Case-insensitive search for `needle` from `from`.
std::size_t find_ci(const std::string& haystack, const std::string& needle, std::size_t from = 0) {
    return lower(haystack).find(lower(needle), from);
}

// Whole-word, case-insensitive occurrence (no letter or digit on either side).
std::size_t find_word_ci(const std::string& haystack, const std::string& word) {
    const std::string h = lower(haystack), w = lower(word);
    if (w.empty()) return std::string::npos;
    for (std::size_t p = h.find(w); p != std::string::npos; p = h.find(w, p + 1)) {
        const bool left = p == 0 || !is_alnum(h[p - 1]);
        const bool right = p + w.size() >= h.size() || !is_alnum(h[p + w.size()]);
        if (left && right) return p;
    }
    return std::string::npos;
}

std::string strict_number(const std::string& output, const Scorer& scorer) {
    if (const auto region = text_after_marker(output, scorer.answer_markers)) {
        const auto tokens = number_tokens(*region);
        return tokens.empty() ? std::string() : tokens.front().canonical;
    }
    const auto tokens = number_tokens(output);
    return tokens.empty() ? std::string() : tokens.back().canonical;
}

std::string first_letter(const std::string& t) {
    for (std::size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if (c < 'A' || c > 'E') continue;
        if (i > 0 && is_alnum(t[i - 1])) continue;
        if (i + 1 < t.size() && is_alnum(t[i + 1])) continue;
        const bool article =
            c == 'A' && i + 2 < t.size() && t[i + 1] == ' ' && t[i + 2] >= 'a' && t[i + 2] <= 'z';
        if (article) continue;
        return std::string(1, c);
    }
    return {};
}

// The letter that opens an answer region: "A is right", "(C) bank", "B. library". A leading "A"
// followed by words that are one of the choice texts is the article ("A library" -> library's
// letter).
std::string leading_letter(const std::string& region, const std::vector<Choice>& choices) {
    std::size_t i = 0;
    while (i < region.size() && std::strchr(" \t\r\n([*\"'", region[i]) && region[i] != '\0') ++i;
    if (i >= region.size() || region[i] < 'A' || region[i] > 'E') return {};
    if (i + 1 < region.size() && is_alnum(region[i + 1])) return {};
    std::string letter(1, region[i]);
    const bool article_like = region[i] == 'A' && i + 2 < region.size() && region[i + 1] == ' ' &&
                              region[i + 2] >= 'a' && region[i + 2] <= 'z';
    if (!article_like) return letter;
    const std::string rest = lower(region.substr(i + 2));
    std::size_t best_len = 0;
    for (const Choice& choice : choices) {
        const std::string text = lower(choice.text);
        const bool whole = rest.compare(0, text.size(), text) == 0 &&
                           (rest.size() == text.size() || !is_alnum(rest[text.size()]));
        if (whole && text.size() > best_len) {
            best_len = text.size();
            letter = std::string(1, choice.letter);
        }
    }
    return letter;
}

std::string strict_choice(const std::string& output, const Scorer& scorer,
                          const std::string& query) {
    const auto after_marker = text_after_marker(output, scorer.answer_markers);
    const std::string region = after_marker.value_or(output);
    const std::vector<Choice> choices = parse_choices(query);
    std::string letter;
    if (after_marker) letter = leading_letter(region, choices);
    if (!letter.empty()) return letter;
    letter = first_letter(region);
    if (!letter.empty()) return letter;
    std::size_t best_pos = std::string::npos, best_len = 0;
    for (const Choice& choice : choices) {
        const std::size_t pos = find_word_ci(region, choice.text);
        if (pos == std::string::npos) continue;
        if (pos < best_pos || (pos == best_pos && choice.text.size() > best_len)) {
            best_pos = pos;
            best_len = choice.text.size();
            letter = std::string(1, choice.letter);
        }
    }
    return letter;
}

std::string strict_yesno(const std::string& output, const Scorer& scorer) {
    const std::string region = text_after_marker(output, scorer.answer_markers).value_or(output);
    const std::size_t yes = find_word_ci(region, "yes"), no = find_word_ci(region, "no");
    if (yes == std::string::npos && no == std::string::npos) return {};
    return yes < no ? "yes" : "no";
}

std::string canonical_gold(const std::string& gold, AnswerKind kind) {
    const std::string g = trim(gold);
    switch (kind) {
    case AnswerKind::number:
        if (auto number = normalize_number(g)) return *number;
        break;
    case AnswerKind::choice:
        if (g.size() == 1 && to_upper(g[0]) >= 'A' && to_upper(g[0]) <= 'E')
            return std::string(1, to_upper(g[0]));
        break;
    case AnswerKind::yesno:
        if (lower(g) == "yes" || lower(g) == "no") return lower(g);
        break;
    }
    throw InvalidArgument("gold answer '" + gold + "' is not a valid " + to_string(kind) +
                          " answer");
}

} // namespace

std::string to_string(AnswerKind kind) {
    switch (kind) {
    case AnswerKind::number:
        return "number";
    case AnswerKind::choice:
        return "choice";
    case AnswerKind::yesno:
        return "yesno";
    }
    return "?";
}

std::string to_string(ScoreMode mode) {
    return mode == ScoreMode::strict ? "strict" : "paper";
}

std::string to_string(const Scorer& scorer) {
    return to_string(scorer.kind) + ":" + to_string(scorer.mode);
}

AnswerKind parse_answer_kind(const std::string& text) {
    if (text == "number") return AnswerKind::number;
    if (text == "choice") return AnswerKind::choice;
    if (text == "yesno") return AnswerKind::yesno;
    throw InvalidArgument("unknown answer kind '" + text + "' (expected number, choice or yesno)");
}

ScoreMode parse_score_mode(const std::string& text) {
    if (text == "strict") return ScoreMode::strict;
    if (text == "paper") return ScoreMode::paper;
    throw InvalidArgument("unknown score mode '" + text + "' (expected strict or paper)");
}

Scorer parse_scorer(const std::string& text) {
    Scorer scorer;
    const std::size_t colon = text.find(':');
    scorer.kind = parse_answer_kind(text.substr(0, colon));
    if (colon != std::string::npos) scorer.mode = parse_score_mode(text.substr(colon + 1));
    return scorer;
}

AnswerKind infer_answer_kind(const std::string& answer) {
    const std::string a = trim(answer);
    if (normalize_number(a)) return AnswerKind::number;
    if (lower(a) == "yes" || lower(a) == "no") return AnswerKind::yesno;
    if (a.size() == 1 && to_upper(a[0]) >= 'A' && to_upper(a[0]) <= 'E') return AnswerKind::choice;
    throw InvalidArgument("cannot tell the kind of answer '" + answer +
                          "' (expected a number, yes/no, or a letter A-E)");
}

AnswerKind infer_answer_kind(const std::vector<Example>& examples) {
    if (examples.empty()) throw InvalidArgument("cannot infer the answer kind of no examples");
    const AnswerKind kind = infer_answer_kind(examples.front().answer);
    for (std::size_t i = 1; i < examples.size(); ++i) {
        const AnswerKind other = with_context(
            "record " + std::to_string(i), [&] { return infer_answer_kind(examples[i].answer); });
        if (other != kind)
            throw InvalidArgument("record " + std::to_string(i) + ": answer '" +
                                  examples[i].answer + "' is a " + to_string(other) +
                                  ", record 0's is a " + to_string(kind));
    }
    return kind;
}

std::string extract_answer(const std::string& output, const Scorer& scorer,
                           const std::string& query) {
    switch (scorer.kind) {
    case AnswerKind::number:
        return strict_number(output, scorer);
    case AnswerKind::choice:
        return strict_choice(output, scorer, query);
    case AnswerKind::yesno:
        return strict_yesno(output, scorer);
    }
    return {};
}

ScoreResult score(const std::string& output, const std::string& gold, const Scorer& scorer,
                  const std::string& query) {
    ScoreResult result;
    result.gold = canonical_gold(gold, scorer.kind);
    result.extracted = extract_answer(output, scorer, query);
    if (scorer.mode == ScoreMode::strict) {
        result.correct =
            !result.extracted.empty() &&
            (scorer.kind == AnswerKind::number ? numbers_equal(result.extracted, result.gold)
                                               : result.extracted == result.gold);
        return result;
    }
    switch (scorer.kind) { // paper: lenient containment checks over the whole output
    case AnswerKind::number:
        for (const NumberToken& token : number_tokens(output))
            result.correct = result.correct || numbers_equal(token.canonical, result.gold);
        break;
    case AnswerKind::choice:
        result.correct = output.find(result.gold[0]) != std::string::npos;
        break;
    case AnswerKind::yesno:
        result.correct = find_ci(output, result.gold) != std::string::npos;
        break;
    }
    if (result.correct) result.extracted = result.gold;
    return result;
}

std::optional<std::string> normalize_number(const std::string& text) {
    std::string t = trim(text);
    if (!t.empty() && t.back() == '.') t.pop_back(); // "18." ends a sentence
    if (t.empty()) return std::nullopt;
    const auto tokens = number_tokens(t);
    if (tokens.size() != 1 || tokens[0].begin != 0 || tokens[0].end != t.size())
        return std::nullopt;
    return tokens[0].canonical;
}

std::vector<std::string> find_numbers(const std::string& text) {
    std::vector<std::string> out;
    for (NumberToken& token : number_tokens(text)) out.push_back(std::move(token.canonical));
    return out;
}

bool numbers_equal(const std::string& a, const std::string& b) {
    const auto x = normalize_number(a), y = normalize_number(b);
    return x && y && *x == *y;
}

std::vector<Choice> parse_choices(const std::string& query) {
    std::vector<Choice> choices;
    // Line form: "A. bank", "A) bank", "(A) bank".
    std::size_t start = 0;
    while (start <= query.size()) {
        std::size_t end = query.find('\n', start);
        if (end == std::string::npos) end = query.size();
        const std::string line = trim(query.substr(start, end - start));
        start = end + 1;
        std::size_t p = 0;
        const bool paren = !line.empty() && line[0] == '(';
        if (paren) ++p;
        if (p + 2 >= line.size() || line[p] < 'A' || line[p] > 'E') continue;
        const char letter = line[p];
        const char close = line[p + 1];
        if (paren ? close != ')' : (close != '.' && close != ')')) continue;
        if (line[p + 2] != ' ') continue;
        const std::string text = trim(line.substr(p + 3));
        if (!text.empty()) choices.push_back({letter, text});
    }
    if (choices.size() >= 2) return choices;
    // Inline form: "(A) bank (B) library".
    choices.clear();
    std::vector<std::size_t> marks;
    for (std::size_t i = 0; i + 2 < query.size(); ++i)
        if (query[i] == '(' && query[i + 1] >= 'A' && query[i + 1] <= 'E' && query[i + 2] == ')')
            marks.push_back(i);
    for (std::size_t m = 0; m < marks.size(); ++m) {
        const std::size_t from = marks[m] + 3;
        const std::size_t to = m + 1 < marks.size() ? marks[m + 1] : query.find('\n', from);
        const std::string text = trim(query.substr(from, to == std::string::npos ? to : to - from));
        if (!text.empty()) choices.push_back({query[marks[m] + 1], text});
    }
    if (choices.size() < 2) choices.clear();
    return choices;
}

std::optional<std::string> text_after_marker(const std::string& output,
                                             const std::vector<std::string>& markers) {
    const std::string text = lower(output);
    std::size_t best = std::string::npos, length = 0;
    for (const std::string& marker : markers) {
        if (marker.empty()) continue;
        const std::size_t pos = text.rfind(lower(marker));
        if (pos == std::string::npos) continue;
        if (best == std::string::npos || pos > best) {
            best = pos;
            length = marker.size();
        }
    }
    if (best == std::string::npos) return std::nullopt;
    return output.substr(best + length);
}

} // namespace semcot
