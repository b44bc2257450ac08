// How close a decoded reasoning is to the ground truth (issue 18): the scores the implicit-token
// decoder (analysis/decoder.h) is measured with, torch-free so reports and the app can use them.
//
//   ROUGE-L   the LCS-based F-measure of Lin (2004), "ROUGE: A Package for Automatic Evaluation
//             of Summaries", section 3.1: with X the reference (m tokens), Y the candidate (n
//             tokens) and LCS(X, Y) the length of their longest common subsequence,
//             R = LCS / m, P = LCS / n, F = (1 + b^2) R P / (R + b^2 P). We use b = 1 (F1), as
//             Google's `rouge-score` package does, on its default tokens: text lowercased,
//             every run of characters other than ASCII letters and digits a separator. The
//             whole reasoning is one sequence (rouge-score's "rougeL", not "rougeLsum"). F is 0
//             when either side has no token.
//   steps     reasoning steps are the non-empty lines, trimmed (as the alignment heatmap's
//             columns, analysis/explain.h). A gold step i is matched when the decoded text's
//             step i is the same string, byte for byte.
//   coin state for coin flips (a query containing "A coin is heads up"): the state the text
//             ends in is its last "heads" or "tails", flipped when "not" is one of the three
//             words before it ("the coin is not still heads up" ends in tails). The right state
//             is the gold answer's: "yes" = heads, "no" = tails.
//   conclusion the answer a decoded reasoning arrives at: for coin flips its end state as the
//             answer ("yes" for heads, "no" for tails); otherwise the run's scorer's strict
//             extraction of the text (eval/scoring.h: the last number, choice or yes/no).
#pragma once

#include "eval/scoring.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace semcot {

struct RougeL {
    double precision = 0; // LCS / candidate tokens, in [0, 1]
    double recall = 0;    // LCS / reference tokens, in [0, 1]
    double f = 0;         // F1 of the two; 0 when either text has no token
};

// rouge-score's default tokens of `text` (above).
std::vector<std::string> rouge_tokens(const std::string& text);
// Length of the longest common subsequence of two token lists (O(|a| |b|) time, O(|b|) memory).
int64_t lcs_length(const std::vector<std::string>& a, const std::vector<std::string>& b);
// ROUGE-L of `candidate` against `reference` (Lin 2004; b = 1).
RougeL rouge_l(const std::string& candidate, const std::string& reference);

// The non-empty lines of a reasoning, trimmed.
std::vector<std::string> reasoning_lines(const std::string& reasoning);
// How many of the gold steps are matched by the decoded step at the same position.
int64_t matched_steps(const std::vector<std::string>& decoded,
                      const std::vector<std::string>& gold);

// Whether a query is a coin-flip question (contains "A coin is heads up").
bool is_coin_flip(const std::string& query);
// "heads" or "tails": the state a text ends in (rule above); nullopt when it names neither.
std::optional<std::string> final_coin_state(const std::string& text);
// The conclusion of a decoded reasoning (rule above); empty when there is none.
std::string decoded_conclusion(const std::string& decoded, const std::string& query,
                               const Scorer& scorer);

// One test question scored under one condition.
struct DecodedExample {
    int64_t index = 0;                      // position in the split
    std::string query;                      // the question (the decoder never sees it)
    std::string gold_reasoning;             // ground truth
    std::string decoded;                    // what the decoder wrote
    double rouge_l = 0;                     // F against gold_reasoning
    int64_t gold_steps = 0;                 // steps of gold_reasoning
    int64_t matched_steps = 0;              // of those, matched at their position
    bool exact = false;                     // every step matched and no extra step decoded
    std::optional<bool> coin_state_correct; // coin flips only
    std::string conclusion;                 // decoded_conclusion
    std::string method_answer;              // the method's own answer (its scorer's extraction)
    bool agrees = false;                    // conclusion non-empty and equal to method_answer
    bool conclusion_correct = false;        // conclusion equal to the gold answer's canonical form
};

// Scores one decoded text. `method_answer` is the method's extracted answer for the question;
// `gold_answer` the dataset's. Numbers compare as numbers (numbers_equal), other answers as
// lowercase strings.
DecodedExample score_decoded(int64_t index, const std::string& query,
                             const std::string& gold_reasoning, const std::string& gold_answer,
                             const std::string& decoded, const std::string& method_answer,
                             const Scorer& scorer);

// The means over a condition's questions.
struct DecoderScores {
    int64_t n = 0;                 // questions
    double rouge_l = 0;            // mean ROUGE-L F
    double rouge_l_sd = 0;         // its sample standard deviation
    double step_exact = 0;         // matched steps / gold steps, pooled over questions
    double exact = 0;              // share of questions decoded exactly
    int64_t coin_n = 0;            // coin-flip questions
    double coin_state = 0;         // share of those ending in the right state (0 when coin_n = 0)
    double agreement = 0;          // share whose conclusion agrees with the method's answer
    double conclusion_correct = 0; // share whose conclusion is the gold answer
};
DecoderScores summarize(const std::vector<DecodedExample>& examples);

// How reports name a decoder condition: "tokens" -> "own tokens", "random" -> "another
// question's tokens (control)", "none" -> "no tokens (control)"; others unchanged.
std::string condition_label(const std::string& condition);
// The position of a condition in tables: tokens, random, none, then others.
int condition_rank(const std::string& condition);

nlohmann::json to_json(const DecodedExample& e);
DecodedExample decoded_example_from_json(const nlohmann::json& j, const std::string& source);
nlohmann::json to_json(const DecoderScores& s);
DecoderScores decoder_scores_from_json(const nlohmann::json& j, const std::string& source);

} // namespace semcot
