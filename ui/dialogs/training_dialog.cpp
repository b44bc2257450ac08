#include "training_dialog.h"

#include "core_bridge.h"
#include "semcot/base_run.h"
#include "settings.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QScreen>
#include <QSpinBox>
#include <QTextDocumentFragment>
#include <QThread>
#include <QTimer>
#include <QToolButton>

#include <cmath>
#include <utility>

namespace semcot::ui {

namespace {

const char* const kStageKeys[] = {"st_stage1", "st_stage2", "cg_stage1", "cg_stage2"};

QString num(double v) {
    return QString::number(v, 'g', 6);
}

const char* const kModelKeys[] = {"teacher", "student"};
const char* const kBuiltinTasks[] = {"coinflip", "arithmetic"};

bool isBuiltinTask(const QString& task) {
    for (const char* t : kBuiltinTasks)
        if (task == QLatin1String(t)) return true;
    return false;
}

QSpinBox* spin(QWidget* parent, int lo, int hi, const QString& name) {
    auto* s = new QSpinBox(parent);
    s->setRange(lo, hi);
    s->setObjectName(name);
    return s;
}

// 75 s -> "1:15", 3700 s -> "1:01:40", 12 s -> "12 s", 0.3 s -> "<1 s".
QString duration(double seconds) {
    if (seconds < 1) return QStringLiteral("<1 s");
    const qint64 s = qint64(std::llround(seconds));
    if (s < 60) return QStringLiteral("%1 s").arg(s);
    const qint64 h = s / 3600, m = s % 3600 / 60, sec = s % 60;
    if (h > 0)
        return QStringLiteral("%1:%2:%3")
            .arg(h)
            .arg(m, 2, 10, QLatin1Char('0'))
            .arg(sec, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(sec, 2, 10, QLatin1Char('0'));
}

} // namespace

TrainingDialog::TrainingDialog(QWidget* parent)
    : QDialog(parent) {
    qRegisterMetaType<semcot::ui::FitCheckRequest>();
    qRegisterMetaType<semcot::ui::FitCheckResult>();
    auto* dataForm = new QFormLayout; // left column: data and models
    dataForm->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form_ = new QFormLayout; // right column: the SemCoT stages and the run
    form_->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
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
    kTrain_ = new QSpinBox(this);
    kInfer_ = new QSpinBox(this);
    kTrain_->setRange(1, 64);
    kInfer_->setRange(1, 64);
    temperature_ = new QDoubleSpinBox(this);
    temperature_->setRange(0.001, 100);
    temperature_->setDecimals(3);
    temperature_->setSingleStep(0.05);
    device_ = new QComboBox(this);
    device_->addItem(QString(), QStringLiteral("auto"));
    device_->addItem(QString(), QStringLiteral("cpu"));
    device_->addItem(QString(), QStringLiteral("cuda"));
    device_->setCurrentIndex(std::max(0, device_->findData(Settings::device())));
    seed_ = new QSpinBox(this);
    seed_->setRange(0, 1'000'000);
    out_ = new QLineEdit(this);
    base_ = new QLineEdit(this);
    base_->setObjectName(QStringLiteral("baseRun"));
    initCgFromBase_ = new QCheckBox(this);
    noSt_ = new QCheckBox(this);
    noWarmup_ = new QCheckBox(this);
    teacherAsGenerator_ = new QCheckBox(this);
    auto* ablations = new QWidget(this);
    auto* ablationLayout = new QGridLayout(ablations); // two columns: the dialog stays narrow
    ablationLayout->setContentsMargins(0, 0, 0, 0);
    ablationLayout->addWidget(noSt_, 0, 0);
    ablationLayout->addWidget(noWarmup_, 0, 1);
    ablationLayout->addWidget(teacherAsGenerator_, 1, 0);
    ablationLayout->setColumnStretch(2, 1);

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
    auto* lengthRow = new QWidget(this);
    auto* lengthLayout = new QHBoxLayout(lengthRow);
    lengthLayout->setContentsMargins(0, 0, 0, 0);
    auto* capLabel = new QLabel(this);
    lengthLayout->addWidget(maxLength_);
    lengthLayout->addStretch(1);
    auto* fitRow = new QWidget(this);
    auto* fitRowLayout = new QHBoxLayout(fitRow);
    fitRowLayout->setContentsMargins(0, 0, 0, 0);
    fitRowLayout->addWidget(fit_);
    fitRowLayout->addWidget(percentile_);
    fitRowLayout->addWidget(capLabel);
    fitRowLayout->addWidget(lengthCap_);
    fitRowLayout->addStretch(1);
    auto* vocabRow = new QWidget(this);
    auto* vocabLayout = new QHBoxLayout(vocabRow);
    vocabLayout->setContentsMargins(0, 0, 0, 0);
    vocabLayout->addWidget(vocab_);
    vocabLayout->addWidget(fitVocab_);
    vocabLayout->addStretch(1);
    overLongError_ = errorLabel();
    auto* overLongBox = new QWidget(this);
    auto* overLongLayout = new QVBoxLayout(overLongBox);
    overLongLayout->setContentsMargins(0, 0, 0, 0);
    overLongLayout->setSpacing(1);
    auto* overLongRow = new QHBoxLayout;
    overLongRow->addWidget(overLong_);
    overLongRow->addStretch(1);
    overLongLayout->addLayout(overLongRow);
    overLongLayout->addWidget(overLongError_);

    auto* modelGrid = new QGridLayout;
    modelGrid->setHorizontalSpacing(4);
    modelGrid->setVerticalSpacing(2);
    for (int c = 0; c < 7; ++c) modelGrid->addWidget(new QLabel(this), 0, c); // header
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
        modelGrid->addWidget(m.label, i + 1, 0);
        int c = 1;
        for (auto* w : {m.epochs, m.hidden, m.intermediate, m.layers, m.heads, m.kvHeads}) {
            modelGrid->addWidget(w, i + 1, c++);
            scratchWidgets_ << w;
        }
        scratchWidgets_ << m.label;
        models_ << m;
    }
    for (int c = 1; c < 7; ++c) modelGrid->setColumnStretch(c, 1);
    modelError_ = errorLabel();
    auto* modelBox = new QWidget(this);
    auto* modelLayout = new QVBoxLayout(modelBox);
    modelLayout->setContentsMargins(0, 0, 0, 0);
    modelLayout->setSpacing(1);
    modelLayout->addLayout(modelGrid);
    modelLayout->addWidget(modelError_);
    scratchWidgets_ << fit_ << overLong_ << vocabRow << capLabel;

