#include "evaluation_worker.h"

#include "baselines/method_loader.h"
#include "common/device.h"
#include "core_bridge.h"
#include "methods.h"
#include "qt_string.h"
#include "semcot/evaluation.h"
#include "semcot/run.h"

#include <nlohmann/json.hpp>

namespace semcot::ui {

EvaluationWorker::EvaluationWorker(QObject* parent)
    : QObject(parent) {}

void EvaluationWorker::start(const EvalRequest& request) {
    Q_EMIT started();
    prepareWorkerThread();
    try {
        const torch::Device device = parse_device(request.device.toStdString());
        auto run = load_run(request.run.toStdString(), device);
        InferenceContext ctx = run.inference_context();
        EvaluationParams p;
        p.methods.clear();
        for (const QString& m : request.methods) p.methods.push_back(parse_method(m.toStdString()));
        p.limit = request.limit;
        // Each baseline answers with its own copy of the teacher (adapted) or its own run, from
        // RUN/methods/NAME, as `semcot eval` loads them.
        std::vector<std::unique_ptr<LoadedMethod>> baselines;
        for (Method m : p.methods) {
            if (!is_baseline(m)) continue;
            Q_EMIT phaseChanged(tr("Loading %1").arg(methodLabel(qs(method_name(m)))));
            baselines.push_back(load_method(run, m, {}, device));
            p.method_contexts[m] = &baselines.back()->context;
        }
        Q_EMIT phaseChanged(QString());
        bool stopped = false;
        auto r = evaluate(ctx, run.split(request.split.toStdString()), p,
                          [&](int64_t done, int64_t total) {
                              Q_EMIT progressUpdated(int(done), int(total));
                              stopped = cancel_.load();
                              return !stopped;
                          });
        EvalData d;
        d.partial = stopped;
        for (const auto& [name, m] : r.methods) {
            EvalMethodRow row;
            row.method = qs(name);
            row.n = m.n;
            row.correct = m.correct;
            row.accuracy = m.accuracy;
            row.ciLow = m.ci95_low;
            row.ciHigh = m.ci95_high;
            row.meanLatencyS = m.mean_latency_s;
            row.medianLatencyS = m.median_latency_s;
            row.meanImplicitS = m.mean_implicit_s;
            row.meanNewTokens = m.mean_new_tokens;
            row.speedup = m.speedup_vs_cot.value_or(0); // 0: no CoT, shown as "-"
            d.methods << row;
        }
        // Methods in the order asked for.
        std::stable_sort(d.methods.begin(), d.methods.end(),
                         [&](const EvalMethodRow& a, const EvalMethodRow& b) {
                             return request.methods.indexOf(a.method) <
                                    request.methods.indexOf(b.method);
                         });
        for (const auto& s : r.samples) {
            EvalSampleRow row;
            row.index = s.index;
            row.method = qs(method_name(s.result.method));
            row.query = qs(s.query);
            row.gold = qs(s.gold);
            row.output = qs(s.result.output);
            row.extracted = qs(s.result.extracted);
            row.correct = s.result.correct;
            row.totalS = s.result.total_s;
            d.samples << row;
        }
        d.json = QByteArray::fromStdString(r.to_json().dump(2));
        Q_EMIT finished(d);
    } catch (const std::exception& e) {
        Q_EMIT failed(qs(e.what()));
    }
}

} // namespace semcot::ui
