#include "tokenizer/hf_tokenizer.h"

#include "common/error.h"
#include "common/platform.h"

#include <nlohmann/json.hpp>
#include <utf8proc.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

namespace semcot {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// ---- UTF-8 helpers -------------------------------------------------------------------------

// Code points of `s` as UTF-8 substrings (s is valid UTF-8).
std::vector<std::string> utf8_chars(const std::string& s) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        out.push_back(s.substr(i, n));
        i += n;
    }
    return out;
}

std::string utf8_encode(uint32_t cp) {
    std::string out;
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
    return out;
}

// Bytes as text, invalid sequences replaced by U+FFFD (as Rust's from_utf8_lossy).
std::string utf8_lossy(const std::string& bytes) {
    std::string out;
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(bytes.data());
    utf8proc_ssize_t left = utf8proc_ssize_t(bytes.size());
    while (left > 0) {
        utf8proc_int32_t cp = 0;
        const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n < 0) {
            out += "\xEF\xBF\xBD";
            ++p;
            --left;
            continue;
        }
        out.append(reinterpret_cast<const char*>(p), std::size_t(n));
        p += n;
        left -= n;
    }
    return out;
}

bool valid_utf8(const std::string& s) {
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
    utf8proc_ssize_t left = utf8proc_ssize_t(s.size());
    while (left > 0) {
        utf8proc_int32_t cp = 0;
        const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n < 0) return false;
        p += n;
        left -= n;
    }
    return true;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    if (from.empty()) return s;
    for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
        s.replace(p, from.size(), to);
    return s;
}

// GPT-2's reversible byte <-> printable code point map (ByteLevel).
struct ByteMap {
    std::string to_char[256];
    std::unordered_map<std::string, unsigned char> to_byte;
    ByteMap() {
        int n = 0;
        for (int b = 0; b < 256; ++b) {
            const bool keep = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174);
            const uint32_t cp = keep ? uint32_t(b) : uint32_t(256 + n++);
            to_char[b] = utf8_encode(cp);
            to_byte[to_char[b]] = static_cast<unsigned char>(b);
        }
    }
};
const ByteMap& byte_map() {
    static const ByteMap map;
    return map;
}

// ---- PCRE2 ----------------------------------------------------------------------------------

class Regex {
public:
    Regex(const std::string& pattern, const std::string& where) {
        int error = 0;
        PCRE2_SIZE offset = 0;
        code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.c_str()), pattern.size(),
                              PCRE2_UTF | PCRE2_UCP, &error, &offset, nullptr);
        if (!code_) {
            PCRE2_UCHAR message[256];
            pcre2_get_error_message(error, message, sizeof message);
            throw FormatError(where + ": regex '" + pattern +
                              "' does not compile: " + reinterpret_cast<const char*>(message));
        }
    }
    Regex(const Regex&) = delete;
    Regex& operator=(const Regex&) = delete;
    ~Regex() { pcre2_code_free(code_); }
    // [begin, end) of every non-overlapping match, left to right.
    std::vector<std::pair<std::size_t, std::size_t>> find_all(const std::string& s) const {
        std::vector<std::pair<std::size_t, std::size_t>> out;
        pcre2_match_data* md = pcre2_match_data_create_from_pattern(code_, nullptr);
        std::size_t start = 0;
        while (start <= s.size()) {
            const int rc = pcre2_match(code_, reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(),
                                       start, PCRE2_NO_UTF_CHECK, md, nullptr);
            if (rc < 0) break;
            const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
            const std::size_t b = ov[0], e = ov[1];
            if (e == b) { // empty match: step over one character
                if (b >= s.size()) break;
                start = b + utf8_chars(s.substr(b, 4)).front().size();
                continue;
            }
            out.emplace_back(b, e);
            start = e;
        }
        pcre2_match_data_free(md);
        return out;
    }

private:
    pcre2_code* code_ = nullptr;
};

const char* const kGpt2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

std::string type_of(const json& j, const std::string& where) {
    if (!j.is_object() || !j.contains("type") || !j["type"].is_string())
        throw FormatError(where + ": expected an object with a 'type'");
    return j["type"].get<std::string>();
}

