// Translations: the German and Chinese catalogues are complete, embedded (:/i18n), and switching
// the language at runtime (Settings::applyLanguage) retranslates the open main window and back.
#include "ask_view.h"
#include "core_bridge.h"
#include "evaluation_view.h"
#include "main_window.h"
#include "report_export_dialog.h"
#include "runs_view.h"
#include "settings.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest>

using namespace semcot::ui;

namespace {

QStringList menuTitles(const QMainWindow& w) {
    QStringList titles;
    for (QAction* a : w.menuBar()->actions()) titles << a->text();
    return titles;
}

void switchTo(const QString& code) {
    Settings::setLanguage(code);
    Settings::applyLanguage();
    QCoreApplication::processEvents();
}

} // namespace

class TestI18n final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("SemCoT-test-i18n"));
    }

    void cleanupTestCase() { switchTo(QStringLiteral("en")); }

    // Every message of each .ts is finished, and the embedded .qm translates every one of them.
    void catalogues_complete_and_embedded_data() {
        QTest::addColumn<QString>("code");
        QTest::newRow("de") << QStringLiteral("de");
        QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
    }
    void catalogues_complete_and_embedded() {
        QFETCH(QString, code);
        const QString ts = QDir(QStringLiteral(SEMCOT_TRANSLATIONS_DIR))
                               .filePath(QStringLiteral("semcot_%1.ts").arg(code));
        QFile file(ts);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(ts));
        QTranslator translator;
        QVERIFY2(translator.load(QStringLiteral(":/i18n/semcot_%1.qm").arg(code)),
                 "the .qm is not embedded");
        QCOMPARE(translator.language(), code);
        QXmlStreamReader xml(&file);
        QString context, source;
        bool numerus = false;
        int messages = 0;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement()) continue;
            if (xml.name() == QLatin1String("name")) context = xml.readElementText();
            if (xml.name() == QLatin1String("message"))
                numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            if (xml.name() == QLatin1String("source")) source = xml.readElementText();
            if (xml.name() == QLatin1String("translation")) {
                const auto type = xml.attributes().value(QLatin1String("type"));
                QVERIFY2(type != QLatin1String("unfinished") && type != QLatin1String("vanished"),
                         qPrintable(context + QStringLiteral(": ") + source));
                ++messages;
                const QString out =
                    translator.translate(context.toUtf8().constData(), source.toUtf8().constData(),
                                         nullptr, numerus ? 2 : -1);
                QVERIFY2(!out.isEmpty(), qPrintable(context + QStringLiteral(": ") + source));
                // Placeholders survive translation.
                for (int i = 1; i <= 9; ++i) {
                    const QString p = QStringLiteral("%%1").arg(i);
                    QCOMPARE(out.contains(p), source.contains(p));
                }
            }
        }
        QVERIFY(!xml.hasError());
        QVERIFY2(messages > 300, qPrintable(QString::number(messages)));
    }

    void switches_language_at_runtime() {
        switchTo(QStringLiteral("en"));
        MainWindow w;
        ReportExportDialog report({}, &w);
        const QStringList english = menuTitles(w);
        QVERIFY(english.contains(QStringLiteral("&File")));
        QVERIFY(english.contains(QStringLiteral("&Help")));
        auto* tabs = w.findChild<QTabWidget*>();
        QVERIFY(tabs);
        QCOMPARE(tabs->tabText(0), QStringLiteral("Ask"));
        QCOMPARE(report.windowTitle(), QStringLiteral("Export report"));

        switchTo(QStringLiteral("de"));
        QVERIFY2(menuTitles(w).contains(QStringLiteral("&Datei")),
                 qPrintable(menuTitles(w).join(u' ')));
        QVERIFY(menuTitles(w).contains(QStringLiteral("&Hilfe")));
        QCOMPARE(tabs->tabText(0), QStringLiteral("Fragen"));
        QCOMPARE(report.windowTitle(), QStringLiteral("Bericht exportieren"));

        switchTo(QStringLiteral("zh_CN"));
        QVERIFY(menuTitles(w).contains(QStringLiteral("文件(&F)")));
        QCOMPARE(tabs->tabText(0), QStringLiteral("提问"));

        switchTo(QStringLiteral("en"));
        QCOMPARE(menuTitles(w), english);
        QCOMPARE(tabs->tabText(0), QStringLiteral("Ask"));
        QCOMPARE(report.windowTitle(), QStringLiteral("Export report"));
    }

    // Results already on screen follow a language switch: the Ask view's answers, the
    // evaluation tables, the message banner and the Runs view's statuses are rebuilt.
    void results_follow_language_switch() {
        switchTo(QStringLiteral("en"));
        MainWindow w;
        AskView* ask = w.askView();
        MethodOutcome cot;
        cot.method = QStringLiteral("cot");
        cot.output = QStringLiteral("Two flips. Answer: yes");
        cot.answer = QStringLiteral("yes");
        cot.totalS = 0.120;
        cot.newTokens = 12;
        MethodOutcome sem = cot;
        sem.method = QStringLiteral("semcot");
        sem.output = QStringLiteral("es");
        sem.answer.clear(); // nothing extracted
        sem.totalS = 0.020;
        ask->onStarted();
        ask->onExplicitFinished(cot);
        ask->onImplicitFinished(sem);
        ask->onFinished(false);
        auto label = [ask](const char* name) {
            return ask->findChild<QLabel*>(QString::fromLatin1(name))->text();
        };
        QVERIFY(label("explicitAnswer").contains(QStringLiteral("Answer:")));
        QVERIFY(label("implicitAnswer").contains(QStringLiteral("(no answer found)")));
        EvalData d;
        EvalMethodRow m;
        m.method = QStringLiteral("cot");
        m.n = 1;
        m.correct = 1;
        m.accuracy = 1;
        d.methods << m;
        EvalSampleRow row;
        row.method = QStringLiteral("cot");
        row.query = QStringLiteral("Is the coin still heads up?");
        row.gold = row.extracted = QStringLiteral("yes");
        row.correct = true;
        d.samples << row;
        w.evaluationView()->showResult(d);
        auto* summary = w.evaluationView()->findChild<QTableWidget*>(QStringLiteral("summary"));
        QVERIFY(summary);
        QCOMPARE(summary->item(0, 0)->text(), QStringLiteral("Explicit CoT"));
        const QString empty =
            QDir(QStringLiteral(SEMCOT_TEST_TMP_DIR)).filePath(QStringLiteral("i18n_empty_folder"));
        QDir().mkpath(empty);
        QVERIFY(!w.openRun(empty).isEmpty());
        QVERIFY(w.message().contains(QStringLiteral("neither a SemCoT run")));
        QCOMPARE(w.runsView()->statusOf(shippedRunDir()), QStringLiteral("finished"));

        switchTo(QStringLiteral("de"));
        QVERIFY2(label("explicitAnswer").contains(QStringLiteral("Antwort:")),
                 qPrintable(label("explicitAnswer")));
        QVERIFY2(!label("implicitAnswer").contains(QStringLiteral("(no answer found)")),
                 qPrintable(label("implicitAnswer")));
        QVERIFY2(label("implicitAnswer").contains(QStringLiteral("Antwort:")),
                 qPrintable(label("implicitAnswer")));
        QCOMPARE(summary->item(0, 0)->text(), QStringLiteral("Explizite CoT"));
        QVERIFY2(w.message().contains(QStringLiteral("weder")), qPrintable(w.message()));
        QCOMPARE(w.runsView()->statusOf(shippedRunDir()), QStringLiteral("abgeschlossen"));

        switchTo(QStringLiteral("en"));
        QVERIFY(label("explicitAnswer").contains(QStringLiteral("Answer:")));
        QCOMPARE(summary->item(0, 0)->text(), QStringLiteral("Explicit CoT"));
    }
};

QTEST_MAIN(TestI18n)
#include "test_i18n.moc"
