// The app's research views of issue 16: the Runs view's overlaid training curves of three runs
// (raw and smoothed series, TensorBoard's EMA against hand-computed values, log scale, steps
// or epochs), its table grouped by seed (mean ± sample sd over three seeds) with the preset
// differences, and the Diagnostics view fed a micro copy of the shipped run (token statistics,
// interventions with the masked control as core computes them, the raw logit lens grid, and
// the interventions on one question).
#include "support/qtest_compat.h"
#include "support/shipped_run.h"

#include "diagnostics_view.h"
#include "report_export.h"
#include "run_curves_chart.h"
#include "run_curves_panel.h"
#include "runs_table.h"
#include "methods.h"
#include "runs_view.h"
#include "settings.h"
#include "train_command.h"
#include "training_dialog.h"

#include "analysis/diagnostics.h"
#include "common/platform.h"
#include "common/run_lock.h"
#include "semcot/evaluation.h"
#include "semcot/run.h"
#include "semcot/run_info.h"
#include "semcot/train_log.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QFileInfo>
#include <QLineSeries>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableWidget>

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <cmath>
#include <filesystem>

using namespace semcot::ui;
namespace fs = std::filesystem;

namespace {

QString qstr(const fs::path& p) {
    return QString::fromStdString(p.string());
}

nlohmann::json preset(int k) {
    return {{"task", "coinflip"}, {"examples", 80}, {"contemplation", {{"k_infer", k}}}};
}

// A finished run folder with a training log (stage cg2: three steps over two epochs, one
// validation) and an evaluation whose SemCoT accuracy is `accuracy`.
void writeRun(const fs::path& dir, uint64_t seed, int k, const std::vector<double>& losses,
              double bestVal, double accuracy, double latencyS) {
    fs::create_directories(dir);
    const nlohmann::json info = {{"schema", "semcot.run/1"},      {"preset_name", "micro"},
                                 {"task", "coinflip"},            {"status", "done"},
                                 {"seed", seed},                  {"preset", preset(k)},
                                 {"stages_done", {"data", "cg"}},
                                 {"summary", {{"cg", {{"best_val_loss", bestVal}}}}}};
    semcot::write_file_atomic(dir / "run.json", info.dump(1));
    std::string log;
    for (size_t i = 0; i < losses.size(); ++i)
        log += nlohmann::json{{"stage", "cg2"}, {"kind", "train"}, {"step", i + 1},
                              {"epoch", i < 2 ? 1 : 2}, {"loss", losses[i]}}
                   .dump() +
               "\n";
    log += R"({"stage":"cg2","kind":"validate","step":2,"epoch":1,"loss":0.5})" "\n";
    semcot::write_file_atomic(dir / semcot::kTrainLogFile, log);
    semcot::EvaluationResult r;
    semcot::MethodSummary s;
    s.n = 10;
    s.correct = int64_t(std::lround(accuracy * 10));
    s.accuracy = accuracy;
    s.mean_latency_s = latencyS;
    r.methods["semcot"] = s;
    semcot::write_file_atomic(dir / "evaluation.json", r.to_json().dump(1));
}

QList<QPointF> pointsOf(QLineSeries* s) {
    return s->points();
}

bool near(double a, double b, double eps = 1e-9) {
    return std::abs(a - b) < eps;
}

// The first `n` examples of one of the shipped run's splits.
void cutSplit(const fs::path& to, const std::string& split, size_t n) {
    const auto all = nlohmann::json::parse(
        semcot::read_file(test_paths::shipped_run() / "data" / (split + ".json")));
    nlohmann::json part = nlohmann::json::array();
    for (size_t i = 0; i < n && i < all.size(); ++i) part.push_back(all[i]);
    semcot::write_file_atomic(to / "data" / (split + ".json"), part.dump(1));
}

} // namespace

