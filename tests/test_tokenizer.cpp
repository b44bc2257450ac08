// SentencePieceTokenizer: training, round trips, special tokens, bad files, and exact ids of
// real tokenizers: the shipped teacher's (always) and stories260K's (llama2.c's tok512, from
// ../shared when present).
#include "support/qtest_compat.h"
#include "support/shipped_run.h"

#include "common/error.h"
#include "common/platform.h"
#include "tokenizer/spm_module.h"
#include "tokenizer/text_streamer.h"
#include "tokenizer/tokenizer.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

fs::path work_dir() {
    return fs::path(test_paths::tmp_dir()) / "tokenizer";
}

fs::path trained_model_path() {
    return work_dir() / "trained" / "tokenizer.model";
}

// A small generated corpus: simple stories with digits and punctuation.
std::vector<std::string> make_corpus() {
    const std::vector<std::string> names = {"Lily", "Tom", "Ben", "Mia", "Sue", "Max"};
    const std::vector<std::string> things = {"ball", "cat", "tree", "boat", "cake", "dog"};
    const std::vector<std::string> verbs = {"saw", "liked", "found", "wanted", "had", "made"};
    std::vector<std::string> corpus;
    for (std::size_t i = 0; i < 600; ++i) {
        const std::string& name = names[i % names.size()];
        const std::string& thing = things[(i / 6) % things.size()];
        const std::string& verb = verbs[(i / 36) % verbs.size()];
        corpus.push_back("Once upon a time, " + name + " " + verb + " a " + thing + ".");
        corpus.push_back(name + " was " + std::to_string(i % 97) + " years old; she said: \"Hi!\"");
        corpus.push_back("The " + thing + " cost " + std::to_string(i * 7) + " coins, (really)?");
    }
    return corpus;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// Trains the model once per run (shared by the cases that need it).
std::unique_ptr<semcot::SentencePieceTokenizer> trained() {
    static bool done = false;
    if (!done) {
        std::error_code ec;
        try {
            semcot::remove_tree(trained_model_path().parent_path());
        } catch (const semcot::IoError&) {
        }
        semcot::TokenizerTrainOptions options;
        options.sentences = make_corpus();
        options.vocab_size = 400;
        options.model_type = "bpe";
        options.byte_fallback = true;
        options.output = trained_model_path();
        semcot::SentencePieceTokenizer::train(options);
        done = true;
    }
    return semcot::SentencePieceTokenizer::load(trained_model_path());
}

fs::path shipped_model() {
    return test_paths::shipped_teacher() / "tokenizer.model";
}

std::string real_model() {
    return test_paths::shared_dir() + "/models/stories260K/tokenizer.model";
}

} // namespace

class TestTokenizer final : public QObject {
    Q_OBJECT

private slots:
    void moduleIsFound();
    void trainAndLoad();
    void roundTrips();
    void unknownIdsAreRejected();
    void specialTokens();
    void specialTokensSaveReload();
    void missingFile();
    void garbageFile();
    void badSpecialTokensJson();
    void badTrainOptions();
    void unigramModel();
    void shippedTokenizerIds();
    void shippedTokenizerRoundTrip();
    void realTokenizerIds();
    void realTokenizerRoundTrip();
    void worksBesideTorch();
    void streamerEmitsWholeCharacters();
    void streamerEqualsWholeDecode();
};

void TestTokenizer::moduleIsFound() {
    const semcot::SpmModule& m = semcot::spm_module();
    QVERIFY2(fs::exists(m.path), m.path.string().c_str());
    QCOMPARE(m.abi_version(), SEMCOT_SPM_ABI_VERSION);
    QVERIFY(semcot::spm_module_candidates().size() >= 2);
}

