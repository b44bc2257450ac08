// The desktop app knows every method (issue 15): on a copy of the shipped run whose data is cut
// to a few examples (the models are the shipped ones, linked), micro baselines train in
// seconds. Pause and ICoT-SI train through core; Coconut through the training dialog and the
// Training view, stopped at a safe point and continued. The method table matches core's; the
// Runs view lists the baselines trained; the Ask view offers the trained ones only (the others
// name the command that trains them), answers with the chosen one as core does and decodes its
// latent tokens as core's explain() does, or says it has none; the Evaluation view evaluates
// every checked method as core's evaluate() does; a report of that evaluation lists them all.
#include "support/qtest_compat.h"
#include "support/shipped_run.h"

#include "alignment_view.h"
#include "ask_view.h"
#include "core_bridge.h"
#include "evaluation_view.h"
#include "inference_worker.h"
#include "latency_chart.h"
#include "main_window.h"
#include "method_choice.h"
#include "methods.h"
#include "report_export.h"
#include "runs_view.h"
#include "settings.h"
#include "training_dialog.h"
#include "training_view.h"

#include "analysis/explain.h"
#include "analysis/sentence_bank.h"
#include "baselines/method_loader.h"
#include "baselines/train_baseline.h"
#include "common/platform.h"
#include "semcot/evaluation.h"
#include "semcot/run.h"

#include <QApplication>
#include <QBarCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>

#include <nlohmann/json.hpp>

#include <filesystem>

using namespace semcot::ui;
namespace fs = std::filesystem;

namespace {

QString qstr(const fs::path& p) {
    return QString::fromStdString(p.string());
}

// Asks the question in the box and waits for the whole job (answers, chips, analysis).
bool askAndWait(AskView* ask) {
    ask->run();
    if (!ask->busy()) return false;
    return QTest::qWaitFor([ask] { return !ask->busy(); }, 60000);
}

// The first `n` examples of one of the shipped run's splits.
void cutSplit(const fs::path& to, const std::string& split, size_t n) {
    const auto all = nlohmann::json::parse(
        semcot::read_file(test_paths::shipped_run() / "data" / (split + ".json")));
    nlohmann::json part = nlohmann::json::array();
    for (size_t i = 0; i < n && i < all.size(); ++i) part.push_back(all[i]);
    semcot::write_file_atomic(to / "data" / (split + ".json"), part.dump(1));
}

// A bar chart's categories as text (a long name may take two lines: "Explicit<br>CoT").
QStringList categoriesOf(QChart* chart) {
    QStringList out;
    for (QAbstractAxis* axis : chart->axes(Qt::Horizontal))
        if (auto* c = qobject_cast<QBarCategoryAxis*>(axis))
            for (QString name : c->categories())
                out << name.replace(QStringLiteral("<br>"), QStringLiteral(" "));
    return out;
}

} // namespace

class TestBaselineViews final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void methodTableFollowsCore();
    void dialogTrainsABaselineThatStopsAndContinues();
    void runsViewListsTheBaselines();
    void askAnswersWithTheChosenMethod();
    void workerLoadsABaselineOncePerRun();
    void evaluationAndReportHaveEveryMethod();

private:
    fs::path root_; // the temporary run's parent
    fs::path run_;  // a copy of the shipped run with 16 / 8 / 4 examples
    QString runQ_;
};

