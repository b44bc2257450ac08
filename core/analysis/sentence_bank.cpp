#include "analysis/sentence_bank.h"

#include "common/device.h"
#include "common/error.h"
#include "common/platform.h"
#include "io/safetensors.h"
#include "semcot/inference.h"
#include "semcot/run.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <set>
#include <unistd.h>

namespace semcot {

namespace fs = std::filesystem;

namespace {

constexpr const char* kBankSchema = "semcot.bank/1";
constexpr uint64_t kFnvOffset = 1469598103934665603ULL;
constexpr uint64_t kFnvPrime = 1099511628211ULL;

uint64_t fnv1a(const char* data, size_t n, uint64_t h = kFnvOffset) {
    for (size_t i = 0; i < n; ++i) {
        h ^= uint64_t(static_cast<unsigned char>(data[i]));
        h *= kFnvPrime;
    }
    return h;
}

std::string hex16(uint64_t h) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

// Hash of the sentence list: lengths and bytes, so ["ab"] and ["a", "b"] differ.
std::string texts_hash(const std::vector<std::string>& sentences) {
    uint64_t h = kFnvOffset;
    for (const auto& s : sentences) {
        const uint64_t n = s.size();
        h = fnv1a(reinterpret_cast<const char*>(&n), sizeof n, h);
        h = fnv1a(s.data(), s.size(), h);
    }
    return hex16(h);
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

bool writable_dir(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return false;
    return ::access(dir.c_str(), W_OK) == 0;
}

std::vector<std::string> read_lines(const fs::path& path) {
    std::vector<std::string> out;
    const std::string text = read_file(path);
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        auto line = trim(text.substr(start, end - start));
        if (!line.empty()) out.push_back(std::move(line));
        start = end + 1;
    }
    return out;
}

} // namespace

SentenceBank::SentenceBank(std::vector<std::string> sentences, const at::Tensor& embeddings,
                           std::string st_hash)
    : sentences_(std::move(sentences))
    , st_hash_(std::move(st_hash)) {
    if (!embeddings.defined() || embeddings.dim() != 2 ||
        embeddings.size(0) != int64_t(sentences_.size()))
        throw InvalidArgument("sentence bank: embeddings must be [" +
                              std::to_string(sentences_.size()) + ", D]");
    auto e = embeddings.to(at::kFloat).contiguous();
    // Unit rows once, so a query costs one matrix product; zero rows stay zero.
    normalized_ = e / e.norm(2, {1}, /*keepdim=*/true).clamp_min(1e-12);
}

std::vector<std::string> split_steps(const std::string& reasoning) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= reasoning.size()) {
        size_t end = reasoning.find('\n', start);
        if (end == std::string::npos) end = reasoning.size();
        auto line = trim(reasoning.substr(start, end - start));
        if (!line.empty()) out.push_back(std::move(line));
        start = end + 1;
    }
    return out;
}

std::vector<std::string> collect_sentences(const std::vector<Example>& examples,
                                           const std::vector<std::string>& extra) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    auto add = [&](const std::string& s) {
        auto t = trim(s);
        if (!t.empty() && seen.insert(t).second) out.push_back(std::move(t));
    };
    for (const auto& e : examples)
        for (const auto& s : split_steps(e.reasoning)) add(s);
    for (const auto& s : extra) add(s);
    return out;
}

std::string file_hash(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError("cannot read " + path.string());
    uint64_t h = kFnvOffset;
    std::vector<char> buf(1 << 16);
    while (in) {
        in.read(buf.data(), std::streamsize(buf.size()));
        h = fnv1a(buf.data(), size_t(in.gcount()), h);
    }
    return hex16(h);
}

std::string st_weights_hash(const LoadedRun& run) {
    return file_hash(run.folder / "st" / kSentenceTransformerWeights);
}

fs::path default_bank_dir(const fs::path& run_folder) {
    const fs::path beside = run_folder / "analysis";
    if (writable_dir(beside)) return beside;
    fs::path base;
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x)
        base = x;
    else if (const char* home = std::getenv("HOME"); home && *home)
        base = fs::path(home) / ".cache";
    else
        throw IoError(beside.string() + " is not writable and neither XDG_CACHE_HOME nor HOME "
                                        "is set for a cache folder");
    const std::string abs = fs::weakly_canonical(fs::absolute(run_folder)).string();
    const std::string name = fs::path(abs).filename().string();
    return base / "semcot" / (name + "-" + hex16(fnv1a(abs.data(), abs.size())).substr(0, 8));
}

