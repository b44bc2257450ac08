#include "semcot/inference.h"

#include "common/device.h"
#include "common/error.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <chrono>

namespace semcot {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

// Text of generated ids. An embedding can have more rows than the tokenizer has tokens (Qwen:
// 151936 rows, 151665 tokens) and the model can generate those ids: they have no text, and
// are skipped, as transformers' decode skips ids without a token (Tokenizer::decode throws).
std::string decode(const Tokenizer& tok, const std::vector<int64_t>& ids) {
    std::vector<int> known;
    for (int64_t id : ids)
        if (id >= 0 && id < tok.vocab_size()) known.push_back(int(id));
    return tok.decode(known);
}

// The teacher's token budget: at most half the context for the answer, the rest for the prompt.
struct Budget {
    int64_t max_new;    // tokens the teacher may generate
    int64_t max_prompt; // positions left for the prompt
};
Budget token_budget(const InferenceContext& ctx) {
    if (!ctx.teacher || !ctx.teacher_tokenizer) throw InvalidArgument("inference needs a teacher");
    const int64_t context = ctx.teacher->config().max_position_embeddings;
    const int64_t max_new = std::min<int64_t>(ctx.generation.max_new_tokens, context / 2);
    return {max_new, context - max_new};
}

} // namespace

std::string text_for_scoring(const PromptTemplate& t, Method method, const std::string& output) {
    std::string suffix; // what the prompt ends with; CoT-style outputs carry their own marker
    switch (method) {
    case Method::nocot:
        suffix = t.direct_suffix;
        break;
    case Method::semcot:
    case Method::pause:
    case Method::softcot:
    case Method::codi:
        suffix = t.implicit_answer_suffix;
        break;
    case Method::cot:
    case Method::coconut:
    case Method::icot:
        break;
    }
    if (suffix.empty() || !ends_with_answer_marker(suffix, t)) return output;
    return t.answer_marker + output;
}

namespace {

// Fills in the text, the extracted answer and the verdict of a finished result.
void finish(const InferenceContext& ctx, MethodResult& r, const std::vector<int64_t>& tokens,
            const std::string& query, const std::optional<std::string>& gold) {
    r.output = decode(*ctx.teacher_tokenizer, tokens);
    // No-CoT and SemCoT prompts end with the answer marker ("... Answer:"), so their output is
    // the text after it: the scorer reads it as such (a leading number or letter is the answer).
    const std::string scored = text_for_scoring(ctx.prompts, r.method, r.output);
    r.extracted = extract_answer(scored, ctx.scorer, query); // also without a gold
    if (gold) {
        auto s = score(scored, *gold, ctx.scorer, query);
        r.scored = true;
        r.correct = s.correct;
        r.extracted = s.extracted;
    }
}

} // namespace

namespace {

struct MethodNames {
    Method method;
    const char* name;  // CLI and file names
    const char* label; // tables and the app
};
constexpr MethodNames kMethods[] = {
    {Method::cot, "cot", "Explicit CoT"}, {Method::nocot, "nocot", "No-CoT"},
    {Method::semcot, "semcot", "SemCoT"}, {Method::pause, "pause", "Pause"},
    {Method::softcot, "softcot", "SoftCoT"}, {Method::coconut, "coconut", "Coconut"},
    {Method::codi, "codi", "CODI"},       {Method::icot, "icot", "ICoT-SI"},
};

const MethodNames& names(Method m) {
    for (const auto& n : kMethods)
        if (n.method == m) return n;
    throw InvalidArgument("unknown method");
}

} // namespace

std::string method_name(Method m) {
    return names(m).name;
}

std::string method_label(Method m) {
    return names(m).label;
}

bool is_baseline(Method m) {
    return m != Method::cot && m != Method::nocot && m != Method::semcot;
}

const std::vector<Method>& all_methods() {
    static const std::vector<Method> methods = [] {
        std::vector<Method> out;
        for (const auto& n : kMethods) out.push_back(n.method);
        return out;
    }();
    return methods;
}

Method parse_method(const std::string& name) {
    std::string expected;
    for (const auto& n : kMethods) {
        if (name == n.name) return n.method;
        expected += std::string(expected.empty() ? "" : ", ") + n.name;
    }
    throw InvalidArgument("unknown method '" + name + "' (expected one of " + expected + ")");
}

