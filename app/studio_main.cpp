// semcot-studio: the desktop app.
//   semcot-studio [--screenshot FILE.png]   (the option renders the window, saves it, exits;
//                                            works headless with QT_QPA_PLATFORM=offscreen)
#include "main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("SemCoT Studio"));
    QApplication::setOrganizationName(QStringLiteral("SemCoT"));
    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QApplication::translate("main", "Save a PNG of the window and exit."),
        QStringLiteral("file"));
    parser.addOption(screenshot);
    parser.process(app);

    semcot::ui::MainWindow window;
    window.show();
    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        QTimer::singleShot(200, &window, [&window, file] {
            const bool ok = window.grab().save(file);
            QApplication::exit(ok ? 0 : 1);
        });
    }
    return QApplication::exec();
}
