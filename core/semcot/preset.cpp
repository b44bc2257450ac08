#include "semcot/preset.h"

#include "common/error.h"
#include "common/json_keys.h"
#include "common/platform.h"

#include <algorithm>

namespace semcot {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {


// A model shape from the preset (hidden_size, layers, heads...), vocab filled in later.
ModelConfig model_shape(const json& j, const std::string& source) {
    json full = j;
    full["vocab_size"] = 2; // placeholder, replaced by the tokenizer's size
    return ModelConfig::from_json(full, source);
}

// The preset with the fitted sizes: max_length of every stage, the models' context, the
// tokenizer size.
void apply_fit(Preset& preset, const DatasetFit& fit) {
    if (!fit.fitted) return;
    json j = preset.json;
    const int64_t context = fit.max_length + 64;
    j["vocab_size"] = fit.vocab_size;
    for (const char* stage : {"teacher_train", "student_train", "semcot"})
        j[stage]["max_length"] = fit.max_length;
    for (const char* model : {"teacher", "student"})
        if (j.contains(model) && j[model].is_object())
            j[model]["max_position_embeddings"] =
                std::max<int64_t>(j[model].value("max_position_embeddings", int64_t(0)), context);
    preset = preset_from_json(j, preset.name, "preset '" + preset.name + "' fitted to the data");
}

json read_json(const fs::path& path) {
    try {
        return json::parse(read_file(path));
    } catch (const json::exception& e) {
        throw FormatError(path.string() + ": invalid JSON: " + e.what());
    }
}

} // namespace

fs::path models_dir() {
    const fs::path installed = executable_dir() / "../share/semcot/models";
    if (fs::exists(installed / "presets")) return installed;
    return fs::path(SEMCOT_SOURCE_DIR) / "models";
}

Preset load_preset(const std::string& name_or_path) {
    fs::path path = name_or_path;
    if (!fs::exists(path)) path = models_dir() / "presets" / (name_or_path + ".json");
    if (!fs::exists(path))
        throw InvalidArgument("unknown preset '" + name_or_path + "' (looked in " +
                              (models_dir() / "presets").string() + ")");
    return preset_from_json(read_json(path), path.stem().string(), path.string());
}

Preset with_overrides(const Preset& preset, const nlohmann::json& patch) {
    json merged = preset.json;
    merged.merge_patch(patch);
    return preset_from_json(merged, preset.name, "preset '" + preset.name + "' with overrides");
}

Preset preset_from_json(const nlohmann::json& json_value, const std::string& name,
                        const std::string& src) {
    Preset p;
    p.name = name;
    p.json = json_value;
    const json& j = p.json;
    if (!j.is_object()) throw FormatError(src + ": a preset must be a JSON object");
    read_key(j, src, "task", p.task);
    read_key(j, src, "examples", p.examples);
    read_key(j, src, "min_people", p.min_people);
    read_key(j, src, "max_people", p.max_people);
    read_key(j, src, "test_fraction", p.test_fraction);
    read_key(j, src, "validation_fraction", p.validation_fraction);
    read_key(j, src, "prompts", p.prompts);
    read_key(j, src, "teacher_model", p.teacher_model);
    read_key(j, src, "student_model", p.student_model);
    read_key(j, src, "vocab_size", p.vocab_size);
    if (p.teacher_model.empty()) {
        if (!j.contains("teacher") || !j.contains("student"))
            throw FormatError(
                src + ": key 'teacher' and 'student' shapes are needed without teacher_model");
        p.teacher = with_context(src + ": teacher", [&] { return model_shape(j["teacher"], src); });
        p.student = with_context(src + ": student", [&] { return model_shape(j["student"], src); });
    }
    p.teacher_train = LmTrainParams::from_json(j.value("teacher_train", json::object()), src,
                                               "teacher");
    p.student_train = LmTrainParams::from_json(j.value("student_train", json::object()), src,
                                               "student");
    if (j.contains("sentence_transformer"))
        p.st = SentenceTransformerConfig::from_json(j["sentence_transformer"], src);
    if (j.contains("contemplation")) p.cg = ContemplationConfig::from_preset(j["contemplation"], src);
    if (j.contains("semcot")) p.semcot = SemcotTrainParams::from_json(j["semcot"], src);
    p.fit = FitSettings::from_preset(j, src);
    return p;
}

namespace {

// A from-scratch model's shape as the preset writes it: the keys the preset gave and the sizes.
json shape_json(const ModelConfig& shape, const json& given) {
    const json all = shape.to_json();
    json out = given.is_object() ? given : json::object();
    for (const char* key : {"hidden_size", "intermediate_size", "num_hidden_layers",
                            "num_attention_heads", "num_key_value_heads",
                            "max_position_embeddings"})
        out[key] = all.at(key);
    for (auto& [key, value] : out.items())
        if (key != "vocab_size" && all.contains(key)) value = all.at(key);
    return out;
}

// Writes `fields` into the object j[key], keeping its other keys.
void merge_into(json& j, const char* key, const json& fields) {
    json& object = j[key];
    if (!object.is_object()) object = json::object();
    object.update(fields);
}

void set_or_erase(json& j, const char* key, const std::string& value) {
    if (value.empty())
        j.erase(key);
    else
        j[key] = value;
}

} // namespace

json preset_to_json(const Preset& p) {
    json j = p.json.is_object() ? p.json : json::object();
    j["task"] = p.task;
    j["examples"] = p.examples;
    j["min_people"] = p.min_people;
    j["max_people"] = p.max_people;
    j["test_fraction"] = p.test_fraction;
    j["validation_fraction"] = p.validation_fraction;
    j["prompts"] = p.prompts;
    set_or_erase(j, "teacher_model", p.teacher_model);
    set_or_erase(j, "student_model", p.student_model);
    j["vocab_size"] = p.vocab_size;
    if (p.teacher_model.empty()) {
        j["teacher"] = shape_json(p.teacher, j.value("teacher", json::object()));
        j["student"] = shape_json(p.student, j.value("student", json::object()));
    }
    merge_into(j, "teacher_train", p.teacher_train.to_json());
    merge_into(j, "student_train", p.student_train.to_json());
    merge_into(j, "sentence_transformer", p.st.to_json());
    merge_into(j, "contemplation", p.cg.preset_json());
    merge_into(j, "semcot", p.semcot.to_json());
    p.fit.to_preset(j);
    return j;
}

// The binding max_length of a from-scratch run: the smallest of its three stages'.
int64_t preset_max_length(const Preset& p) {
    return std::min({p.teacher_train.max_length, p.student_train.max_length, p.semcot.max_length});
}

Preset fitted_preset(const Preset& preset, const DatasetFit& fit) {
    Preset p = preset;
    apply_fit(p, fit);
    return p;
}

} // namespace semcot
