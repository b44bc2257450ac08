// semcot-studio: the desktop app.
//   semcot-studio [RUN_FOLDER] [--view ask|alignment|training|runs|evaluation]
//                 [--ask N[,N...]] [--evaluate N] [--train PRESET.json --out DIR]
//                 [--dialog training|settings|about] [--screenshot FILE.png [--delay MS]]
// --screenshot renders the window after the jobs asked for have finished (or after --delay
// ms), saves it and exits; it works headless with QT_QPA_PLATFORM=offscreen.
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
#include <QCommandLineParser>
#include <QDir>
#include <QTimer>

#include <memory>

using namespace semcot::ui;

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("SemCoT Studio"));
    QApplication::setOrganizationName(QStringLiteral("SemCoT"));
    QApplication::setApplicationVersion(QStringLiteral(SEMCOT_VERSION));
    const QString log = installLogFile();
    Settings::applyLanguage(); // before the options: --help comes out translated too
    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
        "main", "SemCoT Studio: explicit and implicit reasoning, side by side."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("run"),
        QApplication::translate(
            "main", "Run folder to open (default: the last one, else the shipped tiny run)."));
    // Help texts are marked with QT_TRANSLATE_NOOP("main", ...) so lupdate finds them.
    auto option = [&parser](const char* name, const char* help, const char* value = nullptr) {
        QCommandLineOption o(QString::fromLatin1(name), QApplication::translate("main", help),
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
    parser.process(app);
    if (const int code = semcot::report::run_report_command(parser); code >= 0) return code;

    Settings::applyTheme();
    applyThreadCount(Settings::threads());
    qInfo("SemCoT Studio %s started; log file %s", SEMCOT_VERSION, qPrintable(log));

    MainWindow window;
    window.show();
    if (parser.isSet(view) && !window.showView(parser.value(view)))
        qWarning("unknown view '%s'", qPrintable(parser.value(view)));

    QString run = parser.positionalArguments().value(0);
    if (run.isEmpty()) run = Settings::lastRun();
    if (run.isEmpty() ||
        (!parser.positionalArguments().isEmpty() ? false
                                                 : checkFolder(run).kind != FolderKind::run))
        run = shippedRunDir(); // the last run is gone or unusable: start on the shipped one
    window.openRun(run);

    // Jobs asked for on the command line (screenshots of every view, headless).
    int pending = 0;
    const QString shot = parser.value(screenshot);
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
        QApplication::exit(ok ? 0 : 1);
    };
    auto done = [&pending, &take, &parser, &delay] {
        if (--pending == 0 && !parser.isSet(delay)) QTimer::singleShot(300, qApp, take);
    };
    if (parser.isSet(ask)) {
        // "--ask 1,2,3": the questions one after the other (the latency history fills up).
        ++pending;
        auto queue = std::make_shared<QList<int>>();
        for (const QString& n : parser.value(ask).split(u',', Qt::SkipEmptyParts))
            queue->append(n.toInt());
        auto next = [&window, queue] {
            if (queue->isEmpty()) return false;
            window.askView()->selectTestQuestion(queue->takeFirst() - 1);
            window.askView()->run();
            return true;
        };
        QObject::connect(&window, &MainWindow::runLoaded, &window, next, Qt::SingleShotConnection);
        QObject::connect(window.askView(), &AskView::busyChanged, &window,
                         [done, next](bool busy) mutable {
                             if (!busy && !next()) done();
                         });
    }
    if (parser.isSet(evaluate)) {
        ++pending;
        const int n = parser.value(evaluate).toInt();
        QObject::connect(
            &window, &MainWindow::runLoaded, &window,
            [&window, n] {
                window.evaluationView()->setLimit(n);
                window.evaluationView()->run();
            },
            Qt::SingleShotConnection);
        QObject::connect(window.evaluationView(), &EvaluationView::finished, &window, done);
    }
    if (parser.isSet(train)) {
        TrainingDialog dialog;
        QString error;
        if (!dialog.loadPresetFile(parser.value(train), &error)) qFatal("%s", qPrintable(error));
        if (parser.isSet(out)) dialog.setOutputFolder(parser.value(out));
        if (!dialog.validate()) qFatal("the training dialog refused the preset or --out");
        ++pending;
        window.trainingView()->start(dialog.request());
        QObject::connect(window.trainingView(), &TrainingView::runningChanged, &window,
                         [done](bool running) mutable {
                             if (!running) done();
                         });
    }
    if (!shot.isEmpty()) {
        if (parser.isSet(delay) || pending == 0)
            QTimer::singleShot(parser.isSet(delay) ? parser.value(delay).toInt() : 1500, &window,
                               take);
        // Never hang: a screenshot is taken after two minutes whatever happens.
        QTimer::singleShot(120000, &window, take);
    }
    return QApplication::exec();
}