class TestResearchViews final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void overlaidCurvesOfThreeRuns();
    void tableGroupsSeedsWithMeanAndSd();
    void groupsOnlyFinishedRunsOfOneWorldSize();
    void runBeingTrainedNowIsNotResumable();
    void diagnosticsViewMatchesCore();
    void logitLensGridAndOneQuestion();
    void reportHasDiagnosticsWhenAsked();
    void trainingDialogCopiesTheCommand();

private:
    fs::path root_;
    QStringList seeds_; // three runs, seeds 1..3
    QString other_;     // a fourth run whose preset differs (k = 3)
    fs::path micro_;    // the shipped run with a few examples
};

void TestResearchViews::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SemCoT-test-research-views"));
    root_ = fs::path(test_paths::tmp_dir()) / "research_views";
    semcot::remove_tree(root_);
    const std::vector<std::vector<double>> losses = {{1, 2, 3}, {4, 2, 1}, {0.5, 0.25, 0.125}};
    const double acc[] = {0.5, 0.6, 0.9}, val[] = {0.1, 0.2, 0.3};
    for (int i = 0; i < 3; ++i) {
        const fs::path dir = root_ / "runs" / ("seed" + std::to_string(i + 1));
        writeRun(dir, uint64_t(i + 1), 2, losses[size_t(i)], val[i], acc[i], 0.001 * (i + 1));
        seeds_ << qstr(dir);
    }
    writeRun(root_ / "runs" / "k3", 1, 3, {1, 1, 1}, 0.4, 1.0, 0.004);
    other_ = qstr(root_ / "runs" / "k3");
    Settings::setRunFolder(qstr(root_ / "runs"));
    Settings::setLastRun(QString());
    for (const QString& r : Settings::recentRuns()) Settings::removeRecentRun(r);

    micro_ = root_ / "micro" / "tiny-coinflip";
    fs::create_directories(micro_ / "data");
    for (const char* part : {"teacher", "student", "student_tokenizer", "tokenizer", "st", "cg"})
        fs::create_directory_symlink(test_paths::shipped_run() / part, micro_ / part);
    fs::copy_file(test_paths::shipped_run() / "run.json", micro_ / "run.json");
    cutSplit(micro_, "train", 4);
    cutSplit(micro_, "validation", 4);
    cutSplit(micro_, "test", 6);
}

void TestResearchViews::overlaidCurvesOfThreeRuns() {
    RunsView view;
    view.resize(1200, 800);
    view.setRunFolder(qstr(root_ / "runs"));
    QVERIFY(view.selectAll(seeds_));
    RunCurvesPanel* panel = view.curves();
    QCOMPARE(panel->stages(), QStringList{QStringLiteral("cg2")});
    RunCurvesChart* chart = panel->chart();
    QCOMPARE(chart->rawSeries().size(), 3);
    QCOMPARE(chart->smoothedSeries().size(), 3);
    // Smoothing 0: the smoothed curve is the raw one.
    panel->setSmoothing(0);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(pointsOf(chart->smoothedSeries()[i]), pointsOf(chart->rawSeries()[i]));
    // Weight 0.5 on 1, 2, 3 (run seed1): 1, 5/3, 17/7 (TensorBoard's debiased EMA).
    panel->setSmoothing(0.5);
    QLineSeries* s = chart->smoothedSeries()[0];
    QCOMPARE(s->objectName(), QStringLiteral("smoothed:seed1"));
    QCOMPARE(s->count(), 3);
    QVERIFY(near(s->at(0).y(), 1.0));
    QVERIFY(near(s->at(1).y(), 5.0 / 3.0));
    QVERIFY(near(s->at(2).y(), 17.0 / 7.0));
    QCOMPARE(chart->rawSeries()[0]->at(2).y(), 3.0); // the raw curve is kept behind
    QVERIFY(chart->rawSeries()[0]->pen().color().alphaF() < 0.5); // and drawn faint
    // By epoch: two steps in epoch 1 (0.5, 1), one in epoch 2 (2).
    panel->setAlignByEpoch(true);
    QCOMPARE(chart->rawSeries()[1]->at(0).x(), 0.5);
    QCOMPARE(chart->rawSeries()[1]->at(2).x(), 2.0);
    panel->setAlignByEpoch(false);
    QCOMPARE(chart->rawSeries()[1]->at(2).x(), 3.0);
    // The log scale replaces the loss axis, and back.
    QCOMPARE(chart->lossAxis()->type(), QAbstractAxis::AxisTypeValue);
    panel->setLogScale(true);
    QVERIFY(chart->logScale());
    QCOMPARE(chart->lossAxis()->type(), QAbstractAxis::AxisTypeLogValue);
    QCOMPARE(chart->smoothedSeries().size(), 3);
    panel->setLogScale(false);
    QCOMPARE(chart->lossAxis()->type(), QAbstractAxis::AxisTypeValue);
    // Validation losses: one point per run.
    panel->setValidation(true);
    QCOMPARE(chart->rawSeries()[2]->count(), 1);
    // A run without a log is named, not drawn.
    fs::remove(fs::path(other_.toStdString()) / semcot::kTrainLogFile);
    view.refresh();
    QVERIFY(view.selectAll(seeds_ + QStringList{other_}));
    QCOMPARE(chart->rawSeries().size(), 3);
    QVERIFY2(panel->note().contains(QStringLiteral("k3")), qPrintable(panel->note()));
}