void TestTokenizer::trainAndLoad() {
    auto tok = trained();
    QVERIFY(fs::exists(trained_model_path()));
    QVERIFY(tok->vocab_size() > 256); // at least the byte pieces
    QVERIFY(tok->vocab_size() <= 400);
    QCOMPARE(tok->base_vocab_size(), tok->vocab_size());
    QCOMPARE(tok->unk_id(), 0);
    QCOMPARE(tok->bos_id(), 1);
    QCOMPARE(tok->eos_id(), 2);
    QCOMPARE(tok->pad_id(), -1);
    QCOMPARE(tok->id_to_piece(1), std::string("<s>"));
    QCOMPARE(tok->piece_to_id("</s>"), 2);
    QCOMPARE(tok->piece_to_id("no-such-piece-xyz"), tok->unk_id());
    QCOMPARE(tok->id_to_piece(tok->piece_to_id("<0x0A>")), std::string("<0x0A>"));
    // A common word from the corpus is a single piece.
    QCOMPARE(tok->encode("Once").size(), std::size_t(1));
    // Digits are split one per token.
    const std::vector<int> digits = tok->encode("12345");
    QVERIFY(digits.size() >= 5);
    QVERIFY(tok->encode("").empty());
    QCOMPARE(tok->decode({}), std::string());
    QVERIFY_THROWS_EXCEPTION(semcot::InvalidArgument, tok->id_to_piece(tok->vocab_size()));
    QVERIFY_THROWS_EXCEPTION(semcot::InvalidArgument, tok->id_to_piece(-1));
}

void TestTokenizer::roundTrips() {
    auto tok = trained();
    const std::vector<std::string> texts = {
        "Once upon a time, Lily saw a ball.",
        "The cake cost 1234567 coins, (really)?",
        "  leading and trailing spaces  ",
        "two  spaces and\ttab",
        "line one\nline two\n\nline four",
        "punctuation: !@#$%^&*()_+-=[]{};':\",./<>?`~|\\",
        "café naïve Ærø — “quotes” 日本語 😊",
        "x",
        " ",
    };
    for (const std::string& text : texts) {
        const std::vector<int> ids = tok->encode(text);
        QVERIFY2(!ids.empty(), text.c_str());
        for (int id : ids) QVERIFY2(id >= 0 && id < tok->vocab_size(), text.c_str());
        QCOMPARE(tok->decode(ids), text);
    }
    // Characters never seen in training use byte pieces rather than <unk>.
    for (int id : tok->encode("日本語 😊")) QVERIFY(id != tok->unk_id());
    // BOS and EOS are dropped by decode.
    std::vector<int> with_markers = tok->encode("Tom had a boat.");
    with_markers.insert(with_markers.begin(), tok->bos_id());
    with_markers.push_back(tok->eos_id());
    QCOMPARE(tok->decode(with_markers), std::string("Tom had a boat."));
}

void TestTokenizer::unknownIdsAreRejected() {
    auto tok = trained();
    QVERIFY_THROWS_EXCEPTION(semcot::InvalidArgument, tok->decode({5, tok->vocab_size()}));
    QVERIFY_THROWS_EXCEPTION(semcot::InvalidArgument, tok->decode({-3}));
}

void TestTokenizer::specialTokens() {
    auto tok = trained();
    const int base = tok->base_vocab_size();
    QCOMPARE(tok->add_special_token("<thought>"), base);
    QCOMPARE(tok->add_special_token("<thought>"), base); // already there
    QCOMPARE(tok->add_special_token("</thought>"), base + 1);
    QVERIFY_THROWS_EXCEPTION(semcot::InvalidArgument, tok->add_special_token(""));
    QCOMPARE(tok->vocab_size(), base + 2);
    QCOMPARE(tok->special_tokens().size(), std::size_t(2));
    QCOMPARE(tok->piece_to_id("<thought>"), base);
    QCOMPARE(tok->id_to_piece(base + 1), std::string("</thought>"));

    const std::string text = "Tom saw a cat.<thought> he liked it </thought>Then 42 cats.";
    const std::vector<int> ids = tok->encode(text);
    int thought = 0, end_thought = 0;
    for (int id : ids) {
        thought += id == base ? 1 : 0;
        end_thought += id == base + 1 ? 1 : 0;
    }
    QCOMPARE(thought, 1);
    QCOMPARE(end_thought, 1);
    QCOMPARE(tok->decode(ids), text);

    // Only the special token itself, repeated, at the start and the end.
    const std::vector<int> only = tok->encode("<thought><thought>");
    QCOMPARE(only, (std::vector<int>{base, base}));
    QCOMPARE(tok->decode({tok->bos_id(), base, base + 1, tok->eos_id()}),
             std::string("<thought></thought>"));
    // A partial match is ordinary text.
    const std::string partial = "<though t> <thought";
    for (int id : tok->encode(partial)) QVERIFY(id < base);
    QCOMPARE(tok->decode(tok->encode(partial)), partial);
}

