#include "report_export.h"

#include "chart_render.h"

#include "common/error.h"
#include "report/report_files.h"

namespace semcot::report {

ReportResult export_report(const ReportParams& params, const ReportProgress& progress) {
    if (params.out.empty()) throw InvalidArgument("the report needs an output folder");
    // Gathering (evaluation, explanations) takes most of the time: 90% of the bar.
    const auto data = gather_report(params, [&](const std::string& stage, double f) {
        return !progress || progress(stage, 0.9 * f);
    });
    return write_report(data, params.out, [&](const std::string& stage, double f) {
        return !progress || progress(stage, 0.9 + 0.1 * f);
    });
}

ReportResult write_report(const ReportData& data, const std::filesystem::path& out,
                          const ReportProgress& progress) {
    ReportResult result;
    ReportRenderer renderer;
    renderer.write_pdf = [&result](const std::filesystem::path& path, const ReportData& d,
                                   const ReportCharts& charts) {
        result.pdf = write_report_pdf(path, d, charts);
        return nlohmann::json{{"pages", result.pdf.pages},
                              {"comparison_page", result.pdf.comparison_page},
                              {"configuration_page", result.pdf.configuration_page},
                              {"example_pages", result.pdf.example_pages}};
    };
    renderer.chart_png = [](const Chart& chart) { return chart_png(chart, 2.0).toStdString(); };
    const ReportFiles files = write_report_files(data, out, renderer, progress);
    result.folder = files.folder;
    result.files = files.files;
    return result;
}

} // namespace semcot::report
