// semcot-studio: the desktop app.
//   semcot-studio [RUN_FOLDER] [--view ask|alignment|training|runs|evaluation]
//                 [--ask N[,N...]] [--evaluate N] [--train PRESET.json --out DIR]
//                 [--dialog training|settings|about] [--screenshot FILE.png [--delay MS]]
// --screenshot renders the window after the jobs asked for have finished (or after --delay
// ms), saves it and exits; it works headless with QT_QPA_PLATFORM=offscreen. A bad option value
// exits with 2 and a message on stderr; --help and --version need no display.
#include "about_dialog.h"
#include "ask_view.h"
#include "core_bridge.h"
#include "evaluation_view.h"
#include "log_file.h"
#include "main_window.h"
#include "report_command.h"
#include "run_folder.h"
#include "settings.h"
#include "settings_dialog.h"
#include "training_dialog.h"
#include "training_view.h"

#include <QApplication>
#include <QIcon>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QImageWriter>
#include <QTimer>

#include <cstdio>
#include <memory>

using namespace semcot::ui;

namespace {

const char* const kViews[] = {"ask", "alignment", "training", "runs", "evaluation"};
const char* const kDialogs[] = {"training", "settings", "about"};

// A bad command line: the message on stderr, exit code 2 (as the semcot command).
int usageError(const QString& message) {
    std::fprintf(stderr, "semcot-studio: %s\n", qPrintable(message));
    std::fprintf(stderr, "%s\n",
                 qPrintable(QCoreApplication::translate("main", "Try 'semcot-studio --help'.")));
    return 2;
}

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

// --help and --version need no display: they are answered before any GUI object exists.
bool wantsInfoOnly(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "--") break;
        if (a == "--help" || a == "-h" || a == "-?" || a == "--help-all" || a == "--version" ||
            a == "-v")
            return true;
    }
    return false;
}

// Whether a QApplication can start: it aborts when its platform has no display to connect to.
bool displayAvailable() {
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    if (platform.startsWith("wayland")) return qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
    if (platform.startsWith("xcb")) return qEnvironmentVariableIsSet("DISPLAY");
    if (!platform.isEmpty()) return true; // offscreen, vnc, eglfs, ...
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
}

} // namespace

