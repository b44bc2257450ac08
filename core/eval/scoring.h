// Answer extraction and scoring, in two modes. The rules and their examples are also in
// docs/scoring.md; tests/test_scoring.cpp holds every example as a table row.
//
// strict (the default; what this project reports):
//   The output is first cut at a stop sequence that starts a line (Scorer::stop_sequences: the
//   prompt template's question prefix, "Question:"): text after it is a new question the model
//   made up, as lm-evaluation-harness's `until` stop sequences cut it.
//   The answer region is then the text after the LAST answer marker (Scorer::answer_markers,
//   case-insensitive; "Answer:" also matches "**Answer**:" and "Answer :"; a marker without
//   letters such as "####" counts only before a lone token on its line, so a Markdown heading
//   "#### Step 2" is not one). A chain of thought may say "answer" in passing ("answer: no.
//   Answer: yes" -> yes): the final marker is where the answer is, as lm-evaluation-harness's
//   "flexible-extract" filter takes the last match. After a marker the answer is the FIRST
//   answer-shaped text in the region; without a marker it is the LAST one in the output, for
//   every kind. Direct answers (no-CoT, SemCoT) are read as the prompt's marker followed by the
//   output, since their prompt ends with it (run_method does this).
//   number: read with: "1,000" thousands separators (groups of exactly 3 digits after a first
//           group of 1 to 3), a currency sign ($, €, £, ¥) before it, a sign before or after
//           the currency sign ("-", "+", or U+2212 "−"; "-" only when what precedes it is not a
//           letter or digit, so "16-3" is 16 and 3), decimals, and a trailing "%" (dropped: the
//           datasets write percentages as plain numbers, GSM8K's gold for "what percent" is
//           "25"). "18." at the end of a sentence is 18. Numbers compare EXACTLY after
//           normalising the written form: no separators, no currency, no leading zeros, no
//           trailing fractional zeros, no "-0" ("$9,512" = "9512", "6.0" = "6", "-0.50" =
//           "-0.5"). There is no tolerance: golds of SVAMP and GSM8K run past a million, where a
//           relative tolerance of 1e-6 would accept an answer off by one.
//   choice: (1) a standalone capital A-E (no ASCII letter or digit directly before or after it:
//           "(B)", "B.", "**B**", "Answer: A is right", "I pick A as it fits") that is not the
//           article: "A" followed by a space and a lowercase word is the article ("A coin")
//           unless that word is one that never follows the article (is, as, because, and, or,
//           to, of, ...). (2) Else, when the query lists its choices ("A. bank" lines or inline
//           "(A) bank"), the choice whose text occurs in the region (case-insensitive, whole
//           words; an occurrence inside a longer choice's does not count), so "Answer: A
//           library" with "B. library" is B. Lowercase letters are not answers ("a" is an
//           article), as in lm-evaluation-harness's choice regexes.
//   yesno:  a whole word "yes" or "no", case-insensitive ("not", "nope", "know" and
//           "yesterday" do not count). Extracted lowercase.
// paper (the lenient checks of the SemCoT paper's evaluation code, for comparison with its tables):
//   number: correct when any number anywhere in the output equals the gold (exact comparison
//           of the normalised forms, as in strict).
//   choice: correct when the gold letter occurs as any character of the output (so nearly any
//           text containing a capital "A" is correct for gold A).
//   yesno:  correct when the gold word occurs anywhere in the output, case-insensitive, even
//           inside another word ("know" contains "no").
//   The extracted answer is the matching text when correct, else the strict extraction.
// Gold answers must parse as their kind (a number, a letter A-E, yes/no; one trailing "." is
// allowed: "18.", "Yes.", "B.") or score() throws
// InvalidArgument: a gold that cannot match is a data error, not a wrong model answer.
// Without a gold (semcot ask, the app's Ask view) extract_answer() gives the strict extraction
// for either mode.
#pragma once

#include "data/dataset.h"
#include "eval/prompts.h"

#include <optional>
#include <string>
#include <vector>

namespace semcot {

enum class AnswerKind { number, choice, yesno };
enum class ScoreMode { strict, paper };

struct Scorer {
    AnswerKind kind = AnswerKind::number; // what the gold answers are
    ScoreMode mode = ScoreMode::strict;   // strict or the paper's lenient check
    std::vector<std::string> answer_markers = {"Answer:", "####"}; // precede the answer (strict)
    std::vector<std::string> stop_sequences = {"Question:"}; // at a line start: a new question
};

struct ScoreResult {
    std::string extracted; // the answer read from the output, canonical form; empty if none
    std::string gold;      // the gold answer in the same canonical form
    bool correct = false;  // extracted answer matches the gold under the scorer's rules
};

std::string to_string(AnswerKind kind);      // "number", "choice", "yesno"
std::string to_string(ScoreMode mode);       // "strict", "paper"
std::string to_string(const Scorer& scorer); // "number:strict"

// Parse the names above; throw InvalidArgument listing the accepted values.
AnswerKind parse_answer_kind(const std::string& text);
ScoreMode parse_score_mode(const std::string& text);
// "<kind>" or "<kind>:<mode>" (mode defaults to strict), e.g. "choice:paper".
Scorer parse_scorer(const std::string& text);

// The kind of a gold answer: number if it parses as one, yesno for yes/no (any case), choice
// for a single letter A-E. Throws InvalidArgument otherwise.
AnswerKind infer_answer_kind(const std::string& answer);
// The kind shared by every example's answer; throws InvalidArgument naming the first record
// whose kind differs from record 0, or when `examples` is empty.
AnswerKind infer_answer_kind(const std::vector<Example>& examples);

// Scores a model output against the gold answer. `query` is only used by the strict choice
// scorer to read the choice texts.
ScoreResult score(const std::string& output, const std::string& gold, const Scorer& scorer,
                  const std::string& query = {});

// Sets the markers and stop sequences from a prompt template: its answer_marker (and "####"),
// and its question prefix ("Question:") as the stop sequence.
void use_prompt_template(Scorer& scorer, const PromptTemplate& t);
// True when `suffix` (a prompt's direct or implicit answer suffix) ends with the template's
// answer marker: the generated text then continues after the marker.
bool ends_with_answer_marker(const std::string& suffix, const PromptTemplate& t);

// The answer `output` gives, without a gold answer: the strict extraction of `scorer.kind`
// (also for ScoreMode::paper, whose checks need a gold). Empty when there is none.
std::string extract_answer(const std::string& output, const Scorer& scorer,
                           const std::string& query = {});

// Building blocks, exposed for tests and for showing extractions in the UI.

// Canonical form of a whole string that is one number ("$1,080.00" -> "1080", "-0.50" ->
// "-0.5"); surrounding whitespace and one trailing "." are allowed. nullopt if not a number.
std::optional<std::string> normalize_number(const std::string& text);
// Every number in the text in order, canonical form (see the strict number rules).
std::vector<std::string> find_numbers(const std::string& text);
// Equality of two numbers after normalisation (normalize_number); exact, no tolerance. Texts
// that are not numbers are equal to nothing.
bool numbers_equal(const std::string& a, const std::string& b);

struct Choice {
    char letter;      // 'A'..'E'
    std::string text; // "bank"
};
// Choices listed in a query as lines "A. bank" / "A) bank" / "(A) bank", or inline
// "(A) bank (B) library". Empty when fewer than two are found.
std::vector<Choice> parse_choices(const std::string& query);

// The text after the last occurrence of any marker (case-insensitive), or nullopt when there
// is none.
std::optional<std::string> text_after_marker(const std::string& output,
                                             const std::vector<std::string>& markers);

} // namespace semcot
