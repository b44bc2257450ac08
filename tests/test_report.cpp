// Comparison reports: HTML well-formed with every section and figure, PDF pages and text
// (poppler's pdfinfo/pdftotext), CSV equal to JSON, charts as SVG and 2x PNG, several runs.
#include "report_command.h"
#include "report_export.h"

#include "common/csv.h"
#include "common/error.h"
#include "common/platform.h"
#include "semcot/run.h"

#include <QCommandLineParser>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QXmlStreamReader>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>

namespace fs = std::filesystem;
using namespace semcot;
using namespace semcot::report;

namespace {

fs::path tmp_dir(const std::string& name) {
    const fs::path dir = fs::path(SEMCOT_TEST_TMP_DIR) / ("report_" + name);
    remove_tree(dir);
    return dir;
}

QString read_text(const fs::path& p) {
    return QString::fromStdString(read_file(p));
}

// The same formatting the report promises (docs/reports.md), written independently.
QString fmt(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return QString::fromLatin1(buf);
}
QString pct(double f) {
    return fmt(100 * f, 1) + QLatin1Char('%');
}
QString ms(double s) {
    return fmt(1e3 * s, 2);
}

// RFC 4180 rows (quoted cells, doubled quotes, newlines inside quotes).
std::vector<QStringList> parse_csv(const QString& text) {
    std::vector<QStringList> rows;
    QStringList row;
    QString cell;
    bool quoted = false;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text[i + 1] == QLatin1Char('"')) {
                cell += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                cell += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << cell;
            cell.clear();
        } else if (c == QLatin1Char('\n')) {
            row << cell;
            rows.push_back(row);
            row.clear();
            cell.clear();
        } else {
            cell += c;
        }
    }
    return rows;
}

QString run_tool(const QString& tool, const QStringList& args) {
    QProcess p;
    p.start(tool, args);
    if (!p.waitForFinished(60000) || p.exitCode() != 0) return {};
    return QString::fromUtf8(p.readAllStandardOutput());
}

} // namespace

class TestReport final : public QObject {
    Q_OBJECT

private:
    fs::path single_; // one run, evaluated at export, with explanations
    nlohmann::json json_;
    ReportResult result_;

private slots:
    void initTestCase() {
        const fs::path run = models_dir() / "tiny-coinflip";
        QVERIFY2(fs::exists(run / "run.json"), "the shipped run models/tiny-coinflip is missing");
        single_ = tmp_dir("single");
        ReportParams p;
        p.runs = {run};
        p.n = 4;
        p.examples = 2;
        p.bank_cache_dir = fs::path(SEMCOT_TEST_TMP_DIR) / "report_bank";
        p.out = single_;
        int calls = 0;
        double last = -1;
        bool monotonic = true;
        result_ = export_report(p, [&](const std::string&, double f) {
            ++calls;
            monotonic = monotonic && f >= last - 1e-9;
            last = f;
            return true;
        });
        QVERIFY(calls > 3);
        QVERIFY(monotonic);
        QCOMPARE(last, 1.0);
        json_ = nlohmann::json::parse(read_file(single_ / "report.json"));
    }

    void writes_every_file() {
        for (const char* name :
             {"report.html", "report.pdf", "report.json", "summary.csv", "samples.csv",
              "accuracy.svg", "accuracy.png", "latency.svg", "latency.png"})
            QVERIFY2(fs::exists(single_ / name), name);
        QCOMPARE(json_["schema"].get<std::string>(), std::string("semcot.report/1"));
        QCOMPARE(json_["runs"].size(), size_t(1));
        const auto& run = json_["runs"][0];
        QCOMPARE(run["name"].get<std::string>(), std::string("tiny-coinflip"));
        QCOMPARE(run["methods"].size(), size_t(3));
        QCOMPARE(run["methods"]["cot"]["n"].get<int64_t>(), int64_t(4));
        QCOMPARE(run["examples"].size(), size_t(2));
        for (const auto& ex : run["examples"]) {
            QCOMPARE(ex["answers"].size(), size_t(3));
            QVERIFY(ex.contains("explain"));
            QCOMPARE(ex["explain"]["schema"].get<std::string>(), std::string("semcot.explain/1"));
        }
        for (const auto& f : json_["files"]) QVERIFY(fs::exists(single_ / f.get<std::string>()));
    }

