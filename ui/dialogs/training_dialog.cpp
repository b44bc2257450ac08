#include "training_dialog.h"

#include "train_command.h"

#include "core_bridge.h"
#include "methods.h"
#include "settings.h"
#include "training_dialog_util.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QClipboard>
#include <QGuiApplication>
#include <QMessageBox>
#include <QFormLayout>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QScreen>
#include <QSpinBox>
#include <QStackedWidget>
#include <QThread>
#include <QTimer>
#include <QToolButton>

// Building the dialog and translating it. The preset and the fields are in
// training_dialog_preset.cpp, the fit panel in training_dialog_fit.cpp.

namespace semcot::ui {

using namespace training_dialog;

namespace {

QSpinBox* spin(QWidget* parent, int lo, int hi, const QString& name) {
    auto* s = new QSpinBox(parent);
    s->setRange(lo, hi);
    s->setObjectName(name);
    return s;
}

// A row of widgets without margins, with the rest of the row empty.
QWidget* row(QWidget* parent, std::initializer_list<QWidget*> widgets) {
    auto* box = new QWidget(parent);
    auto* layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    for (auto* w : widgets) layout->addWidget(w);
    layout->addStretch(1);
    return box;
}

// A field above its error message.
QWidget* withMessage(QWidget* parent, QLayout* field, QLabel* error) {
    auto* box = new QWidget(parent);
    auto* v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(1);
    v->addLayout(field);
    v->addWidget(error);
    return box;
}

} // namespace

TrainingDialog::TrainingDialog(QWidget* parent)
    : QDialog(parent) {
    qRegisterMetaType<semcot::ui::FitCheckRequest>();
    qRegisterMetaType<semcot::ui::FitCheckResult>();
    createFields();
    auto* presetForm = new QFormLayout; // the preset and its description span both columns
    auto* dataForm = new QFormLayout;   // left column: data and models
    form_ = new QFormLayout;            // right column: the SemCoT stages and the run
    for (auto* f : {presetForm, dataForm, form_})
        f->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    buildForms(presetForm, dataForm);
    buildButtons();

    auto* columns = new QHBoxLayout;
    columns->addLayout(dataForm, 11);
    columns->addSpacing(12);
    columns->addLayout(form_, 10);
    // Page 0: SemCoT from the preset; page 1: a baseline trained on a finished run.
    auto* semcotPage = new QWidget(this);
    auto* semcotLayout = new QVBoxLayout(semcotPage);
    semcotLayout->setContentsMargins(0, 0, 0, 0);
    semcotLayout->addLayout(presetForm);
    semcotLayout->addLayout(columns);
    semcotLayout->addWidget(buildFitPanel());
    semcotLayout->addWidget(buildPlanPanel());
    pages_ = new QStackedWidget(this);
    pages_->addWidget(semcotPage);
    pages_->addWidget(buildBaselinePage());
    // The method, and what it trains under it; its label as wide as the pages' first labels.
    auto* methodForm = new QFormLayout;
    auto* methodRow = new QWidget(this);
    auto* methodLayout = new QHBoxLayout(methodRow);
    methodLayout->setContentsMargins(0, 0, 0, 0);
    methodLayout->addWidget(method_);
    methodLayout->addStretch(1);
    methodLabel_ = addRow(methodForm, QT_TR_NOOP("Method:"), methodRow);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(methodForm);
    layout->addWidget(
        methodInfo_); // under the method, indented as the fields (retranslateBaseline)
    layout->addWidget(pages_, 1);
    layout->addWidget(buttons_);

    startFitWorker();
    connectFields();
    connectPlanFields();
    connectBaselineFields();
    retranslateUi();
    presetChosen(presetCombo_->currentIndex());
    methodChosen();
    // At most the screen's size (the fields then share less room).
    QSize size = sizeHint();
    if (const QScreen* s = screen()) size = size.boundedTo(s->availableGeometry().size());
    resize(size);
}

TrainingDialog::~TrainingDialog() {
    // Signals to this dialog end with it; a running check skips its time estimate.
    fitWorker_->abandon();
    fitThread_->quit();
}

void TrainingDialog::createFields() {
    method_ = new QComboBox(this);
    method_->setObjectName(QStringLiteral("trainingMethod"));
    method_->addItem(QString(), QStringLiteral("semcot"));
    for (const QString& b : baselineNames()) method_->addItem(QString(), b);
    methodInfo_ = new QLabel(this);
    methodInfo_->setWordWrap(true);
    methodInfo_->setStyleSheet(QStringLiteral("color: gray"));
    presetCombo_ = new QComboBox(this);
    presetCombo_->addItems(presetNames());
    presetInfo_ = new QLabel(this);
    presetInfo_->setWordWrap(true);
    presetInfo_->setStyleSheet(QStringLiteral("color: gray"));
    task_ = new QComboBox(this);
    task_->setEditable(true);
    // A long dataset path must not widen the dialog past the screen.
    task_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    task_->setMinimumContentsLength(24);
    for (const char* t : kBuiltinTasks) task_->addItem(QString::fromLatin1(t));
    teacher_ = new QLineEdit(this);
    student_ = new QLineEdit(this);
    alpha_ = new QDoubleSpinBox(this);
    alpha_->setRange(0, 1);
    alpha_->setSingleStep(0.05);
    alpha_->setDecimals(3);
    kTrain_ = spin(this, 1, 64, QString());
    kInfer_ = spin(this, 1, 64, QString());
    temperature_ = new QDoubleSpinBox(this);
    temperature_->setRange(0.001, 100);
    temperature_->setDecimals(3);
    temperature_->setSingleStep(0.05);
    device_ = new QComboBox(this);
    for (const char* d : {"auto", "cpu", "cuda"})
        device_->addItem(QString(), QString::fromLatin1(d));
    device_->setCurrentIndex(std::max(0, device_->findData(Settings::device())));
    seed_ = spin(this, 0, 1'000'000, QString());
    out_ = new QLineEdit(this);
    base_ = new QLineEdit(this);
    base_->setObjectName(QStringLiteral("baseRun"));
    initCgFromBase_ = new QCheckBox(this);
    noSt_ = new QCheckBox(this);
    noWarmup_ = new QCheckBox(this);
    teacherAsGenerator_ = new QCheckBox(this);
    // Data and models trained from scratch (issue 12).
    examples_ = spin(this, 1, 10'000'000, QStringLiteral("examples"));
    examples_->setGroupSeparatorShown(true);
    maxLength_ = spin(this, 16, 65536, QStringLiteral("maxLength"));
    fit_ = new QCheckBox(this);
    fit_->setObjectName(QStringLiteral("fitToData"));
    percentile_ = new QDoubleSpinBox(this);
    percentile_->setObjectName(QStringLiteral("fitPercentile"));
    percentile_->setRange(1, 100);
    percentile_->setDecimals(1);
    percentile_->setSuffix(QStringLiteral(" %"));
    lengthCap_ = spin(this, 16, 65536, QStringLiteral("fitLengthCap"));
    vocab_ = spin(this, 64, 262144, QStringLiteral("vocabSize"));
    fitVocab_ = new QCheckBox(this);
    fitVocab_->setObjectName(QStringLiteral("fitVocab"));
    overLong_ = new QComboBox(this);
    overLong_->setObjectName(QStringLiteral("overLong"));
    overLong_->addItem(QString(), QStringLiteral("stop"));
    overLong_->addItem(QString(), QStringLiteral("skip"));
    for (auto** error : {&taskError_, &teacherError_, &studentError_, &outError_, &baseError_,
                         &overLongError_, &modelError_, &stageError_})
        *error = errorLabel();
}

QWidget* TrainingDialog::buildAblations() {
    auto* ablations = new QWidget(this);
    auto* layout = new QGridLayout(ablations); // two columns: the dialog stays narrow
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(noSt_, 0, 0);
    layout->addWidget(noWarmup_, 0, 1);
    layout->addWidget(teacherAsGenerator_, 1, 0);
    layout->setColumnStretch(2, 1);
    return ablations;
}

// max_length, its fit to the data, the tokenizer's size and what happens to longer examples.
QWidget* TrainingDialog::buildLengthRows(QWidget** fitRow, QWidget** vocabRow,
                                         QWidget** overLongBox) {
    auto* capLabel = new QLabel(this);
    labels_ << qMakePair(static_cast<QWidget*>(capLabel), QT_TR_NOOP("at most"));
    *fitRow = row(this, {fit_, percentile_, capLabel, lengthCap_});
    *vocabRow = row(this, {vocab_, fitVocab_});
    auto* overLongRow = new QHBoxLayout;
    overLongRow->addWidget(overLong_);
    overLongRow->addStretch(1);
    *overLongBox = withMessage(this, overLongRow, overLongError_);
    scratchWidgets_ << fit_ << overLong_ << *vocabRow << capLabel;
    return row(this, {maxLength_});
}

// Epochs and shapes of the teacher and the student trained from scratch: one row each.
QWidget* TrainingDialog::buildModelGrid() {
    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(4);
    grid->setVerticalSpacing(2);
    for (int c = 0; c < 7; ++c) {
        modelHeads_ << new QLabel(this); // texts in retranslateUi
        grid->addWidget(modelHeads_.last(), 0, c);
    }
    for (int i = 0; i < 2; ++i) {
        ModelFields m;
        m.key = QString::fromLatin1(kModelKeys[i]);
        m.label = new QLabel(this);
        m.epochs = spin(this, 0, 1000, m.key + QStringLiteral("_epochs"));
        m.hidden = spin(this, 0, 16384, m.key + QStringLiteral("_hidden_size"));
        m.intermediate = spin(this, 0, 65536, m.key + QStringLiteral("_intermediate_size"));
        m.layers = spin(this, 0, 256, m.key + QStringLiteral("_num_hidden_layers"));
        m.heads = spin(this, 0, 256, m.key + QStringLiteral("_num_attention_heads"));
        m.kvHeads = spin(this, 0, 256, m.key + QStringLiteral("_num_key_value_heads"));
        grid->addWidget(m.label, i + 1, 0);
        int c = 1;
        for (auto* w : {m.epochs, m.hidden, m.intermediate, m.layers, m.heads, m.kvHeads}) {
            grid->addWidget(w, i + 1, c++);
            scratchWidgets_ << w;
        }
        scratchWidgets_ << m.label;
        models_ << m;
    }
    for (int c = 1; c < 7; ++c) grid->setColumnStretch(c, 1);
    return withMessage(this, grid, modelError_);
}

// Learning rate, weight decay and epochs of SemCoT's four stages.
QWidget* TrainingDialog::buildStageGrid() {
    auto* grid = new QGridLayout;
    for (int c = 0; c < 4; ++c) {
        stageHeads_ << new QLabel(this); // texts in retranslateUi
        grid->addWidget(stageHeads_.last(), 0, c);
    }
    for (int i = 0; i < 4; ++i) {
        StageFields s;
        s.key = QString::fromLatin1(kStageKeys[i]);
        s.label = new QLabel(this);
        s.lr = new QLineEdit(this);
        s.wd = new QLineEdit(this);
        s.lr->setObjectName(QStringLiteral("lr_") + s.key);
        s.wd->setObjectName(QStringLiteral("wd_") + s.key);
        // No validator: it would silently drop what it refuses ("-0.5" became "0.5", "abc"
        // vanished); validate() says what is wrong instead.
        for (auto* e : {s.lr, s.wd}) e->setMaximumWidth(90);
        s.epochs = spin(this, 0, 1000, QString());
        grid->addWidget(s.label, i + 1, 0);
        grid->addWidget(s.lr, i + 1, 1);
        grid->addWidget(s.wd, i + 1, 2);
        grid->addWidget(s.epochs, i + 1, 3);
        stages_ << s;
    }
    return withMessage(this, grid, stageError_);
}

QWidget* TrainingDialog::buildImplicitTokenRow() {
    auto* kTrainLabel = new QLabel(this);
    auto* kInferLabel = new QLabel(this);
    labels_ << qMakePair(static_cast<QWidget*>(kTrainLabel), QT_TR_NOOP("training"))
            << qMakePair(static_cast<QWidget*>(kInferLabel), QT_TR_NOOP("inference"));
    return row(this, {kTrainLabel, kTrain_, kInferLabel, kInfer_});
}

QLabel* TrainingDialog::addRow(QFormLayout* form, const char* text, QWidget* field, QLabel* error) {
    auto* label = new QLabel(this);
    labels_ << qMakePair(static_cast<QWidget*>(label), text);
    if (error) {
        auto* v = new QVBoxLayout;
        v->addWidget(field);
        form->addRow(label, withMessage(this, v, error));
    } else {
        form->addRow(label, field);
    }
    return label;
}

void TrainingDialog::buildForms(QFormLayout* presetForm, QFormLayout* dataForm) {
    auto* presetRow = new QWidget(this);
    auto* presetLayout = new QHBoxLayout(presetRow);
    presetLayout->setContentsMargins(0, 0, 0, 0);
    presetLayout->addWidget(presetCombo_);
    presetLayout->addWidget(presetInfo_, 1);
    presetLabel_ = addRow(presetForm, QT_TR_NOOP("Preset:"), presetRow);

    QWidget *fitRow = nullptr, *vocabRow = nullptr, *overLongBox = nullptr;
    QWidget* lengthRow = buildLengthRows(&fitRow, &vocabRow, &overLongBox);
    addRow(dataForm, QT_TR_NOOP("Task or dataset:"), taskField(), taskError_);
    addRow(dataForm, QT_TR_NOOP("Examples:"), examples_);
    addRow(dataForm, QT_TR_NOOP("Max length (tokens):"), lengthRow);
    dataForm->addRow(QString(), fitRow);
    scratchWidgets_ << addRow(dataForm, QT_TR_NOOP("Tokenizer size:"), vocabRow);
    scratchWidgets_ << addRow(dataForm, QT_TR_NOOP("Longer examples:"), overLongBox);
    addRow(dataForm, QT_TR_NOOP("Teacher model folder:"), withBrowse(teacher_, true),
           teacherError_);
    addRow(dataForm, QT_TR_NOOP("Student model folder:"), withBrowse(student_, true),
           studentError_);
    scratchWidgets_ << addRow(dataForm, QT_TR_NOOP("Models from scratch:"), buildModelGrid());
    addRow(dataForm, QT_TR_NOOP("Output folder:"), withBrowse(out_, true), outError_);

    addRow(form_, QT_TR_NOOP("Training stages:"), buildStageGrid());
    addRow(form_, QT_TR_NOOP("Alpha (reasoning weight):"), alpha_);
    addRow(form_, QT_TR_NOOP("Implicit tokens:"), buildImplicitTokenRow());
    addRow(form_, QT_TR_NOOP("Ablations:"), buildAblations());
    addRow(form_, QT_TR_NOOP("ST temperature:"), temperature_);
    addRow(form_, QT_TR_NOOP("Device:"), device_);
    addRow(form_, QT_TR_NOOP("Seed:"), seed_);
    addRow(form_, QT_TR_NOOP("Base run (optional):"), withBrowse(base_, true), baseError_);
    form_->addRow(QString(), initCgFromBase_);
}

// The fit panel: what the data needs and how long the run takes, before it starts.
QWidget* TrainingDialog::buildFitPanel() {
    fitView_ = new QLabel(this);
    fitView_->setObjectName(QStringLiteral("fitView"));
    fitView_->setWordWrap(true);
    fitView_->setTextFormat(Qt::RichText);
    fitView_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    fitView_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    fitView_->setMinimumHeight(fontMetrics().lineSpacing() * 4);
    checkFit_ = new QPushButton(this);
    checkFit_->setObjectName(QStringLiteral("checkFit"));
    connect(checkFit_, &QPushButton::clicked, this, &TrainingDialog::checkFitAndTime);
    auto* panel = new QFrame(this);
    panel->setFrameShape(QFrame::StyledPanel);
    auto* layout = new QHBoxLayout(panel);
    layout->addWidget(fitView_, 1);
    layout->addWidget(checkFit_, 0, Qt::AlignTop);
    return panel;
}

void TrainingDialog::buildButtons() {
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons_, &QDialogButtonBox::accepted, this, &TrainingDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &TrainingDialog::reject);
    auto* loadFile = buttons_->addButton(QString(), QDialogButtonBox::ResetRole);
    loadFile->setObjectName(QStringLiteral("loadPresetFile"));
    connect(loadFile, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Preset file"), modelsDir(),
                                                       tr("Presets (*.json)"));
        QString error;
        if (!f.isEmpty() && !loadPresetFile(f, &error)) presetInfo_->setText(error);
    });
    // The command line that trains the same (train_command.h): the preset with the edits is
    // written to OUT/preset.json, which the command names.
    auto* copy = buttons_->addButton(QString(), QDialogButtonBox::ActionRole);
    copy->setObjectName(QStringLiteral("copyTrainCommand"));
    connect(copy, &QPushButton::clicked, this, [this, copy] {
        if (!validate()) return;
        const TrainRequest r = request();
        QString error;
        if (!writeRequestPreset(r, &error)) {
            QMessageBox::warning(this, tr("Copy as command"), error);
            return;
        }
        lastCommand_ = trainCommand(r);
        QGuiApplication::clipboard()->setText(lastCommand_);
        copy->setToolTip(tr("Copied:\n%1").arg(lastCommand_));
    });
}

