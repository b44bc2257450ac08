#include "eval/scoring.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <regex>
#include <set>
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
    // Thousands groups: "," then exactly three digits, after a first group of 1 to 3 digits
    // ("1234,567" is 1234 and 567).
    const bool groups_allowed = j - i <= 3;
    while (groups_allowed && j > i && j + 3 < n && t[j] == ',' && is_digit(t[j + 1]) &&
           is_digit(t[j + 2]) && is_digit(t[j + 3]) && (j + 4 >= n || !is_digit(t[j + 4])))
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

// Every whole-word, case-insensitive occurrence (no letter or digit on either side).
std::vector<std::size_t> find_words_ci(const std::string& haystack, const std::string& word) {
    std::vector<std::size_t> found;
    const std::string h = lower(haystack), w = lower(word);
    if (w.empty()) return found;
    for (std::size_t p = h.find(w); p != std::string::npos; p = h.find(w, p + 1)) {
        const bool left = p == 0 || !is_alnum(h[p - 1]);
        const bool right = p + w.size() >= h.size() || !is_alnum(h[p + w.size()]);
        if (left && right) found.push_back(p);
    }
    return found;
}

// The text before the first stop sequence that starts a line (a new question the model made up
// after answering: "Answer: no\nQuestion: ... Answer: yes" is "no").
std::string cut_at_stop(const std::string& output, const std::vector<std::string>& stops) {
    std::size_t cut = output.size();
    for (const std::string& stop : stops) {
        if (stop.empty()) continue;
        for (std::size_t p = output.find(stop); p != std::string::npos && p < cut;
             p = output.find(stop, p + 1)) {
            std::size_t q = p;
            while (q > 0 && (output[q - 1] == ' ' || output[q - 1] == '\t')) --q;
            if (q == 0 || output[q - 1] == '\n') {
                cut = p;
                break;
            }
        }
    }
    return output.substr(0, cut);
}

// What the strict scorer reads: the text after the last marker, or the whole output.
struct Region {
    std::string text;
    bool after_marker = false; // the answer opens `text` (else it closes it)
};

Region answer_region(const std::string& output, const Scorer& scorer) {
    const std::string text = cut_at_stop(output, scorer.stop_sequences);
    if (auto after = text_after_marker(text, scorer.answer_markers)) return {*after, true};
    return {text, false};
}

std::string strict_number(const std::string& output, const Scorer& scorer) {
    const Region region = answer_region(output, scorer);
    const auto tokens = number_tokens(region.text);
    if (tokens.empty()) return {};
    return region.after_marker ? tokens.front().canonical : tokens.back().canonical;
}

// Words that follow a choice letter but never the article "A" ("A is right", "I pick A as it
// fits", "A because ..."): an "A" before any other lowercase word is the article ("A coin").
bool is_article(const std::string& t, std::size_t i) {
    if (t[i] != 'A' || i + 2 >= t.size() || t[i + 1] != ' ' || t[i + 2] < 'a' || t[i + 2] > 'z')
        return false;
    std::size_t end = i + 2;
    while (end < t.size() && t[end] >= 'a' && t[end] <= 'z') ++end;
    static const std::set<std::string> kNeverAfterArticle = {
        "is",    "was",     "as",   "because", "since", "and",   "or",    "but", "seems",
        "looks", "would",   "will", "should",  "could", "might", "must",  "can", "has",
        "fits",  "matches", "so",   "then",    "with",  "for",   "to",    "in",  "on",
        "of",    "at",      "by",   "from",    "if",    "which", "that",  "it",  "here",
        "there", "also",    "too",  "not",     "than",  "when",  "while", "are", "be"};
    return kNeverAfterArticle.count(t.substr(i + 2, end - i - 2)) == 0;
}

// Positions of the standalone capitals A-E (no ASCII letter or digit on either side) that are
// not the article "A".
std::vector<std::size_t> letter_positions(const std::string& t) {
    std::vector<std::size_t> found;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if (c < 'A' || c > 'E') continue;
        if (i > 0 && is_alnum(t[i - 1])) continue;
        if (i + 1 < t.size() && is_alnum(t[i + 1])) continue;
        if (!is_article(t, i)) found.push_back(i);
    }
    return found;
}

