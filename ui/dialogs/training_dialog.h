// The dialog that starts a training run. Method SemCoT: preset, task, model folders, the
// hyperparameters that matter, device, seed and output folder, with defaults from the preset and
// a message next to every field that is wrong. For models trained from scratch it also sets the
// data's size, the models' shapes and epochs, max_length or its fit to the data, and what
// happens to longer examples, and shows the fit and the training time before the run starts
// (issue 12). A baseline (Pause, SoftCoT, Coconut, CODI, ICoT-SI): the finished run it trains
// on, the settings that matter for it (epochs, learning rate, LoRA rank and its own one or two),
// device, seed and output folder (BASE/methods/NAME by default), or the interrupted training
// there to continue (training_dialog_baseline.cpp).
#pragma once

#include "semcot/preset.h"
#include "studio_types.h"
#include "training_worker.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QFormLayout;
class QGridLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QThread;
class QTimer;

namespace semcot::ui {

class TrainingDialog final : public QDialog {
    Q_OBJECT
public:
    explicit TrainingDialog(QWidget* parent = nullptr);
    ~TrainingDialog() override;

    // Fills every field from a preset file (the combo's presets, or any JSON file).
    bool loadPresetFile(const QString& path, QString* error = nullptr);
    void setOutputFolder(const QString& folder);
    void setTeacherFolder(const QString& folder);
    // Validates the fields; the messages appear next to them. True when all are fine.
    bool validate();
    // The run to start (valid after validate() returned true).
    TrainRequest request() const;
    // What "Copy as command" put on the clipboard last ("" before).
    QString copiedCommand() const { return lastCommand_; }
    // Reuses a finished run's data, teacher, student and sentence transformer: only the
    // contemplation generator trains (ablations on one teacher).
    void setBaseRun(const QString& folder);
    // What trains: "semcot" (a run from the preset) or a baseline (methods.h names); false for
    // an unknown name.
    bool setMethod(const QString& name);
    QString method() const;
    // The finished run a baseline trains on (the open run, when there is one).
    void setBaselineBase(const QString& folder);
    // A baseline's output folder ("" = BASE/methods/NAME) and whether to continue the
    // interrupted training there.
    void setBaselineOutput(const QString& folder);
    void setBaselineResume(bool resume);
    // The message shown next to a field ("out", "task", "teacher", "student", "lr", "base",
    // "models", "length", "over_long"; for a baseline "base", "out", "lr"), for tests.
    QString fieldError(const QString& field) const;
    // Whether a baseline setting's row is shown ("lora_r", "pause_tokens", "coconut_thoughts",
    // "coconut_max_stage", "codi_latents", "codi_distill_weight", "icot_remove"), for tests.
    bool baselineRowShown(const QString& key) const;
    // The fit panel's text (plain), and whether a check is running, for tests.
    QString fitText() const;
    bool fitCheckRunning() const { return fitBusy_; }
    // The memory plan (training_dialog_plan.cpp, semcot/memory_plan.h): the memory each stage
    // of the run needs on one process, as the fields set it, against the device's memory, and
    // when it does not fit, the settings that would. For tests: the panel's text (plain),
    // whether the run fits, the device memory in bytes (the device's own unless set), and the
    // recommendation applied to the fields (false when there is none to apply).
    QString planText() const;
    bool planFits() const { return planFits_; }
    void setDeviceMemory(qint64 bytes);
    bool applyPlanRecommendation();

public Q_SLOTS:
    void accept() override;
    // Measures the data's fit and the training time per stage on a worker thread; the panel
    // says "Measuring..." meanwhile and then shows the result or the error.
    void checkFitAndTime();

Q_SIGNALS:
    void fitCheckRequested(const semcot::ui::FitCheckRequest& request);

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    struct StageFields {
        QString key; // "st_stage1", ...
        QLineEdit* lr = nullptr;
        QLineEdit* wd = nullptr;
        QSpinBox* epochs = nullptr;
        QLabel* label = nullptr;
    };
    // One from-scratch model's fields (teacher or student).
    struct ModelFields {
        QString key; // "teacher", "student"
        QLabel* label = nullptr;
        QSpinBox* epochs = nullptr;
        QSpinBox* hidden = nullptr;
        QSpinBox* intermediate = nullptr;
        QSpinBox* layers = nullptr;
        QSpinBox* heads = nullptr;
        QSpinBox* kvHeads = nullptr;
    };
    // Building the dialog (training_dialog.cpp), one part each.
    void createFields();
    QWidget* buildAblations();
    QWidget* buildModelGrid();
    QWidget* buildStageGrid();
    QWidget* buildImplicitTokenRow();
    void buildForms(QFormLayout* presetForm, QFormLayout* dataForm);
    QLabel* addRow(QFormLayout* form, const char* text, QWidget* field, QLabel* error = nullptr);
    QWidget* buildFitPanel();
    void buildButtons();
    void startFitWorker();
    void connectFields();
    QWidget* buildLengthRows(QWidget** fitRow, QWidget** vocabRow, QWidget** overLongBox);
    void retranslateUi();
    void retranslateModelFields();
    void presetChosen(int index);
    // The baseline page (training_dialog_baseline.cpp).
    QWidget* buildBaselinePage();
    void connectBaselineFields();
    void retranslateBaseline();
    void methodChosen();
    void showBaselineDefaults(); // the chosen baseline's defaults in its fields
    QString baselineOut() const; // the output folder, BASE/methods/NAME when empty
    bool validateBaseline();
    TrainRequest baselineRequest() const;
    TrainRequest semcotRequest() const;
    // The preset and the fields (training_dialog_preset.cpp): every field from a preset, and
    // the preset with the fields' values.
    void showPreset();
    void showModelShapes();
    semcot::Preset presetFromFields() const;
    // True when the run trains its models from scratch (no model folders, shapes in the preset).
    bool fromScratch() const;
    void updateEnabled();
    // What keeps the fit from being checked now (empty: nothing).
    QString fitBlocker() const;
    QString taskProblem() const;
    QStringList modelProblems() const;
    // The request as far as the fit depends on it ("over_long" changes only what a run does).
    QByteArray fitKey() const;
    void requestFitCheck(bool estimate);
    void scheduleFitCheck();
    void fitChecked(const semcot::ui::FitCheckResult& result);
    void fitFailed(int id, const QString& message);
    void showFit();
    QStringList fitResultLines(const FitCheckResult& f) const;
    QString estimateLine(const FitCheckResult& f) const;
    void startPendingFitCheck();
    // The memory plan panel (training_dialog_plan.cpp).
    QWidget* buildPlanPanel();
    void connectPlanFields();
    void retranslatePlan();
    void showPresetMemory(); // the preset's micro-batch, checkpointing and teacher dtype
    void applyMemoryFields(semcot::Preset& p) const;
    void deviceChanged();
    void showPlan();
    QStringList planLines(); // HTML; sets planFits_ and planPatch_
    // The over-long examples of the last check when the run would stop on them (else 0).
    qint64 overLongThatStops() const;
    QLabel* errorLabel();
    QWidget* withBrowse(QLineEdit* edit, bool directory, const QString& filter = {});
    QWidget* taskField();