// A pattern object {"String": s} or {"Regex": r}.
struct Pattern {
    std::string literal;
    std::shared_ptr<Regex> regex;
    std::vector<std::pair<std::size_t, std::size_t>> find_all(const std::string& s) const {
        if (regex) return regex->find_all(s);
        std::vector<std::pair<std::size_t, std::size_t>> out;
        if (literal.empty()) return out;
        for (std::size_t p = s.find(literal); p != std::string::npos;
             p = s.find(literal, p + literal.size()))
            out.emplace_back(p, p + literal.size());
        return out;
    }
};

Pattern read_pattern(const json& j, const std::string& where) {
    Pattern p;
    if (j.is_object() && j.contains("String") && j["String"].is_string())
        p.literal = j["String"].get<std::string>();
    else if (j.is_object() && j.contains("Regex") && j["Regex"].is_string())
        p.regex = std::make_shared<Regex>(j["Regex"].get<std::string>(), where);
    else
        throw FormatError(where + ": 'pattern' must be {\"String\": ...} or {\"Regex\": ...}");
    return p;
}

// ---- normalisers ----------------------------------------------------------------------------

struct Normalizer {
    std::string type; // NFC, Prepend, Replace
    std::string text; // Prepend: prepend; Replace: content
    Pattern pattern;  // Replace
    std::string apply(const std::string& s) const {
        if (type == "NFC") {
            utf8proc_uint8_t* out =
                utf8proc_NFC(reinterpret_cast<const utf8proc_uint8_t*>(s.c_str()));
            if (!out) return s;
            std::string r(reinterpret_cast<char*>(out));
            std::free(out);
            return r;
        }
        if (type == "Prepend") return s.empty() ? s : text + s;
        std::string out; // Replace
        std::size_t last = 0;
        for (auto [b, e] : pattern.find_all(s)) {
            out += s.substr(last, b - last) + text;
            last = e;
        }
        return out + s.substr(last);
    }
};

void read_normalizers(const json& j, const std::string& where, std::vector<Normalizer>& out) {
    if (j.is_null()) return;
    const std::string type = type_of(j, where);
    if (type == "Sequence") {
        for (const auto& n : j.at("normalizers")) read_normalizers(n, where, out);
    } else if (type == "NFC") {
        out.push_back({type, {}, {}});
    } else if (type == "Prepend") {
        out.push_back({type, j.at("prepend").get<std::string>(), {}});
    } else if (type == "Replace") {
        out.push_back(
            {type, j.at("content").get<std::string>(), read_pattern(j.at("pattern"), where)});
    } else {
        throw FormatError(where + ": normalizer '" + type + "' is not supported");
    }
}

// ---- pre-tokenizers -------------------------------------------------------------------------

struct PreTokenizer {
    std::string type;    // Split, ByteLevel, Metaspace
    Pattern pattern;     // Split
    bool remove = false; // Split: behaviour Removed (else Isolated)
    bool prefix_space = false;
    std::shared_ptr<Regex> gpt2; // ByteLevel with use_regex
    std::string replacement;     // Metaspace
    bool split = true;           // Metaspace

    // Splits every piece further (and maps ByteLevel's bytes).
    std::vector<std::string> apply(const std::vector<std::string>& pieces) const {
        std::vector<std::string> out;
        for (const std::string& piece : pieces) {
            if (type == "Split" || (type == "ByteLevel" && gpt2)) {
                const auto matches =
                    type == "Split" ? pattern.find_all(piece) : gpt2->find_all(piece);
                std::size_t last = 0;
                for (auto [b, e] : matches) {
                    if (b > last) out.push_back(piece.substr(last, b - last));
                    if (!remove) out.push_back(piece.substr(b, e - b));
                    last = e;
                }
                if (last < piece.size()) out.push_back(piece.substr(last));
            } else if (type == "Metaspace") {
                std::string s = replace_all(piece, " ", replacement);
                if (prefix_space && s.compare(0, replacement.size(), replacement) != 0)
                    s = replacement + s;
                if (!split) {
                    out.push_back(s);
                    continue;
                }
                std::size_t start = 0;
                for (std::size_t p = s.find(replacement, replacement.size());
                     p != std::string::npos; p = s.find(replacement, p + replacement.size())) {
                    out.push_back(s.substr(start, p - start));
                    start = p;
                }
                out.push_back(s.substr(start));
            } else {
                out.push_back(piece);
            }
        }
        if (type == "ByteLevel") {
            const ByteMap& map = byte_map();
            for (std::size_t i = 0; i < out.size(); ++i) {
                std::string s = (prefix_space && i == 0 && !out[i].empty() && out[i][0] != ' ')
                                    ? " " + out[i]
                                    : out[i];
                std::string mapped;
                for (unsigned char c : s) mapped += map.to_char[c];
                out[i] = mapped;
            }
        }
        return out;
    }
};

