#include "report/report_charts.h"

#include "report/report_format.h"

#include "analysis/explain.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <sstream>

namespace semcot::report {

namespace {

const char* const kPalette[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759",
                                "#76b7b2", "#edc948", "#b07aa1", "#9c755f"};
const char* const kFont = "DejaVu Sans, Arial, sans-serif";

std::string num(double v) {
    return fixed(v, 1);
}

// SVG drawing helpers writing into one stream.
class Svg {
public:
    void rect(double x, double y, double w, double h, const std::string& fill,
              const std::string& extra = {}) {
        out_ << "<rect x=\"" << num(x) << "\" y=\"" << num(y) << "\" width=\"" << num(w)
             << "\" height=\"" << num(h) << "\" fill=\"" << fill << "\"" << extra << "/>\n";
    }
    void line(double x1, double y1, double x2, double y2, const std::string& stroke,
              double width = 1) {
        out_ << "<line x1=\"" << num(x1) << "\" y1=\"" << num(y1) << "\" x2=\"" << num(x2)
             << "\" y2=\"" << num(y2) << "\" stroke=\"" << stroke << "\" stroke-width=\""
             << num(width) << "\"/>\n";
    }
    void text(double x, double y, const std::string& s, double size = 11,
              const char* anchor = "middle", const std::string& fill = "#222222",
              bool bold = false) {
        out_ << "<text x=\"" << num(x) << "\" y=\"" << num(y) << "\" font-family=\"" << kFont
             << "\" font-size=\"" << num(size) << "\" text-anchor=\"" << anchor << "\" fill=\""
             << fill << "\"" << (bold ? " font-weight=\"bold\"" : "") << ">" << xml_escape(s)
             << "</text>\n";
    }
    std::string str() const { return out_.str(); }

private:
    std::ostringstream out_;
};

double nice_step(double max, int ticks) {
    if (max <= 0) return 1;
    const double raw = max / ticks;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * mag >= raw) return m * mag;
    return 10 * mag;
}

std::vector<std::string> methods_present(const ReportData& data) {
    std::vector<std::string> out;
    for (const auto& name : method_order())
        for (const auto& run : data.runs)
            if (run.combined.methods.count(name)) {
                out.push_back(name);
                break;
            }
    return out;
}

// Grouped bars: one group per method, one bar per run; bar_for(the run's summary of the
// method) gives the bar (none where a run lacks the method).
struct Bar {
    bool present = false;
    double value = 0;
    double low = 0, high = 0; // error bar (equal to value: none)
    double marker = -1;       // a horizontal tick (median), < 0: none
    std::string label;
};

template <typename F>
Chart grouped_bars(const ReportData& data, const std::string& name, const std::string& title,
                   const std::string& y_caption, double y_max, double step,
                   const std::function<std::string(double)>& tick_label, F bar_for,
                   const std::string& note) {
    const auto methods = methods_present(data);
    const size_t nruns = data.runs.size();
    Chart c;
    c.name = name;
    c.title = title;
    c.width = 640;
    const double legend_rows = double((nruns + 2) / 3);
    const double top = 44 + 18 * legend_rows, left = 64, right = 16, bottom = 44;
    c.height = top + 220 + bottom;
    const double pw = c.width - left - right, ph = c.height - top - bottom;
    Svg s;
    s.rect(0, 0, c.width, c.height, "#ffffff");
    s.text(c.width / 2, 22, title, 15, "middle", "#111111", true);
    // Legend: one swatch per run, three per row.
    for (size_t r = 0; r < nruns; ++r) {
        const double lx = left + double(r % 3) * (pw / 3), ly = 40 + 18 * double(r / 3);
        s.rect(lx, ly - 10, 12, 12, kPalette[r % 8]);
        s.text(lx + 18, ly, shorten(data.runs[r].name, 28), 11, "start");
    }
    if (!note.empty()) s.text(c.width - right, c.height - 6, note, 9, "end", "#555555");
    auto y_of = [&](double v) { return top + ph - ph * std::clamp(v / y_max, 0.0, 1.0); };
    for (double t = 0; t <= y_max + 1e-9; t += step) {
        s.line(left, y_of(t), left + pw, y_of(t), "#dddddd");
        s.text(left - 6, y_of(t) + 4, tick_label(t), 10, "end", "#444444");
    }
    s.line(left, top, left, top + ph, "#444444");
    s.line(left, top + ph, left + pw, top + ph, "#444444");
    s.text(14, top - 10, y_caption, 10, "start", "#444444");
    const double gw = pw / double(std::max<size_t>(methods.size(), 1));
    const double bw = std::min(48.0, 0.7 * gw / double(std::max<size_t>(nruns, 1)));
    for (size_t g = 0; g < methods.size(); ++g) {
        const double gx = left + gw * double(g) + gw / 2;
        // Many methods share the width: smaller labels, and two-word ones on two lines.
        const std::string label = method_label(methods[g]);
        const size_t space = label.find(' ');
        if (methods.size() <= 6 || space == std::string::npos) {
            s.text(gx, top + ph + 20, label, methods.size() <= 6 ? 12 : 10, "middle", "#111111",
                   true);
        } else {
            s.text(gx, top + ph + 15, label.substr(0, space), 10, "middle", "#111111", true);
            s.text(gx, top + ph + 27, label.substr(space + 1), 10, "middle", "#111111", true);
        }
        for (size_t r = 0; r < nruns; ++r) {
            // A run without the method has no bar there.
            const auto& summaries = data.runs[r].combined.methods;
            const auto it = summaries.find(methods[g]);
            const Bar b = it == summaries.end() ? Bar{} : bar_for(it->second);
            if (!b.present) continue;
            const double x = gx - bw * double(nruns) / 2 + bw * double(r);
            s.rect(x + 2, y_of(b.value), bw - 4, top + ph - y_of(b.value), kPalette[r % 8]);
            double label_y = y_of(b.value) - 4;
            if (b.high > b.low) {
                const double cx = x + bw / 2;
                s.line(cx, y_of(b.low), cx, y_of(b.high), "#111111", 1.2);
                s.line(cx - 5, y_of(b.low), cx + 5, y_of(b.low), "#111111", 1.2);
                s.line(cx - 5, y_of(b.high), cx + 5, y_of(b.high), "#111111", 1.2);
                label_y = std::min(label_y, y_of(b.high) - 4);
            }
            if (b.marker >= 0)
                s.line(x + 2, y_of(b.marker), x + bw - 2, y_of(b.marker), "#111111", 2);
            s.text(x + bw / 2, label_y, b.label, 9, "middle", "#111111");
        }
    }
    c.body = s.str();
    return c;
}

} // namespace

