#include "report/report_files.h"

#include "common/error.h"
#include "common/platform.h"
#include "report/report_html.h"

#include <system_error>

namespace semcot::report {

namespace fs = std::filesystem;

ReportFiles write_report_files(const ReportData& data, const fs::path& out,
                               const ReportRenderer& renderer, const ReportProgress& progress) {
    auto step = [&](const std::string& stage, double f) {
        if (progress && !progress(stage, f)) throw Cancelled("report export stopped");
    };
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec) throw IoError("cannot create " + out.string() + ": " + ec.message());
    ReportFiles result;
    result.folder = out;
    auto write = [&](const std::string& name, const std::string& bytes) {
        write_file_atomic(out / name, bytes);
        result.files.push_back(out / name);
    };
    step("drawing charts", 0.0);
    ReportCharts charts = make_charts(data);
    charts.png = bool(renderer.chart_png);
    step("writing report.html", 0.2);
    write("report.html", report_html(data, charts));

    nlohmann::json pdf; // null: no PDF in this build
    if (renderer.write_pdf) {
        step("writing report.pdf", 0.4);
        const fs::path pdf_tmp = out / "report.pdf.tmp";
        pdf = renderer.write_pdf(pdf_tmp, data, charts);
        fs::rename(pdf_tmp, out / "report.pdf", ec);
        if (ec) throw IoError("cannot write " + (out / "report.pdf").string() + ": " + ec.message());
        result.files.push_back(out / "report.pdf");
        pdf["file"] = "report.pdf";
    }

    step(renderer.chart_png ? "writing *.svg, *.png" : "writing *.svg", 0.6);
    nlohmann::json chart_list = nlohmann::json::array();
    for (const Chart* c : charts.all()) {
        write(c->name + ".svg", c->svg_file());
        nlohmann::json entry = {{"name", c->name}, {"title", c->title}, {"svg", c->name + ".svg"}};
        if (renderer.chart_png) {
            write(c->name + ".png", renderer.chart_png(*c));
            entry["png"] = c->name + ".png";
        }
        chart_list.push_back(std::move(entry));
    }

    step("writing report.json, summary.csv, samples.csv", 0.9);
    write("summary.csv", summary_csv(data));
    write("samples.csv", samples_csv(data));
    nlohmann::json j = report_json(data);
    j["charts"] = chart_list;
    j["pdf"] = pdf;
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : result.files) files.push_back(f.filename().string());
    files.push_back("report.json");
    j["files"] = files;
    write("report.json", j.dump(2) + "\n");
    step("done", 1.0);
    return result;
}

} // namespace semcot::report
