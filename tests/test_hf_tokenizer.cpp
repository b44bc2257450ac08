// Hugging Face tokenizer.json: the real files of Llama 3, Qwen3 and Mistral (../shared/
// tokenizers, skipped when absent) give, for a corpus of hard strings, exactly the ids of
// Hugging Face's JavaScript port (tests/data/hf_tokenizers/expected.json, written by
// tests/reference/hf_tokenizer_ids.mjs); decoding gives the text back; streaming never splits a
// character; broken files name the file and the part.
#include "support/qtest_compat.h"

#include "common/error.h"
#include "common/platform.h"
#include "tokenizer/hf_tokenizer.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/text_streamer.h"

#include <nlohmann/json.hpp>
#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path shared_tokenizers() {
    return fs::path(test_paths::shared_dir()) / "tokenizers";
}

json expected() {
    return json::parse(
        semcot::read_file(fs::path(test_paths::data_dir()) / "hf_tokenizers" / "expected.json"));
}

json corpus() {
    return json::parse(
        semcot::read_file(fs::path(test_paths::data_dir()) / "hf_tokenizers" / "corpus.json"));
}

std::string nfc(const std::string& s) {
    utf8proc_uint8_t* out = utf8proc_NFC(reinterpret_cast<const utf8proc_uint8_t*>(s.c_str()));
    std::string r(reinterpret_cast<char*>(out));
    std::free(out);
    return r;
}

} // namespace

class TestHfTokenizer final : public QObject {
    Q_OBJECT
private slots:
    void idsMatchTheReference();
    void decodeGivesTheTextBack();
    void streamingKeepsCharactersWhole();
    void specialTokensAndConfig();
    void brokenFilesNameThePart();
    void bosAsTheReferenceAddsIt();
    void addedSpecialTokenIsSavedAndLoaded();
};

void TestHfTokenizer::idsMatchTheReference() {
    if (!fs::exists(shared_tokenizers())) QSKIP("../shared/tokenizers not present");
    const json exp = expected();
    const json texts = corpus();
    for (const auto& [family, rows] : exp["families"].items()) {
        auto tok = semcot::HfTokenizer::load(shared_tokenizers() / family / "tokenizer.json");
        std::size_t matched = 0, total = 0;
        for (std::size_t i = 0; i < texts.size(); ++i) {
            const auto want = rows[i].get<std::vector<int>>();
            const auto got = tok->encode(texts[i].get<std::string>());
            total += want.size();
            for (std::size_t k = 0; k < std::min(want.size(), got.size()); ++k)
                matched += want[k] == got[k];
            QVERIFY2(got == want, (family + ": text " + std::to_string(i) + " '" +
                                   texts[i].get<std::string>() + "'")
                                      .c_str());
        }
        std::printf("%s: %zu of %zu ids match the reference\n", family.c_str(), matched, total);
    }
}

void TestHfTokenizer::decodeGivesTheTextBack() {
    if (!fs::exists(shared_tokenizers())) QSKIP("../shared/tokenizers not present");
    for (const char* family : {"llama3", "qwen3", "mistral"}) {
        auto tok = semcot::HfTokenizer::load(shared_tokenizers() / family / "tokenizer.json");
        for (const auto& t : corpus()) {
            const std::string text = t.get<std::string>();
            const auto ids = tok->encode(text);
            bool has_special = false;
            for (int id : ids)
                has_special |= id == tok->bos_id() || id == tok->eos_id() || id == tok->pad_id();
            if (has_special) continue; // decode drops BOS/EOS/pad by design
            const std::string want = std::string(family) == "qwen3" ? nfc(text) : text;
            QVERIFY2(tok->decode(ids) == want, (std::string(family) + ": '" + text + "'").c_str());
        }
    }
}

void TestHfTokenizer::streamingKeepsCharactersWhole() {
    if (!fs::exists(shared_tokenizers())) QSKIP("../shared/tokenizers not present");
    for (const char* family : {"llama3", "qwen3", "mistral"}) {
        auto tok = semcot::HfTokenizer::load(shared_tokenizers() / family / "tokenizer.json");
        for (const auto& t : corpus()) {
            const auto ids = tok->encode(t.get<std::string>());
            semcot::TextStreamer streamer(*tok);
            std::string streamed;
            for (int id : ids) {
                const std::string chunk = streamer.push(id);
                QVERIFY(chunk.size() < 3 ||
                        chunk.compare(chunk.size() - 3, 3, "\xEF\xBF\xBD") != 0);
                streamed += chunk;
            }
            streamed += streamer.finish();
            QCOMPARE(streamed, tok->decode(ids));
        }
    }
}

