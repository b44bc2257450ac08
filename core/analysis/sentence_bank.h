// The sentence bank: reasoning steps (and optional extra sentences), deduplicated, each embedded
// alone by a run's sentence transformer. Implicit tokens are decoded against it by cosine
// similarity (nearest.h).
//
// Cache: <run>/analysis/bank.safetensors (embeddings [N, D] float32, rows unit-normalised) and
// bank.json (schema "semcot.bank/1": st_hash, texts_hash, sentences). It is reused while the
// hash of the ST weights file and the hash of the sentence list are unchanged, rebuilt
// otherwise. When the run folder is not writable the cache goes to
// $XDG_CACHE_HOME/semcot/<run name>-<hash of the run path>/ (or ~/.cache/semcot/...).
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace semcot {

struct LoadedRun;
struct Example;

class SentenceBank {
public:
    SentenceBank() = default;
    // `embeddings` [N, D] float32; rows are normalised here (zero rows stay zero).
    SentenceBank(std::vector<std::string> sentences, const at::Tensor& embeddings,
                 std::string st_hash);

    int64_t size() const { return int64_t(sentences_.size()); }
    int64_t dim() const { return normalized_.defined() ? normalized_.size(1) : 0; }
    const std::vector<std::string>& sentences() const { return sentences_; }
    const std::string& sentence(int64_t i) const { return sentences_.at(size_t(i)); }
    const at::Tensor& normalized() const { return normalized_; } // [N, D] float32, unit rows
    const std::string& st_hash() const { return st_hash_; }

    // Where it was read from or written to, and how it came to be (filled by load_or_build).
    std::filesystem::path cache_dir;
    bool rebuilt = false;
    double build_s = 0;

private:
    std::vector<std::string> sentences_;
    at::Tensor normalized_; // [N, D] float32, L2-normalised rows
    std::string st_hash_;
};

// Progress while embedding: sentences done, total. Return false to stop (Cancelled).
using BankProgress = std::function<bool(int64_t done, int64_t total)>;

struct BankParams {
    bool use_splits = true;                         // reasoning of the run's train/validation/test
    std::vector<std::filesystem::path> extra_files; // text files, one sentence per line
    std::vector<std::string> extra_sentences;       // more sentences, given directly
    int64_t batch_size = 64;                        // sentences per ST forward
    int64_t max_length = 64;                        // tokens per sentence (BOS included)
    bool use_cache = true;                          // false: always embed, never write
    std::filesystem::path cache_dir;                // empty: beside the run (see above)
};

// Reasoning texts split into steps: one per non-empty line, whitespace-trimmed.
std::vector<std::string> split_steps(const std::string& reasoning);
// Steps of the examples' reasoning plus extra sentences, deduplicated, first occurrence order.
std::vector<std::string> collect_sentences(const std::vector<Example>& examples,
                                           const std::vector<std::string>& extra);

// FNV-1a 64-bit of a file's bytes, as 16 hex digits. Throws IoError.
std::string file_hash(const std::filesystem::path& path);
// Hash of the run's ST weights (st/sentence_transformer.safetensors).
std::string st_weights_hash(const LoadedRun& run);
// The cache folder used for `run` when none is given: <run>/analysis if writable, else the
// user cache folder.
std::filesystem::path default_bank_dir(const std::filesystem::path& run_folder);

// ST embeddings [N, D] float32 (not normalised) of `sentences`, each embedded alone as BOS +
// text, in batches. Calls progress after every batch.
at::Tensor embed_sentences(LoadedRun& run, const std::vector<std::string>& sentences,
                           int64_t batch_size, int64_t max_length,
                           const BankProgress& progress = {});

// Reads the cached bank when its keys match, else embeds and writes it.
SentenceBank load_or_build_bank(LoadedRun& run, const BankParams& params = {},
                                const BankProgress& progress = {});

} // namespace semcot
