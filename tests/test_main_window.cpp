// The main window on the shipped tiny run: a test question answered in both panes (explicit
// CoT streamed, SemCoT with its implicit-token chips, the latency chart), the alignment view
// filled; malformed run folders get a message that says what is missing. Issue 10: answers
// never outlive their run or question, free questions get the CLI's extraction, Stop and an
// empty question say so, runs stay listed wherever they are, failed runs are not resumable.
#include "support/qtest_compat.h"

#include "about_dialog.h"
#include "alignment_heatmap.h"
#include "alignment_view.h"
#include "ask_view.h"
#include "core_bridge.h"
#include "evaluation_view.h"
#include "latency_chart.h"
#include "main_window.h"
#include "projection_scatter.h"
#include "runs_view.h"
#include "settings.h"
#include "settings_dialog.h"
#include "training_dialog.h"
#include "training_view.h"

#include "analysis/explain.h"
#include "analysis/nearest.h"
#include "analysis/sentence_bank.h"
#include "eval/scoring.h"
#include "semcot/run.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>

using namespace semcot::ui;

namespace {

QString tmpDir(const QString& name) {
    const QString dir = QDir(QString::fromLatin1(SEMCOT_TEST_TMP_DIR)).filePath(name);
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    return dir;
}

void writeFile(const QString& path, const QByteArray& data) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}

QString labelText(QWidget* parent, const char* name) {
    auto* l = parent->findChild<QLabel*>(QString::fromLatin1(name));
    return l ? l->text() : QStringLiteral("<no label %1>").arg(QString::fromLatin1(name));
}

// Opens the shipped run in `w` and waits until it is loaded.
bool openShipped(MainWindow& w) {
    QSignalSpy loaded(&w, &MainWindow::runLoaded);
    return w.openRun(shippedRunDir()).isEmpty() && loaded.wait(30000) && w.isRunLoaded();
}

// Asks the question in the box and waits for the whole job (answers, chips, analysis).
bool askAndWait(AskView* ask) {
    ask->run();
    if (!ask->busy()) return false;
    return QTest::qWaitFor([ask] { return !ask->busy(); }, 60000);
}

// A run stopped early: run.json "training" with the micro preset (train_run can resume it).
QByteArray unfinishedRunJson() {
    return R"({"schema": "semcot.run/1", "status": "training", "task": "coinflip", "seed": 0,
      "stages_done": [], "preset_name": "micro", "preset": {
      "task": "coinflip", "examples": 64, "min_people": 2, "max_people": 3, "vocab_size": 320,
      "teacher": {"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 3,
                  "num_attention_heads": 4, "num_key_value_heads": 2,
                  "max_position_embeddings": 384},
      "student": {"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 3,
                  "num_attention_heads": 4, "num_key_value_heads": 2,
                  "max_position_embeddings": 384},
      "teacher_train": {"epochs": 2, "batch_size": 8, "lr": 0.003, "max_length": 320},
      "student_train": {"epochs": 1, "batch_size": 16, "lr": 0.003, "max_length": 320},
      "sentence_transformer": {"start_layer": 1, "end_layer": 2, "output_dim": 16,
                               "pooling": "mean"},
      "contemplation": {"k_train": 2, "k_infer": 1, "slice": "ours"},
      "semcot": {"st_stage1": {"lr": 0.001, "weight_decay": 0.0, "epochs": 1},
                 "st_stage2": {"lr": 0.001, "weight_decay": 0.0, "epochs": 1},
                 "cg_stage1": {"lr": 0.001, "weight_decay": 0.0, "epochs": 1},
                 "cg_stage2": {"lr": 0.001, "weight_decay": 0.0, "epochs": 1},
                 "batch_size": 8, "max_length": 320, "alpha": 0.5}}})";
}

} // namespace

class TestMainWindow final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void askFillsBothPanes();
    void typedQuestionGetsTheCliExtraction();
    void runChangeClearsTheAnswers();
    void stopAndEmptyQuestionSaySo();
    void malformedFoldersSayWhatIsMissing();
    void runsStayListedAndOfferResume();
    void failedRunIsNotResumable();
    void compareShowsOnlyRealDifferences();
    void retranslatesAtRuntime();
    void evaluatesAndAnswersASampleInAsk();
};

void TestMainWindow::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SemCoT-test-main-window"));
    Settings::setRunFolder(tmpDir(QStringLiteral("studio_run_folder")));
    Settings::setLastRun(QString());
    for (const QString& r : Settings::recentRuns()) Settings::removeRecentRun(r);
}

