#include "evaluation_worker.h"

#include "baselines/method_loader.h"
#include "common/device.h"
#include "common/provenance.h"
#include "core_bridge.h"
#include "evaluation_data.h"
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
        // The `semcot eval` command that does what this job does (the result's provenance).
        set_command_line(evalCommand(request).toStdString());
        const torch::Device device = parse_device(request.device.toStdString());
        auto run = load_run(request.run.toStdString(), device);
        InferenceContext ctx = run.inference_context();
        EvaluationParams p;
        p.methods.clear();
        for (const QString& m : request.methods) p.methods.push_back(parse_method(m.toStdString()));
        p.limit = request.limit;
        // Each baseline answers with its own copy of the teacher (adapted) or its own run, from
        // RUN/methods/NAME, as `semcot eval` loads them.
        const auto baselines = load_baselines(run, p, device, torch::kFloat32, {}, [this](Method m) {
            Q_EMIT phaseChanged(tr("Loading %1").arg(methodLabel(qs(method_name(m)))));
        });
        Q_EMIT phaseChanged(QString());
        bool stopped = false;
        auto r = evaluate(ctx, run.split(request.split.toStdString()), p,
                          [&](int64_t done, int64_t total) {
                              Q_EMIT progressUpdated(int(done), int(total));
                              stopped = cancel_.load();
                              return !stopped;
                          });
        // What `semcot eval` records: the equivalent command, this device and Qt.
        r.provenance = provenance(request.device.toStdString(), qVersion());
        const EvalData d = evalData(r, request.methods, stopped);
        Q_EMIT finished(d);
    } catch (const std::exception& e) {
        Q_EMIT failed(qs(e.what()));
    }
}

} // namespace semcot::ui
