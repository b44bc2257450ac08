// libsemcot_spm.so: sentencepiece behind the plain C ABI of sp_module_api.h.
//
// This is the only translation unit that includes sentencepiece headers. It is built as a
// MODULE with hidden visibility and loaded with dlopen(RTLD_LOCAL | RTLD_DEEPBIND), so the
// protobuf 3.14 bundled in libsentencepiece.so.0 never meets libtorch's protobuf 3.21.
// Every exported function catches everything: no C++ exception may cross the C ABI.
#include "tokenizer/sp_module/sp_module_api.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <cstring>
#include <exception>
#include <fstream>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

struct semcot_spm {
    sentencepiece::SentencePieceProcessor processor;
};

namespace {

thread_local std::string last_error;

void set_error(std::string message) {
    last_error = std::move(message);
}

// Runs `fn`, turning any exception into `fallback` plus a last_error message.
template <typename T, typename Fn> T guarded(T fallback, Fn&& fn) noexcept {
    try {
        last_error.clear();
        return fn();
    } catch (const std::bad_alloc&) {
        set_error("out of memory");
    } catch (const std::exception& e) {
        set_error(e.what());
    } catch (...) {
        set_error("unknown error in the sentencepiece module");
    }
    return fallback;
}

bool check(const sentencepiece::util::Status& status, const std::string& context) {
    if (status.ok()) return true;
    set_error(context + status.error_message());
    return false;
}

// Copies `data` into the caller's buffer if it fits; returns the length needed.
int64_t copy_out(const std::string& data, char* out, size_t capacity) {
    if (out && data.size() <= capacity && !data.empty()) std::memcpy(out, data.data(), data.size());
    return static_cast<int64_t>(data.size());
}

bool valid(const semcot_spm* spm) {
    if (spm) return true;
    set_error("null sentencepiece handle");
    return false;
}

// Feeds the caller's sentence array to the trainer.
class ArrayIterator final : public sentencepiece::SentenceIterator {
public:
    ArrayIterator(const char* const* sentences, size_t count)
        : sentences_(sentences)
        , count_(count) {
        load();
    }
    bool done() const override { return index_ >= count_; }
    void Next() override {
        ++index_;
        load();
    }
    const std::string& value() const override { return value_; }
    sentencepiece::util::Status status() const override { return {}; }

private:
    void load() {
        if (index_ < count_) value_ = sentences_[index_] ? sentences_[index_] : "";
    }
    const char* const* sentences_;
    size_t count_;
    size_t index_ = 0;
    std::string value_;
};

std::string number(double value) {
    std::ostringstream out;
    out.imbue(std::locale::classic());
    out << value;
    return out.str();
}

std::unique_ptr<semcot_spm> train(const semcot_spm_train_params& p) {
    const bool from_array = p.n_sentences > 0;
    if (!from_array && (!p.corpus_path || !*p.corpus_path)) {
        set_error("no training sentences and no corpus file");
        return nullptr;
    }
    if (from_array && !p.sentences) {
        set_error("null sentence array");
        return nullptr;
    }
    const std::string model_type = p.model_type ? p.model_type : "bpe";
    if (model_type != "bpe" && model_type != "unigram") {
        set_error("unknown model type '" + model_type + "' (expected bpe or unigram)");
        return nullptr;
    }
    if (p.vocab_size <= 0) {
        set_error("vocab_size must be positive");
        return nullptr;
    }
    if (!(p.character_coverage > 0.0 && p.character_coverage <= 1.0)) {
        set_error("character_coverage must be in (0, 1]");
        return nullptr;
    }

    // Options of llama-style tokenizers; identity normalisation and kept whitespace make
    // decode(encode(text)) == text.
    std::unordered_map<std::string, std::string> args = {
        {"model_type", model_type},
        {"vocab_size", std::to_string(p.vocab_size)},
        {"character_coverage", number(p.character_coverage)},
        {"byte_fallback", p.byte_fallback ? "true" : "false"},
        {"split_digits", "true"},
        {"add_dummy_prefix", "true"},
        {"normalization_rule_name", "identity"},
        {"remove_extra_whitespaces", "false"},
        {"allow_whitespace_only_pieces", "true"},
        {"hard_vocab_limit", "false"},
        {"unk_id", "0"},
        {"bos_id", "1"},
        {"eos_id", "2"},
        {"pad_id", "-1"},
        {"max_sentence_length", "65536"},
        {"num_threads", "4"},
        {"minloglevel", "1"}, // no per-step INFO lines on stderr
    };
    if (!from_array) args["input"] = p.corpus_path;

    std::string serialized;
    ArrayIterator iterator(p.sentences, p.n_sentences);
    if (!check(sentencepiece::SentencePieceTrainer::Train(args, from_array ? &iterator : nullptr,
                                                          &serialized),
               "training: "))
        return nullptr;

    auto spm = std::make_unique<semcot_spm>();
    if (!check(spm->processor.LoadFromSerializedProto(serialized), "loading the trained model: "))
        return nullptr;
    if (p.output_path && *p.output_path) {
        std::ofstream out(p.output_path, std::ios::binary | std::ios::trunc);
        out.write(serialized.data(), static_cast<std::streamsize>(serialized.size()));
        out.close();
        if (!out) {
            set_error(std::string("cannot write ") + p.output_path);
            return nullptr;
        }
    }
    return spm;
}

} // namespace