void TestMainWindow::askFillsBothPanes() {
    MainWindow w;
    w.show();
    QSignalSpy loaded(&w, &MainWindow::runLoaded);
    QVERIFY(w.openRun(shippedRunDir()).isEmpty());
    QVERIFY(loaded.wait(30000));
    QVERIFY(w.isRunLoaded());

    AskView* ask = w.askView();
    ask->selectTestQuestion(0);
    QSignalSpy busy(ask, &AskView::busyChanged);
    ask->run();
    QVERIFY(ask->busy());
    QTRY_VERIFY_WITH_TIMEOUT(!ask->busy(), 50000);

    // Left pane: the teacher's explicit reasoning and its answer.
    QVERIFY2(ask->explicitText().size() > 20, qPrintable(ask->explicitText()));
    QVERIFY(!ask->explicitAnswer().isEmpty());
    // Right pane: SemCoT's answer and one chip per implicit token (plus the pooled one).
    QVERIFY(!ask->implicitAnswer().isEmpty());
    QVERIFY2(ask->chipCount() >= 3, qPrintable(QString::number(ask->chipCount())));
    QCOMPARE(ask->latencyChart()->historySize(), 1);
    // The alignment view got the matrix of the same question.
    const AlignmentData& m = w.alignmentView()->heatmap()->data();
    QVERIFY(!m.empty());
    QCOMPARE(m.rows, 3);
    QVERIFY(w.alignmentView()->scoreText().contains(QStringLiteral("Alignment score")));
    QVERIFY(w.alignmentView()->scatter()->pointCount() > 10);
    // The same tokens against the teacher's own explicit steps.
    w.alignmentView()->setSource(QStringLiteral("teacher_cot"));
    const AlignmentData& cot = w.alignmentView()->heatmap()->data();
    QCOMPARE(cot.source, QStringLiteral("teacher_cot"));
    QVERIFY(cot.cols > 0);
    QCOMPARE(cot.rows, 3);

    // The random-pair baseline is the core default's (2000 pairs), as `semcot explain` and the
    // report print it, not a cheaper one of the app's own.
    auto run = semcot::load_run(shippedRunDir().toStdString(), torch::kCPU);
    const semcot::SentenceBank bank = semcot::load_or_build_bank(run);
    const auto baseline =
        semcot::random_pair_baseline(bank.normalized(), semcot::ExplainParams().baseline_pairs);
    QCOMPARE(w.alignmentView()->explanation().baselineMean, baseline.mean);
    QCOMPARE(w.alignmentView()->explanation().baselineStd, baseline.std);
}

// A typed question (no gold answer) gets the same strict extraction as `semcot ask`, and
// "(no answer found)" when the output has none, never the whole output as the answer.
void TestMainWindow::typedQuestionGetsTheCliExtraction() {
    MainWindow w;
    QVERIFY(openShipped(w));
    AskView* ask = w.askView();
    const QString q = QStringLiteral("A coin is heads up. Zed flips the coin. Ann does not flip "
                                     "the coin. Is the coin still heads up?");
    ask->setQuestion(q);
    QVERIFY(askAndWait(ask));
    QCOMPARE(ask->answeredQuestion(), q);
    auto run = semcot::load_run(shippedRunDir().toStdString(), torch::kCPU);
    const std::string cot =
        semcot::extract_answer(ask->explicitText().toStdString(), run.scorer, q.toStdString());
    const std::string sem =
        semcot::extract_answer(ask->implicitOutput().toStdString(), run.scorer, q.toStdString());
    QCOMPARE(ask->explicitAnswer(), QString::fromStdString(cot));
    QCOMPARE(ask->implicitAnswer(), QString::fromStdString(sem));
    const QString left = labelText(ask, "explicitAnswer"), right = labelText(ask, "implicitAnswer");
    for (const auto& [label, answer] : {std::pair{left, cot}, std::pair{right, sem}}) {
        const QString shown =
            answer.empty() ? QStringLiteral("(no answer found)") : QString::fromStdString(answer);
        QVERIFY2(label.contains(QStringLiteral("<b>%1</b>").arg(shown)), qPrintable(label));
    }
    // The whole chain of thought is not the answer.
    QVERIFY2(!left.contains(ask->explicitText().trimmed().toHtmlEscaped()), qPrintable(left));
}

