#include "training_dialog.h"

#include "common/device.h"
#include "engine/device_memory.h"
#include "qt_string.h"
#include "semcot/memory_plan.h"
#include "training_dialog_util.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTextDocumentFragment>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

// The memory plan panel (issue 17 §2): before Start, the memory each stage of the run needs on
// one process, as the fields set it (semcot::configured_plan), against the device's memory, a
// warning when it does not fit, and the micro-batch, teacher precision and checkpointing that
// would (semcot::recommend_plan), which "Apply" puts in the fields. No torch runs: the plan
// counts bytes from the shapes, so it follows every edit at once.

namespace semcot::ui {

using namespace training_dialog;

namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

QString bytes(int64_t b) {
    return qs(semcot::format_bytes(b));
}

} // namespace

QWidget* TrainingDialog::buildPlanPanel() {
    deviceMemory_ = new QDoubleSpinBox(this);
    deviceMemory_->setObjectName(QStringLiteral("deviceMemory"));
    deviceMemory_->setRange(0.1, 1'000'000);
    deviceMemory_->setDecimals(2);
    deviceMemory_->setSuffix(QStringLiteral(" GiB"));
    microBatch_ = new QSpinBox(this);
    microBatch_->setObjectName(QStringLiteral("microBatch"));
    microBatch_->setRange(0, 1 << 20);
    teacherDtype_ = new QComboBox(this);
    teacherDtype_->setObjectName(QStringLiteral("teacherDtype"));
    for (const char* d : {"float32", "bfloat16", "float16"})
        teacherDtype_->addItem(QString(), QString::fromLatin1(d));
    checkpointing_ = new QCheckBox(this);
    checkpointing_->setObjectName(QStringLiteral("activationCheckpointing"));
    applyPlan_ = new QPushButton(this);
    applyPlan_->setObjectName(QStringLiteral("applyPlan"));
    connect(applyPlan_, &QPushButton::clicked, this, [this] { applyPlanRecommendation(); });
    planView_ = new QLabel(this);
    planView_->setObjectName(QStringLiteral("planView"));
    planView_->setWordWrap(true);
    planView_->setTextFormat(Qt::RichText);
    planView_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    planView_->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    auto* panel = new QFrame(this);
    panel->setFrameShape(QFrame::StyledPanel);
    auto* fields = new QHBoxLayout;
    auto label = [&](const char* text, QWidget* buddy) {
        auto* l = new QLabel(this);
        l->setBuddy(buddy);
        planLabels_.append({l, text});
        fields->addWidget(l);
        fields->addWidget(buddy);
        fields->addSpacing(8);
    };
    label(QT_TR_NOOP("Device memory:"), deviceMemory_);
    label(QT_TR_NOOP("Micro-batch:"), microBatch_);
    label(QT_TR_NOOP("Frozen teacher in:"), teacherDtype_);
    fields->addWidget(checkpointing_);
    fields->addStretch(1);
    fields->addWidget(applyPlan_);
    auto* layout = new QVBoxLayout(panel);
    layout->addLayout(fields);
    layout->addWidget(planView_);
    return panel;
}

void TrainingDialog::connectPlanFields() {
    connect(deviceMemory_, &QDoubleSpinBox::valueChanged, this, [this](double gib) {
        deviceMemoryEdited_ = true;
        deviceBytes_ = qint64(gib * kGiB);
        showPlan();
    });
    connect(microBatch_, &QSpinBox::valueChanged, this, [this] {
        microEdited_ = true;
        showPlan();
    });
    connect(checkpointing_, &QCheckBox::toggled, this, [this] {
        checkpointingEdited_ = true;
        showPlan();
    });
    connect(teacherDtype_, &QComboBox::currentIndexChanged, this, &TrainingDialog::showPlan);
    connect(device_, &QComboBox::currentIndexChanged, this, &TrainingDialog::deviceChanged);
    deviceChanged();
}

void TrainingDialog::retranslatePlan() {
    for (const auto& [l, text] : std::as_const(planLabels_)) l->setText(tr(text));
    deviceMemory_->setToolTip(tr("The memory of the device the run trains on (one process); "
                                 "the plan keeps 10% of it free"));
    microBatch_->setSpecialValueText(tr("whole batch"));
    // Wide enough for the special text (a spin box sizes itself to its numbers).
    microBatch_->setMinimumWidth(
        microBatch_->fontMetrics().horizontalAdvance(microBatch_->specialValueText()) +
        microBatch_->fontMetrics().horizontalAdvance(QStringLiteral("0000")));
    microBatch_->setToolTip(tr("Examples per forward and backward pass; gradients are "
                               "accumulated over the batch, so the update is the same. Until "
                               "you change it, every stage keeps the preset's own"));
    teacherDtype_->setItemText(0, tr("float32"));
    teacherDtype_->setItemText(1, tr("bfloat16"));
    teacherDtype_->setItemText(2, tr("float16 (CUDA)"));
    teacherDtype_->setToolTip(tr("The precision the frozen teacher is held in while the "
                                 "generator trains; what trains stays float32"));
    checkpointing_->setText(tr("Activation checkpointing"));
    checkpointing_->setToolTip(tr("Recompute each layer's activations in the backward pass "
                                  "instead of keeping them: less memory, about a third more "
                                  "time. Until you change it, every stage keeps the preset's own"));
    applyPlan_->setText(tr("Apply recommendation"));
    applyPlan_->setToolTip(tr("Sets the micro-batch, teacher precision and checkpointing that "
                              "the plan recommends"));
    showPlan();
}