extern "C" {

SEMCOT_SPM_API int semcot_spm_abi_version(void) {
    return SEMCOT_SPM_ABI_VERSION;
}

SEMCOT_SPM_API const char* semcot_spm_last_error(void) {
    return last_error.c_str();
}

SEMCOT_SPM_API semcot_spm* semcot_spm_load_file(const char* path) {
    return guarded<semcot_spm*>(nullptr, [&]() -> semcot_spm* {
        if (!path) {
            set_error("null path");
            return nullptr;
        }
        auto spm = std::make_unique<semcot_spm>();
        if (!check(spm->processor.Load(path), "")) return nullptr;
        return spm.release();
    });
}

SEMCOT_SPM_API semcot_spm* semcot_spm_load_bytes(const char* data, size_t size) {
    return guarded<semcot_spm*>(nullptr, [&]() -> semcot_spm* {
        if (!data && size > 0) {
            set_error("null data");
            return nullptr;
        }
        auto spm = std::make_unique<semcot_spm>();
        const std::string bytes(data ? data : "", size);
        if (!check(spm->processor.LoadFromSerializedProto(bytes), "")) return nullptr;
        if (spm->processor.GetPieceSize() <= 0) {
            set_error("the model has an empty vocabulary");
            return nullptr;
        }
        return spm.release();
    });
}

SEMCOT_SPM_API semcot_spm* semcot_spm_train(const semcot_spm_train_params* params) {
    return guarded<semcot_spm*>(nullptr, [&]() -> semcot_spm* {
        if (!params) {
            set_error("null training parameters");
            return nullptr;
        }
        return train(*params).release();
    });
}

SEMCOT_SPM_API void semcot_spm_free(semcot_spm* spm) {
    guarded<int>(0, [&] {
        delete spm;
        return 0;
    });
}

SEMCOT_SPM_API int64_t semcot_spm_serialize(const semcot_spm* spm, char* out, size_t capacity) {
    return guarded<int64_t>(-1, [&]() -> int64_t {
        if (!valid(spm)) return -1;
        return copy_out(spm->processor.serialized_model_proto(), out, capacity);
    });
}

SEMCOT_SPM_API int64_t semcot_spm_encode(const semcot_spm* spm, const char* text, size_t size,
                                         int* ids, size_t capacity) {
    return guarded<int64_t>(-1, [&]() -> int64_t {
        if (!valid(spm)) return -1;
        std::vector<int> result;
        const std::string input(text ? text : "", text ? size : 0);
        if (!check(spm->processor.Encode(input, &result), "encoding: ")) return -1;
        if (ids && result.size() <= capacity && !result.empty())
            std::memcpy(ids, result.data(), result.size() * sizeof(int));
        return static_cast<int64_t>(result.size());
    });
}

SEMCOT_SPM_API int64_t semcot_spm_decode(const semcot_spm* spm, const int* ids, size_t n_ids,
                                         char* out, size_t capacity) {
    return guarded<int64_t>(-1, [&]() -> int64_t {
        if (!valid(spm)) return -1;
        const int size = spm->processor.GetPieceSize();
        std::vector<int> input(ids, ids + (ids ? n_ids : 0));
        for (int id : input) {
            if (id < 0 || id >= size) {
                set_error("id " + std::to_string(id) + " is out of range [0, " +
                          std::to_string(size) + ")");
                return -1;
            }
        }
        std::string text;
        if (!check(spm->processor.Decode(input, &text), "decoding: ")) return -1;
        return copy_out(text, out, capacity);
    });
}

SEMCOT_SPM_API int64_t semcot_spm_id_to_piece(const semcot_spm* spm, int id, char* out,
                                              size_t capacity) {
    return guarded<int64_t>(-1, [&]() -> int64_t {
        if (!valid(spm)) return -1;
        if (id < 0 || id >= spm->processor.GetPieceSize()) {
            set_error("id " + std::to_string(id) + " is out of range");
            return -1;
        }
        return copy_out(spm->processor.IdToPiece(id), out, capacity);
    });
}

SEMCOT_SPM_API int semcot_spm_piece_to_id(const semcot_spm* spm, const char* piece, size_t size) {
    return guarded<int>(-1, [&]() -> int {
        if (!valid(spm)) return -1;
        return spm->processor.PieceToId(std::string(piece ? piece : "", piece ? size : 0));
    });
}

SEMCOT_SPM_API int semcot_spm_vocab_size(const semcot_spm* spm) {
    return guarded<int>(-1, [&] { return valid(spm) ? spm->processor.GetPieceSize() : -1; });
}

SEMCOT_SPM_API int semcot_spm_bos_id(const semcot_spm* spm) {
    return guarded<int>(-1, [&] { return valid(spm) ? spm->processor.bos_id() : -1; });
}

SEMCOT_SPM_API int semcot_spm_eos_id(const semcot_spm* spm) {
    return guarded<int>(-1, [&] { return valid(spm) ? spm->processor.eos_id() : -1; });
}

SEMCOT_SPM_API int semcot_spm_unk_id(const semcot_spm* spm) {
    return guarded<int>(-1, [&] { return valid(spm) ? spm->processor.unk_id() : -1; });
}

SEMCOT_SPM_API int semcot_spm_pad_id(const semcot_spm* spm) {
    return guarded<int>(-1, [&] { return valid(spm) ? spm->processor.pad_id() : -1; });
}

} // extern "C"
