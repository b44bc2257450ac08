#include "analysis/implicit.h"

#include "common/error.h"
#include "semcot/inference.h"
#include "semcot/run.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

namespace semcot {

ImplicitEncoding encode_implicit(LoadedRun& run, const std::string& question, int64_t k) {
    if (!run.st) throw InvalidArgument(run.folder.string() + " has no sentence transformer (st/)");
    if (!run.generator || !run.student_tokenizer)
        throw InvalidArgument(run.folder.string() + " has no contemplation generator");
    c10::InferenceMode guard;
    auto& cg = *run.generator;
    auto& teacher = *run.teacher.model;
    if (k <= 0) k = cg.config().k_infer;
    const int64_t student_context = cg.student()->config().max_position_embeddings;
    auto sq = student_query_ids(*run.student_tokenizer, run.prompts, question, student_context - k);
    auto ids = at::tensor(sq, at::kLong).view({1, -1}).to(cg.student()->device());
    auto implicit = cg.implicit_tokens(ids, at::ones_like(ids), k)
                        .to(teacher.device(), teacher.dtype()); // [1, k, Dt]
    return encode_latents(run, implicit[0]);
}

ImplicitEncoding encode_latents(LoadedRun& run, const at::Tensor& latents) {
    if (!run.st) throw InvalidArgument(run.folder.string() + " has no sentence transformer (st/)");
    auto& teacher = *run.teacher.model;
    if (latents.dim() != 2 || latents.size(0) < 1 ||
        latents.size(1) != teacher.config().hidden_size)
        throw InvalidArgument("latents must be [k, hidden_size] = [k, " +
                              std::to_string(teacher.config().hidden_size) + "]");
    c10::InferenceMode guard;
    const int64_t k = latents.size(0);
    auto x = latents.to(teacher.device(), teacher.dtype()); // [k, Dt]
    auto opts = at::TensorOptions().dtype(at::kLong).device(teacher.device());
    ImplicitEncoding e;
    e.tokens = x.to(at::kFloat).cpu();
    // Each token alone: a batch of k length-1 sequences [k, 1, Dt].
    e.token_st =
        run.st->encode_embeds(teacher, x.unsqueeze(1), at::ones({k, 1}, opts)).to(at::kFloat).cpu();
    // All k as one sequence [1, k, Dt], as the ST loss sees them in training.
    e.pooled_st = run.st->encode_embeds(teacher, x.unsqueeze(0), at::ones({1, k}, opts))[0]
                      .to(at::kFloat)
                      .cpu();
    return e;
}

} // namespace semcot
