// SentencePieceTokenizer: sentencepiece through the dlopen'd module, plus extra special tokens
// appended after the base vocabulary.
#include "tokenizer/tokenizer.h"

#include "common/error.h"
#include "common/platform.h"
#include "tokenizer/spm_module.h"

#include <nlohmann/json.hpp>

#include <string_view>
#include <system_error>
#include <unordered_map>

namespace semcot {

namespace fs = std::filesystem;

namespace {

constexpr const char* kModelFile = "tokenizer.model";
constexpr const char* kSpecialTokensFile = "special_tokens.json";

// Calls `fn(buffer, capacity)` (a module function returning the length it needs) until the
// result fits: the first guess usually does, so the work is done once.
template <typename T, typename Fn>
std::vector<T> two_call(const SpmModule& m, std::size_t guess, const char* what, Fn&& fn) {
    std::vector<T> buffer(guess);
    for (int attempt = 0; attempt < 2; ++attempt) {
        const int64_t needed = fn(buffer.data(), buffer.size());
        if (needed < 0) throw FormatError(std::string(what) + ": " + m.error());
        const auto size = static_cast<std::size_t>(needed);
        if (size <= buffer.size()) {
            buffer.resize(size);
            return buffer;
        }
        buffer.resize(size);
    }
    throw FormatError(std::string(what) + ": result size changed between calls");
}

std::vector<std::string> read_special_tokens(const fs::path& path) {
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(read_file(path));
    } catch (const nlohmann::json::exception& e) {
        throw FormatError(std::string("invalid JSON: ") + e.what());
    }
    if (!json.is_object() || !json.contains("special_tokens") || !json["special_tokens"].is_array())
        throw FormatError(R"(expected {"special_tokens": [...]})");
    std::vector<std::string> tokens;
    for (const auto& token : json["special_tokens"]) {
        if (!token.is_string() || token.get<std::string>().empty())
            throw FormatError("special tokens must be non-empty strings");
        tokens.push_back(token.get<std::string>());
    }
    return tokens;
}

} // namespace

struct SentencePieceTokenizer::Impl {
    const SpmModule* module = nullptr;
    SpmHandle handle;
    int base_vocab = 0;
    int bos = -1, eos = -1, unk = -1, pad = -1;
    std::vector<std::string> specials;                // id = base_vocab + index
    std::unordered_map<std::string, int> special_ids; // text -> id

    std::vector<int> encode_base(std::string_view text) const {
        if (text.empty()) return {};
        return two_call<int>(*module, text.size() + 8, "encoding", [&](int* out, std::size_t n) {
            return module->encode(handle.get(), text.data(), text.size(), out, n);
        });
    }

    std::string decode_base(const std::vector<int>& ids) const {
        if (ids.empty()) return {};
        const auto bytes =
            two_call<char>(*module, ids.size() * 8 + 16, "decoding", [&](char* out, std::size_t n) {
                return module->decode(handle.get(), ids.data(), ids.size(), out, n);
            });
        return std::string(bytes.begin(), bytes.end());
    }

    std::string serialized() const {
        const auto bytes =
            two_call<char>(*module, 0, "serializing the model", [&](char* out, std::size_t n) {
                return module->serialize(handle.get(), out, n);
            });
        return std::string(bytes.begin(), bytes.end());
    }

    int add(const std::string& token) {
        if (token.empty()) throw InvalidArgument("a special token cannot be empty");
        if (auto it = special_ids.find(token); it != special_ids.end()) return it->second;
        const int id = base_vocab + static_cast<int>(specials.size());
        specials.push_back(token);
        special_ids.emplace(token, id);
        return id;
    }
};

SentencePieceTokenizer::SentencePieceTokenizer(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}

SentencePieceTokenizer::~SentencePieceTokenizer() = default;

