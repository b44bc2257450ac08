// semcot-studio: the desktop app.
//   semcot-studio [RUN_FOLDER] [--view ask|alignment|training|runs|evaluation|diagnostics]
//                 [--ask N[,N...]] [--evaluate N] [--train PRESET.json --out DIR]
//                 [--dialog training|settings|about] [--screenshot FILE.png [--delay MS]]
// --screenshot renders the window after the jobs asked for have finished (or after --delay
// ms), saves it and exits; it works headless with QT_QPA_PLATFORM=offscreen. A bad option value
// exits with 2 and a message on stderr; --help and --version need no display. The scripted
// options live in studio_automation.h.
#include "core_bridge.h"
#include "log_file.h"
#include "main_window.h"
#include "report_command.h"
#include "run_folder.h"
#include "settings.h"
#include "studio_automation.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

#include <cstdio>
#include <memory>

using namespace semcot::ui;
using semcot::studio::StudioAutomation;
using semcot::studio::usageError;

namespace {

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

// A QCoreApplication for --help / --version and without a display (a QApplication aborts
// there): the options are still checked (exit 2), then the app says what it needs (exit 1).
std::unique_ptr<QCoreApplication> createApplication(int& argc, char** argv, bool gui) {
    std::unique_ptr<QCoreApplication> application;
    if (gui) {
        application = std::make_unique<QApplication>(argc, argv);
        QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/semcot-studio.svg")));
        QGuiApplication::setDesktopFileName(QStringLiteral("semcot-studio"));
    } else
        application = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("SemCoT Studio"));
    QCoreApplication::setOrganizationName(QStringLiteral("SemCoT"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SEMCOT_VERSION));
    return application;
}

void addOptions(QCommandLineParser& parser, StudioAutomation& automation) {
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "SemCoT Studio: explicit and implicit reasoning, side by side."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("run"),
        QCoreApplication::translate(
            "main", "Run folder to open (default: the last one, else the shipped tiny run)."));
    automation.addOptions(parser); // with --export-report's
}

// The run folder given, else the last one, else the shipped one.
QString runToOpen(const QCommandLineParser& parser, bool* given) {
    QString run = parser.positionalArguments().value(0);
    *given = !run.isEmpty();
    if (run.isEmpty()) run = Settings::lastRun();
    if (run.isEmpty() || (!*given && checkFolder(run).kind != FolderKind::run))
        run = shippedRunDir(); // the last run is gone or unusable: start on the shipped one
    return run;
}

} // namespace

int main(int argc, char** argv) {
    const bool gui = !wantsInfoOnly(argc, argv) && displayAvailable();
    const std::unique_ptr<QCoreApplication> application = createApplication(argc, argv, gui);
    const QString log = installLogFile();
    Settings::applyLanguage(); // before the options: --help comes out translated too
    QCommandLineParser parser;
    StudioAutomation automation;
    addOptions(parser, automation);
    // --help and --version end here; an unknown option is bad usage (exit 2, as semcot).
    if (!parser.parse(QCoreApplication::arguments())) return usageError(parser.errorText());
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("help-all")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version"))) parser.showVersion();

    // Every option checked before a window opens: a bad value is an error (exit 2), never
    // silently ignored.
    if (parser.positionalArguments().size() > 1)
        return usageError(QCoreApplication::translate("main", "give at most one run folder"));
    if (QString error; !automation.readOptions(parser, &error)) return usageError(error);
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
    if (QString error; !automation.prepareTraining(&error)) return usageError(error);
    window.show();
    automation.showView(window);

    bool runGiven = false;
    const QString openError = window.openRun(runToOpen(parser, &runGiven));
    // A run folder that was asked for and cannot be opened fails every scripted use.
    if (!openError.isEmpty() && automation.needsRun(runGiven)) return usageError(openError);
    automation.start(window);
    return QCoreApplication::exec();
}