// The run: the shipped run's models and settings (linked, never written), a few examples.
void TestBaselineViews::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SemCoT-test-baseline-views"));
    root_ = fs::path(test_paths::tmp_dir()) / "baseline_views";
    semcot::remove_tree(root_);
    run_ = root_ / "tiny-coinflip";
    fs::create_directories(run_ / "data");
    for (const char* part : {"teacher", "student", "student_tokenizer", "tokenizer", "st", "cg"})
        fs::create_directory_symlink(test_paths::shipped_run() / part, run_ / part);
    fs::copy_file(test_paths::shipped_run() / "run.json", run_ / "run.json");
    cutSplit(run_, "train", 16); // one batch of 16: one step per epoch
    cutSplit(run_, "validation", 8);
    cutSplit(run_, "test", 4);
    runQ_ = qstr(run_);
    Settings::setRunFolder(qstr(root_));
    Settings::setLastRun(QString());
    for (const QString& r : Settings::recentRuns()) Settings::removeRecentRun(r);

    // Pause and ICoT-SI through core, as `semcot train --method NAME --base RUN` trains them.
    for (semcot::Method m : {semcot::Method::pause, semcot::Method::icot}) {
        semcot::BaselineTrainParams p;
        p.method = m;
        p.base = run_;
        p.seed = 1;
        p.settings.epochs = 1;
        p.settings.lora_r = 4;
        p.settings.pause_tokens = 2;
        p.settings.icot_remove = 40; // a few stages
        const auto r = semcot::train_baseline(p);
        QCOMPARE(r.out, run_ / "methods" / semcot::method_name(m));
    }
}

// The app's method list is core's (names, order, labels); the baselines it offers are the ones
// core finds trained, and an interrupted training is not offered.
void TestBaselineViews::methodTableFollowsCore() {
    QStringList names, labels;
    for (semcot::Method m : semcot::all_methods()) {
        names << QString::fromStdString(semcot::method_name(m));
        labels << QString::fromStdString(semcot::method_label(m));
        QCOMPARE(isBaseline(names.last()), semcot::is_baseline(m));
    }
    QCOMPARE(methodNames(), names);
    for (int i = 0; i < names.size(); ++i) QCOMPARE(methodLabel(names[i]), labels[i]);
    QCOMPARE(methodLabel(QStringLiteral("no-such-method")), QStringLiteral("no-such-method"));
    for (const char* m : {"semcot", "softcot", "pause", "coconut", "codi"})
        QVERIFY2(hasLatents(QString::fromLatin1(m)) &&
                     noLatentsNote(QString::fromLatin1(m)).isEmpty(),
                 m);
    for (const char* m : {"cot", "nocot", "icot"})
        QVERIFY2(!hasLatents(QString::fromLatin1(m)) &&
                     !noLatentsNote(QString::fromLatin1(m)).isEmpty(),
                 m);

    QStringList core;
    for (semcot::Method m : semcot::trained_baselines(run_))
        core << QString::fromStdString(semcot::method_name(m));
    QCOMPARE(trainedBaselines(runQ_), core);
    QCOMPARE(core, (QStringList{QStringLiteral("pause"), QStringLiteral("icot")}));

    // A CODI training stopped before its method.json, a SoftCoT run still training: neither
    // answers yet (core lists the SoftCoT folder as soon as its run.json exists).
    fs::create_directories(run_ / "methods/codi/checkpoints/codi/latest");
    fs::create_directories(run_ / "methods/softcot");
    semcot::write_file_atomic(run_ / "methods/softcot/run.json",
                              R"({"schema": "semcot.run/1", "status": "training"})");
    const QList<BaselineState> states = runBaselines(runQ_);
    QCOMPARE(states.size(), 5);
    for (const BaselineState& b : states) {
        const auto expected =
            b.method == QStringLiteral("pause") || b.method == QStringLiteral("icot")
                ? BaselineState::Status::trained
            : b.method == QStringLiteral("codi") || b.method == QStringLiteral("softcot")
                ? BaselineState::Status::interrupted
                : BaselineState::Status::absent;
        QVERIFY2(b.status == expected, qPrintable(b.method));
        QVERIFY2(b.error.isEmpty(), qPrintable(b.error));
        QCOMPARE(b.folder, QDir(runQ_).filePath(QStringLiteral("methods/") + b.method));
    }
    QCOMPARE(trainedBaselines(runQ_),
             (QStringList{QStringLiteral("pause"), QStringLiteral("icot")}));
    MethodChoice choice;
    choice.setRun(runQ_);
    QCOMPARE(choice.offered(), (QStringList{QStringLiteral("semcot"), QStringLiteral("nocot"),
                                            QStringLiteral("pause"), QStringLiteral("icot")}));
    QVERIFY(choice.toolTipOf(QStringLiteral("codi")).contains(QStringLiteral("interrupted")));
    semcot::remove_tree(run_ / "methods/codi");
    semcot::remove_tree(run_ / "methods/softcot");
    // What a trained baseline's summary says comes from its method.json.
    const BaselineState pause = baselineState(QDir(runQ_).filePath(QStringLiteral("methods/pause")),
                                              QStringLiteral("pause"));
    QVERIFY(pause.seconds > 0);
    QVERIFY(std::isfinite(pause.bestValLoss));
    QVERIFY(baselineSummary(pause).contains(QStringLiteral("best validation loss")));
    // A folder of another method is not this one.
    const BaselineState wrong = baselineState(QDir(runQ_).filePath(QStringLiteral("methods/pause")),
                                              QStringLiteral("coconut"));
    QVERIFY(wrong.status == BaselineState::Status::absent);
    QVERIFY(!wrong.error.isEmpty());
}