void read_pre_tokenizers(const json& j, const std::string& where, std::vector<PreTokenizer>& out) {
    if (j.is_null()) return;
    const std::string type = type_of(j, where);
    PreTokenizer p;
    p.type = type;
    if (type == "Sequence") {
        for (const auto& n : j.at("pretokenizers")) read_pre_tokenizers(n, where, out);
        return;
    } else if (type == "Split") {
        p.pattern = read_pattern(j.at("pattern"), where);
        const std::string behaviour = j.value("behavior", "Isolated");
        if (behaviour != "Isolated" && behaviour != "Removed")
            throw FormatError(where + ": Split behavior '" + behaviour + "' is not supported");
        if (j.value("invert", false)) throw FormatError(where + ": Split invert is not supported");
        p.remove = behaviour == "Removed";
    } else if (type == "ByteLevel") {
        p.prefix_space = j.value("add_prefix_space", false);
        if (j.value("use_regex", true)) p.gpt2 = std::make_shared<Regex>(kGpt2Pattern, where);
    } else if (type == "Metaspace") {
        p.replacement = j.value("replacement", std::string("\xE2\x96\x81"));
        const std::string scheme = j.value("prepend_scheme", std::string("always"));
        if (scheme == "first")
            throw FormatError(where + ": Metaspace prepend_scheme 'first' is not supported");
        p.prefix_space = scheme == "always" && j.value("add_prefix_space", true);
        p.split = j.value("split", true);
    } else {
        throw FormatError(where + ": pre_tokenizer '" + type + "' is not supported");
    }
    out.push_back(std::move(p));
}

// ---- decoders -------------------------------------------------------------------------------

// ByteLevel: the characters that stand for bytes back to the bytes, as one UTF-8 text.
std::string byte_level_text(const std::vector<std::string>& tokens) {
    const ByteMap& map = byte_map();
    std::string bytes;
    for (const std::string& t : tokens)
        for (const std::string& ch : utf8_chars(t)) {
            auto it = map.to_byte.find(ch);
            if (it != map.to_byte.end())
                bytes += char(it->second);
            else
                bytes += ch;
        }
    return utf8_lossy(bytes);
}

// ByteFallback: runs of "<0xNN>" tokens become their bytes when those are valid UTF-8, else one
// U+FFFD per byte.
std::vector<std::string> byte_fallback_tokens(const std::vector<std::string>& tokens) {
    std::vector<std::string> out;
    std::string bytes;
    int pending = 0;
    auto flush = [&] {
        if (pending == 0) return;
        if (valid_utf8(bytes))
            out.push_back(bytes);
        else
            for (int i = 0; i < pending; ++i) out.push_back("\xEF\xBF\xBD");
        bytes.clear();
        pending = 0;
    };
    for (const std::string& t : tokens) {
        unsigned value = 0;
        if (t.size() == 6 && t.compare(0, 3, "<0x") == 0 && t[5] == '>' &&
            std::sscanf(t.c_str() + 3, "%2x", &value) == 1) {
            bytes += char(value);
            ++pending;
        } else {
            flush();
            out.push_back(t);
        }
    }
    flush();
    return out;
}

struct Decoder {
    std::string type;
    Pattern pattern;     // Replace
    std::string content; // Replace: content; Strip: content; Metaspace: replacement
    int start = 0, stop = 0;
    bool prefix_space = false;

