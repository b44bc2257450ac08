// A preset (models/presets/*.json): the data, the model shapes or Hugging Face folders, and
// every training hyperparameter of a run. Its JSON is what run.json records. No torch here:
// the desktop app's training dialog reads and edits presets through these types.
#pragma once

#include "engine/config.h"
#include "semcot/dataset_fit.h"
#include "semcot/hyperparameters.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace semcot {

struct Preset {
    std::string name;    // file stem
    nlohmann::json json; // the whole preset, as read
    // Data: a built-in task ("coinflip", "arithmetic"), a SemCoT JSON file, or a dataset
    // folder laid out like ../shared/datasets/<name>/ (train_*.json gives train and
    // validation, eval_*.json is the test split).
    std::string task = "coinflip";
    // Generated examples (built-in tasks); for a file or folder, the training examples kept
    // (a seeded sample) when the file has more.
    int64_t examples = 2000;
    int min_people = 4, max_people = 6; // coinflip size
    double test_fraction = 0.1, validation_fraction = 0.1;
    // models/prompts/<name>.json, or "auto": the teacher family's chat format
    // (auto_prompt_template in semcot/run_data.h), resolved when a run starts.
    std::string prompts = "llama2_small";
    // From scratch (tiny) or from Hugging Face folders (teacher_model/student_model set).
    std::string teacher_model, student_model;
    int64_t vocab_size = 400;     // tokenizer trained from scratch
    ModelConfig teacher, student; // shapes when trained from scratch
    LmTrainParams teacher_train, student_train;
    SentenceTransformerConfig st;
    ContemplationConfig cg;
    SemcotTrainParams semcot;
    FitSettings fit; // "fit" and "over_long" (semcot/dataset_fit.h)
};

// Reads models/presets/<name>.json (or a path). Errors name the file and key: InvalidArgument
// for an unknown name, IoError, FormatError.
Preset load_preset(const std::string& name_or_path);
// A preset from its JSON; `src` names it in errors.
Preset preset_from_json(const nlohmann::json& json, const std::string& name,
                        const std::string& src);
// The preset's JSON with every typed field written back over `preset.json` (keys the fields do
// not cover, such as "description", stay): edit the fields, then save or train this.
// preset_from_json(preset_to_json(p)) has p's fields. From-scratch model shapes keep the keys
// the preset gave and always carry the sizes (hidden, intermediate, layers, heads, key-value
// heads, max_position_embeddings).
nlohmann::json preset_to_json(const Preset& preset);
// The preset with `patch` merged into its JSON (RFC 7386 merge patch), e.g. command-line
// ablation flags: {"semcot": {"alpha": 0}}. The result's JSON is what run.json records.
Preset with_overrides(const Preset& preset, const nlohmann::json& patch);
// Folder of the shipped models/ tree: next to the executable's ../share/semcot/models, else
// the source tree's models/ (compiled in).
std::filesystem::path models_dir();

// The preset with a fit's sizes applied when it fitted (max_length of every stage, the
// models' max_position_embeddings at least max_length + 64, vocab_size), as a run trains it.
Preset fitted_preset(const Preset& preset, const DatasetFit& fit);

// The binding max_length of a from-scratch run: the smallest of its three stages'.
int64_t preset_max_length(const Preset& preset);

} // namespace semcot
