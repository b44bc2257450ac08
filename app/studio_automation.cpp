#include "studio_automation.h"

#include "about_dialog.h"
#include "core_bridge.h"
#include "ask_view.h"
#include "evaluation_analysis.h"
#include "evaluation_view.h"
#include "main_window.h"
#include "methods.h"
#include "option_reader.h"
#include "report_export_dialog.h"
#include "report_command.h"
#include "settings_dialog.h"
#include "training_dialog.h"
#include "training_view.h"

#include <QComboBox>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QImageWriter>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace semcot::studio {

using ui::AskView;
using ui::EvaluationView;
using ui::MainWindow;
using ui::TrainingDialog;
using ui::TrainingView;

namespace {

const char* const kViews[] = {"ask", "alignment", "training", "runs", "evaluation", "diagnostics"};
const char* const kDialogs[] = {"training", "settings", "about", "report"};

// "3" or "1,2,3": positive integers, else empty.
QList<int> parseIndices(const QString& text) {
    QList<int> out;
    const QStringList parts = text.split(u',', Qt::KeepEmptyParts);
    for (const QString& part : parts) {
        bool ok = false;
        const int n = part.trimmed().toInt(&ok);
        if (!ok || n < 1) return {};
        out << n;
    }
    return out;
}

bool isOneOf(const QString& value, const char* const* names, int count) {
    for (int i = 0; i < count; ++i)
        if (value == QLatin1String(names[i])) return true;
    return false;
}

// --screenshot FILE: a type Qt can write, into a folder that exists; empty when fine.
QString checkScreenshotFile(const QString& shot) {
    const QFileInfo file(shot);
    const QByteArray format = file.suffix().toLower().toLatin1();
    if (!QImageWriter::supportedImageFormats().contains(format))
        return QCoreApplication::translate("main",
                                           "--screenshot %1: unknown image type '%2' (use .png)")
            .arg(shot, file.suffix());
    if (!file.absoluteDir().exists())
        return QCoreApplication::translate("main", "--screenshot %1: the folder %2 does not exist")
            .arg(shot, QDir::toNativeSeparators(file.absolutePath()));
    return {};
}

} // namespace

int usageError(const QString& message) {
    std::fprintf(stderr, "semcot-studio: %s\n", qPrintable(message));
    std::fprintf(stderr, "%s\n",
                 qPrintable(QCoreApplication::translate("main", "Try 'semcot-studio --help'.")));
    return 2;
}

StudioAutomation::StudioAutomation() = default;
StudioAutomation::~StudioAutomation() = default;

void StudioAutomation::addOptions(QCommandLineParser& parser) {
    // Help texts are marked with QT_TRANSLATE_NOOP("main", ...) so lupdate finds them.
    auto option = [&parser](const char* name, const char* help, const char* value = nullptr) {
        QCommandLineOption o(QString::fromLatin1(name), QCoreApplication::translate("main", help),
                             value ? QString::fromLatin1(value) : QString());
        parser.addOption(o);
    };
    option("screenshot", QT_TRANSLATE_NOOP("main", "Save a PNG of the window and exit."), "file");
    option(
        "delay",
        QT_TRANSLATE_NOOP(
            "main", "Milliseconds to wait before the screenshot (default: until the jobs finish)."),
        "ms");
    option("view",
           QT_TRANSLATE_NOOP("main", "View to show: ask, alignment, training, runs, evaluation, "
                                     "diagnostics."),
           "name");
    option("ask",
           QT_TRANSLATE_NOOP("main", "Ask test questions N,... (1-based) once the run is open."),
           "n");
    option("evaluate",
           QT_TRANSLATE_NOOP("main", "Evaluate the first N test questions once the run is open."),
           "n");
    option("method",
           QT_TRANSLATE_NOOP("main",
                             "What answers beside the explicit CoT in the Ask view (semcot, "
                             "nocot, or a baseline trained on the run: pause, softcot, coconut, "
                             "codi, icot); with --dialog training, the method it trains."),
           "name");
    option("methods",
           QT_TRANSLATE_NOOP("main", "Methods for --evaluate, comma-separated (default: the "
                                     "Evaluation view's)."),
           "list");
    option("details",
           QT_TRANSLATE_NOOP("main", "What the Evaluation view shows under the summary after "
                                     "--evaluate: samples, or failures (where each method fails, "
                                     "its worst slice's questions listed); after --diagnose: "
                                     "tokens or interventions."),
           "tab");
    option("train", QT_TRANSLATE_NOOP("main", "Start a training run from this preset file."),
           "preset");
    option("train-baseline",
           QT_TRANSLATE_NOOP("main", "Train this baseline (pause, softcot, coconut, codi, icot) "
                                     "on the run folder given, with the training dialog's "
                                     "defaults; --out: its folder (default RUN/methods/NAME)."),
           "name");
    option("out", QT_TRANSLATE_NOOP("main", "Output folder for --train and --export-report."),
           "folder");
    // --export-report RUN ... and its options, listed here in --help; they share --out.
    semcot::report::add_report_options(parser, /*add_out=*/false);
    addResearchOptions(parser);
    option("dialog",
           QT_TRANSLATE_NOOP(
               "main", "Show a dialog (training, settings, about, report); --screenshot captures it."),
           "name");
    option("preset",
           QT_TRANSLATE_NOOP("main", "With --dialog training: the preset it shows (a name in "
                                     "models/presets, or a JSON file)."),
           "name");
}