    void apply(std::vector<std::string>& tokens) const {
        if (type == "ByteLevel") {
            tokens = {byte_level_text(tokens)};
        } else if (type == "Replace") {
            for (std::string& t : tokens) {
                std::string out;
                std::size_t last = 0;
                for (auto [b, e] : pattern.find_all(t)) {
                    out += t.substr(last, b - last) + content;
                    last = e;
                }
                t = out + t.substr(last);
            }
        } else if (type == "ByteFallback") {
            tokens = byte_fallback_tokens(tokens);
        } else if (type == "Fuse") {
            std::string all;
            for (const std::string& t : tokens) all += t;
            tokens = {all};
        } else if (type == "Strip") {
            for (std::string& t : tokens) {
                for (int i = 0; i < start && t.compare(0, content.size(), content) == 0; ++i)
                    t.erase(0, content.size());
                for (int i = 0; i < stop && t.size() >= content.size() &&
                                t.compare(t.size() - content.size(), content.size(), content) == 0;
                     ++i)
                    t.erase(t.size() - content.size());
            }
        } else if (type == "Metaspace") {
            for (std::size_t i = 0; i < tokens.size(); ++i) {
                std::string t = replace_all(tokens[i], content, " ");
                if (i == 0 && prefix_space && !t.empty() && t[0] == ' ') t.erase(0, 1);
                tokens[i] = t;
            }
        }
    }
};

void read_decoders(const json& j, const std::string& where, std::vector<Decoder>& out) {
    if (j.is_null()) return;
    const std::string type = type_of(j, where);
    Decoder d;
    d.type = type;
    if (type == "Sequence") {
        for (const auto& n : j.at("decoders")) read_decoders(n, where, out);
        return;
    } else if (type == "Replace") {
        d.pattern = read_pattern(j.at("pattern"), where);
        d.content = j.at("content").get<std::string>();
    } else if (type == "Strip") {
        d.content = j.at("content").get<std::string>();
        d.start = j.value("start", 0);
        d.stop = j.value("stop", 0);
    } else if (type == "Metaspace") {
        d.content = j.value("replacement", std::string("\xE2\x96\x81"));
        d.prefix_space = j.value("prepend_scheme", std::string("always")) != "never" &&
                         j.value("add_prefix_space", true);
    } else if (type != "ByteLevel" && type != "ByteFallback" && type != "Fuse") {
        throw FormatError(where + ": decoder '" + type + "' is not supported");
    }
    out.push_back(std::move(d));
}

struct AddedToken {
    int id;
    std::string content;
    bool special;
    bool lstrip, rstrip;
};

std::string token_text(const json& j) { // "x" or {"content": "x", ...}
    if (j.is_string()) return j.get<std::string>();
    if (j.is_object() && j.contains("content") && j["content"].is_string())
        return j["content"].get<std::string>();
    return {};
}

} // namespace

struct HfTokenizer::Impl {
    fs::path path;
    json document;                // tokenizer.json as read (save() writes it back)
    json config;                  // tokenizer_config.json, null without
    std::vector<AddedToken> extra; // special tokens added after loading
    bool add_bos = false;
    std::unordered_map<std::string, int> vocab;
    std::vector<std::string> id_to_token; // "" where no token
    std::map<std::pair<std::string, std::string>, int> merges;
    bool ignore_merges = false, byte_fallback = false, fuse_unk = false;
    int unk = -1, bos = -1, eos = -1, pad = -1;
    std::vector<Normalizer> normalizers;
    std::vector<PreTokenizer> pre_tokenizers;
    std::vector<Decoder> decoders;
    std::vector<AddedToken> added; // longest first
    std::unordered_map<int, const AddedToken*> added_by_id;
    mutable std::mutex cache_mutex;
    mutable std::unordered_map<std::string, std::vector<int>> cache; // word -> ids

