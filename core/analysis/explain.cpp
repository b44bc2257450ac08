#include "analysis/explain.h"

#include "analysis/alignment.h"
#include "analysis/decoder_eval.h"
#include "analysis/implicit.h"
#include "analysis/logit_lens.h"
#include "analysis/nearest.h"
#include "analysis/sentence_bank.h"
#include "common/device.h"
#include "common/error.h"
#include "semcot/inference.h"
#include "semcot/run.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

namespace semcot {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

// Tokens per step and per whole reasoning when they are embedded for the alignment.
constexpr int64_t kStepTokens = 128;

int64_t reasoning_tokens(const LoadedRun& run) {
    return std::min<int64_t>(512, run.teacher.config.max_position_embeddings);
}

ScoreSummary summarize(std::vector<double> v) {
    ScoreSummary s;
    s.n = int64_t(v.size());
    if (v.empty()) return s;
    std::sort(v.begin(), v.end());
    double sum = 0;
    for (double x : v) sum += x;
    s.mean = sum / double(v.size());
    double sq = 0;
    for (double x : v) sq += (x - s.mean) * (x - s.mean);
    s.std = v.size() > 1 ? std::sqrt(sq / double(v.size() - 1)) : 0.0;
    const size_t m = v.size() / 2;
    s.median = v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
    s.min = v.front();
    s.max = v.back();
    return s;
}

// A usable --top-k, and a run with a sentence transformer whose embeddings fill the bank.
void check_inputs(const LoadedRun& run, const SentenceBank& bank, const ExplainParams& params) {
    if (params.top_k < 1) throw InvalidArgument("--top-k must be at least 1");
    if (!run.st) throw InvalidArgument(run.folder.string() + " has no sentence transformer (st/)");
    if (bank.size() == 0) throw InvalidArgument("the sentence bank is empty");
    if (bank.st_hash() != st_weights_hash(run))
        throw InvalidArgument("the sentence bank was embedded with another sentence transformer "
                              "(ST hash " +
                              bank.st_hash() + ", run has " + st_weights_hash(run) + ")");
}

// What was asked and which bank answers it, before anything is computed.
Explanation describe_inputs(const LoadedRun& run, const SentenceBank& bank,
                            const ExplainParams& params) {
    Explanation e;
    e.run = run.folder.string();
    e.question = params.question;
    e.has_gold = params.has_gold;
    e.gold_answer = params.gold_answer;
    e.gold_reasoning = params.gold_reasoning;
    e.top_k = params.top_k;
    e.bank.cache_dir = bank.cache_dir.string();
    e.bank.size = bank.size();
    e.bank.st_hash = bank.st_hash();
    e.bank.rebuilt = bank.rebuilt;
    e.bank.build_s = bank.build_s;
    return e;
}

// The explicit CoT and SemCoT answers to the question, scored when the gold is known.
void answer_both(LoadedRun& run, const ExplainParams& params, Explanation& e) {
    auto ctx = run.inference_context();
    ctx.k = params.k;
    ctx.generation.max_new_tokens = params.max_new_tokens;
    std::optional<std::string> gold;
    if (params.has_gold) gold = params.gold_answer;
    auto cot = run_method(ctx, Method::cot, params.question, gold);
    e.cot_output = cot.output;
    e.cot_answer = cot.extracted;
    e.cot_correct = cot.correct;
    e.timings.cot_s = cot.total_s;
    auto sem = run_method(ctx, Method::semcot, params.question, gold);
    e.semcot_output = sem.output;
    e.semcot_answer = sem.extracted;
    e.semcot_correct = sem.correct;
    e.timings.semcot_s = sem.total_s;
}

// One implicit token's (or the pooled one's) nearest sentences, compared with the baseline.
TokenNeighbours token_entry(std::vector<Neighbour> neighbours, int64_t position, std::string label,
                            double norm, const BaselineStats& baseline) {
    TokenNeighbours n;
    n.position = position;
    n.label = std::move(label);
    n.norm = norm;
    n.neighbours = std::move(neighbours);
    n.margin = top_margin(n.neighbours);
    if (baseline.std > 0 && !n.neighbours.empty())
        n.baseline_z = (n.neighbours[0].score - baseline.mean) / baseline.std;
    return n;
}

// The implicit tokens against the gold reasoning and the teacher's own CoT, step by step.
void align_reasonings(LoadedRun& run, const ImplicitEncoding& enc, const ExplainParams& params,
                      Explanation& e) {
    // Both step lists and both whole reasonings, embedded by the ST.
    auto align = [&](const std::string& source, const std::string& reasoning) {
        auto steps = split_steps(reasoning);
        if (steps.empty()) return AlignmentMatrix{source, reasoning, {}, 0, 0, {}};
        auto step_st = embed_sentences(run, steps, 32, kStepTokens);
        auto whole_st = embed_sentences(run, {reasoning}, 1, reasoning_tokens(run));
        return make_alignment(source, reasoning, steps, enc.token_st, step_st, enc.pooled_st,
                              whole_st[0]);
    };
    if (params.has_gold && !params.gold_reasoning.empty())
        e.ground_truth = align("ground_truth", params.gold_reasoning);
    else
        e.ground_truth.source = "ground_truth";
    if (!params.generate_answers && !params.teacher_cot_output.empty())
        e.cot_output = params.teacher_cot_output;
    if (!e.cot_output.empty())
        e.teacher_cot =
            align("teacher_cot", cot_reasoning(e.cot_output, run.prompts.answer_marker));
    else
        e.teacher_cot.source = "teacher_cot";
}

} // namespace