void TestTokenizer::specialTokensSaveReload() {
    auto tok = trained();
    const int base = tok->base_vocab_size();
    tok->add_special_token("<thought>");
    const fs::path folder = work_dir() / "saved";
    std::error_code ec;
    try {
        semcot::remove_tree(folder);
    } catch (const semcot::IoError&) {
    }
    tok->save(folder);
    QVERIFY(fs::exists(folder / "tokenizer.model"));
    QVERIFY(fs::exists(folder / "special_tokens.json"));
    const std::string json = semcot::read_file(folder / "special_tokens.json");
    QVERIFY2(contains(json, "\"special_tokens\"") && contains(json, "<thought>"), json.c_str());

    auto reloaded = semcot::SentencePieceTokenizer::load(folder / "tokenizer.model");
    QCOMPARE(reloaded->base_vocab_size(), base);
    QCOMPARE(reloaded->vocab_size(), base + 1);
    QCOMPARE(reloaded->special_tokens(), std::vector<std::string>{"<thought>"});
    const std::string text = "Mia had a dog.<thought>Max made a cake.";
    QCOMPARE(reloaded->encode(text), tok->encode(text));
    QCOMPARE(reloaded->decode(reloaded->encode(text)), text);

    // The original model folder has no special_tokens.json: loading it gives the base vocab.
    QCOMPARE(trained()->vocab_size(), base);
}

void TestTokenizer::missingFile() {
    const fs::path missing = work_dir() / "missing" / "tokenizer.model";
    try {
        semcot::SentencePieceTokenizer::load(missing);
        QFAIL("loading a missing file did not throw");
    } catch (const semcot::IoError& e) {
        QVERIFY2(contains(e.what(), missing.string()), e.what());
    }
}

void TestTokenizer::garbageFile() {
    const fs::path folder = work_dir() / "garbage";
    fs::create_directories(folder);
    for (const std::string& bytes : {std::string("this is not a sentencepiece model\n"),
                                     std::string(), std::string("\xff\xfe\x00\x01garbage", 11)}) {
        const fs::path path = folder / "tokenizer.model";
        semcot::write_file_atomic(path, bytes);
        try {
            semcot::SentencePieceTokenizer::load(path);
            QFAIL("loading garbage did not throw");
        } catch (const semcot::FormatError& e) {
            QVERIFY2(contains(e.what(), path.string()), e.what());
        }
    }
}

void TestTokenizer::badSpecialTokensJson() {
    const fs::path folder = work_dir() / "badjson";
    std::error_code ec;
    try {
        semcot::remove_tree(folder);
    } catch (const semcot::IoError&) {
    }
    trained()->save(folder);
    const fs::path json = folder / "special_tokens.json";
    for (const std::string& text :
         {std::string("{not json"), std::string(R"({"special_tokens": [1]})"),
          std::string(R"({"other": []})"), std::string(R"({"special_tokens": ["<a>", "<a>"]})")}) {
        semcot::write_file_atomic(json, text);
        try {
            semcot::SentencePieceTokenizer::load(folder / "tokenizer.model");
            QFAIL("a bad special_tokens.json did not throw");
        } catch (const semcot::FormatError& e) {
            QVERIFY2(contains(e.what(), json.string()), e.what());
        }
    }
}

void TestTokenizer::badTrainOptions() {
    semcot::TokenizerTrainOptions options;
    options.sentences = {"hello world"};
    options.output = work_dir() / "bad" / "tokenizer.model";
    options.model_type = "word-soup";
    QVERIFY_THROWS_EXCEPTION(semcot::InvalidArgument,
                             semcot::SentencePieceTokenizer::train(options));
    options.model_type = "bpe";
    options.sentences.clear();
    QVERIFY_THROWS_EXCEPTION(semcot::Error, semcot::SentencePieceTokenizer::train(options));
    options.output.clear();
    QVERIFY_THROWS_EXCEPTION(semcot::InvalidArgument,
                             semcot::SentencePieceTokenizer::train(options));
}