// Seeds 1..3: SemCoT accuracy 0.5, 0.6, 0.9 -> mean 2/3, sample sd sqrt(0.0433...) = 0.2082;
// best validation loss 0.1, 0.2, 0.3 -> 0.2 ± 0.1; latency 1, 2, 3 ms -> 2.00 ± 1.00.
void TestResearchViews::tableGroupsSeedsWithMeanAndSd() {
    const MeanSd m = meanSd({0.5, 0.6, 0.9});
    QVERIFY(near(m.mean, 2.0 / 3.0));
    QVERIFY(near(m.sd, std::sqrt((std::pow(0.5 - 2.0 / 3, 2) + std::pow(0.6 - 2.0 / 3, 2) +
                                  std::pow(0.9 - 2.0 / 3, 2)) / 2)));
    QCOMPARE(formatMeanSd(m, 1, 100), QStringLiteral("66.7 ± 20.8"));
    QCOMPARE(formatMeanSd(meanSd({0.25}), 1, 100), QStringLiteral("25.0"));
    RunsView view;
    view.setRunFolder(qstr(root_ / "runs"));
    const QString acc = QStringLiteral("Acc. SemCoT (%)");
    QCOMPARE(view.cellText(seeds_[1], acc), QStringLiteral("60.0"));
    QCOMPARE(view.cellText(seeds_[1], QStringLiteral("Seed")), QStringLiteral("2"));
    QCOMPARE(view.cellText(other_, QStringLiteral("Preset differences")),
             QStringLiteral("contemplation.k_infer=3"));
    QCOMPARE(view.cellText(seeds_[0], QStringLiteral("Preset differences")), QString());
    const int ungrouped = view.runCount();
    view.setGroupBySeed(true);
    QCOMPARE(view.runCount(), ungrouped - 2);
    for (const QString& f : seeds_) QCOMPARE(view.cellText(f, acc), QStringLiteral("66.7 ± 20.8"));
    QCOMPARE(view.cellText(seeds_[0], QStringLiteral("Seed")), QStringLiteral("1, 2, 3"));
    QCOMPARE(view.cellText(seeds_[0], QStringLiteral("Best val. loss (CG)")),
             QStringLiteral("0.2000 ± 0.1000"));
    QCOMPARE(view.cellText(seeds_[0], QStringLiteral("Latency SemCoT (ms)")),
             QStringLiteral("2.00 ± 1.00"));
    QCOMPARE(view.cellText(other_, acc), QStringLiteral("100.0")); // not grouped with them
    // Selecting the grouped row selects its three runs (their curves overlay).
    QVERIFY(view.select(seeds_[2]));
    QCOMPARE(view.selectedFolders().size(), 3);
}

