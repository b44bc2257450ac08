// DiagnosticsView: filling the token statistics, interventions and logit-lens tables.
#include "diagnostics_view.h"

#include "methods.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>

#include <algorithm>

namespace semcot::ui {

namespace {

QTableWidgetItem* cell(const QString& text, const QString& tip = {}) {
    auto* item = new QTableWidgetItem(text);
    if (!tip.isEmpty()) item->setToolTip(tip);
    return item;
}

// Columns as wide as their cells and their header (an empty table's headers included: the
// table shows its columns before the first run).
void fitColumns(QTableWidget* t) {
    t->resizeColumnsToContents();
    for (int c = 0; c < t->columnCount(); ++c)
        t->setColumnWidth(c, std::max(t->columnWidth(c), t->horizontalHeader()->sectionSizeHint(c)));
}

QString num(double v, int decimals = 3) {
    return QString::number(v, 'f', decimals);
}

QString meanSd(const DiagNorm& n) {
    return QStringLiteral("%1 ± %2").arg(num(n.mean, 2), num(n.sd, 2));
}

QString range(const DiagNorm& n) {
    return QStringLiteral("%1 – %2").arg(num(n.p5, 2), num(n.p95, 2));
}

QString signedPoints(double fraction) {
    const double p = fraction * 100;
    return (p > 0 ? QStringLiteral("+") : QString()) + QString::number(p, 'f', 1);
}

} // namespace

void DiagnosticsView::showResult(const DiagnosticsData& d) {
    using Kind = DiagnosticsRequest::Kind;
    if (d.request.kind == Kind::lens) {
        lensData_ = d;
        fillLens();
        status_->setText(tr("Raw logit lens of one question, %1.").arg(methodLabel(d.request.method)));
        return;
    }
    data_ = d;
    fillTokens();
    fillInterventions();
    if (d.request.kind == Kind::question) {
        showTab(1);
        status_->setText(tr("Interventions on one question (\"another question's\" tokens are "
                            "those of: %1).")
                             .arg(d.questionUsed));
    } else {
        status_->setText(tr("%1 on the first %n question(s) of the %2 split.", nullptr,
                            int(d.questions))
                             .arg(methodLabel(d.request.method), d.request.split));
    }
}

void DiagnosticsView::fillTokens() {
    const DiagnosticsData& d = data_;
    tokens_->clear();
    tokens_->setColumnCount(6);
    tokens_->setHorizontalHeaderLabels({tr("Token"), tr("L2 norm (mean ± sd)"), tr("Norm 5th – 95th"),
                                        tr("Norm / embedding norm"), tr("Cosine across questions"),
                                        tr("Effective rank")});
    tokens_->setRowCount(d.questions > 0 ? int(d.norms.size()) + 2 : 0);
    cosine_->clear();
    if (d.questions == 0) {
        tokenNote_->setText(tr("No statistics yet: press Diagnose."));
        cosine_->setRowCount(0);
        cosine_->setColumnCount(0);
        fitColumns(tokens_);
        return;
    }
    tokenNote_->setText(
        tr("%1, %n question(s), k = %2. A cosine across questions near 1 means every question "
           "gets nearly the same token; an effective rank near 1 means the tokens lie on one "
           "line (exp of the entropy of the normalised singular values).",
           nullptr, int(d.questions))
            .arg(methodLabel(d.request.method))
            .arg(d.k));
    const double emb = d.embeddingNorms.mean;
    for (int p = 0; p < d.norms.size(); ++p) {
        tokens_->setItem(p, 0, cell(QStringLiteral("t%1").arg(p + 1)));
        tokens_->setItem(p, 1, cell(meanSd(d.norms[p])));
        tokens_->setItem(p, 2, cell(range(d.norms[p])));
        tokens_->setItem(p, 3, cell(emb > 0 ? num(d.norms[p].mean / emb, 1) + QStringLiteral("×")
                                            : QStringLiteral("-")));
        tokens_->setItem(p, 4, cell(num(d.acrossQuestionsCosine.value(p))));
        tokens_->setItem(p, 5, cell(num(d.effectiveRank.value(p), 2),
                                    tr("At most %n (the questions)", nullptr, int(d.questions))));
    }
    const int all = int(d.norms.size());
    tokens_->setItem(all, 0, cell(tr("all positions")));
    for (int c = 1; c < 5; ++c) tokens_->setItem(all, c, cell(QStringLiteral("")));
    tokens_->setItem(all, 5, cell(num(d.effectiveRankAll, 2)));
    tokens_->setItem(all + 1, 0, cell(tr("teacher embedding rows"),
                                      tr("The teacher's own input embeddings: the scale a "
                                         "token of its vocabulary has")));
    tokens_->setItem(all + 1, 1, cell(meanSd(d.embeddingNorms)));
    tokens_->setItem(all + 1, 2, cell(range(d.embeddingNorms)));
    tokens_->setItem(all + 1, 3, cell(QStringLiteral("1.0×")));
    tokens_->setItem(all + 1, 4, cell(num(d.embeddingPairCosine),
                                      tr("Mean cosine of random pairs of embedding rows")));
    tokens_->setItem(all + 1, 5, cell(QStringLiteral("")));
    fitColumns(tokens_);
    const int k = int(d.positionCosine.size());
    cosineLabel_->setText(tr("Cosine between positions, mean over the questions:"));
    cosine_->setRowCount(k);
    cosine_->setColumnCount(k + 1);
    QStringList headers{QString()};
    for (int j = 0; j < k; ++j) headers << QStringLiteral("t%1").arg(j + 1);
    cosine_->setHorizontalHeaderLabels(headers);
    for (int i = 0; i < k; ++i) {
        cosine_->setItem(i, 0, cell(QStringLiteral("t%1").arg(i + 1)));
        for (int j = 0; j < k; ++j) cosine_->setItem(i, j + 1, cell(num(d.positionCosine[i].value(j))));
    }
    fitColumns(cosine_);
}

void DiagnosticsView::fillInterventions() {
    const DiagnosticsData& d = data_;
    const bool one = d.request.kind == DiagnosticsRequest::Kind::question;
    const bool control = !d.control.isEmpty();
    interventions_->clear();
    QStringList headers{tr("Intervention")};
    if (one) {
        headers << tr("Answer") << tr("Changed");
        if (control) headers << tr("Answer, tokens masked (control)");
    } else {
        headers << tr("Correct") << tr("Accuracy (%)") << tr("Change (points)") << tr("Answers changed");
        if (control) headers << tr("Control: accuracy (%)") << tr("Control: answers changed");
    }
    interventions_->setColumnCount(int(headers.size()));
    interventions_->setHorizontalHeaderLabels(headers);
    interventions_->setRowCount(int(d.interventions.size()));
    if (d.interventions.isEmpty())
        interventionNote_->setText(tr("No interventions yet: press Diagnose, or Interventions in the "
                                      "Ask view for one question."));
    else if (one)
        interventionNote_->setText(tr("The question: %1").arg(d.request.question));
    else
        interventionNote_->setText(
            tr("The causal test: if the tokens carry the reasoning, zeroing or swapping them "
               "changes answers. In the control the teacher cannot attend to the tokens, so no "
               "answer may change there."));
    const double base = d.interventions.isEmpty() ? 0 : d.interventions.first().accuracy;
    for (int r = 0; r < d.interventions.size(); ++r) {
        const DiagIntervention& row = d.interventions[r];
        const DiagIntervention* c = r < d.control.size() ? &d.control[r] : nullptr;
        int col = 0;
        interventions_->setItem(r, col++, cell(row.name));
        if (one) {
            const QString answer = row.answers.value(0);
            interventions_->setItem(r, col++, cell(answer.isEmpty() ? tr("(no answer found)") : answer));
            interventions_->setItem(r, col++, cell(r == 0 ? QString() : row.changed ? tr("yes") : tr("no")));
            if (c) interventions_->setItem(r, col++, cell(c->answers.value(0)));
            continue;
        }
        interventions_->setItem(r, col++, cell(QStringLiteral("%1 / %2").arg(row.correct).arg(row.n)));
        interventions_->setItem(r, col++, cell(num(row.accuracy * 100, 1)));
        interventions_->setItem(r, col++, cell(r == 0 ? QString() : signedPoints(row.accuracy - base)));
        interventions_->setItem(r, col++, cell(r == 0 ? QString() : QString::number(row.changed)));
        if (c) {
            interventions_->setItem(r, col++, cell(num(c->accuracy * 100, 1)));
            interventions_->setItem(r, col++, cell(r == 0 ? QString() : QString::number(c->changed)));
        }
    }
    fitColumns(interventions_);
}

void DiagnosticsView::fillLens() {
    const auto& grid = lensData_.lens;
    lens_->clear();
    lens_->setRowCount(int(grid.size()));
    const int n = grid.isEmpty() ? 0 : int(grid.first().size());
    lens_->setColumnCount(n);
    QStringList columns, rows;
    for (int p = 0; p < n; ++p) columns << QStringLiteral("t%1").arg(p + 1);
    for (int l = 0; l < grid.size(); ++l)
        rows << (l == 0 ? tr("embeddings") : l + 1 == grid.size() ? tr("layer %1 (final norm)").arg(l)
                                                                  : tr("layer %1").arg(l));
    lens_->setHorizontalHeaderLabels(columns);
    lens_->setVerticalHeaderLabels(rows);
    for (int l = 0; l < grid.size(); ++l)
        for (int p = 0; p < grid[l].size() && p < n; ++p) {
            const DiagLensCell& c = grid[l][p];
            QStringList tip;
            for (int i = 0; i < c.pieces.size(); ++i)
                tip << QStringLiteral("%1  %2").arg(c.pieces[i].toHtmlEscaped(),
                                                    QString::number(c.probs.value(i), 'f', 4));
            auto* item = cell(c.pieces.value(0),
                              tr("Raw logit lens, %1, t%2: top %n token(s) and probabilities",
                                 nullptr, int(c.pieces.size()))
                                      .arg(rows[l])
                                      .arg(p + 1) +
                                  QStringLiteral("\n") + tip.join(u'\n'));
            // The top-1 probability as shade: darker = more certain.
            const double prob = c.probs.value(0);
            item->setBackground(QColor::fromHsvF(0.5, 0.6 * prob, 1.0 - 0.15 * prob));
            item->setForeground(QColor(Qt::black));
            lens_->setItem(l, p, item);
        }
    fitColumns(lens_);
}

} // namespace semcot::ui
