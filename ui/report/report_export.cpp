#include "report_export.h"

#include "report_charts.h"
#include "report_html.h"

#include "common/error.h"
#include "common/platform.h"

#include <system_error>

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
    auto step = [&](const std::string& stage, double f) {
        if (progress && !progress(stage, f)) throw Cancelled("report export stopped");
    };
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec) throw IoError("cannot create " + out.string() + ": " + ec.message());
    ReportResult result;
    result.folder = out;
    auto write = [&](const std::string& name, const std::string& bytes) {
        write_file_atomic(out / name, bytes);
        result.files.push_back(out / name);
    };
    step("drawing charts", 0.0);
    const ReportCharts charts = make_charts(data);
    step("writing report.html", 0.2);
    write("report.html", report_html(data, charts));

    step("writing report.pdf", 0.4);
    const auto pdf_tmp = out / "report.pdf.tmp";
    result.pdf = write_report_pdf(pdf_tmp, data, charts);
    std::filesystem::rename(pdf_tmp, out / "report.pdf", ec);
    if (ec) throw IoError("cannot write " + (out / "report.pdf").string() + ": " + ec.message());
    result.files.push_back(out / "report.pdf");

    step("writing *.svg, *.png", 0.6);
    nlohmann::json chart_list = nlohmann::json::array();
    for (const Chart* c : charts.all()) {
        write(c->name + ".svg", c->svg_file());
        const QByteArray png = chart_png(*c, 2.0);
        write(c->name + ".png", png.toStdString());
        chart_list.push_back({{"name", c->name},
                              {"title", c->title},
                              {"svg", c->name + ".svg"},
                              {"png", c->name + ".png"}});
    }

    step("writing report.json, summary.csv, samples.csv", 0.9);
    write("summary.csv", summary_csv(data));
    write("samples.csv", samples_csv(data));
    nlohmann::json j = report_json(data);
    j["charts"] = chart_list;
    j["pdf"] = {{"file", "report.pdf"},
                {"pages", result.pdf.pages},
                {"comparison_page", result.pdf.comparison_page},
                {"configuration_page", result.pdf.configuration_page},
                {"example_pages", result.pdf.example_pages}};
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : result.files) files.push_back(f.filename().string());
    files.push_back("report.json");
    j["files"] = files;
    write("report.json", j.dump(2) + "\n");
    step("done", 1.0);
    return result;
}

} // namespace semcot::report
