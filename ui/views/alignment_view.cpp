#include "alignment_view.h"

#include "alignment_heatmap.h"
#include "methods.h"
#include "projection_scatter.h"

#include <QColor>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QFont>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

#include <cmath>

namespace semcot::ui {

AlignmentView::AlignmentView(QWidget* parent)
    : QWidget(parent) {
    question_ = new QLabel(this);
    question_->setWordWrap(true);
    question_->setTextFormat(Qt::RichText);
    sourceLabel_ = new QLabel(this);
    source_ = new QComboBox(this);
    source_->addItem(QString(), QStringLiteral("ground_truth"));
    source_->addItem(QString(), QStringLiteral("teacher_cot"));
    png_ = new QPushButton(this);
    svg_ = new QPushButton(this);
    score_ = new QLabel(this);
    score_->setTextFormat(Qt::RichText);
    score_->setWordWrap(true);
    heatmap_ = new AlignmentHeatmap(this);
    steps_ = new QListWidget(this);
    steps_->setWordWrap(true);
    steps_->setMinimumWidth(220);
    decodedSteps_ = new QListWidget(this);
    decodedSteps_->setObjectName(QStringLiteral("decodedSteps"));
    decodedSteps_->setWordWrap(true);
    decodedSteps_->setMinimumWidth(220);
    decodedSteps_->hide();
    scatter_ = new ProjectionScatter(this);

    auto* bar = new QHBoxLayout;
    bar->addWidget(sourceLabel_);
    bar->addWidget(source_);
    bar->addStretch(1);
    bar->addWidget(png_);
    bar->addWidget(svg_);
    auto* heatSplit = new QSplitter(Qt::Horizontal, this);
    heatSplit->addWidget(heatmap_);
    heatSplit->addWidget(steps_);
    heatSplit->addWidget(decodedSteps_);
    heatSplit->setStretchFactor(0, 3);
    heatSplit->setStretchFactor(1, 1);
    heatSplit->setStretchFactor(2, 1);
    auto* top = new QWidget(this);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addLayout(bar);
    topLayout->addWidget(score_);
    topLayout->addWidget(heatSplit, 1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(scatter_);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({300, 420});
    split->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(question_);
    layout->addWidget(split, 1);

    connect(source_, &QComboBox::currentIndexChanged, this, &AlignmentView::showSource);
    connect(png_, &QPushButton::clicked, this, [this] { exportImage(false); });
    connect(svg_, &QPushButton::clicked, this, [this] { exportImage(true); });
    retranslateUi();
    clear();
}

void AlignmentView::setSource(const QString& source) {
    source_->setCurrentIndex(std::max(0, source_->findData(source)));
}

void AlignmentView::setNote(const QString& message) {
    clear();
    note_ = message;
    retranslateUi();
}

void AlignmentView::clear() {
    has_ = false;
    error_.clear();
    note_.clear();
    view_ = {};
    heatmap_->setData({});
    steps_->clear();
    decoded_ = {};
    showDecodedSteps();
    const double zero[2] = {0, 0};
    scatter_->setPoints({}, zero);
    retranslateUi();
}

// The projection is SemCoT's alone: a baseline's latent tokens leave it empty, and it says so.
void AlignmentView::showScatterTitle() {
    scatter_->setEmptyTitle(
        has_ && view_.method != QStringLiteral("semcot")
            ? tr("2-D projection (PCA): SemCoT's implicit tokens only; %1's latent tokens are not "
                 "projected")
                  .arg(methodLabel(view_.method))
            : QString());
}

void AlignmentView::setError(const QString& message) {
    error_ = message;
    showError();
}

void AlignmentView::showError() {
    score_->setText(QStringLiteral("<span style='color:#c62828'>%1</span>")
                        .arg(tr("No analysis for this question: %1").arg(error_.toHtmlEscaped())));
}

void AlignmentView::setExplanation(const ExplainView& view) {
    view_ = view;
    has_ = true;
    if (decoded_.question != view.question) decoded_ = {};
    error_.clear();
    note_.clear();
    // Ground truth when the question has one, else the teacher's steps.
    if (view.groundTruth.empty()) setSource(QStringLiteral("teacher_cot"));
    showSource();
    scatter_->setPoints(view.scatter, view.explainedVariance);
    showScatterTitle();
    retranslateUi();
}

void AlignmentView::showSource() {
    const bool gt = source_->currentData().toString() == QStringLiteral("ground_truth");
    const AlignmentData& m = gt ? view_.groundTruth : view_.teacherCot;
    heatmap_->setData(m);
    steps_->clear();
    for (int i = 0; i < m.steps.size(); ++i)
        steps_->addItem(tr("%1. %2").arg(i + 1).arg(m.steps[i]));
    showDecodedSteps();
    if (!has_) return;
    if (m.empty()) {
        score_->setText(gt ? tr("This question has no ground-truth reasoning (a free question): "
                                "switch to the explicit CoT steps.")
                           : tr("The teacher's explicit CoT has no steps to compare with."));
        return;
    }
    const double z = view_.baselineStd > 0 ? (m.score - view_.baselineMean) / view_.baselineStd : 0;
    // A baseline's vectors are its latent tokens (SemCoT's: implicit tokens).
    const QString text =
        view_.method == QStringLiteral("semcot")
            ? tr("Alignment score <b>%1</b>: cosine of all implicit tokens with the whole "
                 "reasoning. Random sentence pairs of the bank: mean <b>%2</b> (sd %3, 95th "
                 "percentile %4); this score is %5 sd above it.")
            : tr("Alignment score <b>%1</b>: cosine of all of %6's latent tokens with the whole "
                 "reasoning. Random sentence pairs of the bank: mean <b>%2</b> (sd %3, 95th "
                 "percentile %4); this score is %5 sd above it.");
    score_->setText(QString(text)
                        .replace(QStringLiteral("%6"), methodLabel(view_.method).toHtmlEscaped())
                        .arg(std::isfinite(m.score) ? QString::number(m.score, 'f', 3) : tr("n/a"))
                        .arg(view_.baselineMean, 0, 'f', 3)
                        .arg(view_.baselineStd, 0, 'f', 3)
                        .arg(view_.baselineP95, 0, 'f', 3)
                        .arg(z, 0, 'f', 1));
}

QString AlignmentView::scoreText() const {
    return score_->text();
}

void AlignmentView::exportImage(bool svg) {
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export the heatmap"),
        svg ? QStringLiteral("alignment.svg") : QStringLiteral("alignment.png"),
        svg ? tr("SVG images (*.svg)") : tr("PNG images (*.png)"));
    if (file.isEmpty()) return;
    const bool ok = svg ? heatmap_->exportSvg(file) : heatmap_->exportPng(file);
    if (!ok)
        QMessageBox::warning(this, tr("Export the heatmap"), tr("Could not write %1.").arg(file));
}

void AlignmentView::retranslateUi() {
    sourceLabel_->setText(tr("Reasoning steps:"));
    source_->setItemText(0, tr("Ground truth (dataset)"));
    source_->setItemText(1, tr("Explicit CoT (teacher)"));
    png_->setText(tr("Export PNG..."));
    svg_->setText(tr("Export SVG..."));
    if (has_ && view_.method != QStringLiteral("semcot"))
        question_->setText(
            tr("<b>Question:</b> %1 <i>(%2's latent tokens)</i>")
                .arg(view_.question.toHtmlEscaped(), methodLabel(view_.method).toHtmlEscaped()));
    else
        question_->setText(has_ ? tr("<b>Question:</b> %1").arg(view_.question.toHtmlEscaped())
                                : tr("Ask a question in the Ask view: its implicit tokens are "
                                     "compared here with the reasoning steps."));
    showScatterTitle();
    if (!note_.isEmpty())
        score_->setText(
            QStringLiteral("<span style='color:gray'>%1</span>").arg(note_.toHtmlEscaped()));
    else if (!error_.isEmpty())
        showError();
    else if (has_)
        showSource();
    else
        score_->clear();
}

void AlignmentView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

} // namespace semcot::ui

