#include "semcot/run.h"

#include "common/error.h"
#include "common/platform.h"
#include "data/rng.h"
#include "data/splits.h"
#include "data/task_features.h"
#include "data/task_generators.h"
#include "semcot/base_run.h"

#include <ATen/ATen.h>

#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace semcot {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

template <typename T>
void get(const json& j, const std::string& source, const std::string& key, T& out) {
    if (!j.contains(key)) return;
    try {
        out = j.at(key).get<T>();
    } catch (const json::exception&) {
        throw FormatError(source + ": key '" + key + "' has the wrong type");
    }
}

// A model shape from the preset (hidden_size, layers, heads...), vocab filled in later.
ModelConfig model_shape(const json& j, const std::string& source) {
    json full = j;
    full["vocab_size"] = 2; // placeholder, replaced by the tokenizer's size
    return ModelConfig::from_json(full, source);
}

LmTrainParams lm_params(const json& j, const std::string& source, const std::string& label) {
    LmTrainParams p;
    p.label = label;
    get(j, source, "epochs", p.epochs);
    get(j, source, "batch_size", p.batch_size);
    get(j, source, "lr", p.lr);
    get(j, source, "weight_decay", p.weight_decay);
    get(j, source, "warmup_fraction", p.warmup_fraction);
    get(j, source, "max_length", p.max_length);
    return p;
}

json read_json(const fs::path& path) {
    try {
        return json::parse(read_file(path));
    } catch (const json::exception& e) {
        throw FormatError(path.string() + ": invalid JSON: " + e.what());
    }
}

void write_json(const fs::path& path, const json& j) {
    write_file_atomic(path, j.dump(2) + "\n");
}

bool stage_done(const json& info, const std::string& stage) {
    return info.contains("stages_done") && info["stages_done"].is_array() &&
           std::find(info["stages_done"].begin(), info["stages_done"].end(), stage) !=
               info["stages_done"].end();
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
    get(j, src, "task", p.task);
    get(j, src, "examples", p.examples);
    get(j, src, "min_people", p.min_people);
    get(j, src, "max_people", p.max_people);
    get(j, src, "test_fraction", p.test_fraction);
    get(j, src, "validation_fraction", p.validation_fraction);
    get(j, src, "prompts", p.prompts);
    get(j, src, "teacher_model", p.teacher_model);
    get(j, src, "student_model", p.student_model);
    get(j, src, "vocab_size", p.vocab_size);
    if (p.teacher_model.empty()) {
        if (!j.contains("teacher") || !j.contains("student"))
            throw FormatError(
                src + ": key 'teacher' and 'student' shapes are needed without teacher_model");
        p.teacher = with_context(src + ": teacher", [&] { return model_shape(j["teacher"], src); });
        p.student = with_context(src + ": student", [&] { return model_shape(j["student"], src); });
    }
    p.teacher_train = lm_params(j.value("teacher_train", json::object()), src, "teacher");
    p.student_train = lm_params(j.value("student_train", json::object()), src, "student");
    if (j.contains("sentence_transformer"))
        p.st = SentenceTransformerConfig::from_json(j["sentence_transformer"], src);
    if (j.contains("contemplation")) {
        const json& c = j["contemplation"];
        get(c, src, "k_train", p.cg.k_train);
        get(c, src, "k_infer", p.cg.k_infer);
        get(c, src, "slice", p.cg.slice);
    }
    if (j.contains("semcot")) p.semcot = SemcotTrainParams::from_json(j["semcot"], src);
    p.fit = FitSettings::from_preset(j, src);
    return p;
}