std::string Chart::svg_file() const {
    std::ostringstream out;
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.2\" baseProfile=\"tiny\" "
        << "width=\"" << num(width) << "\" height=\"" << num(height) << "\" viewBox=\"0 0 "
        << num(width) << " " << num(height) << "\">\n"
        << "<title>" << xml_escape(title) << "</title>\n"
        << body << "</svg>\n";
    return out.str();
}

std::string Chart::svg_inline() const {
    std::ostringstream out;
    out << "<svg width=\"" << num(width) << "\" height=\"" << num(height) << "\" viewBox=\"0 0 "
        << num(width) << " " << num(height) << "\" role=\"img\" aria-label=\"" << xml_escape(title)
        << "\">\n"
        << body << "</svg>\n";
    return out.str();
}

Chart accuracy_chart(const ReportData& data) {
    return grouped_bars(
        data, "accuracy", "Accuracy with 95% interval", "accuracy (%)", 100, 20,
        [](double t) { return fixed(t, 0); },
        [](const MethodSummary& m) {
            Bar b;
            b.present = true;
            b.value = 100 * m.accuracy;
            b.low = 100 * m.ci95_low;
            b.high = 100 * m.ci95_high;
            b.label = percent(m.accuracy);
            return b;
        },
        "bars: accuracy; whiskers: 95% Wilson interval");
}

Chart latency_chart(const ReportData& data) {
    double max_ms = 0;
    for (const auto& run : data.runs)
        for (const auto& [name, m] : run.combined.methods)
            max_ms = std::max({max_ms, 1e3 * m.mean_latency_s, 1e3 * m.median_latency_s});
    const double step = nice_step(max_ms * 1.15, 5);
    const double y_max = step * std::ceil(std::max(max_ms * 1.15, step) / step);
    return grouped_bars(
        data, "latency", "Latency per question", "latency (ms)", y_max, step,
        [step](double t) { return fixed(t, step < 1 ? 2 : 0); },
        [](const MethodSummary& m) {
            Bar b;
            b.present = true;
            b.value = 1e3 * m.mean_latency_s;
            b.low = b.high = b.value;
            b.marker = 1e3 * m.median_latency_s;
            b.label = milliseconds(m.mean_latency_s) + " ms";
            return b;
        },
        "bars: mean; black line: median (batch size 1, wall time)");
}

