// The main window on the shipped tiny run: a test question answered in both panes (explicit
// CoT streamed, SemCoT with its implicit-token chips, the latency chart), the alignment view
// filled; malformed run folders get a message that says what is missing.
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
#include "settings_dialog.h"
#include "training_dialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QPlainTextEdit>
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

} // namespace

class TestMainWindow final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void askFillsBothPanes();
    void malformedFoldersSayWhatIsMissing();
    void retranslatesAtRuntime();
    void evaluatesAndOpensASampleInAsk();
};

void TestMainWindow::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
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
// correct / incorrect filter; a sample opens in the Ask view.
void TestMainWindow::evaluatesAndOpensASampleInAsk() {
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
    // Double-clicking a sample puts its question in the Ask view.
    auto* samples = ev->findChild<QTableWidget*>(QStringLiteral("samples"));
    QVERIFY(samples);
    const QString question = samples->item(0, 2)->data(Qt::UserRole).toString();
    QVERIFY(!question.isEmpty());
    Q_EMIT samples->cellDoubleClicked(0, 2);
    QCOMPARE(w.askView()->findChild<QPlainTextEdit*>(QStringLiteral("question"))->toPlainText(),
             question);
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
