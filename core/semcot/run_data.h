// The data stages of a run (run.cpp): splits with task features, the run's own tokenizer, and
// the fit of lengths to the data (semcot/dataset_fit.h).
#pragma once

#include "data/splits.h"
#include "eval/prompts.h"
#include "semcot/preset.h"
#include "tokenizer/tokenizer.h"

#include <filesystem>
#include <string>
#include <vector>

namespace semcot {

// A split file of a run: like load_examples, but an empty split (validation_fraction 0, a test
// split of 0) is an empty array, not an error.
std::vector<Example> load_split(const std::filesystem::path& path);

// The splits of a task: generated, one dataset file, or a dataset folder (its eval file is the
// test split), with each example's task features. `seed` is the run's.
DatasetSplits make_splits(const Preset& preset, const std::string& task, uint64_t seed);

// The prompt template a preset's "prompts": "auto" stands for: the chat format of the teacher's
// family, from its config.json model_type and its tokenizer's special tokens: llama3_chat
// (<|start_header_id|>), qwen_chat (ChatML's <|im_start|>: Qwen2.5, Qwen3, SmolLM2),
// mistral_inst (model_type mistral), else llama2_small (Llama 2, TinyLlama, models trained
// from scratch: an empty `teacher_folder`).
std::string auto_prompt_template(const std::filesystem::path& teacher_folder);

// Trains the run's SentencePiece tokenizer on the training text (with <thought>) into
// `folder`; returns its size.
int train_run_tokenizer(const std::vector<Example>& train, const PromptTemplate& prompts,
                        int64_t vocab_size, const std::filesystem::path& folder);

// Measures the examples, fits max_length when the preset asks for it, and moves the over-long
// examples from `train` and `validation` into `skipped` ("over_long": "skip"), or throws
// InvalidArgument ("stop") before any model trains. `report_only` measures and counts only.
DatasetFit fit_to_data(const Preset& preset, const Tokenizer& tok, const PromptTemplate& prompts,
                       std::vector<Example>& train, std::vector<Example>& validation,
                       std::vector<Example>* skipped, bool report_only = false);

} // namespace semcot