bool StudioAutomation::readOptions(const QCommandLineParser& parser, QString* error) {
    const OptionReader o{parser, error};
    if (o.isSet("view") && !isOneOf(o.value("view"), kViews, 6))
        return o.fail(QCoreApplication::translate("main",
                                                "unknown view '%1' (expected ask, alignment, "
                                                "training, runs, evaluation or diagnostics)")
                        .arg(o.value("view")));
    view_ = o.value("view");
    ask_ = o.isSet("ask") ? parseIndices(o.value("ask")) : QList<int>();
    if (o.isSet("ask") && ask_.isEmpty())
        return o.fail(
            QCoreApplication::translate(
                "main", "--ask wants test question numbers from 1, such as 3 or 1,2,3 (not '%1')")
                .arg(o.value("ask")));
    evaluate_ = o.isSet("evaluate");
    if (evaluate_) {
        bool ok = false;
        evaluateN_ = o.value("evaluate").toInt(&ok);
        if (!ok || evaluateN_ < 0)
            return o.fail(QCoreApplication::translate(
                            "main", "--evaluate wants a number of questions, 0 for all (not '%1')")
                            .arg(o.value("evaluate")));
    }
    method_ = o.value("method");
    if (o.isSet("method") &&
        (!ui::methodNames().contains(method_) || method_ == QStringLiteral("cot")))
        return o.fail(QCoreApplication::translate(
                        "main", "unknown method '%1' for --method (expected semcot, nocot, pause, "
                                "softcot, coconut, codi or icot)")
                        .arg(method_));
    if (o.isSet("method") && ask_.isEmpty() && o.value("dialog") != QStringLiteral("training") &&
        o.value("view") != QStringLiteral("ask") && !o.isSet("diagnose") && !o.isSet("lens") &&
        !o.isSet("interventions"))
        return o.fail(QCoreApplication::translate(
            "main", "--method needs --ask, --view ask, --diagnose, --lens or --dialog training"));
    if (!readEvaluationOptions(parser, error)) return false;
    if (!readJobOptions(parser, error)) return false;
    if (!readResearchOptions(parser, error)) return false;
    screenshotSet_ = o.isSet("screenshot");
    screenshot_ = o.value("screenshot");
    if (!screenshot_.isEmpty()) {
        *error = checkScreenshotFile(screenshot_);
        if (!error->isEmpty()) return false;
    }
    return true;
}