    QComboBox* method_ = nullptr;   // SemCoT or a baseline
    QLabel* methodInfo_ = nullptr;  // what the chosen method trains
    QLabel* methodLabel_ = nullptr; // "Method:", as wide as the first labels under it
    QLabel* presetLabel_ = nullptr;
    QLabel* baselineNote_ = nullptr;  // where a baseline trains and where it shows up
    QStackedWidget* pages_ = nullptr; // 0: SemCoT from the preset, 1: a baseline
    // The baseline page: the run it trains on, its settings, device, seed, output folder.
    struct BaselineRow {
        QString key; // "lora_r", ... (baselineRowShown)
        QWidget* field = nullptr;
        QStringList methods; // shown for these methods only
    };
    QFormLayout* baselineForm_ = nullptr;
    QLineEdit* bBase_ = nullptr;
    QSpinBox* bEpochs_ = nullptr;
    QLabel* bEpochsLabel_ = nullptr;
    QLineEdit* bLr_ = nullptr;
    QSpinBox* bLoraR_ = nullptr;
    QSpinBox* bPauseTokens_ = nullptr;
    QSpinBox* bCoconutThoughts_ = nullptr;
    QSpinBox* bCoconutMaxStage_ = nullptr;
    QSpinBox* bCodiLatents_ = nullptr;
    QDoubleSpinBox* bCodiDistill_ = nullptr;
    QSpinBox* bIcotRemove_ = nullptr;
    QComboBox* bDevice_ = nullptr;
    QSpinBox* bSeed_ = nullptr;
    QLineEdit* bOut_ = nullptr;
    QCheckBox* bResume_ = nullptr;
    QLabel* bBaseError_ = nullptr;
    QLabel* bLrError_ = nullptr;
    QLabel* bOutError_ = nullptr;
    QList<BaselineRow> baselineRows_;
    QList<QPair<QLabel*, const char*>> baselineLabels_; // the page's row labels, retranslated
    bool baselineValidated_ = false;

