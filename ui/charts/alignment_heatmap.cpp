#include "alignment_heatmap.h"

#include <QEvent>
#include <QHelpEvent>
#include <QPainter>
#include <QSvgGenerator>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace semcot::ui {

namespace {

constexpr int kLeft = 56;      // row labels
constexpr int kTop = 28;       // column labels
constexpr int kLegendW = 16;   // colour bar
constexpr int kLegendGap = 60; // gap and bar labels
constexpr int kMargin = 8;

// A perceptually ordered scale (viridis, 5 stops), low -> high.
QColor viridis(double t) {
    static const QColor stops[] = {QColor(68, 1, 84), QColor(59, 82, 139), QColor(33, 145, 140),
                                   QColor(94, 201, 98), QColor(253, 231, 37)};
    t = std::clamp(t, 0.0, 1.0) * 4.0;
    const int i = std::min(3, int(t));
    const double f = t - i;
    const QColor& a = stops[i];
    const QColor& b = stops[i + 1];
    return QColor::fromRgbF(float(a.redF() + f * (b.redF() - a.redF())),
                            float(a.greenF() + f * (b.greenF() - a.greenF())),
                            float(a.blueF() + f * (b.blueF() - a.blueF())));
}

} // namespace

AlignmentHeatmap::AlignmentHeatmap(QWidget* parent)
    : QWidget(parent) {
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void AlignmentHeatmap::setData(const AlignmentData& data) {
    data_ = data;
    low_ = 1;
    high_ = -1;
    for (double v : data_.cells)
        if (std::isfinite(v)) {
            low_ = std::min(low_, v);
            high_ = std::max(high_, v);
        }
    if (low_ > high_) low_ = -1, high_ = 1;
    if (high_ - low_ < 0.05) { // a nearly flat matrix: widen so colours do not exaggerate noise
        const double mid = (low_ + high_) / 2;
        low_ = mid - 0.025;
        high_ = mid + 0.025;
    }
    updateGeometry();
    update();
}

QSize AlignmentHeatmap::sizeHint() const {
    return {kLeft + std::max(4, data_.cols) * 60 + kLegendGap + kLegendW + 2 * kMargin,
            kTop + std::max(2, data_.rows) * 40 + 2 * kMargin};
}

QSize AlignmentHeatmap::minimumSizeHint() const {
    return {260, 140};
}

AlignmentHeatmap::Geometry AlignmentHeatmap::geometry(const QSize& size) const {
    Geometry g;
    const double w = size.width() - kLeft - kLegendGap - kLegendW - 2 * kMargin;
    const double h = size.height() - kTop - 2 * kMargin;
    if (data_.empty() || w <= 0 || h <= 0) return g;
    g.cellW = w / data_.cols;
    g.cellH = std::min(h / data_.rows, 64.0);
    g.grid = QRectF(kMargin + kLeft, kMargin + kTop, g.cellW * data_.cols, g.cellH * data_.rows);
    g.legend = QRectF(g.grid.right() + kLegendGap / 3.0, g.grid.top(), kLegendW,
                      std::max(g.grid.height(), 80.0));
    return g;
}

QPair<int, int> AlignmentHeatmap::cellAt(const QPoint& pos) const {
    const Geometry g = geometry(size());
    if (!g.grid.contains(pos)) return {-1, -1};
    const int col = std::min(data_.cols - 1, int((pos.x() - g.grid.left()) / g.cellW));
    const int row = std::min(data_.rows - 1, int((pos.y() - g.grid.top()) / g.cellH));
    return {row, col};
}

QPoint AlignmentHeatmap::cellCenter(int row, int col) const {
    const Geometry g = geometry(size());
    return QPointF(g.grid.left() + (col + 0.5) * g.cellW, g.grid.top() + (row + 0.5) * g.cellH)
        .toPoint();
}

QString AlignmentHeatmap::cellToolTip(int row, int col) const {
    if (row < 0 || col < 0 || row >= data_.rows || col >= data_.cols) return {};
    const QString token = data_.rowLabels.value(row, QStringLiteral("t%1").arg(row + 1));
    const QString nearest = data_.rowTexts.value(row);
    return tr("%1 x step %2: cosine %3\nImplicit token %1, nearest sentence: %4\nStep %2: %5")
        .arg(token)
        .arg(col + 1)
        .arg(data_.at(row, col), 0, 'f', 4)
        .arg(nearest.isEmpty() ? tr("(none)") : nearest, data_.steps.value(col));
}

QColor AlignmentHeatmap::colorFor(double value) const {
    return viridis((value - low_) / (high_ - low_));
}

void AlignmentHeatmap::render(QPainter& p, const QSize& size) const {
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    if (data_.empty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(QRect(QPoint(0, 0), size), Qt::AlignCenter | Qt::TextWordWrap,
                   tr("No alignment yet: ask a question in the Ask view."));
        return;
    }
    const Geometry g = geometry(size);
    if (g.grid.isEmpty()) return;
    QFont small = p.font();
    small.setPointSizeF(std::max(7.0, small.pointSizeF() - 1));
    p.setFont(small);
    const QFontMetricsF fm(small);
    for (int r = 0; r < data_.rows; ++r)
        for (int c = 0; c < data_.cols; ++c) {
            const QRectF cell(g.grid.left() + c * g.cellW, g.grid.top() + r * g.cellH, g.cellW,
                              g.cellH);
            const double v = data_.at(r, c);
            const QColor color = colorFor(v);
            p.fillRect(cell.adjusted(0.5, 0.5, -0.5, -0.5), color);
            const QString text = QString::number(v, 'f', 2);
            if (fm.horizontalAdvance(text) + 4 < cell.width() && fm.height() < cell.height()) {
                p.setPen(color.lightnessF() > 0.55 ? Qt::black : Qt::white);
                p.drawText(cell, Qt::AlignCenter, text);
            }
        }
    p.setPen(pal.color(QPalette::WindowText));
    for (int r = 0; r < data_.rows; ++r)
        p.drawText(QRectF(kMargin, g.grid.top() + r * g.cellH, kLeft - 6, g.cellH),
                   Qt::AlignRight | Qt::AlignVCenter, data_.rowLabels.value(r));
    for (int c = 0; c < data_.cols; ++c) {
        const QRectF label(g.grid.left() + c * g.cellW, kMargin, g.cellW, kTop - 4);
        const QString text = fm.horizontalAdvance(tr("step %1").arg(c + 1)) < g.cellW - 2
                                 ? tr("step %1").arg(c + 1)
                                 : QString::number(c + 1);
        p.drawText(label, Qt::AlignCenter | Qt::AlignBottom, text);
    }
    // Colour legend: the scale from high (top) to low (bottom) with three labels.
    QLinearGradient grad(g.legend.topLeft(), g.legend.bottomLeft());
    for (int i = 0; i <= 8; ++i) grad.setColorAt(i / 8.0, viridis(1.0 - i / 8.0));
    p.fillRect(g.legend, grad);
    p.setPen(pal.color(QPalette::Mid));
    p.drawRect(g.legend);
    p.setPen(pal.color(QPalette::WindowText));
    const double xs = g.legend.right() + 4;
    p.drawText(QPointF(xs, g.legend.top() + fm.ascent()), QString::number(high_, 'f', 2));
    p.drawText(QPointF(xs, g.legend.center().y() + fm.ascent() / 2),
               QString::number((high_ + low_) / 2, 'f', 2));
    p.drawText(QPointF(xs, g.legend.bottom()), QString::number(low_, 'f', 2));
    p.save();
    p.translate(g.legend.left() - 4, g.legend.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-g.legend.height() / 2, -fm.height(), g.legend.height(), fm.height()),
               Qt::AlignCenter, tr("cosine"));
    p.restore();
}