// --methods, --details and --delay: what --evaluate and --diagnose show, and when to shoot.
bool StudioAutomation::readEvaluationOptions(const QCommandLineParser& parser, QString* error) {
    const OptionReader o{parser, error};
    if (o.isSet("methods")) {
        methods_ = o.value("methods").split(u',', Qt::SkipEmptyParts);
        for (QString& m : methods_) m = m.trimmed();
        for (const QString& m : std::as_const(methods_))
            if (!ui::methodNames().contains(m))
                return o.fail(QCoreApplication::translate(
                                "main", "unknown method '%1' in --methods (expected cot, nocot, "
                                        "semcot, pause, softcot, coconut, codi or icot)")
                                .arg(m));
        if (methods_.isEmpty() || !o.isSet("evaluate"))
            return o.fail(QCoreApplication::translate(
                "main", "--methods needs --evaluate and at least one method"));
    }
    if (o.isSet("details") && o.isSet("diagnose")) {
        // The Diagnostics view's tab after --diagnose.
        const QString tab = o.value("details");
        if (tab != QStringLiteral("tokens") && tab != QStringLiteral("interventions"))
            return o.fail(QCoreApplication::translate(
                            "main", "--details with --diagnose wants tokens or interventions "
                                    "(not '%1')")
                            .arg(tab));
        diagnosticsTab_ = tab == QStringLiteral("tokens") ? 0 : 1;
    } else if (o.isSet("details")) {
        const QString tab = o.value("details");
        if (tab != QStringLiteral("samples") && tab != QStringLiteral("failures"))
            return o.fail(QCoreApplication::translate(
                            "main", "--details wants samples or failures (not '%1')")
                            .arg(tab));
        if (!o.isSet("evaluate"))
            return o.fail(QCoreApplication::translate("main", "--details needs --evaluate"));
        failures_ = tab == QStringLiteral("failures");
    }
    if (o.isSet("delay")) {
        bool ok = false;
        delayMs_ = o.value("delay").toInt(&ok);
        if (!ok || delayMs_ < 0)
            return o.fail(QCoreApplication::translate(
                            "main", "--delay wants milliseconds, 0 or more (not '%1')")
                            .arg(o.value("delay")));
    }
    return true;
}

// --dialog, --train, --train-baseline and --out: what the app starts or shows.
bool StudioAutomation::readJobOptions(const QCommandLineParser& parser, QString* error) {
    const OptionReader o{parser, error};
    if (o.isSet("dialog") && !isOneOf(o.value("dialog"), kDialogs, 4))
        return o.fail(QCoreApplication::translate(
                        "main", "unknown dialog '%1' (expected training, settings, about or report)")
                        .arg(o.value("dialog")));
    dialog_ = o.value("dialog");
    dialogPreset_ = o.value("preset");
    train_ = o.isSet("train");
    preset_ = o.value("train");
    outSet_ = o.isSet("out");
    out_ = o.value("out");
    runArg_ = parser.positionalArguments().value(0);
    trainBaseline_ = o.value("train-baseline");
    if (o.isSet("train-baseline")) {
        if (!ui::isBaseline(trainBaseline_))
            return o.fail(QCoreApplication::translate(
                            "main", "unknown baseline '%1' for --train-baseline (expected pause, "
                                    "softcot, coconut, codi or icot)")
                            .arg(trainBaseline_));
        if (train_)
            return o.fail(QCoreApplication::translate(
                "main", "--train and --train-baseline start one training each: give one"));
        if (runArg_.isEmpty())
            return o.fail(QCoreApplication::translate(
                "main", "--train-baseline needs the run folder it trains on"));
    }
    if (outSet_ && !train_ && trainBaseline_.isEmpty() && !o.isSet("export-report"))
        return o.fail(QCoreApplication::translate("main", "--out needs --train or --export-report"));
    return true;
}

bool StudioAutomation::prepareTraining(QString* error) {
    if (!train_ && trainBaseline_.isEmpty()) return true;
    trainDialog_ = std::make_unique<TrainingDialog>();
    if (!trainBaseline_.isEmpty()) {
        // A baseline on the run given: the dialog's defaults, its checks.
        trainDialog_->setMethod(trainBaseline_);
        trainDialog_->setBaselineBase(runArg_);
        if (outSet_) trainDialog_->setBaselineOutput(out_);
    } else {
        if (!trainDialog_->loadPresetFile(preset_, error)) return false;
        if (outSet_) trainDialog_->setOutputFolder(out_);
    }
    if (trainDialog_->validate()) return true;
    QStringList problems;
    for (const char* field : {"task", "teacher", "student", "lr", "base", "out"}) {
        const QString e = trainDialog_->fieldError(QString::fromLatin1(field));
        if (!e.isEmpty()) problems << e;
    }
    *error = trainBaseline_.isEmpty()
                 ? QCoreApplication::translate(
                       "main", "the training dialog refused the preset or --out: %1")
                       .arg(problems.join(u' '))
                 : QCoreApplication::translate(
                       "main", "the training dialog refused --train-baseline %1 on %2: %3")
                       .arg(trainBaseline_, runArg_, problems.join(u' '));
    return false;
}