    auto* stageGrid = new QGridLayout;
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
        s.epochs = new QSpinBox(this);
        s.epochs->setRange(0, 1000);
        stageGrid->addWidget(s.label, i + 1, 0);
        stageGrid->addWidget(s.lr, i + 1, 1);
        stageGrid->addWidget(s.wd, i + 1, 2);
        stageGrid->addWidget(s.epochs, i + 1, 3);
        stages_ << s;
    }
    stageGrid->addWidget(new QLabel(this), 0, 0); // header row, texts in retranslateUi
    for (int c = 1; c < 4; ++c) stageGrid->addWidget(new QLabel(this), 0, c);
    auto* stageBox = new QWidget(this);
    auto* stageLayout = new QVBoxLayout(stageBox);
    stageLayout->setContentsMargins(0, 0, 0, 0);
    stageLayout->addLayout(stageGrid);
    stageError_ = errorLabel();
    stageLayout->addWidget(stageError_);

    auto* kRow = new QWidget(this);
    auto* kLayout = new QHBoxLayout(kRow);
    kLayout->setContentsMargins(0, 0, 0, 0);
    auto* kTrainLabel = new QLabel(this);
    auto* kInferLabel = new QLabel(this);
    kLayout->addWidget(kTrainLabel);
    kLayout->addWidget(kTrain_);
    kLayout->addWidget(kInferLabel);
    kLayout->addWidget(kInfer_);
    kLayout->addStretch(1);

    taskError_ = errorLabel();
    teacherError_ = errorLabel();
    studentError_ = errorLabel();
    outError_ = errorLabel();
    baseError_ = errorLabel();
    auto addRow = [&](QFormLayout* form, const char* text, QWidget* field,
                      QLabel* error = nullptr) {
        auto* label = new QLabel(this);
        labels_ << qMakePair(static_cast<QWidget*>(label), text);
        if (error) {
            auto* box = new QWidget(this);
            auto* v = new QVBoxLayout(box);
            v->setContentsMargins(0, 0, 0, 0);
            v->setSpacing(1);
            v->addWidget(field);
            v->addWidget(error);
            form->addRow(label, box);
        } else {
            form->addRow(label, field);
        }
        return label;
    };
    // The preset and its description span both columns.
    auto* presetForm = new QFormLayout;
    presetForm->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    auto* presetRow = new QWidget(this);
    auto* presetLayout = new QHBoxLayout(presetRow);
    presetLayout->setContentsMargins(0, 0, 0, 0);
    presetLayout->addWidget(presetCombo_);
    presetLayout->addWidget(presetInfo_, 1);
    addRow(presetForm, QT_TR_NOOP("Preset:"), presetRow);
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
    scratchWidgets_ << addRow(dataForm, QT_TR_NOOP("Models from scratch:"), modelBox);
    addRow(dataForm, QT_TR_NOOP("Output folder:"), withBrowse(out_, true), outError_);
    addRow(form_, QT_TR_NOOP("Training stages:"), stageBox);
    addRow(form_, QT_TR_NOOP("Alpha (reasoning weight):"), alpha_);
    addRow(form_, QT_TR_NOOP("Implicit tokens:"), kRow);
    addRow(form_, QT_TR_NOOP("Ablations:"), ablations);
    addRow(form_, QT_TR_NOOP("ST temperature:"), temperature_);
    addRow(form_, QT_TR_NOOP("Device:"), device_);
    addRow(form_, QT_TR_NOOP("Seed:"), seed_);
    addRow(form_, QT_TR_NOOP("Base run (optional):"), withBrowse(base_, true), baseError_);
    form_->addRow(QString(), initCgFromBase_);
    labels_ << qMakePair(static_cast<QWidget*>(kTrainLabel), QT_TR_NOOP("training"))
            << qMakePair(static_cast<QWidget*>(kInferLabel), QT_TR_NOOP("inference"))
            << qMakePair(static_cast<QWidget*>(capLabel), QT_TR_NOOP("at most"));