void TestTokenizer::unigramModel() {
    semcot::TokenizerTrainOptions options;
    options.sentences = make_corpus();
    options.vocab_size = 400;
    options.model_type = "unigram";
    options.output = work_dir() / "unigram" / "tokenizer.model";
    semcot::SentencePieceTokenizer::train(options);
    auto tok = semcot::SentencePieceTokenizer::load(options.output);
    QCOMPARE(tok->bos_id(), 1);
    const std::string text = "Sue found a tree. 7 ünïcode\nok";
    QCOMPARE(tok->decode(tok->encode(text)), text);
}

// The shipped teacher's tokenizer (BPE, 400 pieces, byte fallback, trained by this project on
// the coin-flip text) with its special_tokens.json (<thought>). Expected ids from Debian's
// sentencepiece 0.1.97 (`spm_encode --output_format=id`, and its Python module for the text
// with a newline), which also gives 400 pieces and unk/bos/eos/pad = 0/1/2/-1.
void TestTokenizer::shippedTokenizerIds() {
    auto tok = semcot::SentencePieceTokenizer::load(shipped_model());
    QCOMPARE(tok->base_vocab_size(), 400);
    QCOMPARE(tok->special_tokens(), std::vector<std::string>{"<thought>"});
    QCOMPARE(tok->piece_to_id("<thought>"), 400);
    // The whole vocabulary is the teacher's embedding, as its config.json says.
    const auto config =
        nlohmann::json::parse(semcot::read_file(test_paths::shipped_teacher() / "config.json"));
    QCOMPARE(tok->vocab_size(), config.at("vocab_size").get<int>());
    QCOMPARE(tok->unk_id(), 0);
    QCOMPARE(tok->bos_id(), 1);
    QCOMPARE(tok->eos_id(), 2);
    QCOMPARE(tok->pad_id(), -1);
    // Byte fallback: the 256 byte pieces follow <unk> <s> </s>, in byte order.
    for (int b = 0; b < 256; ++b) {
        char piece[8];
        std::snprintf(piece, sizeof piece, "<0x%02X>", b);
        QCOMPARE(tok->id_to_piece(3 + b), std::string(piece));
        QCOMPARE(tok->piece_to_id(piece), 3 + b);
    }
    QCOMPARE(tok->id_to_piece(259), std::string("he")); // the first merged piece

    QCOMPARE(
        tok->encode("A coin is heads up. Bob flips the coin."),
        (std::vector<int>{294, 264, 287, 286, 276, 351, 339, 381, 342, 368, 277, 266, 264, 351}));
    QCOMPARE(tok->encode("Is the coin still heads up?"),
             (std::vector<int>{311, 266, 264, 293, 286, 276, 366}));
    // '#' and 'é' never occur in the training text as pieces: their bytes (3 + byte value).
    QCOMPARE(tok->encode("#### yes"), (std::vector<int>{339, 38, 38, 38, 38, 339, 365, 274}));
    QCOMPARE(tok->encode("café 😊"),
             (std::vector<int>{339, 350, 349, 352, 198, 172, 339, 243, 162, 155, 141}));
    QCOMPARE(tok->encode("heads up.\n#### yes"),
             (std::vector<int>{286, 276, 290, 38, 38, 38, 38, 339, 365, 274}));
    QCOMPARE(tok->id_to_piece(264), std::string("\xE2\x96\x81") + "coin");
    QCOMPARE(tok->piece_to_id("\xE2\x96\x81heads"), 286);
    // <thought> splits the text; each side is encoded on its own (with its own dummy prefix),
    // as spm_encode encodes "Bob flips the coin." and "2 flips, even, so heads." apart.
    QCOMPARE(tok->encode("Bob flips the coin.<thought>2 flips, even, so heads."),
             (std::vector<int>{339, 381, 342, 368, 277, 266, 264, 351, 400, 339, 393,
                               277, 356, 339, 343, 367, 298, 356, 289, 286, 351}));
}

