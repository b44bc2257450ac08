#include "data/dataset.h"

#include "common/error.h"
#include "common/platform.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <string_view>

namespace semcot {

namespace fs = std::filesystem;
using nlohmann::json;

bool operator==(const Example& a, const Example& b) {
    return a.query == b.query && a.reasoning == b.reasoning &&
           a.condensed_reasoning == b.condensed_reasoning && a.answer == b.answer &&
           a.full_answer == b.full_answer && a.features == b.features;
}

namespace {

bool has_jsonl_extension(const fs::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".jsonl";
}

// Reads one string field. Required fields must be present; null counts as absent.
std::string string_field(const json& record, const char* field, bool required,
                         const std::string& where) {
    const auto it = record.find(field);
    if (it == record.end() || it->is_null()) {
        if (required)
            throw FormatError(where + ": field '" + field + "': missing (required string)");
        return {};
    }
    if (!it->is_string()) {
        throw FormatError(where + ": field '" + field + "': expected a string, got " +
                          it->type_name());
    }
    return it->get<std::string>();
}

// `where` is "<source>: record N" (plus the line for JSON Lines).
Example example_from_json(const json& record, const std::string& where) {
    if (!record.is_object())
        throw FormatError(where + ": expected an object, got " + std::string(record.type_name()));
    Example example;
    example.query = string_field(record, "query", true, where);
    example.answer = string_field(record, "answer", true, where);
    example.reasoning = string_field(record, "reasoning", false, where);
    example.full_answer = string_field(record, "full_answer", false, where);
    example.condensed_reasoning = string_field(record, "condensed_reasoning", false, where);
    const auto features = record.find("features");
    if (features != record.end() && !features->is_null()) {
        if (!features->is_object())
            throw FormatError(where + ": field 'features': expected an object, got " +
                              features->type_name());
        for (const auto& [name, value] : features->items()) {
            if (!value.is_number_integer())
                throw FormatError(where + ": field 'features." + name +
                                  "': expected an integer, got " + value.type_name());
            example.features[name] = value.get<int64_t>();
        }
    }
    return example;
}

json example_to_json(const Example& example) {
    json record = json::object();
    record["query"] = example.query;
    if (!example.reasoning.empty()) record["reasoning"] = example.reasoning;
    if (!example.condensed_reasoning.empty())
        record["condensed_reasoning"] = example.condensed_reasoning;
    record["answer"] = example.answer;
    if (!example.full_answer.empty()) record["full_answer"] = example.full_answer;
    if (!example.features.empty()) record["features"] = example.features;
    return record;
}

std::vector<Example> parse_array(const std::string& text, const std::string& source) {
    json document;
    try {
        document = json::parse(text);
    } catch (const json::parse_error& e) {
        throw FormatError(source + ": invalid JSON: " + e.what()); // what() has line and column
    }
    if (!document.is_array()) {
        throw FormatError(source + ": expected a JSON array of records (or JSON Lines), got " +
                          std::string(document.type_name()));
    }
    std::vector<Example> examples;
    examples.reserve(document.size());
    for (std::size_t i = 0; i < document.size(); ++i)
        examples.push_back(
            example_from_json(document[i], source + ": record " + std::to_string(i)));
    return examples;
}

std::vector<Example> parse_lines(const std::string& text, const std::string& source) {
    std::vector<Example> examples;
    std::size_t start = 0, line_number = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string line = text.substr(start, end - start);
        start = end + 1;
        ++line_number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        const std::string where = source + ": record " + std::to_string(examples.size()) +
                                  " (line " + std::to_string(line_number) + ")";
        json record;
        try {
            record = json::parse(line);
        } catch (const json::parse_error& e) {
            throw FormatError(where +
                              ": invalid JSON (JSON Lines: one object per line): " + e.what());
        }
        examples.push_back(example_from_json(record, where));
    }
    return examples;
}

} // namespace

std::vector<Example> parse_examples(const std::string& raw, const std::string& source,
                                    bool json_lines) {
    std::string_view view(raw);
    if (view.substr(0, 3) == "\xEF\xBB\xBF") view.remove_prefix(3); // UTF-8 byte order mark
    const std::string text(view);
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) throw FormatError(source + ": empty file (no records)");
    if (!json_lines && text[first] == '{') json_lines = true;
    std::vector<Example> examples =
        json_lines ? parse_lines(text, source) : parse_array(text, source);
    if (examples.empty()) throw FormatError(source + ": no records");
    return examples;
}

std::vector<Example> load_examples(const fs::path& path) {
    return parse_examples(read_file(path), path.string(), has_jsonl_extension(path));
}

std::string serialize_examples(const std::vector<Example>& examples, bool json_lines) {
    // Invalid UTF-8 (only possible from hand-built examples) is replaced rather than thrown.
    constexpr auto replace = json::error_handler_t::replace;
    if (json_lines) {
        std::string out;
        for (const Example& example : examples)
            out += example_to_json(example).dump(-1, ' ', false, replace) + "\n";
        return out;
    }
    json array = json::array();
    for (const Example& example : examples) array.push_back(example_to_json(example));
    return array.dump(2, ' ', false, replace) + "\n";
}

void save_examples(const fs::path& path, const std::vector<Example>& examples) {
    write_file_atomic(path, serialize_examples(examples, has_jsonl_extension(path)));
}

DatasetFiles find_dataset_files(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw IoError(dir.string() + ": not a folder");
    std::vector<fs::path> train, eval;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        const std::string ext = entry.path().extension().string();
        if (!entry.is_regular_file() || (ext != ".json" && ext != ".jsonl")) continue;
        if (name.rfind("train_", 0) == 0) train.push_back(entry.path());
        if (name.rfind("eval_", 0) == 0) eval.push_back(entry.path());
    }
    if (ec) throw IoError(dir.string() + ": " + ec.message());
    if (train.empty()) throw IoError(dir.string() + ": no train_*.json or train_*.jsonl file");
    std::sort(train.begin(), train.end());
    std::sort(eval.begin(), eval.end());
    return {train.front(), eval.empty() ? fs::path() : eval.front()};
}

} // namespace semcot
