// Nearest-sentence decoding: the bank sentences whose ST embeddings are closest, by cosine
// similarity, to a query embedding. Cosine, never raw dot products: implicit tokens can have
// much larger norms than text states, and a dot product would rank by norm.
#pragma once

#include "analysis/explain.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace semcot {

class SentenceBank;

// Top-k bank rows for each query row. queries [Q, D] (any norm; normalised here) against
// `bank_normalized` [N, D] with unit rows: one matrix product for all queries. Returns Q lists,
// best first, with index and score (text left empty). k is clamped to N.
std::vector<std::vector<Neighbour>> nearest_rows(const at::Tensor& bank_normalized,
                                                 const at::Tensor& queries, int64_t k);

// The same against a bank, with the sentence texts filled in.
std::vector<std::vector<Neighbour>> nearest_sentences(const SentenceBank& bank,
                                                      const at::Tensor& queries, int64_t k);

// neighbours[0].score - neighbours[1].score, 0 with fewer than two.
double top_margin(const std::vector<Neighbour>& neighbours);

// Cosine similarity of `pairs` random pairs of distinct bank rows (fixed seed): the baseline
// a nearest-sentence score has to beat.
BaselineStats random_pair_baseline(const at::Tensor& bank_normalized, int64_t pairs,
                                   uint64_t seed = 1234);

} // namespace semcot