std::pair<torch::Tensor, torch::Tensor> pad_ids(const std::vector<std::vector<int64_t>>& seqs,
                                                bool left, const torch::Device& device) {
    int64_t T = 0;
    for (const auto& s : seqs) T = std::max<int64_t>(T, int64_t(s.size()));
    const int64_t B = int64_t(seqs.size());
    auto ids = at::zeros({B, T}, torch::kInt64), mask = at::zeros({B, T}, torch::kInt64);
    for (int64_t b = 0; b < B; ++b) {
        const int64_t n = int64_t(seqs[size_t(b)].size()), off = left ? T - n : 0;
        if (n == 0) continue;
        ids[b].narrow(0, off, n).copy_(at::tensor(seqs[size_t(b)], torch::kInt64));
        mask[b].narrow(0, off, n).fill_(1);
    }
    return {ids.to(device), mask.to(device)};
}

std::vector<int64_t> encode_with_bos(const Tokenizer& tok, const std::string& text, int64_t max_len,
                                     bool* truncated) {
    auto ids = tok.encode(text);
    std::vector<int64_t> out;
    if (tok.add_bos()) out.push_back(tok.bos_id());
    const int64_t room = std::max<int64_t>(1, max_len - int64_t(out.size()));
    const bool cut = int64_t(ids.size()) > room;
    if (truncated) *truncated = cut;
    out.insert(out.end(), ids.end() - std::min<int64_t>(room, int64_t(ids.size())), ids.end());
    return out;
}

std::vector<int64_t> student_query_ids(const Tokenizer& student_tok, const PromptTemplate& t,
                                       const std::string& query, int64_t max_len) {
    return encode_with_bos(student_tok, build_implicit_prefix(t, query), max_len);
}

SemcotPromptIds semcot_prompt_ids(const Tokenizer& teacher_tok, const PromptTemplate& t,
                                  const std::string& query, int64_t max_len) {
    SemcotPromptIds p;
    for (int id : teacher_tok.encode(implicit_answer_suffix(t))) p.after.push_back(id);
    p.before = encode_with_bos(teacher_tok, build_implicit_prefix(t, query),
                               max_len - int64_t(p.after.size()));
    return p;
}

std::pair<torch::Tensor, torch::Tensor> pad_embeddings(const std::vector<torch::Tensor>& rows,
                                                       bool left) {
    if (rows.empty()) throw InvalidArgument("pad_embeddings: no rows");
    int64_t T = 0;
    for (const auto& r : rows) T = std::max(T, r.size(0));
    const int64_t B = int64_t(rows.size()), D = rows.front().size(1);
    auto out = at::zeros({B, T, D}, rows.front().options());
    auto mask = at::zeros({B, T}, rows.front().options().dtype(torch::kInt64));
    for (int64_t b = 0; b < B; ++b) {
        const int64_t n = rows[size_t(b)].size(0), off = left ? T - n : 0;
        out[b].narrow(0, off, n).copy_(rows[size_t(b)]);
        mask[b].narrow(0, off, n).fill_(1);
    }
    return {out, mask};
}

SemcotPromptIds thought_prompt_ids(Method method, const Tokenizer& teacher_tok,
                                   const PromptTemplate& t, const std::string& query,
                                   int64_t max_len) {
    if (method == Method::codi) return semcot_prompt_ids(teacher_tok, t, query, max_len);
    if (method != Method::coconut)
        throw InvalidArgument("continuous thoughts are Coconut's and CODI's");
    return {encode_with_bos(teacher_tok, build_cot_prompt(t, query), max_len), {}};
}