// Coconut from the dialog: its rows, defaults and checks; the Training view trains it, stops at
// a safe point (no method.json, an interrupted folder), and a new dialog continues it there.
void TestBaselineViews::dialogTrainsABaselineThatStopsAndContinues() {
    TrainingDialog d;
    QCOMPARE(d.method(), QStringLiteral("semcot"));
    QVERIFY(!d.setMethod(QStringLiteral("no-such-method")));
    QVERIFY(d.setMethod(QStringLiteral("softcot")));
    QVERIFY(!d.baselineRowShown(QStringLiteral("lora_r"))); // SoftCoT trains no adapters
    QVERIFY(d.setMethod(QStringLiteral("coconut")));
    for (const char* key : {"lora_r", "coconut_thoughts", "coconut_max_stage"})
        QVERIFY2(d.baselineRowShown(QString::fromLatin1(key)), key);
    for (const char* key : {"pause_tokens", "codi_latents", "codi_distill_weight", "icot_remove"})
        QVERIFY2(!d.baselineRowShown(QString::fromLatin1(key)), key);
    // Core's defaults.
    const semcot::BaselineSettings defaults;
    QCOMPARE(d.findChild<QSpinBox*>(QStringLiteral("coconut_max_stage"))->value(),
             int(defaults.coconut_max_stage));
    QCOMPARE(d.findChild<QSpinBox*>(QStringLiteral("lora_r"))->value(), int(defaults.lora_r));
    QCOMPARE(d.findChild<QSpinBox*>(QStringLiteral("baselineEpochs"))->value(), 1); // per stage

    // A base run is required, and must be a finished run.
    QVERIFY(!d.validate());
    QVERIFY(d.fieldError(QStringLiteral("base")).contains(QStringLiteral("Choose")));
    const fs::path empty = root_ / "empty";
    fs::create_directories(empty);
    d.setBaselineBase(qstr(empty));
    QVERIFY(!d.validate());
    QVERIFY(!d.fieldError(QStringLiteral("base")).isEmpty());
    d.setBaselineBase(runQ_);
    QVERIFY2(d.validate(), qPrintable(d.fieldError(QStringLiteral("base")) +
                                      d.fieldError(QStringLiteral("out"))));
    auto* lr = d.findChild<QLineEdit*>(QStringLiteral("baselineLr"));
    lr->setText(QStringLiteral("abc"));
    QVERIFY(!d.validate());
    QVERIFY(d.fieldError(QStringLiteral("lr")).contains(QStringLiteral("abc")));
    lr->setText(QStringLiteral("2e-3"));
    QVERIFY(d.fieldError(QStringLiteral("lr")).isEmpty()); // the message follows the field
    // Pause is trained already: its folder is refused.
    QVERIFY(d.setMethod(QStringLiteral("pause")));
    QVERIFY(!d.validate());
    QVERIFY2(d.fieldError(QStringLiteral("out"))
                 .contains(QStringLiteral("already holds a trained Pause")),
             qPrintable(d.fieldError(QStringLiteral("out"))));
    QVERIFY(d.setMethod(QStringLiteral("coconut")));
    d.findChild<QSpinBox*>(QStringLiteral("coconut_max_stage"))->setValue(2);
    d.findChild<QSpinBox*>(QStringLiteral("lora_r"))->setValue(4);
    QVERIFY(d.validate());
    const TrainRequest r = d.request();
    QCOMPARE(r.method, QStringLiteral("coconut"));
    QVERIFY(r.isBaseline());
    QCOMPARE(r.base, runQ_);
    QCOMPARE(r.out, QDir(runQ_).filePath(QStringLiteral("methods/coconut")));
    QCOMPARE(r.baseline.coconutMaxStage, 2);
    QCOMPARE(r.baseline.loraR, 4);
    QCOMPARE(r.baseline.epochs, 1);
    QCOMPARE(r.baseline.lr, 2e-3);
    QVERIFY(!r.resume);

    // Stop at once: the first step ends with a checkpoint and the job stops there.
    TrainingView view;
    QSignalSpy finished(&view, &TrainingView::baselineFinished);
    QSignalSpy runFinished(&view, &TrainingView::runFinished);
    view.start(r);
    QVERIFY(view.running());
    view.stop();
    QTRY_VERIFY_WITH_TIMEOUT(view.state() == TrainingView::State::stopped, 30000);
    QVERIFY2(view.logText().contains(QStringLiteral("can be resumed")), qPrintable(view.logText()));
    QVERIFY(!fs::exists(run_ / "methods/coconut/method.json"));
    QVERIFY(baselineState(r.out, QStringLiteral("coconut")).status ==
            BaselineState::Status::interrupted);
    QVERIFY(!trainedBaselines(runQ_).contains(QStringLiteral("coconut")));

    // Another dialog (after a restart, say): the interrupted folder is refused until the
    // user asks to continue it.
    TrainingDialog again;
    QVERIFY(again.setMethod(QStringLiteral("coconut")));
    again.setBaselineBase(runQ_);
    again.findChild<QSpinBox*>(QStringLiteral("coconut_max_stage"))->setValue(2);
    again.findChild<QSpinBox*>(QStringLiteral("lora_r"))->setValue(4);
    again.findChild<QLineEdit*>(QStringLiteral("baselineLr"))->setText(QStringLiteral("2e-3"));
    QVERIFY(!again.validate());
    QVERIFY2(again.fieldError(QStringLiteral("out")).contains(QStringLiteral("interrupted")),
             qPrintable(again.fieldError(QStringLiteral("out"))));
    again.setBaselineResume(true);
    QVERIFY2(again.validate(), qPrintable(again.fieldError(QStringLiteral("out"))));
    QVERIFY(again.request().resume);
    view.start(again.request());
    QTRY_VERIFY_WITH_TIMEOUT(view.state() == TrainingView::State::finished, 60000);
    QVERIFY2(view.logText().contains(QStringLiteral("Resuming Coconut")),
             qPrintable(view.logText()));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toString(), runQ_);
    QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("coconut"));
    QCOMPARE(runFinished.count(), 0); // a baseline is no run to open
    QVERIFY(fs::exists(run_ / "methods/coconut/method.json"));
    const auto method =
        nlohmann::json::parse(semcot::read_file(run_ / "methods/coconut/method.json"));
    QCOMPARE(method["coconut"]["max_latent_stage"].get<int64_t>(), int64_t(2));
    QCOMPARE(method["summary"]["stages"].get<int64_t>(), int64_t(4)); // 0..2, then every step
    // The live curves: one chart entry per Coconut stage.
    QCOMPARE(view.stages(), (QStringList{QStringLiteral("coconut0"), QStringLiteral("coconut1"),
                                         QStringLiteral("coconut2"), QStringLiteral("coconut3")}));
    QCOMPARE(
        trainedBaselines(runQ_),
        (QStringList{QStringLiteral("pause"), QStringLiteral("coconut"), QStringLiteral("icot")}));
}