// After the open run changes, both panes are empty: no chain of thought, chips, answers or
// latencies of the previous run under the new run's question.
void TestMainWindow::runChangeClearsTheAnswers() {
    MainWindow w;
    QVERIFY(openShipped(w));
    AskView* ask = w.askView();
    ask->selectTestQuestion(1);
    QVERIFY(askAndWait(ask));
    QVERIFY(!ask->explicitText().isEmpty());
    QVERIFY(ask->chipCount() > 0);
    QVERIFY(openShipped(w)); // File > Open run (here the same folder again)
    QVERIFY(ask->explicitText().isEmpty());
    QVERIFY(ask->explicitAnswer().isEmpty());
    QVERIFY(ask->implicitAnswer().isEmpty());
    QCOMPARE(ask->chipCount(), 0);
    QVERIFY(ask->answeredQuestion().isEmpty());
    QVERIFY(labelText(ask, "explicitAnswer").isEmpty());
    QVERIFY(labelText(ask, "implicitAnswer").isEmpty());
    QCOMPARE(ask->latencyChart()->historySize(), 0);
    QVERIFY(!ask->showsOtherQuestion());
    // Another question in the box: the panes say they answer a different one.
    QVERIFY(askAndWait(ask));
    ask->selectTestQuestion(4);
    QVERIFY(ask->showsOtherQuestion());
    QVERIFY(labelText(ask, "staleNote").contains(QStringLiteral("Not run yet")));
}

// Stop leaves no "Generating..." behind; Run with an empty question says what to do.
void TestMainWindow::stopAndEmptyQuestionSaySo() {
    MainWindow w;
    QVERIFY(openShipped(w));
    AskView* ask = w.askView();
    ask->selectTestQuestion(2);
    ask->run();
    ask->stop(); // before the first token: the job stops inside the chain of thought
    QTRY_VERIFY_WITH_TIMEOUT(!ask->busy(), 30000);
    const QString hint = labelText(ask, "chipsHint");
    QVERIFY2(!hint.contains(QStringLiteral("Generating")), qPrintable(hint));
    QVERIFY2(hint.contains(QStringLiteral("Stopped")), qPrintable(hint));
    QVERIFY2(ask->statusText().contains(QStringLiteral("Stopped")), qPrintable(ask->statusText()));
    QVERIFY(ask->explicitAnswer().isEmpty()); // a cut-short chain of thought has no answer
    QVERIFY2(labelText(ask, "explicitAnswer").contains(QStringLiteral("Stopped after")),
             qPrintable(labelText(ask, "explicitAnswer")));

    ask->setQuestion(QStringLiteral("   "));
    QSignalSpy asked(ask, &AskView::askRequested);
    ask->run();
    QVERIFY(!ask->busy());
    QCOMPARE(asked.count(), 0);
    QVERIFY2(ask->statusText().contains(QStringLiteral("Type a question")),
             qPrintable(ask->statusText()));
    ask->setQuestion(QStringLiteral("Is the coin still heads up?")); // typing clears it
    QVERIFY(!ask->statusText().contains(QStringLiteral("Type a question")));
}

void TestMainWindow::malformedFoldersSayWhatIsMissing() {
    MainWindow w;
    // Empty folder: neither a run nor a model.
    const QString empty = tmpDir(QStringLiteral("studio_empty"));
    QString msg = w.openRun(empty);
    QVERIFY2(msg.contains(QStringLiteral("no run.json")), qPrintable(msg));
    QCOMPARE(w.message(), msg);
    // run.json that is not JSON.
    const QString broken = tmpDir(QStringLiteral("studio_broken"));
    writeFile(QDir(broken).filePath(QStringLiteral("run.json")), "{ not json");
    msg = w.openRun(broken);
    QVERIFY2(msg.contains(QStringLiteral("run.json is not valid JSON")), qPrintable(msg));
    // A finished run without its teacher and generator.
    const QString partial = tmpDir(QStringLiteral("studio_partial"));
    writeFile(QDir(partial).filePath(QStringLiteral("run.json")), R"({"status": "done"})");
    writeFile(QDir(partial).filePath(QStringLiteral("data/test.json")), "[]");
    msg = w.openRun(partial);
    QVERIFY2(msg.contains(QStringLiteral("Missing: teacher/config.json")), qPrintable(msg));
    QVERIFY2(msg.contains(QStringLiteral("cg/contemplation.json")), qPrintable(msg));
    QVERIFY(!msg.contains(QStringLiteral("data/test.json")));
    // An unfinished run points to Resume.
    const QString unfinished = tmpDir(QStringLiteral("studio_unfinished"));
    writeFile(QDir(unfinished).filePath(QStringLiteral("run.json")), R"({"status": "training"})");
    msg = w.openRun(unfinished);
    QVERIFY2(msg.contains(QStringLiteral("has not finished training")), qPrintable(msg));
    QVERIFY(!w.isRunLoaded());
}