// Decoding the shipped tokenizer's ids gives the text back: the golden ids above, and every
// question and worked answer of the shipped run's test split (never seen in training).
void TestTokenizer::shippedTokenizerRoundTrip() {
    auto tok = semcot::SentencePieceTokenizer::load(shipped_model());
    QCOMPARE(tok->decode({1, 294, 264, 287, 286, 276, 351, 2}), std::string("A coin is heads up."));
    QCOMPARE(tok->decode({339, 38, 38, 38, 38, 339, 365, 274, 400}),
             std::string("#### yes<thought>"));
    const auto test =
        nlohmann::json::parse(semcot::read_file(test_paths::shipped_run() / "data" / "test.json"));
    QCOMPARE(test.size(), std::size_t(300));
    std::size_t checked = 0;
    for (const auto& question : test) {
        for (const char* key : {"query", "full_answer"}) {
            const std::string text = question.at(key).get<std::string>();
            const std::vector<int> ids = tok->encode(text);
            for (int id : ids) QVERIFY2(id != tok->unk_id() && id < 400, text.c_str());
            QCOMPARE(tok->decode(ids), text);
            ++checked;
        }
    }
    QCOMPARE(checked, std::size_t(600));
    for (const std::string& text :
         {std::string("Lily's mom said, \"Lily, let's go to the park.\"\nShe was 3."),
          std::string("  two  spaces\tand a tab  "), std::string("café 😊 日本語")})
        QCOMPARE(tok->decode(tok->encode(text)), text);
}

void TestTokenizer::realTokenizerIds() {
    if (!fs::exists(real_model())) QSKIP("stories260K tokenizer.model not found");
    auto tok = semcot::SentencePieceTokenizer::load(real_model());
    QCOMPARE(tok->vocab_size(), 512);
    QCOMPARE(tok->unk_id(), 0);
    QCOMPARE(tok->bos_id(), 1);
    QCOMPARE(tok->eos_id(), 2);
    // Expected ids from `spm_encode --model=tokenizer.model --output_format=id` (no BOS).
    QCOMPARE(tok->encode("Once upon a time"), (std::vector<int>{403, 407, 261, 378}));
    QCOMPARE(tok->encode("Hello, world! 123"),
             (std::vector<int>{346, 306, 414, 432, 263, 304, 341, 443, 410, 475, 479, 472}));
    QCOMPARE(tok->encode("The dog said, \"Hi!\""),
             (std::vector<int>{291, 400, 428, 336, 432, 313, 440, 417, 443, 436}));
    // Byte fallback: é is a piece, the emoji is four byte pieces.
    QCOMPARE(tok->encode("café 😊"),
             (std::vector<int>{280, 412, 431, 485, 410, 243, 162, 155, 141}));
    QCOMPARE(tok->id_to_piece(403), std::string("\xE2\x96\x81Once"));
    QCOMPARE(tok->piece_to_id("\xE2\x96\x81upon"), 407);
    QCOMPARE(tok->id_to_piece(243), std::string("<0xF0>"));
}

void TestTokenizer::realTokenizerRoundTrip() {
    if (!fs::exists(real_model())) QSKIP("stories260K tokenizer.model not found");
    auto tok = semcot::SentencePieceTokenizer::load(real_model());
    QCOMPARE(tok->decode({1, 403, 407, 261, 378, 2}), std::string("Once upon a time"));
    for (const std::string& text :
         {std::string("Once upon a time, there was a little girl named Lily."),
          std::string("Lily's mom said, \"Lily, let's go to the park.\"\nShe was 3."),
          std::string("café 😊")}) {
        QCOMPARE(tok->decode(tok->encode(text)), text);
    }
}

// The point of the dlopen'd module: sentencepiece (bundled protobuf 3.14) and libtorch
// (protobuf 3.21) in one process, used together.
void TestTokenizer::worksBesideTorch() {
    auto tok = trained();
    const std::vector<int> ids = tok->encode("Ben liked a cake.");
    const torch::Tensor t = torch::tensor(std::vector<int64_t>(ids.begin(), ids.end()));
    QCOMPARE(t.size(0), static_cast<int64_t>(ids.size()));
    std::vector<int> back;
    for (int64_t i = 0; i < t.size(0); ++i) back.push_back(static_cast<int>(t[i].item<int64_t>()));
    QCOMPARE(tok->decode(back), std::string("Ben liked a cake."));
}

namespace {

// Byte-fallback ids of the UTF-8 bytes of `text` (<0xF0> ...).
std::vector<int> byte_ids(const semcot::Tokenizer& tok, const std::string& text) {
    std::vector<int> ids;
    for (unsigned char c : text) {
        char piece[8];
        std::snprintf(piece, sizeof piece, "<0x%02X>", c);
        ids.push_back(tok.piece_to_id(piece));
        if (ids.back() == tok.unk_id()) throw std::runtime_error(std::string("no piece ") + piece);
    }
    return ids;
}

const std::string kReplacement = "\xEF\xBF\xBD"; // U+FFFD

} // namespace

