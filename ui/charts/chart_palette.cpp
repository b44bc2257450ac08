#include "chart_palette.h"

#include <QAbstractAxis>
#include <QChart>
#include <QLegend>

namespace semcot::ui {

void applyChartPalette(QChart* chart, const QPalette& palette) {
    const QColor text = palette.color(QPalette::WindowText);
    QColor grid = palette.color(QPalette::Mid);
    grid.setAlpha(110);
    chart->setBackgroundBrush(palette.brush(QPalette::Base));
    chart->setBackgroundPen(QPen(palette.color(QPalette::Mid)));
    chart->setTitleBrush(text);
    chart->legend()->setLabelColor(text);
    for (QAbstractAxis* axis : chart->axes()) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
        axis->setGridLineColor(grid);
        axis->setLinePenColor(palette.color(QPalette::Mid));
    }
}

QColor methodColor(const QString& method) {
    static const struct {
        const char* name;
        QColor colour;
    } colours[] = {{"cot", QColor(233, 30, 99)},     {"nocot", QColor(96, 125, 139)},
                   {"semcot", QColor(0, 150, 136)},  {"pause", QColor(255, 152, 0)},
                   {"softcot", QColor(63, 81, 181)}, {"coconut", QColor(121, 85, 72)},
                   {"codi", QColor(156, 39, 176)},   {"icot", QColor(139, 195, 74)}};
    for (const auto& c : colours)
        if (method == QLatin1String(c.name)) return c.colour;
    return QColor(158, 158, 158);
}

} // namespace semcot::ui
