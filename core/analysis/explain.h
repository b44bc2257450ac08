// What the implicit tokens of a SemCoT run mean, question by question: the data the `semcot
// explain` command prints and the desktop app draws (token chips, heatmap, scatter).
//
// Every struct here is plain data (strings, numbers, vectors): no torch types, so a GUI or a
// report can also read them back from the JSON that to_json() writes. The JSON schema is
// versioned (kExplainSchema) and documented in docs/explain.md; changes are additive within
// one version.
//
// Honesty notes carried into the output:
//   - "nearest sentences" are nearest neighbours of an implicit token's sentence-transformer
//     (ST) embedding among the ST embeddings of a fixed sentence bank, by cosine similarity.
//     They are not generations and the model never "says" them;
//   - a score means little on its own: compare it with the baseline, the similarity of random
//     pairs of bank sentences;
//   - the logit lens is the raw one: the teacher's final norm + LM head applied to an implicit
//     token as if it were a last hidden state, though it is an input embedding.
#pragma once

#include "analysis/decoder_metrics.h"

#include <nlohmann/json_fwd.hpp>

namespace at {
class Tensor; // explain() of a baseline's latents only
} // namespace at

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace semcot {

struct LoadedRun;
struct Example;
class SentenceBank;

inline constexpr const char* kExplainSchema = "semcot.explain/1";
inline constexpr const char* kAlignmentDistributionSchema = "semcot.alignment-distribution/1";
inline constexpr const char* kProjectionSchema = "semcot.projection/1";

// One bank sentence close to an implicit token in the ST space.
struct Neighbour {
    int64_t index = 0; // row in the sentence bank
    std::string text;  // the bank sentence
    double score = 0;  // cosine similarity in the ST space, in [-1, 1]
};

// The nearest bank sentences of one implicit token (or of all of them as one sequence).
struct TokenNeighbours {
    int64_t position = 0;              // 0-based implicit token; -1 for the pooled entry
    std::string label;                 // "t1", "t2", ... or "pooled"
    double norm = 0;                   // L2 norm of the implicit vector (teacher embedding space)
    std::vector<Neighbour> neighbours; // top-k by cosine, best first
    double margin = 0;                 // neighbours[0].score - neighbours[1].score; 0 if < 2
    double baseline_z = 0; // (neighbours[0].score - baseline.mean) / baseline.std; 0 if std = 0
};

// Similarity of random pairs of distinct bank sentences: what a score has to beat.
struct BaselineStats {
    int64_t pairs = 0; // pairs sampled (fixed seed)
    double mean = 0, std = 0;
    double p50 = 0, p95 = 0, p99 = 0; // percentiles
    double min = 0, max = 0;
};

// One teacher token read from an implicit token by the raw logit lens.
struct LensToken {
    int64_t id = 0;    // teacher vocabulary id
    std::string piece; // the tokenizer's piece ("▁heads")
    double prob = 0;   // softmax probability over the whole vocabulary
};

// Raw logit lens of one implicit token: softmax(lm_head(final_norm(token))), top-k.
struct LogitLensEntry {
    int64_t position = 0; // 0-based implicit token
    std::vector<LensToken> top;
};

// Implicit tokens x reasoning steps, cosine in every cell: the data behind the heatmap.
struct AlignmentMatrix {
    std::string source;             // "ground_truth" or "teacher_cot"
    std::string reasoning;          // the whole reasoning text, as embedded for `score`
    std::vector<std::string> steps; // one per non-empty line of the reasoning, trimmed
    int64_t rows = 0;               // implicit tokens (k)
    int64_t cols = 0;               // steps
    std::vector<double> cells;      // row-major [rows * cols]: cos(ST(token r), ST(step c))
    // Semantic-alignment score: cos(ST(all implicit tokens as one sequence), ST(reasoning)).
    double score = std::numeric_limits<double>::quiet_NaN();

    bool empty() const { return rows == 0 || cols == 0; }
    double at(int64_t row, int64_t col) const { return cells[size_t(row * cols + col)]; }
};

// The sentence bank an explanation was decoded against.
struct BankInfo {
    std::string cache_dir; // folder holding bank.safetensors and bank.json
    int64_t size = 0;      // sentences
    std::string st_hash;   // hash of the ST weights the bank was embedded with
    bool rebuilt = false;  // embedded now rather than read from the cache
    double build_s = 0;    // seconds spent embedding (0 when read from the cache)
};

// Seconds spent in each part of explain(), device-synchronised.
struct ExplainTimings {
    double cot_s = 0;        // teacher's explicit CoT generation
    double semcot_s = 0;     // SemCoT answer (generator + teacher)
    double implicit_s = 0;   // implicit tokens + their ST embeddings
    double decode_s = 0;     // nearest-sentence search against the bank (all tokens + pooled)
    double logit_lens_s = 0; // raw logit lens
    double alignment_s = 0;  // step embeddings and the alignment matrices
    double total_s = 0;      // the whole call
};

// The reasoning a trained decoder (analysis/decoder.h, `semcot train-decoder`) writes from the
// implicit tokens alone, when the run has one (RUN/decoder). JSON key "decoded_reasoning" (null
// without a decoder; absent in files written before it).
struct DecodedReasoning {
    bool present = false;           // a decoder was found and run
    std::string folder;             // the decoder folder
    std::string lm;                 // "student" or "teacher" (DecoderConfig::lm)
    std::string text;               // the decoded reasoning (greedy)
    std::vector<std::string> steps; // its non-empty lines, trimmed
    std::string conclusion;         // decoded_conclusion: what the text concludes
    // Against the gold reasoning (has_gold only): ROUGE-L F and the steps matched in place.
    double rouge_l = std::numeric_limits<double>::quiet_NaN();
    int64_t gold_steps = 0, matched_steps = 0;
    double seconds = 0; // decoding time
    // The decoder's and its controls' test-split scores from <folder>/scores.json (empty when
    // it has none), for context: by condition "tokens", "random", "none".
    std::vector<std::pair<std::string, DecoderScores>> conditions;
};

struct Explanation {
    std::string schema = kExplainSchema;
    std::string run; // run folder
    std::string question;
    // Ground truth, when the question comes from a dataset (has_gold false otherwise).
    bool has_gold = false;
    std::string gold_answer;
    std::string gold_reasoning;
    int64_t k = 0;     // implicit tokens
    int64_t top_k = 0; // neighbours per token

    // The teacher's explicit chain of thought and the SemCoT answer (extracted by the run's
    // scorer; `correct` is meaningful only with has_gold).
    std::string cot_output;
    std::string cot_answer;
    bool cot_correct = false;
    std::string semcot_output;
    std::string semcot_answer;
    bool semcot_correct = false;

    std::vector<TokenNeighbours> tokens; // k entries, in order
    TokenNeighbours pooled;              // all k implicit tokens as one ST sequence
    BaselineStats baseline;
    std::vector<LogitLensEntry> logit_lens; // k entries, "raw logit lens"

    AlignmentMatrix ground_truth; // empty when !has_gold or the gold reasoning is empty
    AlignmentMatrix teacher_cot;  // the teacher's explicit steps (answer line excluded)

    BankInfo bank;
    ExplainTimings timings;
    DecodedReasoning decoded; // the run's decoder's reading of the implicit tokens

    // Schema kExplainSchema (docs/explain.md). from_json throws FormatError naming `source`
    // and the key when the document is not of this schema or a key is missing or ill-typed.
    nlohmann::json to_json() const;
    static Explanation from_json(const nlohmann::json& json, const std::string& source);
    // Human-readable report for a terminal.
    std::string to_text() const;
};

// Called while a long analysis job runs; return false to stop (semcot::Cancelled is thrown).
using AnalysisProgress = std::function<bool(int64_t done, int64_t total)>;

struct ExplainParams {
    std::string question;
    // Ground truth, when known: enables the ground-truth alignment and correctness.
    bool has_gold = false;
    std::string gold_answer;
    std::string gold_reasoning;
    int64_t top_k = 5;            // bank neighbours per implicit token
    int64_t lens_top_k = 5;       // logit-lens tokens per implicit token
    int64_t k = 0;                // implicit tokens; 0 = the generator's k_infer
    bool generate_answers = true; // run the teacher's CoT and the SemCoT answer (slow part)
    int64_t max_new_tokens = 160; // for the CoT and SemCoT generations
    int64_t baseline_pairs = 2000;
    // With generate_answers false: a teacher CoT output already generated (e.g. by the caller's
    // own run_method) to align with; it is also copied to Explanation::cot_output.
    std::string teacher_cot_output;
    // Decode the implicit tokens with the run's trained decoder when RUN/decoder holds one
    // (analysis/decoder.h); not for another method's latents.
    bool decode_reasoning = true;
    int64_t decode_max_new_tokens = 160;
};

// Explains one question with a loaded run and a bank built from the same run's ST
// (see sentence_bank.h). Throws InvalidArgument when the bank belongs to another ST.
Explanation explain(LoadedRun& run, const SentenceBank& bank, const ExplainParams& params);
// The same for another method's latents instead of the run's implicit tokens: [k, Dt] in the
// teacher's embedding space (MethodResult::latents of pause, softcot, coconut, codi), read by
// the run's ST, bank and teacher; the answers (generate_answers) are still explicit CoT and
// SemCoT's.
Explanation explain(LoadedRun& run, const SentenceBank& bank, const ExplainParams& params,
                    const at::Tensor& latents);

// ---- Dataset level: alignment scores of correct vs incorrect SemCoT answers ----

struct SampleAlignment {
    int64_t index = 0; // position in the examples given
    std::string query;
    bool correct = false; // SemCoT's answer under the run's scorer
    double score = 0;     // cos(ST(implicit tokens), ST(gold reasoning))
};

struct ScoreSummary {
    int64_t n = 0;
    double mean = 0, std = 0, median = 0, min = 0, max = 0;
};

struct AlignmentDistribution {
    std::string schema = kAlignmentDistributionSchema;
    std::string run;
    std::vector<SampleAlignment> samples; // examples without reasoning are skipped
    ScoreSummary correct, incorrect;      // summaries of the scores by correctness
    std::vector<double> histogram_edges;  // bins+1 edges over [min, max] of all scores
    std::vector<int64_t> histogram_correct, histogram_incorrect; // counts per bin

    nlohmann::json to_json() const;
    static AlignmentDistribution from_json(const nlohmann::json& json, const std::string& source);
};

struct AlignmentDistributionParams {
    int64_t limit = 0;           // first N examples only (0 = all)
    int64_t k = 0;               // implicit tokens; 0 = the generator's k_infer
    int64_t bins = 20;           // histogram bins
    int64_t max_new_tokens = 32; // SemCoT answer length
};

AlignmentDistribution alignment_distribution(LoadedRun& run, const std::vector<Example>& examples,
                                             const AlignmentDistributionParams& params,
                                             const AnalysisProgress& progress = {});

// ---- 2-D projection (PCA by SVD) of implicit tokens and bank sentences, for a scatter ----

struct ProjectedPoint {
    double x = 0, y = 0;
    std::string kind;        // "implicit", "pooled" or "sentence"
    int64_t question = -1;   // index into the questions given (-1 for sentences)
    int64_t position = -1;   // implicit token (0-based; -1 for pooled and sentences)
    int64_t bank_index = -1; // bank row for sentences
    std::string label;       // "q3 t1", "q3 pooled", or the sentence text
};

struct Projection {
    std::string schema = kProjectionSchema;
    std::vector<ProjectedPoint> points;
    double explained_variance[2] = {0, 0}; // fraction of the variance on each axis

    nlohmann::json to_json() const;
    static Projection from_json(const nlohmann::json& json, const std::string& source);
};

struct ProjectionParams {
    int64_t k = 0;               // implicit tokens; 0 = the generator's k_infer
    int64_t max_sentences = 500; // bank sentences included (evenly spaced rows)
    bool include_pooled = true;
};

// PCA of the unit-normalised ST embeddings of the questions' implicit tokens (one point per
// token, plus the pooled sequence) together with bank sentences.
Projection project_implicit(LoadedRun& run, const SentenceBank& bank,
                            const std::vector<std::string>& questions,
                            const ProjectionParams& params, const AnalysisProgress& progress = {});

} // namespace semcot
