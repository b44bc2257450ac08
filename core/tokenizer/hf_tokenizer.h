// Hugging Face `tokenizer.json` (the format of the `tokenizers` library), to the extent the
// open model families use it:
//   - model: BPE (vocab, merges as "a b" strings or [a, b] pairs, ignore_merges, byte_fallback,
//     unk_token with fuse_unk);
//   - normalizers: NFC (utf8proc), Prepend, Replace (string or regex), Sequence;
//   - pre-tokenizers: Split (regex, behaviour Isolated / Removed, not inverted), ByteLevel
//     (GPT-2's byte-to-unicode map, optional GPT-2 regex and prefix space), Metaspace, Sequence;
//   - decoders: ByteLevel, Replace, ByteFallback, Fuse, Strip, Metaspace, Sequence;
//   - added tokens (special or not), matched leftmost-longest in the raw text before
//     normalisation and pre-tokenisation, as the library's AddedVocabulary does;
//   - tokenizer_config.json beside it: bos_token / eos_token / pad_token (string or object).
// Regexes are PCRE2 with Unicode properties (the library uses Oniguruma; both support \p{L},
// look-ahead and (?i:)). Llama 3 (ByteLevel + Split), Qwen2.5/Qwen3 (NFC + ByteLevel + Split)
// and Mistral / Llama 2 / TinyLlama (byte_fallback, Prepend + Replace) are tested id for id
// against Hugging Face's JavaScript port (tests/test_hf_tokenizer.cpp).
// Anything else in the file (another model type, normaliser, pre-tokenizer or decoder) is a
// FormatError naming it: never silently different ids.
#pragma once

#include "tokenizer/tokenizer.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace semcot {

class HfTokenizer final : public Tokenizer {
public:
    // Loads tokenizer.json and, when present, tokenizer_config.json in the same folder.
    // Throws IoError / FormatError naming the file and the key.
    static std::unique_ptr<HfTokenizer> load(const std::filesystem::path& tokenizer_json);
    ~HfTokenizer() override;

    // Ids without BOS/EOS (the post-processor's template is not applied).
    std::vector<int> encode(const std::string& text) const override;
    // BOS, EOS and pad are dropped; other added tokens become their text; ids outside the
    // vocabulary throw InvalidArgument.
    std::string decode(const std::vector<int>& ids) const override;
    std::string id_to_piece(int id) const override;
    int piece_to_id(const std::string& piece) const override;
    int vocab_size() const override; // largest id + 1 (vocabulary and added tokens)
    int bos_id() const override;     // tokenizer_config.json's bos_token, -1 without
    int eos_id() const override;
    int unk_id() const override;
    int pad_id() const override;
    // tokenizer_config.json's add_bos_token when it is a boolean and the tokenizer_class reads
    // it (Llama, Code Llama, Gemma, as in transformers 4.x); else whether the post-processor
    // (TemplateProcessing, alone or in a Sequence) starts a single sequence with the BOS token.
    // Llama 2 / Mistral: yes; Qwen: no; Llama 3.1+: yes (template).
    bool add_bos() const override;
    // The token joins "added_tokens" (special) with the next free id.
    int add_special_token(const std::string& token) override;
    // tokenizer.json (with the added special tokens) and tokenizer_config.json when loaded.
    void save(const std::filesystem::path& folder) const override;

private:
    struct Impl;
    explicit HfTokenizer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace semcot