void TestHfTokenizer::specialTokensAndConfig() {
    if (!fs::exists(shared_tokenizers())) QSKIP("../shared/tokenizers not present");
    auto llama = semcot::HfTokenizer::load(shared_tokenizers() / "llama3" / "tokenizer.json");
    QCOMPARE(llama->bos_id(), 128000);
    QCOMPARE(llama->vocab_size(), 128256);
    QCOMPARE(llama->piece_to_id("<|eot_id|>"), 128009);
    QCOMPARE(llama->encode("<|eot_id|>"), std::vector<int>{128009});
    QCOMPARE(llama->id_to_piece(9906), std::string("Hello"));
    auto mistral = semcot::HfTokenizer::load(shared_tokenizers() / "mistral" / "tokenizer.json");
    QCOMPARE(mistral->bos_id(), 1);
    QCOMPARE(mistral->eos_id(), 2);
    QCOMPARE(mistral->unk_id(), 0);
    QCOMPARE(mistral->decode({1, 22557, 2}), std::string("Hello"));
    QVERIFY_THROWS_EXCEPTION(semcot::InvalidArgument, mistral->decode({40000}));
}

void TestHfTokenizer::brokenFilesNameThePart() {
    const fs::path dir = fs::path(test_paths::tmp_dir()) / "hf_tokenizer_bad";
    fs::create_directories(dir);
    const json base = {
        {"model", {{"type", "BPE"}, {"vocab", {{"a", 0}, {"b", 1}}}, {"merges", json::array()}}}};
    struct Case {
        json change;
        std::string needle;
    };
    const std::vector<Case> cases = {
        {{{"model", {{"type", "WordPiece"}, {"vocab", json::object()}}}}, "WordPiece"},
        {{{"normalizer", {{"type", "NFKC"}}}}, "normalizer 'NFKC'"},
        {{{"pre_tokenizer", {{"type", "Whitespace"}}}}, "pre_tokenizer 'Whitespace'"},
        {{{"decoder", {{"type", "WordPiece"}}}}, "decoder 'WordPiece'"},
        {{{"pre_tokenizer", {{"type", "Split"}, {"pattern", {{"Regex", "(("}}}}}},
         "does not compile"},
        {{{"model", {{"type", "BPE"}, {"vocab", {{"a", 0}}}, {"merges", {"ab"}}}}}, "merge 'ab'"},
    };
    for (const Case& c : cases) {
        json j = base;
        j.update(c.change);
        const fs::path file = dir / "tokenizer.json";
        semcot::write_file_atomic(file, j.dump());
        try {
            semcot::HfTokenizer::load(file);
            QFAIL(("accepted " + c.change.dump()).c_str());
        } catch (const semcot::FormatError& e) {
            const std::string msg = e.what();
            QVERIFY2(msg.find(file.string()) == 0 && msg.find(c.needle) != std::string::npos,
                     msg.c_str());
        }
    }
}

