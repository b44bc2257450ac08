#include "evaluation_data.h"

#include "common/provenance.h"
#include "qt_string.h"
#include "report/report_analysis.h"
#include "semcot/evaluation.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace semcot::ui {

namespace {

EvalMethodRow methodRow(const std::string& name, const MethodSummary& m) {
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
    return row;
}

EvalPairRow pairRow(const PairedComparison& c) {
    EvalPairRow p;
    p.a = qs(c.a);
    p.b = qs(c.b);
    p.n = c.n;
    p.accuracyA = c.accuracy_a;
    p.accuracyB = c.accuracy_b;
    p.onlyA = c.mcnemar.only_a;
    p.onlyB = c.mcnemar.only_b;
    p.both = c.mcnemar.both;
    p.neither = c.mcnemar.neither;
    p.pValue = c.mcnemar.p_value;
    p.exact = c.mcnemar.exact;
    p.difference = c.bootstrap.difference;
    p.diffLow = c.bootstrap.low;
    p.diffHigh = c.bootstrap.high;
    p.latencyMeanA = c.latency_a.mean;
    p.latencySdA = c.latency_a.sd;
    p.latencyMeanB = c.latency_b.mean;
    p.latencySdB = c.latency_b.sd;
    return p;
}

QList<int> positions(const std::vector<int64_t>& samples) {
    QList<int> out;
    out.reserve(qsizetype(samples.size()));
    for (int64_t s : samples) out << int(s);
    return out;
}

EvalSliceTable sliceTable(const SliceTable& t) {
    EvalSliceTable out;
    out.method = qs(t.method);
    out.by = qs(t.by);
    for (const SliceRow& r : t.rows) {
        EvalSliceRow row;
        row.slice = qs(r.slice);
        row.n = r.n;
        row.correct = r.correct;
        row.accuracy = r.accuracy;
        row.ciLow = r.ci95_low;
        row.ciHigh = r.ci95_high;
        row.samples = positions(r.samples);
        out.rows << row;
    }
    return out;
}

EvalConfusion confusion(const ConfusionTable& t) {
    EvalConfusion out;
    out.method = qs(t.method);
    for (const auto& g : t.gold) out.gold << qs(g);
    for (const auto& p : t.predicted) out.predicted << qs(p);
    for (const auto& row : t.samples) {
        QList<QList<int>> cells;
        for (const auto& cell : row) cells << positions(cell);
        out.samples << cells;
    }
    return out;
}

} // namespace

EvalData evalData(const EvaluationResult& r, const QStringList& order, bool partial) {
    EvalData d;
    d.partial = partial;
    for (const auto& [name, m] : r.methods) d.methods << methodRow(name, m);
    // Methods in the order asked for; others after them.
    auto rank = [&](const QString& m) {
        const qsizetype i = order.indexOf(m);
        return i < 0 ? order.size() : i;
    };
    std::stable_sort(d.methods.begin(), d.methods.end(),
                     [&](const EvalMethodRow& a, const EvalMethodRow& b) {
                         return rank(a.method) < rank(b.method);
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
    // A stopped evaluation may leave methods with different question counts: no pairing then.
    try {
        for (const PairedComparison& c : report::paired_comparisons(r)) d.pairs << pairRow(c);
    } catch (const std::exception& e) {
        qWarning("paired comparison skipped: %s", e.what());
        d.pairs.clear();
    }
    for (const EvalMethodRow& m : d.methods) {
        const std::string method = m.method.toStdString();
        for (const std::string& by : available_slices(r, method))
            d.slices << sliceTable(slice_results(r, method, by));
        d.confusion << confusion(confusion_table(r, method));
    }
    d.json = QByteArray::fromStdString(r.to_json().dump(2));
    return d;
}

QString evalCommand(const EvalRequest& request) {
    QStringList args{QStringLiteral("semcot"),       QStringLiteral("eval"),
                     QStringLiteral("--run"),        request.run,
                     QStringLiteral("--methods"),    request.methods.join(u','),
                     QStringLiteral("--split"),      request.split,
                     QStringLiteral("--n"),          QString::number(request.limit),
                     QStringLiteral("--batch-size"), QStringLiteral("1")};
    if (!request.device.isEmpty()) args << QStringLiteral("--device") << request.device;
    QStringList quoted;
    for (const QString& a : args) quoted << qs(shell_quote(a.toStdString()));
    return quoted.join(u' ');
}

} // namespace semcot::ui
