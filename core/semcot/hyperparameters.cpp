#include "semcot/hyperparameters.h"

#include "common/error.h"
#include "common/json_keys.h"

#include <nlohmann/json.hpp>


namespace semcot {

using nlohmann::json;

// ---- LmTrainParams ------------------------------------------------------------------------

json LmTrainParams::to_json() const {
    json j = {{"epochs", epochs},
              {"batch_size", batch_size},
              {"lr", lr},
              {"weight_decay", weight_decay},
              {"warmup_fraction", warmup_fraction},
              {"max_length", max_length}};
    if (micro_batch > 0) j["micro_batch"] = micro_batch;
    if (activation_checkpointing) j["activation_checkpointing"] = true;
    return j;
}

LmTrainParams LmTrainParams::from_json(const json& j, const std::string& source,
                                       const std::string& label) {
    LmTrainParams p;
    p.label = label;
    if (!j.is_object()) throw FormatError(source + ": '" + label + "_train' must be an object");
    read_key(j, source, "epochs", p.epochs);
    read_key(j, source, "batch_size", p.batch_size);
    read_key(j, source, "lr", p.lr);
    read_key(j, source, "weight_decay", p.weight_decay);
    read_key(j, source, "warmup_fraction", p.warmup_fraction);
    read_key(j, source, "max_length", p.max_length);
    read_key(j, source, "micro_batch", p.micro_batch);
    read_key(j, source, "activation_checkpointing", p.activation_checkpointing);
    if (p.micro_batch < 0)
        throw FormatError(source + ": key '" + label + "_train.micro_batch' must not be negative");
    return p;
}

// ---- SentenceTransformerConfig ------------------------------------------------------------

void SentenceTransformerConfig::validate() const {
    if (start_layer < 0) throw FormatError("key 'start_layer' must be >= 0");
    if (end_layer <= start_layer) throw FormatError("key 'end_layer' must be > start_layer");
    if (output_dim <= 0) throw FormatError("key 'output_dim' must be positive");
    if (pooling != "mean" && pooling != "max")
        throw FormatError("key 'pooling' must be \"mean\" or \"max\", got \"" + pooling + "\"");
}

void SentenceTransformerConfig::validate_against(const ModelConfig& teacher) const {
    if (start_layer < 0 || end_layer <= start_layer || end_layer > teacher.num_hidden_layers)
        throw InvalidArgument("sentence transformer layers [" + std::to_string(start_layer) + ", " +
                              std::to_string(end_layer) + ") are not a non-empty range " +
                              "inside the teacher's " + std::to_string(teacher.num_hidden_layers) +
                              " layers");
}

json SentenceTransformerConfig::to_json() const {
    return json{{"start_layer", start_layer},
                {"end_layer", end_layer},
                {"output_dim", output_dim},
                {"pooling", pooling}};
}

SentenceTransformerConfig SentenceTransformerConfig::from_json(const json& j,
                                                               const std::string& source) {
    if (!j.is_object()) throw FormatError(source + ": expected a JSON object");
    SentenceTransformerConfig c;
    read_key(j, source, "start_layer", c.start_layer, true);
    read_key(j, source, "end_layer", c.end_layer, true);
    read_key(j, source, "output_dim", c.output_dim, true);
    read_key(j, source, "pooling", c.pooling, true);
    with_context(source, [&] { c.validate(); });
    return c;
}

// ---- ContemplationConfig ------------------------------------------------------------------

json ContemplationConfig::to_json() const {
    return {{"thought_id", thought_id},
            {"teacher_hidden", teacher_hidden},
            {"k_train", k_train},
            {"k_infer", k_infer},
            {"slice", slice}};
}

ContemplationConfig ContemplationConfig::from_json(const json& j,
                                                   const std::string& source) {
    ContemplationConfig c;
    auto need_int = [&](const char* key, int64_t& out) {
        if (!j.contains(key) || !j[key].is_number_integer())
            throw FormatError(source + ": key '" + key + "' must be an integer");
        out = j[key].get<int64_t>();
    };
    need_int("thought_id", c.thought_id);
    need_int("teacher_hidden", c.teacher_hidden);
    need_int("k_train", c.k_train);
    need_int("k_infer", c.k_infer);
    if (!j.contains("slice") || !j["slice"].is_string())
        throw FormatError(source + ": key 'slice' must be a string");
    c.slice = j["slice"].get<std::string>();
    if (c.slice != "ours" && c.slice != "paper")
        throw FormatError(source + ": key 'slice' must be \"ours\" or \"paper\"");
    return c;
}

json ContemplationConfig::preset_json() const {
    return {{"k_train", k_train}, {"k_infer", k_infer}, {"slice", slice}};
}

ContemplationConfig ContemplationConfig::from_preset(const json& j, const std::string& source) {
    ContemplationConfig c;
    if (!j.is_object()) throw FormatError(source + ": key 'contemplation' must be an object");
    read_key(j, source, "k_train", c.k_train);
    read_key(j, source, "k_infer", c.k_infer);
    read_key(j, source, "slice", c.slice);
    return c;
}

// ---- SemcotTrainParams --------------------------------------------------------------------

json SemcotTrainParams::to_json() const {
    auto stage = [](const StageParams& s) {
        return json{{"lr", s.lr}, {"weight_decay", s.weight_decay}, {"epochs", s.epochs}};
    };
    json j = {{"st_temperature", st_temperature},
            {"st_stage1", stage(st_stage1)},
            {"st_stage2", stage(st_stage2)},
            {"alpha", alpha},
            {"cg_stage1", stage(cg_stage1)},
            {"cg_stage2", stage(cg_stage2)},
            {"batch_size", batch_size},
            {"max_length", max_length},
            {"seed", seed},
            {"no_st", no_st},
            {"no_warmup", no_warmup},
            {"teacher_as_generator", teacher_as_generator},
            {"grad_clip", grad_clip},
            {"flip_curriculum", flip_curriculum},
            {"cg_init_norm_scale", cg_init_norm_scale},
            {"align_target", align_target},
            {"answer_tokens", answer_tokens}};
    if (micro_batch > 0) j["micro_batch"] = micro_batch;
    if (activation_checkpointing) j["activation_checkpointing"] = true;
    if (teacher_dtype != "float32") j["teacher_dtype"] = teacher_dtype;
    return j;
}

SemcotTrainParams SemcotTrainParams::from_json(const json& j, const std::string& source) {
    SemcotTrainParams p;
    if (!j.is_object())
        throw FormatError(source + ": SemCoT training parameters must be an object");
    auto num = [&](const json& o, const std::string& key, auto& out,
                   const std::string& where) {
        if (!o.contains(key)) return;
        if (!o[key].is_number())
            throw FormatError(source + ": key '" + where + key + "' must be a number");
        out = o[key].get<std::decay_t<decltype(out)>>();
    };
    auto stage = [&](const char* key, StageParams& s) {
        if (!j.contains(key)) return;
        if (!j[key].is_object())
            throw FormatError(source + ": key '" + std::string(key) + "' must be an object");
        const std::string where = std::string(key) + ".";
        num(j[key], "lr", s.lr, where);
        num(j[key], "weight_decay", s.weight_decay, where);
        num(j[key], "epochs", s.epochs, where);
    };
    num(j, "st_temperature", p.st_temperature, "");
    stage("st_stage1", p.st_stage1);
    stage("st_stage2", p.st_stage2);
    num(j, "alpha", p.alpha, "");
    stage("cg_stage1", p.cg_stage1);
    stage("cg_stage2", p.cg_stage2);
    num(j, "batch_size", p.batch_size, "");
    num(j, "max_length", p.max_length, "");
    num(j, "seed", p.seed, "");
    num(j, "grad_clip", p.grad_clip, "");
    for (auto [key, out] : {std::pair<const char*, bool*>{"no_st", &p.no_st},
                            {"no_warmup", &p.no_warmup},
                            {"teacher_as_generator", &p.teacher_as_generator},
                            {"activation_checkpointing", &p.activation_checkpointing}}) {
        if (!j.contains(key)) continue;
        if (!j[key].is_boolean())
            throw FormatError(source + ": key '" + std::string(key) + "' must be a boolean");
        *out = j[key].get<bool>();
    }
    num(j, "cg_init_norm_scale", p.cg_init_norm_scale, "");
    num(j, "micro_batch", p.micro_batch, "");
    if (p.micro_batch < 0) throw FormatError(source + ": key 'micro_batch' must not be negative");
    if (j.contains("teacher_dtype")) {
        if (!j["teacher_dtype"].is_string())
            throw FormatError(source + ": key 'teacher_dtype' must be a string");
        p.teacher_dtype = j["teacher_dtype"].get<std::string>();
        if (p.teacher_dtype != "float32" && p.teacher_dtype != "bfloat16" &&
            p.teacher_dtype != "float16")
            throw FormatError(source + ": key 'teacher_dtype' must be \"float32\", \"bfloat16\" "
                                       "or \"float16\"");
    }
    if (j.contains("flip_curriculum")) {
        const auto& c = j["flip_curriculum"];
        if (!c.is_array())
            throw FormatError(source + ": key 'flip_curriculum' must be an array of integers");
        for (const auto& v : c) {
            if (!v.is_number_integer() || v.get<int64_t>() < 0)
                throw FormatError(source +
                                  ": key 'flip_curriculum' must hold non-negative integers");
            p.flip_curriculum.push_back(v.get<int64_t>());
        }
    }
    if (j.contains("align_target")) {
        if (!j["align_target"].is_string())
            throw FormatError(source + ": key 'align_target' must be a string");
        p.align_target = j["align_target"].get<std::string>();
        if (p.align_target != "reasoning" && p.align_target != "condensed")
            throw FormatError(source +
                              ": key 'align_target' must be \"reasoning\" or \"condensed\"");
    }
    if (j.contains("answer_tokens")) {
        if (!j["answer_tokens"].is_string())
            throw FormatError(source + ": key 'answer_tokens' must be a string");
        p.answer_tokens = j["answer_tokens"].get<std::string>();
        if (p.answer_tokens != "separate" && p.answer_tokens != "joint")
            throw FormatError(source + ": key 'answer_tokens' must be \"separate\" or \"joint\"");
    }
    if (p.cg_init_norm_scale < 0)
        throw FormatError(source + ": key 'cg_init_norm_scale' must not be negative");
    if (p.alpha < 0 || p.alpha > 1) throw FormatError(source + ": key 'alpha' must be in [0, 1]");
    if (p.st_temperature <= 0)
        throw FormatError(source + ": key 'st_temperature' must be positive");
    if (p.batch_size < 2) throw FormatError(source + ": key 'batch_size' must be at least 2");
    return p;
}

} // namespace semcot