namespace {

const ContinuousThoughtParams& thought_params(const InferenceContext& ctx) {
    const auto& p = ctx.thoughts;
    if (!p.bot.defined() || !p.eot.defined() || p.n < 0)
        throw InvalidArgument("Coconut and CODI need their trained <bot> and <eot> (a method "
                              "folder)");
    return p;
}

const torch::Tensor& pause_inputs(const InferenceContext& ctx) {
    if (!ctx.pause_embeddings.defined() || ctx.pause_embeddings.dim() != 2)
        throw InvalidArgument("Pause tokens need their trained embeddings (a pause method folder)");
    return ctx.pause_embeddings;
}

// The prompt of the methods that read text only: CoT and ICoT-SI the CoT prompt (ICoT-SI has
// learnt to skip the reasoning), the others the direct prompt.
std::string text_prompt(const PromptTemplate& t, Method method, const std::string& query) {
    return method == Method::cot || method == Method::icot ? build_cot_prompt(t, query)
                                                           : build_direct_prompt(t, query);
}

struct ThoughtGeneration {
    std::vector<GenerateResult> generated;
    torch::Tensor thoughts; // [B, n, Dt]
    double thoughts_s = 0; // the prefix and the thoughts, device-synchronised
};

// Coconut and CODI: [before] <bot> through the KV cache, the thoughts, then [<eot> after] is
// prefilled and decoded from the same cache. Several queries: left-padded, one batch.
ThoughtGeneration generate_with_thoughts(const InferenceContext& ctx, Method method,
                                         const std::vector<std::string>& queries,
                                         int64_t max_prompt, const GenerateParams& params,
                                         const TokenCallback& on_token) {
    const auto& tp = thought_params(ctx);
    auto& teacher = *ctx.teacher;
    const auto device = teacher.device();
    auto opts = torch::TensorOptions().dtype(torch::kInt64).device(device);
    auto embed = [&](const std::vector<int64_t>& ids) {
        return teacher.embed(at::tensor(ids, torch::kInt64).to(opts)); // [L, D]
    };
    synchronize(device);
    const auto start = Clock::now();
    std::vector<torch::Tensor> rows;
    std::vector<int64_t> after;
    for (const auto& q : queries) {
        auto p = thought_prompt_ids(method, *ctx.teacher_tokenizer, ctx.prompts, q,
                                    max_prompt - tp.n - 2);
        rows.push_back(at::cat({embed(p.before), tp.bot.view({1, -1})}, 0));
        after = p.after; // the same for every query
    }
    auto [prefix, mask] = pad_embeddings(rows, /*left=*/true);
    const int64_t B = prefix.size(0);
    auto suffix = at::cat({tp.eot.view({1, -1}), embed(after)}, 0).unsqueeze(0).expand(
        {B, int64_t(after.size()) + 1, prefix.size(2)});
    KVCache cache(teacher.config(), B, prefix.size(1) + tp.n + suffix.size(1) + params.max_new_tokens,
                  teacher.dtype(), device);
    ThoughtGeneration out;
    out.thoughts = continuous_thoughts_cached(teacher, cache, prefix, mask, tp.n, tp.project);
    synchronize(device);
    out.thoughts_s = since(start);
    if (B == 1) {
        out.generated.push_back(generate_after_cache(teacher, cache, suffix, params, on_token));
    } else {
        out.generated = generate_batch_after_cache(
            teacher, cache, suffix, at::ones({B, suffix.size(1)}, opts), params);
    }
    return out;
}

} // namespace