// The fit check runs on a thread of its own. The thread and the worker delete themselves when
// the thread ends, which the destructor asks for: a check still running then finishes first,
// without blocking the UI.
void TrainingDialog::startFitWorker() {
    fitThread_ = new QThread;
    fitThread_->setObjectName(QStringLiteral("fit check"));
    fitWorker_ = new FitCheckWorker;
    fitWorker_->moveToThread(fitThread_);
    connect(fitThread_, &QThread::finished, fitWorker_, &QObject::deleteLater);
    connect(fitThread_, &QThread::finished, fitThread_, &QObject::deleteLater);
    connect(this, &TrainingDialog::fitCheckRequested, fitWorker_, &FitCheckWorker::check);
    connect(fitWorker_, &FitCheckWorker::finished, this, &TrainingDialog::fitChecked);
    connect(fitWorker_, &FitCheckWorker::failed, this, &TrainingDialog::fitFailed);
    fitThread_->start();
    fitTimer_ = new QTimer(this);
    fitTimer_->setSingleShot(true);
    fitTimer_->setInterval(600);
    connect(fitTimer_, &QTimer::timeout, this, [this] {
        const QByteArray key = fitKey();
        if (fitBlocker().isEmpty() && key != lastFitKey_ && !(fitBusy_ && key == busyKey_) &&
            !(fitPending_ && key == pendingKey_))
            requestFitCheck(false);
    });
}

