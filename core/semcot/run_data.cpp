#include "semcot/run_data.h"

#include "engine/config.h"

#include "common/error.h"
#include "common/platform.h"
#include "data/rng.h"
#include "data/task_features.h"
#include "data/task_generators.h"
#include "semcot/run.h"
#include "semcot/run_stage.h"

#include <stdlib.h>

#include <algorithm>
#include <cmath>

namespace semcot {

namespace fs = std::filesystem;

namespace {

// The largest share of training examples "over_long": "skip" may leave out (a fit at a lower
// percentile allows its own share).
constexpr double kMaxSkippedShare = 0.05;

// A file or folder task keeps at most `examples` training examples when the preset sets it: a
// seeded sample.
std::vector<Example> capped(std::vector<Example> pool, const Preset& preset, uint64_t seed) {
    if (!preset.json.contains("examples") || int64_t(pool.size()) <= preset.examples) return pool;
    Rng rng(derived_seed(seed, SeedUse::data_sample));
    rng.shuffle(pool);
    pool.resize(size_t(preset.examples));
    return pool;
}

} // namespace

// A split file of a run: like load_examples, but an empty split (validation_fraction 0, a
// test split of 0) is an empty array, not an error.
std::vector<Example> load_split(const fs::path& path) {
    const std::string text = read_file(path);
    if (text.find_first_not_of(" \t\r\n[]") == std::string::npos) return {};
    return parse_examples(text, path.string());
}

// The splits of a task: generated, one dataset file, or a dataset folder (its eval file is the
// test split); with each example's task features.
DatasetSplits make_splits(const Preset& preset, const std::string& task, uint64_t seed) {
    DatasetSplits splits;
    SplitOptions so;
    so.seed = derived_seed(seed, SeedUse::split);
    so.test_fraction = preset.test_fraction;
    so.validation_fraction = preset.validation_fraction;
    if (task == "coinflip") {
        CoinFlipOptions o;
        o.count = size_t(preset.examples);
        o.seed = derived_seed(seed, SeedUse::data_generation);
        o.min_people = preset.min_people;
        o.max_people = preset.max_people;
        splits = split_examples(generate_coinflip(o), so);
    } else if (task == "arithmetic") {
        splits = split_examples(generate_task("arithmetic", size_t(preset.examples),
                                              derived_seed(seed, SeedUse::data_generation)),
                                so);
    } else if (fs::is_directory(task)) {
        const DatasetFiles files = find_dataset_files(task);
        auto pool = capped(load_examples(files.train), preset, seed);
        splits = files.eval.empty() ? split_examples(pool, so)
                                    : split_with_eval(pool, load_examples(files.eval), so);
    } else {
        splits = split_examples(capped(load_examples(task), preset, seed), so);
    }
    for (auto* split : {&splits.train, &splits.validation, &splits.test}) add_task_features(*split);
    return splits;
}

std::string auto_prompt_template(const fs::path& teacher_folder) {
    if (teacher_folder.empty()) return "llama2_small";
    const ModelConfig config = ModelConfig::load(teacher_folder / "config.json");
    const auto tok = load_tokenizer(teacher_folder);
    auto has = [&tok](const char* token) {
        const int id = tok->piece_to_id(token);
        return id >= 0 && id != tok->unk_id();
    };
    if (has("<|start_header_id|>")) return "llama3_chat";
    if (has("<|im_start|>")) return "qwen_chat";
    if (config.model_type == "mistral") return "mistral_inst";
    return "llama2_small";
}

// Trains the run's SentencePiece tokenizer on the training text (with <thought>) into
// `folder`; returns its size.
int train_run_tokenizer(const std::vector<Example>& train, const PromptTemplate& prompts,
                        int64_t vocab_size, const fs::path& folder) {
    TokenizerTrainOptions o;
    for (const auto& e : train) {
        o.sentences.push_back(build_cot_prompt(prompts, e.query) + e.reasoning);
        o.sentences.push_back(build_direct_prompt(prompts, e.query) + " " + e.answer);
        if (!e.condensed_reasoning.empty()) o.sentences.push_back(e.condensed_reasoning);
    }
    o.vocab_size = int(vocab_size);
    o.output = folder / "tokenizer.model";
    SentencePieceTokenizer::train(o);
    auto tok = SentencePieceTokenizer::load(o.output);
    tok->add_special_token("<thought>");
    tok->save_special_tokens(folder);
    return tok->vocab_size();
}

// Measures the examples, fits max_length when the preset asks for it, and removes the
// over-long examples from `train` and `validation` into `skipped` ("over_long": "skip"), or
// throws InvalidArgument ("stop") before any model trains.
DatasetFit fit_to_data(const Preset& preset, const Tokenizer& tok, const PromptTemplate& prompts,
                       std::vector<Example>& train, std::vector<Example>& validation,
                       std::vector<Example>* skipped, bool report_only) {
    const int64_t k = preset.cg.k_train;
    std::vector<int64_t> train_lengths, validation_lengths, direct_lengths;
    for (const auto& e : train) {
        const ExampleLengths l = example_lengths(tok, prompts, e, k);
        train_lengths.push_back(l.longest());
        direct_lengths.push_back(l.generator);
    }
    for (const auto& e : validation)
        validation_lengths.push_back(example_length(tok, prompts, e, k));
    DatasetFit fit;
    fit.fitted = preset.fit.enabled;
    fit.vocab_size = run_vocab_size(preset.fit, preset.vocab_size, train);
    fit.percentile = preset.fit.percentile;
    fit.train = int64_t(train.size());
    fit.validation = int64_t(validation.size());
    fit.over_long = preset.fit.over_long;
    fit.max_length = fit.fitted
                         ? fit_max_length(train_lengths, fit.percentile, preset.fit.max_length_cap)
                         : preset_max_length(preset);
    fit.median_length = nearest_rank(train_lengths, 50);
    fit.percentile_length = nearest_rank(train_lengths, fit.percentile);
    fit.p90_length = nearest_rank(train_lengths, 90);
    fit.median_direct_length = nearest_rank(direct_lengths, 50);
    fit.longest = nearest_rank(train_lengths, 100);
    auto over = [&](const std::vector<int64_t>& lengths) {
        return int64_t(std::count_if(lengths.begin(), lengths.end(),
                                     [&](int64_t n) { return n > fit.max_length; }));
    };
    fit.skipped_train = over(train_lengths);
    fit.skipped_validation = over(validation_lengths);
    if (fit.skipped_train + fit.skipped_validation == 0 || report_only) return fit;
    if (preset.fit.over_long != "skip") {
        const int64_t longest =
            std::max(fit.longest,
                     validation_lengths.empty()
                         ? int64_t(0)
                         : *std::max_element(validation_lengths.begin(), validation_lengths.end()));
        throw InvalidArgument(
            std::to_string(fit.skipped_train) + " of " + std::to_string(fit.train) +
            " training and " + std::to_string(fit.skipped_validation) + " of " +
            std::to_string(fit.validation) + " validation examples are longer than max_length " +
            std::to_string(fit.max_length) + " tokens (the longest: " + std::to_string(longest) +
            "). Leave them out with \"over_long\": \"skip\" (semcot train --over-long skip), "
            "raise max_length, or fit the preset to the data (\"fit\", semcot train --fit)");
    }
    // Skipping is for the few examples a fit leaves out, not for a preset sized for another
    // task (the tiny preset on GSM8K would train on 17 of 720 questions).
    // A fit at percentile P leaves out up to (100 - P)% by construction (unless capped).
    const double allowed =
        std::max(kMaxSkippedShare, fit.fitted ? (100.0 - fit.percentile) / 100.0 : 0.0);
    if (double(fit.skipped_train) > allowed * double(fit.train))
        throw InvalidArgument(
            std::to_string(fit.skipped_train) + " of " + std::to_string(fit.train) +
            " training examples are longer than max_length " + std::to_string(fit.max_length) +
            " tokens: more than " + std::to_string(int(std::lround(allowed * 100))) +
            "% would be skipped. Fit the preset to the data (\"fit\", semcot train --fit, or "
            "the tiny-fit preset) or raise max_length");
    auto keep = [&](std::vector<Example>& data, const std::vector<int64_t>& lengths) {
        std::vector<Example> kept;
        for (size_t i = 0; i < data.size(); ++i)
            (lengths[i] > fit.max_length ? *skipped : kept).push_back(std::move(data[i]));
        data = std::move(kept);
    };
    keep(train, train_lengths);
    keep(validation, validation_lengths);
    return fit;
}

DatasetFit plan_dataset_fit(const Preset& params_preset, const std::string& task, uint64_t seed,
                            const LogCallback& log_cb) {
    Preset preset = params_preset;
    if (!preset.teacher_model.empty())
        throw InvalidArgument("a dataset fit is for presets trained from scratch; preset '" +
                              preset.name + "' loads its teacher");
    auto log = [&](const std::string& s) {
        if (log_cb) log_cb(s);
    };
    const std::string name =
        preset.prompts == "auto" ? auto_prompt_template(preset.teacher_model) : preset.prompts;
    const PromptTemplate prompts = find_prompt_template(name, models_dir() / "prompts");
    DatasetSplits splits = make_splits(preset, task.empty() ? preset.task : task, seed);
    log("data: " + std::to_string(splits.train.size()) + " train, " +
        std::to_string(splits.validation.size()) + " validation, " +
        std::to_string(splits.test.size()) + " test");
    std::string pattern = (fs::temp_directory_path() / "semcot-fit-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw IoError("cannot create a folder for the fit: " + pattern);
    const fs::path dir = pattern;
    struct Cleanup {
        fs::path dir;
        ~Cleanup() { remove_tree(dir); }
    } cleanup{dir};
    const int64_t vocab = run_vocab_size(preset.fit, preset.vocab_size, splits.train);
    const int size = train_run_tokenizer(splits.train, prompts, vocab, dir);
    log("tokenizer: " + std::to_string(size) + " tokens");
    auto tok = load_tokenizer(dir);
    std::vector<Example> skipped;
    const DatasetFit fit =
        fit_to_data(preset, *tok, prompts, splits.train, splits.validation, &skipped, true);
    return fit;
}

} // namespace semcot
