#include "analysis/projection.h"

#include "analysis/implicit.h"
#include "analysis/sentence_bank.h"
#include "common/error.h"
#include "semcot/run.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

namespace semcot {

at::Tensor pca_2d(const at::Tensor& x, double explained[2]) {
    if (x.dim() != 2) throw InvalidArgument("pca_2d: expected [N, D]");
    c10::InferenceMode guard;
    const int64_t n = x.size(0);
    auto out = at::zeros({n, 2}, at::kFloat);
    if (explained) explained[0] = explained[1] = 0;
    if (n < 2 || x.size(1) < 1) return out;
    auto c = x.to(at::kDouble).cpu();
    c = c - c.mean(0, /*keepdim=*/true);
    // c = U S V^T: the principal axes are the rows of V^T, the scores U S.
    auto [u, s, vh] = at::linalg_svd(c, /*full_matrices=*/false);
    const int64_t m = std::min<int64_t>(2, s.size(0));
    out.narrow(1, 0, m).copy_((u.narrow(1, 0, m) * s.narrow(0, 0, m)).to(at::kFloat));
    // Sign convention: the largest-magnitude coordinate of each axis is positive, so the
    // picture does not flip between runs of the same data.
    for (int64_t a = 0; a < m; ++a) {
        auto col = out.select(1, a);
        if (col[col.abs().argmax()].item<float>() < 0) col.neg_();
    }
    if (explained) {
        const double total = (s * s).sum().item<double>();
        for (int64_t a = 0; a < m; ++a)
            explained[a] = total > 0 ? (s[a] * s[a]).item<double>() / total : 0.0;
    }
    return out;
}

Projection project_implicit(LoadedRun& run, const SentenceBank& bank,
                            const std::vector<std::string>& questions,
                            const ProjectionParams& params, const AnalysisProgress& progress) {
    c10::InferenceMode guard;
    Projection p;
    std::vector<at::Tensor> rows;
    const int64_t nq = int64_t(questions.size());
    for (int64_t q = 0; q < nq; ++q) {
        auto enc = encode_implicit(run, questions[size_t(q)], params.k);
        for (int64_t t = 0; t < enc.token_st.size(0); ++t) {
            rows.push_back(enc.token_st[t]);
            p.points.push_back({0, 0, "implicit", q, t, -1,
                                "q" + std::to_string(q + 1) + " t" + std::to_string(t + 1)});
        }
        if (params.include_pooled) {
            rows.push_back(enc.pooled_st);
            p.points.push_back(
                {0, 0, "pooled", q, -1, -1, "q" + std::to_string(q + 1) + " pooled"});
        }
        if (progress && !progress(q + 1, nq)) throw Cancelled("the projection was stopped");
    }
    const int64_t ns = std::min<int64_t>(params.max_sentences, bank.size());
    for (int64_t i = 0; i < ns; ++i) {
        const int64_t row = ns == bank.size() ? i : i * bank.size() / ns; // evenly spaced
        rows.push_back(bank.normalized()[row]);
        p.points.push_back({0, 0, "sentence", -1, -1, row, bank.sentence(row)});
    }
    if (rows.empty()) return p;
    auto x = at::stack(rows, 0).to(at::kFloat);
    // Unit rows: cosine is the metric everywhere else, so norms should not drive the axes.
    x = x / x.norm(2, {1}, /*keepdim=*/true).clamp_min(1e-12);
    auto xy = pca_2d(x, p.explained_variance).contiguous();
    for (size_t i = 0; i < p.points.size(); ++i) {
        p.points[i].x = xy[int64_t(i)][0].item<float>();
        p.points[i].y = xy[int64_t(i)][1].item<float>();
    }
    return p;
}

} // namespace semcot
