// Reasoning datasets in the SemCoT JSON format: load, validate, save.
//
// A dataset file is either
//   - a JSON array of record objects (the format of ../shared/datasets/*/train_42.json), or
//   - JSON Lines: one record object per line (blank lines ignored).
// The format is chosen by the extension (".jsonl" means JSON Lines) and otherwise by the first
// non-space character ('[' array, '{' JSON Lines). A UTF-8 byte order mark is skipped.
//
// Each record: "query" and "answer" are required strings; "reasoning", "full_answer" and
// "condensed_reasoning" are optional strings (null counts as absent). Types are strict: an
// answer written as a JSON number (18 instead of "18") is rejected rather than converted, because
// converting would silently reformat values such as 1e3 or 2.50. "features" is optional: an
// object of integer task features for slicing results ({"flips": 3}; see data/task_features.h).
// Unknown fields are ignored.
// Any problem throws one FormatError naming the file, the record index (0-based) and the field,
// e.g. "data/x.json: record 3: field 'answer': expected a string, got number".
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <filesystem>
#include <string>
#include <vector>

namespace semcot {

// One reasoning problem with its gold chain of thought and answer.
struct Example {
    std::string query;     // the question as given to the model (choices included)
    std::string reasoning; // gold step-by-step reasoning; may be empty
    std::string
        condensed_reasoning; // short paraphrase of the reasoning (train files); may be empty
    std::string answer;      // gold final answer as text: "18", "yes", "B"
    std::string full_answer; // reasoning, "####", answer (the source format); may be empty
    // Task features for slicing results by difficulty, e.g. {"flips": 3} (task_features.h);
    // empty when the task declares none.
    std::map<std::string, int64_t> features;
};

bool operator==(const Example& a, const Example& b);
inline bool operator!=(const Example& a, const Example& b) {
    return !(a == b);
}

// Reads and validates a dataset file (see the format above). Throws IoError when the file
// cannot be read, FormatError when it is malformed or holds no records.
std::vector<Example> load_examples(const std::filesystem::path& path);

// Parses dataset text. `source` names the input in error messages (usually the path);
// `json_lines` forces JSON Lines when true, otherwise the first non-space character decides.
std::vector<Example> parse_examples(const std::string& text, const std::string& source,
                                    bool json_lines = false);

// Serialises examples as a pretty-printed JSON array (json_lines=false) or JSON Lines. Empty
// optional fields are omitted, so loading the output gives back equal examples.
std::string serialize_examples(const std::vector<Example>& examples, bool json_lines = false);

// Writes examples atomically; JSON Lines when the extension is ".jsonl", else a JSON array.
void save_examples(const std::filesystem::path& path, const std::vector<Example>& examples);

// The two files of a dataset folder laid out like ../shared/datasets/<name>/.
struct DatasetFiles {
    std::filesystem::path train; // train_*.json or train_*.jsonl
    std::filesystem::path eval;  // eval_*.json or eval_*.jsonl; empty when the folder has none
};

// Finds train_*.json[l] and eval_*.json[l] in `dir` (the first in name order when several).
// Throws IoError when the folder or its train file is missing.
DatasetFiles find_dataset_files(const std::filesystem::path& dir);

} // namespace semcot