MethodResult run_method(const InferenceContext& ctx, Method method, const std::string& query,
                        const std::optional<std::string>& gold, const TokenCallback& on_token) {
    const auto [max_new, max_prompt] = token_budget(ctx);
    c10::InferenceMode inference;
    auto& teacher = *ctx.teacher;
    const auto device = teacher.device();

    MethodResult r;
    r.method = method;
    synchronize(device);
    const auto start = Clock::now();
    GenerateResult gen;
    GenerateParams params = ctx.generation;
    params.max_new_tokens = max_new;
    bool truncated = false;
    if (method == Method::semcot || method == Method::softcot) {
        if (!ctx.generator || !ctx.student_tokenizer)
            throw InvalidArgument("SemCoT needs a contemplation generator");
        auto& cg = *ctx.generator;
        const int64_t k = ctx.k > 0 ? ctx.k : cg.config().k_infer;
        const int64_t student_context = cg.student()->config().max_position_embeddings;
        auto sq =
            student_query_ids(*ctx.student_tokenizer, ctx.prompts, query, student_context - k);
        auto ids = at::tensor(sq, torch::kInt64).view({1, -1});
        auto implicit =
            cg.implicit_tokens(ids, at::ones_like(ids), k).to(teacher.dtype()); // [1, k, Dt]
        synchronize(device);
        r.implicit_s = since(start);
        auto p = semcot_prompt_ids(*ctx.teacher_tokenizer, ctx.prompts, query, max_prompt - k);
        auto opts = torch::TensorOptions().dtype(torch::kInt64).device(device);
        auto before = teacher.embed(at::tensor(p.before, torch::kInt64).view({1, -1}).to(opts));
        auto after = teacher.embed(at::tensor(p.after, torch::kInt64).view({1, -1}).to(opts));
        gen = generate_from_embeds(teacher, at::cat({before, implicit.to(device), after}, 1),
                                   params, on_token);
        r.latents = implicit[0];
    } else if (method == Method::pause) {
        const auto& pause = pause_inputs(ctx);
        auto p = semcot_prompt_ids(*ctx.teacher_tokenizer, ctx.prompts, query,
                                   max_prompt - pause.size(0));
        auto opts = torch::TensorOptions().dtype(torch::kInt64).device(device);
        auto before = teacher.embed(at::tensor(p.before, torch::kInt64).view({1, -1}).to(opts));
        auto after = teacher.embed(at::tensor(p.after, torch::kInt64).view({1, -1}).to(opts));
        gen = generate_from_embeds(teacher, at::cat({before, pause.unsqueeze(0), after}, 1),
                                   params, on_token);
        r.latents = pause;
    } else if (method == Method::coconut || method == Method::codi) {
        auto t = generate_with_thoughts(ctx, method, {query}, max_prompt, params, on_token);
        gen = std::move(t.generated.front());
        r.implicit_s = t.thoughts_s;
        r.latents = t.thoughts[0];
    } else {
        auto ids = encode_with_bos(*ctx.teacher_tokenizer, text_prompt(ctx.prompts, method, query),
                                   max_prompt, &truncated);
        gen = generate(teacher, ids, params, on_token);
    }
    synchronize(device);
    r.total_s = since(start);
    r.prefill_s = gen.stats.prefill_s;
    r.decode_s = gen.stats.decode_s;
    r.new_tokens = gen.stats.new_tokens;
    if (truncated) r.warning = "query truncated from the left to fit the context";
    if (r.latents.defined()) r.latents = r.latents.to(torch::kCPU, torch::kFloat32);
    finish(ctx, r, gen.tokens, query, gold);
    return r;
}

namespace {

// The prefix embeddings [L_b, Dt] of each query of a batch (every method but Coconut and
// CODI); `implicit_s` gets the generator's time (SemCoT, SoftCoT).
std::vector<torch::Tensor> batch_prefix_rows(const InferenceContext& ctx, Method method,
                                             const std::vector<std::string>& queries,
                                             int64_t max_prompt, std::vector<MethodResult>& results,
                                             Clock::time_point start, double& implicit_s) {
    auto& teacher = *ctx.teacher;
    const auto device = teacher.device();
    auto opts = torch::TensorOptions().dtype(torch::kInt64).device(device);
    auto embed = [&](const std::vector<int64_t>& ids) {
        return teacher.embed(at::tensor(ids, torch::kInt64).to(opts)); // [L, D]
    };
    std::vector<torch::Tensor> rows;
    if (method == Method::semcot || method == Method::softcot) {
        if (!ctx.generator || !ctx.student_tokenizer)
            throw InvalidArgument("SemCoT needs a contemplation generator");
        auto& cg = *ctx.generator;
        const int64_t k = ctx.k > 0 ? ctx.k : cg.config().k_infer;
        const int64_t student_context = cg.student()->config().max_position_embeddings;
        std::vector<std::vector<int64_t>> queries_ids;
        for (const auto& q : queries)
            queries_ids.push_back(
                student_query_ids(*ctx.student_tokenizer, ctx.prompts, q, student_context - k));
        auto [ids, mask] = pad_ids(queries_ids, /*left=*/true, torch::kCPU);
        auto implicit = cg.implicit_tokens(ids, mask, k).to(device, teacher.dtype()); // [B, k, Dt]
        synchronize(device);
        implicit_s = since(start);
        for (size_t b = 0; b < queries.size(); ++b) {
            auto p = semcot_prompt_ids(*ctx.teacher_tokenizer, ctx.prompts, queries[b],
                                       max_prompt - k);
            rows.push_back(at::cat({embed(p.before), implicit[int64_t(b)], embed(p.after)}, 0));
            results[b].latents = implicit[int64_t(b)].to(torch::kCPU, torch::kFloat32);
        }
    } else if (method == Method::pause) {
        const auto& pause = pause_inputs(ctx);
        for (const auto& q : queries) {
            auto p = semcot_prompt_ids(*ctx.teacher_tokenizer, ctx.prompts, q,
                                       max_prompt - pause.size(0));
            rows.push_back(at::cat({embed(p.before), pause, embed(p.after)}, 0));
        }
        for (auto& r : results) r.latents = pause.to(torch::kCPU, torch::kFloat32);
    } else {
        for (size_t b = 0; b < queries.size(); ++b) {
            const std::string prompt = text_prompt(ctx.prompts, method, queries[b]);
            bool truncated = false;
            rows.push_back(
                embed(encode_with_bos(*ctx.teacher_tokenizer, prompt, max_prompt, &truncated)));
            if (truncated) results[b].warning = "query truncated from the left to fit the context";
        }
    }
    return rows;
}

} // namespace

