// The Evaluation view's paired statistics, slices and confusion table (issue 16 §1, §2) and its
// "Copy as command" (§4), on a planted evaluation whose answers are known: SemCoT answers "no"
// whenever 4 or more people flip (so it is wrong on the four 4-flip questions), no-CoT always
// answers "yes" (right on even flips only). The paired table shows what follows by hand; a
// clicked slice or confusion cell lists exactly its questions and opens one in the Ask view;
// the copied command is the `semcot eval` that the evaluation's provenance records.
#include "support/qtest_compat.h"

#include "ask_view.h"
#include "core_bridge.h"
#include "evaluation_analysis.h"
#include "evaluation_data.h"
#include "evaluation_view.h"
#include "main_window.h"
#include "settings.h"
#include "train_command.h"
#include "training_worker.h"

#include "common/provenance.h"
#include "report/comparison.h"
#include "semcot/evaluation.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

using namespace semcot;
using namespace semcot::ui;

namespace {

const char* const kNames[] = {"Ann", "Bob", "Cid", "Dee", "Eve"};

// Coin-flip question: `flips` of 5 people flip; `extra` words make lengths differ.
std::string coinQuery(int flips, int extra) {
    std::string q = "A coin is heads up.";
    for (int i = 0; i < 5; ++i)
        q += std::string(" ") + kNames[i] +
             (i < flips ? " flips the coin." : " does not flip the coin.");
    for (int i = 0; i < extra; ++i) q += " really";
    return q + " Is the coin still heads up?";
}

int flipsIn(const QString& query) {
    return int(query.count(QStringLiteral(" flips the coin.")));
}

// 24 questions (0..5 flips, 4 each) answered by semcot and nocot, with their summaries.
EvaluationResult planted() {
    EvaluationResult e;
    int64_t index = 0;
    for (int flips = 0; flips <= 5; ++flips)
        for (int k = 0; k < 4; ++k, ++index)
            for (Method m : {Method::semcot, Method::nocot}) {
                SampleResult s;
                s.index = index;
                s.query = coinQuery(flips, k);
                s.gold = flips % 2 == 0 ? "yes" : "no";
                s.result.method = m;
                s.result.extracted = m == Method::nocot ? "yes" : flips >= 4 ? "no" : s.gold;
                s.result.output = "Answer: " + s.result.extracted;
                s.result.correct = s.result.extracted == s.gold;
                s.result.total_s = m == Method::semcot ? 0.002 : 0.001 * (1 + k);
                e.samples.push_back(s);
            }
    for (const auto& s : e.samples) {
        MethodSummary& m = e.methods[method_name(s.result.method)];
        ++m.n;
        m.correct += s.result.correct;
        m.mean_latency_s += s.result.total_s;
    }
    for (auto& [name, m] : e.methods) {
        m.accuracy = double(m.correct) / double(m.n);
        m.mean_latency_s /= double(m.n);
    }
    return e;
}

// Two-sided exact McNemar p of b against c discordant questions.
double exactMcNemar(int b, int c) {
    const int n = b + c, k = std::min(b, c);
    double tail = 0, choose = 1;
    for (int i = 0; i <= k; ++i) {
        tail += choose;
        choose = choose * (n - i) / (i + 1);
    }
    return std::min(1.0, 2 * tail / std::pow(2.0, n));
}

void clickCell(QTableWidget* t, int row, int column) {
    const QRect r = t->visualRect(t->model()->index(row, column));
    QTest::mouseClick(t->viewport(), Qt::LeftButton, {}, r.center());
}

} // namespace

class TestEvaluationAnalysisView final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void pairedTableShowsTheComparison();
    void slicesListTheirQuestions();
    void confusionCellsListTheirQuestions();
    void openInAskPutsTheQuestionInAsk();
    void copyAsCommandMatchesTheProvenance();
};

void TestEvaluationAnalysisView::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SemCoT-test-evaluation-analysis"));
    Settings::setDevice(QStringLiteral("cpu"));
    registerStudioTypes();
}

