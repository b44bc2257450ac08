// Qt Charts do not follow the widget palette: this colours a chart's background, titles,
// legend, axes and grid from a palette (light or dark theme), keeping the series' own colours.
// Chart widgets call it after building their axes and again on QEvent::PaletteChange.
#pragma once

#include <QColor>
#include <QPalette>
#include <QString>

class QChart;

namespace semcot::ui {

void applyChartPalette(QChart* chart, const QPalette& palette);

// One colour per method (methods.h names), the same in every chart: explicit CoT pink, SemCoT
// teal, the others distinct from both and from each other; grey for an unknown name.
QColor methodColor(const QString& method);

} // namespace semcot::ui
