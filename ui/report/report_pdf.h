// report.pdf: the same content as report.html on A4 pages, drawn with QPainter on a QPdfWriter
// (text stays text, charts stay vector). The summary (comparison table and charts), the
// configuration and each example question start on a new page. Needs a QGuiApplication.
#pragma once

#include "report/report_charts.h"
#include "report/report_model.h"

#include <filesystem>
#include <vector>

namespace semcot::report {

// Where the sections landed (1-based pages), for report.json and tests.
struct PdfLayout {
    int pages = 0;
    int comparison_page = 0;
    int configuration_page = 0;
    std::vector<int> example_pages; // first page of each example question
};

PdfLayout write_report_pdf(const std::filesystem::path& path, const ReportData& data,
                           const ReportCharts& charts);

} // namespace semcot::report
