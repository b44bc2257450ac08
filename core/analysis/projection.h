// A 2-D projection (PCA through torch's SVD) of ST embeddings, for the scatter view.
#pragma once

#include "analysis/explain.h"

#include <ATen/core/Tensor.h>

namespace semcot {

// Rows of x [N, D] projected on their first two principal components -> [N, 2] float32
// (centred; components from at::linalg_svd). explained (optional) receives each axis's share
// of the total variance. With D < 2 or N < 2 the missing axes are zero.
at::Tensor pca_2d(const at::Tensor& x, double explained[2] = nullptr);

} // namespace semcot