std::vector<MethodResult> run_method_batch(const InferenceContext& ctx, Method method,
                                           const std::vector<std::string>& queries,
                                           const std::vector<std::optional<std::string>>& golds) {
    const auto [max_new, max_prompt] = token_budget(ctx);
    if (!golds.empty() && golds.size() != queries.size())
        throw InvalidArgument("run_method_batch: one gold answer (or none) per question");
    std::vector<MethodResult> results(queries.size());
    if (queries.empty()) return results;
    c10::InferenceMode inference;
    auto& teacher = *ctx.teacher;
    const auto device = teacher.device();
    GenerateParams params = ctx.generation;
    params.max_new_tokens = max_new;

    synchronize(device);
    const auto start = Clock::now();
    double implicit_s = 0;
    std::vector<GenerateResult> gens;
    if (method == Method::coconut || method == Method::codi) {
        auto t = generate_with_thoughts(ctx, method, queries, max_prompt, params, {});
        gens = std::move(t.generated);
        implicit_s = t.thoughts_s;
        for (size_t b = 0; b < queries.size(); ++b)
            results[b].latents = t.thoughts[int64_t(b)].to(torch::kCPU, torch::kFloat32);
    } else {
        auto rows = batch_prefix_rows(ctx, method, queries, max_prompt, results, start, implicit_s);
        auto [embeds, mask] = pad_embeddings(rows, /*left=*/true);
        gens = generate_batch(teacher, embeds, mask, params);
    }
    synchronize(device);
    const double total_s = since(start);
    for (size_t b = 0; b < queries.size(); ++b) {
        auto& r = results[b];
        r.method = method;
        r.implicit_s = implicit_s;
        r.prefill_s = gens[b].stats.prefill_s;
        r.decode_s = gens[b].stats.decode_s;
        r.total_s = total_s;
        r.new_tokens = gens[b].stats.new_tokens;
        finish(ctx, r, gens[b].tokens, queries[b], golds.empty() ? std::nullopt : golds[b]);
    }
    return results;
}

