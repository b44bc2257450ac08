// Prompt templates per model family, kept as data (models/prompts/<name>.json) with the
// paper's Llama-2 "small" template compiled in so everything works without files.
//
// Three ways to ask a question (query "Q", gold reasoning "R", answer "X"), llama2_small shown:
//   direct:   prompt "Question: Q\n Answer:"                    target " X"
//   cot:      prompt "Question: Q\n Let's think step by step.\n" target "R\nAnswer: X"
//   implicit: "Question: Q" + <implicit thought tokens> + "\n Answer:"  then " X"
// The CoT output is reasoning lines followed by a line "<answer_marker> X", which the
// scorers (eval/scoring.h) look for.
//
// JSON file: an object with the string keys below; "name" and "description" are optional,
// any other key is an error (it is almost always a typo). Errors name the file and the key.
#pragma once

#include "data/dataset.h"

#include <filesystem>
#include <string>

namespace semcot {

struct PromptTemplate {
    std::string name = "llama2_small";          // family name; file stem in models/prompts
    std::string description;                    // free text shown in the UI
    std::string question_prefix = "Question: "; // before the query, in every format
    std::string direct_suffix = "\n Answer:";   // after the query: answer directly
    std::string cot_suffix = "\n Let's think step by step.\n"; // after the query: reason first
    std::string answer_marker = "Answer:";                     // precedes the answer in CoT output
    std::string implicit_answer_suffix = "\n Answer:";         // after the implicit thought tokens
    std::string answer_separator = " "; // between a marker/suffix and the answer
};

// The compiled-in llama2_small template (the defaults above).
PromptTemplate default_prompt_template();

enum class PromptFormat {
    direct, // question, then the answer
    cot,    // question, then explicit reasoning, then the marked answer
};

// "Question: Q\n Answer:"
std::string build_direct_prompt(const PromptTemplate& t, const std::string& query);
// "Question: Q\n Let's think step by step.\n"
std::string build_cot_prompt(const PromptTemplate& t, const std::string& query);
// "Question: Q": what precedes the implicit thought tokens.
std::string build_implicit_prefix(const PromptTemplate& t, const std::string& query);
// "\n Answer:": what follows the implicit thought tokens before the answer is generated.
std::string implicit_answer_suffix(const PromptTemplate& t);

// A prompt and the continuation a model is trained to produce after it.
struct TrainingPair {
    std::string prompt; // conditioning text (no loss)
    std::string target; // text the loss is computed on
};

// Training text for one example: direct -> target " X"; cot -> target "R\nAnswer: X"
// (the reasoning's trailing whitespace trimmed; without reasoning, only "Answer: X").
TrainingPair make_training_pair(const PromptTemplate& t, const Example& example,
                                PromptFormat format);

// Parses / loads / saves the JSON form. Throws FormatError naming `source` and the key. A
// parsed template without "name" has an empty name; load_prompt_template uses the file stem.
PromptTemplate parse_prompt_template(const std::string& text, const std::string& source);
PromptTemplate load_prompt_template(const std::filesystem::path& path);
std::string serialize_prompt_template(const PromptTemplate& t);
void save_prompt_template(const std::filesystem::path& path, const PromptTemplate& t);

// <dir>/<name>.json when it exists, else the built-in template when `name` is its name,
// else InvalidArgument.
PromptTemplate find_prompt_template(const std::string& name, const std::filesystem::path& dir);

} // namespace semcot
