#include "main_window.h"

#include <QLabel>

namespace semcot::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent) {
    setWindowTitle(tr("SemCoT Studio"));
    auto* placeholder = new QLabel(tr("Open a model folder or a SemCoT run to begin."), this);
    placeholder->setAlignment(Qt::AlignCenter);
    setCentralWidget(placeholder);
    resize(1100, 720);
}

} // namespace semcot::ui