void AlignmentHeatmap::paintEvent(QPaintEvent*) {
    QPainter p(this);
    render(p, size());
}

bool AlignmentHeatmap::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        const auto [row, col] = cellAt(help->pos());
        if (row >= 0)
            QToolTip::showText(help->globalPos(), cellToolTip(row, col), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(e);
}

void AlignmentHeatmap::changeEvent(QEvent* e) {
    if (e->type() == QEvent::LanguageChange) update();
    QWidget::changeEvent(e);
}

bool AlignmentHeatmap::exportPng(const QString& file) {
    const QSize s = size().expandedTo(sizeHint());
    QImage image(s * 2, QImage::Format_ARGB32);
    image.setDevicePixelRatio(2);
    image.fill(palette().color(QPalette::Window));
    QPainter p(&image);
    render(p, s);
    p.end();
    return image.save(file, "PNG");
}

bool AlignmentHeatmap::exportSvg(const QString& file) {
    const QSize s = size().expandedTo(sizeHint());
    QSvgGenerator svg;
    svg.setFileName(file);
    svg.setSize(s);
    svg.setViewBox(QRect(QPoint(0, 0), s));
    svg.setTitle(tr("SemCoT alignment heatmap"));
    QPainter p;
    if (!p.begin(&svg)) return false;
    p.fillRect(QRect(QPoint(0, 0), s), palette().color(QPalette::Window));
    render(p, s);
    return p.end();
}

} // namespace semcot::ui