void TestBaselineViews::runsViewListsTheBaselines() {
    RunsView runs;
    runs.setRunFolder(qstr(root_));
    QCOMPARE(runs.baselinesOf(runQ_), QStringLiteral("Pause, Coconut, ICoT-SI"));
    const QString tip = runs.baselinesToolTipOf(runQ_);
    for (const char* part : {"Pause: trained in", "Coconut: trained in", "ICoT-SI: trained in",
                             "best validation loss"})
        QVERIFY2(tip.contains(QString::fromLatin1(part)), qPrintable(tip));
    QVERIFY(!tip.contains(QStringLiteral("CODI")));
    // The shipped run lists what is trained on it (usually nothing).
    QStringList shipped;
    for (const QString& b : trainedBaselines(shippedRunDir())) shipped << methodLabel(b);
    QCOMPARE(runs.baselinesOf(shippedRunDir()), shipped.join(QStringLiteral(", ")));
}

// Coconut (latents), ICoT-SI (none), No-CoT and SemCoT beside the explicit CoT.
void TestBaselineViews::askAnswersWithTheChosenMethod() {
    MainWindow w;
    QSignalSpy loaded(&w, &MainWindow::runLoaded);
    QVERIFY(w.openRun(runQ_).isEmpty());
    QVERIFY(loaded.wait(30000));
    AskView* ask = w.askView();
    QCOMPARE(ask->method(), QStringLiteral("semcot"));
    QCOMPARE(
        ask->methodChoice()->offered(),
        (QStringList{QStringLiteral("semcot"), QStringLiteral("nocot"), QStringLiteral("pause"),
                     QStringLiteral("coconut"), QStringLiteral("icot")}));
    for (const char* missing : {"codi", "softcot"}) {
        const QString m = QString::fromLatin1(missing);
        QVERIFY(!ask->setMethod(m));
        QVERIFY2(ask->methodChoice()->toolTipOf(m).contains(trainCommand(m, runQ_)),
                 qPrintable(ask->methodChoice()->toolTipOf(m)));
    }

    // What core answers, independently of the app.
    auto base = semcot::load_run(run_, torch::kCPU);
    const auto test = base.split("test");
    const std::string q = test[0].query;
    auto coconut = semcot::load_method(base, semcot::Method::coconut, {}, torch::kCPU);
    const auto expected =
        semcot::run_method(coconut->context, semcot::Method::coconut, q, test[0].answer);
    QVERIFY(expected.latents.defined());
    const int n = int(expected.latents.size(0));
    QCOMPARE(n, 2); // one thought per step, two steps

    QVERIFY(ask->setMethod(QStringLiteral("coconut")));
    QVERIFY(ask->implicitTitle().startsWith(QStringLiteral("Coconut")));
    ask->selectTestQuestion(0);
    QVERIFY(askAndWait(ask));
    QCOMPARE(ask->answeredMethod(), QStringLiteral("coconut"));
    QCOMPARE(ask->implicitOutput(), QString::fromStdString(expected.output));
    QCOMPARE(ask->implicitAnswer(), QString::fromStdString(expected.extracted));
    QVERIFY2(ask->implicitTitle().contains(QStringLiteral("Coconut: 2 latent token")),
             qPrintable(ask->implicitTitle()));
    QVERIFY(!ask->explicitText().isEmpty());
    QCOMPARE(ask->chipCount(), n + 1); // and the pooled one
    QCOMPARE(ask->latencyChart()->barCategories(),
             (QStringList{QStringLiteral("Explicit CoT"), QStringLiteral("Coconut")}));
    QVERIFY(ask->latencyChart()->historyLines().contains(QStringLiteral("Coconut")));
    // The chips are core's explanation of Coconut's thoughts (the run's ST, bank, logit lens).
    const semcot::SentenceBank bank = semcot::load_or_build_bank(base);
    semcot::ExplainParams p;
    p.question = q;
    p.has_gold = true;
    p.gold_answer = test[0].answer;
    p.gold_reasoning = test[0].reasoning;
    p.generate_answers = false;
    const semcot::Explanation ex = semcot::explain(base, bank, p, expected.latents);
    const ExplainView& shown = w.alignmentView()->explanation();
    QCOMPARE(shown.method, QStringLiteral("coconut"));
    QCOMPARE(shown.tokens.size(), n);
    for (int i = 0; i < n; ++i) {
        QCOMPARE(shown.tokens[i].neighbours.size(),
                 qsizetype(ex.tokens[size_t(i)].neighbours.size()));
        QCOMPARE(shown.tokens[i].neighbours.first().text,
                 QString::fromStdString(ex.tokens[size_t(i)].neighbours.front().text));
        QCOMPARE(shown.tokens[i].neighbours.first().score,
                 ex.tokens[size_t(i)].neighbours.front().score);
    }
    QCOMPARE(shown.groundTruth.rows, n);
    QVERIFY2(w.alignmentView()->scoreText().contains(QStringLiteral("Coconut's latent tokens")),
             qPrintable(w.alignmentView()->scoreText()));

    // ICoT-SI: an answer and an honest note, no chips. The panes first say they hold
    // Coconut's answer.
    QVERIFY(ask->setMethod(QStringLiteral("icot")));
    QVERIFY(ask->showsOtherMethod());
    QVERIFY(ask->implicitTitle().startsWith(QStringLiteral("Coconut"))); // still its answer
    QVERIFY(askAndWait(ask));
    auto icot = semcot::load_method(base, semcot::Method::icot, {}, torch::kCPU);
    QCOMPARE(
        ask->implicitOutput(),
        QString::fromStdString(semcot::run_method(icot->context, semcot::Method::icot, q).output));
    QCOMPARE(ask->chipCount(), 0);
    QVERIFY2(ask->chipsHintText().contains(QStringLiteral("ICoT-SI has no latent tokens")),
             qPrintable(ask->chipsHintText()));
    QVERIFY(ask->implicitTitle().contains(QStringLiteral("no latent tokens")));
    QVERIFY2(w.alignmentView()->scoreText().contains(QStringLiteral("no latent tokens")),
             qPrintable(w.alignmentView()->scoreText()));
    QVERIFY(!ask->showsOtherMethod());

    // No-CoT answers from the run itself.
    QVERIFY(ask->setMethod(QStringLiteral("nocot")));
    QVERIFY(askAndWait(ask));
    auto ctx = base.inference_context();
    QCOMPARE(ask->implicitOutput(),
             QString::fromStdString(semcot::run_method(ctx, semcot::Method::nocot, q).output));
    QVERIFY(ask->chipsHintText().contains(QStringLiteral("No-CoT has no latent tokens")));
    QVERIFY(ask->implicitTitle().startsWith(QStringLiteral("No-CoT")));

    // SemCoT as before: its k implicit tokens.
    QVERIFY(ask->setMethod(QStringLiteral("semcot")));
    QVERIFY(askAndWait(ask));
    QCOMPARE(ask->implicitOutput(),
             QString::fromStdString(semcot::run_method(ctx, semcot::Method::semcot, q).output));
    QCOMPARE(ask->chipCount(), int(base.generator->config().k_infer) + 1);
    QVERIFY(ask->implicitTitle().startsWith(QStringLiteral("SemCoT")));
    QCOMPARE(w.alignmentView()->explanation().method, QStringLiteral("semcot"));
    QCOMPARE(ask->latencyChart()->historySize(), 4);

    // Another run: only what it has trained is offered, and the choice goes back to SemCoT
    // when it does not have the chosen one; back on this run, the choice is Coconut again.
    QVERIFY(ask->setMethod(QStringLiteral("coconut")));
    QVERIFY(w.openRun(shippedRunDir()).isEmpty());
    QVERIFY(loaded.wait(30000));
    QStringList offered{QStringLiteral("semcot"), QStringLiteral("nocot")};
    offered << trainedBaselines(shippedRunDir());
    QCOMPARE(ask->methodChoice()->offered(), offered);
    if (!offered.contains(QStringLiteral("coconut")))
        QCOMPARE(ask->method(), QStringLiteral("semcot"));
    QVERIFY(w.openRun(runQ_).isEmpty());
    QVERIFY(loaded.wait(30000));
    QCOMPARE(ask->method(), QStringLiteral("coconut"));
}

