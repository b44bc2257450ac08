// Incremental detokenisation for streaming output (`semcot generate`, the app's explicit-CoT
// pane): tokens go in one at a time, text comes out as soon as it is final.
//
// The rule is that of Hugging Face tokenizers' `DecodeStream` (tokenizers >= 0.21,
// `decoders.rs: step`), which transformers' TextStreamer follows too:
//   - a new token is decoded together with the tokens since the previous emitted window
//     (prefix), because SentencePiece and byte-level BPE render a token differently at the
//     start of a text ("▁the" -> "the") than after others (" the");
//   - the difference to the prefix's text is emitted only when the decoded window is longer
//     than the prefix and does NOT end in U+FFFD (the replacement character). A tokenizer
//     decodes an incomplete UTF-8 sequence (byte-fallback tokens <0xF0><0x9F> of a 4-byte
//     emoji, or a byte-level BPE token holding half a character) to U+FFFD, so a text that
//     ends in it may still change when the next token arrives; the streamer waits for it;
//   - finish() emits whatever is left, U+FFFD included (a sequence that stays incomplete is
//     rendered as the whole-sequence decode renders it).
// Ids outside the tokenizer's vocabulary (a model whose embedding is padded past it) render as
// nothing, as Hugging Face's decode skips ids that have no token.
// The concatenation of everything push() and finish() return equals tok.decode(all ids) for
// SentencePiece and byte-level BPE tokenizers. Invalid UTF-8 in the middle of the output (a
// broken sequence followed by more text) is emitted as U+FFFD, as the whole decode does.
#pragma once

#include "tokenizer/tokenizer.h"

#include <string>
#include <vector>

namespace semcot {

class TextStreamer {
public:
    explicit TextStreamer(const Tokenizer& tokenizer)
        : tok_(tokenizer) {}

    // Adds one generated id; returns the text that became final (often empty).
    std::string push(int id);
    // Returns the text not yet emitted (call once, after the last token).
    std::string finish();
    // Everything emitted so far.
    const std::string& text() const { return emitted_; }

private:
    std::string step(bool final);
    std::string decode(std::size_t begin, std::size_t end) const;

    const Tokenizer& tok_;
    std::vector<int> ids_;
    std::size_t prefix_ = 0; // first id of the decode window
    std::size_t read_ = 0;   // ids already rendered into emitted_
    std::string emitted_;
};

} // namespace semcot