namespace {

// Records in run.json that the run failed and why (status "failed", "error"), so that run lists
// show it as failed instead of resumable. Best effort: the original error is what matters.
void mark_failed(const fs::path& out, const std::string& error) {
    try {
        if (!fs::exists(out / "run.json")) return;
        json info = read_json(out / "run.json");
        if (!info.is_object()) return;
        info["status"] = "failed";
        info["error"] = error;
        write_json(out / "run.json", info);
    } catch (const std::exception&) {
    }
}

// A split file of a run: like load_examples, but an empty split (validation_fraction 0, a
// test split of 0) is an empty array, not an error.
std::vector<Example> load_split(const fs::path& path) {
    const std::string text = read_file(path);
    if (text.find_first_not_of(" \t\r\n[]") == std::string::npos) return {};
    return parse_examples(text, path.string());
}

// A file or folder task keeps at most `examples` training examples when the preset sets it: a
// seeded sample.
std::vector<Example> capped(std::vector<Example> pool, const Preset& preset, uint64_t seed) {
    if (!preset.json.contains("examples") || int64_t(pool.size()) <= preset.examples) return pool;
    Rng rng(seed + 7);
    rng.shuffle(pool);
    pool.resize(size_t(preset.examples));
    return pool;
}

// The splits of a task: generated, one dataset file, or a dataset folder (its eval file is the
// test split); with each example's task features.
DatasetSplits make_splits(const Preset& preset, const std::string& task, uint64_t seed) {
    DatasetSplits splits;
    SplitOptions so;
    so.seed = seed + 42;
    so.test_fraction = preset.test_fraction;
    so.validation_fraction = preset.validation_fraction;
    if (task == "coinflip") {
        CoinFlipOptions o;
        o.count = size_t(preset.examples);
        o.seed = seed + 1;
        o.min_people = preset.min_people;
        o.max_people = preset.max_people;
        splits = split_examples(generate_coinflip(o), so);
    } else if (task == "arithmetic") {
        splits = split_examples(generate_task("arithmetic", size_t(preset.examples), seed + 1), so);
    } else if (fs::is_directory(task)) {
        const DatasetFiles files = find_dataset_files(task);
        auto pool = capped(load_examples(files.train), preset, seed);
        splits = files.eval.empty() ? split_examples(pool, so)
                                    : split_with_eval(pool, load_examples(files.eval), so);
    } else {
        splits = split_examples(capped(load_examples(task), preset, seed), so);
    }
    for (auto* split : {&splits.train, &splits.validation, &splits.test})
        add_task_features(*split);
    return splits;
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

// The binding max_length of a from-scratch run: the smallest of its three stages'.
int64_t preset_max_length(const Preset& p) {
    return std::min({p.teacher_train.max_length, p.student_train.max_length, p.semcot.max_length});
}

// Measures the examples, fits max_length when the preset asks for it, and removes the
// over-long examples from `train` and `validation` into `skipped` ("over_long": "skip"), or
// throws InvalidArgument ("stop") before any model trains.
DatasetFit fit_to_data(const Preset& preset, const Tokenizer& tok, const PromptTemplate& prompts,
                       std::vector<Example>& train, std::vector<Example>& validation,
                       std::vector<Example>* skipped, bool report_only = false) {
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
    fit.vocab_size = preset.fit.enabled && preset.fit.vocab ? fit_vocab_size(train)
                                                            : preset.vocab_size;
    fit.percentile = preset.fit.percentile;
    fit.train = int64_t(train.size());
    fit.validation = int64_t(validation.size());
    fit.over_long = preset.fit.over_long;
    // fit_max_length rounds up to a multiple of 8; the reported lengths are exact.
    auto at_percentile = [](std::vector<int64_t> v, double p) {
        std::sort(v.begin(), v.end());
        const auto rank = size_t(std::ceil(p / 100.0 * double(v.size())));
        return v[std::clamp<size_t>(rank, 1, v.size()) - 1];
    };
    fit.max_length = fit.fitted ? fit_max_length(train_lengths, fit.percentile,
                                                 preset.fit.max_length_cap)
                                : preset_max_length(preset);
    fit.median_length = at_percentile(train_lengths, 50);
    fit.percentile_length = at_percentile(train_lengths, fit.percentile);
    fit.p90_length = at_percentile(train_lengths, 90);
    fit.median_direct_length = at_percentile(direct_lengths, 50);
    fit.longest = at_percentile(train_lengths, 100);
    auto over = [&](const std::vector<int64_t>& lengths) {
        return int64_t(std::count_if(lengths.begin(), lengths.end(),
                                     [&](int64_t n) { return n > fit.max_length; }));
    };
    fit.skipped_train = over(train_lengths);
    fit.skipped_validation = over(validation_lengths);
    if (fit.skipped_train + fit.skipped_validation == 0 || report_only) return fit;
    if (preset.fit.over_long != "skip") {
        const int64_t longest =
            std::max(fit.longest, validation_lengths.empty()
                                      ? int64_t(0)
                                      : *std::max_element(validation_lengths.begin(),
                                                          validation_lengths.end()));
        throw InvalidArgument(
            std::to_string(fit.skipped_train) + " of " + std::to_string(fit.train) +
            " training and " + std::to_string(fit.skipped_validation) + " of " +
            std::to_string(fit.validation) + " validation examples are longer than max_length " +
            std::to_string(fit.max_length) + " tokens (the longest: " + std::to_string(longest) +
            "). Leave them out with \"over_long\": \"skip\" (semcot train --over-long skip), "
            "raise max_length, or fit the preset to the data (\"fit\", semcot train --fit)");
    }
    if (fit.skipped_train == fit.train)
        throw InvalidArgument("every training example is longer than max_length " +
                              std::to_string(fit.max_length) + " tokens");
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

void train_stages(const TrainRunParams& params, const ProgressCallback& progress,
                  const LogCallback& log_cb, json& info);

} // namespace

void train_run(const TrainRunParams& params, const ProgressCallback& progress,
               const LogCallback& log_cb) {
    const fs::path out = params.out;
    const bool resuming = params.resume && fs::exists(out / "run.json");
    // Checked before anything is written: a wrong base run or output folder leaves no trace.
    if (!resuming) {
        if (fs::exists(out / "run.json"))
            throw InvalidArgument(out.string() +
                                  " already holds a run (use --resume to continue it)");
        if (!params.base.empty()) {
            const BaseRunCheck check = check_base_run(params.base, params.init_cg_from_base);
            if (!check.ok())
                throw InvalidArgument(params.base.string() +
                                      " cannot be a base run: " + check.message());
        }
    }
    if (params.init_cg_from_base && params.base.empty())
        throw InvalidArgument("init_cg_from_base needs a base run");
    json info;
    try {
        train_stages(params, progress, log_cb, info);
    } catch (const Cancelled&) {
        throw; // a safe point: resumable
    } catch (const std::exception& e) {
        // From here on the folder is this run's (created, or resumed by request).
        mark_failed(out, e.what());
        throw;
    }
}

namespace {

void train_stages(const TrainRunParams& params, const ProgressCallback& progress,
                  const LogCallback& log_cb, json& info) {
    auto log = [&](const std::string& s) {
        if (log_cb) log_cb(s);
    };
    Preset preset = params.preset; // fitted to the data below when it asks for it
    const fs::path out = params.out;
    std::error_code ec;
    fs::create_directories(out / "data", ec);
    if (ec) throw IoError("cannot create " + out.string() + ": " + ec.message());

    if (params.resume && fs::exists(out / "run.json")) {
        info = read_json(out / "run.json");
        // Stages still to run use the preset given now; run.json records it.
        info["preset"] = preset.json;
        info["preset_name"] = preset.name;
        // A failed run can be retried from the command line (a full disk, a device error);
        // the app lists it as failed and does not offer Resume.
        info["status"] = "training";
        info.erase("error");
        log("resuming " + out.string());
    } else {
        info = {{"schema", "semcot.run/1"},
                {"preset", preset.json},
                {"preset_name", preset.name},
                {"task", params.task.empty() ? preset.task : params.task},
                {"seed", params.seed},
                {"status", "training"},
                {"stages_done", json::array()}};
        // run.json first: a copy that fails midway leaves a run marked failed, not a stray folder.
        write_json(out / "run.json", info);
        if (!params.base.empty())
            copy_base_run(params.base, out, params.init_cg_from_base, info, log);
        write_json(out / "run.json", info);
    }
    auto mark_done = [&](const std::string& stage, const json& summary) {
        info["stages_done"].push_back(stage);
        info["summary"][stage] = summary;
        write_json(out / "run.json", info);
    };
    const PromptTemplate prompts = find_prompt_template(preset.prompts, models_dir() / "prompts");

    // 1. Data splits, with each example's task features.
    const std::string task = info["task"].get<std::string>();
    if (!stage_done(info, "data")) {
        const DatasetSplits splits = make_splits(preset, task, params.seed);
        save_examples(out / "data/train.json", splits.train);
        save_examples(out / "data/validation.json", splits.validation);
        save_examples(out / "data/test.json", splits.test);
        mark_done("data", {{"train", splits.train.size()},
                           {"validation", splits.validation.size()},
                           {"test", splits.test.size()}});
        log("data: " + std::to_string(splits.train.size()) + " train, " +
            std::to_string(splits.validation.size()) + " validation, " +
            std::to_string(splits.test.size()) + " test");
    }
    auto train = load_split(out / "data/train.json");
    auto validation = load_split(out / "data/validation.json");
    // The sentence transformer trains on (reasoning, condensed reasoning) pairs: a dataset
    // without them stops here, not after the teacher and student have trained.
    if (!preset.semcot.no_st && !stage_done(info, "st")) {
        const auto missing = std::count_if(train.begin(), train.end(), [](const Example& e) {
            return e.reasoning.empty() || e.condensed_reasoning.empty();
        });
        if (missing > 0)
            throw InvalidArgument(
                std::to_string(missing) + " of " + std::to_string(train.size()) +
                " training examples have no reasoning or no condensed_reasoning: the sentence "
                "transformer trains on (reasoning, condensed_reasoning) pairs. Add them, or "
                "train without it (\"no_st\", semcot train --no-st)");
    }
    auto lm_pairs = [&](const std::vector<Example>& data) {
        std::vector<TextPair> pairs;
        for (const auto& e : data)
            for (auto fmt : {PromptFormat::direct, PromptFormat::cot}) {
                auto tp = make_training_pair(prompts, e, fmt);
                pairs.push_back({tp.prompt, tp.target});
            }
        return pairs;
    };

    const bool from_scratch = preset.teacher_model.empty();
    const torch::TensorOptions fp32 =
        torch::TensorOptions().dtype(torch::kFloat32).device(params.device);

    // 2. Tokenizer (tiny preset: one trained on the task text, shared by teacher and student).
    if (from_scratch && !stage_done(info, "tokenizer")) {
        const int64_t vocab = preset.fit.enabled && preset.fit.vocab ? fit_vocab_size(train)
                                                                     : preset.vocab_size;
        const int size = train_run_tokenizer(train, prompts, vocab, out / "tokenizer");
        mark_done("tokenizer", {{"vocab_size", size}});
        log("tokenizer: " + std::to_string(size) + " tokens");
    }

    // 2b. Lengths: max_length fitted to the data (preset "fit"), over-long examples stopped or
    // skipped. Runs trained before this stage existed, and base runs without it, skip it.
    if (from_scratch && !stage_done(info, "fit") && !stage_done(info, "teacher")) {
        auto tok = SentencePieceTokenizer::load(out / "tokenizer/tokenizer.model");
        std::vector<Example> skipped;
        const DatasetFit fit = fit_to_data(preset, *tok, prompts, train, validation, &skipped);
        log(fit.describe());
        if (!skipped.empty()) {
            save_examples(out / "data/skipped.json", skipped);
            save_examples(out / "data/train.json", train);
            save_examples(out / "data/validation.json", validation);
        }
        mark_done("fit", fit.to_json());
    }
    if (stage_done(info, "fit") && info["summary"].contains("fit")) {
        apply_fit(preset, DatasetFit::from_json(info["summary"]["fit"]));
        info["preset"] = preset.json; // run.json records the preset as trained
        write_json(out / "run.json", info);
    }

    // 3. Teacher: trained on both formats (tiny) or loaded.
    if (!stage_done(info, "teacher")) {
        if (from_scratch) {
            auto tok = SentencePieceTokenizer::load(out / "tokenizer/tokenizer.model");
            ModelConfig c = preset.teacher;
            c.vocab_size = tok->vocab_size();
            c.bos_token_id = tok->bos_id();
            c.eos_token_ids = {tok->eos_id()};
            LlamaModel teacher(c, fp32);
            teacher->init_weights(params.seed + 100);
            auto p = preset.teacher_train;
            p.seed = params.seed;
            p.checkpoint_dir = out / "checkpoints/teacher";
            p.resume = params.resume;
            auto r = train_lm(*teacher, *tok, lm_pairs(train), lm_pairs(validation), p, progress);
            save_model_folder(out / "teacher", *teacher, tok.get());
            mark_done("teacher", {{"best_val_loss", r.best_val_loss},
                                  {"steps", r.steps},
                                  {"best_epoch", r.best_epoch}});
        } else {
            LoadOptions lo;
            lo.device = params.device;
            auto t = load_model_folder(preset.teacher_model, lo);
            save_model_folder(out / "teacher", *t.model, t.tokenizer.get());
            mark_done("teacher", {{"source", preset.teacher_model}});
        }
        log("teacher ready");
    }
    LoadOptions lo;
    lo.device = params.device;
    auto teacher = load_model_folder(out / "teacher", lo);
    for (auto& w : teacher.model->parameters()) w.set_requires_grad(false);

    // 4. Student with <thought>: trained like the teacher (tiny) or loaded and grown by one row.
    if (!stage_done(info, "student")) {
        std::unique_ptr<SentencePieceTokenizer> stok;
        LlamaModel student{nullptr};
        json summary;
        if (from_scratch) {
            stok = SentencePieceTokenizer::load(out / "tokenizer/tokenizer.model");
            ModelConfig c = preset.student;
            c.vocab_size = stok->vocab_size();
            c.bos_token_id = stok->bos_id();
            c.eos_token_ids = {stok->eos_id()};
            student = LlamaModel(c, fp32);
            student->init_weights(params.seed + 200);
            auto p = preset.student_train;
            p.seed = params.seed + 1;
            p.checkpoint_dir = out / "checkpoints/student";
            p.resume = params.resume;
            auto r = train_lm(*student, *stok, lm_pairs(train), lm_pairs(validation), p, progress);
            summary = {{"best_val_loss", r.best_val_loss}, {"steps", r.steps}};
        } else {
            auto s = load_model_folder(preset.student_model, lo);
            stok = std::move(s.tokenizer);
            const int before = stok->vocab_size();
            stok->add_special_token("<thought>");
            student =
                stok->vocab_size() > s.model->config().vocab_size
                    ? add_token_rows(*s.model, stok->vocab_size() - s.model->config().vocab_size)
                    : s.model;
            summary = {{"source", preset.student_model},
                       {"added_tokens", stok->vocab_size() - before}};
        }
        stok->save(out / "student_tokenizer");
        // Kept in the run: the contemplation generator can be retrained from it (ablations).
        save_model_folder(out / "student", *student);
        mark_done("student", summary);
        log("student ready");
    }
    auto student_tok = SentencePieceTokenizer::load(out / "student_tokenizer/tokenizer.model");

    // 5. Sentence transformer.
    SentenceTransformer st{nullptr};
    if (!preset.semcot.no_st) {
        if (!stage_done(info, "st")) {
            st = SentenceTransformer(*teacher.model, preset.st, params.seed + 300);
            auto sp = preset.semcot;
            sp.checkpoint_dir = out / "checkpoints/st";
            sp.resume = params.resume;
            auto r = train_sentence_transformer(*st, *teacher.model, *teacher.tokenizer, train,
                                                validation, sp, progress);
            st->save(out / "st");
            mark_done("st", {{"best_val_loss", r.best_val_loss}, {"steps", r.steps}});
            log("sentence transformer trained");
        }
        st = SentenceTransformerImpl::load(out / "st", teacher.config, fp32);
    }

    // 6. Contemplation generator.
    if (!stage_done(info, "cg")) {
        // The generator's student and tokenizer: the trained student, or (ablation) a copy of
        // the teacher with <thought> added.
        LlamaModel student{nullptr};
        const SentencePieceTokenizer* gen_tok = student_tok.get();
        std::unique_ptr<SentencePieceTokenizer> teacher_tok_copy;
        std::shared_ptr<ContemplationGeneratorImpl> from;
        if (params.init_cg_from_base) {
            // Continued training: base's generator (student and projection) is the start.
            from = ContemplationGeneratorImpl::load(params.base / "cg", params.device);
            student = from->student();
            if (fs::exists(params.base / kGeneratorTokenizer / "tokenizer.model")) {
                teacher_tok_copy = SentencePieceTokenizer::load(params.base / kGeneratorTokenizer /
                                                                "tokenizer.model");
                teacher_tok_copy->save(out / kGeneratorTokenizer);
                gen_tok = teacher_tok_copy.get();
            }
            log("contemplation generator initialised from " + (params.base / "cg").string());
        } else if (preset.semcot.teacher_as_generator) {
            auto t = load_model_folder(out / "teacher", lo);
            teacher_tok_copy = std::move(t.tokenizer);
            teacher_tok_copy->add_special_token("<thought>");
            const int64_t extra = teacher_tok_copy->vocab_size() - t.model->config().vocab_size;
            student = extra > 0 ? add_token_rows(*t.model, extra) : t.model;
            teacher_tok_copy->save(out / kGeneratorTokenizer);
            gen_tok = teacher_tok_copy.get();
            log("ablation: the contemplation generator is a copy of the teacher");
        } else {
            LoadOptions so = lo;
            so.load_tokenizer = false;
            student = load_model_folder(out / "student", so).model;
        }
        ContemplationConfig cc = preset.cg;
        cc.thought_id = gen_tok->piece_to_id("<thought>");
        cc.teacher_hidden = teacher.config.hidden_size;
        torch::manual_seed(params.seed + 400);
        ContemplationGenerator cg(student, cc);
        if (from) {
            torch::NoGradGuard ng;
            cg->projection()->weight.copy_(from->projection()->weight);
            cg->projection()->bias.copy_(from->projection()->bias);
        }
        auto sp = preset.semcot;
        sp.checkpoint_dir = out / "checkpoints/cg";
        sp.resume = params.resume;
        sp.diagnostics_file = out / "cg_diagnostics.jsonl"; // one JSON line per epoch
        auto r = train_contemplation_generator(*cg, *gen_tok, *teacher.model, *teacher.tokenizer,
                                               st ? st.get() : nullptr, prompts, train, validation,
                                               sp, progress);
        cg->save(out / "cg");
        mark_done("cg", {{"best_val_loss", r.best_val_loss}, {"steps", r.steps}});
        log("contemplation generator trained");
    }
    info["status"] = "done";
    write_json(out / "run.json", info);
    remove_tree(out / "checkpoints");
}

} // namespace

Preset fitted_preset(const Preset& preset, const DatasetFit& fit) {
    Preset p = preset;
    apply_fit(p, fit);
    return p;
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
    const PromptTemplate prompts = find_prompt_template(preset.prompts, models_dir() / "prompts");
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
    const int64_t vocab = preset.fit.enabled && preset.fit.vocab ? fit_vocab_size(splits.train)
                                                                 : preset.vocab_size;
    const int size = train_run_tokenizer(splits.train, prompts, vocab, dir);
    log("tokenizer: " + std::to_string(size) + " tokens");
    auto tok = SentencePieceTokenizer::load(dir / "tokenizer.model");
    std::vector<Example> skipped;
    const DatasetFit fit =
        fit_to_data(preset, *tok, prompts, splits.train, splits.validation, &skipped, true);
    return fit;
}

std::vector<Example> LoadedRun::split(const std::string& name) const {
    if (name != "train" && name != "validation" && name != "test")
        throw InvalidArgument("unknown split '" + name + "' (expected train, validation or test)");
    return load_split(folder / "data" / (name + ".json"));
}

InferenceContext LoadedRun::inference_context() {
    InferenceContext ctx;
    ctx.teacher = teacher.model.get();
    ctx.teacher_tokenizer = teacher.tokenizer.get();
    ctx.generator = generator.get();
    ctx.student_tokenizer = student_tokenizer.get();
    ctx.prompts = prompts;
    ctx.scorer = scorer;
    // Room for the longest chain of thought the teacher was trained on: its training max_length
    // (a fitted run's is the data's), at least 160.
    int64_t trained_length = 0;
    if (info.contains("preset") && info["preset"].contains("teacher_train"))
        trained_length = info["preset"]["teacher_train"].value("max_length", int64_t(0));
    ctx.generation.max_new_tokens = std::max<int64_t>(160, trained_length);
    return ctx;
}

LoadedRun load_run(const fs::path& folder, const torch::Device& device, torch::ScalarType dtype) {
    if (!fs::exists(folder / "run.json"))
        throw IoError(folder.string() + " is not a SemCoT run (no run.json)");
    LoadedRun r;
    r.folder = folder;
    r.info = read_json(folder / "run.json");
    if (r.info.value("status", "") != "done")
        throw InvalidArgument(
            folder.string() +
            ": the run has not finished training (resume it with semcot train --resume)");
    LoadOptions lo;
    lo.device = device;
    lo.dtype = dtype;
    r.teacher = with_context("loading " + (folder / "teacher").string(),
                             [&] { return load_model_folder(folder / "teacher", lo); });
    // The generator reads its own tokenizer: the student's, or the teacher's with <thought>
    // when the teacher itself was the generator (ablation).
    const fs::path gen_tok = fs::exists(folder / kGeneratorTokenizer / "tokenizer.model")
                                 ? folder / kGeneratorTokenizer
                                 : folder / "student_tokenizer";
    r.student_tokenizer = SentencePieceTokenizer::load(gen_tok / "tokenizer.model");
    r.generator = ContemplationGenerator(ContemplationGeneratorImpl::load(folder / "cg", device));
    if (fs::exists(folder / "st"))
        r.st = SentenceTransformerImpl::load(folder / "st", r.teacher.config,
                                             torch::TensorOptions().dtype(dtype).device(device));
    const std::string prompts = r.info["preset"].value("prompts", "llama2_small");
    r.prompts = find_prompt_template(prompts, models_dir() / "prompts");
    r.scorer.kind = with_context((folder / "data/test.json").string(), [&] {
        try {
            return infer_answer_kind(r.split("test"));
        } catch (const InvalidArgument& e) { // bad data, not bad usage
            throw FormatError(e.what());
        }
    });
    use_prompt_template(r.scorer, r.prompts);
    return r;
}

} // namespace semcot
