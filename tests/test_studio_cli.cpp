// The semcot-studio command line: --help and --version without a display; a bad option value
// (unknown view, a test question that is not a number or not in the test set) is an error with
// exit code 2 and a message on stderr, never a silent exit 0.
#include "semcot/preset.h"

#include "support/qtest_compat.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>

namespace {

struct Result {
    int code = -1;
    QString out, err;
};

QString studio() {
    return QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("semcot-studio"));
}

// Runs semcot-studio with its own settings and data folders; `display` false: no display at all
// (no X, no Wayland, no offscreen platform).
Result run(const QStringList& args, bool display = true) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString home =
        QDir(QString::fromLatin1(SEMCOT_TEST_TMP_DIR)).filePath(QStringLiteral("studio_cli_home"));
    QDir().mkpath(home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
    env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    env.remove(QStringLiteral("LANGUAGE"));
    env.remove(QStringLiteral("LC_ALL"));
    if (display) {
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    } else {
        for (const char* v : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
            env.remove(QString::fromLatin1(v));
    }
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(studio(), args);
    Result r;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

class TestStudioCli final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void helpNeedsNoDisplay();
    void badValuesExitWithTwo();
    void askBeyondTheTestSetExitsWithTwo();
    void moreBadUsage();
    void methodOptionsAreChecked();
    void noDisplayChecksOptionsThenSaysSo();
    void screenshotThatCannotBeWrittenSaysSo();
    void exportsAReportHeadless();
};

void TestStudioCli::initTestCase() {
    if (!QFile::exists(studio())) QSKIP("semcot-studio is not built next to the tests");
}

void TestStudioCli::helpNeedsNoDisplay() {
    Result r = run({QStringLiteral("--help")}, /*display=*/false);
    QVERIFY2(r.code == 0, qPrintable(QString::number(r.code) + QStringLiteral(": ") + r.err));
    QVERIFY2(r.out.contains(QStringLiteral("--screenshot")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("--ask")), qPrintable(r.out));
    r = run({QStringLiteral("--version")}, /*display=*/false);
    QCOMPARE(r.code, 0);
    QVERIFY(!r.out.trimmed().isEmpty());
}

void TestStudioCli::badValuesExitWithTwo() {
    const QList<QStringList> cases = {
        {QStringLiteral("--view"), QStringLiteral("bogus")},
        {QStringLiteral("--ask"), QStringLiteral("abc")},
        {QStringLiteral("--ask"), QStringLiteral("0")},
        {QStringLiteral("--ask"), QStringLiteral("1,x")},
        {QStringLiteral("--evaluate"), QStringLiteral("many")},
        {QStringLiteral("--delay"), QStringLiteral("-5")},
        {QStringLiteral("--dialog"), QStringLiteral("nonsense")},
        {QStringLiteral("--train"), QStringLiteral("/no/such/preset.json")},
    };
    for (const QStringList& args : cases) {
        const Result r = run(args);
        const QString what = args.join(u' ') + QStringLiteral(" -> ") + QString::number(r.code) +
                             QStringLiteral(": ") + r.err;
        QVERIFY2(r.code == 2, qPrintable(what));
        QVERIFY2(r.err.contains(args.last()), qPrintable(what)); // the message names the value
    }
}

void TestStudioCli::askBeyondTheTestSetExitsWithTwo() {
    // Known only once the run is open (300 test questions in the shipped run).
    const Result r = run({QStringLiteral("--ask"), QStringLiteral("999")});
    QVERIFY2(r.code == 2, qPrintable(QString::number(r.code) + QStringLiteral(": ") + r.err));
    QVERIFY2(r.err.contains(QStringLiteral("999")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("300")), qPrintable(r.err));
}

// Found trying the app as a new user: each of these exited 0 or 1, or said "no error occurred".
void TestStudioCli::moreBadUsage() {
    const QString tmp = QString::fromLatin1(SEMCOT_TEST_TMP_DIR);
    const QList<std::pair<QStringList, QString>> cases = {
        {{QStringLiteral("--bogus-flag")}, QStringLiteral("bogus-flag")},
        {{QStringLiteral("--train"), QStringLiteral("/nonexistent.json")},
         QStringLiteral("cannot read the preset")},
        {{QStringLiteral("--train"), tmp}, QStringLiteral("it is a folder")},
        {{QStringLiteral("--screenshot"), QStringLiteral("/nonexistent_dir/x.png")},
         QStringLiteral("does not exist")},
        {{QStringLiteral("--screenshot"), tmp + QStringLiteral("/x.jpgx")},
         QStringLiteral("unknown image type")},
        {{QStringLiteral("/no/such/run"), QStringLiteral("--screenshot"),
          tmp + QStringLiteral("/r.png")},
         QStringLiteral("/no/such/run")},
    };
    QFile array(tmp + QStringLiteral("/array_preset.json"));
    QVERIFY(array.open(QIODevice::WriteOnly));
    array.write("[1, 2]");
    array.close();
    const Result r = run({QStringLiteral("--train"), array.fileName()});
    QVERIFY2(r.code == 2 && r.err.contains(QStringLiteral("must be a JSON object")),
             qPrintable(r.err));
    for (const auto& [args, needle] : cases) {
        const Result c = run(args);
        const QString what = args.join(u' ') + QStringLiteral(" -> ") + QString::number(c.code) +
                             QStringLiteral(": ") + c.err;
        QVERIFY2(c.code == 2, qPrintable(what));
        QVERIFY2(c.err.contains(needle), qPrintable(what));
        QVERIFY2(!c.err.contains(QStringLiteral("no error occurred")), qPrintable(what));
    }
}

// --method, --methods and --train-baseline (issue 15): a method that does not exist, or is not
// trained on the run, is bad usage naming it (and the command that trains it).
void TestStudioCli::methodOptionsAreChecked() {
    const QString shipped =
        QString::fromStdString((semcot::models_dir() / "tiny-coinflip").string());
    const QString tmp = QString::fromLatin1(SEMCOT_TEST_TMP_DIR);
    QFile file(tmp + QStringLiteral("/not_a_folder"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const QList<std::pair<QStringList, QString>> cases = {
        {{QStringLiteral("--method"), QStringLiteral("bogus"), QStringLiteral("--ask"),
          QStringLiteral("1")},
         QStringLiteral("'bogus'")},
        {{QStringLiteral("--method"), QStringLiteral("cot"), QStringLiteral("--ask"),
          QStringLiteral("1")},
         QStringLiteral("'cot'")},
        {{QStringLiteral("--method"), QStringLiteral("coconut")}, QStringLiteral("--ask")},
        {{QStringLiteral("--evaluate"), QStringLiteral("1"), QStringLiteral("--methods"),
          QStringLiteral("cot,bogus")},
         QStringLiteral("'bogus'")},
        {{QStringLiteral("--methods"), QStringLiteral("cot")}, QStringLiteral("--evaluate")},
        {{shipped, QStringLiteral("--train-baseline"), QStringLiteral("bogus")},
         QStringLiteral("'bogus'")},
        {{QStringLiteral("--train-baseline"), QStringLiteral("coconut")},
         QStringLiteral("run folder")},
        {{QStringLiteral("/no/such/run"), QStringLiteral("--train-baseline"),
          QStringLiteral("coconut")},
         QStringLiteral("/no/such/run does not exist")},
        {{shipped, QStringLiteral("--train-baseline"), QStringLiteral("pause"),
          QStringLiteral("--out"), file.fileName()},
         QStringLiteral("A file with this name exists")},
    };
    for (const auto& [args, needle] : cases) {
        const Result c = run(args);
        const QString what = args.join(u' ') + QStringLiteral(" -> ") + QString::number(c.code) +
                             QStringLiteral(": ") + c.err;
        QVERIFY2(c.code == 2, qPrintable(what));
        QVERIFY2(c.err.contains(needle), qPrintable(what));
    }
    // A baseline the run has not trained: known once the run is open, with the command.
    if (QFileInfo::exists(shipped + QStringLiteral("/methods/codi")))
        QSKIP("the shipped run has a CODI folder");
    const Result r = run({shipped, QStringLiteral("--method"), QStringLiteral("codi"),
                          QStringLiteral("--ask"), QStringLiteral("1")});
    QVERIFY2(r.code == 2, qPrintable(QString::number(r.code) + QStringLiteral(": ") + r.err));
    QVERIFY2(r.err.contains(QStringLiteral("semcot train --method codi --base ")),
             qPrintable(r.err));
}

// Without a display a QApplication aborts (exit 134): options are checked first (exit 2), then
// the app says what it needs (exit 1).
void TestStudioCli::noDisplayChecksOptionsThenSaysSo() {
    Result r = run({QStringLiteral("--view"), QStringLiteral("bogus")}, /*display=*/false);
    QVERIFY2(r.code == 2 && r.err.contains(QStringLiteral("bogus")), qPrintable(r.err));
    r = run({QStringLiteral("--ask"), QStringLiteral("abc")}, /*display=*/false);
    QVERIFY2(r.code == 2, qPrintable(r.err));
    r = run({QStringLiteral("--view"), QStringLiteral("ask")}, /*display=*/false);
    QVERIFY2(r.code == 1 && r.err.contains(QStringLiteral("QT_QPA_PLATFORM=offscreen")),
             qPrintable(QString::number(r.code) + QStringLiteral(": ") + r.err));
}

// A screenshot that cannot be written is an error with a message, not a silent exit 1.
void TestStudioCli::screenshotThatCannotBeWrittenSaysSo() {
    // The file name is taken by a folder: writing fails even as root.
    const QString shot = QString::fromLatin1(SEMCOT_TEST_TMP_DIR) + QStringLiteral("/taken.png");
    QDir().mkpath(shot);
    const Result r =
        run({QStringLiteral("--screenshot"), shot, QStringLiteral("--delay"), QStringLiteral("0")});
    QVERIFY2(r.code == 1, qPrintable(QString::number(r.code) + QStringLiteral(": ") + r.err));
    QVERIFY2(r.err.contains(QStringLiteral("cannot write the screenshot")), qPrintable(r.err));
}

// --export-report RUN --out DIR, as docs/reports.md shows it: the PDF and PNG renderings that
// `semcot report` leaves out (it used to stop with "--out needs --train").
void TestStudioCli::exportsAReportHeadless() {
    const QString out = QString::fromLatin1(SEMCOT_TEST_TMP_DIR) + QStringLiteral("/studio_report");
    QDir(out).removeRecursively();
    const QString shipped =
        QString::fromStdString((semcot::models_dir() / "tiny-coinflip").string());
    const Result r = run({QStringLiteral("--export-report"), shipped, QStringLiteral("--n"),
                          QStringLiteral("3"), QStringLiteral("--examples"), QStringLiteral("1"),
                          QStringLiteral("--no-explain"), QStringLiteral("--out"), out});
    QVERIFY2(r.code == 0, qPrintable(QString::number(r.code) + QStringLiteral(": ") + r.err));
    for (const char* f :
         {"report.html", "report.pdf", "report.json", "accuracy.svg", "accuracy.png"})
        QVERIFY2(QFileInfo::exists(QDir(out).filePath(QString::fromLatin1(f))), f);
    // --out alone is still bad usage.
    QCOMPARE(run({QStringLiteral("--out"), out}).code, 2);
}

QTEST_GUILESS_MAIN(TestStudioCli)
#include "test_studio_cli.moc"