std::unique_ptr<SentencePieceTokenizer> SentencePieceTokenizer::load(const fs::path& model_path) {
    auto impl = std::make_unique<Impl>();
    with_context("loading " + model_path.string(), [&] {
        std::error_code ec;
        if (!fs::is_regular_file(model_path, ec)) throw IoError("no such file");
        const std::string bytes = read_file(model_path);
        const SpmModule& m = spm_module();
        impl->module = &m;
        impl->handle = SpmHandle(m.load_bytes(bytes.data(), bytes.size()));
        if (!impl->handle) throw FormatError("not a sentencepiece model: " + m.error());
        const semcot_spm* h = impl->handle.get();
        impl->base_vocab = m.vocab_size(h);
        impl->bos = m.bos_id(h);
        impl->eos = m.eos_id(h);
        impl->unk = m.unk_id(h);
        impl->pad = m.pad_id(h);
        if (impl->base_vocab <= 0) throw FormatError("empty vocabulary");
    });

    const fs::path specials_path = model_path.parent_path() / kSpecialTokensFile;
    std::error_code ec;
    if (fs::exists(specials_path, ec)) {
        with_context("loading " + specials_path.string(), [&] {
            for (const std::string& token : read_special_tokens(specials_path)) {
                if (impl->special_ids.count(token))
                    throw FormatError("duplicate special token '" + token + "'");
                impl->add(token);
            }
        });
    }
    return std::unique_ptr<SentencePieceTokenizer>(new SentencePieceTokenizer(std::move(impl)));
}

void SentencePieceTokenizer::train(const TokenizerTrainOptions& options) {
    if (options.output.empty()) throw InvalidArgument("training a tokenizer: no output path");
    with_context("training tokenizer " + options.output.string(), [&] {
        if (options.sentences.empty() && options.corpus_file.empty())
            throw InvalidArgument("no training sentences and no corpus file");
        if (options.model_type != "bpe" && options.model_type != "unigram")
            throw InvalidArgument("unknown model type '" + options.model_type +
                                  "' (expected bpe or unigram)");
        if (options.vocab_size <= 0) throw InvalidArgument("vocab_size must be positive");
        std::error_code ec;
        if (options.sentences.empty() && !fs::is_regular_file(options.corpus_file, ec))
            throw IoError("no such corpus file " + options.corpus_file.string());

        std::vector<const char*> sentences;
        sentences.reserve(options.sentences.size());
        for (const std::string& s : options.sentences) sentences.push_back(s.c_str());
        const std::string corpus = options.corpus_file.string();

        semcot_spm_train_params params{};
        params.sentences = sentences.data();
        params.n_sentences = sentences.size();
        params.corpus_path = corpus.empty() ? nullptr : corpus.c_str();
        params.vocab_size = options.vocab_size;
        params.model_type = options.model_type.c_str();
        params.byte_fallback = options.byte_fallback ? 1 : 0;
        params.character_coverage = options.character_coverage;
        params.output_path = nullptr; // written here, atomically

        // sentencepiece trains in memory (no model_prefix), so there is no temp folder to
        // clean up; the bytes are written once, atomically.
        const SpmModule& m = spm_module();
        Impl trained;
        trained.module = &m;
        trained.handle = SpmHandle(m.train(&params));
        if (!trained.handle) throw InvalidArgument(m.error());
        const std::string bytes = trained.serialized();

        if (options.output.has_parent_path())
            fs::create_directories(options.output.parent_path(), ec);
        write_file_atomic(options.output, bytes);
    });
}

