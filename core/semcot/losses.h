// The losses of SemCoT (arXiv 2510.24940) as pure functions: the contrastive alignment of
// implicit reasoning with the ground-truth reasoning (InfoNCE over sentence-transformer
// embeddings), a cosine distance, the token cross-entropy of the answer, and the pooling that
// turns token states into one sentence vector. Shapes: N = pairs, D = embedding width,
// B = batch, T = positions, V = vocabulary. All results are float32 whatever the input dtype.
#pragma once

#include <torch/types.h>

namespace semcot {

// InfoNCE with in-batch negatives. With a_i = anchors_i / |anchors_i| and
// p_j = positives_j / |positives_j| (L2-normalised rows), s_ij = (a_i . p_j) / temperature:
//   loss = -1/N * sum_i log( exp(s_ii) / sum_j exp(s_ij) )
// i.e. cross-entropy of each row of the [N, N] similarity matrix against its diagonal.
// anchors, positives: [N, D]; temperature > 0. Returns a float32 scalar.
torch::Tensor info_nce(const torch::Tensor& anchors, const torch::Tensor& positives,
                       double temperature);

// Mean cosine distance of paired rows: 1/N * sum_i (1 - a_i . b_i / max(|a_i| |b_i|, eps)).
// 0 for identical directions, 1 for orthogonal, 2 for opposite; a zero row counts as
// orthogonal (eps keeps it finite). a, b: [N, D]. Returns a float32 scalar.
torch::Tensor cosine_distance(const torch::Tensor& a, const torch::Tensor& b);

// Masked token cross-entropy: logits at position t predict targets at t (the caller shifts).
//   loss = sum_{b,t: mask[b,t] != 0} -log softmax(logits[b,t])[targets[b,t]] / #{mask != 0}
// logits: [B, T, V] (log-softmax in float32); targets: [B, T] int64 (values at masked-out
// positions are ignored, e.g. -100); mask: [B, T]. 0 when no position is selected.
torch::Tensor masked_token_ce(const torch::Tensor& logits, const torch::Tensor& targets,
                              const torch::Tensor& mask);

// Mean of the token states where mask != 0: sum_t mask[b,t] h[b,t] / max(sum_t mask[b,t], 1).
// hidden: [B, T, D]; mask: [B, T]. Returns [B, D] float32 (zeros for an all-padding row).
torch::Tensor masked_mean_pool(const torch::Tensor& hidden, const torch::Tensor& mask);

// Element-wise max over the positions where mask != 0; padding never wins, however large its
// values. hidden: [B, T, D]; mask: [B, T]. Returns [B, D] float32 (zeros for an all-padding row).
torch::Tensor masked_max_pool(const torch::Tensor& hidden, const torch::Tensor& mask);

} // namespace semcot