// The fields from preset_; each stage then keeps its own values until a field is edited.
void TrainingDialog::showPresetMemory() {
    const QSignalBlocker b1(microBatch_), b2(checkpointing_), b3(teacherDtype_);
    const auto& p = preset_;
    microBatch_->setValue(int(p.semcot.micro_batch));
    checkpointing_->setChecked(p.semcot.activation_checkpointing ||
                               p.teacher_train.activation_checkpointing ||
                               p.student_train.activation_checkpointing);
    teacherDtype_->setCurrentIndex(
        std::max(0, teacherDtype_->findData(qs(p.semcot.teacher_dtype))));
    microEdited_ = checkpointingEdited_ = false;
    showPlan();
}

void TrainingDialog::applyMemoryFields(semcot::Preset& p) const {
    if (!microBatch_) return;
    p.semcot.teacher_dtype = teacherDtype_->currentData().toString().toStdString();
    if (microEdited_)
        for (int64_t* m : {&p.teacher_train.micro_batch, &p.student_train.micro_batch,
                           &p.semcot.micro_batch})
            *m = microBatch_->value();
    if (checkpointingEdited_)
        for (bool* c : {&p.teacher_train.activation_checkpointing,
                        &p.student_train.activation_checkpointing,
                        &p.semcot.activation_checkpointing})
            *c = checkpointing_->isChecked();
}

// The device's memory, until the field is edited.
void TrainingDialog::deviceChanged() {
    if (deviceMemoryEdited_) return showPlan();
    int64_t total = 0;
    try {
        total = semcot::device_memory_bytes(
            semcot::parse_device(device_->currentData().toString().toStdString()));
    } catch (const std::exception&) {
        // CUDA asked for where there is none: validate() says so; the field keeps its value.
    }
    if (total > 0) {
        const QSignalBlocker block(deviceMemory_);
        deviceMemory_->setValue(double(total) / kGiB);
        deviceBytes_ = total;
    }
    showPlan();
}

void TrainingDialog::setDeviceMemory(qint64 bytes) {
    {
        const QSignalBlocker block(deviceMemory_);
        deviceMemory_->setValue(double(bytes) / kGiB);
    }
    deviceMemoryEdited_ = true;
    deviceBytes_ = bytes;
    showPlan();
}

QString TrainingDialog::planText() const {
    return planView_ ? QTextDocumentFragment::fromHtml(planView_->text()).toPlainText()
                     : QString();
}

bool TrainingDialog::applyPlanRecommendation() {
    if (planPatch_.isEmpty()) return false;
    try {
        preset_ = semcot::with_overrides(preset_, nlohmann::json::parse(planPatch_.toStdString()));
    } catch (const std::exception& e) {
        planView_->setText(red(tr("Cannot apply the recommendation: %1").arg(qs(e.what()))));
        return false;
    }
    showPresetMemory();
    return true;
}

void TrainingDialog::showPlan() {
    if (!planView_ || !device_) return;
    const QStringList lines = planLines();
    planView_->setText(lines.join(QStringLiteral("<br>")));
    applyPlan_->setEnabled(!planPatch_.isEmpty());
}