void StudioAutomation::showView(MainWindow& window) const {
    if (!view_.isEmpty()) window.showView(view_);
}

bool StudioAutomation::needsRun(bool runGiven) const {
    return jobsNeedRun() || (runGiven && screenshotSet_);
}

void StudioAutomation::start(MainWindow& window) {
    // A job that cannot be done (the run does not load, no such test question) ends the app
    // with an error instead of leaving it waiting.
    if (jobsNeedRun())
        QObject::connect(&window, &MainWindow::runLoadFailed, &window, [](const QString& message) {
            std::fprintf(stderr, "semcot-studio: %s\n", qPrintable(message));
            QCoreApplication::exit(1);
        });

    // Jobs asked for on the command line (screenshots of every view, headless).
    target_ = &window;
    if (!dialog_.isEmpty()) showDialog(window);
    // --method without --ask: the Ask view shows the method chosen (for a screenshot).
    if (!method_.isEmpty() && ask_.isEmpty() && dialog_ != QStringLiteral("training") &&
        diagnoseN_ == 0 && lensN_ == 0 && interventionsN_ == 0)
        QObject::connect(
            &window, &MainWindow::runLoaded, &window,
            [this, &window] {
                if (!applyAskMethod(window)) QCoreApplication::exit(2);
            },
            Qt::SingleShotConnection);
    if (!ask_.isEmpty()) startAsking(window);
    if (evaluate_) startEvaluating(window);
    if (trainDialog_) startTraining(window);
    startRuns(window);
    if (diagnoseN_ > 0 || lensN_ > 0 || interventionsN_ > 0) startDiagnosing(window);
    if (!screenshot_.isEmpty()) scheduleScreenshot(window);
}

bool StudioAutomation::applyAskMethod(MainWindow& window) const {
    if (method_.isEmpty() || window.askView()->setMethod(method_)) return true;
    usageError(QCoreApplication::translate("main", "--method %1: not trained on this run (%2)")
                   .arg(method_, ui::trainCommand(method_, window.currentRun())));
    return false;
}

void StudioAutomation::showDialog(MainWindow& window) {
    if (dialog_ == QStringLiteral("training")) {
        auto* training = new TrainingDialog(&window);
        // --method: the dialog on that method; a baseline trains on the run being opened.
        if (!method_.isEmpty()) {
            training->setMethod(method_);
            training->setBaselineBase(window.requestedRun());
        }
        if (!dialogPreset_.isEmpty()) {
            const QString path = QFileInfo::exists(dialogPreset_) ? dialogPreset_
                                                                  : ui::presetPath(dialogPreset_);
            QString error;
            if (!training->loadPresetFile(path, &error)) usageError(error);
        }
        training->setAttribute(Qt::WA_DeleteOnClose);
        training->show();
        target_ = training;
        return;
    }
    QDialog* dialog =
        dialog_ == QStringLiteral("settings") ? static_cast<QDialog*>(new ui::SettingsDialog(&window))
        : dialog_ == QStringLiteral("report")
            ? static_cast<QDialog*>(new ui::ReportExportDialog(
                  window.requestedRun().isEmpty() ? QStringList() : QStringList{window.requestedRun()},
                  &window))
            : static_cast<QDialog*>(new ui::AboutDialog(&window));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    target_ = dialog;
}

