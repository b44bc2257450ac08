#include "analysis/diagnostics.h"

#include "analysis/logit_lens.h"
#include "common/error.h"
#include "data/rng.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace semcot {

namespace {

NormSummary summarize(const at::Tensor& values) { // [N] float
    auto v = values.to(at::kDouble).contiguous();
    NormSummary s;
    s.mean = v.mean().item<double>();
    s.sd = v.numel() > 1 ? v.std().item<double>() : 0.0;
    auto sorted = std::get<0>(v.sort());
    auto at_q = [&](double q) { return sorted[int64_t(q * double(v.numel() - 1))].item<double>(); };
    s.p5 = at_q(0.05);
    s.p95 = at_q(0.95);
    return s;
}

// exp(entropy of the singular values normalised to sum 1) of rows x [N, D].
double effective_rank(const at::Tensor& x) {
    auto s = at::linalg_svdvals(x.to(at::kDouble));
    auto p = s / s.sum().clamp_min(1e-300);
    auto h = -(p * at::log(p.clamp_min(1e-300))).sum();
    return std::exp(h.item<double>());
}

// Mean cosine over all pairs of different rows of x [N, D].
double mean_pair_cosine(const at::Tensor& x) {
    auto u = x.to(at::kDouble);
    u = u / u.norm(2, {1}, true).clamp_min(1e-12);
    const int64_t n = u.size(0);
    auto c = at::matmul(u, u.t());
    return (c.sum().item<double>() - c.diagonal().sum().item<double>()) / double(n * (n - 1));
}

void check_latent_method(Method method) {
    if (method != Method::semcot && method != Method::softcot && method != Method::pause &&
        method != Method::coconut && method != Method::codi)
        throw InvalidArgument(method_label(method) + " has no latent tokens to diagnose");
}

void step(const DiagnosticsProgress& progress, int64_t done, int64_t total) {
    if (progress && !progress(done, total)) throw Cancelled("diagnostics stopped");
}

nlohmann::json norm_json(const NormSummary& s) {
    return {{"mean", s.mean}, {"sd", s.sd}, {"p5", s.p5}, {"p95", s.p95}};
}

} // namespace

TokenDiagnostics token_diagnostics(const InferenceContext& ctx, Method method,
                                   const std::vector<Example>& questions,
                                   const DiagnosticsProgress& progress) {
    check_latent_method(method);
    if (questions.size() < 2) throw InvalidArgument("diagnostics need at least two questions");
    const int64_t N = int64_t(questions.size());
    std::vector<at::Tensor> all;
    for (int64_t i = 0; i < N; ++i) {
        all.push_back(method_latents(ctx, method, questions[size_t(i)].query));
        step(progress, i + 1, N);
    }
    const auto x = at::stack(all); // [N, k, D] float32
    TokenDiagnostics d;
    d.method = method_name(method);
    d.questions = N;
    d.k = x.size(1);
    c10::InferenceMode guard;
    auto& teacher = *ctx.teacher;
    const auto rows = teacher
                          .embed(at::arange(teacher.config().vocab_size, at::kLong)
                                     .to(teacher.device()))
                          .to(at::kCPU, at::kFloat); // [V, D]
    d.embedding_norms = summarize(rows.norm(2, {1}));
    Rng rng(0);
    std::vector<int64_t> sample;
    for (int i = 0; i < 512; ++i) sample.push_back(int64_t(rng.below(uint64_t(rows.size(0)))));
    d.embedding_pair_cosine = mean_pair_cosine(rows.index_select(0, at::tensor(sample)));
    auto unit = x / x.norm(2, {2}, true).clamp_min(1e-12);
    auto cos = at::matmul(unit, unit.transpose(1, 2)).mean(0).to(at::kDouble); // [k, k]
    d.position_cosine.assign(size_t(d.k), std::vector<double>(size_t(d.k)));
    for (int64_t i = 0; i < d.k; ++i) {
        for (int64_t j = 0; j < d.k; ++j) d.position_cosine[size_t(i)][size_t(j)] = cos[i][j].item<double>();
        const auto at_pos = x.select(1, i); // [N, D]
        d.norms.push_back(summarize(at_pos.norm(2, {1})));
        d.across_questions_cosine.push_back(mean_pair_cosine(at_pos));
        d.effective_rank.push_back(effective_rank(at_pos));
    }
    d.effective_rank_all = effective_rank(x.reshape({N * d.k, x.size(2)}));
    return d;
}

