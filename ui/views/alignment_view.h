// Alignment of the last question's implicit tokens with the reasoning: the heatmap (ground
// truth or the teacher's explicit CoT steps), the alignment score beside the random-pair
// baseline, the steps, and the 2-D projection scatter.
#pragma once

#include "studio_types.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace semcot::ui {

class AlignmentHeatmap;
class ProjectionScatter;

class AlignmentView final : public QWidget {
    Q_OBJECT
public:
    explicit AlignmentView(QWidget* parent = nullptr);

    AlignmentHeatmap* heatmap() const { return heatmap_; }
    ProjectionScatter* scatter() const { return scatter_; }
    QString scoreText() const;
    // The last question's analysis (empty before the first).
    const ExplainView& explanation() const { return view_; }
    // The decoded steps shown beside the reasoning steps (0 when hidden).
    int decodedStepCount() const;
    // "ground_truth" or "teacher_cot".
    void setSource(const QString& source);

public Q_SLOTS:
    void setExplanation(const semcot::ui::ExplainView& view);
    void setError(const QString& message);
    // The run's trained decoder's reading of the same question's latent tokens: its steps go
    // beside the reasoning steps (ignored when it is about another question).
    void setDecoded(const semcot::ui::DecodedView& view);
    // The last question's method has no latent tokens to align: the view empties and says so.
    void setNote(const QString& message);
    void clear();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void showSource();
    void showError();
    void showScatterTitle();
    void showDecodedSteps();
    void exportImage(bool svg);

    ExplainView view_;
    bool has_ = false;
    QString error_; // the analysis failed (shown instead of the score)
    QString note_;  // no analysis to show, and why (setNote)
    QLabel* question_ = nullptr;
    QLabel* sourceLabel_ = nullptr;
    QComboBox* source_ = nullptr;
    QPushButton* png_ = nullptr;
    QPushButton* svg_ = nullptr;
    QLabel* score_ = nullptr;
    AlignmentHeatmap* heatmap_ = nullptr;
    QListWidget* steps_ = nullptr;
    QListWidget* decodedSteps_ = nullptr; // the decoder's steps (hidden without a decoder)
    DecodedView decoded_;
    ProjectionScatter* scatter_ = nullptr;
};

} // namespace semcot::ui
