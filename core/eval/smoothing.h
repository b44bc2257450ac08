// Smoothing of a training curve for display, TensorBoard's way (its scalar dashboard's
// "Smoothing" slider): a debiased exponential moving average.
#pragma once

#include <vector>

namespace semcot {

// TensorBoard's smoothing of `values` with weight w in [0, 1):
//   last_i = w * last_{i-1} + (1 - w) * v_i,  last_0 = 0,
//   smoothed_i = last_i / (1 - w^n_i)          (n_i: finite values seen so far),
// the division removing the bias towards the initial 0. w = 0 returns the values unchanged;
// a non-finite value is passed through and does not enter the average. w outside [0, 1)
// throws InvalidArgument.
std::vector<double> smooth_ema(const std::vector<double>& values, double weight);

} // namespace semcot