LatentLayout latent_layout(const InferenceContext& ctx, Method method, const std::string& query,
                           const torch::Tensor& latents) {
    const auto [max_new, max_prompt] = token_budget(ctx);
    const bool thoughts = method == Method::coconut || method == Method::codi;
    if (!thoughts && method != Method::semcot && method != Method::softcot &&
        method != Method::pause)
        throw InvalidArgument(method_name(method) + " places no latent tokens");
    auto& teacher = *ctx.teacher;
    if (latents.dim() != 2 || latents.size(1) != teacher.config().hidden_size)
        throw InvalidArgument("latents must be [n, hidden_size]");
    c10::InferenceMode inference;
    const int64_t n = latents.size(0);
    auto opts = torch::TensorOptions().dtype(torch::kInt64).device(teacher.device());
    auto embed = [&](const std::vector<int64_t>& ids) {
        return teacher.embed(at::tensor(ids, torch::kInt64).to(opts)); // [L, D]
    };
    const auto x = latents.to(teacher.device(), teacher.dtype());
    SemcotPromptIds p;
    std::vector<torch::Tensor> parts;
    if (thoughts) {
        const auto& tp = thought_params(ctx);
        p = thought_prompt_ids(method, *ctx.teacher_tokenizer, ctx.prompts, query,
                               max_prompt - n - 2);
        parts = {embed(p.before), tp.bot.view({1, -1}), x, tp.eot.view({1, -1})};
    } else {
        p = semcot_prompt_ids(*ctx.teacher_tokenizer, ctx.prompts, query, max_prompt - n);
        parts = {embed(p.before), x};
    }
    if (!p.after.empty()) parts.push_back(embed(p.after));
    (void)max_new;
    return {at::cat(parts, 0).unsqueeze(0), int64_t(p.before.size()) + (thoughts ? 1 : 0), n};
}

MethodResult run_method_with_latents(const InferenceContext& ctx, Method method,
                                     const std::string& query, const torch::Tensor& latents,
                                     const std::optional<std::string>& gold, bool mask_latents) {
    const auto [max_new, max_prompt] = token_budget(ctx);
    c10::InferenceMode inference;
    auto& teacher = *ctx.teacher;
    const LatentLayout layout = latent_layout(ctx, method, query, latents);
    auto mask = at::ones({1, layout.embeds.size(1)},
                         torch::TensorOptions().dtype(torch::kInt64).device(teacher.device()));
    if (mask_latents && layout.n > 0) mask[0].narrow(0, layout.first, layout.n).fill_(0);
    GenerateParams params = ctx.generation;
    params.max_new_tokens = max_new;
    (void)max_prompt;
    auto gen = generate_batch(teacher, layout.embeds, mask, params).front();
    MethodResult r;
    r.method = method;
    r.prefill_s = gen.stats.prefill_s;
    r.decode_s = gen.stats.decode_s;
    r.total_s = r.prefill_s + r.decode_s;
    r.new_tokens = gen.stats.new_tokens;
    r.latents = latents.to(torch::kCPU, torch::kFloat32);
    finish(ctx, r, gen.tokens, query, gold);
    return r;
}

torch::Tensor method_latents(const InferenceContext& ctx, Method method, const std::string& query) {
    const auto [max_new, max_prompt] = token_budget(ctx);
    c10::InferenceMode inference;
    auto& teacher = *ctx.teacher;
    torch::Tensor out;
    if (method == Method::semcot || method == Method::softcot) {
        if (!ctx.generator || !ctx.student_tokenizer)
            throw InvalidArgument("SemCoT needs a contemplation generator");
        auto& cg = *ctx.generator;
        const int64_t k = ctx.k > 0 ? ctx.k : cg.config().k_infer;
        const int64_t context = cg.student()->config().max_position_embeddings;
        auto ids = at::tensor(student_query_ids(*ctx.student_tokenizer, ctx.prompts, query,
                                                context - k),
                              torch::kInt64)
                       .view({1, -1});
        out = cg.implicit_tokens(ids, at::ones_like(ids), k)[0];
    } else if (method == Method::pause) {
        out = pause_inputs(ctx);
    } else if (method == Method::coconut || method == Method::codi) {
        const auto& tp = thought_params(ctx);
        auto p = thought_prompt_ids(method, *ctx.teacher_tokenizer, ctx.prompts, query,
                                    max_prompt - tp.n - 2);
        auto opts = torch::TensorOptions().dtype(torch::kInt64).device(teacher.device());
        auto prefix = at::cat({teacher.embed(at::tensor(p.before, torch::kInt64).to(opts)),
                               tp.bot.view({1, -1})})
                          .unsqueeze(0);
        KVCache cache(teacher.config(), 1, prefix.size(1) + tp.n, teacher.dtype(),
                      teacher.device());
        out = continuous_thoughts_cached(teacher, cache, prefix, {}, tp.n, tp.project)[0];
    } else {
        throw InvalidArgument(method_name(method) + " places no latent tokens");
    }
    (void)max_new;
    return out.to(torch::kCPU, torch::kFloat32);
}

} // namespace semcot
