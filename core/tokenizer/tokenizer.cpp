#include "tokenizer/tokenizer.h"

#include "common/error.h"
#include "tokenizer/hf_tokenizer.h"

namespace semcot {

namespace fs = std::filesystem;

std::unique_ptr<Tokenizer> load_tokenizer(const fs::path& folder, fs::path* file,
                                          std::string* reason) {
    const fs::path spm = folder / "tokenizer.model", hf = folder / "tokenizer.json";
    if (fs::exists(spm)) {
        if (file) *file = spm;
        if (reason)
            *reason = fs::exists(hf) ? "SentencePiece, preferred to tokenizer.json (the ids of "
                                       "the slow tokenizer the model was trained with)"
                                     : "SentencePiece";
        return SentencePieceTokenizer::load(spm);
    }
    if (fs::exists(hf)) {
        if (file) *file = hf;
        if (reason) *reason = "Hugging Face tokenizer.json (no tokenizer.model)";
        return HfTokenizer::load(hf);
    }
    throw IoError(folder.string() +
                  ": no tokenizer.model or tokenizer.json (the folder needs its tokenizer)");
}

bool has_tokenizer(const fs::path& folder) {
    return fs::exists(folder / "tokenizer.model") || fs::exists(folder / "tokenizer.json");
}

} // namespace semcot
