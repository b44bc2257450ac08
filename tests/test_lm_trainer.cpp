// Supervised LM training: the loss falls and the model learns a tiny copy task, labels cover
// only target tokens, cancellation leaves a checkpoint, a resumed run ends with the same
// weights as an uninterrupted one, and a diverging loss stops the job with a clear error.
#include "support/qtest_compat.h"

#include "common/error.h"
#include "common/platform.h"
#include "engine/checkpoint.h"
#include "engine/generate.h"
#include "semcot/lm_trainer.h"
#include "tokenizer/tokenizer.h"
#include "train/train_state.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <memory>

using namespace semcot;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kWords = {"apple", "lemon", "grape", "melon",
                                         "peach", "berry", "mango", "olive"};

fs::path fresh_dir(const std::string& name) {
    fs::path dir = fs::path(test_paths::tmp_dir()) / ("lm_trainer_" + name);
    remove_tree(dir);
    fs::create_directories(dir);
    return dir;
}

// A small BPE tokenizer trained once per run on the copy-task corpus.
const SentencePieceTokenizer& tokenizer() {
    static std::unique_ptr<SentencePieceTokenizer> tok;
    if (!tok) {
        const fs::path dir = fresh_dir("tokenizer");
        TokenizerTrainOptions options;
        for (int repeat = 0; repeat < 4; ++repeat) {
            for (const auto& w : kWords)
                options.sentences.push_back("copy the word: " + w + " -> " + w);
            options.sentences.push_back("the words are " + kWords[repeat] + " and " +
                                        kWords[7 - repeat]);
        }
        options.vocab_size = 120;
        options.byte_fallback = false;
        options.output = dir / "tokenizer.model";
        SentencePieceTokenizer::train(options);
        tok = SentencePieceTokenizer::load(options.output);
    }
    return *tok;
}

std::vector<TextPair> copy_pairs() {
    std::vector<TextPair> pairs;
    for (const auto& w : kWords) pairs.push_back({"copy the word: " + w + " ->", " " + w});
    return pairs;
}

LlamaModel tiny_model(uint64_t seed) {
    ModelConfig c;
    c.hidden_size = 32;
    c.intermediate_size = 64;
    c.num_hidden_layers = 2;
    c.num_attention_heads = 4;
    c.num_key_value_heads = 4;
    c.vocab_size = tokenizer().vocab_size();
    c.max_position_embeddings = 64;
    LlamaModel m(c);
    m->init_weights(seed);
    return m;
}

LmTrainParams small_params() {
    LmTrainParams p;
    p.epochs = 4;
    p.batch_size = 3; // 8 pairs: 3 steps per epoch, the last one short
    p.lr = 5e-3;
    p.warmup_fraction = 0.1;
    p.seed = 7;
    p.max_length = 64;
    p.label = "test";
    return p;
}

bool all_frozen(const LlamaModelImpl& m) {
    for (const auto& [name, w] : m.named_weights())
        if (w.requires_grad()) return false;
    return true;
}

std::string greedy(LlamaModelImpl& model, const std::string& prompt) {
    const auto& tok = tokenizer();
    std::vector<int64_t> ids{tok.bos_id()};
    for (int id : tok.encode(prompt)) ids.push_back(id);
    GenerateParams g;
    g.max_new_tokens = 8;
    auto out = generate(model, ids, g);
    return tok.decode(std::vector<int>(out.tokens.begin(), out.tokens.end()));
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(' ');
    const auto e = s.find_last_not_of(' ');
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

nlohmann::json trainer_state(const fs::path& checkpoint_dir) {
    return nlohmann::json::parse(
        read_file(lm_checkpoint_path(checkpoint_dir, "test") / "train_state.json"));
}

// The weights a checkpoint holds, by the model's parameter names.
std::vector<torch::Tensor> checkpoint_weights(const fs::path& checkpoint_dir,
                                              LlamaModelImpl& like) {
    std::vector<std::string> names;
    std::vector<torch::Tensor> values;
    for (const auto& item : like.named_parameters()) {
        names.push_back(item.key());
        values.push_back(item.value());
    }
    return load_tensors_like(lm_checkpoint_path(checkpoint_dir, "test") / "module.safetensors",
                             names, values);
}

// Returns false (stop) when the report matches `stage` and `step`.
ProgressCallback stop_at(const std::string& stage, int64_t step) {
    return [stage, step](const TrainProgress& r) { return !(r.stage == stage && r.step == step); };
}

} // namespace

