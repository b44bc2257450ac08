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

std::string decode(const Tokenizer& tok, const std::vector<int64_t>& ids) {
    return tok.decode(std::vector<int>(ids.begin(), ids.end()));
}

} // namespace

std::string method_name(Method m) {
    switch (m) {
    case Method::cot:
        return "cot";
    case Method::nocot:
        return "nocot";
    case Method::semcot:
        return "semcot";
    }
    return "?";
}

Method parse_method(const std::string& name) {
    if (name == "cot") return Method::cot;
    if (name == "nocot") return Method::nocot;
    if (name == "semcot") return Method::semcot;
    throw InvalidArgument("unknown method '" + name + "' (expected cot, nocot or semcot)");
}

std::vector<int64_t> encode_with_bos(const Tokenizer& tok, const std::string& text, int64_t max_len,
                                     bool* truncated) {
    auto ids = tok.encode(text);
    std::vector<int64_t> out;
    if (tok.bos_id() >= 0) out.push_back(tok.bos_id());
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

MethodResult run_method(const InferenceContext& ctx, Method method, const std::string& query,
                        const std::optional<std::string>& gold, const TokenCallback& on_token) {
    if (!ctx.teacher || !ctx.teacher_tokenizer) throw InvalidArgument("inference needs a teacher");
    c10::InferenceMode inference;
    auto& teacher = *ctx.teacher;
    const auto device = teacher.device();
    const int64_t context = teacher.config().max_position_embeddings;
    const int64_t max_new = std::min<int64_t>(ctx.generation.max_new_tokens, context / 2);
    const int64_t max_prompt = context - max_new;

    MethodResult r;
    r.method = method;
    synchronize(device);
    const auto start = Clock::now();
    GenerateResult gen;
    GenerateParams params = ctx.generation;
    params.max_new_tokens = max_new;
    bool truncated = false;
    if (method == Method::semcot) {
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
    } else {
        const std::string prompt = method == Method::cot ? build_cot_prompt(ctx.prompts, query)
                                                         : build_direct_prompt(ctx.prompts, query);
        auto ids = encode_with_bos(*ctx.teacher_tokenizer, prompt, max_prompt, &truncated);
        gen = generate(teacher, ids, params, on_token);
    }
    synchronize(device);
    r.total_s = since(start);
    r.prefill_s = gen.stats.prefill_s;
    r.decode_s = gen.stats.decode_s;
    r.new_tokens = gen.stats.new_tokens;
    r.output = decode(*ctx.teacher_tokenizer, gen.tokens);
    if (truncated) r.warning = "query truncated from the left to fit the context";
    if (gold) {
        auto s = score(r.output, *gold, ctx.scorer, query);
        r.scored = true;
        r.correct = s.correct;
        r.extracted = s.extracted;
    }
    return r;
}

} // namespace semcot
