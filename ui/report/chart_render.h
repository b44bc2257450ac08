// Rendering the report's SVG charts (core/report/report_charts.h) with QtSvg: to PNG, and
// onto a painter (a PDF page stays vector).
#pragma once

#include "report/report_charts.h"

#include <QByteArray>
#include <QRectF>

class QPainter;

namespace semcot::report {

// Renders a chart to PNG at `scale` times its size (white background).
QByteArray chart_png(const Chart& chart, double scale = 2.0);
// Paints a chart into `target` keeping its aspect ratio (vector on a PDF painter).
void paint_chart(QPainter& painter, const Chart& chart, const QRectF& target);

} // namespace semcot::report
