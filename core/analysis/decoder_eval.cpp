#include "analysis/decoder_eval.h"

#include "common/error.h"
#include "common/json_keys.h"
#include "common/platform.h"
#include "common/provenance.h"
#include "common/run_lock.h"
#include "engine/checkpoint.h"
#include "semcot/run.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

namespace semcot {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

fs::path condition_folder(const fs::path& out, DecoderCondition c) {
    return c == DecoderCondition::tokens ? out : out / "controls" / condition_name(c);
}

torch::Tensor examples_latents(const InferenceContext& ctx, Method method,
                               const std::vector<Example>& examples) {
    std::vector<torch::Tensor> rows;
    rows.reserve(examples.size());
    for (const auto& e : examples) {
        auto z = method_latents(ctx, method, e.query).to(torch::kCPU, torch::kFloat32);
        if (!rows.empty() && z.sizes() != rows.front().sizes())
            throw InvalidArgument(method_name(method) + " placed latents of shape " +
                                  c10::str(z.sizes()) + " for one question and " +
                                  c10::str(rows.front().sizes()) +
                                  " for another: the decoder needs one count");
        rows.push_back(z);
    }
    if (rows.empty()) throw InvalidArgument("no questions to compute latents for");
    if (rows.front().size(0) == 0)
        throw InvalidArgument(method_name(method) + " placed no latents: nothing to decode");
    return at::stack(rows);
}

const DecoderConditionResult* DecoderEvaluation::find(const std::string& condition) const {
    for (const auto& c : conditions)
        if (c.condition == condition) return &c;
    return nullptr;
}

json DecoderEvaluation::to_json() const {
    json conds = json::array();
    for (const auto& c : conditions) {
        json ex = json::array();
        for (const auto& e : c.examples) ex.push_back(semcot::to_json(e));
        conds.push_back({{"condition", c.condition},
                         {"folder", c.folder},
                         {"training", c.training},
                         {"scores", semcot::to_json(c.scores)},
                         {"examples", ex}});
    }
    return {{"schema", schema},         {"run", run},
            {"method", method},         {"lm", lm},
            {"split", split},           {"latent_count", latent_count},
            {"latent_dim", latent_dim}, {"seed", seed},
            {"conditions", conds},      {"provenance", provenance}};
}

DecoderEvaluation DecoderEvaluation::from_json(const json& j, const std::string& source) {
    if (!j.is_object()) throw FormatError(source + ": not a JSON object");
    DecoderEvaluation d;
    read_key(j, source, "schema", d.schema, true);
    if (d.schema != kDecoderEvalSchema)
        throw FormatError(source + ": schema '" + d.schema + "' is not " + kDecoderEvalSchema);
    read_key(j, source, "run", d.run, true);
    read_key(j, source, "method", d.method, true);
    read_key(j, source, "lm", d.lm, true);
    read_key(j, source, "split", d.split, true);
    read_key(j, source, "latent_count", d.latent_count, true);
    read_key(j, source, "latent_dim", d.latent_dim, true);
    read_key(j, source, "seed", d.seed);
    if (!j.contains("conditions") || !j["conditions"].is_array())
        throw FormatError(source + ": key 'conditions' must be an array");
    for (const auto& cj : j["conditions"]) {
        DecoderConditionResult c;
        const std::string s = source + ": conditions";
        read_key(cj, s, "condition", c.condition, true);
        read_key(cj, s, "folder", c.folder, true);
        c.training = cj.value("training", json());
        if (!cj.contains("scores")) throw FormatError(s + ": missing key 'scores'");
        c.scores = decoder_scores_from_json(cj["scores"], s + "." + c.condition + ".scores");
        for (const auto& e : cj.value("examples", json::array()))
            c.examples.push_back(decoded_example_from_json(e, s + "." + c.condition + ".examples"));
        d.conditions.push_back(std::move(c));
    }
    d.provenance = j.value("provenance", json::object());
    return d;
}

std::string DecoderEvaluation::to_text() const {
    std::ostringstream o;
    o << "decoder of " << method << " latents (" << latent_count << " x " << latent_dim << "), LM "
      << lm << ", " << split << " split\n";
    char line[256];
    std::snprintf(line, sizeof line, "%-10s %5s %9s %11s %7s %11s %10s %11s\n", "condition", "n",
                  "ROUGE-L", "step exact", "exact", "coin state", "agreement", "concl. ok");
    o << line;
    for (const auto& c : conditions) {
        const auto& s = c.scores;
        std::snprintf(line, sizeof line, "%-10s %5lld %9.3f %11.3f %7.3f %11s %10.3f %11.3f\n",
                      c.condition.c_str(), (long long)s.n, s.rouge_l, s.step_exact, s.exact,
                      s.coin_n > 0 ? std::to_string(s.coin_state).substr(0, 5).c_str() : "-",
                      s.agreement, s.conclusion_correct);
        o << line;
    }
    return o.str();
}

DecoderEvaluation read_decoder_scores(const fs::path& folder) {
    const fs::path path = folder / kDecoderScoresFile;
    if (!fs::exists(path))
        throw InvalidArgument(folder.string() + " has no " + kDecoderScoresFile +
                              " (semcot train-decoder writes it)");
    try {
        return DecoderEvaluation::from_json(json::parse(read_file(path)), path.string());
    } catch (const json::exception& e) {
        throw FormatError(path.string() + ": invalid JSON: " + e.what());
    }
}

namespace {

// The decoder's LM for a run: a fresh copy of the student or of the teacher, float32.
struct DecoderLm {
    LlamaModel model{nullptr};
    std::unique_ptr<Tokenizer> tokenizer;
    std::string teacher_folder;
};

DecoderLm load_decoder_lm(const LoadedRun& run, const std::string& kind, const torch::Device& dev) {
    LoadOptions lo;
    lo.device = dev;
    DecoderLm out;
    if (kind == "teacher") {
        const fs::path folder = fs::absolute(run.folder / "teacher").lexically_normal();
        auto m = load_model_folder(folder, lo);
        out.model = m.model;
        out.tokenizer = std::move(m.tokenizer);
        out.teacher_folder = folder.string();
        return out;
    }
    if (kind != "student")
        throw InvalidArgument("--decoder-lm must be student or teacher, not '" + kind + "'");
    const fs::path folder = run.folder / "student";
    if (!fs::exists(folder / "config.json"))
        throw InvalidArgument(run.folder.string() +
                              " has no student/ folder to copy; use --decoder-lm teacher");
    lo.load_tokenizer = false;
    out.model = load_model_folder(folder, lo).model;
    out.tokenizer = load_tokenizer(run.folder / "student_tokenizer");
    return out;
}

std::vector<std::string> reasonings(const std::vector<Example>& examples) {
    std::vector<std::string> out;
    for (const auto& e : examples) out.push_back(e.reasoning);
    return out;
}

std::vector<Example> first(std::vector<Example> v, int64_t limit) {
    if (limit > 0 && int64_t(v.size()) > limit) v.resize(size_t(limit));
    return v;
}

// The longest reasoning in tokens + 16, the decoding budget when none is given.
int64_t decode_budget(const Tokenizer& tok, const std::vector<Example>& train) {
    size_t longest = 0;
    for (const auto& e : train) longest = std::max(longest, tok.encode(e.reasoning).size());
    return int64_t(longest) + 16;
}

// Examples with a reasoning to learn (the others cannot be scored either).
std::vector<Example> with_reasoning(const std::vector<Example>& v, int64_t limit) {
    std::vector<Example> out;
    for (const auto& e : v)
        if (e.reasoning.find_first_not_of(" \t\r\n") != std::string::npos) out.push_back(e);
    return first(std::move(out), limit);
}

// Trains one condition's decoder into its folder; returns its "training" summary.
json train_condition(const LoadedRun& run, const DecoderJobParams& p, DecoderCondition c,
                     const torch::Tensor& train_lat, const std::vector<std::string>& train_text,
                     const torch::Tensor& val_lat, const std::vector<std::string>& val_text,
                     const ProgressCallback& progress) {
    auto lm = load_decoder_lm(run, p.train.config.lm, run.teacher.model->device());
    DecoderTrainParams tp = p.train;
    tp.config.condition = condition_name(c);
    tp.config.method = method_name(p.method);
    tp.config.teacher_folder = lm.teacher_folder;
    const fs::path folder = condition_folder(p.out, c);
    if (tp.checkpoint_dir.empty()) tp.checkpoint_dir = folder / "checkpoints";
    const int64_t context = lm.model->config().max_position_embeddings;
    if (tp.config.max_length <= 0 || tp.config.max_length > context) tp.config.max_length = context;
    const uint64_t seed = tp.config.seed;
    const auto t0 = Clock::now();
    auto val = val_text.empty() ? torch::Tensor() : condition_latents(val_lat, c, seed + 1);
    auto r = train_decoder(lm.model, *lm.tokenizer, condition_latents(train_lat, c, seed),
                           train_text, val, val_text, tp, progress);
    auto nan_null = [](double v) { return std::isnan(v) ? json() : json(v); };
    const json training = {{"steps", r.train.steps},
                           {"best_epoch", r.train.best_epoch},
                           {"epochs", tp.epochs},
                           {"first_loss", nan_null(r.first_loss)},
                           {"final_train_loss", nan_null(r.train.final_train_loss)},
                           {"best_val_loss", nan_null(r.train.best_val_loss)},
                           {"train_questions", int64_t(train_text.size())},
                           {"seconds", std::chrono::duration<double>(Clock::now() - t0).count()}};
    r.decoder->save(folder, *lm.tokenizer, training);
    remove_tree(tp.checkpoint_dir);
    return training;
}

// Decodes the test questions with one condition's saved decoder and scores them.
DecoderConditionResult score_condition(const DecoderJobParams& p, DecoderCondition c,
                                       const torch::Tensor& test_lat,
                                       const std::vector<Example>& test,
                                       const std::vector<std::string>& answers,
                                       const std::vector<Example>& train, const Scorer& scorer,
                                       const torch::Device& device, std::string& lm) {
    const fs::path folder = condition_folder(p.out, c);
    auto d = load_decoder(folder, device);
    const auto& cfg = d.decoder->config();
    auto lat = condition_latents(test_lat, c, cfg.seed + 2);
    lm = cfg.lm;
    if (cfg.latent_count != lat.size(1) || cfg.latent_dim != lat.size(2))
        throw InvalidArgument(folder.string() + ": the decoder reads " +
                              std::to_string(cfg.latent_count) + " x " +
                              std::to_string(cfg.latent_dim) + " latents, the method places " +
                              std::to_string(lat.size(1)) + " x " + std::to_string(lat.size(2)));
    const int64_t budget =
        p.max_new_tokens > 0 ? p.max_new_tokens : decode_budget(*d.tokenizer, train);
    const auto texts = decode_reasoning(*d.decoder, *d.tokenizer, lat, budget);
    DecoderConditionResult r;
    r.condition = condition_name(c);
    r.folder = folder.string();
    r.training = d.summary;
    for (size_t i = 0; i < test.size(); ++i)
        r.examples.push_back(score_decoded(int64_t(i), test[i].query, test[i].reasoning,
                                           test[i].answer, texts[i], answers[i], scorer));
    r.scores = summarize(r.examples);
    return r;
}

// The conditions to score: all asked for when training; when only scoring, the tokens decoder
// (which must exist) and the controls that were trained.
std::vector<DecoderCondition> scored_conditions(const DecoderJobParams& p) {
    if (p.out.empty()) throw InvalidArgument("the decoder needs an output folder");
    if (!p.train_decoders && !has_decoder(p.out))
        throw InvalidArgument(p.out.string() + " holds no implicit-token decoder (semcot "
                                               "train-decoder --run RUN writes one)");
    std::vector<DecoderCondition> out;
    for (auto c : p.conditions)
        if (p.train_decoders || c == DecoderCondition::tokens ||
            has_decoder(condition_folder(p.out, c)))
            out.push_back(c);
    if (out.empty()) throw InvalidArgument("no decoder condition to train or score");
    return out;
}

// Trains the conditions without a saved decoder (all of them without --resume).
void train_conditions(LoadedRun& run, const InferenceContext& ctx, const DecoderJobParams& p,
                      const std::vector<DecoderCondition>& conditions,
                      const std::vector<Example>& train, const std::vector<Example>& val,
                      const ProgressCallback& progress, const DecoderLog& say) {
    std::vector<DecoderCondition> todo;
    for (auto c : conditions)
        if (p.train_decoders && !(p.train.resume && has_decoder(condition_folder(p.out, c))))
            todo.push_back(c);
    if (todo.empty()) return;
    say("latents of " + method_name(p.method) + " for " + std::to_string(train.size()) +
        " train and " + std::to_string(val.size()) + " validation questions");
    const auto train_lat = examples_latents(ctx, p.method, train);
    const auto val_lat = val.empty() ? torch::Tensor() : examples_latents(ctx, p.method, val);
    for (auto c : todo) {
        say("training the " + condition_name(c) + " decoder into " +
            condition_folder(p.out, c).string());
        train_condition(run, p, c, train_lat, reasonings(train), val_lat, reasonings(val),
                        progress);
    }
}

} // namespace

DecoderEvaluation run_decoder_job(LoadedRun& run, const InferenceContext& ctx,
                                  const DecoderJobParams& p, const ProgressCallback& progress,
                                  const DecoderLog& log) {
    const DecoderLog say = [&](const std::string& s) {
        if (log) log(s);
    };
    const auto conditions = scored_conditions(p);
    const auto train = with_reasoning(run.split("train"), p.limit_train);
    const auto val = with_reasoning(
        run.split("validation"), p.limit_train > 0 ? std::max<int64_t>(2, p.limit_train / 8) : 0);
    const auto test = with_reasoning(run.split(p.split), p.limit_test);
    if (train.empty() || test.empty())
        throw InvalidArgument(run.folder.string() + ": no training or " + p.split +
                              " questions with a reasoning to decode");
    // One training per folder (common/run_lock.h): two jobs training decoders into the same
    // folder would overwrite each other's checkpoints and weights.
    RunLock lock;
    if (p.train_decoders) lock = RunLock(p.out, "decoder training");
    train_conditions(run, ctx, p, conditions, train, val, progress, say);
    say("latents and answers of " + method_name(p.method) + " for " + std::to_string(test.size()) +
        " " + p.split + " questions");
    const auto test_lat = examples_latents(ctx, p.method, test);
    std::vector<std::string> answers;
    for (const auto& e : test)
        answers.push_back(run_method(ctx, p.method, e.query, e.answer).extracted);
    DecoderEvaluation ev;
    ev.run = run.folder.string();
    ev.method = method_name(p.method);
    ev.lm = p.train.config.lm;
    ev.split = p.split;
    ev.latent_count = test_lat.size(1);
    ev.latent_dim = test_lat.size(2);
    ev.seed = p.train.config.seed;
    const auto device = run.teacher.model->device();
    for (auto c : conditions) {
        say("decoding the " + p.split + " split with the " + condition_name(c) + " decoder");
        ev.conditions.push_back(
            score_condition(p, c, test_lat, test, answers, train, ctx.scorer, device, ev.lm));
    }
    ev.provenance = provenance(device.str());
    if (p.limit_test == 0) // a partial scoring never replaces the full one
        write_file_atomic(p.out / kDecoderScoresFile, ev.to_json().dump(2) + "\n");
    return ev;
}

namespace {

// Decoders used by explain(), kept across calls (a report explains many questions).
std::shared_ptr<LoadedDecoder> cached_decoder(const fs::path& folder, const torch::Device& device) {
    static std::mutex mutex;
    static std::map<std::string, std::pair<fs::file_time_type, std::shared_ptr<LoadedDecoder>>>
        cache;
    const auto stamp = fs::last_write_time(folder / "decoder.json");
    const std::string key = fs::absolute(folder).lexically_normal().string() + "|" + device.str();
    std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find(key);
    if (it != cache.end() && it->second.first == stamp) return it->second.second;
    c10::InferenceMode normal_tensors(false); // explain() runs in inference mode
    auto loaded = std::make_shared<LoadedDecoder>(load_decoder(folder, device));
    cache[key] = {stamp, loaded};
    return loaded;
}

} // namespace

DecodedReasoning decode_for_explanation(const fs::path& folder, const torch::Tensor& latents,
                                        const std::string& query, const std::string* gold_reasoning,
                                        const Scorer& scorer, int64_t max_new_tokens,
                                        const torch::Device& device) {
    const auto t0 = Clock::now();
    auto d = cached_decoder(folder, device);
    DecodedReasoning r;
    r.present = true;
    r.folder = folder.string();
    r.lm = d->decoder->config().lm;
    auto lat = latents.dim() == 2 ? latents.unsqueeze(0) : latents;
    if (d->decoder->config().latent_count == 0) lat = lat.slice(1, 0, 0);
    r.text = decode_reasoning(*d->decoder, *d->tokenizer, lat, max_new_tokens).at(0);
    r.steps = reasoning_lines(r.text);
    r.conclusion = decoded_conclusion(r.text, query, scorer);
    if (gold_reasoning) {
        const auto gold = reasoning_lines(*gold_reasoning);
        r.rouge_l = rouge_l(r.text, *gold_reasoning).f;
        r.gold_steps = int64_t(gold.size());
        r.matched_steps = matched_steps(r.steps, gold);
    }
    if (fs::exists(folder / kDecoderScoresFile))
        for (const auto& c : read_decoder_scores(folder).conditions)
            r.conditions.emplace_back(c.condition, c.scores);
    r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return r;
}

} // namespace semcot
