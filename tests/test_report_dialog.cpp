// File > Export report: the dialog exports on a worker thread, reports progress, and stops;
// it makes the latent-token diagnostics when asked for.
#include "report_export_dialog.h"

#include "common/platform.h"
#include "semcot/run.h"

#include <QLineEdit>
#include <QProgressBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

#include <filesystem>

namespace fs = std::filesystem;
using namespace semcot;

class TestReportDialog final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void exports_on_a_thread() {
        const fs::path run = models_dir() / "tiny-coinflip";
        QVERIFY2(fs::exists(run / "run.json"), "the shipped run models/tiny-coinflip is missing");
        const fs::path out = fs::path(SEMCOT_TEST_TMP_DIR) / "report_dialog";
        remove_tree(out);
        ui::ReportExportDialog dialog({QString::fromStdString(run.string())});
        dialog.setOutputFolder(QString::fromStdString(out.string()));
        auto* questions = dialog.findChild<QSpinBox*>();
        QVERIFY(questions);
        questions->setValue(3);
        // The latent-token diagnostics, as `semcot report --diagnostics 2` makes them.
        auto* diagnostics = dialog.findChild<QSpinBox*>(QStringLiteral("reportDiagnostics"));
        QVERIFY(diagnostics);
        diagnostics->setValue(2);
        QSignalSpy finished(&dialog, &ui::ReportExportDialog::exportFinished);
        dialog.startExport();
        QVERIFY(dialog.busy());
        QVERIFY(finished.wait(240000));
        QCOMPARE(finished.at(0).at(1).toBool(), true);
        QVERIFY(!dialog.busy());
        QCOMPARE(dialog.findChild<QProgressBar*>()->value(), 1000);
        QVERIFY(fs::exists(out / "report.html"));
        QVERIFY(fs::exists(out / "report.pdf"));
        QVERIFY(read_file(out / "report.html").find("<section id=\"diagnostics\">") !=
                std::string::npos);
    }

    void needs_a_run() {
        ui::ReportExportDialog dialog({});
        QSignalSpy finished(&dialog, &ui::ReportExportDialog::exportFinished);
        dialog.startExport();
        QVERIFY(!dialog.busy());
        QCOMPARE(finished.count(), 0);
    }
};

QTEST_MAIN(TestReportDialog)
#include "test_report_dialog.moc"