Explanation explain(LoadedRun& run, const SentenceBank& bank, const ExplainParams& params) {
    return explain(run, bank, params, at::Tensor());
}

Explanation explain(LoadedRun& run, const SentenceBank& bank, const ExplainParams& params,
                    const at::Tensor& latents) {
    check_inputs(run, bank, params);
    const auto device = run.teacher.model->device();
    synchronize(device);
    const auto start = Clock::now();

    Explanation e = describe_inputs(run, bank, params);
    if (params.generate_answers) answer_both(run, params, e);

    c10::InferenceMode guard;
    auto t = Clock::now();
    auto enc = latents.defined() ? encode_latents(run, latents)
                                 : encode_implicit(run, params.question, params.k);
    synchronize(device);
    e.timings.implicit_s = since(t);
    e.k = enc.tokens.size(0);

    t = Clock::now();
    auto queries = at::cat({enc.token_st, enc.pooled_st.unsqueeze(0)}, 0); // [k + 1, D]
    auto found = nearest_sentences(bank, queries, params.top_k);
    e.timings.decode_s = since(t);

    e.baseline = random_pair_baseline(bank.normalized(), params.baseline_pairs);
    auto norms = enc.tokens.norm(2, {1}).to(at::kDouble).contiguous();
    for (int64_t i = 0; i < e.k; ++i)
        e.tokens.push_back(token_entry(found[size_t(i)], i, "t" + std::to_string(i + 1),
                                       norms.data_ptr<double>()[i], e.baseline));
    e.pooled =
        token_entry(found[size_t(e.k)], -1, "pooled", enc.tokens.norm().item<double>(), e.baseline);

    t = Clock::now();
    e.logit_lens =
        logit_lens(*run.teacher.model, *run.teacher.tokenizer, enc.tokens, params.lens_top_k);
    synchronize(device);
    e.timings.logit_lens_s = since(t);

    t = Clock::now();
    align_reasonings(run, enc, params, e);
    synchronize(device);
    e.timings.alignment_s = since(t);
    const auto decoder_folder = run.folder / "decoder";
    if (params.decode_reasoning && !latents.defined() && has_decoder(decoder_folder))
        e.decoded = decode_for_explanation(decoder_folder, enc.tokens, params.question,
                                           params.has_gold ? &params.gold_reasoning : nullptr,
                                           run.scorer, params.decode_max_new_tokens, device);
    e.timings.total_s = since(start);
    return e;
}

AlignmentDistribution alignment_distribution(LoadedRun& run, const std::vector<Example>& examples,
                                             const AlignmentDistributionParams& params,
                                             const AnalysisProgress& progress) {
    if (params.bins < 1) throw InvalidArgument("the histogram needs at least one bin");
    AlignmentDistribution d;
    d.run = run.folder.string();
    auto ctx = run.inference_context();
    ctx.k = params.k;
    ctx.generation.max_new_tokens = params.max_new_tokens;
    const int64_t n = params.limit > 0 ? std::min<int64_t>(params.limit, int64_t(examples.size()))
                                       : int64_t(examples.size());
    std::vector<double> good, bad;
    for (int64_t i = 0; i < n; ++i) {
        const auto& ex = examples[size_t(i)];
        if (!split_steps(ex.reasoning).empty()) {
            SampleAlignment s;
            s.index = i;
            s.query = ex.query;
            s.correct = run_method(ctx, Method::semcot, ex.query, ex.answer).correct;
            c10::InferenceMode guard;
            auto enc = encode_implicit(run, ex.query, params.k);
            auto r = embed_sentences(run, {ex.reasoning}, 1, reasoning_tokens(run));
            s.score = cosine_matrix(enc.pooled_st.reshape({1, -1}), r).item<double>();
            (s.correct ? good : bad).push_back(s.score);
            d.samples.push_back(std::move(s));
        }
        if (progress && !progress(i + 1, n))
            throw Cancelled("the alignment distribution was stopped");
    }
    d.correct = summarize(good);
    d.incorrect = summarize(bad);
    if (!d.samples.empty()) {
        double lo = d.samples[0].score, hi = lo;
        for (const auto& s : d.samples) {
            lo = std::min(lo, s.score);
            hi = std::max(hi, s.score);
        }
        if (hi <= lo) hi = lo + 1e-6;
        for (int64_t b = 0; b <= params.bins; ++b)
            d.histogram_edges.push_back(lo + (hi - lo) * double(b) / double(params.bins));
        d.histogram_correct.assign(size_t(params.bins), 0);
        d.histogram_incorrect.assign(size_t(params.bins), 0);
        for (const auto& s : d.samples) {
            auto b = std::clamp<int64_t>(int64_t((s.score - lo) / (hi - lo) * double(params.bins)),
                                         0, params.bins - 1);
            (s.correct ? d.histogram_correct : d.histogram_incorrect)[size_t(b)]++;
        }
    }
    return d;
}

} // namespace semcot