    // The fit panel: what the data needs and how long the run takes, before it starts.
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
    auto* fitPanel = new QFrame(this);
    fitPanel->setFrameShape(QFrame::StyledPanel);
    auto* fitLayout = new QHBoxLayout(fitPanel);
    fitLayout->addWidget(fitView_, 1);
    fitLayout->addWidget(checkFit_, 0, Qt::AlignTop);

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

    auto* columns = new QHBoxLayout;
    columns->addLayout(dataForm, 11);
    columns->addSpacing(12);
    columns->addLayout(form_, 10);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(presetForm);
    layout->addLayout(columns);
    layout->addWidget(fitPanel);
    layout->addWidget(buttons_);

    // The fit check runs on a thread of its own. The thread and the worker delete themselves
    // when the thread ends, which the destructor asks for: a check still running then
    // finishes first, without blocking the UI.
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

    connect(presetCombo_, &QComboBox::currentIndexChanged, this, &TrainingDialog::presetChosen);
    // Once the messages are shown, they follow the fields: a fixed field loses its message.
    // Every field the fit depends on refreshes the fit panel (and, while the dialog is shown,
    // checks the fit again after a short pause).
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
    retranslateUi();
    presetChosen(presetCombo_->currentIndex());
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

void TrainingDialog::presetChosen(int index) {
    if (index < 0) return;
    QString error;
    if (!loadPresetFile(presetPath(presetCombo_->itemText(index)), &error))
        presetInfo_->setText(error);
}

bool TrainingDialog::loadPresetFile(const QString& path, QString* error) {
    QFile f(path);
    if (QFileInfo(path).isDir() || !f.open(QIODevice::ReadOnly)) {
        if (error)
            *error =
                tr("cannot read the preset %1: %2")
                    .arg(path, QFileInfo(path).isDir() ? tr("it is a folder") : f.errorString());
        return false;
    }
    QJsonParseError perr{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &perr);
    if (perr.error != QJsonParseError::NoError) {
        if (error) *error = tr("%1 is not a valid preset: %2").arg(path, perr.errorString());
        return false;
    }
    if (!doc.isObject()) {
        if (error) *error = tr("%1 is not a valid preset: expected a JSON object").arg(path);
        return false;
    }
    preset_ = doc.object();
    presetName_ = QFileInfo(path).completeBaseName();
    {
        // The combo names the preset loaded, also when a file of a listed name was loaded.
        const QSignalBlocker block(presetCombo_);
        if (presetCombo_->findText(presetName_) < 0) presetCombo_->addItem(presetName_);
        presetCombo_->setCurrentIndex(presetCombo_->findText(presetName_));
    }
    presetInfo_->setText(preset_.value(QStringLiteral("description")).toString());
    task_->setCurrentText(
        preset_.value(QStringLiteral("task")).toString(QStringLiteral("coinflip")));
    teacher_->setText(preset_.value(QStringLiteral("teacher_model")).toString());
    student_->setText(preset_.value(QStringLiteral("student_model")).toString());
    const QJsonObject sem = preset_.value(QStringLiteral("semcot")).toObject();
    for (auto& s : stages_) {
        const QJsonObject st = sem.value(s.key).toObject();
        s.lr->setText(num(st.value(QStringLiteral("lr")).toDouble(1e-3)));
        s.wd->setText(num(st.value(QStringLiteral("weight_decay")).toDouble(0)));
        s.epochs->setValue(st.value(QStringLiteral("epochs")).toInt(1));
    }
    alpha_->setValue(sem.value(QStringLiteral("alpha")).toDouble(0.5));
    noSt_->setChecked(sem.value(QStringLiteral("no_st")).toBool(false));
    noWarmup_->setChecked(sem.value(QStringLiteral("no_warmup")).toBool(false));
    teacherAsGenerator_->setChecked(
        sem.value(QStringLiteral("teacher_as_generator")).toBool(false));
    temperature_->setValue(sem.value(QStringLiteral("st_temperature")).toDouble(1.0));
    const QJsonObject cg = preset_.value(QStringLiteral("contemplation")).toObject();
    kTrain_->setValue(cg.value(QStringLiteral("k_train")).toInt(5));
    kInfer_->setValue(cg.value(QStringLiteral("k_infer")).toInt(1));
    // Data and models (core's defaults where the preset has no value: semcot/run.h).
    examples_->setValue(preset_.value(QStringLiteral("examples")).toInt(2000));
    const bool scratch = preset_.contains(QStringLiteral("teacher"));
    auto maxLengthOf = [this](const char* key) {
        return preset_.value(QLatin1String(key))
            .toObject()
            .value(QStringLiteral("max_length"))
            .toInt(256);
    };
    // A run is bound by its smallest max_length; the field sets all three.
    maxLength_->setValue(scratch ? std::min({maxLengthOf("teacher_train"),
                                             maxLengthOf("student_train"), maxLengthOf("semcot")})
                                 : maxLengthOf("semcot"));
    vocab_->setValue(preset_.value(QStringLiteral("vocab_size")).toInt(400));
    const QJsonValue fit = preset_.value(QStringLiteral("fit"));
    fit_->setChecked(fit.isObject());
    const QJsonObject fitObject = fit.toObject();
    percentile_->setValue(fitObject.value(QStringLiteral("percentile")).toDouble(99));
    lengthCap_->setValue(fitObject.value(QStringLiteral("max_length_cap")).toInt(1024));
    fitVocab_->setChecked(fitObject.value(QStringLiteral("vocab")).toBool(true));
    // Core's default: a fit skips (a percentile leaves examples out by construction).
    const QString overLong =
        preset_.value(QStringLiteral("over_long"))
            .toString(fit.isObject() ? QStringLiteral("skip") : QStringLiteral("stop"));
    overLong_->setCurrentIndex(std::max(0, overLong_->findData(overLong)));
    for (auto& m : models_) {
        const QJsonObject shape = preset_.value(m.key).toObject();
        auto size = [&shape](const char* key) { return shape.value(QLatin1String(key)).toInt(0); };
        m.hidden->setValue(size("hidden_size"));
        m.intermediate->setValue(size("intermediate_size"));
        m.layers->setValue(size("num_hidden_layers"));
        m.heads->setValue(size("num_attention_heads"));
        // Hugging Face's default: as many key-value heads as attention heads.
        m.kvHeads->setValue(
            shape.value(QStringLiteral("num_key_value_heads")).toInt(size("num_attention_heads")));
        m.epochs->setValue(preset_.value(m.key + QStringLiteral("_train"))
                               .toObject()
                               .value(QStringLiteral("epochs"))
                               .toInt(10));
    }
    updateEnabled();
    setOutputFolder(QDir(Settings::runFolder())
                        .filePath(QStringLiteral("%1-%2").arg(
                            presetName_, QDateTime::currentDateTime().toString(
                                             QStringLiteral("yyyyMMdd-HHmmss")))));
    return true;
}

void TrainingDialog::setOutputFolder(const QString& folder) {
    out_->setText(folder);
}

void TrainingDialog::setTeacherFolder(const QString& folder) {
    teacher_->setText(folder);
}

void TrainingDialog::setBaseRun(const QString& folder) {
    base_->setText(folder);
}

namespace {

// A learning rate or weight decay as typed: a finite number (C locale, or the user's).
bool parseNumber(const QString& text, double* value) {
    const QString t = text.trimmed();
    bool ok = false;
    double v = t.toDouble(&ok);
    if (!ok) v = QLocale().toDouble(t, &ok);
    if (ok && !std::isfinite(v)) ok = false;
    if (ok) *value = v;
    return ok;
}

QString baseProblem(const semcot::BaseRunProblem& p) {
    using Kind = semcot::BaseRunProblem::Kind;
    const QString detail = QString::fromStdString(p.detail);
    switch (p.kind) {
    case Kind::no_folder:
        return TrainingDialog::tr("No such folder.");
    case Kind::no_run_json:
        return TrainingDialog::tr("Not a SemCoT run: run.json is missing or unreadable.");
    case Kind::bad_run_json:
        return TrainingDialog::tr("Not a SemCoT run: run.json is missing or unreadable.");
    case Kind::not_finished:
        return TrainingDialog::tr("The base run has not finished training.");
    case Kind::stage_missing:
        return TrainingDialog::tr("The base run has no finished %1 stage.").arg(detail);
    case Kind::file_missing:
        return TrainingDialog::tr("The base run lacks %1.").arg(detail);
    case Kind::no_student:
        return TrainingDialog::tr("The base run keeps no student to train a new generator from.");
    case Kind::no_generator:
        return TrainingDialog::tr("The base run's generator is incomplete (%1 is missing), so it "
                                  "cannot be continued.")
            .arg(detail);
    }
    return QString::fromStdString(p.message());
}

} // namespace

bool TrainingDialog::validate() {
    validated_ = true;
    bool ok = true;
    auto show = [&ok](QLabel* label, const QString& message) {
        label->setText(message);
        label->setVisible(!message.isEmpty());
        if (!message.isEmpty()) ok = false;
    };
    show(taskError_, taskProblem());
    auto modelMsg = [](const QString& folder) {
        if (folder.isEmpty()) return QString();
        if (!QFileInfo(folder).isDir()) return tr("No such folder.");
        if (!QFileInfo::exists(QDir(folder).filePath(QStringLiteral("config.json"))))
            return tr("Not a model folder: config.json is missing.");
        return QString();
    };
    show(teacherError_, modelMsg(teacher_->text().trimmed()));
    show(studentError_, modelMsg(student_->text().trimmed()));
    if (teacher_->text().trimmed().isEmpty() != student_->text().trimmed().isEmpty() &&
        teacherError_->text().isEmpty())
        show(teacherError_, tr("Give both the teacher and the student folder, or neither "
                               "(both are then trained from scratch)."));
    if (teacher_->text().trimmed().isEmpty() && !preset_.contains(QStringLiteral("teacher")))
        show(teacherError_, tr("This preset has no model shapes: choose a teacher and a student."));
    const QString base = base_->text().trimmed();
    QString baseMsg;
    if (!base.isEmpty()) {
        // What `semcot train --base` needs (core's check, the one train_run makes).
        const semcot::BaseRunCheck check =
            semcot::check_base_run(base.toStdString(), initCgFromBase_->isChecked());
        QStringList problems;
        for (const auto& p : check.problems) problems << baseProblem(p);
        problems.removeDuplicates();
        baseMsg = problems.join(u' ');
    } else if (initCgFromBase_->isChecked()) {
        baseMsg = tr("Continuing a generator needs a base run.");
    }
    show(baseError_, baseMsg);
    QStringList stageMsgs;
    const char* stageNames[] = {
        QT_TR_NOOP("ST stage 1 (projection)"), QT_TR_NOOP("ST stage 2 (layers)"),
        QT_TR_NOOP("CG stage 1 (warm-up)"), QT_TR_NOOP("CG stage 2 (full)")};
    for (int i = 0; i < stages_.size(); ++i) {
        const auto& s = stages_[i];
        double lr = 0, wd = 0;
        const bool okLr = parseNumber(s.lr->text(), &lr), okWd = parseNumber(s.wd->text(), &wd);
        const QString name = tr(stageNames[i]);
        if (!okLr || lr <= 0)
            stageMsgs << tr("%1: the learning rate must be a number above 0 (not \"%2\").")
                             .arg(name, s.lr->text().trimmed());
        if (!okWd || wd < 0)
            stageMsgs << tr("%1: the weight decay must be a number, 0 or more (not \"%2\").")
                             .arg(name, s.wd->text().trimmed());
        for (auto [edit, bad] :
             {std::pair{s.lr, !okLr || lr <= 0}, std::pair{s.wd, !okWd || wd < 0}})
            edit->setStyleSheet(bad ? QStringLiteral("QLineEdit { border: 1px solid #d32f2f; }")
                                    : QString());
    }
    show(stageError_, stageMsgs.join(u'\n'));
    const QStringList modelMsgs = modelProblems();
    show(modelError_, modelMsgs.join(u'\n'));
    QString overLongMsg;
    if (const qint64 n = overLongThatStops(); n > 0)
        overLongMsg = tr("The last check found %1 examples longer than max_length %2 (the longest "
                         "has %3 tokens): the run would stop before training. Skip them, raise "
                         "max_length, or fit it to the data.")
                          .arg(n)
                          .arg(lastFit_->maxLength)
                          .arg(lastFit_->longest);
    show(overLongError_, overLongMsg);
    const QString out = out_->text().trimmed();
    QString outMsg;
    if (out.isEmpty())
        outMsg = tr("Choose a folder for the run.");
    else if (QFileInfo::exists(QDir(out).filePath(QStringLiteral("run.json"))))
        outMsg = tr("This folder already holds a run. Open it (File > Open run) to resume it, or "
                    "choose another folder.");
    else if (QFileInfo(out).exists() && !QFileInfo(out).isDir())
        outMsg = tr("A file with this name exists.");
    show(outError_, outMsg);
    return ok;
}

QString TrainingDialog::fieldError(const QString& field) const {
    const QLabel* l = field == QStringLiteral("out")         ? outError_
                      : field == QStringLiteral("task")      ? taskError_
                      : field == QStringLiteral("teacher")   ? teacherError_
                      : field == QStringLiteral("student")   ? studentError_
                      : field == QStringLiteral("base")      ? baseError_
                      : field == QStringLiteral("models")    ? modelError_
                      : field == QStringLiteral("over_long") ? overLongError_
                                                             : stageError_;
    return l->isHidden() ? QString() : l->text();
}

TrainRequest TrainingDialog::request() const {
    QJsonObject p = preset_;
    const QString task = task_->currentText().trimmed();
    p[QStringLiteral("task")] = task;
    const QString teacher = teacher_->text().trimmed(), student = student_->text().trimmed();
    if (teacher.isEmpty())
        p.remove(QStringLiteral("teacher_model"));
    else
        p[QStringLiteral("teacher_model")] = teacher;
    if (student.isEmpty())
        p.remove(QStringLiteral("student_model"));
    else
        p[QStringLiteral("student_model")] = student;
    QJsonObject sem = p.value(QStringLiteral("semcot")).toObject();
    for (const auto& s : stages_) {
        QJsonObject st = sem.value(s.key).toObject();
        double lr = 0, wd = 0;
        parseNumber(s.lr->text(), &lr); // validate() accepted both
        parseNumber(s.wd->text(), &wd);
        st[QStringLiteral("lr")] = lr;
        st[QStringLiteral("weight_decay")] = wd;
        st[QStringLiteral("epochs")] = s.epochs->value();
        sem[s.key] = st;
    }
    sem[QStringLiteral("max_length")] = maxLength_->value();
    sem[QStringLiteral("alpha")] = alpha_->value();
    sem[QStringLiteral("st_temperature")] = temperature_->value();
    sem[QStringLiteral("no_st")] = noSt_->isChecked();
    sem[QStringLiteral("no_warmup")] = noWarmup_->isChecked();
    sem[QStringLiteral("teacher_as_generator")] = teacherAsGenerator_->isChecked();
    p[QStringLiteral("semcot")] = sem;
    QJsonObject cg = p.value(QStringLiteral("contemplation")).toObject();
    cg[QStringLiteral("k_train")] = kTrain_->value();
    cg[QStringLiteral("k_infer")] = kInfer_->value();
    p[QStringLiteral("contemplation")] = cg;
    p[QStringLiteral("examples")] = examples_->value();
    if (fromScratch()) {
        // One max_length for the three stages (a run is bound by the smallest anyway). The
        // models' context grows to max_length + 64 as a fit makes it grow (run.cpp apply_fit):
        // the LM trainer would otherwise cut every sequence to the context without a word.
        const int maxLength = maxLength_->value();
        for (const auto& m : models_) {
            QJsonObject train = p.value(m.key + QStringLiteral("_train")).toObject();
            train[QStringLiteral("epochs")] = m.epochs->value();
            train[QStringLiteral("max_length")] = maxLength;
            p[m.key + QStringLiteral("_train")] = train;
            QJsonObject shape = p.value(m.key).toObject();
            shape[QStringLiteral("hidden_size")] = m.hidden->value();
            shape[QStringLiteral("intermediate_size")] = m.intermediate->value();
            shape[QStringLiteral("num_hidden_layers")] = m.layers->value();
            shape[QStringLiteral("num_attention_heads")] = m.heads->value();
            shape[QStringLiteral("num_key_value_heads")] = m.kvHeads->value();
            if (!fit_->isChecked())
                shape[QStringLiteral("max_position_embeddings")] =
                    std::max(shape.value(QStringLiteral("max_position_embeddings")).toInt(0),
                             maxLength + 64);
            p[m.key] = shape;
        }
        p[QStringLiteral("vocab_size")] = vocab_->value();
        if (fit_->isChecked()) {
            QJsonObject fit = p.value(QStringLiteral("fit")).toObject();
            fit[QStringLiteral("percentile")] = percentile_->value();
            fit[QStringLiteral("max_length_cap")] = lengthCap_->value();
            fit[QStringLiteral("vocab")] = fitVocab_->isChecked();
            p[QStringLiteral("fit")] = fit;
        } else {
            p.remove(QStringLiteral("fit"));
        }
        p[QStringLiteral("over_long")] = overLong_->currentData().toString();
    }

    TrainRequest r;
    r.presetName = presetName_;
    r.presetJson = QJsonDocument(p).toJson();
    r.task = task;
    r.out = QDir::cleanPath(out_->text().trimmed());
    r.device = device_->currentData().toString();
    r.seed = quint64(seed_->value());
    r.base =
        base_->text().trimmed().isEmpty() ? QString() : QDir::cleanPath(base_->text().trimmed());
    r.initCgFromBase = initCgFromBase_->isChecked();
    return r;
}

void TrainingDialog::accept() {
    if (validate()) QDialog::accept();
}

bool TrainingDialog::fromScratch() const {
    return teacher_->text().trimmed().isEmpty() && student_->text().trimmed().isEmpty() &&
           preset_.contains(QStringLiteral("teacher")) &&
           preset_.contains(QStringLiteral("student"));
}

void TrainingDialog::updateEnabled() {
    const bool scratch = fromScratch(), fit = fit_->isChecked();
    for (auto* w : std::as_const(scratchWidgets_)) w->setEnabled(scratch);
    // The fit chooses max_length (and the tokenizer's size when asked to).
    maxLength_->setEnabled(!(scratch && fit));
    percentile_->setEnabled(scratch && fit);
    lengthCap_->setEnabled(scratch && fit);
    fitVocab_->setEnabled(scratch && fit);
    vocab_->setEnabled(scratch && !(fit && fitVocab_->isChecked()));
}

QString TrainingDialog::taskProblem() const {
    const QString task = task_->currentText().trimmed();
    if (task.isEmpty())
        return tr("Choose coinflip, arithmetic, a SemCoT JSON dataset file or a dataset folder.");
    if (isBuiltinTask(task) || QFileInfo(task).isFile()) return {};
    if (QFileInfo(task).isDir()) {
        // What core's find_dataset_files looks for (data/dataset.h).
        const QStringList train = QDir(task).entryList(
            {QStringLiteral("train_*.json"), QStringLiteral("train_*.jsonl")}, QDir::Files);
        if (train.isEmpty())
            return tr("This folder has no train_*.json file (a dataset folder holds "
                      "train_*.json and eval_*.json).");
        return {};
    }
    return tr("No such dataset file or folder: %1").arg(task);
}

QStringList TrainingDialog::modelProblems() const {
    QStringList problems;
    if (!fromScratch()) return problems;
    const QString red = QStringLiteral("QSpinBox { border: 1px solid #d32f2f; }");
    for (const auto& m : models_) {
        const QString name = m.key == QLatin1String("teacher") ? tr("Teacher") : tr("Student");
        QList<QSpinBox*> bad;
        for (auto* w : {m.hidden, m.intermediate, m.layers, m.heads, m.kvHeads})
            if (w->value() <= 0) bad << w;
        if (!bad.isEmpty()) problems << tr("%1: every size must be above 0.").arg(name);
        if (m.epochs->value() <= 0) {
            problems << tr("%1: train it for at least one epoch.").arg(name);
            bad << m.epochs;
        }
        const int hidden = m.hidden->value(), heads = m.heads->value(), kv = m.kvHeads->value();
        if (hidden > 0 && heads > 0 && hidden % heads != 0) {
            problems << tr("%1: the hidden size %2 is not divisible by %3 attention heads.")
                            .arg(name)
                            .arg(hidden)
                            .arg(heads);
            bad << m.hidden << m.heads;
        } else if (hidden > 0 && heads > 0 && (hidden / heads) % 2 != 0) {
            problems << tr("%1: the head dimension %2 (hidden size / heads) must be even for "
                           "rotary position embeddings.")
                            .arg(name)
                            .arg(hidden / heads);
            bad << m.hidden << m.heads;
        }
        if (heads > 0 && kv > 0 && heads % kv != 0) {
            problems << tr("%1: %2 attention heads are not divisible by %3 key-value heads.")
                            .arg(name)
                            .arg(heads)
                            .arg(kv);
            bad << m.heads << m.kvHeads;
        }
        if (m.key == QLatin1String("teacher") && !noSt_->isChecked()) {
            // The sentence transformer is built from the teacher's layers [start, end).
            const int end = preset_.value(QStringLiteral("sentence_transformer"))
                                .toObject()
                                .value(QStringLiteral("end_layer"))
                                .toInt(0);
            if (m.layers->value() > 0 && m.layers->value() < end) {
                problems << tr("Teacher: the sentence transformer is built from its layers up "
                               "to %1, so it needs at least %1 layers.")
                                .arg(end);
                bad << m.layers;
            }
        }
        for (auto* w : {m.epochs, m.hidden, m.intermediate, m.layers, m.heads, m.kvHeads})
            w->setStyleSheet(bad.contains(w) ? red : QString());
    }
    return problems;
}

QString TrainingDialog::fitBlocker() const {
    if (!preset_.contains(QStringLiteral("teacher")) || !fromScratch())
        return tr("The fit to the data and the time estimate are for models trained from "
                  "scratch; this run loads its models from folders.");
    if (!taskProblem().isEmpty()) return tr("Choose a task, dataset file or folder first.");
    bool numbersOk = true;
    for (const auto& s : stages_) {
        double lr = 0, wd = 0;
        if (!parseNumber(s.lr->text(), &lr) || lr <= 0 || !parseNumber(s.wd->text(), &wd) || wd < 0)
            numbersOk = false;
    }
    if (!numbersOk || !modelProblems().isEmpty()) return tr("Fix the fields marked in red first.");
    return {};
}

QByteArray TrainingDialog::fitKey() const {
    const TrainRequest r = request();
    QJsonObject p = QJsonDocument::fromJson(r.presetJson).object();
    p.remove(QStringLiteral("over_long")); // what a run does with longer examples, not the fit
    return QJsonDocument(p).toJson(QJsonDocument::Compact) + '\n' + r.task.toUtf8() + '\n' +
           QByteArray::number(r.seed);
}

void TrainingDialog::checkFitAndTime() {
    fitTimer_->stop();
    requestFitCheck(true);
}

void TrainingDialog::requestFitCheck(bool estimate) {
    if (!fitBlocker().isEmpty()) {
        showFit();
        return;
    }
    const TrainRequest t = request();
    FitCheckRequest r;
    r.id = ++fitId_;
    r.presetName = presetName_.isEmpty() ? QStringLiteral("preset") : presetName_;
    r.presetJson = t.presetJson;
    r.task = t.task;
    r.seed = t.seed;
    r.device = t.device;
    r.estimate = estimate;
    if (fitBusy_) {
        // One check at a time: the latest request waits for the running one.
        if (fitPending_ && fitPending_->estimate && fitPending_->presetJson == r.presetJson &&
            fitPending_->task == r.task && fitPending_->seed == r.seed)
            r.estimate = true;
        fitPending_ = r;
        pendingKey_ = fitKey();
        showFit();
        return;
    }
    fitBusy_ = true;
    busyKey_ = fitKey();
    fitPending_.reset();
    Q_EMIT fitCheckRequested(r);
    showFit();
}

void TrainingDialog::scheduleFitCheck() {
    showFit();
    if (isVisible()) fitTimer_->start();
}

void TrainingDialog::fitChecked(const FitCheckResult& result) {
    fitBusy_ = false;
    // Kept even when the fields changed meanwhile: the panel then says it is out of date.
    lastFit_ = result;
    lastFitKey_ = busyKey_;
    fitError_.clear();
    startPendingFitCheck();
}

void TrainingDialog::fitFailed(int /*id*/, const QString& message) {
    fitBusy_ = false;
    lastFit_.reset();
    lastFitKey_ = busyKey_; // the automatic check does not repeat a failed one
    fitError_ = message;
    startPendingFitCheck();
}

// The check asked for while one ran goes next; then the panel and the messages follow.
void TrainingDialog::startPendingFitCheck() {
    if (fitPending_) {
        const FitCheckRequest next = *fitPending_;
        fitPending_.reset();
        fitBusy_ = true;
        busyKey_ = pendingKey_;
        Q_EMIT fitCheckRequested(next);
    }
    if (validated_) validate();
    showFit();
}

qint64 TrainingDialog::overLongThatStops() const {
    if (!lastFit_ || lastFitKey_ != fitKey() || !fromScratch() ||
        overLong_->currentData().toString() != QLatin1String("stop"))
        return 0;
    return lastFit_->overLongCount();
}

void TrainingDialog::showFit() {
    if (!fitView_) return;
    const QString gray = QStringLiteral("<span style=\"color: gray\">%1</span>");
    const QString red = QStringLiteral("<span style=\"color: #d32f2f\">%1</span>");
    QStringList lines;
    const QString blocker = fitBlocker();
    const bool current = lastFitKey_ == fitKey();
    if (fitBusy_) {
        lines << QStringLiteral("<i>%1</i>").arg(tr("Measuring..."));
    } else if (!blocker.isEmpty()) {
        lines << gray.arg(blocker.toHtmlEscaped());
    } else if (!fitError_.isEmpty() && current) {
        lines << red.arg(tr("The check failed: %1").arg(fitError_).toHtmlEscaped());
    } else if (!lastFit_) {
        lines << gray.arg(tr("Press \"Check fit and time\" to see the tokenizer size, "
                             "the examples' lengths, max_length and the training time on this "
                             "data.")
                              .toHtmlEscaped());
    } else {
        const FitCheckResult& f = *lastFit_;
        lines << tr("Tokenizer: %1 pieces. Example lengths in tokens: median %2, %3th "
                    "percentile %4, longest %5.")
                     .arg(f.vocabSize)
                     .arg(f.medianLength)
                     .arg(num(f.percentile))
                     .arg(f.percentileLength)
                     .arg(f.longest)
                     .toHtmlEscaped();
        lines << (f.fitted ? tr("max_length %1, fitted to the data; %2 training and %3 "
                                "validation examples.")
                           : tr("max_length %1, as set; %2 training and %3 validation examples."))
                     .arg(f.maxLength)
                     .arg(f.train)
                     .arg(f.validation)
                     .toHtmlEscaped();
        const bool skip = overLong_->currentData().toString() == QLatin1String("skip");
        if (f.overLongCount() == 0) {
            lines << tr("Every example fits.").toHtmlEscaped();
        } else if (skip) {
            lines << tr("Longer than max_length: %1 of %2 training and %3 of %4 validation "
                        "examples, which the run skips.")
                         .arg(f.skippedTrain)
                         .arg(f.train)
                         .arg(f.skippedValidation)
                         .arg(f.validation)
                         .toHtmlEscaped();
        } else {
            lines << red.arg(tr("Longer than max_length: %1 of %2 training and %3 of %4 "
                                "validation examples, so the run would stop before training.")
                                 .arg(f.skippedTrain)
                                 .arg(f.train)
                                 .arg(f.skippedValidation)
                                 .arg(f.validation)
                                 .toHtmlEscaped());
        }
        if (f.estimated) {
            QStringList stages;
            for (const auto& st : f.stages) {
                const QString name = st.stage == QLatin1String("teacher")   ? tr("teacher")
                                     : st.stage == QLatin1String("student") ? tr("student")
                                     : st.stage == QLatin1String("st") ? tr("sentence transformer")
                                     : st.stage == QLatin1String("cg") ? tr("generator")
                                                                       : st.stage;
                stages << tr("%1 %2 (%3 steps)").arg(name, duration(st.seconds)).arg(st.steps);
            }
            const QString where = f.device == QLatin1String("cpu")
                                      ? tr("this machine's CPU")
                                      : tr("this machine's GPU (%1)").arg(f.device);
            lines << QStringLiteral("<b>%1</b>")
                         .arg(tr("Estimated time on %1: %2; total %3.")
                                  .arg(where, stages.join(QStringLiteral(", ")),
                                       duration(f.totalSeconds()))
                                  .toHtmlEscaped());
        } else {
            lines << gray.arg(tr("Training time: press \"Check fit and time\" (it times a "
                                 "few training steps on this machine).")
                                  .toHtmlEscaped());
        }
        if (!current)
            lines << gray.arg(QStringLiteral("<i>%1</i>")
                                  .arg(tr("These numbers are for earlier settings: check again.")
                                           .toHtmlEscaped()));
    }
    fitView_->setText(lines.join(QStringLiteral("<br>")));
}

QString TrainingDialog::fitText() const {
    return QTextDocumentFragment::fromHtml(fitView_->text()).toPlainText();
}

void TrainingDialog::showEvent(QShowEvent* event) {
    QDialog::showEvent(event);
    scheduleFitCheck();
}

void TrainingDialog::retranslateUi() {
    setWindowTitle(tr("New training run"));
    for (const auto& [widget, text] : labels_) static_cast<QLabel*>(widget)->setText(tr(text));
    const char* stageNames[] = {
        QT_TR_NOOP("ST stage 1 (projection)"), QT_TR_NOOP("ST stage 2 (layers)"),
        QT_TR_NOOP("CG stage 1 (warm-up)"), QT_TR_NOOP("CG stage 2 (full)")};
    for (int i = 0; i < stages_.size(); ++i) stages_[i].label->setText(tr(stageNames[i]));
    if (auto* grid = qobject_cast<QGridLayout*>(
            stages_.first().label->parentWidget()->layout()->itemAt(0)->layout())) {
        const char* heads[] = {QT_TR_NOOP("stage"), QT_TR_NOOP("learning rate"),
                               QT_TR_NOOP("weight decay"), QT_TR_NOOP("epochs")};
        for (int c = 0; c < 4; ++c)
            if (auto* l = qobject_cast<QLabel*>(grid->itemAtPosition(0, c)->widget()))
                l->setText(QStringLiteral("<i>%1</i>").arg(tr(heads[c])));
    }
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
    if (auto* grid = qobject_cast<QGridLayout*>(
            models_.first().label->parentWidget()->layout()->itemAt(0)->layout())) {
        const char* heads[] = {QT_TR_NOOP("model"),   QT_TR_NOOP("epochs"), QT_TR_NOOP("hidden"),
                               QT_TR_NOOP("FFN"),     QT_TR_NOOP("layers"), QT_TR_NOOP("heads"),
                               QT_TR_NOOP("KV heads")};
        for (int c = 0; c < 7; ++c)
            if (auto* l = qobject_cast<QLabel*>(grid->itemAtPosition(0, c)->widget()))
                l->setText(QStringLiteral("<i>%1</i>").arg(tr(heads[c])));
    }
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
}

void TrainingDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QDialog::changeEvent(event);
}

} // namespace semcot::ui
