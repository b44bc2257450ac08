// Qt Charts do not follow the widget palette: this colours a chart's background, titles,
// legend, axes and grid from a palette (light or dark theme), keeping the series' own colours.
// Chart widgets call it after building their axes and again on QEvent::PaletteChange.
#pragma once

#include <QPalette>

class QChart;

namespace semcot::ui {

void applyChartPalette(QChart* chart, const QPalette& palette);

} // namespace semcot::ui