at::Tensor embed_sentences(LoadedRun& run, const std::vector<std::string>& sentences,
                           int64_t batch_size, int64_t max_length, const BankProgress& progress) {
    if (!run.st) throw InvalidArgument(run.folder.string() + " has no sentence transformer (st/)");
    if (batch_size < 1) throw InvalidArgument("batch size must be at least 1");
    c10::InferenceMode guard;
    auto& teacher = *run.teacher.model;
    const auto& tok = *run.teacher.tokenizer;
    const auto device = teacher.device();
    const int64_t N = int64_t(sentences.size());
    std::vector<std::vector<int64_t>> ids(static_cast<size_t>(N));
    for (int64_t i = 0; i < N; ++i)
        ids[size_t(i)] = encode_with_bos(tok, sentences[size_t(i)], max_length);
    // Batches of similar lengths waste little on padding.
    std::vector<int64_t> order(static_cast<size_t>(N));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        return ids[size_t(a)].size() < ids[size_t(b)].size();
    });
    const int64_t D = run.st->config().output_dim;
    auto out = at::zeros({N, D}, at::kFloat);
    for (int64_t b0 = 0; b0 < N; b0 += batch_size) {
        const int64_t B = std::min(batch_size, N - b0);
        std::vector<std::vector<int64_t>> batch;
        for (int64_t j = 0; j < B; ++j) batch.push_back(ids[size_t(order[size_t(b0 + j)])]);
        auto [id_t, mask] = pad_ids(batch, /*left=*/false, device);
        auto emb = run.st->encode_ids(teacher, id_t, mask).to(at::kFloat).cpu();
        for (int64_t j = 0; j < B; ++j) out[order[size_t(b0 + j)]].copy_(emb[j]);
        if (progress && !progress(b0 + B, N)) throw Cancelled("building the sentence bank stopped");
    }
    return out;
}

SentenceBank load_or_build_bank(LoadedRun& run, const BankParams& params,
                                const BankProgress& progress) {
    return with_context("sentence bank of " + run.folder.string(), [&] {
        std::vector<Example> examples;
        if (params.use_splits)
            for (const char* s : {"train", "validation", "test"})
                if (fs::exists(run.folder / "data" / (std::string(s) + ".json"))) {
                    auto part = run.split(s);
                    examples.insert(examples.end(), part.begin(), part.end());
                }
        std::vector<std::string> extra = params.extra_sentences;
        for (const auto& f : params.extra_files) {
            auto lines = read_lines(f);
            extra.insert(extra.end(), lines.begin(), lines.end());
        }
        auto sentences = collect_sentences(examples, extra);
        if (sentences.size() < 2)
            throw InvalidArgument("the bank needs at least two distinct sentences, got " +
                                  std::to_string(sentences.size()));
        const std::string st_hash = st_weights_hash(run);
        const std::string t_hash = texts_hash(sentences);
        const fs::path dir =
            params.cache_dir.empty() ? default_bank_dir(run.folder) : params.cache_dir;
        const fs::path st_file = dir / "bank.safetensors", json_file = dir / "bank.json";

        if (params.use_cache && fs::exists(st_file) && fs::exists(json_file)) {
            try {
                auto j = nlohmann::json::parse(read_file(json_file));
                if (j.value("schema", "") == kBankSchema && j.value("st_hash", "") == st_hash &&
                    j.value("texts_hash", "") == t_hash &&
                    j.value("max_length", int64_t(-1)) == params.max_length) {
                    auto file = safetensors::File::open(st_file);
                    auto emb = file.tensor("embeddings").clone();
                    if (emb.dim() == 2 && emb.size(0) == int64_t(sentences.size())) {
                        SentenceBank bank(std::move(sentences), emb, st_hash);
                        bank.cache_dir = dir;
                        return bank;
                    }
                }
            } catch (const nlohmann::json::exception&) {
                // A damaged cache is rebuilt below.
            } catch (const FormatError&) {
            }
        }

        const auto t0 = std::chrono::steady_clock::now();
        auto emb = embed_sentences(run, sentences, params.batch_size, params.max_length, progress);
        SentenceBank bank(sentences, emb, st_hash);
        bank.rebuilt = true;
        bank.build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        bank.cache_dir = dir;
        if (params.use_cache) {
            fs::create_directories(dir);
            safetensors::save(st_file, {{"embeddings", emb}});
            nlohmann::json j = {{"schema", kBankSchema},    {"st_hash", st_hash},
                                {"texts_hash", t_hash},     {"max_length", params.max_length},
                                {"size", sentences.size()}, {"dim", emb.size(1)},
                                {"sentences", sentences}};
            write_file_atomic(json_file, j.dump(1));
        }
        return bank;
    });
}

} // namespace semcot
