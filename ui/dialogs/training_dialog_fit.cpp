#include "training_dialog.h"

#include "training_dialog_util.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QTextDocumentFragment>
#include <QTimer>

#include <nlohmann/json.hpp>

// The fit panel: the data's fit to max_length and the training time, measured on a worker
// thread (FitCheckWorker) before the run starts; one check at a time, the latest request next.

namespace semcot::ui {

using namespace training_dialog;

QString TrainingDialog::fitBlocker() const {
    if (!fromScratch())
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
    const TrainRequest r = semcotRequest();
    nlohmann::json p = nlohmann::json::parse(r.presetJson.toStdString());
    p.erase("over_long"); // what a run does with longer examples, not the fit
    // Nor do the memory settings change the fit (the time estimate has its own key).
    for (const char* stage : {"teacher_train", "student_train", "semcot"})
        if (p.contains(stage))
            for (const char* key : {"micro_batch", "activation_checkpointing", "teacher_dtype"})
                p[stage].erase(key);
    return QByteArray::fromStdString(p.dump()) + '\n' + r.task.toUtf8() + '\n' +
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
    const TrainRequest t = semcotRequest();
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
    QStringList lines;
    const QString blocker = fitBlocker();
    const bool current = lastFitKey_ == fitKey();
    if (fitBusy_) {
        lines << QStringLiteral("<i>%1</i>").arg(tr("Measuring..."));
    } else if (!blocker.isEmpty()) {
        lines << gray(blocker.toHtmlEscaped());
    } else if (!fitError_.isEmpty() && current) {
        lines << red(tr("The check failed: %1").arg(fitError_).toHtmlEscaped());
    } else if (!lastFit_) {
        lines << gray(tr("Press \"Check fit and time\" to see the tokenizer size, the examples' "
                         "lengths, max_length and the training time on this data.")
                          .toHtmlEscaped());
    } else {
        lines << fitResultLines(*lastFit_);
        if (!current)
            lines << gray(QStringLiteral("<i>%1</i>")
                              .arg(tr("These numbers are for earlier settings: check again.")
                                       .toHtmlEscaped()));
    }
    fitView_->setText(lines.join(QStringLiteral("<br>")));
    showPlan(); // the fit's max_length and every field the plan reads
}

// The last check's lengths, max_length, the examples that do not fit and the time (HTML).
QStringList TrainingDialog::fitResultLines(const FitCheckResult& f) const {
    QStringList lines;
    lines << tr("Tokenizer: %1 pieces. Example lengths in tokens: median %2, %3th percentile %4, "
                "longest %5.")
                 .arg(f.vocabSize)
                 .arg(f.medianLength)
                 .arg(num(f.percentile))
                 .arg(f.percentileLength)
                 .arg(f.longest)
                 .toHtmlEscaped();
    lines << (f.fitted ? tr("max_length %1, fitted to the data; %2 training and %3 validation "
                            "examples.")
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
        lines << red(tr("Longer than max_length: %1 of %2 training and %3 of %4 validation "
                        "examples, so the run would stop before training.")
                         .arg(f.skippedTrain)
                         .arg(f.train)
                         .arg(f.skippedValidation)
                         .arg(f.validation)
                         .toHtmlEscaped());
    }
    lines << estimateLine(f);
    return lines;
}

QString TrainingDialog::estimateLine(const FitCheckResult& f) const {
    if (!f.estimated)
        return gray(tr("Training time: press \"Check fit and time\" (it times a few training "
                       "steps on this machine).")
                        .toHtmlEscaped());
    QStringList stages;
    for (const auto& st : f.stages) {
        const QString name = st.stage == QLatin1String("teacher")   ? tr("teacher")
                             : st.stage == QLatin1String("student") ? tr("student")
                             : st.stage == QLatin1String("st")      ? tr("sentence transformer")
                             : st.stage == QLatin1String("cg")      ? tr("generator")
                                                                    : st.stage;
        stages << tr("%1 %2 (%3 steps)").arg(name, duration(st.seconds)).arg(st.steps);
    }
    const QString where = f.device == QLatin1String("cpu")
                              ? tr("this machine's CPU")
                              : tr("this machine's GPU (%1)").arg(f.device);
    return QStringLiteral("<b>%1</b>")
        .arg(tr("Estimated time on %1: %2; total %3.")
                 .arg(where, stages.join(QStringLiteral(", ")), duration(f.totalSeconds()))
                 .toHtmlEscaped());
}

QString TrainingDialog::fitText() const {
    return QTextDocumentFragment::fromHtml(fitView_->text()).toPlainText();
}

} // namespace semcot::ui