class TestLmTrainer final : public QObject {
    Q_OBJECT
private slots:
    void batchLabelsOnlyTarget();
    void truncatesPromptFromTheLeft();
    void learningRateSchedule();
    void rejectsBadParams();
    void lossFallsAndModelLearns();
    void cancelLeavesCheckpoint();
    void resumesTheFormatBeforeTheSharedLoop();
    void resumeMatchesUninterrupted();
    void nonFiniteLossStops();
};

void TestLmTrainer::batchLabelsOnlyTarget() {
    const auto& tok = tokenizer();
    std::vector<TextPair> pairs{{"copy the word: apple ->", " apple"}, {"copy ->", " lemon"}};
    const LmBatch b = make_lm_batch(tok, pairs, 64);
    const auto s0 = tokenize_lm_pair(tok, pairs[0], 64), s1 = tokenize_lm_pair(tok, pairs[1], 64);
    const int64_t T = int64_t(s0.ids.size());
    QCOMPARE(b.input_ids.size(0), int64_t(2));
    QCOMPARE(b.input_ids.size(1), T);
    QCOMPARE(s0.ids.front(), int64_t(tok.bos_id()));
    QCOMPARE(s0.ids.back(), int64_t(tok.eos_id()));
    QCOMPARE(b.attention_mask.sum(1)[1].item<int64_t>(), int64_t(s1.ids.size()));
    // The decoded target is the target text; the labels are exactly its ids and EOS.
    std::vector<int> target(s0.ids.begin() + s0.target_begin, s0.ids.end() - 1);
    QCOMPARE(trim(tok.decode(target)), std::string("apple"));
    QCOMPARE(b.target_tokens,
             int64_t(s0.ids.size()) - s0.target_begin + int64_t(s1.ids.size()) - s1.target_begin);
    for (int64_t t = 0; t < T; ++t) {
        const int64_t want = t >= s0.target_begin ? s0.ids[size_t(t)] : kIgnoreLabel;
        QCOMPARE(b.labels[0][t].item<int64_t>(), want);
    }
    QCOMPARE(b.labels[1][int64_t(s1.ids.size())].item<int64_t>(), kIgnoreLabel); // padding

    // Against a plain reference; predictions of prompt tokens and padding do not matter.
    const int64_t V = tok.vocab_size();
    auto gen = at::detail::createCPUGenerator(3);
    auto logits =
        at::normal(0.0, 2.0, {2, T, V}, gen, torch::TensorOptions().dtype(torch::kFloat32));
    const auto loss = lm_loss(logits, b.labels);
    auto logp = torch::log_softmax(logits, -1);
    double sum = 0;
    int64_t count = 0;
    for (int64_t i = 0; i < 2; ++i)
        for (int64_t t = 1; t < T; ++t) {
            const int64_t label = b.labels[i][t].item<int64_t>();
            if (label == kIgnoreLabel) continue;
            sum -= logp[i][t - 1][label].item<double>();
            ++count;
        }
    QCOMPARE(count, b.target_tokens);
    QVERIFY(std::abs(loss.item<double>() - sum / double(count)) < 1e-5);

    auto changed = logits.clone();
    const auto unlabelled = b.labels.narrow(1, 1, T - 1).eq(kIgnoreLabel); // [B, T-1]
    changed.narrow(1, 0, T - 1).index_put_({unlabelled}, at::full({V}, 9.0));
    QVERIFY(torch::allclose(lm_loss(changed, b.labels), loss));
    changed[0][T - 2] += at::normal(0.0, 5.0, {V}, gen, torch::TensorOptions()); // predicts EOS
    QVERIFY(!torch::allclose(lm_loss(changed, b.labels), loss));
}

