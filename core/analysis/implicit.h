// The implicit tokens of one question and their sentence-transformer embeddings, computed the
// way inference feeds them to the teacher (semcot/inference.h).
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>

namespace semcot {

struct LoadedRun;

struct ImplicitEncoding {
    at::Tensor tokens;    // [k, Dt] implicit tokens in the teacher's embedding space, float32
    at::Tensor token_st;  // [k, D] ST embedding of each token alone (a length-1 sequence)
    at::Tensor pooled_st; // [D] ST embedding of all k tokens as one sequence
};

// k = 0 takes the generator's k_infer. Throws InvalidArgument when the run has no ST.
ImplicitEncoding encode_implicit(LoadedRun& run, const std::string& question, int64_t k = 0);

// Any method's latents [k, Dt] in the teacher's embedding space (MethodResult::latents: a
// baseline's pause embeddings or continuous thoughts) encoded by the run's ST like implicit
// tokens. Throws InvalidArgument when the run has no ST or the shape is not [k >= 1, Dt].
ImplicitEncoding encode_latents(LoadedRun& run, const at::Tensor& latents);

} // namespace semcot
