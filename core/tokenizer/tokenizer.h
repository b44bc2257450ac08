// Text <-> token ids. The engine and SemCoT see only this interface.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace semcot {

class Tokenizer {
public:
    virtual ~Tokenizer() = default;

    // Ids of `text`, without BOS or EOS. Extra special tokens that appear literally in the
    // text (e.g. "<thought>") are encoded as their own id.
    virtual std::vector<int> encode(const std::string& text) const = 0;
    // Text of `ids`; BOS/EOS/pad are dropped, extra special tokens become their text.
    virtual std::string decode(const std::vector<int>& ids) const = 0;

    virtual std::string id_to_piece(int id) const = 0; // throws InvalidArgument if out of range
    virtual int piece_to_id(const std::string& piece) const = 0; // unk_id() if unknown
    virtual int vocab_size() const = 0;                          // base vocabulary + extra tokens
    virtual int bos_id() const = 0;                              // -1 when the model has none
    virtual int eos_id() const = 0;
    virtual int unk_id() const = 0;
    virtual int pad_id() const = 0;
    // Whether a sequence starts with BOS when the model reads text, as Hugging Face encodes
    // with add_special_tokens (tokenizer_config.json's add_bos_token, else the post-processor's
    // template); SentencePiece models of the Llama family: when they have a BOS.
    virtual bool add_bos() const { return bos_id() >= 0; }

    // Appends `token` as a special token after the vocabulary (or returns its id if it is
    // already there); it is then encoded as one id wherever it appears in a text. Not safe to
    // call while other threads use this tokenizer. Throws InvalidArgument for an empty token.
    virtual int add_special_token(const std::string& token) = 0;
    // Writes the tokenizer's files, added special tokens included, into `folder` (created if
    // needed), so that load_tokenizer(folder) gives the same ids. Throws IoError.
    virtual void save(const std::filesystem::path& folder) const = 0;
};

// The tokenizer of a model or run folder: tokenizer.model (SentencePiece, with
// special_tokens.json) when present, else tokenizer.json (Hugging Face, with
// tokenizer_config.json). `file` and `reason` (optional) say which file and why, for
// `semcot info`. Throws IoError when the folder has neither, FormatError for a bad file.
std::unique_ptr<Tokenizer> load_tokenizer(const std::filesystem::path& folder,
                                          std::filesystem::path* file = nullptr,
                                          std::string* reason = nullptr);
// Whether `folder` holds a tokenizer load_tokenizer can open (either file).
bool has_tokenizer(const std::filesystem::path& folder);

// Options for training a new SentencePiece model (the tiny preset trains its own).
struct TokenizerTrainOptions {
    std::vector<std::string> sentences; // corpus, one sentence/line each
    std::filesystem::path corpus_file;  // used instead when `sentences` is empty: one per line
    int vocab_size = 512;               // target size of the base vocabulary
    std::string model_type = "bpe";     // "bpe" or "unigram"
    bool byte_fallback = true;          // unknown characters become byte tokens
    double character_coverage = 1.0;    // share of characters covered by the vocabulary
    std::filesystem::path output;       // where tokenizer.model is written (atomically)
};

// SentencePiece through the project's dlopen'd module (libsemcot_spm.so); see DEVELOPERS.md
// for why it cannot be linked directly. Extra special tokens are appended after the base
// vocabulary and kept in `special_tokens.json` beside tokenizer.model.
class SentencePieceTokenizer final : public Tokenizer {
public:
    // Loads `model_path` (tokenizer.model) and, if present, special_tokens.json beside it.
    // Throws IoError/FormatError naming the file.
    static std::unique_ptr<SentencePieceTokenizer> load(const std::filesystem::path& model_path);
    // Trains a model from `options.sentences` (or `options.corpus_file`) with llama-style
    // settings (unk=0, bos=1, eos=2, no pad: pad_id() is -1, split digits, identity
    // normalisation, dummy prefix, whitespace kept) and writes it to `options.output`.
    // Throws InvalidArgument for bad options or a failed training, IoError when writing fails.
    static void train(const TokenizerTrainOptions& options);

    ~SentencePieceTokenizer() override;

    std::vector<int> encode(const std::string& text) const override;
    std::string decode(const std::vector<int>& ids) const override;
    std::string id_to_piece(int id) const override;
    int piece_to_id(const std::string& piece) const override;
    int vocab_size() const override;
    int bos_id() const override;
    int eos_id() const override;
    int unk_id() const override;
    int pad_id() const override;

    int base_vocab_size() const;                            // SentencePiece's own vocabulary
    const std::vector<std::string>& special_tokens() const; // extra tokens, in id order
    int add_special_token(const std::string& token) override;
    // Writes special_tokens.json into `folder` (atomically).
    void save_special_tokens(const std::filesystem::path& folder) const;
    // Copies tokenizer.model and special_tokens.json into `folder`.
    void save(const std::filesystem::path& folder) const override;

private:
    struct Impl;
    explicit SentencePieceTokenizer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace semcot