void TestLmTrainer::truncatesPromptFromTheLeft() {
    const auto& tok = tokenizer();
    TextPair pair{"copy the word: apple copy the word: lemon copy the word: grape ->", " melon"};
    const auto full = tokenize_lm_pair(tok, pair, 64);
    const auto cut = tokenize_lm_pair(tok, pair, 8);
    QCOMPARE(int64_t(cut.ids.size()), int64_t(8));
    QCOMPARE(cut.ids.front(), int64_t(tok.bos_id()));
    const int64_t target_len = int64_t(full.ids.size()) - full.target_begin;
    QCOMPARE(int64_t(cut.ids.size()) - cut.target_begin, target_len);
    // The kept tail equals the end of the untruncated sequence.
    QVERIFY(std::equal(cut.ids.begin() + 1, cut.ids.end(), full.ids.end() - 7));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, tokenize_lm_pair(tok, pair, target_len));
}

void TestLmTrainer::learningRateSchedule() {
    QVERIFY(std::abs(warmup_cosine_lr(1.0, 0.1, 0, 100) - 0.1) < 1e-12);
    QVERIFY(std::abs(warmup_cosine_lr(1.0, 0.1, 9, 100) - 1.0) < 1e-12);
    QVERIFY(std::abs(warmup_cosine_lr(1.0, 0.1, 10, 100) - 1.0) < 1e-12);
    QVERIFY(std::abs(warmup_cosine_lr(1.0, 0.1, 55, 100) - 0.5) < 1e-12);
    double previous = 1.0;
    for (int64_t s = 11; s < 100; ++s) {
        const double lr = warmup_cosine_lr(1.0, 0.1, s, 100);
        QVERIFY(lr < previous && lr > 0);
        previous = lr;
    }
    QVERIFY(std::abs(warmup_cosine_lr(2.0, 0.0, 0, 10) - 2.0) < 1e-12);
}

void TestLmTrainer::rejectsBadParams() {
    auto model = tiny_model(1);
    auto p = small_params();
    p.epochs = 0;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             train_lm(*model, tokenizer(), copy_pairs(), {}, p, {}));
    p = small_params();
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, train_lm(*model, tokenizer(), {}, {}, p, {}));
    p.resume = true; // without a checkpoint_dir
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             train_lm(*model, tokenizer(), copy_pairs(), {}, p, {}));
}

void TestLmTrainer::lossFallsAndModelLearns() {
    auto model = tiny_model(1);
    auto p = small_params();
    p.epochs = 60;
    p.batch_size = 8;
    p.lr = 1e-2;
    std::vector<double> losses;
    int64_t validations = 0, last_total = 0;
    auto on_progress = [&](const TrainProgress& r) {
        if (r.stage == "test/train") losses.push_back(r.loss);
        if (r.stage == "test/validate") {
            ++validations;
            if (!std::isfinite(r.val_loss)) return false;
        }
        last_total = r.total_steps;
        return true;
    };
    const auto pairs = copy_pairs();
    const auto result = train_lm(*model, tokenizer(), pairs, pairs, p, on_progress);
    QCOMPARE(result.steps, int64_t(60));
    QCOMPARE(last_total, int64_t(60));
    QCOMPARE(validations, int64_t(60));
    QCOMPARE(int64_t(losses.size()), int64_t(60));
    QVERIFY(all_frozen(*model));
    QVERIFY2(result.final_train_loss < 0.2 * losses.front(),
             ("first " + std::to_string(losses.front()) + ", last epoch " +
              std::to_string(result.final_train_loss))
                 .c_str());
    QVERIFY(result.best_epoch >= 1 && result.best_epoch <= 60);
    QVERIFY(result.best_val_loss <= result.final_train_loss + 0.5);
    for (const auto& pair : pairs) {
        const std::string got = trim(greedy(*model, pair.prompt));
        QVERIFY2(got == trim(pair.target), (pair.prompt + " gave '" + got + "'").c_str());
    }
}