InterventionResult intervene(const InferenceContext& ctx, Method method,
                             const std::vector<Example>& questions, bool mask_latents,
                             uint64_t seed, const DiagnosticsProgress& progress) {
    check_latent_method(method);
    if (questions.size() < 2) throw InvalidArgument("interventions need at least two questions");
    const int64_t N = int64_t(questions.size());
    std::vector<at::Tensor> latents;
    for (const auto& q : questions) latents.push_back(method_latents(ctx, method, q.query));
    std::vector<int64_t> order(static_cast<size_t>(N));
    for (int64_t i = 0; i < N; ++i) order[size_t(i)] = i;
    Rng rng(seed);
    rng.shuffle(order);
    std::vector<int64_t> donor(static_cast<size_t>(N)); // a different question for each
    for (int64_t i = 0; i < N; ++i) donor[size_t(order[size_t(i)])] = order[size_t((i + 1) % N)];
    const int64_t k = latents.front().size(0);

    InterventionResult out;
    out.method = method_name(method);
    out.masked = mask_latents;
    std::vector<std::string> names = {"as computed", "zeroed", "another question's", "none"};
    for (int64_t p = 0; p < k && k > 1; ++p) names.push_back("without t" + std::to_string(p + 1));
    for (const auto& n : names) out.rows.push_back({n});
    std::vector<std::string> original(static_cast<size_t>(N));
    for (int64_t i = 0; i < N; ++i) {
        const Example& ex = questions[size_t(i)];
        // A question without a gold answer (typed in the app) is answered, not scored.
        const auto gold = ex.answer.empty() ? std::nullopt : std::optional<std::string>(ex.answer);
        const auto& own = latents[size_t(i)];
        std::vector<at::Tensor> variants = {own, at::zeros_like(own), latents[size_t(donor[size_t(i)])],
                                            own.narrow(0, 0, 0)};
        for (int64_t p = 0; p < k && k > 1; ++p)
            variants.push_back(at::cat({own.narrow(0, 0, p), own.narrow(0, p + 1, k - p - 1)}));
        for (size_t v = 0; v < variants.size(); ++v) {
            const MethodResult r =
                run_method_with_latents(ctx, method, ex.query, variants[v], gold, mask_latents);
            auto& row = out.rows[v];
            ++row.n;
            row.correct += r.correct ? 1 : 0;
            row.answers.push_back(r.extracted);
            if (v == 0) original[size_t(i)] = r.extracted;
            else if (r.extracted != original[size_t(i)]) ++row.changed;
        }
        step(progress, i + 1, N);
    }
    for (auto& row : out.rows) row.accuracy = double(row.correct) / double(row.n);
    return out;
}

std::vector<std::vector<LogitLensEntry>> layer_logit_lens(const InferenceContext& ctx,
                                                          Method method, const std::string& query,
                                                          int64_t top_k) {
    check_latent_method(method);
    const auto latents = method_latents(ctx, method, query);
    const LatentLayout layout = latent_layout(ctx, method, query, latents);
    c10::InferenceMode guard;
    auto& teacher = *ctx.teacher;
    ForwardInput in;
    in.inputs_embeds = layout.embeds;
    in.output_hidden_states = true;
    in.compute_logits = false;
    const auto out = teacher.forward(in);
    std::vector<std::vector<LogitLensEntry>> grid;
    const size_t L = out.hidden_states.size();
    for (size_t l = 0; l < L; ++l) {
        auto h = out.hidden_states[l][0].narrow(0, layout.first, layout.n); // [n, D]
        // logit_lens applies the final norm; the last entry is the model's own last state.
        grid.push_back(logit_lens(teacher, *ctx.teacher_tokenizer, h, top_k));
    }
    return grid;
}

nlohmann::json TokenDiagnostics::to_json() const {
    nlohmann::json norms_json = nlohmann::json::array();
    for (const auto& n : norms) norms_json.push_back(norm_json(n));
    return {{"method", method},
            {"questions", questions},
            {"k", k},
            {"norms", norms_json},
            {"embedding_norms", norm_json(embedding_norms)},
            {"position_cosine", position_cosine},
            {"across_questions_cosine", across_questions_cosine},
            {"embedding_pair_cosine", embedding_pair_cosine},
            {"effective_rank", effective_rank},
            {"effective_rank_all", effective_rank_all}};
}

std::string TokenDiagnostics::table() const {
    std::ostringstream o;
    o << std::fixed << std::setprecision(3);
    o << method << ": " << k << " latent tokens over " << questions << " questions\n";
    o << "teacher embedding rows: norm mean " << embedding_norms.mean << " (p5 "
      << embedding_norms.p5 << ", p95 " << embedding_norms.p95 << "), random-pair cosine "
      << embedding_pair_cosine << "\n";
    o << "position    norm mean (sd)   cosine across questions   effective rank\n";
    for (int64_t i = 0; i < k; ++i)
        o << "t" << std::left << std::setw(10) << i + 1 << std::right << std::setw(9)
          << norms[size_t(i)].mean << " (" << norms[size_t(i)].sd << ")" << std::setw(20)
          << across_questions_cosine[size_t(i)] << std::setw(19) << effective_rank[size_t(i)]
          << "\n";
    o << "all positions together: effective rank " << effective_rank_all << "\n";
    o << "cosine between positions (mean over questions):\n";
    for (int64_t i = 0; i < k; ++i) {
        o << "  t" << i + 1;
        for (int64_t j = 0; j < k; ++j) o << std::setw(8) << position_cosine[size_t(i)][size_t(j)];
        o << "\n";
    }
    return o.str();
}

nlohmann::json InterventionResult::to_json() const {
    nlohmann::json rows_json = nlohmann::json::array();
    for (const auto& r : rows)
        rows_json.push_back({{"intervention", r.name}, {"n", r.n}, {"correct", r.correct},
                             {"accuracy", r.accuracy}, {"changed", r.changed}});
    return {{"method", method}, {"masked", masked}, {"rows", rows_json}};
}

std::string InterventionResult::table() const {
    std::ostringstream o;
    o << method << " interventions"
      << (masked ? " (control: the teacher cannot attend to the tokens)" : "") << "\n";
    o << std::left << std::setw(22) << "tokens" << std::right << std::setw(6) << "n"
      << std::setw(11) << "accuracy" << std::setw(10) << "change" << std::setw(18)
      << "answers changed\n";
    o << std::fixed << std::setprecision(1);
    const double base = rows.empty() ? 0 : rows.front().accuracy;
    for (const auto& r : rows)
        o << std::left << std::setw(22) << r.name << std::right << std::setw(6) << r.n
          << std::setw(10) << 100 * r.accuracy << "%" << std::setw(9) << std::showpos
          << 100 * (r.accuracy - base) << std::noshowpos << std::setw(17) << r.changed << "\n";
    return o.str();
}

} // namespace semcot
