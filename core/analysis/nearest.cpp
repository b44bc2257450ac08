#include "analysis/nearest.h"

#include "analysis/sentence_bank.h"
#include "common/error.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace semcot {

std::vector<std::vector<Neighbour>> nearest_rows(const at::Tensor& bank_normalized,
                                                 const at::Tensor& queries, int64_t k) {
    if (!bank_normalized.defined() || bank_normalized.dim() != 2)
        throw InvalidArgument("nearest: the bank must be [N, D]");
    if (queries.dim() != 2 || queries.size(1) != bank_normalized.size(1))
        throw InvalidArgument("nearest: queries must be [Q, " +
                              std::to_string(bank_normalized.size(1)) + "]");
    c10::InferenceMode guard;
    const int64_t n = bank_normalized.size(0);
    k = std::min(k, n);
    std::vector<std::vector<Neighbour>> out(size_t(queries.size(0)));
    if (k <= 0 || n == 0) return out;
    auto q = queries.to(bank_normalized.device(), at::kFloat);
    q = q / q.norm(2, {1}, /*keepdim=*/true).clamp_min(1e-12);
    auto sims = at::matmul(q, bank_normalized.t()); // [Q, N] cosine
    auto [vals, idx] = at::topk(sims, k, /*dim=*/1);
    vals = vals.cpu().contiguous();
    idx = idx.cpu().contiguous();
    const float* v = vals.data_ptr<float>();
    const int64_t* ix = idx.data_ptr<int64_t>();
    for (size_t r = 0; r < out.size(); ++r)
        for (int64_t j = 0; j < k; ++j) {
            Neighbour nb;
            nb.index = ix[int64_t(r) * k + j];
            nb.score = v[int64_t(r) * k + j];
            out[r].push_back(nb);
        }
    return out;
}

std::vector<std::vector<Neighbour>> nearest_sentences(const SentenceBank& bank,
                                                      const at::Tensor& queries, int64_t k) {
    auto out = nearest_rows(bank.normalized(), queries, k);
    for (auto& list : out)
        for (auto& nb : list) nb.text = bank.sentence(nb.index);
    return out;
}

double top_margin(const std::vector<Neighbour>& neighbours) {
    return neighbours.size() < 2 ? 0.0 : neighbours[0].score - neighbours[1].score;
}

BaselineStats random_pair_baseline(const at::Tensor& bank_normalized, int64_t pairs,
                                   uint64_t seed) {
    BaselineStats s;
    const int64_t n = bank_normalized.defined() ? bank_normalized.size(0) : 0;
    if (n < 2 || pairs < 1) return s;
    c10::InferenceMode guard;
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int64_t> pick(0, n - 1);
    std::vector<int64_t> a(static_cast<size_t>(pairs)), b(static_cast<size_t>(pairs));
    for (int64_t i = 0; i < pairs; ++i) {
        a[size_t(i)] = pick(rng);
        do b[size_t(i)] = pick(rng);
        while (b[size_t(i)] == a[size_t(i)]);
    }
    auto ia = at::tensor(a, at::kLong).to(bank_normalized.device());
    auto ib = at::tensor(b, at::kLong).to(bank_normalized.device());
    auto sims = (bank_normalized.index_select(0, ia) * bank_normalized.index_select(0, ib))
                    .sum(1)
                    .to(at::kDouble)
                    .cpu()
                    .contiguous();
    std::vector<double> v(sims.data_ptr<double>(), sims.data_ptr<double>() + pairs);
    std::sort(v.begin(), v.end());
    double sum = 0, sq = 0;
    for (double x : v) sum += x;
    s.pairs = pairs;
    s.mean = sum / double(pairs);
    for (double x : v) sq += (x - s.mean) * (x - s.mean);
    s.std = pairs > 1 ? std::sqrt(sq / double(pairs - 1)) : 0.0;
    auto pct = [&](double p) { // nearest rank
        const auto i = size_t(std::clamp<double>(std::ceil(p * double(pairs)) - 1, 0, pairs - 1));
        return v[i];
    };
    s.p50 = pct(0.50);
    s.p95 = pct(0.95);
    s.p99 = pct(0.99);
    s.min = v.front();
    s.max = v.back();
    return s;
}

} // namespace semcot
