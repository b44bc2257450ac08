// The run shipped in the repository (models/tiny-coinflip): a real trained Llama-family teacher
// (Hugging Face folder with its SentencePiece tokenizer) that tests use as a fixture when the
// external checkpoints of ../shared are absent.
#pragma once

#include "semcot/preset.h"

#include <filesystem>

namespace test_paths {
// models/tiny-coinflip, found as the app finds it (semcot::models_dir()).
inline std::filesystem::path shipped_run() {
    return semcot::models_dir() / "tiny-coinflip";
}
// Its teacher: config.json, model.safetensors, tokenizer.model, special_tokens.json.
inline std::filesystem::path shipped_teacher() {
    return shipped_run() / "teacher";
}
} // namespace test_paths
