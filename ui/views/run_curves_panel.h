// The Runs view's overlaid training curves: for the runs selected in the table, one stage's
// train (or validation) loss from each run's train_log.jsonl (semcot/train_log.h), aligned by
// optimizer step or by epoch, on a linear or log axis, smoothed with TensorBoard's EMA weight
// (slider), the raw curve faint behind. Runs without a log are named in a note.
#pragma once

#include "semcot/train_log.h"

#include <QList>
#include <QString>
#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;

namespace semcot::ui {

class RunCurvesChart;

class RunCurvesPanel final : public QWidget {
    Q_OBJECT
public:
    explicit RunCurvesPanel(QWidget* parent = nullptr);

    // Reads the logs of `folders` (names: the folders' names) and draws them.
    void setRuns(const QStringList& folders);

    // For tests and automation.
    RunCurvesChart* chart() const { return chart_; }
    QStringList stages() const;           // the stages the selected runs' logs have
    bool setStage(const QString& stage);  // false when no selected run has it
    void setValidation(bool validation);  // validation loss instead of train loss
    void setAlignByEpoch(bool byEpoch);
    void setSmoothing(double weight);     // slider in hundredths: rounded to 0.01
    void setLogScale(bool on);
    QString note() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void fillStages();
    void redraw();

    QLabel* stageLabel_ = nullptr;
    QComboBox* stage_ = nullptr;
    QComboBox* metric_ = nullptr;
    QComboBox* align_ = nullptr;
    QCheckBox* log_ = nullptr;
    QLabel* smoothLabel_ = nullptr;
    QSlider* smooth_ = nullptr;
    QLabel* smoothValue_ = nullptr;
    QLabel* note_ = nullptr;
    RunCurvesChart* chart_ = nullptr;
    QStringList folders_;
    std::vector<semcot::TrainLog> logs_; // per folder
    QStringList unreadable_;             // "name: why"
    QString wanted_;                     // the stage chosen (kept while runs come and go)
};

} // namespace semcot::ui
