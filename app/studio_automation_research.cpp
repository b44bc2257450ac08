// StudioAutomation: the options of the research views (issue 16): runs selected in the Runs
// view with their curves overlaid, grouped by seed; the Diagnostics view's jobs.
#include "studio_automation.h"

#include "diagnostics_view.h"
#include "main_window.h"
#include "option_reader.h"
#include "run_curves_panel.h"
#include "runs_view.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace semcot::studio {

using ui::MainWindow;

void StudioAutomation::addResearchOptions(QCommandLineParser& parser) {
    auto option = [&parser](const char* name, const char* help, const char* value = nullptr) {
        parser.addOption(QCommandLineOption(QString::fromLatin1(name),
                                            QCoreApplication::translate("main", help),
                                            value ? QString::fromLatin1(value) : QString()));
    };
    option("select-runs",
           QT_TRANSLATE_NOOP("main", "Run folders to select in the Runs view, comma-separated: "
                                     "their training curves are overlaid."),
           "list");
    option("curve-stage",
           QT_TRANSLATE_NOOP("main", "The stage whose curves --select-runs overlays (teacher, "
                                     "student, st1, st2, cg1, cg2, ...)."),
           "stage");
    option("log-scale", QT_TRANSLATE_NOOP("main", "The overlaid curves on a log axis."));
    option("group-by-seed",
           QT_TRANSLATE_NOOP("main", "The Runs view's table grouped by seed (mean ± sd)."));
    option("diagnose",
           QT_TRANSLATE_NOOP("main", "Diagnostics of the first N test questions once the run is "
                                     "open (--method: semcot or a baseline with latents)."),
           "n");
    option("interventions",
           QT_TRANSLATE_NOOP("main", "The interventions on test question N alone (the Ask view's "
                                     "Interventions), shown in the Diagnostics view."),
           "n");
    option("lens",
           QT_TRANSLATE_NOOP("main", "The raw logit lens of test question N in the Diagnostics "
                                     "view."),
           "n");
}

bool StudioAutomation::readResearchOptions(const QCommandLineParser& parser, QString* error) {
    const OptionReader o{parser, error};
    selectRuns_ = o.value("select-runs").split(u',', Qt::SkipEmptyParts);
    for (const QString& f : std::as_const(selectRuns_))
        if (!QFileInfo::exists(QDir(f).filePath(QStringLiteral("run.json"))))
            return o.fail(QCoreApplication::translate("main", "--select-runs: %1 is not a run folder")
                            .arg(f));
    curveStage_ = o.value("curve-stage");
    if (o.isSet("curve-stage") && selectRuns_.isEmpty())
        return o.fail(QCoreApplication::translate("main", "--curve-stage needs --select-runs"));
    logScale_ = o.isSet("log-scale");
    groupBySeed_ = o.isSet("group-by-seed");
    const std::pair<const char*, int*> numbers[] = {
        {"diagnose", &diagnoseN_}, {"lens", &lensN_}, {"interventions", &interventionsN_}};
    for (const auto& [name, target] : numbers) {
        if (!o.isSet(name)) continue;
        const int least = target == &diagnoseN_ ? 2 : 1;
        bool ok = false;
        const int n = o.value(name).toInt(&ok);
        if (!ok || n < least)
            return o.fail(QCoreApplication::translate("main", "--%1 wants a number (at least %2), "
                                                            "not '%3'")
                            .arg(QString::fromLatin1(name))
                            .arg(least)
                            .arg(o.value(name)));
        *target = n;
    }
    if (interventionsN_ > 0 && (diagnoseN_ > 0 || lensN_ > 0))
        return o.fail(QCoreApplication::translate(
            "main", "--interventions is one job of its own: not with --diagnose or --lens"));
    return true;
}

void StudioAutomation::startRuns(MainWindow& window) {
    ui::RunsView* runs = window.runsView();
    if (groupBySeed_) runs->setGroupBySeed(true);
    if (selectRuns_.isEmpty()) return;
    // Runs outside the listed folders: listed from their parent folder.
    if (!runs->selectAll(selectRuns_)) {
        runs->setRunFolder(QFileInfo(selectRuns_.first()).absolutePath());
        runs->selectAll(selectRuns_);
    }
    if (!curveStage_.isEmpty()) runs->curves()->setStage(curveStage_);
    runs->curves()->setLogScale(logScale_);
}

void StudioAutomation::startDiagnosing(MainWindow& window) {
    ++pending_;
    ui::DiagnosticsView* view = window.diagnosticsView();
    // --lens N or --interventions N: test question N.
    auto lens = [this, view] {
        const QStringList questions = view->testQuestions();
        const int n = std::max(lensN_, interventionsN_);
        if (n > questions.size()) {
            usageError(QCoreApplication::translate("main", "test question %1: the run has %n "
                                                           "test question(s)",
                                                   nullptr, int(questions.size()))
                           .arg(n));
            QCoreApplication::exit(2);
            return;
        }
        if (interventionsN_ > 0) {
            view->runQuestion(questions[n - 1], method_.isEmpty() ? QStringLiteral("semcot")
                                                                  : method_);
            return;
        }
        view->setLensQuestion(questions[n - 1]);
        view->runLens();
    };
    QObject::connect(
        &window, &MainWindow::runLoaded, &window,
        [this, view, lens] {
            if (!method_.isEmpty() && !view->setMethod(method_)) {
                usageError(QCoreApplication::translate(
                               "main", "--method %1: no latent tokens, or not trained on this run")
                               .arg(method_));
                QCoreApplication::exit(2);
                return;
            }
            if (diagnoseN_ > 0) {
                view->setQuestions(diagnoseN_);
                view->run();
            } else {
                lens();
            }
        },
        Qt::SingleShotConnection);
    auto stage = std::make_shared<int>(diagnoseN_ > 0 ? 0 : 1);
    QObject::connect(view, &ui::DiagnosticsView::finished, &window, [this, view, lens, stage] {
        if (*stage == 0 && lensN_ > 0) { // the lens after the statistics
            *stage = 1;
            lens();
            return;
        }
        view->showTab(lensN_ > 0 ? 2 : interventionsN_ > 0 ? 1 : diagnosticsTab_);
        jobDone();
    });
}

} // namespace semcot::studio
