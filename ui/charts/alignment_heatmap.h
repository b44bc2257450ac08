// Implicit tokens (rows) x reasoning steps (columns), one cosine per cell, drawn with QPainter:
// a colour scale with its legend, the value in each cell when it fits, a tooltip with the exact
// cosine and both texts, and export to PNG and SVG.
#pragma once

#include "studio_types.h"

#include <QWidget>

namespace semcot::ui {

class AlignmentHeatmap final : public QWidget {
    Q_OBJECT
public:
    explicit AlignmentHeatmap(QWidget* parent = nullptr);

    void setData(const AlignmentData& data);
    const AlignmentData& data() const { return data_; }
    // The cell under `pos` (widget coordinates) as (row, col); (-1, -1) outside.
    QPair<int, int> cellAt(const QPoint& pos) const;
    // The centre of a cell in widget coordinates.
    QPoint cellCenter(int row, int col) const;
    // Tooltip text of a cell: the exact cosine and both texts.
    QString cellToolTip(int row, int col) const;
    // Colour of a cosine in the current scale.
    QColor colorFor(double value) const;

    bool exportPng(const QString& file);
    bool exportSvg(const QString& file);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Geometry {
        QRectF grid;   // the cells
        QRectF legend; // the colour bar
        double cellW = 0, cellH = 0;
    };
    Geometry geometry(const QSize& size) const;
    void render(QPainter& p, const QSize& size) const;

    AlignmentData data_;
    double low_ = -1, high_ = 1; // colour scale range
};

} // namespace semcot::ui
