// Translations: the German and Chinese catalogues are complete, embedded (:/i18n), and switching
// the language at runtime (Settings::applyLanguage) retranslates the open main window and back.
#include "main_window.h"
#include "report_export_dialog.h"
#include "settings.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTabWidget>
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
};

QTEST_MAIN(TestI18n)
#include "test_i18n.moc"
