#include "chart_render.h"

#include <QBuffer>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

#include <cmath>

namespace semcot::report {

QByteArray chart_png(const Chart& chart, double scale) {
    QSvgRenderer renderer(QByteArray::fromStdString(chart.svg_file()));
    QImage image(int(std::ceil(chart.width * scale)), int(std::ceil(chart.height * scale)),
                 QImage::Format_ARGB32);
    image.fill(Qt::white);
    {
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        p.setRenderHint(QPainter::TextAntialiasing);
        renderer.render(&p, QRectF(0, 0, image.width(), image.height()));
    }
    image.setDotsPerMeterX(int(3780 * scale)); // 96 dpi x scale
    image.setDotsPerMeterY(int(3780 * scale));
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return png;
}

void paint_chart(QPainter& painter, const Chart& chart, const QRectF& target) {
    QSvgRenderer renderer(QByteArray::fromStdString(chart.svg_file()));
    const double s = std::min(target.width() / chart.width, target.height() / chart.height);
    const QRectF r(target.left(), target.top(), chart.width * s, chart.height * s);
    renderer.render(&painter, r);
}

} // namespace semcot::report
