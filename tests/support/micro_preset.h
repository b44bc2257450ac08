// The smallest preset that trains a whole run (tokenizer, teacher, student, ST, generator) in
// seconds, for tests; each test changes what it needs with an RFC 7386 merge patch.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>

namespace test_presets {

// Coin flips with 4 to 6 people, 2-layer models of hidden size 32, one epoch per stage, and
// `max_length` for every stage (the models' context is max_length + 12).
inline nlohmann::json micro_preset(int64_t max_length,
                                   const nlohmann::json& patch = nlohmann::json::object()) {
    const nlohmann::json model = {{"hidden_size", 32},
                                  {"intermediate_size", 64},
                                  {"num_hidden_layers", 2},
                                  {"num_attention_heads", 4},
                                  {"num_key_value_heads", 2},
                                  {"max_position_embeddings", max_length + 12}};
    const nlohmann::json lm = {
        {"epochs", 1}, {"batch_size", 16}, {"lr", 3e-3}, {"max_length", max_length}};
    const nlohmann::json stage = {{"lr", 1e-3}, {"weight_decay", 0.0}, {"epochs", 1}};
    nlohmann::json p = {
        {"task", "coinflip"},
        {"examples", 80},
        {"min_people", 4},
        {"max_people", 6},
        {"vocab_size", 320},
        {"teacher", model},
        {"student", model},
        {"teacher_train", lm},
        {"student_train", lm},
        {"sentence_transformer",
         {{"start_layer", 1}, {"end_layer", 2}, {"output_dim", 16}, {"pooling", "mean"}}},
        {"contemplation", {{"k_train", 2}, {"k_infer", 2}, {"slice", "ours"}}},
        {"semcot",
         {{"st_stage1", stage},
          {"st_stage2", stage},
          {"cg_stage1", stage},
          {"cg_stage2", stage},
          {"batch_size", 8},
          {"max_length", max_length},
          {"alpha", 0.5}}}};
    p.merge_patch(patch);
    return p;
}

} // namespace test_presets
