#include "run_curves_panel.h"

#include "qt_string.h"
#include "run_curves_chart.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QVBoxLayout>

#include <cmath>

namespace semcot::ui {

RunCurvesPanel::RunCurvesPanel(QWidget* parent)
    : QWidget(parent) {
    stageLabel_ = new QLabel(this);
    stage_ = new QComboBox(this);
    stage_->setObjectName(QStringLiteral("curveStage"));
    metric_ = new QComboBox(this);
    align_ = new QComboBox(this);
    log_ = new QCheckBox(this);
    smoothLabel_ = new QLabel(this);
    smooth_ = new QSlider(Qt::Horizontal, this);
    smooth_->setRange(0, 99);
    smooth_->setValue(60); // TensorBoard's default weight
    smooth_->setMaximumWidth(160);
    smoothValue_ = new QLabel(this);
    smoothValue_->setMinimumWidth(32);
    note_ = new QLabel(this);
    note_->setWordWrap(true);
    chart_ = new RunCurvesChart(this);
    chart_->setSmoothing(0.6);
    auto* bar = new QHBoxLayout;
    bar->addWidget(stageLabel_);
    bar->addWidget(stage_);
    bar->addWidget(metric_);
    bar->addWidget(align_);
    bar->addWidget(log_);
    bar->addSpacing(12);
    bar->addWidget(smoothLabel_);
    bar->addWidget(smooth_);
    bar->addWidget(smoothValue_);
    bar->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(note_);
    layout->addWidget(chart_, 1);
    retranslateUi();
    connect(stage_, &QComboBox::activated, this,
            [this] { wanted_ = stage_->currentData().toString(); });
    connect(stage_, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
    connect(metric_, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
    connect(align_, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
    connect(log_, &QCheckBox::toggled, this, [this](bool on) { chart_->setLogScale(on); });
    connect(smooth_, &QSlider::valueChanged, this, [this](int v) {
        smoothValue_->setText(QString::number(v / 100.0, 'f', 2));
        chart_->setSmoothing(v / 100.0);
    });
    smoothValue_->setText(QStringLiteral("0.60"));
}

void RunCurvesPanel::setRuns(const QStringList& folders) {
    folders_ = folders;
    logs_.clear();
    unreadable_.clear();
    for (const QString& f : folders) {
        try {
            logs_.push_back(semcot::read_train_log(f.toStdString()));
        } catch (const std::exception& e) {
            logs_.emplace_back();
            unreadable_ << QStringLiteral("%1: %2").arg(QFileInfo(f).fileName(), qs(e.what()));
        }
    }
    fillStages();
    redraw();
}

QStringList RunCurvesPanel::stages() const {
    QStringList out;
    for (int i = 0; i < stage_->count(); ++i) out << stage_->itemData(i).toString();
    return out;
}

bool RunCurvesPanel::setStage(const QString& stage) {
    wanted_ = stage;
    const int i = stage_->findData(stage);
    if (i >= 0) stage_->setCurrentIndex(i);
    return i >= 0;
}

void RunCurvesPanel::setValidation(bool validation) {
    metric_->setCurrentIndex(validation ? 1 : 0);
}

void RunCurvesPanel::setAlignByEpoch(bool byEpoch) {
    align_->setCurrentIndex(byEpoch ? 1 : 0);
}

void RunCurvesPanel::setSmoothing(double weight) {
    smooth_->setValue(int(std::lround(weight * 100)));
}

void RunCurvesPanel::setLogScale(bool on) {
    log_->setChecked(on);
}

QString RunCurvesPanel::note() const {
    return note_->text();
}

void RunCurvesPanel::fillStages() {
    const QString current = stage_->currentData().toString();
    QStringList names;
    for (const auto& log : logs_)
        for (const auto& s : log.stages)
            if (!names.contains(qs(s.name))) names << qs(s.name);
    const QSignalBlocker block(stage_);
    stage_->clear();
    for (const QString& n : names) stage_->addItem(n, n);
    // The stage last chosen, else the one shown, else the last (the generator's, for SemCoT).
    int keep = stage_->findData(wanted_);
    if (keep < 0) keep = stage_->findData(current);
    stage_->setCurrentIndex(keep >= 0 ? keep : stage_->count() - 1);
}

void RunCurvesPanel::redraw() {
    const std::string stage = stage_->currentData().toString().toStdString();
    const bool validation = metric_->currentIndex() == 1;
    const bool byEpoch = align_->currentIndex() == 1;
    QList<RunCurve> curves;
    QStringList without;
    for (int i = 0; i < folders_.size(); ++i) {
        const QString name = QFileInfo(folders_[i]).fileName();
        const semcot::TrainLogStage* s = logs_[size_t(i)].stage(stage);
        if (!s || (validation ? s->validation : s->train).empty()) {
            if (logs_[size_t(i)].empty()) without << name;
            continue;
        }
        RunCurve c{name, {}, RunCurvesChart::runColor(int(curves.size()))};
        for (const auto& p : validation ? s->validation : s->train)
            c.points << QPointF(byEpoch ? p.epoch_position : double(p.step), p.loss);
        curves << c;
    }
    chart_->setCurves(curves);
    chart_->setAxisTitles(byEpoch ? tr("epoch") : tr("optimizer step"),
                          validation ? tr("validation loss") : tr("train loss"));
    chart_->setTitle(stage.empty() ? QString() : tr("Stage %1").arg(qs(stage)));
    QStringList notes;
    if (folders_.isEmpty()) notes << tr("Select runs in the table to overlay their training curves.");
    if (!without.isEmpty())
        notes << tr("No training log (%1) in: %2. Runs trained before the log was written have "
                    "only their summaries.")
                     .arg(QString::fromLatin1(semcot::kTrainLogFile), without.join(QStringLiteral(", ")));
    if (!unreadable_.isEmpty()) notes << tr("Unreadable logs: %1").arg(unreadable_.join(QStringLiteral("; ")));
    note_->setText(notes.join(u' '));
    note_->setVisible(!notes.isEmpty());
}

void RunCurvesPanel::retranslateUi() {
    stageLabel_->setText(tr("Curves of the selected runs, stage:"));
    const QSignalBlocker b1(metric_), b2(align_);
    const int metric = std::max(0, metric_->currentIndex()), align = std::max(0, align_->currentIndex());
    metric_->clear();
    metric_->addItems({tr("train loss"), tr("validation loss")});
    metric_->setCurrentIndex(metric);
    align_->clear();
    align_->addItems({tr("by step"), tr("by epoch")});
    align_->setCurrentIndex(align);
    log_->setText(tr("Log scale"));
    smoothLabel_->setText(tr("Smoothing:"));
    smooth_->setToolTip(tr("TensorBoard's smoothing: the weight of a debiased exponential moving "
                           "average (0 = raw). The raw curve stays faint behind."));
    redraw();
}

void RunCurvesPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

} // namespace semcot::ui
