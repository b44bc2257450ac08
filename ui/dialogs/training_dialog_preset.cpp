#include "training_dialog.h"

#include "core_bridge.h"
#include "qt_string.h"
#include "common/run_lock.h"
#include "semcot/base_run.h"
#include "settings.h"
#include "training_dialog_util.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

#include <nlohmann/json.hpp>

#include <algorithm>

// The preset and the fields: a preset shown in the fields, the fields checked, and the preset
// with the fields' values that a run trains (semcot::Preset, core's own type: a new preset key
// is added in core alone).

namespace semcot::ui {

using namespace training_dialog;

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
    const QString name = QFileInfo(path).completeBaseName();
    try {
        const nlohmann::json j = nlohmann::json::parse(f.readAll().toStdString());
        preset_ = semcot::preset_from_json(j, name.toStdString(), path.toStdString());
    } catch (const std::exception& e) {
        if (error) *error = tr("%1 is not a valid preset: %2").arg(path, qs(e.what()));
        return false;
    }
    presetHasShapes_ = preset_.teacher_model.empty();
    presetName_ = name;
    {
        // The combo names the preset loaded, also when a file of a listed name was loaded.
        const QSignalBlocker block(presetCombo_);
        if (presetCombo_->findText(presetName_) < 0) presetCombo_->addItem(presetName_);
        presetCombo_->setCurrentIndex(presetCombo_->findText(presetName_));
    }
    showPreset();
    updateEnabled();
    setOutputFolder(QDir(Settings::runFolder())
                        .filePath(QStringLiteral("%1-%2").arg(
                            presetName_, QDateTime::currentDateTime().toString(
                                             QStringLiteral("yyyyMMdd-HHmmss")))));
    return true;
}

void TrainingDialog::showPreset() {
    const semcot::Preset& p = preset_;
    presetInfo_->setText(qs(p.json.value("description", std::string())));
    task_->setCurrentText(qs(p.task));
    teacher_->setText(qs(p.teacher_model));
    student_->setText(qs(p.student_model));
    const semcot::StageParams* stages[] = {&p.semcot.st_stage1, &p.semcot.st_stage2,
                                           &p.semcot.cg_stage1, &p.semcot.cg_stage2};
    for (int i = 0; i < stages_.size(); ++i) {
        stages_[i].lr->setText(num(stages[i]->lr));
        stages_[i].wd->setText(num(stages[i]->weight_decay));
        stages_[i].epochs->setValue(int(stages[i]->epochs));
    }
    alpha_->setValue(p.semcot.alpha);
    noSt_->setChecked(p.semcot.no_st);
    noWarmup_->setChecked(p.semcot.no_warmup);
    teacherAsGenerator_->setChecked(p.semcot.teacher_as_generator);
    temperature_->setValue(p.semcot.st_temperature);
    kTrain_->setValue(int(p.cg.k_train));
    kInfer_->setValue(int(p.cg.k_infer));
    examples_->setValue(int(p.examples));
    // A run is bound by its smallest max_length; the field sets all three.
    maxLength_->setValue(
        int(presetHasShapes_ ? semcot::preset_max_length(p) : p.semcot.max_length));
    vocab_->setValue(int(p.vocab_size));
    fit_->setChecked(p.fit.enabled);
    percentile_->setValue(p.fit.percentile);
    lengthCap_->setValue(int(p.fit.max_length_cap));
    fitVocab_->setChecked(p.fit.vocab);
    overLong_->setCurrentIndex(std::max(0, overLong_->findData(qs(p.fit.over_long))));
    showModelShapes();
    showPresetMemory();
}