// A failed run, an unfinished one and one trained by two data-parallel ranks, all with the
// preset and task of seeds 1..3 and accuracy 0: none of them joins (or moves) the seeds' mean;
// runs of the same world size group among themselves, and the world size is a difference.
void TestResearchViews::groupsOnlyFinishedRunsOfOneWorldSize() {
    const fs::path runs = root_ / "runs";
    auto edit = [](const fs::path& dir, const nlohmann::json& patch) {
        auto info = nlohmann::json::parse(semcot::read_file(dir / "run.json"));
        info.merge_patch(patch);
        semcot::write_file_atomic(dir / "run.json", info.dump(1));
    };
    const fs::path failed = runs / "failed", unfinished = runs / "unfinished",
                   ranks = runs / "two_ranks", ranksB = runs / "two_ranks_b";
    writeRun(failed, 4, 2, {1, 1, 1}, 0.9, 0.0, 0.009);
    edit(failed, {{"status", "failed"}, {"error", "disk full"}});
    writeRun(unfinished, 5, 2, {1, 1, 1}, 0.9, 0.0, 0.009);
    edit(unfinished, {{"status", "training"}});
    writeRun(ranks, 6, 2, {1, 1, 1}, 0.9, 0.0, 0.009);
    edit(ranks, {{"provenance", {{"world_size", 2}}}});
    // RunInfo: one world size per training session (a resume may use another).
    auto info = semcot::read_run_info(ranks);
    QCOMPARE(info.world_sizes, (std::vector<int64_t>{2}));
    info = semcot::RunInfo::from_json(
        {{"provenance", {{"world_size", 1}}}, {"resumed", {{{"world_size", 2}}, {{"x", 0}}}}},
        "run.json");
    QCOMPARE(info.world_sizes, (std::vector<int64_t>{1, 2, 1}));
    QCOMPARE(info.world_size_text(), std::string("1,2"));
    QCOMPARE(semcot::read_run_info(fs::path(seeds_[0].toStdString())).world_size_text(),
             std::string("1")); // not recorded: one process

    RunsView view;
    view.setRunFolder(qstr(runs));
    const int ungrouped = view.runCount();
    view.setGroupBySeed(true);
    QCOMPARE(view.runCount(), ungrouped - 2); // only seeds 1..3 fold into one row
    const QString acc = QStringLiteral("Acc. SemCoT (%)"), seed = QStringLiteral("Seed");
    for (const QString& f : seeds_) QCOMPARE(view.cellText(f, acc), QStringLiteral("66.7 ± 20.8"));
    QCOMPARE(view.cellText(seeds_[0], seed), QStringLiteral("1, 2, 3"));
    QCOMPARE(view.cellText(seeds_[0], QStringLiteral("Best val. loss (CG)")),
             QStringLiteral("0.2000 ± 0.1000"));
    for (const fs::path& own : {failed, unfinished, ranks})
        QCOMPARE(view.cellText(qstr(own), acc), QStringLiteral("0.0"));
    QCOMPARE(view.cellText(qstr(failed), seed), QStringLiteral("4"));
    QCOMPARE(view.cellText(qstr(unfinished), seed), QStringLiteral("5"));
    QCOMPARE(view.cellText(qstr(ranks), QStringLiteral("Preset differences")),
             QStringLiteral("world_size=2"));
    QCOMPARE(view.cellText(seeds_[0], QStringLiteral("Preset differences")), QString());
    // Two finished runs of two ranks: a group of their own.
    writeRun(ranksB, 7, 2, {1, 1, 1}, 0.9, 1.0, 0.009);
    edit(ranksB, {{"provenance", {{"world_size", 2}}}});
    view.refresh();
    QCOMPARE(view.cellText(qstr(ranks), seed), QStringLiteral("6, 7"));
    QCOMPARE(view.cellText(qstr(ranksB), acc), QStringLiteral("50.0 ± 70.7"));
    QCOMPARE(view.cellText(seeds_[1], acc), QStringLiteral("66.7 ± 20.8"));
    for (const fs::path& dir : {failed, unfinished, ranks, ranksB}) semcot::remove_tree(dir);
}