void TestLmTrainer::cancelLeavesCheckpoint() {
    const fs::path dir = fresh_dir("cancel");
    auto model = tiny_model(1);
    auto p = small_params();
    p.checkpoint_dir = dir;
    QVERIFY_THROWS_EXCEPTION(Cancelled, train_lm(*model, tokenizer(), copy_pairs(), copy_pairs(), p,
                                                 stop_at("test/train", 5)));
    QVERIFY(all_frozen(*model));
    QVERIFY(!lm_checkpoint_path(dir, "test").empty());
    const auto state = trainer_state(dir);
    QCOMPARE(state.at("format").get<std::string>(), std::string("semcot-train/1"));
    QCOMPARE(state.at("steps").get<int64_t>(), int64_t(5));
    QCOMPARE(state.at("epoch").get<int64_t>(), int64_t(1));
    QCOMPARE(state.at("batch").get<int64_t>(), int64_t(2));
    QCOMPARE(state.at("best_epoch").get<int64_t>(), int64_t(1));
    // The checkpoint holds the current weights.
    const auto back = checkpoint_weights(dir, *model);
    const auto now = model->parameters();
    QCOMPARE(back.size(), now.size());
    for (size_t i = 0; i < now.size(); ++i) QVERIFY(torch::equal(now[i], back[i]));
    QVERIFY(fs::exists(lm_checkpoint_path(dir, "test") / "optimizer.safetensors"));
    QVERIFY(fs::exists(lm_checkpoint_path(dir, "test") / "best.safetensors"));
}

void TestLmTrainer::resumeMatchesUninterrupted() {
    const auto pairs = copy_pairs();
    std::vector<TextPair> validation(pairs.begin(), pairs.begin() + 3);
    auto p = small_params();

    auto reference = tiny_model(1);
    p.checkpoint_dir = fresh_dir("resume_reference");
    const auto expected = train_lm(*reference, tokenizer(), pairs, validation, p, {});

    // Stopped mid-epoch, then at an epoch boundary, then run to the end; the resumed runs start
    // from a differently initialised model, so everything must come from the checkpoint.
    p.checkpoint_dir = fresh_dir("resume");
    auto first = tiny_model(1);
    QVERIFY_THROWS_EXCEPTION(
        Cancelled, train_lm(*first, tokenizer(), pairs, validation, p, stop_at("test/train", 4)));
    p.resume = true;
    auto second = tiny_model(2);
    QVERIFY_THROWS_EXCEPTION(Cancelled, train_lm(*second, tokenizer(), pairs, validation, p,
                                                 stop_at("test/validate", 9)));
    QCOMPARE(trainer_state(p.checkpoint_dir).at("epoch").get<int64_t>(), int64_t(3));
    auto third = tiny_model(3);
    const auto resumed = train_lm(*third, tokenizer(), pairs, validation, p, {});

    QCOMPARE(resumed.steps, expected.steps);
    QCOMPARE(resumed.best_epoch, expected.best_epoch);
    QVERIFY(std::abs(resumed.best_val_loss - expected.best_val_loss) < 1e-6);
    QVERIFY(std::abs(resumed.final_train_loss - expected.final_train_loss) < 1e-6);
    const auto want = reference->named_weights();
    const auto got = third->named_weights();
    QCOMPARE(got.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i)
        QVERIFY2(torch::allclose(got[i].second, want[i].second, 1e-5, 1e-6), want[i].first.c_str());

    // Resuming a finished run changes nothing.
    auto fourth = tiny_model(4);
    const auto again = train_lm(*fourth, tokenizer(), pairs, validation, p, {});
    QCOMPARE(again.steps, expected.steps);
    for (size_t i = 0; i < want.size(); ++i)
        QVERIFY(torch::allclose(fourth->named_weights()[i].second, want[i].second, 1e-5, 1e-6));
}