void TestEvaluationAnalysisView::pairedTableShowsTheComparison() {
    const EvaluationResult e = planted();
    const EvalData d = evalData(e, {QStringLiteral("semcot"), QStringLiteral("nocot")});
    QCOMPARE(d.pairs.size(), 1);
    EvaluationView view;
    view.showResult(d);
    PairedTable* t = view.pairedTable();
    QVERIFY(!t->isHidden());
    QCOMPARE(t->rowCount(), 1);
    QCOMPARE(t->item(0, 0)->data(Qt::UserRole).toString(), QStringLiteral("nocot"));
    QCOMPARE(t->item(0, 1)->text(), QStringLiteral("24"));
    QCOMPARE(t->item(0, 2)->text(), QStringLiteral("83.3%")); // 20 of 24
    QCOMPARE(t->item(0, 3)->text(), QStringLiteral("50.0%")); // 12 of 24
    QCOMPARE(t->item(0, 4)->text(), QStringLiteral("12"));    // odd flips: only SemCoT right
    QCOMPARE(t->item(0, 5)->text(), QStringLiteral("4"));     // 4 flips: only no-CoT right
    const double p = exactMcNemar(12, 4);
    QVERIFY(std::abs(p - 0.0768) < 1e-4);
    QCOMPARE(t->item(0, 6)->text(), QString::number(p, 'g', 3));
    QVERIFY(t->item(0, 6)->toolTip().contains(QStringLiteral("Exact")));
    // The difference is +8/24; its interval is core's paired bootstrap (same seed).
    const PairedComparison c = compare_methods(e, "semcot", e, "nocot", 10000, 0);
    QVERIFY(c.bootstrap.low < 1.0 / 3 && 1.0 / 3 < c.bootstrap.high);
    QCOMPARE(t->item(0, 7)->text(), QStringLiteral("+33.3 [%1, %2]")
                                        .arg(100 * c.bootstrap.low, 0, 'f', 1)
                                        .arg(100 * c.bootstrap.high, 0, 'f', 1));
    QCOMPARE(t->item(0, 8)->text(), QStringLiteral("2.0 \u00b1 0.0"));
    QCOMPARE(t->item(0, 9)->text(),
             QStringLiteral("2.5 \u00b1 %1").arg(1e3 * c.latency_b.sd, 0, 'f', 1));
    QVERIFY(c.latency_b.sd > 0.001); // 1, 2, 3, 4 ms: sd above 1 ms
    // One method alone: nothing to pair, no table.
    EvaluationResult one = e;
    one.methods.erase("nocot");
    one.samples.erase(
        std::remove_if(one.samples.begin(), one.samples.end(),
                       [](const SampleResult& s) { return s.result.method == Method::nocot; }),
        one.samples.end());
    view.showResult(evalData(one, {QStringLiteral("semcot")}));
    QVERIFY(view.pairedTable()->isHidden());
}

void TestEvaluationAnalysisView::slicesListTheirQuestions() {
    const EvalData d = evalData(planted(), {QStringLiteral("semcot"), QStringLiteral("nocot")});
    EvaluationView view;
    view.resize(1200, 900);
    view.showResult(d);
    view.showDetails(1);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    FailureBrowser* f = view.failureBrowser();
    QCOMPARE(f->methodChoice()->currentData().toString(), QStringLiteral("semcot"));
    QVERIFY(f->slicingChoice()->findData(QStringLiteral("answer")) >= 0);
    QVERIFY(f->slicingChoice()->findData(QStringLiteral("length")) >= 0);
    // A task feature is chosen first.
    QCOMPARE(f->slicingChoice()->currentData().toString(), QStringLiteral("feature:flips"));
    QTableWidget* s = f->sliceTable();
    QCOMPARE(s->rowCount(), 6);
    for (int flips = 0; flips <= 5; ++flips) {
        QCOMPARE(s->item(flips, 0)->text(), QString::number(flips));
        QCOMPARE(s->item(flips, 1)->text(), QStringLiteral("4"));
        QCOMPARE(s->item(flips, 2)->text(),
                 flips == 4 ? QStringLiteral("0 / 4") : QStringLiteral("4 / 4"));
    }
    QVERIFY(s->item(4, 3)->text().startsWith(QStringLiteral("0.0% [0.0, ")));
    // The worst slice, listed at once (what --details failures shows): the 4-flip questions.
    QVERIFY(f->listWorstSlice());
    QCOMPARE(s->currentRow(), 4);
    QCOMPARE(f->listedSamples().size(), 4);
    clickCell(s, 0, 1);
    QCOMPARE(f->listedSamples().size(), 4);
    for (int pos : f->listedSamples()) QCOMPARE(flipsIn(d.samples[pos].query), 0);
    clickCell(s, 4, 0);
    QCOMPARE(f->listedSamples().size(), 4);
    QCOMPARE(f->questionTable()->rowCount(), 4);
    for (int pos : f->listedSamples()) {
        const EvalSampleRow& row = d.samples[pos];
        QCOMPARE(row.method, QStringLiteral("semcot"));
        QCOMPARE(flipsIn(row.query), 4);
        QVERIFY(!row.correct);
    }
    // By gold answer, for no-CoT: the "no" row lists the 12 odd-flip questions, all wrong.
    f->methodChoice()->setCurrentIndex(f->methodChoice()->findData(QStringLiteral("nocot")));
    f->slicingChoice()->setCurrentIndex(f->slicingChoice()->findData(QStringLiteral("answer")));
    QCOMPARE(s->rowCount(), 2);
    QCOMPARE(s->item(0, 0)->text(), QStringLiteral("no"));
    QCOMPARE(s->item(0, 2)->text(), QStringLiteral("0 / 12"));
    clickCell(s, 0, 2);
    QCOMPARE(f->listedSamples().size(), 12);
    for (int pos : f->listedSamples()) {
        QCOMPARE(d.samples[pos].method, QStringLiteral("nocot"));
        QCOMPARE(flipsIn(d.samples[pos].query) % 2, 1);
    }
}