    std::vector<int> bpe(const std::string& word) const {
        {
            std::lock_guard<std::mutex> lock(cache_mutex);
            if (auto it = cache.find(word); it != cache.end()) return it->second;
        }
        std::vector<int> ids;
        if (ignore_merges) {
            if (auto it = vocab.find(word); it != vocab.end()) ids = {it->second};
        }
        if (ids.empty()) {
            std::vector<std::string> symbols = utf8_chars(word);
            while (symbols.size() > 1) {
                int best = INT_MAX;
                std::size_t at = 0;
                for (std::size_t i = 0; i + 1 < symbols.size(); ++i) {
                    auto it = merges.find({symbols[i], symbols[i + 1]});
                    if (it != merges.end() && it->second < best) {
                        best = it->second;
                        at = i;
                    }
                }
                if (best == INT_MAX) break;
                symbols[at] += symbols[at + 1];
                symbols.erase(symbols.begin() + long(at) + 1);
            }
            for (const std::string& s : symbols) {
                if (auto it = vocab.find(s); it != vocab.end()) {
                    ids.push_back(it->second);
                } else if (byte_fallback) {
                    for (unsigned char c : s) {
                        char piece[8];
                        std::snprintf(piece, sizeof piece, "<0x%02X>", c);
                        auto b = vocab.find(piece);
                        if (b != vocab.end())
                            ids.push_back(b->second);
                        else if (unk >= 0)
                            ids.push_back(unk);
                    }
                } else if (unk >= 0) {
                    if (!(fuse_unk && !ids.empty() && ids.back() == unk)) ids.push_back(unk);
                } else {
                    throw InvalidArgument(path.string() + ": no token for '" + s +
                                          "' and no unk_token");
                }
            }
        }
        std::lock_guard<std::mutex> lock(cache_mutex);
        if (cache.size() < 200000) cache.emplace(word, ids);
        return ids;
    }

    void encode_plain(const std::string& text, std::vector<int>& out) const {
        if (text.empty()) return;
        std::string s = text;
        for (const auto& n : normalizers) s = n.apply(s);
        std::vector<std::string> pieces{s};
        for (const auto& p : pre_tokenizers) pieces = p.apply(pieces);
        for (const std::string& piece : pieces) {
            if (piece.empty()) continue;
            const auto ids = bpe(piece);
            out.insert(out.end(), ids.begin(), ids.end());
        }
    }

    // The BPE model: its vocabulary, merges (by rank), flags and unknown token.
    void read_model(const json& model, const std::string& where) {
        const std::string type = model.value("type", std::string("BPE"));
        if (type != "BPE")
            throw FormatError(where + ": model type '" + type + "' is not supported");
        auto non_empty = [&](const char* key) {
            const json v = model.value(key, json());
            return !v.is_null() && !(v.is_string() && v.get<std::string>().empty());
        };
        if (non_empty("continuing_subword_prefix") || non_empty("end_of_word_suffix"))
            throw FormatError(where + ": BPE continuing_subword_prefix / end_of_word_suffix are "
                                      "not supported");
        for (const auto& [token, id] : model.at("vocab").items()) {
            const int i = id.get<int>();
            vocab[token] = i;
            if (int(id_to_token.size()) <= i) id_to_token.resize(std::size_t(i) + 1);
            id_to_token[std::size_t(i)] = token;
        }
        read_merges(model.at("merges"), where);
        ignore_merges = model.value("ignore_merges", false);
        byte_fallback = model.value("byte_fallback", false);
        fuse_unk = model.value("fuse_unk", false);
        if (model.contains("unk_token") && model["unk_token"].is_string()) {
            auto it = vocab.find(model["unk_token"].get<std::string>());
            if (it != vocab.end()) unk = it->second;
        }
    }

    // Merges as "a b" strings or as ["a", "b"] pairs; the rank is the position.
    void read_merges(const json& list, const std::string& where) {
        int rank = 0;
        for (const auto& m : list) {
            std::pair<std::string, std::string> pair;
            if (m.is_string()) {
                const std::string s = m.get<std::string>();
                const std::size_t space = s.find(' ', 1);
                if (space == std::string::npos)
                    throw FormatError(where + ": merge '" + s + "' is not two tokens");
                pair = {s.substr(0, space), s.substr(space + 1)};
            } else {
                pair = {m.at(0).get<std::string>(), m.at(1).get<std::string>()};
            }
            merges.emplace(pair, rank++);
        }
    }