void TrainingDialog::showModelShapes() {
    for (auto& m : models_) {
        const bool teacher = m.key == QLatin1String("teacher");
        const semcot::ModelConfig& shape = teacher ? preset_.teacher : preset_.student;
        const bool known = presetHasShapes_; // else the shapes come from the model folders
        m.hidden->setValue(known ? int(shape.hidden_size) : 0);
        m.intermediate->setValue(known ? int(shape.intermediate_size) : 0);
        m.layers->setValue(known ? int(shape.num_hidden_layers) : 0);
        m.heads->setValue(known ? int(shape.num_attention_heads) : 0);
        m.kvHeads->setValue(known ? int(shape.num_key_value_heads) : 0);
        m.epochs->setValue(
            int(teacher ? preset_.teacher_train.epochs : preset_.student_train.epochs));
    }
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

QString training_dialog::baseProblem(const semcot::BaseRunProblem& p) {
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
    case Kind::in_training:
        return TrainingDialog::tr("The base run is being trained right now (%1): wait for it to "
                                  "finish.")
            .arg(detail);
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

bool TrainingDialog::validate() {
    if (method() != QStringLiteral("semcot")) return validateBaseline();
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
    if (teacher_->text().trimmed().isEmpty() && !presetHasShapes_)
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
    for (int i = 0; i < stages_.size(); ++i) {
        const auto& s = stages_[i];
        double lr = 0, wd = 0;
        const bool okLr = parseNumber(s.lr->text(), &lr), okWd = parseNumber(s.wd->text(), &wd);
        const QString name = tr(kStageNames[i]);
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
    else if (const auto holder = semcot::run_folder_holder(out.toStdString()))
        outMsg = tr("A run is being trained in this folder right now (%1): choose another "
                    "folder.")
                     .arg(qs(holder->describe()));
    else if (QFileInfo::exists(QDir(out).filePath(QStringLiteral("run.json"))))
        outMsg = tr("This folder already holds a run. Open it (File > Open run) to resume it, or "
                    "choose another folder.");
    else if (QFileInfo(out).exists() && !QFileInfo(out).isDir())
        outMsg = tr("A file with this name exists.");
    show(outError_, outMsg);
    return ok;
}

QString TrainingDialog::fieldError(const QString& field) const {
    if (method() != QStringLiteral("semcot")) {
        const QLabel* b = field == QStringLiteral("base")  ? bBaseError_
                          : field == QStringLiteral("out") ? bOutError_
                          : field == QStringLiteral("lr")  ? bLrError_
                                                           : nullptr;
        return !b || b->isHidden() ? QString() : b->text();
    }
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

semcot::Preset TrainingDialog::presetFromFields() const {
    semcot::Preset p = preset_;
    p.task = task_->currentText().trimmed().toStdString();
    p.teacher_model = teacher_->text().trimmed().toStdString();
    p.student_model = student_->text().trimmed().toStdString();
    semcot::StageParams* stages[] = {&p.semcot.st_stage1, &p.semcot.st_stage2, &p.semcot.cg_stage1,
                                     &p.semcot.cg_stage2};
    for (int i = 0; i < stages_.size(); ++i) {
        parseNumber(stages_[i].lr->text(), &stages[i]->lr); // validate() accepted both
        parseNumber(stages_[i].wd->text(), &stages[i]->weight_decay);
        stages[i]->epochs = stages_[i].epochs->value();
    }
    p.semcot.max_length = maxLength_->value();
    p.semcot.alpha = alpha_->value();
    p.semcot.st_temperature = temperature_->value();
    p.semcot.no_st = noSt_->isChecked();
    p.semcot.no_warmup = noWarmup_->isChecked();
    p.semcot.teacher_as_generator = teacherAsGenerator_->isChecked();
    p.cg.k_train = kTrain_->value();
    p.cg.k_infer = kInfer_->value();
    p.examples = examples_->value();
    applyMemoryFields(p);
    if (!fromScratch()) return p;
    // One max_length for the three stages (a run is bound by the smallest anyway). The models'
    // context grows to max_length + 64 as a fit makes it grow (semcot::fitted_preset): the LM
    // trainer would otherwise cut every sequence to the context without a word.
    const int maxLength = maxLength_->value();
    for (const auto& m : models_) {
        const bool teacher = m.key == QLatin1String("teacher");
        semcot::LmTrainParams& train = teacher ? p.teacher_train : p.student_train;
        train.epochs = m.epochs->value();
        train.max_length = maxLength;
        semcot::ModelConfig& shape = teacher ? p.teacher : p.student;
        shape.hidden_size = m.hidden->value();
        shape.intermediate_size = m.intermediate->value();
        shape.num_hidden_layers = m.layers->value();
        shape.num_attention_heads = m.heads->value();
        shape.num_key_value_heads = m.kvHeads->value();
        if (!fit_->isChecked())
            shape.max_position_embeddings =
                std::max<int64_t>(shape.max_position_embeddings, maxLength + 64);
    }
    p.vocab_size = vocab_->value();
    p.fit.enabled = fit_->isChecked();
    p.fit.percentile = percentile_->value();
    p.fit.max_length_cap = lengthCap_->value();
    p.fit.vocab = fitVocab_->isChecked();
    p.fit.over_long = overLong_->currentData().toString().toStdString();
    return p;
}

TrainRequest TrainingDialog::request() const {
    return method() == QStringLiteral("semcot") ? semcotRequest() : baselineRequest();
}

TrainRequest TrainingDialog::semcotRequest() const {
    TrainRequest r;
    r.presetName = presetName_;
    r.presetJson = QByteArray::fromStdString(semcot::preset_to_json(presetFromFields()).dump(2));
    r.task = task_->currentText().trimmed();
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
           presetHasShapes_;
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
            const int end = int(preset_.st.end_layer);
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

} // namespace semcot::ui