    void html_is_well_formed_and_offline() {
        const QString html = read_text(single_ / "report.html");
        QXmlStreamReader xml(html);
        int svgs = 0;
        QStringList sections;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == QLatin1String("svg")) ++svgs;
            if (xml.isStartElement() && xml.name() == QLatin1String("section"))
                sections << xml.attributes().value(QLatin1String("id")).toString();
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString() + QStringLiteral(" at line ") +
                                             QString::number(xml.lineNumber())));
        QCOMPARE(sections,
                 (QStringList{QStringLiteral("comparison"), QStringLiteral("charts"),
                              QStringLiteral("paired"), QStringLiteral("slices"),
                              QStringLiteral("configuration"), QStringLiteral("evaluations"),
                              QStringLiteral("provenance"), QStringLiteral("examples")}));
        // Every chart of report.json is inline, heatmaps included.
        QCOMPARE(size_t(svgs), json_["charts"].size());
        QVERIFY(json_["charts"].size() > 2);
        QVERIFY(!html.contains(QLatin1String("http://")));
        QVERIFY(!html.contains(QLatin1String("https://")));
        QVERIFY(!html.contains(QLatin1String("<script")));
        QVERIFY(!html.contains(QLatin1String("src=")));
    }

    void html_has_every_figure() {
        const QString html = read_text(single_ / "report.html");
        for (const auto& run : json_["runs"]) {
            for (const auto& [name, m] : run["methods"].items()) {
                const auto ci = m["accuracy_ci95"];
                for (const QString& figure : {pct(m["accuracy"].get<double>()),
                                              QStringLiteral("[%1, %2]")
                                                  .arg(fmt(100 * ci[0].get<double>(), 1),
                                                       fmt(100 * ci[1].get<double>(), 1)),
                                              ms(m["mean_latency_s"].get<double>()),
                                              ms(m["median_latency_s"].get<double>()),
                                              ms(m["mean_implicit_s"].get<double>()),
                                              fmt(m["mean_new_tokens"].get<double>(), 1)})
                    QVERIFY2(
                        html.contains(QStringLiteral(">") + figure + QStringLiteral("<")),
                        qPrintable(QString::fromStdString(name) + QStringLiteral(": ") + figure));
                const double s = m["speedup_vs_cot"].get<double>();
                QVERIFY(html.contains(fmt(s, 2) + QLatin1Char('x')));
            }
            for (const auto& [key, value] : run["config"].items())
                QVERIFY2(html.contains(QString::fromStdString(key)), key.c_str());
            for (const auto& ex : run["examples"]) {
                for (const auto& t : ex["explain"]["decoding"]["tokens"])
                    for (const auto& nb : t["neighbours"]) {
                        QString text = QString::fromStdString(nb["text"].get<std::string>());
                        text.replace(QLatin1Char('&'), QLatin1String("&amp;"));
                        text.replace(QLatin1Char('<'), QLatin1String("&lt;"));
                        text.replace(QLatin1Char('>'), QLatin1String("&gt;"));
                        text.replace(QLatin1Char('"'), QLatin1String("&quot;"));
                        text.replace(QLatin1Char('\''), QLatin1String("&#39;"));
                        QVERIFY2(html.contains(text), qPrintable(text));
                    }
            }
        }
    }

    void pdf_pages_and_text() {
        const QString pdfinfo = QStandardPaths::findExecutable(QStringLiteral("pdfinfo"));
        const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
        if (pdfinfo.isEmpty() || pdftotext.isEmpty())
            QSKIP("poppler-utils (pdfinfo, pdftotext) not installed");
        const QString pdf = QString::fromStdString((single_ / "report.pdf").string());
        const QString info = run_tool(pdfinfo, {pdf});
        QRegularExpression re(QStringLiteral("Pages:\\s+(\\d+)"));
        const auto match = re.match(info);
        QVERIFY2(match.hasMatch(), qPrintable(info));
        const int pages = match.captured(1).toInt();
        // Summary page, the configuration from page 2 (as many pages as its rows need: the
        // shipped run's take two), then one page per example question.
        QCOMPARE(json_["pdf"]["pages"].get<int>(), pages);
        QCOMPARE(json_["pdf"]["configuration_page"].get<int>(), 2);
        QVERIFY2(pages >= 4, qPrintable(QString::number(pages)));
        QCOMPARE(json_["pdf"]["example_pages"], nlohmann::json({pages - 1, pages}));
        // NFKC folds the ligatures the PDF's font uses ("fi" is one glyph) back into letters.
        auto page = [&](int p) {
            return run_tool(pdftotext,
                            {QStringLiteral("-layout"), QStringLiteral("-f"), QString::number(p),
                             QStringLiteral("-l"), QString::number(p), pdf, QStringLiteral("-")})
                .normalized(QString::NormalizationForm_KC);
        };
        const QString first = page(1);
        QVERIFY(first.contains(QLatin1String("Method comparison")));
        for (const char* label : {"CoT", "No-CoT", "SemCoT"})
            QVERIFY(first.contains(QLatin1String(label)));
        for (const auto& [name, m] : json_["runs"][0]["methods"].items()) {
            QVERIFY2(first.contains(pct(m["accuracy"].get<double>())), name.c_str());
            QVERIFY2(first.contains(ms(m["mean_latency_s"].get<double>())), name.c_str());
        }
        QVERIFY(page(2).contains(QLatin1String("Configuration")));
        QVERIFY(page(2).contains(QLatin1String("preset.teacher.hidden_size")));
        for (int e = 0; e < 2; ++e) {
            const QString text = page(pages - 1 + e);
            QVERIFY(text.contains(QStringLiteral("Question %1").arg(e + 1)));
            const auto& ex = json_["runs"][0]["examples"][size_t(e)];
            QVERIFY(text.contains(QString::fromStdString(ex["gold"].get<std::string>())));
            QVERIFY(text.contains(QLatin1String("Nearest sentences")));
        }
    }

    void csv_equals_json() {
        const auto summary = parse_csv(read_text(single_ / "summary.csv"));
        QVERIFY(summary.size() >= 2);
        const QStringList header = summary.front();
        QCOMPARE(header.at(0), QStringLiteral("run"));
        const auto& run = json_["runs"][0];
        int combined = 0;
        for (size_t r = 1; r < summary.size(); ++r) {
            const auto& row = summary[r];
            QCOMPARE(row.size(), header.size());
            const auto& m = row[1] == QLatin1String("combined")
                                ? run["methods"][row[2].toStdString()]
                                : run["evaluations"][0]["methods"][row[2].toStdString()];
            combined += row[1] == QLatin1String("combined");
            QCOMPARE(row[3].toLongLong(), m["n"].get<int64_t>());
            QCOMPARE(row[4].toLongLong(), m["correct"].get<int64_t>());
            QCOMPARE(row[5].toDouble(), m["accuracy"].get<double>());
            QCOMPARE(row[6].toDouble(), m["accuracy_ci95"][0].get<double>());
            QCOMPARE(row[7].toDouble(), m["accuracy_ci95"][1].get<double>());
            for (int c = 8; c < header.size(); ++c)
                QCOMPARE(row[c].toDouble(), m[header[c].toStdString()].get<double>());
        }
        QCOMPARE(combined, 3);

        const auto samples = parse_csv(read_text(single_ / "samples.csv"));
        const auto& js = run["evaluations"][0]["samples"];
        QCOMPARE(samples.size(), js.size() + 1);
        const QStringList sh = samples.front();
        for (size_t i = 0; i < js.size(); ++i) {
            const auto& row = samples[i + 1];
            const auto& s = js[i];
            QCOMPARE(row.size(), sh.size());
            QCOMPARE(row[2].toLongLong(), s["index"].get<int64_t>());
            QCOMPARE(row[3].toStdString(), s["method"].get<std::string>());
            for (const char* text : {"query", "gold", "output", "extracted"}) {
                std::string v = s[text].get<std::string>();
                if (!v.empty() && std::string("=+-@").find(v[0]) != std::string::npos) v = "'" + v;
                QCOMPARE(row[int(sh.indexOf(QLatin1String(text)))].toStdString(), v);
            }
            QCOMPARE(row[8] == QLatin1String("1"), s["correct"].get<bool>());
            for (const char* num : {"implicit_s", "prefill_s", "decode_s", "total_s"})
                QCOMPARE(row[int(sh.indexOf(QLatin1String(num)))].toDouble(), s[num].get<double>());
            QCOMPARE(row[13].toLongLong(), s["new_tokens"].get<int64_t>());
        }
    }

    void csv_cells_defuse_formulas() {
        QCOMPARE(csv_cell("=1+2"), std::string("\"'=1+2\""));
        QCOMPARE(csv_cell("@SUM(A1)"), std::string("\"'@SUM(A1)\""));
        QCOMPARE(csv_cell("say \"hi\""), std::string("\"say \"\"hi\"\"\""));
        QCOMPARE(csv_number(0.1), std::string("0.1"));
        QCOMPARE(std::stod(csv_number(1.0 / 3.0)), 1.0 / 3.0);
    }

    void charts_as_svg_and_png() {
        for (const auto& c : json_["charts"]) {
            const fs::path svg = single_ / c["svg"].get<std::string>();
            QSvgRenderer renderer(QString::fromStdString(svg.string()));
            QVERIFY2(renderer.isValid(), svg.c_str());
            QImage png(QString::fromStdString((single_ / c["png"].get<std::string>()).string()));
            QVERIFY(!png.isNull());
            const QSizeF size = renderer.viewBoxF().size();
            QCOMPARE(png.width(), int(std::ceil(2 * size.width())));
            QCOMPARE(png.height(), int(std::ceil(2 * size.height())));
        }
    }

    void compares_runs_side_by_side() {
        // Two runs from evaluation files (the first export's evaluation, written twice with a
        // changed accuracy), without explanations.
        const fs::path dir = tmp_dir("compare");
        fs::create_directories(dir);
        nlohmann::json eval = json_["runs"][0]["evaluations"][0];
        eval["schema"] = "semcot.evaluation/1";
        write_file_atomic(dir / "a.json", eval.dump());
        eval["methods"]["semcot"]["accuracy"] = 0.123456;
        write_file_atomic(dir / "b.json", eval.dump());
        ReportParams p;
        p.runs = {models_dir() / "tiny-coinflip", models_dir() / "tiny-coinflip"};
        p.evaluations = {dir / "a.json", dir / "b.json"};
        p.examples = 1;
        p.explain = false;
        p.out = dir / "out";
        const auto r = export_report(p);
        QCOMPARE(r.pdf.example_pages.size(), size_t(1));
        const auto j = nlohmann::json::parse(read_file(dir / "out" / "report.json"));
        QCOMPARE(j["runs"].size(), size_t(2));
        QCOMPARE(j["runs"][1]["name"].get<std::string>(), std::string("tiny-coinflip (2)"));
        QCOMPARE(j["runs"][1]["methods"]["semcot"]["accuracy"].get<double>(), 0.123456);
        const QString html = read_text(dir / "out" / "report.html");
        QVERIFY(html.contains(QLatin1String("tiny-coinflip (2)")));
        QVERIFY(html.contains(QLatin1String(">12.3%<")));
        QVERIFY(read_text(dir / "out" / "summary.csv").contains(QLatin1String("0.123456")));
    }

    // The configuration diff compares settings, not spellings: 0 and 0.0 are equal, a preset
    // switch that is missing is false; real differences stay flagged.
    void configuration_diff_ignores_formatting() {
        const auto a = nlohmann::json::parse(R"({"task": "coinflip", "seed": 0, "preset": {
            "semcot": {"alpha": 0.3, "st_stage1": {"weight_decay": 0, "lr": 1e-3},
                       "no_st": false, "no_warmup": false}}})");
        const auto b = nlohmann::json::parse(R"({"task": "coinflip", "seed": 0, "preset": {
            "semcot": {"alpha": 0.1, "st_stage1": {"weight_decay": 0.0, "lr": 0.001}}}})");
        const ConfigTable t = config_table({a, b});
        std::map<std::string, bool> differs;
        std::map<std::string, std::vector<std::optional<std::string>>> values;
        for (size_t i = 0; i < t.keys.size(); ++i) {
            differs[t.keys[i]] = t.differs[i];
            values[t.keys[i]] = t.values[i];
        }
        QVERIFY(differs.at("preset.semcot.alpha"));
        QVERIFY(!differs.at("preset.semcot.st_stage1.weight_decay"));
        QVERIFY(!differs.at("preset.semcot.st_stage1.lr"));
        QVERIFY(!differs.at("preset.semcot.no_st"));
        QVERIFY(!differs.at("preset.semcot.no_warmup"));
        QVERIFY(!differs.at("task"));
        QCOMPARE(values.at("preset.semcot.st_stage1.weight_decay")[1].value_or("?"),
                 std::string("0"));
        QCOMPARE(values.at("preset.semcot.st_stage1.lr")[0].value_or("?"), std::string("0.001"));
        QVERIFY(!values.at("preset.semcot.no_st")[1].has_value()); // shown as missing
        // The rows themselves spell numbers by value too.
        bool found = false;
        for (const auto& [key, value] : config_rows(b))
            if (key == "preset.semcot.st_stage1.weight_decay") found = value == "0";
        QVERIFY(found);
    }

    // The keys that change the method beyond the paper (issue 11) show in every run's
    // configuration, set or not, with the paper's value marked: a paper-preset run and the
    // tiny preset's run read side by side, and the marked values are SemcotTrainParams'
    // defaults.
    void configuration_shows_changes_beyond_the_paper() {
        const auto paper = nlohmann::json::parse(
            R"({"task": "coinflip", "preset": {"semcot": {"alpha": 0.3}}})");
        nlohmann::json ours = paper;
        ours["preset"]["semcot"]["answer_tokens"] = "joint";
        ours["preset"]["semcot"]["flip_curriculum"] = {1, 2};
        ours["preset"]["semcot"]["cg_init_norm_scale"] = 1.5;
        const ConfigTable t = config_table({paper, ours});
        std::map<std::string, std::vector<std::optional<std::string>>> values;
        std::map<std::string, bool> differs;
        for (size_t i = 0; i < t.keys.size(); ++i) {
            values[t.keys[i]] = t.values[i];
            differs[t.keys[i]] = t.differs[i];
        }
        auto row = [&](const char* key) { return values.at(std::string("preset.semcot.") + key); };
        QCOMPARE(row("answer_tokens")[0].value_or("?"), std::string("separate (paper)"));
        QCOMPARE(row("answer_tokens")[1].value_or("?"), std::string("joint"));
        QCOMPARE(row("flip_curriculum")[0].value_or("?"), std::string("off (paper)"));
        QCOMPARE(row("flip_curriculum")[1].value_or("?"), std::string("1, 2"));
        QCOMPARE(row("cg_init_norm_scale")[0].value_or("?"), std::string("0 (paper)"));
        QCOMPARE(row("cg_init_norm_scale")[1].value_or("?"), std::string("1.5"));
        QCOMPARE(row("align_target")[0].value_or("?"), std::string("reasoning (paper)"));
        QCOMPARE(row("align_target")[1].value_or("?"), std::string("reasoning (paper)"));
        QVERIFY(differs.at("preset.semcot.answer_tokens"));
        QVERIFY(!differs.at("preset.semcot.align_target"));
        // The marked values are the trainer's defaults, written as run.json writes them.
        const nlohmann::json defaults = {{"semcot", SemcotTrainParams{}.to_json()}};
        for (const auto& [key, value] : config_rows({{"preset", defaults}}))
            if (key.rfind("preset.semcot.", 0) == 0 &&
                (key.find("answer_tokens") != std::string::npos ||
                 key.find("flip_curriculum") != std::string::npos ||
                 key.find("cg_init_norm_scale") != std::string::npos ||
                 key.find("align_target") != std::string::npos))
                QVERIFY2(value.find("(paper)") != std::string::npos, (key + " = " + value).c_str());
        // The shipped run is the tiny preset's: its changes read as such.
        bool joint = false;
        for (const auto& [key, value] : config_rows(nlohmann::json::parse(
                 read_text(models_dir() / "tiny-coinflip" / "run.json").toStdString())))
            if (key == "preset.semcot.answer_tokens") joint = value == "joint";
        QVERIFY(joint);
    }

    void rejects_bad_inputs() {
        const fs::path dir = tmp_dir("bad");
        fs::create_directories(dir);
        ReportParams p;
        p.runs = {models_dir() / "tiny-coinflip", models_dir() / "tiny-coinflip"};
        p.evaluations = {dir / "only_one.json"};
        p.out = dir / "out";
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, gather_report(p));
        write_file_atomic(dir / "wrong.json",
                          R"({"schema": "semcot.evaluation/1", "methods": {}})");
        p.runs.resize(1);
        p.evaluations = {dir / "wrong.json"};
        QVERIFY_THROWS_EXCEPTION(FormatError, gather_report(p));
        p.runs.clear();
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, gather_report(p));
    }

    void command_line() {
        QCommandLineParser none;
        add_report_options(none);
        none.parse({QStringLiteral("studio")});
        QCOMPARE(run_report_command(none), -1);
        QCommandLineParser no_out;
        add_report_options(no_out);
        QVERIFY(no_out.parse({QStringLiteral("studio"), QStringLiteral("--export-report"),
                              QStringLiteral("x"), QStringLiteral("--n"), QStringLiteral("3")}));
        QCOMPARE(no_out.value(QStringLiteral("n")), QStringLiteral("3"));
        QCOMPARE(run_report_command(no_out), 2);
    }
};

QTEST_MAIN(TestReport)
#include "test_report.moc"
