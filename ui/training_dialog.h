// The dialog that starts a training run: preset, task, model folders, the hyperparameters that
// matter, device, seed and output folder, with defaults from the preset and a message next to
// every field that is wrong.
#pragma once

#include "studio_types.h"

#include <QDialog>
#include <QJsonObject>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace semcot::ui {

class TrainingDialog final : public QDialog {
    Q_OBJECT
public:
    explicit TrainingDialog(QWidget* parent = nullptr);

    // Fills every field from a preset file (the combo's presets, or any JSON file).
    bool loadPresetFile(const QString& path, QString* error = nullptr);
    void setOutputFolder(const QString& folder);
    void setTeacherFolder(const QString& folder);
    // Validates the fields; the messages appear next to them. True when all are fine.
    bool validate();
    // The run to start (valid after validate() returned true).
    TrainRequest request() const;
    // Reuses a finished run's data, teacher, student and sentence transformer: only the
    // contemplation generator trains (ablations on one teacher).
    void setBaseRun(const QString& folder);
    // The message shown next to a field ("out", "task", "teacher", "student", "lr", "base"),
    // for tests.
    QString fieldError(const QString& field) const;

public Q_SLOTS:
    void accept() override;

protected:
    void changeEvent(QEvent* event) override;

private:
    struct StageFields {
        QString key; // "st_stage1", ...
        QLineEdit* lr = nullptr;
        QLineEdit* wd = nullptr;
        QSpinBox* epochs = nullptr;
        QLabel* label = nullptr;
    };
    void retranslateUi();
    void presetChosen(int index);
    QLabel* errorLabel();
    QWidget* withBrowse(QLineEdit* edit, bool directory, const QString& filter = {});

    QJsonObject preset_;
    QString presetName_;
    QFormLayout* form_ = nullptr;
    QComboBox* presetCombo_ = nullptr;
    QComboBox* task_ = nullptr;
    QLineEdit* teacher_ = nullptr;
    QLineEdit* student_ = nullptr;
    QList<StageFields> stages_;
    QDoubleSpinBox* alpha_ = nullptr;
    QSpinBox* kTrain_ = nullptr;
    QSpinBox* kInfer_ = nullptr;
    QDoubleSpinBox* temperature_ = nullptr;
    QComboBox* device_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QLineEdit* out_ = nullptr;
    QLineEdit* base_ = nullptr;
    QCheckBox* initCgFromBase_ = nullptr;
    QCheckBox* noSt_ = nullptr;
    QCheckBox* noWarmup_ = nullptr;
    QCheckBox* teacherAsGenerator_ = nullptr;
    QLabel* baseError_ = nullptr;
    QLabel* presetInfo_ = nullptr;
    QLabel* taskError_ = nullptr;
    QLabel* teacherError_ = nullptr;
    QLabel* studentError_ = nullptr;
    QLabel* stageError_ = nullptr;
    QLabel* outError_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
    QList<QPair<QWidget*, const char*>> labels_; // form rows, retranslated
    bool validated_ = false; // validate() ran: the messages follow every edit from then on
};

} // namespace semcot::ui