void TestEvaluationAnalysisView::confusionCellsListTheirQuestions() {
    const EvalData d = evalData(planted(), {QStringLiteral("semcot"), QStringLiteral("nocot")});
    FailureBrowser f;
    f.resize(1000, 700);
    f.setData(d);
    f.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f));
    QTableWidget* c = f.confusionTable();
    QCOMPARE(c->rowCount(), 2);
    QCOMPARE(c->columnCount(), 2);
    QVERIFY(c->verticalHeaderItem(1)->text().contains(QStringLiteral("yes")));
    QVERIFY(c->horizontalHeaderItem(0)->text().contains(QStringLiteral("no")));
    QCOMPARE(c->item(0, 0)->text(), QStringLiteral("12")); // gold no, answered no
    QCOMPARE(c->item(0, 1)->text(), QStringLiteral("0"));
    QCOMPARE(c->item(1, 0)->text(), QStringLiteral("4")); // gold yes, answered no: 4 flips
    QCOMPARE(c->item(1, 1)->text(), QStringLiteral("8"));
    clickCell(c, 1, 0);
    QCOMPARE(f.listedSamples().size(), 4);
    QSet<qint64> indices;
    for (int pos : f.listedSamples()) {
        QCOMPARE(d.samples[pos].gold, QStringLiteral("yes"));
        QCOMPARE(d.samples[pos].extracted, QStringLiteral("no"));
        QCOMPARE(flipsIn(d.samples[pos].query), 4);
        indices << d.samples[pos].index;
    }
    QCOMPARE(indices.size(), 4);
    // The second method's answers to the same questions, beside: no-CoT said "yes".
    QVERIFY(f.questionTable()->isColumnHidden(4));
    f.compareChoice()->setCurrentIndex(f.compareChoice()->findData(QStringLiteral("nocot")));
    QVERIFY(!f.questionTable()->isColumnHidden(4));
    QCOMPARE(f.listedSamples().size(), 4);
    for (int row = 0; row < 4; ++row) {
        QVERIFY(f.questionTable()->item(row, 3)->text().endsWith(QStringLiteral(" no")));
        QVERIFY(f.questionTable()->item(row, 4)->text().endsWith(QStringLiteral(" yes")));
    }
    // An empty cell lists nothing.
    clickCell(c, 0, 1);
    QCOMPARE(f.listedSamples().size(), 0);
    QCOMPARE(f.questionTable()->rowCount(), 0);
}

