// Fitting a from-scratch preset to a dataset (issue 12): the tokenizer's size, the training
// max_length and the models' context chosen from the data, and what happens to the few
// examples that still do not fit.
//
// Preset keys (all optional; the tiny preset sets none and keeps its fixed sizes):
//   "fit": {"percentile": 99, "max_length_cap": 1024, "vocab": true}
//       max_length = the percentile of the training examples' lengths (below), rounded up to a
//       multiple of 8 and capped; the teacher's and student's max_position_embeddings become
//       at least max_length + 64; with "vocab", vocab_size comes from the data (fit_vocab_size).
//   "over_long": "stop" (default; "skip" with "fit") | "skip"
//       an example longer than max_length (fitted or not) stops the run before any model
//       trains, with the count and the longest; or is left out of training and validation,
//       counted in the log and in run.json ("fit"), and written to data/skipped.json. Nothing is
//       ever truncated: the answer and the reasoning are what the models learn. Skipping more
//       than 5% of the training examples (or, with a fit, more than 100 - percentile %, e.g.
//       because max_length_cap cut the fit) stops the run too: the preset does not fit the data.
// An example's length is that of its longest training sequence, in tokens of the run's
// tokenizer with BOS and EOS: the chain-of-thought pair (prompt, reasoning, answer), the
// direct pair, and the generator's teacher input (direct prompt + k implicit tokens + answer,
// with the 8 tokens of slack the trainer keeps).
#pragma once

#include "data/dataset.h"
#include "eval/prompts.h"
#include "tokenizer/tokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace semcot {

struct FitSettings {
    bool enabled = false;        // "fit" present in the preset
    double percentile = 99;      // of the training examples' lengths, in (0, 100]
    int64_t max_length_cap = 1024;
    bool vocab = true;           // choose vocab_size from the data
    std::string over_long = "stop"; // "stop" | "skip"

    // Reads the preset's "fit" and "over_long" keys. Throws FormatError naming the key.
    static FitSettings from_preset(const nlohmann::json& preset, const std::string& source);
    // Writes them back: "over_long" always, "fit" when enabled (removed otherwise).
    void to_preset(nlohmann::json& preset) const;
};

// Tokenizer size for a corpus: a quarter of its distinct whitespace-separated words, rounded
// up to a multiple of 64, within [400, 4096]. (400 is the tiny preset's size; 4096 keeps the
// embedding of a CPU-sized model small.)
int64_t fit_vocab_size(const std::vector<Example>& train);

// Lengths in tokens (BOS and EOS included) of an example's training sequences; k = implicit
// tokens.
struct ExampleLengths {
    int64_t cot = 0;       // prompt + reasoning + answer
    int64_t direct = 0;    // prompt + answer
    int64_t generator = 0; // the generator's teacher input, with k and the trainer's slack of 8
    int64_t longest() const { return std::max({cot, direct, generator}); }
};
ExampleLengths example_lengths(const Tokenizer& tok, const PromptTemplate& prompts,
                               const Example& e, int64_t k);
// example_lengths(...).longest(): what must fit max_length.
int64_t example_length(const Tokenizer& tok, const PromptTemplate& prompts, const Example& e,
                       int64_t k);

// The training examples whose generator input (ExampleLengths::generator) is longer than
// `max_length`, which the SemCoT stages cut at the beginning: how many, and the longest. Runs
// without the fit stage (model folders, a base run) check their data with it.
struct OverLong {
    int64_t count = 0, longest = 0;
};
OverLong generator_over_long(const Tokenizer& tok, const PromptTemplate& prompts,
                             const std::vector<Example>& examples, int64_t k, int64_t max_length);

// The nearest-rank `percentile` (in (0, 100]) of `values`: the smallest value with at least
// that share of the values at or below it. Throws InvalidArgument on an empty list.
int64_t nearest_rank(std::vector<int64_t> values, double percentile);

// The tokenizer size a run trains: fit_vocab_size(train) when the preset fits its vocabulary
// to the data, else the preset's vocab_size.
int64_t run_vocab_size(const FitSettings& fit, int64_t preset_vocab_size,
                       const std::vector<Example>& train);

// The rule on known lengths: the `percentile` (nearest rank) of `lengths`, rounded up to a
// multiple of 8, at most `max_length_cap`. Throws InvalidArgument on an empty list.
int64_t fit_max_length(std::vector<int64_t> lengths, double percentile, int64_t max_length_cap);

// What the fit chose and what it left out, as printed before training and kept in run.json.
struct DatasetFit {
    bool fitted = false;     // max_length chosen from the data (else the preset's)
    int64_t vocab_size = 0;  // tokenizer size used
    int64_t max_length = 0;
    double percentile = 99;
    int64_t median_length = 0, percentile_length = 0, longest = 0; // training examples
    int64_t p90_length = 0;           // 90th percentile (the time estimate's padded batch)
    int64_t median_direct_length = 0; // of the generator's input (the time estimate)
    int64_t train = 0, validation = 0;                  // examples before skipping
    int64_t skipped_train = 0, skipped_validation = 0;  // over max_length
    std::string over_long = "stop"; // what the run does with them: "stop" or "skip"
    nlohmann::json to_json() const;
    static DatasetFit from_json(const nlohmann::json& j);
    std::string describe() const; // two lines for the log and the CLI
};

} // namespace semcot
