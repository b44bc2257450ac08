// One implicit token as a chip: its label, its nearest bank sentence and the cosine. Hover
// shows the top-k neighbours and the logit-lens tokens; a click expands them in the chip.
#pragma once

#include "studio_types.h"

#include <QFrame>

class QLabel;

namespace semcot::ui {

class ImplicitTokenChip final : public QFrame {
    Q_OBJECT
public:
    explicit ImplicitTokenChip(const ImplicitTokenView& token, double baselineMean,
                               QWidget* parent = nullptr);

    const ImplicitTokenView& token() const { return token_; }
    bool expanded() const { return expanded_; }
    void setExpanded(bool on);
    // The rich text of the hover tooltip (top-k neighbours and logit lens).
    QString detailsHtml() const;

Q_SIGNALS:
    void clicked(int position);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    ImplicitTokenView token_;
    double baselineMean_ = 0;
    bool expanded_ = false;
    QLabel* header_ = nullptr;
    QLabel* sentence_ = nullptr;
    QLabel* details_ = nullptr;
};

} // namespace semcot::ui
