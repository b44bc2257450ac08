#include "runs_table.h"

#include "qt_string.h"
#include "report/report_config.h"
#include "report/report_model.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace semcot::ui {

MeanSd meanSd(const QList<double>& values) {
    MeanSd out;
    out.n = int(values.size());
    if (values.isEmpty()) return out;
    double sum = 0;
    for (double v : values) sum += v;
    out.mean = sum / out.n;
    if (out.n > 1) {
        double ss = 0;
        for (double v : values) ss += (v - out.mean) * (v - out.mean);
        out.sd = std::sqrt(ss / (out.n - 1));
    }
    return out;
}

QString formatMeanSd(const MeanSd& v, int decimals, double scale) {
    if (v.n == 0) return QStringLiteral("-");
    const QString mean = QString::number(v.mean * scale, 'f', decimals);
    if (v.n == 1) return mean;
    return QStringLiteral("%1 ± %2").arg(mean, QString::number(v.sd * scale, 'f', decimals));
}

namespace {

QStringList evaluationFiles(const QString& folder) {
    QFileInfoList found;
    const QDir dir(folder);
    found << dir.entryInfoList({QStringLiteral("evaluation*.json")}, QDir::Files);
    found << QDir(dir.filePath(QStringLiteral("evaluations")))
                 .entryInfoList({QStringLiteral("*.json")}, QDir::Files);
    const QFileInfo sibling(QDir::cleanPath(folder) + QStringLiteral(".eval.json"));
    if (sibling.isFile()) found << sibling;
    std::stable_sort(found.begin(), found.end(), [](const QFileInfo& a, const QFileInfo& b) {
        return a.lastModified() < b.lastModified();
    });
    QStringList out;
    for (const QFileInfo& f : found) out << f.filePath();
    return out;
}

} // namespace

RunEvaluations readRunEvaluations(const QString& folder) {
    RunEvaluations out;
    for (const QString& path : evaluationFiles(folder)) {
        QFile file(path);
        try {
            if (!file.open(QIODevice::ReadOnly)) throw std::runtime_error("cannot be read");
            const auto j = nlohmann::json::parse(file.readAll().toStdString());
            const auto r = semcot::report::evaluation_from_json(j, path.toStdString());
            for (const auto& [name, summary] : r.methods) out.methods[qs(name)] = summary;
            out.files << path;
        } catch (const std::exception& e) {
            out.problems << QStringLiteral("%1: %2").arg(path, qs(e.what()));
        }
    }
    return out;
}

namespace {

using Rows = std::vector<std::pair<std::string, std::string>>;

// task, preset.* and world_size rows: equal for runs that differ only by seed. The
// data-parallel world size is a setting: the per-rank batches weigh the generator's answer
// loss differently (README, "Training at scale").
std::map<std::string, std::string> settingRows(const RunSummary& run) {
    std::map<std::string, std::string> out;
    for (const auto& [key, value] : semcot::report::config_rows(run.info.json))
        if (key == "task" || key.rfind("preset.", 0) == 0) out[key] = value;
    out["world_size"] = run.info.world_size_text();
    return out;
}

// Only finished runs are averaged: a failed or unfinished run (or one being trained right
// now) has no final numbers and keeps a row of its own.
bool groupable(const RunSummary& run) {
    return run.status == QStringLiteral("done") && !run.trainer;
}

// For each run, "key=value" where its preset differs from the most common value.
QList<QStringList> presetDifferences(const QList<RunSummary>& runs) {
    std::vector<std::map<std::string, std::string>> rows;
    std::map<std::string, bool> keys;
    for (const auto& r : runs) {
        rows.push_back(settingRows(r));
        for (const auto& [k, v] : rows.back())
            if (k != "task") keys[k] = true;
    }
    QList<QStringList> out(runs.size());
    for (const auto& [key, unused] : keys) {
        std::map<std::string, int> count;
        auto value = [&](size_t i) {
            const auto it = rows[i].find(key);
            return it == rows[i].end() ? std::string("false") : it->second; // absent switch: off
        };
        for (size_t i = 0; i < rows.size(); ++i) ++count[value(i)];
        std::string common;
        int most = 0;
        for (const auto& [v, c] : count)
            if (c > most) most = c, common = v;
        if (count.size() < 2) continue;
        for (size_t i = 0; i < rows.size(); ++i)
            if (value(i) != common) { // preset keys without "preset."
                const std::string name = key.rfind("preset.", 0) == 0 ? key.substr(7) : key;
                out[qsizetype(i)] << qs(name + "=" + value(i));
            }
    }
    return out;
}

void addFigures(RunTableRow& row) {
    QMap<QString, QList<double>> accuracy, latency;
    QList<double> loss;
    for (const RunSummary& r : row.runs) {
        row.seeds << QString::number(r.info.seed);
        if (r.bestValLoss >= 0) loss << r.bestValLoss;
        const RunEvaluations e = readRunEvaluations(r.folder);
        row.evaluationFiles << e.files;
        row.problems << e.problems;
        for (auto it = e.methods.begin(); it != e.methods.end(); ++it) {
            accuracy[it.key()] << it->accuracy;
            latency[it.key()] << it->mean_latency_s * 1000;
        }
    }
    for (auto it = accuracy.begin(); it != accuracy.end(); ++it) row.accuracy[it.key()] = meanSd(*it);
    for (auto it = latency.begin(); it != latency.end(); ++it) row.latencyMs[it.key()] = meanSd(*it);
    row.bestValLoss = meanSd(loss);
}

} // namespace

QList<RunTableRow> runTableRows(const QList<RunSummary>& runs, bool groupBySeed) {
    const QList<QStringList> differences = presetDifferences(runs);
    QList<RunTableRow> rows;
    std::vector<std::map<std::string, std::string>> keys; // per row, for grouping
    for (qsizetype i = 0; i < runs.size(); ++i) {
        const auto key = settingRows(runs[i]);
        qsizetype at = -1;
        if (groupBySeed && groupable(runs[i]))
            for (qsizetype r = 0; r < rows.size() && at < 0; ++r)
                if (groupable(rows[r].runs.first()) && keys[size_t(r)] == key) at = r;
        if (at < 0) {
            rows.append(RunTableRow{});
            rows.last().presetDifferences = differences[i];
            keys.push_back(key);
            at = rows.size() - 1;
        }
        rows[at].runs << runs[i];
    }
    for (RunTableRow& row : rows) {
        std::stable_sort(row.runs.begin(), row.runs.end(), [](const RunSummary& a, const RunSummary& b) {
            return a.info.seed < b.info.seed;
        });
        addFigures(row);
    }
    return rows;
}

} // namespace semcot::ui