// The Ask view's worker loads a baseline the first time it is asked for, keeps it while the run
// is open, and loads it again after the run is loaded again; a method the run lacks fails with
// the command that trains it.
void TestBaselineViews::workerLoadsABaselineOncePerRun() {
    registerStudioTypes();
    InferenceWorker worker;
    QSignalSpy phases(&worker, &InferenceWorker::progressUpdated);
    QSignalSpy answers(&worker, &InferenceWorker::implicitFinished);
    QSignalSpy failed(&worker, &InferenceWorker::failed);
    QSignalSpy skipped(&worker, &InferenceWorker::explainSkipped);
    const QString q =
        QStringLiteral("A coin is heads up. Ann flips the coin. Is the coin still heads up?");
    auto loads = [&phases] {
        int n = 0;
        for (const auto& args : phases)
            n += args.at(0).toString() == QStringLiteral("Loading ICoT-SI");
        return n;
    };
    worker.load(runQ_, QStringLiteral("cpu"));
    worker.ask(q, {}, {}, QStringLiteral("icot"));
    worker.ask(q, {}, {}, QStringLiteral("icot"));
    QCOMPARE(loads(), 1);
    QCOMPARE(answers.count(), 2);
    QCOMPARE(answers.at(0).at(0).value<MethodOutcome>().method, QStringLiteral("icot"));
    QCOMPARE(answers.at(1).at(0).value<MethodOutcome>().output,
             answers.at(0).at(0).value<MethodOutcome>().output);
    QCOMPARE(answers.at(0).at(0).value<MethodOutcome>().latents, 0);
    QCOMPARE(skipped.count(), 2);
    worker.load(runQ_, QStringLiteral("cpu")); // the run again: its baselines are loaded anew
    worker.ask(q, {}, {}, QStringLiteral("icot"));
    QCOMPARE(loads(), 2);
    QCOMPARE(failed.count(), 0);
    worker.ask(q, {}, {}, QStringLiteral("codi"));
    QCOMPARE(failed.count(), 1);
    QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("semcot train --method codi")),
             qPrintable(failed.at(0).at(0).toString()));
}

