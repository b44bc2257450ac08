// report: the comparison report without Qt (core/report): report.html, report.json, summary.csv,
// samples.csv and the charts as SVG. The desktop app's `semcot-studio --export-report` writes
// the same files plus report.pdf and PNG charts.
#include "commands.h"

#include "common/error.h"
#include "report/report_files.h"

#include <cstdio>
#include <filesystem>
#include <iostream>

namespace semcot::cli {

void add_report_command(CLI::App& app, std::function<void(Runner)> select) {
    struct Options {
        std::vector<std::string> runs, evaluations;
        int64_t n = 20, examples = 3, diagnostics = 0;
        bool no_explain = false;
        std::string out;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand(
        "report", "Write a comparison report of runs (HTML, JSON, CSV, SVG charts; the PDF and "
                  "PNG charts come from semcot-studio --export-report)");
    cmd->add_option("--run", o->runs, "Run folder, side by side (repeatable)")->required();
    cmd->add_option("--eval", o->evaluations,
                    "Evaluation file (semcot.evaluation/1 JSON) to report instead of evaluating; "
                    "one per run, or several for a single run (repeatable)")
        ->check(CLI::ExistingFile);
    cmd->add_option("--n", o->n, "Questions to evaluate for runs without an evaluation file")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_option("--examples", o->examples, "Example questions to show")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_option("--diagnostics", o->diagnostics,
                    "Latent-token diagnostics (token statistics, interventions and the masked "
                    "control, as semcot diagnose) over this many questions per method with "
                    "latents; 0 = none")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_flag("--no-explain", o->no_explain,
                  "Leave out implicit tokens, nearest sentences and heatmaps");
    cmd->add_option("--out", o->out, "Output folder of the report")->required();
    cmd->callback([o, select] {
        select([o] {
            report::ReportParams p;
            for (const auto& r : o->runs) {
                if (!std::filesystem::is_directory(r))
                    throw InvalidArgument("--run " + r + ": no such folder");
                p.runs.emplace_back(r);
            }
            for (const auto& e : o->evaluations) p.evaluations.emplace_back(e);
            p.n = o->n;
            p.examples = int(o->examples);
            p.explain = !o->no_explain;
            p.diagnostics = o->diagnostics;
            p.out = o->out;
            std::string last;
            auto progress = [&last](const std::string& stage, double f) {
                if (stage != last) std::cerr << "\n";
                last = stage;
                std::cerr << "\r" << int(100 * f + 0.5) << "%  " << stage << std::flush;
                return true;
            };
            // Gathering (evaluation, explanations) takes most of the time: 90% of the bar. An
            // error ends the progress line first, so it is a line of its own.
            report::ReportFiles files;
            try {
                const report::ReportData data = report::gather_report(
                    p, [&](const std::string& stage, double f) { return progress(stage, 0.9 * f); });
                files = report::write_report_files(
                    data, p.out, {}, [&](const std::string& stage, double f) {
                        return progress(stage, 0.9 + 0.1 * f);
                    });
            } catch (...) {
                std::cerr << "\n";
                throw;
            }
            std::cerr << "\n";
            for (const auto& f : files.files) std::cout << f.string() << "\n";
            return 0;
        });
    });
}

} // namespace semcot::cli
