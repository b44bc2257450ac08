// The bounding box of the points a chart shows, for its axis ranges (loss_chart, run_curves_chart).
#pragma once

#include <QPointF>

#include <algorithm>

namespace semcot::ui {

struct PointBounds {
    double x0 = 0, x1 = 1, y0 = 0, y1 = 1; // [0, 1] x [0, 1] until a point is added
    bool any = false;
    void add(const QPointF& p) {
        if (!any) {
            x0 = x1 = p.x();
            y0 = y1 = p.y();
            any = true;
        }
        x0 = std::min(x0, p.x());
        x1 = std::max(x1, p.x());
        y0 = std::min(y0, p.y());
        y1 = std::max(y1, p.y());
    }
};

} // namespace semcot::ui