void StudioAutomation::startAsking(MainWindow& window) {
    // "--ask 1,2,3": the questions one after the other (the latency history fills up).
    ++pending_;
    auto queue = std::make_shared<QList<int>>(ask_);
    auto next = [&window, queue] {
        if (queue->isEmpty()) return false;
        window.askView()->selectTestQuestion(queue->takeFirst() - 1);
        window.askView()->run();
        return true;
    };
    QObject::connect(
        &window, &MainWindow::runLoaded, &window,
        [this, &window, askList = ask_, next]() mutable {
            if (!applyAskMethod(window)) {
                QCoreApplication::exit(2);
                return;
            }
            const int count = window.askView()->testQuestionCount();
            for (int n : askList)
                if (n > count) {
                    usageError(
                        QCoreApplication::translate(
                            "main", "--ask %1: the run has %n test question(s)", nullptr, count)
                            .arg(n));
                    QCoreApplication::exit(2);
                    return;
                }
            next();
        },
        Qt::SingleShotConnection);
    QObject::connect(window.askView(), &AskView::busyChanged, &window,
                     [this, next](bool busy) mutable {
                         if (!busy && !next()) jobDone();
                     });
}

namespace {

// "Where it fails" for the least accurate method, SemCoT's answers beside, its worst slice listed.
void showFailures(ui::EvaluationView& view) {
    view.showDetails(1);
    ui::FailureBrowser* f = view.failureBrowser();
    const QList<ui::EvalMethodRow>& methods = view.result().methods;
    if (methods.isEmpty()) return;
    const auto weakest = std::min_element(
        methods.begin(), methods.end(), [](const ui::EvalMethodRow& a, const ui::EvalMethodRow& b) {
            return a.accuracy < b.accuracy;
        });
    f->methodChoice()->setCurrentIndex(f->methodChoice()->findData(weakest->method));
    if (weakest->method != QStringLiteral("semcot"))
        f->compareChoice()->setCurrentIndex(
            std::max(0, f->compareChoice()->findData(QStringLiteral("semcot"))));
    f->listWorstSlice();
}

} // namespace

void StudioAutomation::startEvaluating(MainWindow& window) {
    ++pending_;
    QObject::connect(
        &window, &MainWindow::runLoaded, &window,
        [&window, n = evaluateN_, methods = methods_] {
            if (!methods.isEmpty() && !window.evaluationView()->setCheckedMethods(methods)) {
                usageError(QCoreApplication::translate(
                               "main", "--methods %1: not every method is trained on this run")
                               .arg(methods.join(u',')));
                QCoreApplication::exit(2);
                return;
            }
            window.evaluationView()->setLimit(n);
            window.evaluationView()->run();
        },
        Qt::SingleShotConnection);
    QObject::connect(window.evaluationView(), &EvaluationView::finished, &window, [this, &window] {
        if (failures_) {
            showFailures(*window.evaluationView());
        }
        jobDone();
    });
}

void StudioAutomation::startTraining(MainWindow& window) {
    ++pending_;
    window.trainingView()->start(trainDialog_->request());
    QObject::connect(window.trainingView(), &TrainingView::runningChanged, &window,
                     [this](bool running) {
                         if (!running) jobDone();
                     });
}

void StudioAutomation::scheduleScreenshot(MainWindow& window) {
    if (delayMs_ >= 0 || pending_ == 0)
        QTimer::singleShot(delayMs_ >= 0 ? delayMs_ : 1500, &window, [this] { takeScreenshot(); });
    // Never hang: a screenshot is taken after two minutes whatever happens.
    QTimer::singleShot(120000, &window, [this] { takeScreenshot(); });
}

// The last job has finished: the screenshot follows once the window has repainted.
void StudioAutomation::jobDone() {
    if (--pending_ == 0 && delayMs_ < 0)
        QTimer::singleShot(300, qApp, [this] { takeScreenshot(); });
}

void StudioAutomation::takeScreenshot() {
    if (screenshot_.isEmpty()) return;
    const bool ok = target_->grab().save(screenshot_);
    if (!ok)
        std::fprintf(
            stderr, "semcot-studio: %s\n",
            qPrintable(QCoreApplication::translate("main", "cannot write the screenshot %1")
                           .arg(screenshot_)));
    QCoreApplication::exit(ok ? 0 : 1);
}

} // namespace semcot::studio