void TestEvaluationAnalysisView::openInAskPutsTheQuestionInAsk() {
    const EvalData d = evalData(planted(), {QStringLiteral("semcot"), QStringLiteral("nocot")});
    MainWindow w;
    w.resize(1300, 900);
    w.showView(QStringLiteral("evaluation"));
    w.evaluationView()->showResult(d);
    w.evaluationView()->showDetails(1);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    FailureBrowser* f = w.evaluationView()->failureBrowser();
    clickCell(f->confusionTable(), 1, 0);
    QCOMPARE(f->listedSamples().size(), 4);
    QVERIFY(!f->openButton()->isEnabled()); // nothing chosen yet
    clickCell(f->questionTable(), 2, 1);
    QVERIFY(f->openButton()->isEnabled());
    const QString query = d.samples[f->listedSamples()[2]].query;
    QSignalSpy asked(w.evaluationView(), &EvaluationView::askRequested);
    QTest::mouseClick(f->openButton(), Qt::LeftButton);
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked[0][0].toString(), query);
    auto* box = w.askView()->findChild<QPlainTextEdit*>(QStringLiteral("question"));
    QVERIFY(box);
    QCOMPARE(box->toPlainText(), query);
    QCOMPARE(w.findChild<QTabWidget*>()->currentWidget(), w.askView());
    // A double-click opens it too.
    w.showView(QStringLiteral("evaluation"));
    const QString other = d.samples[f->listedSamples()[0]].query;
    const QRect r = f->questionTable()->visualRect(f->questionTable()->model()->index(0, 1));
    QTest::mouseClick(f->questionTable()->viewport(), Qt::LeftButton, {}, r.center());
    QTest::mouseDClick(f->questionTable()->viewport(), Qt::LeftButton, {}, r.center());
    QCOMPARE(asked.size(), 2);
    QCOMPARE(box->toPlainText(), other);
}

void TestEvaluationAnalysisView::copyAsCommandMatchesTheProvenance() {
    EvaluationView view;
    const QString run = shippedRunDir();
    view.setRun(run);
    QVERIFY(view.setCheckedMethods({QStringLiteral("nocot"), QStringLiteral("semcot")}));
    view.setLimit(3);
    auto* copy = view.findChild<QPushButton*>(QStringLiteral("copyCommand"));
    QVERIFY(copy && copy->isEnabled());
    QApplication::clipboard()->clear();
    QTest::mouseClick(copy, Qt::LeftButton);
    const QString expected =
        QStringLiteral("semcot eval --run %1 --methods nocot,semcot --split test --n 3 "
                       "--batch-size 1 --device cpu")
            .arg(run.contains(u' ') ? u'\'' + run + u'\'' : run);
    QCOMPARE(QApplication::clipboard()->text(), expected);
    QCOMPARE(view.command(), expected);
    // A path with a space and a quote is quoted for the shell.
    EvaluationView odd;
    odd.setRun(QStringLiteral("/tmp/my run's"));
    QVERIFY(odd.command().contains(QStringLiteral("--run '/tmp/my run'\"'\"'s' ")));
    // The evaluation records that command in its provenance, with Qt's version.
    QSignalSpy done(&view, &EvaluationView::finished);
    view.run();
    QVERIFY(done.wait(60000));
    const auto j = nlohmann::json::parse(view.result().json.toStdString());
    QCOMPARE(QString::fromStdString(j.at("provenance").at("command").get<std::string>()), expected);
    QCOMPARE(QString::fromStdString(j.at("provenance").at("qt").get<std::string>()),
             QString::fromLatin1(qVersion()));
    QCOMPARE(view.result().pairs.size(), 1);
    QCOMPARE(view.result().pairs[0].n, qint64(3));
    QCOMPARE(view.result().pairs[0].a, QStringLiteral("semcot"));
    // The command line is process-wide: a training started from the app afterwards records
    // its own `semcot train` command (train_command.h), not this evaluation's (an empty
    // request fails at once, after setting it).
    QCOMPARE(QString::fromStdString(semcot::command_line()), expected);
    TrainingWorker trainer;
    QSignalSpy failed(&trainer, &TrainingWorker::failed);
    trainer.start(TrainRequest{});
    QCOMPARE(failed.size(), 1);
    QCOMPARE(QString::fromStdString(semcot::command_line()), trainCommand(TrainRequest{}));
}

QTEST_MAIN(TestEvaluationAnalysisView)
#include "test_evaluation_analysis_view.moc"