std::vector<int> SentencePieceTokenizer::encode(const std::string& text) const {
    const Impl& d = *impl_;
    if (d.specials.empty()) return d.encode_base(text);

    // Split on literal special tokens (the earliest match, the longest on a tie) and encode
    // the text between them with sentencepiece, each part on its own (so each part gets the
    // dummy prefix, which decode() removes part by part again).
    std::vector<int> ids;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t best = std::string::npos;
        const std::string* best_token = nullptr;
        for (const std::string& token : d.specials) {
            const std::size_t at = text.find(token, pos);
            if (at == std::string::npos) continue;
            if (at < best || (at == best && token.size() > best_token->size())) {
                best = at;
                best_token = &token;
            }
        }
        const std::size_t end = best_token ? best : text.size();
        const std::vector<int> part = d.encode_base(std::string_view(text).substr(pos, end - pos));
        ids.insert(ids.end(), part.begin(), part.end());
        if (!best_token) break;
        ids.push_back(d.special_ids.at(*best_token));
        pos = best + best_token->size();
    }
    return ids;
}

std::string SentencePieceTokenizer::decode(const std::vector<int>& ids) const {
    const Impl& d = *impl_;
    const int size = vocab_size();
    std::string text;
    std::vector<int> run; // base ids since the last special token
    for (int id : ids) {
        if (id < 0 || id >= size)
            throw InvalidArgument("decoding: id " + std::to_string(id) + " is out of range [0, " +
                                  std::to_string(size) + ")");
        if (id == d.bos || id == d.eos || id == d.pad) continue;
        if (id >= d.base_vocab) {
            text += d.decode_base(run);
            run.clear();
            text += d.specials[static_cast<std::size_t>(id - d.base_vocab)];
        } else {
            run.push_back(id);
        }
    }
    text += d.decode_base(run);
    return text;
}

std::string SentencePieceTokenizer::id_to_piece(int id) const {
    const Impl& d = *impl_;
    if (id < 0 || id >= vocab_size())
        throw InvalidArgument("id " + std::to_string(id) + " is out of range [0, " +
                              std::to_string(vocab_size()) + ")");
    if (id >= d.base_vocab) return d.specials[static_cast<std::size_t>(id - d.base_vocab)];
    const auto bytes = two_call<char>(*d.module, 32, "id_to_piece", [&](char* out, std::size_t n) {
        return d.module->id_to_piece(d.handle.get(), id, out, n);
    });
    return std::string(bytes.begin(), bytes.end());
}

int SentencePieceTokenizer::piece_to_id(const std::string& piece) const {
    const Impl& d = *impl_;
    if (auto it = d.special_ids.find(piece); it != d.special_ids.end()) return it->second;
    const int id = d.module->piece_to_id(d.handle.get(), piece.data(), piece.size());
    return id < 0 ? d.unk : id;
}

int SentencePieceTokenizer::vocab_size() const {
    return impl_->base_vocab + static_cast<int>(impl_->specials.size());
}
int SentencePieceTokenizer::bos_id() const {
    return impl_->bos;
}
int SentencePieceTokenizer::eos_id() const {
    return impl_->eos;
}
int SentencePieceTokenizer::unk_id() const {
    return impl_->unk;
}
int SentencePieceTokenizer::pad_id() const {
    return impl_->pad;
}
int SentencePieceTokenizer::base_vocab_size() const {
    return impl_->base_vocab;
}

const std::vector<std::string>& SentencePieceTokenizer::special_tokens() const {
    return impl_->specials;
}

int SentencePieceTokenizer::add_special_token(const std::string& token) {
    return impl_->add(token);
}

void SentencePieceTokenizer::save_special_tokens(const fs::path& folder) const {
    const fs::path path = folder / kSpecialTokensFile;
    with_context("saving " + path.string(), [&] {
        std::error_code ec;
        fs::create_directories(folder, ec);
        const nlohmann::json json = {{"special_tokens", impl_->specials}};
        write_file_atomic(path, json.dump(2) + "\n");
    });
}

void SentencePieceTokenizer::save(const fs::path& folder) const {
    const fs::path path = folder / kModelFile;
    with_context("saving " + path.string(), [&] {
        std::error_code ec;
        fs::create_directories(folder, ec);
        write_file_atomic(path, impl_->serialized());
    });
    save_special_tokens(folder);
}

} // namespace semcot