// A checkpoint of the LM trainer before the shared loop ("semcot-lm-trainer/1": a model
// folder in <checkpoint_dir>/latest with trainer_state.json) resumes to the same weights.
void TestLmTrainer::resumesTheFormatBeforeTheSharedLoop() {
    const auto pairs = copy_pairs();
    std::vector<TextPair> validation(pairs.begin(), pairs.begin() + 3);
    auto p = small_params();
    auto reference = tiny_model(1);
    p.checkpoint_dir = fresh_dir("legacy_reference");
    const auto expected = train_lm(*reference, tokenizer(), pairs, validation, p, {});

    p.checkpoint_dir = fresh_dir("legacy_new");
    auto first = tiny_model(1);
    QVERIFY_THROWS_EXCEPTION(Cancelled, train_lm(*first, tokenizer(), pairs, validation, p,
                                                 stop_at("test/validate", 6)));
    // Write that checkpoint as the old trainer did.
    const fs::path from = lm_checkpoint_path(p.checkpoint_dir, "test");
    const auto state = trainer_state(p.checkpoint_dir);
    const fs::path legacy_dir = fresh_dir("legacy");
    auto at_checkpoint = tiny_model(9);
    {
        const auto w = checkpoint_weights(p.checkpoint_dir, *at_checkpoint);
        torch::NoGradGuard ng;
        const auto params = at_checkpoint->parameters();
        for (size_t i = 0; i < params.size(); ++i) params[i].copy_(w[i]);
    }
    const fs::path old = legacy_dir / "latest";
    save_model_folder(old, *at_checkpoint);
    fs::copy_file(from / "optimizer.safetensors", old / "optimizer.safetensors");
    fs::copy_file(from / "best.safetensors", old / "best.safetensors");
    const int64_t n = int64_t(pairs.size());
    const nlohmann::json legacy = {
        {"format", "semcot-lm-trainer/1"}, {"label", "test"},
        {"epoch", state["epoch"]}, {"batch", state["batch"]}, {"step", state["steps"]},
        {"lr_step", state["steps"]}, {"epoch_loss_sum", state["epoch_loss_sum"]},
        {"epoch_batches", state["epoch_batches"]}, {"last_epoch_loss", state["last_epoch_loss"]},
        {"best_val_loss", state["best_val_loss"]}, {"best_epoch", state["best_epoch"]},
        {"seed", p.seed}, {"batch_size", p.batch_size}, {"train_examples", n},
        {"total_steps", expected.steps}, {"adam_steps", state["adam_steps"]}};
    write_file_atomic(old / "trainer_state.json", legacy.dump(2));
    QCOMPARE(lm_checkpoint_path(legacy_dir, "test"), old);

    p.checkpoint_dir = legacy_dir;
    p.resume = true;
    auto resumed_model = tiny_model(5);
    const auto resumed = train_lm(*resumed_model, tokenizer(), pairs, validation, p, {});
    QCOMPARE(resumed.steps, expected.steps);
    QCOMPARE(resumed.best_epoch, expected.best_epoch);
    const auto want = reference->named_weights();
    const auto got = resumed_model->named_weights();
    for (size_t i = 0; i < want.size(); ++i)
        QVERIFY2(torch::allclose(got[i].second, want[i].second, 1e-5, 1e-6), want[i].first.c_str());
}

void TestLmTrainer::nonFiniteLossStops() {
    const fs::path dir = fresh_dir("nan");
    auto model = tiny_model(1);
    auto p = small_params();
    p.checkpoint_dir = dir;
    // After epoch 1 (3 steps) is checkpointed, a weight is corrupted: step 4 must stop the job.
    auto tamper = [&](const TrainProgress& r) {
        if (r.stage == "test/validate" && r.epoch == 1) {
            torch::NoGradGuard no_grad;
            for (auto& [name, w] : model->named_weights())
                if (name == "model.norm.weight") w[0] = std::nan("");
        }
        return true;
    };
    std::string message;
    try {
        train_lm(*model, tokenizer(), copy_pairs(), copy_pairs(), p, tamper);
        QFAIL("no exception");
    } catch (const FormatError& e) {
        QFAIL(e.what());
    } catch (const Cancelled& e) {
        QFAIL(e.what());
    } catch (const Error& e) {
        message = e.what();
    }
    QVERIFY2(message.find("non-finite loss at step 4") != std::string::npos, message.c_str());
    QVERIFY(all_frozen(*model));
    // The last good checkpoint is still there and holds finite weights.
    const auto state = trainer_state(dir);
    QCOMPARE(state.at("steps").get<int64_t>(), int64_t(3));
    for (const auto& w : checkpoint_weights(dir, *model))
        QVERIFY(torch::isfinite(w).all().item<bool>());
}

QTEST_APPLESS_MAIN(TestLmTrainer)
#include "test_lm_trainer.moc"