// Runs started or opened anywhere stay listed after a restart; the Runs view's folder is
// saved; opening an unfinished run offers Resume right there.
void TestMainWindow::runsStayListedAndOfferResume() {
    const QString elsewhere = tmpDir(QStringLiteral("studio_elsewhere"));
    const QString stopped = QDir(elsewhere).filePath(QStringLiteral("stopped"));
    writeFile(QDir(stopped).filePath(QStringLiteral("run.json")), unfinishedRunJson());
    const QString folder = tmpDir(QStringLiteral("studio_runs_view_folder"));
    {
        MainWindow w;
        QVERIFY(!w.runsView()->listedFolders().contains(stopped));
        const QString msg = w.openRun(stopped);
        QVERIFY2(msg.contains(QStringLiteral("has not finished training")), qPrintable(msg));
        QVERIFY2(!msg.contains(QStringLiteral("Runs view")), qPrintable(msg));
        QVERIFY(w.messageAction());
        QCOMPARE(w.messageAction()->text(), QStringLiteral("Resume training"));
        QVERIFY(w.runsView()->listedFolders().contains(stopped));
        // The Runs view's folder, typed by the user, is kept.
        auto* edit = w.runsView()->findChild<QLineEdit*>();
        QVERIFY(edit);
        edit->setText(folder);
        Q_EMIT edit->editingFinished();
    }
    {
        MainWindow w; // a restart
        QCOMPARE(w.runsView()->runFolder(), folder);
        QVERIFY2(w.runsView()->listedFolders().contains(stopped),
                 qPrintable(w.runsView()->listedFolders().join(u'\n')));
        QCOMPARE(w.runsView()->statusOf(stopped), QStringLiteral("interrupted (resumable)"));
        // Resume from the message: the training view continues the run.
        w.openRun(stopped);
        QVERIFY(w.messageAction());
        w.messageAction()->click();
        QCOMPARE(w.trainingView()->runFolder(), stopped);
        QVERIFY(w.trainingView()->running());
        auto* tabs = w.findChild<QTabWidget*>();
        QCOMPARE(tabs->currentWidget(), static_cast<QWidget*>(w.trainingView()));
        w.trainingView()->stop();
        QTRY_VERIFY_WITH_TIMEOUT(!w.trainingView()->running(), 60000);
        QCOMPARE(w.trainingView()->state(), TrainingView::State::stopped);
    }
    // A run whose folder is gone drops out of the list.
    QDir(stopped).removeRecursively();
    MainWindow w;
    QVERIFY(!w.runsView()->listedFolders().contains(stopped));
    QVERIFY(!Settings::recentRuns().contains(stopped));
}

// A failed run is shown as failed with its reason, never as resumable.
void TestMainWindow::failedRunIsNotResumable() {
    const QString failed =
        QDir(tmpDir(QStringLiteral("studio_failed"))).filePath(QStringLiteral("run"));
    QByteArray json = unfinishedRunJson();
    json.replace(R"("status": "training")", R"("status": "failed", "error": "boom: no student")");
    writeFile(QDir(failed).filePath(QStringLiteral("run.json")), json);
    MainWindow w;
    const QString msg = w.openRun(failed);
    QVERIFY2(msg.contains(QStringLiteral("failed (boom: no student)")), qPrintable(msg));
    QVERIFY2(msg.contains(QStringLiteral("cannot be resumed")), qPrintable(msg));
    QVERIFY(!w.messageAction());
    QCOMPARE(w.runsView()->statusOf(failed), QStringLiteral("failed: boom: no student"));
    QVERIFY(w.runsView()->select(failed));
    auto* resume = w.runsView()->findChild<QPushButton*>(QStringLiteral("resumeRun"));
    QVERIFY(resume);
    QVERIFY(!resume->isEnabled());
}