// The choice whose text occurs first (or last) in `t`, whole words, any case; an occurrence
// inside a longer choice's occurrence does not count ("department store" is not "store").
std::string choice_by_text(const std::string& t, const std::vector<Choice>& choices, bool first) {
    struct Match {
        std::size_t begin, end;
        char letter;
    };
    std::vector<Match> matches;
    for (const Choice& choice : choices)
        for (std::size_t p : find_words_ci(t, choice.text))
            matches.push_back({p, p + choice.text.size(), choice.letter});
    const Match* best = nullptr;
    for (const Match& m : matches) {
        const bool inside = std::any_of(matches.begin(), matches.end(), [&](const Match& o) {
            return &o != &m && o.begin <= m.begin && m.end <= o.end &&
                   o.end - o.begin > m.end - m.begin;
        });
        if (inside) continue;
        if (!best || (first ? m.begin < best->begin : m.begin > best->begin)) best = &m;
    }
    return best ? std::string(1, best->letter) : std::string();
}

std::string strict_choice(const std::string& output, const Scorer& scorer,
                          const std::string& query) {
    const Region region = answer_region(output, scorer);
    const auto letters = letter_positions(region.text);
    if (!letters.empty())
        return std::string(1, region.text[region.after_marker ? letters.front() : letters.back()]);
    return choice_by_text(region.text, parse_choices(query), region.after_marker);
}

std::string strict_yesno(const std::string& output, const Scorer& scorer) {
    const Region region = answer_region(output, scorer);
    const auto yes = find_words_ci(region.text, "yes"), no = find_words_ci(region.text, "no");
    if (yes.empty() && no.empty()) return {};
    if (yes.empty()) return "no";
    if (no.empty()) return "yes";
    if (region.after_marker) return yes.front() < no.front() ? "yes" : "no";
    return yes.back() > no.back() ? "yes" : "no";
}

std::string canonical_gold(const std::string& gold, AnswerKind kind) {
    std::string g = trim(gold);
    if (kind != AnswerKind::number && g.size() > 1 && g.back() == '.') g.pop_back(); // "Yes."
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
    const AnswerKind kind =
        with_context("record 0", [&] { return infer_answer_kind(examples.front().answer); });
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
    std::optional<std::size_t> best; // end of the latest marker occurrence
    std::size_t best_begin = 0;
    for (const std::string& marker : markers) {
        if (marker.empty()) continue;
        const bool has_letter = std::any_of(marker.begin(), marker.end(), is_alpha);
        // "Answer:" also matches "**Answer**:", "Answer :" and "ANSWER:".
        std::string pattern;
        const bool colon = marker.back() == ':';
        for (char c : colon ? marker.substr(0, marker.size() - 1) : marker) {
            if (std::strchr("\\^$.|?*+()[]{}", c)) pattern += '\\';
            pattern += c;
        }
        if (colon) pattern += "[ \t*_]*:";
        const std::regex re(pattern, std::regex::icase);
        for (auto it = std::sregex_iterator(output.begin(), output.end(), re);
             it != std::sregex_iterator(); ++it) {
            const std::size_t begin = std::size_t(it->position()), end = begin + it->length();
            if (!has_letter) {
                // A marker of symbols ("####") counts only before a lone answer on its line, so
                // a Markdown heading "#### Step 2" is not one.
                const std::size_t eol = std::min(output.find('\n', end), output.size());
                const std::string rest = trim(output.substr(end, eol - end));
                if (rest.empty() || rest.find_first_of(" \t") != std::string::npos) continue;
            }
            if (!best || begin >= best_begin) {
                best = end;
                best_begin = begin;
            }
        }
    }
    if (!best) return std::nullopt;
    return output.substr(*best);
}

void use_prompt_template(Scorer& scorer, const PromptTemplate& t) {
    const std::string marker = trim(t.answer_marker);
    scorer.answer_markers = {marker.empty() ? std::string("Answer:") : marker, "####"};
    const std::string question = trim(t.question_prefix);
    scorer.stop_sequences.clear();
    if (!question.empty()) scorer.stop_sequences.push_back(question);
}

bool ends_with_answer_marker(const std::string& suffix, const PromptTemplate& t) {
    const std::string s = trim(suffix), marker = trim(t.answer_marker);
    return !marker.empty() && s.size() >= marker.size() &&
           lower(s.substr(s.size() - marker.size())) == lower(marker);
}

} // namespace semcot