    semcot::Preset preset_;        // as loaded; request() applies the fields to it
    bool presetHasShapes_ = false; // the preset trains its models from scratch
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
    // Data and models trained from scratch.
    QSpinBox* examples_ = nullptr;
    QSpinBox* maxLength_ = nullptr;
    QCheckBox* fit_ = nullptr;
    QDoubleSpinBox* percentile_ = nullptr;
    QSpinBox* lengthCap_ = nullptr;
    QSpinBox* vocab_ = nullptr;
    QCheckBox* fitVocab_ = nullptr;
    QComboBox* overLong_ = nullptr;
    QList<ModelFields> models_;
    QList<QLabel*> modelHeads_, stageHeads_; // the grids' column titles
    QList<QWidget*> scratchWidgets_;         // enabled only for from-scratch runs
    QLabel* modelError_ = nullptr;
    QLabel* overLongError_ = nullptr;
    // The fit panel and its worker (a thread of its own, which outlives the dialog when a
    // check is still running as it closes).
    QLabel* fitView_ = nullptr;
    QPushButton* checkFit_ = nullptr;
    QString lastCommand_; // the last "Copy as command"
    QTimer* fitTimer_ = nullptr; // debounces the automatic check while the dialog is shown
    QThread* fitThread_ = nullptr;
    FitCheckWorker* fitWorker_ = nullptr;
    int fitId_ = 0;
    bool fitBusy_ = false;
    QByteArray busyKey_, pendingKey_; // fitKey() of the running and of the waiting check
    std::optional<FitCheckRequest> fitPending_;
    std::optional<FitCheckResult> lastFit_;
    QByteArray lastFitKey_;  // fitKey() of lastFit_
    QByteArray lastTimeKey_; // the full request the estimate was made for
    QString fitError_;       // the last check's error
    // The memory plan: the device's memory, the run's memory settings (applied to every stage
    // once edited; until then each stage keeps the preset's), the plan and its recommendation.
    QDoubleSpinBox* deviceMemory_ = nullptr; // GiB, shown to 0.01
    qint64 deviceBytes_ = 0;                 // what the plan uses (setDeviceMemory's exactly)
    QSpinBox* microBatch_ = nullptr;         // 0: the whole batch
    QComboBox* teacherDtype_ = nullptr;      // float32, bfloat16, float16
    QCheckBox* checkpointing_ = nullptr;
    QLabel* planView_ = nullptr;
    QPushButton* applyPlan_ = nullptr;
    QList<QPair<QLabel*, const char*>> planLabels_;
    bool microEdited_ = false, checkpointingEdited_ = false, deviceMemoryEdited_ = false;
    bool planFits_ = true;
    QByteArray planPatch_; // the recommendation's preset keys (JSON), empty when none
    QDialogButtonBox* buttons_ = nullptr;
    QList<QPair<QWidget*, const char*>> labels_; // form rows, retranslated
    bool validated_ = false; // validate() ran: the messages follow every edit from then on
};

} // namespace semcot::ui