// Once the messages are shown, they follow the fields: a fixed field loses its message. Every
// field the fit depends on refreshes the fit panel (and, while the dialog is shown, checks the
// fit again after a short pause).
void TrainingDialog::connectFields() {
    connect(presetCombo_, &QComboBox::currentIndexChanged, this, &TrainingDialog::presetChosen);
    auto changed = [this] {
        updateEnabled();
        if (validated_) validate();
        scheduleFitCheck();
    };
    for (auto* e : {task_->lineEdit(), teacher_, student_, out_, base_})
        connect(e, &QLineEdit::textChanged, this, changed);
    for (const auto& st : stages_) {
        for (auto* e : {st.lr, st.wd}) connect(e, &QLineEdit::textChanged, this, changed);
        connect(st.epochs, &QSpinBox::valueChanged, this, changed);
    }
    for (auto* box : {initCgFromBase_, noSt_, noWarmup_, teacherAsGenerator_, fit_, fitVocab_})
        connect(box, &QCheckBox::toggled, this, changed);
    for (const auto& m : models_)
        for (auto* w : {m.epochs, m.hidden, m.intermediate, m.layers, m.heads, m.kvHeads})
            connect(w, &QSpinBox::valueChanged, this, changed);
    for (auto* w : {examples_, maxLength_, lengthCap_, vocab_, seed_, kTrain_})
        connect(w, &QSpinBox::valueChanged, this, changed);
    connect(percentile_, &QDoubleSpinBox::valueChanged, this, changed);
    connect(overLong_, &QComboBox::currentIndexChanged, this, changed);
    connect(device_, &QComboBox::currentIndexChanged, this, changed);
}

