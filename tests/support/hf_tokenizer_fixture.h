// A small byte-level BPE tokenizer.json, written by the tests that need a Hugging Face model
// folder without downloading one: GPT-2's 256 byte characters as the base vocabulary, then
// merges that build every word of a corpus into one token (each word also with its leading
// space, "Ġword"), then the special tokens as added_tokens; pre-tokenizer and decoder
// ByteLevel, as Llama 3 and Qwen write theirs. tokenizer_config.json names EOS and, when
// there is one, BOS: added by add_bos_token (Llama) or by the post-processor's template
// (Mistral), or no BOS at all (Qwen). Its ids were checked once against Hugging Face's
// JavaScript port (@huggingface/tokenizers) on coin-flip text, odd spacing and <thought>.
#pragma once

#include "common/platform.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace test_tokenizers {

// How a sequence gets its BOS token.
enum class BosRule {
    none,      // no bos_token (Qwen)
    config,    // tokenizer_config.json add_bos_token: true (LlamaTokenizerFast)
    template_, // no add_bos_token; a TemplateProcessing post-processor starts with it (Mistral)
};

struct ByteLevelBpeSpec {
    std::vector<std::string> corpus; // ASCII texts whose words become single tokens
    std::string eos = "<|endoftext|>";
    std::string bos;                  // empty: none (then bos_rule must be none)
    BosRule bos_rule = BosRule::none; // how BOS is added
};

// GPT-2's pre-tokenisation regex on ASCII text (\p{L} -> [A-Za-z], \p{N} -> [0-9]): the pieces
// BPE sees, before their bytes are mapped.
inline std::vector<std::string> gpt2_pieces(const std::string& text) {
    static const std::regex pattern(
        R"('s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+)");
    std::vector<std::string> out;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern);
         it != std::sregex_iterator(); ++it)
        out.push_back(it->str());
    return out;
}

// GPT-2's byte -> printable character map, as UTF-8 ("Ġ" for the space, "Ċ" for '\n').
inline const std::vector<std::string>& gpt2_byte_chars() {
    static const std::vector<std::string> chars = [] {
        auto utf8 = [](uint32_t cp) {
            std::string s;
            if (cp < 0x80) {
                s += char(cp);
            } else {
                s += char(0xC0 | (cp >> 6));
                s += char(0x80 | (cp & 0x3F));
            }
            return s;
        };
        std::vector<std::string> out(256);
        int n = 0;
        for (int b = 0; b < 256; ++b) {
            const bool keep = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174;
            out[size_t(b)] = utf8(keep ? uint32_t(b) : uint32_t(256 + n++));
        }
        return out;
    }();
    return chars;
}

