#include "diagnostics_worker.h"

#include "analysis/diagnostics.h"
#include "baselines/method_loader.h"
#include "common/device.h"
#include "common/error.h"
#include "common/provenance.h"
#include "core_bridge.h"
#include "qt_string.h"
#include "semcot/run.h"

namespace semcot::ui {

QString diagnoseCommand(const DiagnosticsRequest& r) {
    QStringList args{QStringLiteral("semcot"), QStringLiteral("diagnose"), QStringLiteral("--run"),
                     r.run, QStringLiteral("--method"), r.method};
    if (r.kind == DiagnosticsRequest::Kind::split) {
        args << QStringLiteral("--split") << r.split << QStringLiteral("--n") << QString::number(r.n)
             << QStringLiteral("--seed") << QString::number(r.seed);
        if (r.control) args << QStringLiteral("--control");
    } else {
        args << QStringLiteral("--n") << QStringLiteral("2") << QStringLiteral("--question")
             << r.question << QStringLiteral("--top-k") << QString::number(r.topK);
    }
    if (!r.device.isEmpty()) args << QStringLiteral("--device") << r.device;
    QStringList quoted;
    for (const QString& a : args) quoted << qs(shell_quote(a.toStdString()));
    return quoted.join(u' ');
}

namespace {

DiagNorm norm(const NormSummary& s) {
    return {s.mean, s.sd, s.p5, s.p95};
}

QList<DiagIntervention> rows(const InterventionResult& r) {
    QList<DiagIntervention> out;
    for (const auto& row : r.rows) {
        DiagIntervention d{qs(row.name), row.n, row.correct, row.changed, row.accuracy, {}};
        for (const auto& a : row.answers) d.answers << qs(a);
        out << d;
    }
    return out;
}

void copyTokens(const TokenDiagnostics& t, DiagnosticsData& d) {
    d.questions = t.questions;
    d.k = t.k;
    for (const auto& n : t.norms) d.norms << norm(n);
    d.embeddingNorms = norm(t.embedding_norms);
    for (const auto& row : t.position_cosine) d.positionCosine << QList<double>(row.begin(), row.end());
    d.acrossQuestionsCosine = QList<double>(t.across_questions_cosine.begin(),
                                            t.across_questions_cosine.end());
    d.effectiveRank = QList<double>(t.effective_rank.begin(), t.effective_rank.end());
    d.embeddingPairCosine = t.embedding_pair_cosine;
    d.effectiveRankAll = t.effective_rank_all;
}

QList<QList<DiagLensCell>> lensCells(const std::vector<std::vector<LogitLensEntry>>& grid) {
    QList<QList<DiagLensCell>> out;
    for (const auto& layer : grid) {
        QList<DiagLensCell> row;
        for (const auto& e : layer) {
            DiagLensCell c;
            for (const auto& t : e.top) {
                c.pieces << qs(t.piece);
                c.probs << t.prob;
            }
            row << c;
        }
        out << row;
    }
    return out;
}

} // namespace

DiagnosticsWorker::DiagnosticsWorker(QObject* parent)
    : QObject(parent) {
    qRegisterMetaType<DiagnosticsRequest>();
    qRegisterMetaType<DiagnosticsData>();
}

void DiagnosticsWorker::start(const DiagnosticsRequest& request) {
    Q_EMIT started();
    prepareWorkerThread();
    using Kind = DiagnosticsRequest::Kind;
    try {
        set_command_line(diagnoseCommand(request).toStdString());
        const Method method = parse_method(request.method.toStdString());
        const torch::Device device = parse_device(request.device.toStdString());
        Q_EMIT phaseChanged(tr("Loading the run"));
        auto run = load_run(request.run.toStdString(), device);
        auto loaded = load_method(run, method, {}, device);
        const InferenceContext& ctx = loaded->context;
        DiagnosticsData d;
        d.request = request;
        auto progress = [this](int64_t done, int64_t total) {
            Q_EMIT progressUpdated(int(done), int(total));
            return !cancel_.load();
        };
        if (request.kind == Kind::lens) {
            Q_EMIT phaseChanged(tr("Raw logit lens"));
            d.lens = lensCells(layer_logit_lens(ctx, method, request.question.toStdString(),
                                                request.topK));
        } else if (request.kind == Kind::question) {
            // The question and one other (the first test question that differs): "another
            // question's" tokens need a donor.
            std::vector<Example> pair(1);
            pair[0].query = request.question.toStdString();
            for (const Example& e : run.split("test"))
                if (e.query != pair[0].query) {
                    pair.push_back(e);
                    break;
                }
            if (pair.size() < 2) throw InvalidArgument("the run has no other test question");
            d.questionUsed = qs(pair[1].query);
            Q_EMIT phaseChanged(tr("Interventions"));
            d.interventions = rows(intervene(ctx, method, pair, false, request.seed, progress));
            if (request.control)
                d.control = rows(intervene(ctx, method, pair, true, request.seed, progress));
        } else {
            auto split = run.split(request.split.toStdString());
            split.resize(std::min(split.size(), size_t(std::max(2, request.n))));
            Q_EMIT phaseChanged(tr("Token statistics"));
            copyTokens(token_diagnostics(ctx, method, split, progress), d);
            Q_EMIT phaseChanged(tr("Interventions"));
            d.interventions = rows(intervene(ctx, method, split, false, request.seed, progress));
            if (request.control) {
                Q_EMIT phaseChanged(tr("Control: tokens masked from attention"));
                d.control = rows(intervene(ctx, method, split, true, request.seed, progress));
            }
        }
        Q_EMIT finished(d);
    } catch (const Cancelled&) {
        Q_EMIT failed(tr("Stopped"));
    } catch (const std::exception& e) {
        Q_EMIT failed(qs(e.what()));
    }
}

} // namespace semcot::ui