QStringList TrainingDialog::planLines() {
    planFits_ = true;
    planPatch_.clear();
    if (method() != QStringLiteral("semcot")) return {};
    semcot::Preset p = presetFromFields();
    QStringList lines;
    // A fit chooses max_length (and the vocabulary) from the data: the last check's values,
    // else the cap, an upper bound.
    if (fromScratch() && fit_->isChecked()) {
        const bool checked = lastFit_ && lastFitKey_ == fitKey();
        const int64_t length = checked ? lastFit_->maxLength : lengthCap_->value();
        p.teacher_train.max_length = p.student_train.max_length = p.semcot.max_length = length;
        if (checked && fitVocab_->isChecked()) p.vocab_size = lastFit_->vocabSize;
        if (!checked)
            lines << gray(tr("max_length is fitted to the data: planned at its cap, %1, until "
                             "the fit is checked.")
                              .arg(length)
                              .toHtmlEscaped());
    }
    // A generator-only run on a base run trains the generator alone, on the base run's models.
    const QString base = base_->text().trimmed();
    const bool onBase = !base.isEmpty();
    if (onBase) {
        const QDir dir(base);
        p.teacher_model = dir.filePath(QStringLiteral("teacher")).toStdString();
        p.student_model =
            dir.filePath(QFileInfo::exists(dir.filePath(QStringLiteral("student/config.json")))
                             ? QStringLiteral("student")
                             : QStringLiteral("cg/student"))
                .toStdString();
    }
    const int64_t device = deviceBytes_ > 0 ? deviceBytes_ : int64_t(deviceMemory_->value() * kGiB);
    semcot::PlanRecommendation r;
    semcot::PlanModels models;
    try {
        models = semcot::plan_models(p);
        r = semcot::configured_plan(models, device);
    } catch (const std::exception& e) {
        lines << gray(tr("No memory plan: %1").arg(qs(e.what())).toHtmlEscaped());
        return lines;
    }
    if (onBase)
        r.stages.erase(std::remove_if(r.stages.begin(), r.stages.end(),
                                      [](const auto& s) { return s.stage != "cg"; }),
                       r.stages.end());
    r.peak = 0;
    for (const auto& s : r.stages) r.peak = std::max(r.peak, s.total());
    r.fits = r.peak <= r.budget;
    planFits_ = r.fits;

    auto stageName = [this](const std::string& stage) {
        return stage == "teacher"   ? tr("teacher")
               : stage == "student" ? tr("student")
               : stage == "st"      ? tr("sentence transformer")
                                    : tr("generator");
    };
    QStringList stages;
    for (const auto& s : r.stages) {
        QString item = tr("%1 %2").arg(stageName(s.stage), bytes(s.total()));
        if (s.accumulation > 1)
            item += QLatin1Char(' ') + tr("(batch %1 = %2 x %3)")
                                           .arg(s.per_rank)
                                           .arg(s.micro_batch)
                                           .arg(s.accumulation);
        stages << item.toHtmlEscaped();
    }
    lines << tr("Memory per stage on one process (weights, gradients, optimizer, "
                "activations): %1.")
                 .toHtmlEscaped()
                 .arg(stages.join(QStringLiteral(" &middot; ")));
    if (r.fits) {
        lines << tr("Peak %1 fits the device's %2 (%3 with 10% kept free).")
                     .arg(bytes(r.peak), bytes(device), bytes(r.budget))
                     .toHtmlEscaped();
    } else {
        lines << red(QStringLiteral("<b>%1</b>")
                         .arg(tr("Does not fit: the peak, %1, is more than %2 (the device's %3 "
                                 "with 10% kept free).")
                                  .arg(bytes(r.peak), bytes(r.budget), bytes(device))
                                  .toHtmlEscaped()));
        const semcot::PlanRecommendation fit = semcot::recommend_plan(models, device, 1);
        if (fit.fits) {
            nlohmann::json patch = semcot::recommended_preset_patch(fit);
            if (onBase) { // the base run's teacher and student are not trained again
                patch.erase("teacher_train");
                patch.erase("student_train");
            }
            planPatch_ = QByteArray::fromStdString(patch.dump());
            QStringList how;
            if (fit.precision != semcot::Precision::fp32)
                how << tr("the teacher in %1").arg(qs(semcot::precision_name(fit.precision)));
            if (fit.checkpointing) how << tr("activation checkpointing");
            for (const auto& s : fit.stages)
                if (s.accumulation > 1 && (!onBase || s.stage == "cg"))
                    how << tr("micro-batch %1 for the %2").arg(s.micro_batch).arg(stageName(s.stage));
            lines << tr("It fits with %1: peak %2. \"Apply recommendation\" sets these.")
                         .arg(how.join(tr(", ")), bytes(fit.peak))
                         .toHtmlEscaped();
        } else {
            lines << red(tr("Nothing fits this device, not even the teacher in bfloat16 with "
                            "checkpointing and micro-batch 1 (%1): use a device with more "
                            "memory, or shorter sequences.")
                             .arg(bytes(fit.peak))
                             .toHtmlEscaped());
        }
    }
    const QString dev = device_->currentData().toString();
    if (dev == QLatin1String("cpu") ||
        (dev == QLatin1String("auto") && semcot::parse_device("auto").is_cpu()))
        lines << gray(tr("On the CPU these are the live tensors; the process's peak resident "
                         "memory was measured 1.3-1.9x higher (freed memory the C library "
                         "keeps; docs/benchmarks.md).")
                          .toHtmlEscaped());
    return lines;
}

} // namespace semcot::ui