// Every method checked in the Evaluation view, evaluated as core evaluates it; the report of
// that evaluation lists them all, in its tables and charts.
void TestBaselineViews::evaluationAndReportHaveEveryMethod() {
    EvaluationView view;
    view.setRun(runQ_);
    QVERIFY(!view.methodBox(QStringLiteral("codi"))->isEnabled());
    QVERIFY(view.methodBox(QStringLiteral("codi"))
                ->toolTip()
                .contains(trainCommand(QStringLiteral("codi"), runQ_)));
    QVERIFY(view.methodBox(QStringLiteral("coconut"))->isEnabled());
    QVERIFY(view.methodBox(QStringLiteral("coconut"))->isChecked()); // trained: offered checked
    QCOMPARE(view.methodBox(QStringLiteral("coconut"))->text(), QStringLiteral("Coconut"));
    QVERIFY(!view.setCheckedMethods({QStringLiteral("codi")}));
    const QStringList methods{QStringLiteral("cot"),     QStringLiteral("nocot"),
                              QStringLiteral("semcot"),  QStringLiteral("pause"),
                              QStringLiteral("coconut"), QStringLiteral("icot")};
    QCOMPARE(view.checkedMethods(), methods);
    view.setLimit(2);
    QSignalSpy done(&view, &EvaluationView::finished);
    view.run();
    QVERIFY(done.wait(120000));
    const EvalData& d = view.result();
    QVERIFY(!d.partial);
    QStringList got;
    for (const EvalMethodRow& m : d.methods) got << m.method;
    QCOMPARE(got, methods);

    // Core's evaluation of the same methods (each baseline from its folder).
    auto base = semcot::load_run(run_, torch::kCPU);
    semcot::EvaluationParams p;
    p.methods.clear();
    p.limit = 2;
    std::vector<std::unique_ptr<semcot::LoadedMethod>> loaded;
    for (const QString& m : methods) {
        const semcot::Method method = semcot::parse_method(m.toStdString());
        p.methods.push_back(method);
        if (!semcot::is_baseline(method)) continue;
        loaded.push_back(semcot::load_method(base, method, {}, torch::kCPU));
        p.method_contexts[method] = &loaded.back()->context;
    }
    const auto r = semcot::evaluate(base.inference_context(), base.split("test"), p);
    for (const EvalMethodRow& m : d.methods) {
        const auto& c = r.methods.at(m.method.toStdString());
        QCOMPARE(m.n, qint64(c.n));
        QCOMPARE(m.correct, qint64(c.correct));
    }
    for (const auto& s : r.samples)
        for (const EvalSampleRow& row : d.samples)
            if (row.index == s.index &&
                row.method.toStdString() == semcot::method_name(s.result.method))
                QCOMPARE(row.output.toStdString(), s.result.output);

    // The table and both charts name every method by its label.
    auto* summary = view.findChild<QTableWidget*>(QStringLiteral("summary"));
    QStringList labels, rows;
    for (const QString& m : methods) labels << methodLabel(m);
    for (int i = 0; i < summary->rowCount(); ++i) rows << summary->item(i, 0)->text();
    QCOMPARE(rows, labels);
    const auto charts = view.findChildren<QChartView*>();
    QCOMPARE(charts.size(), 2);
    for (QChartView* c : charts) QCOMPARE(categoriesOf(c->chart()), labels);

    // The report of this evaluation: every method in the comparison table, the CSV and the
    // charts.
    const fs::path evalFile = root_ / "evaluation.json";
    semcot::write_file_atomic(evalFile, d.json.toStdString());
    semcot::report::ReportParams rp;
    rp.runs = {run_};
    rp.evaluations = {evalFile};
    rp.examples = 1;
    rp.explain = false;
    rp.out = root_ / "report";
    semcot::report::export_report(rp);
    const QString html = QString::fromStdString(semcot::read_file(rp.out / "report.html"));
    const QString csv = QString::fromStdString(semcot::read_file(rp.out / "summary.csv"));
    const QString accuracy = QString::fromStdString(semcot::read_file(rp.out / "accuracy.svg"));
    const QString latency = QString::fromStdString(semcot::read_file(rp.out / "latency.svg"));
    for (int i = 0; i < methods.size(); ++i) {
        QVERIFY2(html.contains(QStringLiteral("<td>%1</td>").arg(labels[i])),
                 qPrintable(labels[i]));
        QVERIFY2(csv.contains(QStringLiteral("\"combined\",%1,").arg(methods[i])),
                 qPrintable(methods[i]));
        QVERIFY2(accuracy.contains(QStringLiteral(">%1</text>").arg(labels[i])),
                 qPrintable(labels[i]));
        QVERIFY2(latency.contains(QStringLiteral(">%1</text>").arg(labels[i])),
                 qPrintable(labels[i]));
    }
    QVERIFY(fs::exists(rp.out / "accuracy.png"));
    // The PDF's comparison table: one line per method, its label whole.
    const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
    if (pdftotext.isEmpty()) QSKIP("poppler-utils (pdftotext) not installed");
    QProcess p2t;
    p2t.start(pdftotext, {QStringLiteral("-layout"), QStringLiteral("-f"), QStringLiteral("1"),
                          QStringLiteral("-l"), QStringLiteral("1"), qstr(rp.out / "report.pdf"),
                          QStringLiteral("-")});
    QVERIFY(p2t.waitForFinished(30000));
    const QStringList lines = QString::fromUtf8(p2t.readAllStandardOutput())
                                  .normalized(QString::NormalizationForm_KC)
                                  .split(u'\n');
    for (int i = 0; i < methods.size(); ++i) {
        const auto& m = r.methods.at(methods[i].toStdString());
        const QString accuracy = QString::number(100 * m.accuracy, 'f', 1) + QLatin1Char('%');
        bool found = false;
        for (const QString& line : lines)
            found = found || (line.contains(labels[i]) && line.contains(accuracy));
        QVERIFY2(found, qPrintable(labels[i] + QStringLiteral(" ") + accuracy));
    }
}

QTEST_MAIN(TestBaselineViews)
#include "test_baseline_views.moc"