    // Added tokens (special or not) join the vocabulary; encode() matches them longest first.
    void read_added_tokens(const json& list) {
        for (const auto& a : list) {
            AddedToken t{a.at("id").get<int>(), a.at("content").get<std::string>(),
                         a.value("special", false), a.value("lstrip", false),
                         a.value("rstrip", false)};
            added.push_back(t);
            vocab[t.content] = t.id;
            if (int(id_to_token.size()) <= t.id) id_to_token.resize(std::size_t(t.id) + 1);
            id_to_token[std::size_t(t.id)] = t.content;
        }
        index_added_tokens();
    }

    // tokenizer_config.json beside tokenizer.json: the bos, eos, pad and unk tokens.
    void read_special_tokens(const fs::path& file) {
        json c;
        try {
            c = json::parse(read_file(file));
        } catch (const json::exception& e) {
            throw FormatError(file.string() + ": invalid JSON: " + e.what());
        }
        auto id_of = [&](const char* key) {
            if (!c.contains(key)) return -1;
            auto it = vocab.find(token_text(c[key]));
            return it == vocab.end() ? -1 : it->second;
        };
        bos = id_of("bos_token");
        eos = id_of("eos_token");
        pad = id_of("pad_token");
        if (const int u = id_of("unk_token"); u >= 0) unk = u;
        this->config = std::move(c);
    }

    // Hugging Face's rule: tokenizer_config.json's add_bos_token for the tokenizer classes that
    // rebuild the post-processor from it (Llama, Code Llama, Gemma; transformers 4.x), else the
    // post-processor's template (PreTrainedTokenizerFast ignores add_bos_token).
    void read_add_bos() {
        static const std::set<std::string> kClassesWithAddBos = {
            "LlamaTokenizer",     "LlamaTokenizerFast", "CodeLlamaTokenizer",
            "CodeLlamaTokenizerFast", "GemmaTokenizer", "GemmaTokenizerFast"};
        const bool reads_add_bos =
            config.is_object() &&
            kClassesWithAddBos.count(config.value("tokenizer_class", std::string())) > 0;
        if (reads_add_bos && config.contains("add_bos_token") &&
            config["add_bos_token"].is_boolean()) {
            add_bos = config["add_bos_token"].get<bool>();
            return;
        }
        add_bos = bos >= 0 && template_starts_with_bos(document.value("post_processor", json()));
    }

    bool template_starts_with_bos(const json& p) const {
        if (!p.is_object()) return false;
        const std::string type = p.value("type", "");
        if (type == "Sequence") {
            for (const auto& q : p.value("processors", json::array()))
                if (template_starts_with_bos(q)) return true;
            return false;
        }
        if (type != "TemplateProcessing" || !p.contains("single") || !p["single"].is_array() ||
            p["single"].empty())
            return false;
        const json& first = p["single"][0];
        if (!first.contains("SpecialToken")) return false;
        const std::string token = first["SpecialToken"].value("id", "");
        const auto it = vocab.find(token);
        return it != vocab.end() && it->second == bos;
    }

    void index_added_tokens() {
        std::stable_sort(added.begin(), added.end(), [](const AddedToken& a, const AddedToken& b) {
            return a.content.size() > b.content.size();
        });
        added_by_id.clear();
        for (const auto& a : added) added_by_id[a.id] = &a;
    }
};

