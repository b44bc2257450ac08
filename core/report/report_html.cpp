#include "report/report_html.h"

#include "common/provenance.h"
#include "report/report_analysis.h"
#include "report/report_diagnostics.h"

#include "report/report_format.h"

#include "analysis/explain.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

namespace semcot::report {

namespace {

const char* const kStyle = R"(
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 1100px;
       color: #222; line-height: 1.4; padding: 0 1em; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { border-bottom: 2px solid #4e79a7; padding-bottom: 0.2em; margin-top: 2em; }
h3 { margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { background: #eef2f7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.diff td { background: #fff6dd; }
pre { background: #f6f6f6; padding: 0.5em; white-space: pre-wrap; margin: 0; font-size: 0.9em; }
figure { margin: 1em 0; }
figcaption { font-size: 0.9em; color: #555; }
.ok { color: #2a7d2a; font-weight: bold; }
.bad { color: #b22; font-weight: bold; }
.meta { color: #555; font-size: 0.9em; }
.note { color: #555; font-size: 0.88em; }
)";

std::string esc(const std::string& s) {
    return xml_escape(s);
}

std::string td_num(const std::string& s) {
    return "<td class=\"num\">" + esc(s) + "</td>";
}

void comparison_table(std::ostringstream& out, const std::vector<const ReportRun*>& runs,
                      const std::vector<const EvaluationResult*>& results,
                      const std::vector<std::string>& labels) {
    out << "<table>\n<thead><tr><th>Run</th>";
    if (!labels.empty()) out << "<th>Evaluation</th>";
    out << "<th>Method</th><th>n</th><th>Correct</th><th>Accuracy</th><th>95% CI</th>"
           "<th>Mean latency (ms)</th><th>Median latency (ms)</th><th>Implicit (ms)</th>"
           "<th>New tokens</th><th>Speed-up vs CoT</th></tr></thead>\n<tbody>\n";
    for (size_t i = 0; i < runs.size(); ++i) {
        for (const auto& name : method_order()) {
            auto it = results[i]->methods.find(name);
            if (it == results[i]->methods.end()) continue;
            const auto& m = it->second;
            out << "<tr><td>" << esc(runs[i]->name) << "</td>";
            if (!labels.empty()) out << "<td>" << esc(labels[i]) << "</td>";
            out << "<td>" << esc(method_label(name)) << "</td>" << td_num(std::to_string(m.n))
                << td_num(std::to_string(m.correct)) << td_num(percent(m.accuracy))
                << td_num(interval(m.ci95_low, m.ci95_high))
                << td_num(milliseconds(m.mean_latency_s))
                << td_num(milliseconds(m.median_latency_s))
                << td_num(milliseconds(m.mean_implicit_s)) << td_num(fixed(m.mean_new_tokens, 1))
                << td_num(speedup(m.speedup_vs_cot)) << "</tr>\n";
        }
    }
    out << "</tbody>\n</table>\n";
}

// The caption names the chart's files: the .svg always, the .png when the report has them.
void figure(std::ostringstream& out, const Chart& chart, const std::string& caption, bool png) {
    out << "<figure id=\"fig-" << esc(chart.name) << "\">\n"
        << chart.svg_inline() << "<figcaption>" << esc(caption) << " (also " << esc(chart.name)
        << ".svg" << (png ? " and " + esc(chart.name) + ".png" : std::string())
        << ")</figcaption>\n</figure>\n";
}

void configuration(std::ostringstream& out, const ReportData& data) {
    std::vector<nlohmann::json> infos;
    for (const auto& run : data.runs) infos.push_back(run.info);
    const ConfigTable table = config_table(infos);
    out << "<table>\n<thead><tr><th>Setting</th>";
    for (const auto& run : data.runs) out << "<th>" << esc(run.name) << "</th>";
    out << "</tr></thead>\n<tbody>\n";
    for (size_t row = 0; row < table.keys.size(); ++row) {
        out << "<tr" << (table.differs[row] ? " class=\"diff\"" : "") << "><td>"
            << esc(table.keys[row]) << "</td>";
        for (const auto& v : table.values[row]) out << "<td>" << esc(v ? *v : "-") << "</td>";
        out << "</tr>\n";
    }
    out << "</tbody>\n</table>\n";
    if (data.runs.size() > 1)
        out << "<p class=\"note\">Highlighted rows differ between the runs.</p>\n";
}

// What the run's trained decoder writes from the implicit tokens alone (issue 18), with the
// decoder's and its controls' test-split ROUGE-L for context.
void decoded_reasoning(std::ostringstream& out, const DecodedReasoning& d) {
    if (!d.present) return;
    out << "<p>Decoded reasoning (a decoder trained to write the reasoning from the implicit tokens "
           "alone; it never sees the question):</p>\n<pre>";
    for (const auto& step : d.steps) out << esc(step) << "\n";
    out << "</pre>\n<p>Concludes: " << esc(d.conclusion.empty() ? "(nothing)" : d.conclusion);
    if (std::isfinite(d.rouge_l))
        out << "; ROUGE-L against the gold reasoning " << fixed(d.rouge_l, 3) << ", steps matched "
            << d.matched_steps << "/" << d.gold_steps;
    out << ".";
    for (const auto& [name, sc] : d.conditions)
        out << " Test split, decoder of " << esc(condition_label(name)) << ": ROUGE-L "
            << fixed(sc.rouge_l, 3) << (sc.coin_n > 0 ? ", coin state " + fixed(sc.coin_state, 3) : "")
            << ".";
    out << "</p>\n";
}

void explanation(std::ostringstream& out, const Explanation& x) {
    out << "<p>Implicit tokens (k = " << x.k
        << "): nearest sentences of each token's sentence-transformer embedding in a bank of "
        << x.bank.size << " reasoning sentences, by cosine similarity. They are neighbours, not "
        << "text the model generates. Random pairs of bank sentences score "
        << fixed(x.baseline.mean, 3) << " &#177; " << fixed(x.baseline.std, 3) << " (p95 "
        << fixed(x.baseline.p95, 3) << ").</p>\n";
    out << "<table>\n<thead><tr><th>Token</th><th>Norm</th><th>Nearest sentences (cosine)</th>"
           "<th>Margin</th><th>z vs random pairs</th></tr></thead>\n<tbody>\n";
    std::vector<const TokenNeighbours*> rows;
    for (const auto& t : x.tokens) rows.push_back(&t);
    if (!x.pooled.neighbours.empty()) rows.push_back(&x.pooled);
    for (const auto* t : rows) {
        out << "<tr><td>" << esc(t->label) << "</td>" << td_num(fixed(t->norm, 2)) << "<td>";
        for (size_t i = 0; i < t->neighbours.size(); ++i)
            out << (i ? "<br/>" : "") << esc(fixed(t->neighbours[i].score, 3)) << " "
                << esc(t->neighbours[i].text);
        out << "</td>" << td_num(fixed(t->margin, 3)) << td_num(fixed(t->baseline_z, 2))
            << "</tr>\n";
    }
    out << "</tbody>\n</table>\n";
    for (const AlignmentMatrix* m : {&x.ground_truth, &x.teacher_cot})
        if (!m->empty() && std::isfinite(m->score))
            out << "<p>Semantic alignment with the "
                << (m->source == "ground_truth" ? "gold reasoning" : "teacher's CoT") << ": "
                << fixed(m->score, 3) << "</p>\n";
    decoded_reasoning(out, x.decoded);
}

// SemCoT against each other method on the same questions.
void paired_section(std::ostringstream& out, const ReportData& data) {
    out << "<table>\n<thead><tr><th>Run</th><th>A</th><th>B</th><th>n</th><th>A right, B "
           "wrong</th><th>A wrong, B right</th><th>McNemar p</th><th>Accuracy A - B "
           "(points)</th><th>95% CI (paired bootstrap)</th><th>Latency A / B (ms, mean ± "
           "sd)</th></tr></thead>\n<tbody>\n";
    for (const auto& run : data.runs)
        for (const auto& c : paired_comparisons(run.combined)) {
            char p[32];
            std::snprintf(p, sizeof p, "%.3g", c.mcnemar.p_value);
            out << "<tr><td>" << esc(run.name) << "</td><td>" << esc(method_label(c.a))
                << "</td><td>" << esc(method_label(c.b)) << "</td>" << td_num(std::to_string(c.n))
                << td_num(std::to_string(c.mcnemar.only_a))
                << td_num(std::to_string(c.mcnemar.only_b)) << td_num(p)
                << td_num(fixed(100 * c.bootstrap.difference, 1))
                << td_num("[" + fixed(100 * c.bootstrap.low, 1) + ", " +
                          fixed(100 * c.bootstrap.high, 1) + "]")
                << td_num(fixed(1e3 * c.latency_a.mean, 2) + " ± " + fixed(1e3 * c.latency_a.sd, 2) +
                          " / " + fixed(1e3 * c.latency_b.mean, 2) + " ± " +
                          fixed(1e3 * c.latency_b.sd, 2))
                << "</tr>\n";
        }
    out << "</tbody></table>\n<p class=\"note\">McNemar's test uses only the questions one "
           "method got right and the other wrong (exact binomial below 25 such questions). The "
           "interval resamples the questions 10000 times (seed 0).</p>\n";
}

// The latent-token diagnostics of the runs that have them (report_diagnostics.h).
void diagnostics_section(std::ostringstream& out, const ReportData& data) {
    std::vector<TextTable> tables;
    for (const auto& run : data.runs)
        for (auto& t : diagnostics_tables(run.name, run.diagnostics)) tables.push_back(std::move(t));
    if (tables.empty()) return;
    out << "<section id=\"diagnostics\">\n<h2>Are the latent tokens doing anything?</h2>\n";
    for (const auto& t : tables) {
        out << "<h3>" << esc(t.caption) << "</h3>\n<table>\n<thead><tr>";
        for (const auto& h : t.header) out << "<th>" << esc(h) << "</th>";
        out << "</tr></thead>\n<tbody>\n";
        for (const auto& row : t.rows) {
            out << "<tr><td>" << esc(row.front()) << "</td>";
            for (size_t c = 1; c < row.size(); ++c) out << td_num(row[c]);
            out << "</tr>\n";
        }
        out << "</tbody></table>\n";
    }
    out << "<p class=\"note\">" << esc(kDiagnosticsNote) << "</p>\n</section>\n";
}

// Accuracy by slice, methods side by side, and each method's gold-against-predicted table.
void slices_section(std::ostringstream& out, const ReportData& data) {
    for (const auto& run : data.runs) {
        std::vector<std::string> methods;
        for (const auto& name : method_order())
            if (run.combined.methods.count(name)) methods.push_back(name);
        if (methods.empty()) continue;
        for (const auto& by : available_slices(run.combined, methods.front())) {
            if (by == "length") continue; // quartile bins differ per method; see semcot slice
            out << "<h3>" << esc(run.name) << ": accuracy by " << esc(by) << "</h3>\n<table>\n"
                << "<thead><tr><th>" << esc(by) << "</th><th>n</th>";
            for (const auto& m : methods) out << "<th>" << esc(method_label(m)) << "</th>";
            out << "</tr></thead>\n<tbody>\n";
            std::vector<SliceTable> tables;
            for (const auto& m : methods) tables.push_back(slice_results(run.combined, m, by));
            for (size_t r = 0; r < tables.front().rows.size(); ++r) {
                const auto& row = tables.front().rows[r];
                out << "<tr><td>" << esc(row.slice) << "</td>" << td_num(std::to_string(row.n));
                for (const auto& t : tables)
                    out << (r < t.rows.size() && t.rows[r].slice == row.slice
                                ? td_num(fixed(100 * t.rows[r].accuracy, 1) + "%")
                                : td_num("-"));
                out << "</tr>\n";
            }
            out << "</tbody></table>\n";
        }
        out << "<h3>" << esc(run.name) << ": gold (rows) against predicted answers</h3>\n";
        for (const auto& m : methods) {
            const ConfusionTable t = confusion_table(run.combined, m);
            out << "<p><b>" << esc(method_label(m)) << "</b></p>\n<table><thead><tr><th>gold</th>";
            for (const auto& p : t.predicted) out << "<th>" << esc(p) << "</th>";
            out << "</tr></thead><tbody>\n";
            for (size_t g = 0; g < t.gold.size(); ++g) {
                out << "<tr><td>" << esc(t.gold[g]) << "</td>";
                for (int64_t c : t.counts[g]) out << td_num(std::to_string(c));
                out << "</tr>\n";
            }
            out << "</tbody></table>\n";
        }
    }
}

// How the report, each run and each evaluation were made: the commands to reproduce them.
void provenance_section(std::ostringstream& out, const ReportData& data) {
    auto block = [&](const std::string& what, const nlohmann::json& p) {
        if (p.is_null() || !p.is_object()) return;
        out << "<h3>" << esc(what) << "</h3>\n<pre>" << esc(provenance_text(p)) << "</pre>\n";
    };
    block("This report", data.provenance);
    for (const auto& run : data.runs) {
        block(run.name + ": training", run.info.value("provenance", nlohmann::json()));
        for (const auto& e : run.evaluations)
            block(run.name + ": " + e.label, e.result.provenance);
    }
}

void examples(std::ostringstream& out, const ReportData& data, const ReportCharts& charts) {
    size_t count = 0;
    for (const auto& run : data.runs) count = std::max(count, run.examples.size());
    if (count == 0) out << "<p>No example questions.</p>\n";
    for (size_t e = 0; e < count; ++e) {
        const ReportExample* head = nullptr;
        for (const auto& run : data.runs)
            if (e < run.examples.size()) head = head ? head : &run.examples[e];
        out << "<div class=\"example\" id=\"example-" << e + 1 << "\">\n<h3>Question " << e + 1
            << "</h3>\n<pre>" << esc(head->query) << "</pre>\n<p>Gold answer: <b>"
            << esc(head->gold) << "</b></p>\n";
        for (size_t r = 0; r < data.runs.size(); ++r) {
            const auto& run = data.runs[r];
            if (e >= run.examples.size()) continue;
            const auto& ex = run.examples[e];
            out << "<h4>" << esc(run.name) << "</h4>\n";
            out << "<table>\n<thead><tr><th>Method</th><th>Output (explicit reasoning for CoT)"
                   "</th><th>Answer</th><th>Correct</th><th>Latency (ms)</th></tr></thead>\n"
                   "<tbody>\n";
            for (const auto& s : ex.answers) {
                const auto& m = s.result;
                out << "<tr><td>" << esc(method_label(method_name(m.method))) << "</td><td><pre>"
                    << esc(m.output) << "</pre></td><td>" << esc(m.extracted) << "</td><td>"
                    << (m.correct ? "<span class=\"ok\">yes</span>"
                                  : "<span class=\"bad\">no</span>")
                    << "</td>" << td_num(milliseconds(m.total_s)) << "</tr>\n";
            }
            out << "</tbody>\n</table>\n";
            if (!ex.explain.is_null()) {
                explanation(out, Explanation::from_json(ex.explain, run.name));
                if (r < charts.heatmaps.size() && e < charts.heatmaps[r].size())
                    for (const auto& chart : charts.heatmaps[r][e])
                        figure(out, chart, chart.title, charts.png);
            }
        }
        out << "</div>\n";
    }
}

} // namespace

std::string report_html(const ReportData& data, const ReportCharts& charts) {
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>"
        << esc(data.title) << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n";
    out << "<h1>" << esc(data.title) << "</h1>\n<p class=\"meta\">Generated " << esc(data.generated)
        << " by SemCoT Studio. Runs: ";
    for (size_t r = 0; r < data.runs.size(); ++r) out << (r ? ", " : "") << esc(data.runs[r].name);
    out << ".</p>\n";

    out << "<section id=\"comparison\">\n<h2>Method comparison</h2>\n";
    std::vector<const ReportRun*> runs;
    std::vector<const EvaluationResult*> results;
    for (const auto& run : data.runs) {
        runs.push_back(&run);
        results.push_back(&run.combined);
    }
    comparison_table(out, runs, results, {});
    out << "<p class=\"note\">Accuracy with its 95% Wilson score interval; latency is wall time "
           "per question at batch size 1; speed-up is CoT's mean latency over the method's. "
           "Several evaluations of one run are averaged (n adds up).</p>\n";
    bool several = false;
    for (const auto& run : data.runs) several = several || run.evaluations.size() > 1;
    if (several) {
        out << "<h3>Per evaluation</h3>\n";
        std::vector<const ReportRun*> rr;
        std::vector<const EvaluationResult*> er;
        std::vector<std::string> labels;
        for (const auto& run : data.runs)
            for (const auto& e : run.evaluations) {
                rr.push_back(&run);
                er.push_back(&e.result);
                labels.push_back(e.label);
            }
        comparison_table(out, rr, er, labels);
    }
    out << "</section>\n";

    out << "<section id=\"charts\">\n<h2>Charts</h2>\n";
    figure(out, charts.accuracy, "Accuracy per method and run, with 95% intervals", charts.png);
    figure(out, charts.latency, "Mean (bar) and median (line) latency per method and run",
           charts.png);
    out << "</section>\n";

    out << "<section id=\"paired\">\n<h2>Paired comparisons</h2>\n";
    paired_section(out, data);
    out << "</section>\n";

    out << "<section id=\"slices\">\n<h2>Where methods fail</h2>\n";
    slices_section(out, data);
    out << "</section>\n";

    diagnostics_section(out, data); // only when the report was made with diagnostics

    out << "<section id=\"configuration\">\n<h2>Configuration</h2>\n";
    configuration(out, data);
    out << "</section>\n";

    out << "<section id=\"evaluations\">\n<h2>Evaluations</h2>\n<ul>\n";
    for (const auto& run : data.runs)
        for (const auto& e : run.evaluations)
            out << "<li>" << esc(run.name) << ": " << esc(e.label) << ", "
                << e.result.samples.size() << " answers</li>\n";
    out << "</ul>\n</section>\n";

    out << "<section id=\"provenance\">\n<h2>Provenance</h2>\n";
    provenance_section(out, data);
    out << "</section>\n";

    out << "<section id=\"examples\">\n<h2>Example questions</h2>\n";
    examples(out, data, charts);
    out << "</section>\n</body>\n</html>\n";
    return out.str();
}

} // namespace semcot::report
