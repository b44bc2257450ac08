#include "eval/smoothing.h"

#include "common/error.h"

#include <cmath>
#include <string>

namespace semcot {

std::vector<double> smooth_ema(const std::vector<double>& values, double weight) {
    if (!(weight >= 0 && weight < 1))
        throw InvalidArgument("smoothing weight must be in [0, 1), got " + std::to_string(weight));
    std::vector<double> out;
    out.reserve(values.size());
    double last = 0;
    double debias = 1; // w^n
    for (double v : values) {
        if (!std::isfinite(v)) {
            out.push_back(v);
            continue;
        }
        last = weight * last + (1 - weight) * v;
        debias *= weight;
        out.push_back(weight == 0 ? v : last / (1 - debias));
    }
    return out;
}

} // namespace semcot
