// semcot-studio: the desktop app.
#include "main_window.h"

#include <QApplication>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("SemCoT Studio"));
    QApplication::setOrganizationName(QStringLiteral("SemCoT"));
    semcot::ui::MainWindow window;
    window.show();
    return QApplication::exec();
}