QWidget* TrainingDialog::taskField() {
    // The task: a built-in task, a dataset file or a dataset folder, typed or browsed.
    auto* box = new QWidget(this);
    auto* h = new QHBoxLayout(box);
    h->setContentsMargins(0, 0, 0, 0);
    h->addWidget(task_, 1);
    auto* browse = new QToolButton(box);
    browse->setText(QStringLiteral("..."));
    browse->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(browse);
    auto* file = menu->addAction(QString());
    file->setObjectName(QStringLiteral("browseDatasetFile"));
    auto* folder = menu->addAction(QString());
    folder->setObjectName(QStringLiteral("browseDatasetFolder"));
    browse->setMenu(menu);
    h->addWidget(browse);
    auto start = [this] {
        const QString t = task_->currentText().trimmed();
        return isBuiltinTask(t) || t.isEmpty() ? Settings::runFolder() : t;
    };
    connect(file, &QAction::triggered, this, [this, start] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Dataset file"), start(),
                                                       tr("SemCoT datasets (*.json *.jsonl)"));
        if (!f.isEmpty()) task_->setCurrentText(f);
    });
    connect(folder, &QAction::triggered, this, [this, start] {
        const QString f = QFileDialog::getExistingDirectory(this, tr("Dataset folder"), start());
        if (!f.isEmpty()) task_->setCurrentText(f);
    });
    return box;
}

