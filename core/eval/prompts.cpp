#include "eval/prompts.h"

#include "common/error.h"
#include "common/platform.h"

#include <nlohmann/json.hpp>

#include <cctype>

namespace semcot {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Key name -> member, in file order.
struct Field {
    const char* key;
    std::string PromptTemplate::*member;
    bool required;
};

const Field kFields[] = {
    {"name", &PromptTemplate::name, false},
    {"description", &PromptTemplate::description, false},
    {"question_prefix", &PromptTemplate::question_prefix, true},
    {"direct_suffix", &PromptTemplate::direct_suffix, true},
    {"cot_suffix", &PromptTemplate::cot_suffix, true},
    {"answer_marker", &PromptTemplate::answer_marker, true},
    {"implicit_answer_suffix", &PromptTemplate::implicit_answer_suffix, true},
    {"answer_separator", &PromptTemplate::answer_separator, true},
};

std::string rtrim(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    return s;
}

} // namespace

PromptTemplate default_prompt_template() {
    return PromptTemplate{};
}

std::string build_direct_prompt(const PromptTemplate& t, const std::string& query) {
    return t.question_prefix + query + t.direct_suffix;
}

std::string build_cot_prompt(const PromptTemplate& t, const std::string& query) {
    return t.question_prefix + query + t.cot_suffix;
}

std::string build_implicit_prefix(const PromptTemplate& t, const std::string& query) {
    return t.question_prefix + query;
}

std::string implicit_answer_suffix(const PromptTemplate& t) {
    return t.implicit_answer_suffix;
}

TrainingPair make_training_pair(const PromptTemplate& t, const Example& example,
                                PromptFormat format) {
    if (format == PromptFormat::direct)
        return {build_direct_prompt(t, example.query), t.answer_separator + example.answer};
    const std::string reasoning = rtrim(example.reasoning);
    std::string target = reasoning.empty() ? std::string() : reasoning + "\n";
    target += t.answer_marker + t.answer_separator + example.answer;
    return {build_cot_prompt(t, example.query), target};
}

PromptTemplate parse_prompt_template(const std::string& text, const std::string& source) {
    json document;
    try {
        document = json::parse(text);
    } catch (const json::parse_error& e) {
        throw FormatError(source + ": invalid JSON: " + e.what());
    }
    if (!document.is_object())
        throw FormatError(source + ": expected a JSON object, got " +
                          std::string(document.type_name()));
    for (const auto& item : document.items()) {
        bool known = false;
        for (const Field& field : kFields) known = known || item.key() == field.key;
        if (!known) throw FormatError(source + ": key '" + item.key() + "': unknown key");
    }
    PromptTemplate t;
    t.name.clear(); // a file without "name" is named after itself by load_prompt_template
    for (const Field& field : kFields) {
        const auto it = document.find(field.key);
        if (it == document.end()) {
            if (field.required)
                throw FormatError(source + ": key '" + field.key + "': missing (required string)");
            continue;
        }
        if (!it->is_string())
            throw FormatError(source + ": key '" + field.key + "': expected a string, got " +
                              it->type_name());
        t.*field.member = it->get<std::string>();
    }
    if (t.answer_marker.empty())
        throw FormatError(source + ": key 'answer_marker': must not be empty");
    return t;
}

PromptTemplate load_prompt_template(const fs::path& path) {
    PromptTemplate t = parse_prompt_template(read_file(path), path.string());
    if (t.name.empty()) t.name = path.stem().string();
    return t;
}

std::string serialize_prompt_template(const PromptTemplate& t) {
    json document = json::object();
    for (const Field& field : kFields) document[field.key] = t.*field.member;
    return document.dump(2) + "\n";
}

void save_prompt_template(const fs::path& path, const PromptTemplate& t) {
    write_file_atomic(path, serialize_prompt_template(t));
}

PromptTemplate find_prompt_template(const std::string& name, const fs::path& dir) {
    const fs::path path = dir / (name + ".json");
    std::error_code ec;
    if (!dir.empty() && fs::is_regular_file(path, ec)) return load_prompt_template(path);
    PromptTemplate builtin = default_prompt_template();
    if (name == builtin.name) return builtin;
    throw InvalidArgument("unknown prompt template '" + name + "' (no " + path.string() +
                          ", and the only built-in one is '" + builtin.name + "')");
}

} // namespace semcot