Chart heatmap_chart(const HeatmapSpec& spec) {
    Chart c;
    c.name = spec.name;
    c.title = spec.title;
    const size_t rows = spec.values.size();
    size_t cols = 0;
    double lo = 0, hi = 0;
    bool first = true;
    for (const auto& row : spec.values) {
        cols = std::max(cols, row.size());
        for (double v : row) {
            if (!std::isfinite(v)) continue;
            lo = first ? v : std::min(lo, v);
            hi = first ? v : std::max(hi, v);
            first = false;
        }
    }
    const double cell_w = cols > 0 ? std::clamp(440.0 / double(cols), 14.0, 60.0) : 40;
    const double cell_h = std::clamp(220.0 / double(std::max<size_t>(rows, 1)), 14.0, 36.0);
    // Columns are numbered s1, s2, ... and listed under the grid with their text.
    const size_t listed = std::min(cols, spec.col_labels.size());
    const double left = 70, top = 44, bottom = 48 + 14 * double(listed);
    c.width = std::max(560.0, left + cell_w * double(cols) + 90);
    c.height = top + cell_h * double(rows) + bottom;
    Svg s;
    s.rect(0, 0, c.width, c.height, "#ffffff");
    s.text(c.width / 2, 20, spec.title, 13, "middle", "#111111", true);
    auto colour = [&](double v) {
        const double t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
        // White to dark blue.
        const int r = int(255 - t * (255 - 33)), g = int(255 - t * (255 - 102)),
                  b = int(255 - t * (255 - 172));
        char buf[8];
        std::snprintf(buf, sizeof buf, "#%02x%02x%02x", r, g, b);
        return std::string(buf);
    };
    for (size_t r = 0; r < rows; ++r) {
        const double y = top + cell_h * double(r);
        if (r < spec.row_labels.size())
            s.text(left - 6, y + cell_h / 2 + 4, shorten(spec.row_labels[r], 22), 10, "end");
        for (size_t col = 0; col < spec.values[r].size(); ++col) {
            const double v = spec.values[r][col];
            const double x = left + cell_w * double(col);
            s.rect(x, y, cell_w, cell_h, std::isfinite(v) ? colour(v) : "#eeeeee",
                   " stroke=\"#ffffff\" stroke-width=\"1\"");
            if (cell_w >= 34 && cell_h >= 14 && std::isfinite(v)) {
                const double t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
                s.text(x + cell_w / 2, y + cell_h / 2 + 3, fixed(v, 2), 8, "middle",
                       t > 0.55 ? "#ffffff" : "#111111");
            }
        }
    }
    const double base = top + cell_h * double(rows);
    for (size_t col = 0; col < cols; ++col)
        s.text(left + cell_w * (double(col) + 0.5), base + 14, "s" + std::to_string(col + 1), 10);
    if (!spec.col_axis.empty())
        s.text(left + cell_w * double(cols) / 2, base + 30, spec.col_axis, 10, "middle", "#444444");
    for (size_t col = 0; col < listed; ++col)
        s.text(left, base + 48 + 14 * double(col),
               "s" + std::to_string(col + 1) + "  " + shorten(spec.col_labels[col], 80), 10,
               "start");
    const std::string body = s.str();
    Svg legend;
    const double lx = left + cell_w * double(cols) + 20;
    for (int i = 0; i < 10; ++i)
        legend.rect(lx, top + 12.0 * i, 14, 12, colour(hi - (hi - lo) * i / 9.0));
    legend.text(lx + 18, top + 10, fixed(hi, 2), 9, "start");
    legend.text(lx + 18, top + 118, fixed(lo, 2), 9, "start");
    if (!spec.row_axis.empty()) legend.text(8, top - 10, spec.row_axis, 10, "start", "#444444");
    c.body = body + legend.str();
    return c;
}

std::vector<const Chart*> ReportCharts::all() const {
    std::vector<const Chart*> out = {&accuracy, &latency};
    for (const auto& run : heatmaps)
        for (const auto& example : run)
            for (const auto& chart : example) out.push_back(&chart);
    return out;
}

ReportCharts make_charts(const ReportData& data) {
    ReportCharts c;
    c.accuracy = accuracy_chart(data);
    c.latency = latency_chart(data);
    c.heatmaps.resize(data.runs.size());
    for (size_t r = 0; r < data.runs.size(); ++r) {
        const auto& run = data.runs[r];
        c.heatmaps[r].resize(run.examples.size());
        for (size_t e = 0; e < run.examples.size(); ++e) {
            if (run.examples[e].explain.is_null()) continue;
            const auto x = Explanation::from_json(run.examples[e].explain, run.name);
            for (const AlignmentMatrix* m : {&x.ground_truth, &x.teacher_cot}) {
                if (m->empty()) continue;
                // The teacher's CoT often is the gold reasoning word for word: one heatmap.
                if (m == &x.teacher_cot && !x.ground_truth.empty() &&
                    m->reasoning == x.ground_truth.reasoning)
                    continue;
                HeatmapSpec spec;
                spec.name = "heatmap_run" + std::to_string(r + 1) + "_q" + std::to_string(e + 1) +
                            "_" + m->source;
                spec.title = run.name + ", question " + std::to_string(e + 1) + ": " +
                             (m->source == "ground_truth" ? "gold reasoning" : "teacher's CoT");
                for (int64_t i = 0; i < m->rows; ++i) {
                    spec.row_labels.push_back("t" + std::to_string(i + 1));
                    std::vector<double> row;
                    for (int64_t j = 0; j < m->cols; ++j) row.push_back(m->at(i, j));
                    spec.values.push_back(std::move(row));
                }
                spec.col_labels = m->steps;
                spec.row_axis = "implicit token";
                spec.col_axis = "reasoning step (cosine similarity in the ST space)";
                c.heatmaps[r][e].push_back(heatmap_chart(spec));
            }
        }
    }
    return c;
}

} // namespace semcot::report
