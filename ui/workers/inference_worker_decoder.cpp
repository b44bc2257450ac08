// InferenceWorker's decoder part (issue 18): the run's (or the baseline's) trained decoder
// reads the method's latent tokens back as reasoning, streamed token by token.
#include "inference_worker.h"

#include "analysis/decoder.h"
#include "analysis/decoder_eval.h"
#include "analysis/decoder_metrics.h"
#include "baselines/method_loader.h"
#include "common/device.h"
#include "common/error.h"
#include "engine/generate.h"
#include "methods.h"
#include "qt_string.h"
#include "semcot/inference.h"
#include "semcot/run.h"
#include "tokenizer/text_streamer.h"

#include <QElapsedTimer>

#include <torch/torch.h>

namespace semcot::ui {

namespace {

// Test-split mean ROUGE-L of the decoder and its controls (scores.json), when written.
void readControlScores(const std::filesystem::path& folder, DecodedView& v) {
    if (!std::filesystem::exists(folder / kDecoderScoresFile)) return;
    const DecoderEvaluation ev = read_decoder_scores(folder);
    if (const auto* c = ev.find("tokens")) v.scoreTokens = c->scores.rouge_l;
    if (const auto* c = ev.find("random")) v.scoreRandom = c->scores.rouge_l;
    if (const auto* c = ev.find("none")) v.scoreNone = c->scores.rouge_l;
}

} // namespace

std::filesystem::path InferenceWorker::decoderFolder(const QString& method) {
    const Method m = parse_method(method.toStdString());
    if (m == Method::semcot) return run_->folder / "decoder";
    return baseline(m).folder / "decoder";
}

LoadedDecoder& InferenceWorker::decoder(const std::filesystem::path& folder) {
    auto& slot = decoders_[folder.string()];
    if (!slot) {
        Q_EMIT progressUpdated(tr("Loading the decoder"));
        c10::InferenceMode normal_tensors(false);
        slot = std::make_shared<LoadedDecoder>(
            load_decoder(folder, parse_device(device_.toStdString())));
    }
    return *slot;
}

// Greedy decoding of `latents` [n, Dt], emitting decodedStreamed as the text grows.
std::string InferenceWorker::streamDecoded(LoadedDecoder& d, const at::Tensor& latents) {
    c10::InferenceMode guard;
    ImplicitDecoderImpl& dec = *d.decoder;
    auto& lm = *dec.lm();
    const Tokenizer& tok = *d.tokenizer;
    const auto prompt =
        encode_with_bos(tok, dec.config().prompt, lm.config().max_position_embeddings);
    auto lat = latents.unsqueeze(0);
    if (dec.config().latent_count == 0) lat = lat.slice(1, 0, 0);
    auto ids = at::tensor(prompt, torch::kInt64).view({1, -1});
    const auto embeds = dec.input_embeds(lat, ids, tok.add_bos() ? 1 : 0);
    GenerateParams gp;
    gp.max_new_tokens = std::max<int64_t>(
        1, std::min<int64_t>(160, lm.config().max_position_embeddings - embeds.size(1)));
    TextStreamer streamer(tok);
    QElapsedTimer since_emit;
    since_emit.start();
    auto on_token = [&](int64_t token) {
        if (!streamer.push(int(token)).empty() && since_emit.elapsed() >= 15) {
            Q_EMIT decodedStreamed(qs(streamer.text()));
            since_emit.restart();
        }
        return !cancel_.load();
    };
    const auto r = generate_from_embeds(lm, embeds, gp, on_token);
    return tok.decode(std::vector<int>(r.tokens.begin(), r.tokens.end()));
}

void InferenceWorker::decodeLatents(const QString& question, const QString& goldReasoning,
                                    const QString& method, const at::Tensor& latents) {
    DecodedView v;
    v.method = method;
    v.question = question;
    try {
        const auto folder = decoderFolder(method);
        v.folder = qs(folder.string());
        if (!has_decoder(folder)) {
            Q_EMIT decodedFinished(v);
            return;
        }
        v.present = true;
        LoadedDecoder& d = decoder(folder);
        Q_EMIT progressUpdated(tr("Decoding the reasoning from the latent tokens"));
        QElapsedTimer t;
        t.start();
        const std::string text = streamDecoded(d, latents);
        v.seconds = t.elapsed() / 1000.0;
        v.text = qs(text);
        Q_EMIT decodedStreamed(v.text);
        const auto steps = reasoning_lines(text);
        for (const auto& s : steps) v.steps << qs(s);
        if (!goldReasoning.isEmpty()) {
            const std::string gold = goldReasoning.toStdString();
            v.rougeL = rouge_l(text, gold).f;
            const auto goldSteps = reasoning_lines(gold);
            v.goldSteps = int(goldSteps.size());
            v.matchedSteps = int(matched_steps(steps, goldSteps));
        }
        readControlScores(folder, v);
        Q_EMIT decodedFinished(v);
    } catch (const Cancelled&) {
    } catch (const std::exception& e) {
        qWarning("decoder failed: %s", e.what());
        v.present = false;
        Q_EMIT decodedFailed(qs(e.what()));
    }
}

} // namespace semcot::ui