namespace semcot::ui {

void AlignmentView::setDecoded(const DecodedView& view) {
    if (has_ && view.question != view_.question) return;
    decoded_ = view;
    showDecodedSteps();
}

int AlignmentView::decodedStepCount() const {
    return decodedSteps_->isHidden() ? 0 : decodedSteps_->count() - 1;
}

// The decoded steps, numbered like the reasoning steps beside them; a step equal to the
// reasoning step at its position is marked.
void AlignmentView::showDecodedSteps() {
    decodedSteps_->clear();
    if (!decoded_.present || decoded_.steps.isEmpty()) {
        decodedSteps_->hide();
        return;
    }
    auto* head = new QListWidgetItem(view_.method == QStringLiteral("semcot")
                                         ? tr("Decoded from the implicit tokens alone (a probe):")
                                         : tr("Decoded from the latent tokens alone (a probe):"),
                                     decodedSteps_);
    QFont bold = head->font();
    bold.setBold(true);
    head->setFont(bold);
    head->setFlags(Qt::ItemIsEnabled);
    const bool gt = source_->currentData().toString() == QStringLiteral("ground_truth");
    const QStringList& steps = gt ? view_.groundTruth.steps : view_.teacherCot.steps;
    for (int i = 0; i < decoded_.steps.size(); ++i) {
        auto* item =
            new QListWidgetItem(tr("%1. %2").arg(i + 1).arg(decoded_.steps[i]), decodedSteps_);
        if (i < steps.size() && steps[i].trimmed() == decoded_.steps[i].trimmed()) {
            item->setForeground(QColor(0x2e, 0x7d, 0x32));
            item->setToolTip(tr("Same as reasoning step %1").arg(i + 1));
        }
    }
    decodedSteps_->show();
}

} // namespace semcot::ui
