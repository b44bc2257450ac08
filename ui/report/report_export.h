// Exports a comparison report: gathers the data (core/report/report_model.h), then writes into
// the output folder report.html, report.pdf, report.json, summary.csv, samples.csv and every
// chart as .svg and .png (2x) (core/report/report_files.h with the Qt renderings). The GUI's
// File > Export report and `semcot-studio --export-report` both call export_report(); it needs
// a QGuiApplication (fonts, PDF) and runs on any thread.
#pragma once

#include "report/report_model.h"
#include "report_pdf.h"

#include <filesystem>
#include <vector>

namespace semcot::report {

struct ReportResult {
    std::filesystem::path folder;             // the output folder
    std::vector<std::filesystem::path> files; // everything written, report.html first
    PdfLayout pdf;
};

// gather_report() then write_report(). Throws semcot::Error subclasses (Cancelled when the
// progress callback returns false).
ReportResult export_report(const ReportParams& params, const ReportProgress& progress = {});

// Writes the files for data already gathered.
ReportResult write_report(const ReportData& data, const std::filesystem::path& out,
                          const ReportProgress& progress = {});

} // namespace semcot::report
