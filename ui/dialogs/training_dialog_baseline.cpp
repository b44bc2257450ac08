#include "training_dialog.h"

#include "baselines/baseline.h"
#include "baselines/coconut.h"
#include "baselines/codi.h"
#include "baselines/icot.h"
#include "baselines/pause.h"
#include "baselines/train_baseline.h"
#include "methods.h"
#include "run_folder.h"
#include "semcot/base_run.h"
#include "settings.h"
#include "training_dialog_util.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

// The baseline page: one of the paper's baselines trained on a finished run
// (semcot::train_baseline, as `semcot train --method NAME --base RUN`), with the settings that
// matter for it. Defaults are core's (BaselineSettings and each method's Params).

namespace semcot::ui {

using namespace training_dialog;

namespace {

const QString kSemcot = QStringLiteral("semcot");

// Epochs of a baseline by default: per stage for the curricula (Coconut, ICoT-SI).
int defaultEpochs(const QString& m) {
    if (m == QStringLiteral("coconut")) return int(semcot::CoconutParams{}.stage.epochs);
    if (m == QStringLiteral("icot")) return int(semcot::IcotParams{}.stage.epochs);
    if (m == QStringLiteral("codi")) return int(semcot::CodiParams{}.stage.epochs);
    if (m == QStringLiteral("pause")) return int(semcot::PauseParams{}.stage.epochs);
    return int(semcot::BaselineParams{}.stage.epochs); // SoftCoT's generator stage: the same 3
}

bool perStage(const QString& m) {
    return m == QStringLiteral("coconut") || m == QStringLiteral("icot");
}

const char* description(const QString& m) {
    if (m == QStringLiteral("pause"))
        return QT_TRANSLATE_NOOP("semcot::ui::TrainingDialog",
                                 "Pause tokens (Goyal et al. 2023): the teacher with LoRA reads N "
                                 "learned <pause> inputs between the question and the answer.");
    if (m == QStringLiteral("softcot"))
        return QT_TRANSLATE_NOOP(
            "semcot::ui::TrainingDialog",
            "SoftCoT (Xu et al. 2025): a generator-only run with the base run's preset (its k): "
            "the assistant stays frozen and only its projection into the teacher's embeddings "
            "trains, on the answer loss.");
    if (m == QStringLiteral("coconut"))
        return QT_TRANSLATE_NOOP(
            "semcot::ui::TrainingDialog",
            "Coconut (Hao et al. 2024): the teacher with LoRA replaces one more reasoning step "
            "per stage by continuous thoughts (its own last hidden state fed back).");
    if (m == QStringLiteral("codi"))
        return QT_TRANSLATE_NOOP(
            "semcot::ui::TrainingDialog",
            "CODI (Shen et al. 2025): the teacher with LoRA reads N latents made from its hidden "
            "states by a trained projection, distilled from its own explicit CoT.");
    if (m == QStringLiteral("icot"))
        return QT_TRANSLATE_NOOP(
            "semcot::ui::TrainingDialog",
            "ICoT-SI (Deng et al. 2024): the teacher with LoRA is fine-tuned while its reasoning "
            "is removed from the front, stage by stage, until it answers without writing any.");
    return QT_TRANSLATE_NOOP("semcot::ui::TrainingDialog",
                             "SemCoT: the sentence transformer and the contemplation generator "
                             "(and models trained from scratch) from the preset.");
}

QSpinBox* spinBox(QWidget* parent, int lo, int hi, int value, const QString& name) {
    auto* s = new QSpinBox(parent);
    s->setRange(lo, hi);
    s->setValue(value);
    s->setObjectName(name);
    return s;
}

} // namespace

QWidget* TrainingDialog::buildBaselinePage() {
    auto* page = new QWidget(this);
    baselineForm_ = new QFormLayout(page);
    baselineForm_->setContentsMargins(0, 0, 0, 0);
    baselineForm_->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    const semcot::BaselineSettings defaults;
    bBase_ = new QLineEdit(page);
    bBase_->setObjectName(QStringLiteral("baselineBase"));
    bEpochs_ = spinBox(page, 1, 1000, 3, QStringLiteral("baselineEpochs"));
    bLr_ = new QLineEdit(num(semcot::BaselineParams{}.stage.lr), page);
    bLr_->setObjectName(QStringLiteral("baselineLr"));
    bLr_->setMaximumWidth(120);
    bLoraR_ = spinBox(page, 1, 1024, int(defaults.lora_r), QStringLiteral("lora_r"));
    bPauseTokens_ =
        spinBox(page, 1, 256, int(defaults.pause_tokens), QStringLiteral("pause_tokens"));
    bCoconutThoughts_ =
        spinBox(page, 1, 64, int(defaults.coconut_thoughts), QStringLiteral("coconut_thoughts"));
    bCoconutMaxStage_ =
        spinBox(page, 1, 64, int(defaults.coconut_max_stage), QStringLiteral("coconut_max_stage"));
    bCodiLatents_ =
        spinBox(page, 1, 256, int(defaults.codi_latents), QStringLiteral("codi_latents"));
    bCodiDistill_ = new QDoubleSpinBox(page);
    bCodiDistill_->setObjectName(QStringLiteral("codi_distill_weight"));
    bCodiDistill_->setRange(0, 1000);
    bCodiDistill_->setDecimals(2);
    bCodiDistill_->setValue(defaults.codi_distill_weight);
    bIcotRemove_ = spinBox(page, 1, 4096, int(defaults.icot_remove), QStringLiteral("icot_remove"));
    bDevice_ = new QComboBox(page);
    for (const char* d : {"auto", "cpu", "cuda"})
        bDevice_->addItem(QString(), QString::fromLatin1(d));
    bDevice_->setCurrentIndex(std::max(0, bDevice_->findData(Settings::device())));
    bSeed_ = spinBox(page, 0, 1'000'000, 0, QStringLiteral("baselineSeed"));
    bOut_ = new QLineEdit(page);
    bOut_->setObjectName(QStringLiteral("baselineOut"));
    bResume_ = new QCheckBox(page);
    bResume_->setObjectName(QStringLiteral("baselineResume"));
    bResume_->setEnabled(false);
    bBaseError_ = errorLabel();
    bLrError_ = errorLabel();
    bOutError_ = errorLabel();

    // A field, with its error message under it when it has one.
    auto add = [this, page](const char* text, QWidget* field, QLabel* error = nullptr) {
        auto* label = new QLabel(page);
        baselineLabels_ << qMakePair(label, text);
        QWidget* shown = field;
        if (error) {
            shown = new QWidget(page);
            auto* v = new QVBoxLayout(shown);
            v->setContentsMargins(0, 0, 0, 0);
            v->setSpacing(1);
            v->addWidget(field);
            v->addWidget(error);
        }
        baselineForm_->addRow(label, shown);
        return label;
    };
    auto only = [this](const QString& key, QWidget* field, const QStringList& methods) {
        baselineRows_ << BaselineRow{key, field, methods};
    };
    const QStringList adapted = {QStringLiteral("pause"), QStringLiteral("coconut"),
                                 QStringLiteral("codi"), QStringLiteral("icot")};
    add(QT_TR_NOOP("Base run:"), withBrowse(bBase_, true), bBaseError_);
    bEpochsLabel_ = add(nullptr, bEpochs_);
    add(QT_TR_NOOP("Learning rate:"), bLr_, bLrError_);
    add(QT_TR_NOOP("LoRA rank r:"), bLoraR_);
    only(QStringLiteral("lora_r"), bLoraR_, adapted);
    add(QT_TR_NOOP("Pause tokens:"), bPauseTokens_);
    only(QStringLiteral("pause_tokens"), bPauseTokens_, {QStringLiteral("pause")});
    add(QT_TR_NOOP("Thoughts per step:"), bCoconutThoughts_);
    only(QStringLiteral("coconut_thoughts"), bCoconutThoughts_, {QStringLiteral("coconut")});
    add(QT_TR_NOOP("Steps replaced at most:"), bCoconutMaxStage_);
    only(QStringLiteral("coconut_max_stage"), bCoconutMaxStage_, {QStringLiteral("coconut")});
    add(QT_TR_NOOP("Latent tokens:"), bCodiLatents_);
    only(QStringLiteral("codi_latents"), bCodiLatents_, {QStringLiteral("codi")});
    add(QT_TR_NOOP("Distillation weight:"), bCodiDistill_);
    only(QStringLiteral("codi_distill_weight"), bCodiDistill_, {QStringLiteral("codi")});
    add(QT_TR_NOOP("Tokens removed per stage:"), bIcotRemove_);
    only(QStringLiteral("icot_remove"), bIcotRemove_, {QStringLiteral("icot")});
    add(QT_TR_NOOP("Device:"), bDevice_);
    add(QT_TR_NOOP("Seed:"), bSeed_);
    QWidget* out = withBrowse(bOut_, true);
    add(QT_TR_NOOP("Output folder:"), out, bOutError_);
    baselineForm_->addRow(QString(), bResume_);
    baselineNote_ = new QLabel(page);
    baselineNote_->setWordWrap(true);
    baselineNote_->setTextFormat(Qt::RichText);
    baselineNote_->setStyleSheet(QStringLiteral("color: gray"));
    baselineForm_->addRow(baselineNote_);
    return page;
}

// Every field refreshes the resume box and, once validated, the messages.
void TrainingDialog::connectBaselineFields() {
    connect(method_, &QComboBox::currentIndexChanged, this, &TrainingDialog::methodChosen);
    auto changed = [this] {
        const semcot::ui::BaselineState state = baselineState(baselineOut(), method());
        const bool interrupted = state.status == BaselineState::Status::interrupted;
        bResume_->setEnabled(interrupted);
        if (!interrupted) bResume_->setChecked(false);
        retranslateBaseline(); // the output folder's placeholder follows the base run
        if (baselineValidated_) validateBaseline();
    };
    for (auto* e : {bBase_, bLr_, bOut_}) connect(e, &QLineEdit::textChanged, this, changed);
    connect(bResume_, &QCheckBox::toggled, this, [this] {
        if (baselineValidated_) validateBaseline();
    });
    connect(method_, &QComboBox::currentIndexChanged, this, changed);
}

bool TrainingDialog::setMethod(const QString& name) {
    const int i = method_->findData(name);
    if (i < 0) return false;
    method_->setCurrentIndex(i);
    return true;
}

QString TrainingDialog::method() const {
    return method_->currentData().toString();
}

void TrainingDialog::setBaselineBase(const QString& folder) {
    bBase_->setText(folder);
}

void TrainingDialog::setBaselineOutput(const QString& folder) {
    bOut_->setText(folder);
}

void TrainingDialog::setBaselineResume(bool resume) {
    bResume_->setChecked(resume && bResume_->isEnabled());
}

bool TrainingDialog::baselineRowShown(const QString& key) const {
    for (const BaselineRow& r : baselineRows_)
        if (r.key == key) return r.methods.contains(method());
    return false;
}

void TrainingDialog::methodChosen() {
    const QString m = method();
    pages_->setCurrentIndex(m == kSemcot ? 0 : 1);
    // Presets are SemCoT's.
    if (auto* b = findChild<QPushButton*>(QStringLiteral("loadPresetFile")))
        b->setVisible(m == kSemcot);
    for (const BaselineRow& r : baselineRows_)
        baselineForm_->setRowVisible(r.field, r.methods.contains(m));
    showBaselineDefaults();
    retranslateBaseline();
    if (baselineValidated_ && m != kSemcot) validateBaseline();
}

void TrainingDialog::showBaselineDefaults() {
    if (method() == kSemcot) return;
    bEpochs_->setValue(defaultEpochs(method()));
}

QString TrainingDialog::baselineOut() const {
    const QString out = bOut_->text().trimmed();
    if (!out.isEmpty()) return QDir::cleanPath(out);
    const QString base = bBase_->text().trimmed();
    return base.isEmpty() || method() == kSemcot ? QString()
                                                 : QDir::cleanPath(baselineFolder(base, method()));
}

bool TrainingDialog::validateBaseline() {
    baselineValidated_ = true;
    bool ok = true;
    auto show = [&ok](QLabel* label, const QString& message) {
        label->setText(message);
        label->setVisible(!message.isEmpty());
        if (!message.isEmpty()) ok = false;
    };
    const QString m = method(), label = methodLabel(m);
    const QString base = bBase_->text().trimmed();
    QString baseMsg;
    if (base.isEmpty()) {
        baseMsg = tr("Choose the finished SemCoT run to train %1 on.").arg(label);
    } else {
        const FolderCheck check = checkFolder(base);
        if (check.kind == FolderKind::unfinishedRun || check.kind == FolderKind::failedRun)
            baseMsg = tr("The base run has not finished training.");
        else if (check.kind != FolderKind::run)
            baseMsg = check.message.isEmpty() ? tr("Not a SemCoT run.") : check.message;
        else if (m == QStringLiteral("softcot")) {
            // SoftCoT trains a generator-only run on the base: what `semcot train --base` needs.
            const semcot::BaseRunCheck c = semcot::check_base_run(base.toStdString(), false);
            QStringList problems;
            for (const auto& p : c.problems) problems << baseProblem(p);
            problems.removeDuplicates();
            baseMsg = problems.join(u' ');
        }
    }
    show(bBaseError_, baseMsg);
    double lr = 0;
    const bool okLr = parseNumber(bLr_->text(), &lr) && lr > 0;
    show(bLrError_, okLr ? QString()
                         : tr("The learning rate must be a number above 0 (not \"%1\").")
                               .arg(bLr_->text().trimmed()));
    const QString out = baselineOut();
    QString outMsg;
    if (out.isEmpty()) {
        if (!base.isEmpty()) outMsg = tr("Choose a folder for %1.").arg(label);
    } else if (QFileInfo(out).exists() && !QFileInfo(out).isDir()) {
        outMsg = tr("A file with this name exists.");
    } else {
        const BaselineState state = baselineState(out, m);
        const bool resume = bResume_->isChecked();
        if (state.status == BaselineState::Status::training)
            outMsg = tr("%1 is being trained in this folder right now (%2): wait for it to "
                        "finish, or choose another folder.")
                         .arg(label, state.trainer);
        else if (!state.error.isEmpty())
            outMsg = tr("This folder holds something else: %1").arg(state.error);
        else if (state.status == BaselineState::Status::trained)
            outMsg = tr("This folder already holds a trained %1: choose another output folder, "
                        "or delete this one first.")
                         .arg(label);
        else if (state.status == BaselineState::Status::interrupted && !resume)
            outMsg = tr("This folder holds an interrupted training of %1: check \"Continue the "
                        "interrupted training\" to resume it, or choose another folder.")
                         .arg(label);
        else if (state.status == BaselineState::Status::absent && resume)
            outMsg =
                tr("There is no interrupted training of %1 in this folder to continue.").arg(label);
    }
    show(bOutError_, outMsg);
    return ok;
}

TrainRequest TrainingDialog::baselineRequest() const {
    TrainRequest r;
    r.method = method();
    const QString base = bBase_->text().trimmed();
    r.base = base.isEmpty() ? QString() : QDir::cleanPath(base);
    r.out = baselineOut();
    r.device = bDevice_->currentData().toString();
    r.seed = quint64(bSeed_->value());
    r.resume = bResume_->isChecked();
    BaselineOptions& o = r.baseline;
    o.epochs = bEpochs_->value();
    double lr = 0;
    if (parseNumber(bLr_->text(), &lr) && lr > 0) o.lr = lr; // validate() refuses the rest
    o.loraR = bLoraR_->value();
    o.pauseTokens = bPauseTokens_->value();
    o.coconutThoughts = bCoconutThoughts_->value();
    o.coconutMaxStage = bCoconutMaxStage_->value();
    o.codiLatents = bCodiLatents_->value();
    o.codiDistillWeight = bCodiDistill_->value();
    o.icotRemove = bIcotRemove_->value();
    return r;
}

void TrainingDialog::retranslateBaseline() {
    const QString m = method();
    for (const auto& [label, text] : baselineLabels_)
        if (text) label->setText(tr(text));
    bEpochsLabel_->setText(perStage(m) ? tr("Epochs per stage:") : tr("Epochs:"));
    methodInfo_->setText(tr(description(m)));
    bBase_->setPlaceholderText(tr("a finished SemCoT run (its data, prompts and teacher)"));
    const QString base = bBase_->text().trimmed();
    bOut_->setPlaceholderText(
        m == kSemcot     ? QString()
        : base.isEmpty() ? tr("empty: BASE/methods/%1").arg(m)
                         : tr("empty: %1").arg(QDir::toNativeSeparators(baselineFolder(base, m))));
    bResume_->setText(tr("Continue the interrupted training in this folder"));
    bResume_->setToolTip(tr("The same settings as before: the training resumes from its last "
                            "checkpoint (semcot train ... --resume)"));
    bLoraR_->setToolTip(tr("Rank of the LoRA adapters on q_proj and v_proj (alpha = 2 r)"));
    bCoconutMaxStage_->setToolTip(
        tr("Stages replace 0, 1, ... of the reasoning's steps by thoughts, up to this many"));
    bCodiDistill_->setToolTip(tr("Weight of the hidden-state distillation loss (CODI's 20)"));
    bIcotRemove_->setToolTip(tr("Reasoning tokens removed from the front at each stage"));
    bDevice_->setItemText(0, tr("Automatic (CUDA when available)"));
    bDevice_->setItemText(1, tr("CPU"));
    bDevice_->setItemText(2, tr("CUDA"));
    baselineNote_->setText(
        m == kSemcot ? QString()
                     : tr("It trains on the base run's training and validation splits with its "
                          "prompts and teacher (the base run is not changed), as<br><tt>%1</tt>"
                          "<br>does. Once trained, the base run's Ask and Evaluation views offer "
                          "it and the Runs view lists it. Stop keeps a checkpoint: Resume, or "
                          "this dialog with \"Continue the interrupted training\", goes on "
                          "from there.")
                           .arg(trainCommand(m, base.isEmpty() ? QStringLiteral("BASE") : base)
                                    .toHtmlEscaped()));
    // The method's label and the first labels under it in one column.
    int width = methodLabel_ ? methodLabel_->sizeHint().width() : 0;
    for (const auto& [label, text] : baselineLabels_)
        width = std::max(width, label->sizeHint().width());
    width = std::max(width, bEpochsLabel_->sizeHint().width());
    for (const auto& [label, text] : baselineLabels_) label->setMinimumWidth(width);
    bEpochsLabel_->setMinimumWidth(width);
    for (QLabel* l : {methodLabel_, presetLabel_})
        if (l) l->setMinimumWidth(width);
    methodInfo_->setIndent(width + baselineForm_->horizontalSpacing());
}

} // namespace semcot::ui
