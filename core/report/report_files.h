// Writes a gathered report (report_model.h) into a folder: report.html, report.json,
// summary.csv, samples.csv and every chart as .svg; with a renderer (the desktop app's
// ui/report/report_export.h, Qt) also report.pdf and every chart as .png at 2x. Without one,
// as in the Qt-less engine build (`semcot report`), the PDF and PNG files are left out and
// report.json says so.
#pragma once

#include "report/report_charts.h"
#include "report/report_model.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace semcot::report {

// What a build with Qt adds to the files.
struct ReportRenderer {
    // Writes report.pdf at `path`; returns what report.json records about it (e.g. "pages").
    std::function<nlohmann::json(const std::filesystem::path& path, const ReportData& data,
                                 const ReportCharts& charts)>
        write_pdf;
    // A chart as PNG bytes at 2x.
    std::function<std::string(const Chart& chart)> chart_png;
};

struct ReportFiles {
    std::filesystem::path folder;             // the output folder
    std::vector<std::filesystem::path> files; // everything written, report.html first
};

// Creates `out` and writes the files above (each atomically). Throws IoError when a file
// cannot be written, Cancelled when `progress` returns false.
ReportFiles write_report_files(const ReportData& data, const std::filesystem::path& out,
                               const ReportRenderer& renderer = {},
                               const ReportProgress& progress = {});

} // namespace semcot::report