QLabel* TrainingDialog::errorLabel() {
    auto* l = new QLabel(this);
    l->setStyleSheet(QStringLiteral("color: #d32f2f"));
    l->setWordWrap(true);
    l->setVisible(false);
    return l;
}

QWidget* TrainingDialog::withBrowse(QLineEdit* edit, bool directory, const QString& filter) {
    auto* box = new QWidget(this);
    auto* h = new QHBoxLayout(box);
    h->setContentsMargins(0, 0, 0, 0);
    h->addWidget(edit, 1);
    auto* browse = new QToolButton(box);
    browse->setText(QStringLiteral("..."));
    h->addWidget(browse);
    connect(browse, &QToolButton::clicked, this, [this, edit, directory, filter] {
        const QString start = edit->text().isEmpty() ? Settings::runFolder() : edit->text();
        const QString f = directory ? QFileDialog::getExistingDirectory(this, QString(), start)
                                    : QFileDialog::getOpenFileName(this, QString(), start, filter);
        if (!f.isEmpty()) edit->setText(f);
    });
    return box;
}

void TrainingDialog::showEvent(QShowEvent* event) {
    QDialog::showEvent(event);
    scheduleFitCheck();
}

void TrainingDialog::retranslateUi() {
    setWindowTitle(tr("New training run"));
    method_->setItemText(0, tr("SemCoT (from the preset)"));
    for (int i = 1; i < method_->count(); ++i)
        method_->setItemText(i, tr("%1 (a baseline on a finished run)")
                                    .arg(methodLabel(method_->itemData(i).toString())));
    for (const auto& [widget, text] : labels_) static_cast<QLabel*>(widget)->setText(tr(text));
    for (int i = 0; i < stages_.size(); ++i) stages_[i].label->setText(tr(kStageNames[i]));
    const char* stageHeads[] = {QT_TR_NOOP("stage"), QT_TR_NOOP("learning rate"),
                                QT_TR_NOOP("weight decay"), QT_TR_NOOP("epochs")};
    for (int c = 0; c < stageHeads_.size(); ++c)
        stageHeads_[c]->setText(QStringLiteral("<i>%1</i>").arg(tr(stageHeads[c])));
    task_->lineEdit()->setPlaceholderText(tr("coinflip, arithmetic, a dataset file or folder"));
    device_->setItemText(0, tr("Automatic (CUDA when available)"));
    device_->setItemText(1, tr("CPU"));
    device_->setItemText(2, tr("CUDA"));
    teacher_->setPlaceholderText(tr("empty: trained from scratch (tiny presets)"));
    student_->setPlaceholderText(tr("empty: trained from scratch (tiny presets)"));
    base_->setPlaceholderText(tr("empty: train all; a finished run: train only its generator"));
    initCgFromBase_->setText(tr("Continue the base run's generator (instead of a fresh one)"));
    noSt_->setText(tr("No sentence transformer"));
    noSt_->setToolTip(tr("Align mean-pooled teacher states instead of sentence embeddings"));
    noWarmup_->setText(tr("No warm-up stage"));
    teacherAsGenerator_->setText(tr("Teacher as generator"));
    teacherAsGenerator_->setToolTip(tr("The contemplation generator is a copy of the teacher"));
    retranslateModelFields();
    checkFit_->setText(tr("Check fit and time"));
    checkFit_->setToolTip(tr("Splits the data, trains the tokenizer and times a few training "
                             "steps, as the run would, without training"));
    if (auto* a = findChild<QAction*>(QStringLiteral("browseDatasetFile")))
        a->setText(tr("Dataset file..."));
    if (auto* a = findChild<QAction*>(QStringLiteral("browseDatasetFolder")))
        a->setText(tr("Dataset folder..."));
    showFit();
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("Start training"));
    if (auto* b = findChild<QPushButton*>(QStringLiteral("loadPresetFile")))
        b->setText(tr("Load preset file..."));
    if (auto* b = findChild<QPushButton*>(QStringLiteral("copyTrainCommand"))) {
        b->setText(tr("Copy as command"));
        b->setToolTip(tr("Copies the equivalent `semcot train` command; a SemCoT run's preset, "
                         "with your edits, is written to the output folder as preset.json"));
    }
    retranslatePlan();
    retranslateBaseline(); // after the labels: it lines them up
}