// Issue 10.1: byte-fallback tokens of "😀中" streamed one by one give the text, never U+FFFD.
void TestTokenizer::streamerEmitsWholeCharacters() {
    auto tok = trained();
    const std::string text = "\xF0\x9F\x98\x80\xE4\xB8\xAD"; // 😀中
    const std::vector<int> ids = byte_ids(*tok, text);
    QCOMPARE(tok->decode(ids), text);
    semcot::TextStreamer streamer(*tok);
    std::vector<std::string> chunks;
    for (int id : ids) chunks.push_back(streamer.push(id));
    // The emoji appears after its 4th byte, the CJK character after its 3rd, nothing between.
    const std::vector<std::string> expected = {
        "", "", "", "\xF0\x9F\x98\x80", "", "", "\xE4\xB8\xAD"};
    QCOMPARE(chunks, expected);
    QCOMPARE(streamer.finish(), std::string());
    QCOMPARE(streamer.text(), text);

    // A sequence cut short by the end of generation is rendered as the whole decode renders it.
    semcot::TextStreamer cut(*tok);
    const std::vector<int> partial = byte_ids(*tok, "\xF0\x9F");
    for (int id : partial) QCOMPARE(cut.push(id), std::string());
    QCOMPARE(cut.finish(), tok->decode(partial));
    QVERIFY(cut.text().find(kReplacement) != std::string::npos);

    // Ids with no token (a model's padded embedding rows) render as nothing.
    semcot::TextStreamer padded(*tok);
    QCOMPARE(padded.push(tok->vocab_size() + 3), std::string());
    QCOMPARE(padded.push(-1), std::string());
    for (int id : ids) padded.push(id);
    QCOMPARE(padded.push(tok->vocab_size()), std::string());
    padded.finish();
    QCOMPARE(padded.text(), text);
}

// The concatenation of the streamed chunks equals decoding the whole sequence, for the family:
// 2-, 3- and 4-byte characters as bytes, ordinary pieces before, between and after them (the
// leading-space rule), broken sequences followed by text, special tokens; and no chunk before
// finish() ends inside a character.
void TestTokenizer::streamerEqualsWholeDecode() {
    auto tok = trained();
    std::vector<std::vector<int>> units; // each unit: the ids of one complete piece of text
    for (const char* c : {"\xC3\xA9", "\xE4\xB8\xAD", "\xF0\x9F\x98\x80", "\xE2\x82\xAC"})
        units.push_back(byte_ids(*tok, c));
    for (const char* word : {"Once upon a time", " the cat", " 42", ", (really)?", "\n"})
        units.push_back([&] {
            auto ids = tok->encode(word);
            return std::vector<int>(ids.begin(), ids.end());
        }());
    units.push_back({tok->bos_id()});
    std::mt19937 rng(12345);
    for (int trial = 0; trial < 300; ++trial) {
        std::vector<int> ids;
        const int n = 1 + int(rng() % 12);
        for (int u = 0; u < n; ++u) {
            const auto& unit = units[rng() % units.size()];
            ids.insert(ids.end(), unit.begin(), unit.end());
        }
        if (trial % 5 == 0) { // a broken sequence: the first byte of an emoji, then more text
            const auto bad = byte_ids(*tok, "\xF0");
            ids.insert(ids.begin() + long(rng() % (ids.size() + 1)), bad.begin(), bad.end());
        }
        semcot::TextStreamer streamer(*tok);
        std::string streamed;
        for (int id : ids) {
            const std::string chunk = streamer.push(id);
            streamed += chunk;
            QVERIFY(chunk.size() < 3 || chunk.compare(chunk.size() - 3, 3, kReplacement) != 0);
        }
        streamed += streamer.finish();
        QVERIFY2(streamed == tok->decode(ids), ("trial " + std::to_string(trial)).c_str());
        QCOMPARE(streamer.text(), streamed);
    }
}

QTEST_APPLESS_MAIN(TestTokenizer)
#include "test_tokenizer.moc"