// Runs view > Compare: a switch missing in one preset and false in the other is no difference.
void TestMainWindow::compareShowsOnlyRealDifferences() {
    RunSummary a, b;
    a.name = QStringLiteral("a");
    b.name = QStringLiteral("b");
    a.info.json = nlohmann::json::parse(R"({"preset": {"semcot": {"alpha": 0.3, "no_st": false,
        "st_stage1": {"weight_decay": 0}}}})");
    b.info.json = nlohmann::json::parse(R"({"preset": {"semcot": {"alpha": 0.1,
        "st_stage1": {"weight_decay": 0.0}}}})");
    const QString html = RunsView::compareHtml({a, b});
    QVERIFY2(html.contains(QStringLiteral("preset.semcot.alpha")), qPrintable(html));
    QVERIFY2(!html.contains(QStringLiteral("no_st")), qPrintable(html));
    QVERIFY2(!html.contains(QStringLiteral("weight_decay")), qPrintable(html));
}

// Every window handles QEvent::LanguageChange with its retranslateUi(): the texts come back
// (English, no translator installed) and nothing breaks.
void TestMainWindow::retranslatesAtRuntime() {
    MainWindow w;
    TrainingDialog training(&w);
    SettingsDialog settings(&w);
    AboutDialog about(&w);
    const QString aboutText = about.text();
    QList<QWidget*> widgets = w.findChildren<QWidget*>();
    widgets << &w;
    int sent = 0;
    for (QWidget* widget : widgets) {
        QEvent e(QEvent::LanguageChange);
        QCoreApplication::sendEvent(widget, &e);
        ++sent;
    }
    QVERIFY(sent > 50);
    auto* tabs = w.findChild<QTabWidget*>();
    QVERIFY(tabs);
    QCOMPARE(tabs->tabText(0), QStringLiteral("Ask"));
    QCOMPARE(tabs->tabText(4), QStringLiteral("Evaluation"));
    QCOMPARE(training.windowTitle(), QStringLiteral("New training run"));
    QCOMPARE(about.text(), aboutText);
    QVERIFY(aboutText.contains(QStringLiteral("LibTorch")));
}

// The evaluation view on the shipped run: three questions, three methods, the tables and the
// correct / incorrect filter; a double-clicked sample is answered in the Ask view at once.
void TestMainWindow::evaluatesAndAnswersASampleInAsk() {
    MainWindow w;
    QSignalSpy loaded(&w, &MainWindow::runLoaded);
    w.openRun(shippedRunDir());
    QVERIFY(loaded.wait(30000));
    EvaluationView* ev = w.evaluationView();
    ev->setLimit(3);
    QSignalSpy finished(ev, &EvaluationView::finished);
    ev->run();
    QVERIFY(ev->running());
    QVERIFY(finished.wait(50000));
    const EvalData& d = ev->result();
    QVERIFY(!d.partial);
    QCOMPARE(d.methods.size(), 3);
    QCOMPARE(d.methods.first().method, QStringLiteral("cot")); // in the order asked for
    QCOMPARE(d.samples.size(), 9);
    for (const auto& m : d.methods) QCOMPARE(m.n, qint64(3));
    QCOMPARE(ev->visibleSampleCount(), 9);
    auto* filter = ev->findChild<QComboBox*>(QStringLiteral("sampleFilter"));
    QVERIFY(filter);
    int correct = 0;
    for (const auto& s : d.samples) correct += s.correct ? 1 : 0;
    filter->setCurrentIndex(1);
    const int shownCorrect = ev->visibleSampleCount();
    filter->setCurrentIndex(2);
    QCOMPARE(shownCorrect, correct);
    QCOMPARE(ev->visibleSampleCount(), 9 - correct);
    filter->setCurrentIndex(0);
    // Answers to another question are in the Ask view...
    AskView* ask = w.askView();
    ask->selectTestQuestion(7);
    QVERIFY(askAndWait(ask));
    // ...double-clicking a sample answers its question there at once.
    auto* samples = ev->findChild<QTableWidget*>(QStringLiteral("samples"));
    QVERIFY(samples);
    const QString question = samples->item(0, 2)->data(Qt::UserRole).toString();
    QVERIFY(!question.isEmpty());
    Q_EMIT samples->cellDoubleClicked(0, 2);
    QCOMPARE(ask->findChild<QPlainTextEdit*>(QStringLiteral("question"))->toPlainText(), question);
    QVERIFY(ask->busy());
    QCOMPARE(ask->answeredQuestion(), question);
    QVERIFY(!ask->showsOtherQuestion());
    QTRY_VERIFY_WITH_TIMEOUT(!ask->busy(), 60000);
    QVERIFY(!ask->explicitText().isEmpty());
    QVERIFY(labelText(ask, "explicitAnswer").contains(QStringLiteral("Answer:")));
    QCOMPARE(ask->latencyChart()->historySize(), 2);
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