// A run whose lock another training holds (common/run_lock.h; here this process, through
// another open file, as the app training in-process) is shown as training now, not as
// resumable, and so is a baseline in RUN/methods/NAME; the lock's release makes it resumable.
void TestResearchViews::runBeingTrainedNowIsNotResumable() {
    const fs::path dir = root_ / "runs" / "training_now";
    writeRun(dir, 7, 2, {1, 1, 1}, 0.5, 0.5, 0.001);
    auto info = nlohmann::json::parse(semcot::read_file(dir / "run.json"));
    info["status"] = "training";
    semcot::write_file_atomic(dir / "run.json", info.dump(1));
    const fs::path pause = fs::path(seeds_[0].toStdString()) / "methods" / "pause";
    RunsView view;
    view.setRunFolder(qstr(root_ / "runs"));
    auto* resume = view.findChild<QPushButton*>(QStringLiteral("resumeRun"));
    QVERIFY(resume);
    QCOMPARE(view.statusOf(qstr(dir)), QStringLiteral("interrupted (resumable)"));
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    {
        const semcot::RunLock lock(dir, "training");
        const semcot::RunLock baseline(pause, "baseline pause");
        view.refresh();
        QCOMPARE(view.statusOf(qstr(dir)), QStringLiteral("training now (pid %1 on %2)")
                                               .arg(qint64(getpid()))
                                               .arg(QString::fromLocal8Bit(host)));
        QVERIFY(view.select(qstr(dir)));
        QVERIFY(!resume->isEnabled());
        QCOMPARE(view.baselinesOf(seeds_[0]), QStringLiteral("Pause (training now)"));
        QCOMPARE(baselineState(qstr(pause), QStringLiteral("pause")).status,
                 BaselineState::Status::training);
        const FolderCheck check = checkFolder(qstr(dir));
        QVERIFY(check.trainer.has_value());
        QVERIFY2(check.message.contains(QStringLiteral("is being trained right now (pid %1")
                                            .arg(qint64(getpid()))),
                 qPrintable(check.message));
    }
    view.refresh();
    QCOMPARE(view.statusOf(qstr(dir)), QStringLiteral("interrupted (resumable)"));
    QVERIFY(view.select(qstr(dir)));
    QVERIFY(resume->isEnabled());
    QCOMPARE(view.baselinesOf(seeds_[0]), QString()); // an empty folder: nothing trained
    semcot::remove_tree(dir);
    semcot::remove_tree(pause.parent_path());
}

