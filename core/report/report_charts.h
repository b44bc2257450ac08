// The report's charts as SVG documents (vector, SVG Tiny 1.2 so QtSvg renders them): grouped
// bars of accuracy with 95% intervals and of latency per method and run, and heatmaps of
// alignment matrices. The same SVG goes inline into the HTML, into the PDF (QSvgRenderer on
// the PDF painter stays vector) and to PNG at 2x (both in the desktop app's
// ui/report/chart_render.h). No Qt here.
#pragma once

#include "report/report_model.h"

#include <string>
#include <vector>

namespace semcot::report {

struct Chart {
    std::string name;  // file stem: "accuracy", "latency", "heatmap_<run>_<i>"
    std::string title; // caption
    double width = 0, height = 0;
    std::string body; // SVG children (everything inside <svg>)
    // A standalone .svg file (XML declaration, xmlns).
    std::string svg_file() const;
    // <svg> for inline HTML: no xmlns, no external references.
    std::string svg_inline() const;
};

Chart accuracy_chart(const ReportData& data);
Chart latency_chart(const ReportData& data);

// values[r][c] in [lo, hi] as coloured cells, rows and columns labelled.
struct HeatmapSpec {
    std::string name, title;
    std::vector<std::vector<double>> values;
    std::vector<std::string> row_labels, col_labels;
    std::string row_axis, col_axis; // axis captions
};
Chart heatmap_chart(const HeatmapSpec& spec);

// Every chart of a report.
struct ReportCharts {
    Chart accuracy, latency;
    // heatmaps[run][example]: alignment heatmaps of the example (none without explain data).
    std::vector<std::vector<std::vector<Chart>>> heatmaps;
    bool png = false; // the report also has every chart as .png (a renderer wrote them)
    std::vector<const Chart*> all() const;
};
ReportCharts make_charts(const ReportData& data);

} // namespace semcot::report