// Whether a model's input starts with BOS follows Hugging Face's rule (add_bos_token, else the
// post-processor's template): the JavaScript port's ids with add_special_tokens are exactly
// BOS (when add_bos()) + encode(). Mistral: <s>; Qwen3 and this Llama 3 file: none.
void TestHfTokenizer::bosAsTheReferenceAddsIt() {
    if (!fs::exists(shared_tokenizers())) QSKIP("../shared/tokenizers not present");
    const json exp = expected();
    const json texts = corpus();
    const std::map<std::string, bool> bos = {{"llama3", false}, {"qwen3", false}, {"mistral", true}};
    for (const auto& [family, rows] : exp["with_special_tokens"].items()) {
        auto tok = semcot::HfTokenizer::load(shared_tokenizers() / family / "tokenizer.json");
        QCOMPARE(tok->add_bos(), bos.at(family));
        for (std::size_t i = 0; i < rows.size(); ++i) {
            std::vector<int> got;
            if (tok->add_bos()) got.push_back(tok->bos_id());
            for (int id : tok->encode(texts[i].get<std::string>())) got.push_back(id);
            QVERIFY2(got == rows[i].get<std::vector<int>>(), (family + " " + std::to_string(i)).c_str());
        }
    }
    // add_bos_token counts for the classes that read it (LlamaTokenizer here); other classes
    // (PreTrainedTokenizerFast) follow the post-processor, Mistral's template starting with <s>.
    const fs::path dir = fs::path(test_paths::tmp_dir()) / "hf_add_bos";
    fs::create_directories(dir);
    fs::copy_file(shared_tokenizers() / "mistral" / "tokenizer.json", dir / "tokenizer.json",
                  fs::copy_options::overwrite_existing);
    json config = json::parse(
        semcot::read_file(shared_tokenizers() / "mistral" / "tokenizer_config.json"));
    config["add_bos_token"] = false;
    semcot::write_file_atomic(dir / "tokenizer_config.json", config.dump());
    QVERIFY(!semcot::HfTokenizer::load(dir / "tokenizer.json")->add_bos());
    config["tokenizer_class"] = "PreTrainedTokenizerFast";
    semcot::write_file_atomic(dir / "tokenizer_config.json", config.dump());
    QVERIFY(semcot::HfTokenizer::load(dir / "tokenizer.json")->add_bos());
}

// <thought> added to a real tokenizer.json gets the next id, is one id inside a text, and
// survives save + load (added_tokens), with tokenizer_config.json's tokens and BOS rule. The
// saved files give Hugging Face's JavaScript port the same ids and text (recorded below from
// tests/reference/hf_added_token_ids.mjs); Mistral's Prepend normaliser starts the text after a
// special token with another "▁", so its decoding has two spaces there, in the reference too.
void TestHfTokenizer::addedSpecialTokenIsSavedAndLoaded() {
    if (!fs::exists(shared_tokenizers())) QSKIP("../shared/tokenizers not present");
    for (const char* family : {"llama3", "qwen3", "mistral"}) {
        auto tok = semcot::HfTokenizer::load(shared_tokenizers() / family / "tokenizer.json");
        const int size = tok->vocab_size();
        const int id = tok->add_special_token("<thought>");
        QCOMPARE(id, size);
        QCOMPARE(tok->add_special_token("<thought>"), id); // already there
        QCOMPARE(tok->vocab_size(), size + 1);
        const auto ids = tok->encode("Q<thought><thought> A");
        QCOMPARE(std::count(ids.begin(), ids.end(), id), std::ptrdiff_t(2));
        const fs::path dir = fs::path(test_paths::tmp_dir()) / (std::string("hf_saved_") + family);
        fs::remove_all(dir);
        tok->save(dir);
        auto back = semcot::load_tokenizer(dir);
        QCOMPARE(back->vocab_size(), size + 1);
        QCOMPARE(back->piece_to_id("<thought>"), id);
        QCOMPARE(back->encode("Q<thought><thought> A"), ids);
        QCOMPARE(back->bos_id(), tok->bos_id());
        QCOMPARE(back->eos_id(), tok->eos_id());
        QCOMPARE(back->add_bos(), tok->add_bos());
        const std::string text = "Hello, world! 1234 <thought> done.";
        const std::map<std::string, std::pair<std::vector<int>, std::string>> reference = {
            {"llama3", {{9906, 11, 1917, 0, 220, 4513, 19, 220, 128256, 2884, 13}, text}},
            {"qwen3", {{9707, 11, 1879, 0, 220, 16, 17, 18, 19, 220, 151669, 2814, 13}, text}},
            {"mistral",
             {{22557, 28725, 1526, 28808, 28705, 28740, 28750, 28770, 28781, 28705, 32000, 28705,
               2203, 28723},
              "Hello, world! 1234 <thought>  done."}}};
        QCOMPARE(back->encode(text), reference.at(family).first);
        QCOMPARE(back->decode(back->encode(text)), reference.at(family).second);
    }
}

QTEST_APPLESS_MAIN(TestHfTokenizer)
#include "test_hf_tokenizer.moc"