int main(int argc, char** argv) {
    // A QCoreApplication for --help / --version and without a display (a QApplication aborts
    // there): the options are still checked (exit 2), then the app says what it needs (exit 1).
    const bool gui = !wantsInfoOnly(argc, argv) && displayAvailable();
    std::unique_ptr<QCoreApplication> application;
    if (gui) {
        application = std::make_unique<QApplication>(argc, argv);
        QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/semcot-studio.svg")));
        QGuiApplication::setDesktopFileName(QStringLiteral("semcot-studio"));
    } else
        application = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication& app = *application;
    QCoreApplication::setApplicationName(QStringLiteral("SemCoT Studio"));
    QCoreApplication::setOrganizationName(QStringLiteral("SemCoT"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SEMCOT_VERSION));
    const QString log = installLogFile();
    Settings::applyLanguage(); // before the options: --help comes out translated too
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "SemCoT Studio: explicit and implicit reasoning, side by side."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("run"),
        QCoreApplication::translate(
            "main", "Run folder to open (default: the last one, else the shipped tiny run)."));
    // Help texts are marked with QT_TRANSLATE_NOOP("main", ...) so lupdate finds them.
    auto option = [&parser](const char* name, const char* help, const char* value = nullptr) {
        QCommandLineOption o(QString::fromLatin1(name), QCoreApplication::translate("main", help),
                             value ? QString::fromLatin1(value) : QString());
        parser.addOption(o);
        return o;
    };
    const auto screenshot = option(
        "screenshot", QT_TRANSLATE_NOOP("main", "Save a PNG of the window and exit."), "file");
    const auto delay = option(
        "delay",
        QT_TRANSLATE_NOOP(
            "main", "Milliseconds to wait before the screenshot (default: until the jobs finish)."),
        "ms");
    const auto view = option(
        "view",
        QT_TRANSLATE_NOOP("main", "View to show: ask, alignment, training, runs, evaluation."),
        "name");
    const auto ask = option(
        "ask",
        QT_TRANSLATE_NOOP("main", "Ask test questions N,... (1-based) once the run is open."), "n");
    const auto evaluate = option(
        "evaluate",
        QT_TRANSLATE_NOOP("main", "Evaluate the first N test questions once the run is open."),
        "n");
    const auto train =
        option("train", QT_TRANSLATE_NOOP("main", "Start a training run from this preset file."),
               "preset");
    const auto out =
        option("out", QT_TRANSLATE_NOOP("main", "Output folder for --train and --export-report."),
               "folder");
    semcot::report::add_report_options(parser, /*add_out=*/false); // --export-report RUN ...
    const auto dialogName =
        option("dialog",
               QT_TRANSLATE_NOOP(
                   "main", "Show a dialog (training, settings, about); --screenshot captures it."),
               "name");
    // --help and --version end here; an unknown option is bad usage (exit 2, as semcot).
    if (!parser.parse(QCoreApplication::arguments())) return usageError(parser.errorText());
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("help-all")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version"))) parser.showVersion();

    // Every option checked before a window opens: a bad value is an error (exit 2), never
    // silently ignored.
    if (parser.positionalArguments().size() > 1)
        return usageError(QCoreApplication::translate("main", "give at most one run folder"));
    if (parser.isSet(view) && !isOneOf(parser.value(view), kViews, 5))
        return usageError(QCoreApplication::translate(
                              "main", "unknown view '%1' (expected ask, alignment, training, "
                                      "runs or evaluation)")
                              .arg(parser.value(view)));
    const QList<int> askList = parser.isSet(ask) ? parseIndices(parser.value(ask)) : QList<int>();
    if (parser.isSet(ask) && askList.isEmpty())
        return usageError(
            QCoreApplication::translate(
                "main", "--ask wants test question numbers from 1, such as 3 or 1,2,3 (not '%1')")
                .arg(parser.value(ask)));
    int evaluateN = 0;
    if (parser.isSet(evaluate)) {
        bool ok = false;
        evaluateN = parser.value(evaluate).toInt(&ok);
        if (!ok || evaluateN < 0)
            return usageError(QCoreApplication::translate(
                                  "main", "--evaluate wants a number of questions, 0 for all "
                                          "(not '%1')")
                                  .arg(parser.value(evaluate)));
    }
    int delayMs = -1;
    if (parser.isSet(delay)) {
        bool ok = false;
        delayMs = parser.value(delay).toInt(&ok);
        if (!ok || delayMs < 0)
            return usageError(QCoreApplication::translate(
                                  "main", "--delay wants milliseconds, 0 or more (not '%1')")
                                  .arg(parser.value(delay)));
    }
    if (parser.isSet(dialogName) && !isOneOf(parser.value(dialogName), kDialogs, 3))
        return usageError(QCoreApplication::translate(
                              "main", "unknown dialog '%1' (expected training, settings or about)")
                              .arg(parser.value(dialogName)));
    if (parser.isSet(out) && !parser.isSet(train))
        return usageError(QCoreApplication::translate("main", "--out needs --train"));
    const QString shot = parser.value(screenshot);
    if (!shot.isEmpty()) {
        const QFileInfo file(shot);
        const QByteArray format = file.suffix().toLower().toLatin1();
        if (!QImageWriter::supportedImageFormats().contains(format))
            return usageError(QCoreApplication::translate(
                                  "main", "--screenshot %1: unknown image type '%2' (use .png)")
                                  .arg(shot, file.suffix()));
        if (!file.absoluteDir().exists())
            return usageError(
                QCoreApplication::translate("main", "--screenshot %1: the folder %2 does not exist")
                    .arg(shot, QDir::toNativeSeparators(file.absolutePath())));
    }
    if (!gui) {
        std::fprintf(stderr, "semcot-studio: %s\n",
                     qPrintable(QCoreApplication::translate(
                         "main", "no display: set DISPLAY, or QT_QPA_PLATFORM=offscreen to run "
                                 "headless (reports and screenshots)")));
        return 1;
    }
    if (const int code = semcot::report::run_report_command(parser); code >= 0) return code;

    Settings::applyTheme();
    applyThreadCount(Settings::threads());
    qInfo("SemCoT Studio %s started; log file %s", SEMCOT_VERSION, qPrintable(log));

    MainWindow window;
    // --train goes through the training dialog's validation; its messages are the error.
    std::unique_ptr<TrainingDialog> trainDialog;
    if (parser.isSet(train)) {
        trainDialog = std::make_unique<TrainingDialog>();
        QString error;
        if (!trainDialog->loadPresetFile(parser.value(train), &error)) return usageError(error);
        if (parser.isSet(out)) trainDialog->setOutputFolder(parser.value(out));
        if (!trainDialog->validate()) {
            QStringList problems;
            for (const char* field : {"task", "teacher", "student", "lr", "base", "out"}) {
                const QString e = trainDialog->fieldError(QString::fromLatin1(field));
                if (!e.isEmpty()) problems << e;
            }
            return usageError(QCoreApplication::translate(
                                  "main", "the training dialog refused the preset or --out: %1")
                                  .arg(problems.join(u' ')));
        }
    }
    window.show();
    if (parser.isSet(view)) window.showView(parser.value(view));

    QString run = parser.positionalArguments().value(0);
    const bool runGiven = !run.isEmpty();
    if (run.isEmpty()) run = Settings::lastRun();
    if (run.isEmpty() || (!runGiven && checkFolder(run).kind != FolderKind::run))
        run = shippedRunDir(); // the last run is gone or unusable: start on the shipped one
    const QString openError = window.openRun(run);
    const bool needsRun = parser.isSet(ask) || parser.isSet(evaluate);
    // A run folder that was asked for and cannot be opened fails every scripted use.
    if (!openError.isEmpty() && (needsRun || (runGiven && parser.isSet(screenshot))))
        return usageError(openError);

    // A job that cannot be done (the run does not load, no such test question) ends the app
    // with an error instead of leaving it waiting.
    if (needsRun)
        QObject::connect(&window, &MainWindow::runLoadFailed, &window, [](const QString& message) {
            std::fprintf(stderr, "semcot-studio: %s\n", qPrintable(message));
            QCoreApplication::exit(1);
        });

    // Jobs asked for on the command line (screenshots of every view, headless).
    int pending = 0;
    QWidget* target = &window;
    if (parser.isSet(dialogName)) {
        const QString d = parser.value(dialogName);
        QDialog* dialog =
            d == QStringLiteral("training")   ? static_cast<QDialog*>(new TrainingDialog(&window))
            : d == QStringLiteral("settings") ? static_cast<QDialog*>(new SettingsDialog(&window))
                                              : static_cast<QDialog*>(new AboutDialog(&window));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
        target = dialog;
    }
    auto take = [&target, shot] {
        if (shot.isEmpty()) return;
        const bool ok = target->grab().save(shot);
        if (!ok)
            std::fprintf(
                stderr, "semcot-studio: %s\n",
                qPrintable(QCoreApplication::translate("main", "cannot write the screenshot %1")
                               .arg(shot)));
        QCoreApplication::exit(ok ? 0 : 1);
    };
    auto done = [&pending, &take, delayMs] {
        if (--pending == 0 && delayMs < 0) QTimer::singleShot(300, qApp, take);
    };
    if (!askList.isEmpty()) {
        // "--ask 1,2,3": the questions one after the other (the latency history fills up).
        ++pending;
        auto queue = std::make_shared<QList<int>>(askList);
        auto next = [&window, queue] {
            if (queue->isEmpty()) return false;
            window.askView()->selectTestQuestion(queue->takeFirst() - 1);
            window.askView()->run();
            return true;
        };
        QObject::connect(
            &window, &MainWindow::runLoaded, &window,
            [&window, askList, next]() mutable {
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
                         [done, next](bool busy) mutable {
                             if (!busy && !next()) done();
                         });
    }
    if (parser.isSet(evaluate)) {
        ++pending;
        QObject::connect(
            &window, &MainWindow::runLoaded, &window,
            [&window, evaluateN] {
                window.evaluationView()->setLimit(evaluateN);
                window.evaluationView()->run();
            },
            Qt::SingleShotConnection);
        QObject::connect(window.evaluationView(), &EvaluationView::finished, &window, done);
    }
    if (trainDialog) {
        ++pending;
        window.trainingView()->start(trainDialog->request());
        QObject::connect(window.trainingView(), &TrainingView::runningChanged, &window,
                         [done](bool running) mutable {
                             if (!running) done();
                         });
    }
    if (!shot.isEmpty()) {
        if (delayMs >= 0 || pending == 0)
            QTimer::singleShot(delayMs >= 0 ? delayMs : 1500, &window, take);
        // Never hang: a screenshot is taken after two minutes whatever happens.
        QTimer::singleShot(120000, &window, take);
    }
    return QCoreApplication::exec();
}