void TestResearchViews::diagnosticsViewMatchesCore() {
    const QString run = qstr(micro_);
    DiagnosticsView view;
    view.setRun(run);
    QVERIFY(view.setMethod(QStringLiteral("semcot")));
    QVERIFY(!view.setMethod(QStringLiteral("nocot"))); // no latent tokens: not offered
    view.setQuestions(4);
    view.setControl(true);
    view.run();
    QVERIFY(view.busy());
    QVERIFY(QTest::qWaitFor([&] { return !view.busy(); }, 120000));
    const DiagnosticsData& d = view.data();
    QVERIFY2(d.questions == 4, qPrintable(view.statusText()));
    const int k = int(d.k);
    QCOMPARE(view.tokenTable()->rowCount(), k + 2);
    QCOMPARE(view.cosineTable()->rowCount(), k);
    // The same numbers as core on the same questions.
    auto loaded = semcot::load_run(micro_, torch::kCPU);
    auto split = loaded.split("test");
    split.resize(4);
    const auto ctx = loaded.inference_context();
    const auto tokens = semcot::token_diagnostics(ctx, semcot::Method::semcot, split);
    QVERIFY(near(d.norms[0].mean, tokens.norms[0].mean, 1e-6));
    QVERIFY(near(d.effectiveRankAll, tokens.effective_rank_all, 1e-6));
    const auto iv = semcot::intervene(ctx, semcot::Method::semcot, split);
    QCOMPARE(d.interventions.size(), qsizetype(iv.rows.size()));
    QCOMPARE(view.interventionTable()->rowCount(), int(iv.rows.size()));
    for (size_t r = 0; r < iv.rows.size(); ++r) {
        QCOMPARE(d.interventions[qsizetype(r)].name, QString::fromStdString(iv.rows[r].name));
        QCOMPARE(d.interventions[qsizetype(r)].correct, iv.rows[r].correct);
        QCOMPARE(d.interventions[qsizetype(r)].changed, iv.rows[r].changed);
        QCOMPARE(view.interventionTable()->item(int(r), 2)->text(),
                 QString::number(iv.rows[r].accuracy * 100, 'f', 1));
    }
    // The control: the teacher cannot see the tokens, so no answer changes.
    QCOMPARE(d.control.size(), d.interventions.size());
    for (const auto& row : d.control) QCOMPARE(row.changed, qint64(0));
    QCOMPARE(view.interventionTable()->columnCount(), 7);
}

void TestResearchViews::logitLensGridAndOneQuestion() {
    DiagnosticsView view;
    view.setRun(qstr(micro_));
    auto loaded = semcot::load_run(micro_, torch::kCPU);
    const std::string q = loaded.split("test").front().query;
    view.setLensQuestion(QString::fromStdString(q));
    view.runLens();
    QVERIFY(QTest::qWaitFor([&] { return !view.busy(); }, 60000));
    const auto grid = semcot::layer_logit_lens(loaded.inference_context(), semcot::Method::semcot,
                                               q, 5);
    QTableWidget* lens = view.lensGrid();
    QVERIFY2(lens->rowCount() == int(grid.size()), qPrintable(view.statusText()));
    QCOMPARE(lens->columnCount(), int(grid.front().size()));
    for (size_t l = 0; l < grid.size(); ++l) {
        QCOMPARE(lens->item(int(l), 0)->text(), QString::fromStdString(grid[l][0].top[0].piece));
        QVERIFY(lens->item(int(l), 0)->toolTip().contains(QStringLiteral("Raw logit lens")));
    }
    QVERIFY(lens->verticalHeaderItem(0)->text().contains(QStringLiteral("embeddings")));
    // One question: the answer under every intervention.
    view.runQuestion(QString::fromStdString(q), QStringLiteral("semcot"));
    QVERIFY(QTest::qWaitFor([&] { return !view.busy(); }, 60000));
    QTableWidget* t = view.interventionTable();
    QCOMPARE(t->horizontalHeaderItem(1)->text(), QStringLiteral("Answer"));
    QVERIFY(t->rowCount() >= 4);
    QCOMPARE(view.data().interventions.first().answers.size(), qsizetype(2));
}