// The data and from-scratch model fields.
void TrainingDialog::retranslateModelFields() {
    examples_->setToolTip(tr("coinflip and arithmetic: examples generated; a dataset file or "
                             "folder: training examples kept (a seeded sample when it has more)"));
    maxLength_->setToolTip(tr("Tokens per training sequence, for the teacher, the student and "
                              "the SemCoT stages"));
    fit_->setText(tr("Fit to the data: percentile"));
    fit_->setToolTip(tr("max_length becomes this percentile of the training examples' lengths "
                        "(a multiple of 8, at most the cap); the models' context follows"));
    fitVocab_->setText(tr("from the data"));
    fitVocab_->setToolTip(tr("With the fit, the tokenizer's size comes from the data's words"));
    overLong_->setItemText(0, tr("Stop the run"));
    overLong_->setItemText(1, tr("Skip them"));
    overLong_->setToolTip(tr("Examples longer than max_length are never cut: the run stops "
                             "before training, or leaves them out (data/skipped.json)"));
    for (auto& m : models_)
        m.label->setText(m.key == QLatin1String("teacher") ? tr("Teacher") : tr("Student"));
    const char* modelHeads[] = {QT_TR_NOOP("model"),   QT_TR_NOOP("epochs"), QT_TR_NOOP("hidden"),
                                QT_TR_NOOP("FFN"),     QT_TR_NOOP("layers"), QT_TR_NOOP("heads"),
                                QT_TR_NOOP("KV heads")};
    for (int c = 0; c < modelHeads_.size(); ++c)
        modelHeads_[c]->setText(QStringLiteral("<i>%1</i>").arg(tr(modelHeads[c])));
}

void TrainingDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QDialog::changeEvent(event);
}

} // namespace semcot::ui
