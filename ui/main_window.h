// The main window of SemCoT Studio.
#pragma once

#include <QMainWindow>

namespace semcot::ui {

class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
};

} // namespace semcot::ui