// A report made with --diagnostics: the token statistics, interventions and the control in
// report.json (as core computes them), report.html and the PDF; without it, none.
void TestResearchViews::reportHasDiagnosticsWhenAsked() {
    semcot::report::ReportParams p;
    p.runs = {micro_};
    p.n = 4;
    p.examples = 0;
    p.explain = false;
    p.diagnostics = 4;
    p.out = root_ / "report";
    const auto result = semcot::report::export_report(p);
    const auto j = nlohmann::json::parse(semcot::read_file(p.out / "report.json"));
    const auto& d = j["runs"][0]["diagnostics"];
    QCOMPARE(d["questions"].get<int>(), 4);
    QVERIFY(d["methods"].contains("semcot"));
    QVERIFY(!d["methods"].contains("cot")); // no latent tokens
    auto loaded = semcot::load_run(micro_, torch::kCPU);
    auto split = loaded.split("test");
    split.resize(4);
    const auto iv = semcot::intervene(loaded.inference_context(), semcot::Method::semcot, split);
    const auto& rows = d["methods"]["semcot"]["interventions"]["rows"];
    QCOMPARE(rows.size(), iv.rows.size());
    for (size_t r = 0; r < iv.rows.size(); ++r)
        QCOMPARE(rows[r]["correct"].get<int64_t>(), iv.rows[r].correct);
    for (const auto& row : d["methods"]["semcot"]["control"]["rows"])
        QCOMPARE(row["changed"].get<int64_t>(), int64_t(0));
    QCOMPARE(d["methods"]["semcot"]["tokens"]["k"].get<int64_t>(), int64_t(iv.rows.size()) - 4);
    const std::string html = semcot::read_file(p.out / "report.html");
    QVERIFY(html.find("<section id=\"diagnostics\">") != std::string::npos);
    QVERIFY(html.find("another question&#39;s") != std::string::npos ||
            html.find("another question's") != std::string::npos);
    const QString pdf = QString::fromStdString((p.out / "report.pdf").string());
    QVERIFY(QFileInfo::exists(pdf));
    if (!QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty()) {
        QProcess text;
        text.start(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
        QVERIFY(text.waitForFinished(30000));
        const QString out = QString::fromUtf8(text.readAllStandardOutput());
        QVERIFY2(out.contains(QStringLiteral("latent tokens doing anything")), qPrintable(out.left(400)));
        QVERIFY(out.contains(QStringLiteral("Control: accuracy")));
    }
    // Not asked for: no section, no key.
    p.diagnostics = 0;
    p.out = root_ / "report_plain";
    semcot::report::export_report(p);
    const auto plain = nlohmann::json::parse(semcot::read_file(p.out / "report.json"));
    QVERIFY(!plain["runs"][0].contains("diagnostics"));
    QVERIFY(semcot::read_file(p.out / "report.html").find("id=\"diagnostics\"") == std::string::npos);
}

// "Copy as command": the edited preset lands in OUT/preset.json and the command names it.
void TestResearchViews::trainingDialogCopiesTheCommand() {
    TrainingDialog dialog;
    QString error;
    QVERIFY2(dialog.loadPresetFile(QString::fromStdString(
                                       (semcot::models_dir() / "presets" / "tiny.json").string()),
                                   &error),
             qPrintable(error));
    const QString out = qstr(root_ / "copied run");
    dialog.setOutputFolder(out);
    auto* copy = dialog.findChild<QPushButton*>(QStringLiteral("copyTrainCommand"));
    QVERIFY(copy);
    copy->click();
    const TrainRequest r = dialog.request();
    QCOMPARE(dialog.copiedCommand(), trainCommand(r));
    QVERIFY2(dialog.copiedCommand().startsWith(QStringLiteral("semcot train --preset '")),
             qPrintable(dialog.copiedCommand()));
    QVERIFY(dialog.copiedCommand().contains(QStringLiteral("--out '") + out + QStringLiteral("'")));
    QVERIFY(dialog.copiedCommand().contains(QStringLiteral("--seed ") + QString::number(r.seed)));
    const auto written = nlohmann::json::parse(
        semcot::read_file(requestPresetFile(r).toStdString()));
    QCOMPARE(written, nlohmann::json::parse(r.presetJson.toStdString()));
    // A baseline: its method, base and settings, no preset file.
    TrainRequest b;
    b.method = QStringLiteral("coconut");
    b.base = QStringLiteral("runs/s4");
    b.out = QStringLiteral("runs/s4/methods/coconut");
    b.baseline.epochs = 2;
    b.baseline.lr = 5e-4;
    QCOMPARE(trainCommand(b), QStringLiteral("semcot train --method coconut --base runs/s4 --out "
                                             "runs/s4/methods/coconut --baseline-epochs 2 "
                                             "--baseline-lr 0.0005"));
}

QTEST_MAIN(TestResearchViews)
#include "test_research_views.moc"