HfTokenizer::HfTokenizer(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
HfTokenizer::~HfTokenizer() = default;

std::unique_ptr<HfTokenizer> HfTokenizer::load(const fs::path& path) {
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    const std::string where = path.string();
    json j;
    try {
        j = json::parse(read_file(path));
    } catch (const json::exception& e) {
        throw FormatError(where + ": invalid JSON: " + e.what());
    }
    try {
        impl->read_model(j.at("model"), where);
        read_normalizers(j.value("normalizer", json()), where, impl->normalizers);
        read_pre_tokenizers(j.value("pre_tokenizer", json()), where, impl->pre_tokenizers);
        read_decoders(j.value("decoder", json()), where, impl->decoders);
        impl->read_added_tokens(j.value("added_tokens", json::array()));
    } catch (const json::exception& e) {
        throw FormatError(where + ": " + e.what());
    }

    impl->document = std::move(j);
    const fs::path config = path.parent_path() / "tokenizer_config.json";
    if (fs::exists(config)) impl->read_special_tokens(config);
    impl->read_add_bos();
    return std::unique_ptr<HfTokenizer>(new HfTokenizer(std::move(impl)));
}

bool HfTokenizer::add_bos() const {
    return impl_->add_bos;
}

int HfTokenizer::add_special_token(const std::string& token) {
    if (token.empty()) throw InvalidArgument("a special token cannot be empty");
    if (auto it = impl_->vocab.find(token); it != impl_->vocab.end()) return it->second;
    const AddedToken t{vocab_size(), token, /*special=*/true, false, false};
    impl_->added.push_back(t);
    impl_->extra.push_back(t);
    impl_->vocab[token] = t.id;
    impl_->id_to_token.push_back(token);
    impl_->index_added_tokens();
    return t.id;
}

void HfTokenizer::save(const fs::path& folder) const {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw IoError("cannot create " + folder.string() + ": " + ec.message());
    json doc = impl_->document;
    if (!doc.contains("added_tokens") || !doc["added_tokens"].is_array())
        doc["added_tokens"] = json::array();
    for (const auto& t : impl_->extra)
        doc["added_tokens"].push_back({{"id", t.id},
                                       {"content", t.content},
                                       {"single_word", false},
                                       {"lstrip", false},
                                       {"rstrip", false},
                                       {"normalized", false},
                                       {"special", true}});
    write_file_atomic(folder / "tokenizer.json", doc.dump(2) + "\n");
    if (!impl_->config.is_null())
        write_file_atomic(folder / "tokenizer_config.json", impl_->config.dump(2) + "\n");
}

std::vector<int> HfTokenizer::encode(const std::string& text) const {
    std::vector<int> out;
    std::size_t last = 0, i = 0;
    const auto& added = impl_->added;
    while (i < text.size()) {
        const AddedToken* hit = nullptr;
        for (const auto& a : added)
            if (!a.content.empty() && text.compare(i, a.content.size(), a.content) == 0) {
                hit = &a;
                break;
            }
        if (!hit) {
            ++i;
            continue;
        }
        std::size_t end_plain = i, next = i + hit->content.size();
        if (hit->lstrip)
            while (end_plain > last &&
                   std::isspace(static_cast<unsigned char>(text[end_plain - 1])))
                --end_plain;
        if (hit->rstrip)
            while (next < text.size() && std::isspace(static_cast<unsigned char>(text[next])))
                ++next;
        impl_->encode_plain(text.substr(last, end_plain - last), out);
        out.push_back(hit->id);
        last = i = next;
    }
    impl_->encode_plain(text.substr(last), out);
    return out;
}

std::string HfTokenizer::decode(const std::vector<int>& ids) const {
    std::vector<std::string> tokens;
    for (int id : ids) {
        if (id < 0 || id >= vocab_size())
            throw InvalidArgument("decoding: id " + std::to_string(id) + " is out of range [0, " +
                                  std::to_string(vocab_size()) + ")");
        if (id == impl_->bos || id == impl_->eos || id == impl_->pad) continue;
        tokens.push_back(impl_->id_to_token[std::size_t(id)]);
    }
    for (const auto& d : impl_->decoders) d.apply(tokens);
    std::string out;
    for (const std::string& t : tokens) out += t;
    return out;
}

std::string HfTokenizer::id_to_piece(int id) const {
    if (id < 0 || id >= vocab_size())
        throw InvalidArgument("token id " + std::to_string(id) + " is out of range");
    return impl_->id_to_token[std::size_t(id)];
}

int HfTokenizer::piece_to_id(const std::string& piece) const {
    auto it = impl_->vocab.find(piece);
    return it == impl_->vocab.end() ? impl_->unk : it->second;
}

int HfTokenizer::vocab_size() const {
    return int(impl_->id_to_token.size());
}
int HfTokenizer::bos_id() const {
    return impl_->bos;
}
int HfTokenizer::eos_id() const {
    return impl_->eos;
}
int HfTokenizer::unk_id() const {
    return impl_->unk;
}
int HfTokenizer::pad_id() const {
    return impl_->pad;
}

} // namespace semcot