// tokenizer.json and tokenizer_config.json for `spec` in `folder` (created); returns the size
// of the vocabulary (added tokens included).
inline int write_byte_level_bpe(const std::filesystem::path& folder, const ByteLevelBpeSpec& spec) {
    using nlohmann::json;
    if ((spec.bos_rule == BosRule::none) != spec.bos.empty())
        throw std::invalid_argument("a BOS token needs a BosRule, and a BosRule a BOS token");
    const auto& byte_chars = gpt2_byte_chars();
    auto mapped = [&](const std::string& piece) {
        std::vector<std::string> symbols;
        for (unsigned char c : piece) {
            if (c >= 0x80) throw std::invalid_argument("the fixture's corpus must be ASCII");
            symbols.push_back(byte_chars[c]);
        }
        return symbols;
    };
    // The words, each alone and with its leading space ("Ġword"); the spaced forms first, so
    // that theirs are the plain prefix chains.
    std::vector<std::string> spaced, bare;
    std::set<std::string> seen;
    auto add = [&](const std::string& piece) {
        if (piece.size() >= 2 && seen.insert(piece).second)
            (piece[0] == ' ' ? spaced : bare).push_back(piece);
    };
    for (const std::string& text : spec.corpus)
        for (const std::string& piece : gpt2_pieces(text)) {
            add(piece);
            if (std::isalnum(static_cast<unsigned char>(piece[0]))) {
                add(" " + piece);
            } else if (piece[0] == ' ' && piece.size() > 1 &&
                       std::isalnum(static_cast<unsigned char>(piece[1]))) {
                add(piece.substr(1));
            }
        }
    json vocab = json::object();
    int next_id = 0;
    for (const std::string& c : byte_chars) vocab[c] = next_id++;
    // Merges by rank; each word is run through BPE with the merges so far, and while it is
    // more than one token its first two symbols are merged by a new, last merge: "Ġ f" -> "Ġf",
    // "Ġf l" -> "Ġfl", ... when nothing earlier applies. A later merge never changes how an
    // earlier word merges (BPE takes the lowest rank that applies), so every word of the corpus
    // is one token.
    json merges = json::array();
    std::map<std::pair<std::string, std::string>, size_t> rank;
    auto bpe = [&](std::vector<std::string> symbols) {
        while (symbols.size() > 1) {
            size_t best = SIZE_MAX, at = 0;
            for (size_t i = 0; i + 1 < symbols.size(); ++i) {
                auto it = rank.find({symbols[i], symbols[i + 1]});
                if (it != rank.end() && it->second < best) {
                    best = it->second;
                    at = i;
                }
            }
            if (best == SIZE_MAX) break;
            symbols[at] += symbols[at + 1];
            symbols.erase(symbols.begin() + long(at) + 1);
        }
        return symbols;
    };
    std::vector<std::string> pieces = spaced;
    pieces.insert(pieces.end(), bare.begin(), bare.end());
    for (const std::string& piece : pieces)
        for (auto symbols = bpe(mapped(piece)); symbols.size() > 1; symbols = bpe(mapped(piece))) {
            rank.emplace(std::make_pair(symbols[0], symbols[1]), rank.size());
            merges.push_back(symbols[0] + " " + symbols[1]);
            if (!vocab.contains(symbols[0] + symbols[1]))
                vocab[symbols[0] + symbols[1]] = next_id++;
        }
    json added = json::array();
    std::map<std::string, int> special_ids;
    for (const std::string& token : {spec.bos, spec.eos}) {
        if (token.empty()) continue;
        special_ids[token] = next_id;
        added.push_back({{"id", next_id++},
                         {"content", token},
                         {"single_word", false},
                         {"lstrip", false},
                         {"rstrip", false},
                         {"normalized", false},
                         {"special", true}});
    }
    const json byte_level = {{"type", "ByteLevel"},
                             {"add_prefix_space", false},
                             {"trim_offsets", true},
                             {"use_regex", true}};
    json post = byte_level;
    if (spec.bos_rule == BosRule::template_) {
        const json bos_token = {{"SpecialToken", {{"id", spec.bos}, {"type_id", 0}}}};
        post = {{"type", "TemplateProcessing"},
                {"single", {bos_token, {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}}},
                {"pair",
                 {bos_token,
                  {{"Sequence", {{"id", "A"}, {"type_id", 0}}}},
                  bos_token,
                  {{"Sequence", {{"id", "B"}, {"type_id", 1}}}}}},
                {"special_tokens",
                 {{spec.bos,
                   {{"id", spec.bos}, {"ids", {special_ids[spec.bos]}}, {"tokens", {spec.bos}}}}}}};
    }
    const json tokenizer = {{"version", "1.0"},
                            {"truncation", nullptr},
                            {"padding", nullptr},
                            {"added_tokens", added},
                            {"normalizer", nullptr},
                            {"pre_tokenizer", byte_level},
                            {"post_processor", post},
                            {"decoder", byte_level},
                            {"model",
                             {{"type", "BPE"},
                              {"dropout", nullptr},
                              {"unk_token", nullptr},
                              {"continuing_subword_prefix", ""},
                              {"end_of_word_suffix", ""},
                              {"fuse_unk", false},
                              {"byte_fallback", false},
                              {"ignore_merges", false},
                              {"vocab", vocab},
                              {"merges", merges}}}};
    json config = {{"tokenizer_class", "PreTrainedTokenizerFast"},
                   {"model_max_length", 4096},
                   {"eos_token", spec.eos},
                   {"pad_token", nullptr},
                   {"bos_token", spec.bos.empty() ? json() : json(spec.bos)}};
    if (spec.bos_rule == BosRule::config) {
        // transformers' Llama tokenizer class rebuilds the post-processor from add_bos_token;
        // PreTrainedTokenizerFast would follow the post-processor and add none.
        config["tokenizer_class"] = "LlamaTokenizerFast";
        config["add_bos_token"] = true;
    }
    if (spec.bos_rule == BosRule::none) config["add_bos_token"] = false;
    std::filesystem::create_directories(folder);
    semcot::write_file_atomic(folder / "tokenizer.json", tokenizer.dump(2) + "\n");
    semcot::write_file_atomic(folder / "tokenizer_config.json", config.dump(2) + "\n");
    return next_id;
}

} // namespace test_tokenizers
