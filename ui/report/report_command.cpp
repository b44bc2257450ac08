#include "report_command.h"

#include "report_export.h"

#include "common/error.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>
#include <exception>

namespace semcot::report {

namespace {

const QString kExport = QStringLiteral("export-report");
const QString kRun = QStringLiteral("run");
const QString kEval = QStringLiteral("eval");
const QString kN = QStringLiteral("n");
const QString kExamples = QStringLiteral("examples");
const QString kNoExplain = QStringLiteral("no-explain");
const QString kDiagnostics = QStringLiteral("diagnostics");
const QString kOut = QStringLiteral("out");

bool read_count(const QCommandLineParser& parser, const QString& name, int64_t& value) {
    if (!parser.isSet(name)) return true;
    bool ok = false;
    value = parser.value(name).toLongLong(&ok);
    if (ok && value >= 0) return true;
    std::fprintf(stderr, "%s\n",
                 qPrintable(QCoreApplication::translate("ReportCommand",
                                                        "--%1 needs a number >= 0, got '%2'")
                                .arg(name, parser.value(name))));
    return false;
}

} // namespace

void add_report_options(QCommandLineParser& parser, bool add_out) {
    parser.addOption(
        {kExport,
         QCoreApplication::translate(
             "ReportCommand", "Export a comparison report of run folder RUN into --out and exit."),
         QStringLiteral("RUN")});
    parser.addOption(
        {kRun,
         QCoreApplication::translate("ReportCommand",
                                     "Another run folder to compare side by side (repeatable)."),
         QStringLiteral("RUN")});
    parser.addOption(
        {kEval,
         QCoreApplication::translate(
             "ReportCommand", "An evaluation file (semcot.evaluation/1 JSON) to report instead of "
                              "evaluating; one per run, or several for a single run (repeatable)."),
         QStringLiteral("FILE")});
    parser.addOption(
        {kN,
         QCoreApplication::translate("ReportCommand",
                                     "Questions to evaluate for runs without an evaluation file."),
         QStringLiteral("N"), QStringLiteral("20")});
    parser.addOption({kExamples,
                      QCoreApplication::translate("ReportCommand", "Example questions to show."),
                      QStringLiteral("N"), QStringLiteral("3")});
    parser.addOption(
        {kDiagnostics,
         QCoreApplication::translate("ReportCommand",
                                     "Latent-token diagnostics (token statistics, interventions "
                                     "and the masked control) over N questions per method with "
                                     "latents; 0 = none."),
         QStringLiteral("N"), QStringLiteral("0")});
    parser.addOption(
        {kNoExplain,
         QCoreApplication::translate(
             "ReportCommand", "Leave out implicit tokens, nearest sentences and heatmaps.")});
    if (add_out)
        parser.addOption(
            {kOut, QCoreApplication::translate("ReportCommand", "Output folder of the report."),
             QStringLiteral("DIR")});
}

int run_report_command(const QCommandLineParser& parser) {
    if (!parser.isSet(kExport)) return -1;
    ReportParams p;
    p.runs.push_back(parser.value(kExport).toStdString());
    for (const QString& run : parser.values(kRun)) p.runs.push_back(run.toStdString());
    for (const QString& file : parser.values(kEval)) p.evaluations.push_back(file.toStdString());
    int64_t examples = p.examples;
    if (!read_count(parser, kN, p.n) || !read_count(parser, kExamples, examples) ||
        !read_count(parser, kDiagnostics, p.diagnostics))
        return 2;
    p.examples = int(examples);
    p.explain = !parser.isSet(kNoExplain);
    if (!parser.isSet(kOut)) {
        std::fprintf(stderr, "%s\n",
                     qPrintable(QCoreApplication::translate("ReportCommand",
                                                            "--export-report needs --out DIR")));
        return 2;
    }
    p.out = parser.value(kOut).toStdString();
    try {
        std::string last;
        const auto result = export_report(p, [&last](const std::string& stage, double f) {
            if (stage != last) std::fprintf(stderr, "\n");
            last = stage;
            std::fprintf(stderr, "\r%3d%%  %s", int(100 * f + 0.5), stage.c_str());
            std::fflush(stderr);
            return true;
        });
        std::fprintf(stderr, "\n");
        for (const auto& f : result.files) std::printf("%s\n", f.string().c_str());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(
            stderr, "\n%s\n",
            qPrintable(QCoreApplication::translate("ReportCommand", "report export failed: %1")
                           .arg(QString::fromStdString(e.what()))));
        return 1;
    }
}

} // namespace semcot::report
