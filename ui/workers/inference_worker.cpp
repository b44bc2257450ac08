#include "inference_worker.h"

#include "analysis/explain.h"
#include "analysis/sentence_bank.h"
#include "baselines/method_loader.h"
#include "common/device.h"
#include "common/error.h"
#include "core_bridge.h"
#include "methods.h"
#include "qt_string.h"
#include "semcot/run.h"
#include "tokenizer/text_streamer.h"

#include <QElapsedTimer>

#include <cmath>

namespace semcot::ui {

namespace {

MethodOutcome outcome(const MethodResult& r) {
    MethodOutcome o;
    o.method = qs(method_name(r.method));
    o.output = qs(r.output);
    o.answer = qs(r.extracted);
    o.scored = r.scored;
    o.correct = r.correct;
    o.implicitS = r.implicit_s;
    o.prefillS = r.prefill_s;
    o.decodeS = r.decode_s;
    o.totalS = r.total_s;
    o.newTokens = r.new_tokens;
    o.latents = r.latents.defined() ? int(r.latents.size(0)) : 0;
    o.warning = qs(r.warning);
    return o;
}

ImplicitTokenView tokenView(const TokenNeighbours& t, const std::vector<LogitLensEntry>& lens) {
    ImplicitTokenView v;
    v.position = int(t.position);
    v.label = qs(t.label);
    v.norm = t.norm;
    v.baselineZ = t.baseline_z;
    for (const auto& n : t.neighbours) v.neighbours.append({qs(n.text), n.score});
    for (const auto& e : lens)
        if (e.position == t.position && t.position >= 0)
            for (const auto& l : e.top) v.lens.append({qs(l.piece), l.prob});
    return v;
}

AlignmentData alignmentView(const AlignmentMatrix& m, const QList<ImplicitTokenView>& tokens) {
    AlignmentData a;
    a.source = qs(m.source);
    a.rows = int(m.rows);
    a.cols = int(m.cols);
    a.score = m.score;
    for (const auto& s : m.steps) a.steps << qs(s);
    for (double c : m.cells) a.cells << c;
    for (int r = 0; r < a.rows; ++r) {
        const ImplicitTokenView* t = r < tokens.size() ? &tokens[r] : nullptr;
        a.rowLabels << (t ? t->label : QStringLiteral("t%1").arg(r + 1));
        a.rowTexts << (t && !t->neighbours.isEmpty() ? t->neighbours.first().text : QString());
    }
    return a;
}

} // namespace

InferenceWorker::InferenceWorker(QObject* parent)
    : QObject(parent) {}

InferenceWorker::~InferenceWorker() = default;

void InferenceWorker::load(const QString& folder, const QString& device) {
    Q_EMIT loadStarted(folder);
    prepareWorkerThread();
    baselines_.clear(); // they belong to the run being replaced
    decoders_.clear();
    try {
        auto run = std::make_unique<LoadedRun>(
            load_run(folder.toStdString(), parse_device(device.toStdString())));
        QStringList questions, answers, reasonings;
        for (const auto& e : run->split("test")) {
            questions << qs(e.query);
            answers << qs(e.answer);
            reasonings << qs(e.reasoning);
        }
        run_ = std::move(run);
        device_ = device;
        bank_.reset();
        asked_.clear();
        testQuestions_ = questions;
        Q_EMIT loaded(folder, questions, answers, reasonings,
                      int(run_->generator->config().k_infer));
    } catch (const std::exception& e) {
        Q_EMIT loadFailed(folder, qs(e.what()));
    }
}

LoadedMethod& InferenceWorker::baseline(Method method) {
    auto& slot = baselines_[method];
    if (!slot) {
        Q_EMIT progressUpdated(tr("Loading %1").arg(methodLabel(qs(method_name(method)))));
        slot = load_method(*run_, method, {}, parse_device(device_.toStdString()));
    }
    return *slot;
}

void InferenceWorker::ask(const QString& question, const QString& gold,
                          const QString& goldReasoning, const QString& method) {
    Q_EMIT started();
    prepareWorkerThread();
    if (!run_) {
        Q_EMIT failed(tr("No run is open."));
        return;
    }
    try {
        const Method other = parse_method(method.toStdString());
        if (other == Method::cot)
            throw InvalidArgument("explicit CoT always answers; choose another method beside it");
        InferenceContext ctx = run_->inference_context();
        // A baseline answers with its own model: loaded first, so a missing or damaged folder
        // says so before the explicit CoT is generated.
        const InferenceContext* otherCtx = is_baseline(other) ? &baseline(other).context : &ctx;
        const std::string q = question.toStdString();
        std::optional<std::string> g;
        if (!gold.isEmpty()) g = gold.toStdString();

        Q_EMIT progressUpdated(tr("Explicit chain of thought"));
        // The text streamed so far holds whole UTF-8 characters only (TextStreamer), so the
        // pane never shows U+FFFD for a character whose bytes are still arriving.
        QElapsedTimer since_emit;
        since_emit.start();
        TextStreamer streamer(*ctx.teacher_tokenizer);
        auto on_token = [&](int64_t token) {
            if (!streamer.push(int(token)).empty() && since_emit.elapsed() >= 15) {
                Q_EMIT explicitStreamed(qs(streamer.text()));
                since_emit.restart();
            }
            return !cancel_.load();
        };
        auto cot = run_method(ctx, Method::cot, q, g, on_token);
        Q_EMIT explicitStreamed(qs(cot.output));
        MethodOutcome cotOutcome = outcome(cot);
        cotOutcome.stopped = cancel_.load(); // cut short: its "answer" is not one
        Q_EMIT explicitFinished(cotOutcome);
        if (cancel_) {
            Q_EMIT finished(true);
            return;
        }
        Q_EMIT progressUpdated(methodLabel(method));
        const MethodResult answer = run_method(*otherCtx, other, q, g);
        Q_EMIT implicitFinished(outcome(answer));
        if (!asked_.contains(question)) asked_ << question;
        if (!cancel_) {
            if (other == Method::semcot)
                explainQuestion(question, gold, goldReasoning, cot.output, method, nullptr);
            else if (answer.latents.defined())
                explainQuestion(question, gold, goldReasoning, cot.output, method, &answer.latents);
            else
                Q_EMIT explainSkipped(method);
        }
        if (!cancel_ && answer.latents.defined())
            decodeLatents(question, goldReasoning, method, answer.latents);
        Q_EMIT finished(cancel_.load());
    } catch (const Cancelled&) {
        Q_EMIT finished(true);
    } catch (const std::exception& e) {
        Q_EMIT failed(qs(e.what()));
    }
}

void InferenceWorker::explainQuestion(const QString& question, const QString& gold,
                                      const QString& goldReasoning, const std::string& cotOutput,
                                      const QString& method, const at::Tensor* latents) {
    try {
        if (!run_->st) {
            Q_EMIT explainFailed(tr("This run has no sentence transformer, so latent tokens "
                                    "cannot be decoded."));
            return;
        }
        if (!bank_) {
            Q_EMIT progressUpdated(tr("Building the sentence bank"));
            bank_ = std::make_unique<SentenceBank>(load_or_build_bank(
                *run_, {}, [this](int64_t, int64_t) { return !cancel_.load(); }));
        }
        Q_EMIT progressUpdated(latents ? tr("Decoding the latent tokens")
                                       : tr("Decoding the implicit tokens"));
        ExplainParams p;
        p.question = question.toStdString();
        p.has_gold = !gold.isEmpty();
        p.gold_answer = gold.toStdString();
        p.gold_reasoning = goldReasoning.toStdString();
        p.decode_reasoning = false; // streamed afterwards (decodeLatents)
        if (!cotOutput.empty()) {   // the answers were just generated: do not generate them again
            p.generate_answers = false;
            p.teacher_cot_output = cotOutput;
        }
        // A baseline's latents are read by the run's ST, bank and logit lens like SemCoT's.
        const Explanation ex =
            latents ? explain(*run_, *bank_, p, *latents) : explain(*run_, *bank_, p);

        ExplainView v;
        v.method = method;
        v.question = question;
        for (const auto& t : ex.tokens) v.tokens << tokenView(t, ex.logit_lens);
        v.pooled = tokenView(ex.pooled, ex.logit_lens);
        v.baselineMean = ex.baseline.mean;
        v.baselineStd = ex.baseline.std;
        v.baselineP95 = ex.baseline.p95;
        v.groundTruth = alignmentView(ex.ground_truth, v.tokens);
        v.teacherCot = alignmentView(ex.teacher_cot, v.tokens);
        v.bankInfo = tr("%n bank sentence(s)", nullptr, int(ex.bank.size));

        // The projection places SemCoT's implicit tokens among the bank's sentences; a
        // baseline's latents have no projection of their own (the scatter stays empty).
        if (latents) {
            Q_EMIT explainFinished(v);
            return;
        }
        if (cancel_) return;
        Q_EMIT progressUpdated(tr("Projecting to 2-D"));
        // The current question first, then earlier ones and a few test questions for context.
        std::vector<std::string> questions{question.toStdString()};
        for (const QString& a : asked_)
            if (a != question && questions.size() < 8) questions.push_back(a.toStdString());
        for (const QString& t : testQuestions_)
            if (questions.size() < 12 && t != question) questions.push_back(t.toStdString());
        ProjectionParams pp;
        pp.max_sentences = 300;
        const Projection proj = project_implicit(
            *run_, *bank_, questions, pp, [this](int64_t, int64_t) { return !cancel_.load(); });
        for (const auto& pt : proj.points)
            v.scatter.append({pt.x, pt.y, qs(pt.kind), qs(pt.label), int(pt.question)});
        v.explainedVariance[0] = proj.explained_variance[0];
        v.explainedVariance[1] = proj.explained_variance[1];
        Q_EMIT explainFinished(v);
    } catch (const Cancelled&) {
    } catch (const std::exception& e) {
        Q_EMIT explainFailed(qs(e.what()));
    }
}

} // namespace semcot::ui
