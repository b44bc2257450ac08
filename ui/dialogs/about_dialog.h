// About SemCoT Studio: what it is, and the versions it runs with (Qt, LibTorch, CUDA, BLAS).
#pragma once

#include <QDialog>

class QLabel;

namespace semcot::ui {

class AboutDialog final : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);
    QString text() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    QLabel* label_ = nullptr;
};

} // namespace semcot::ui
