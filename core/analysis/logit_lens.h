// The raw logit lens: the teacher's final norm and LM head applied to each implicit token as if
// it were a last hidden state. Implicit tokens are input embeddings, so this is a probe users
// try first, not a decoding; label it "raw logit lens" wherever it is shown.
#pragma once

#include "analysis/explain.h"

#include <ATen/core/Tensor.h>

#include <vector>

namespace semcot {

class LlamaModelImpl;
class Tokenizer;

// implicit [k, Dt] -> k entries of the top `top_k` teacher tokens with softmax probabilities
// (computed in float32).
std::vector<LogitLensEntry> logit_lens(const LlamaModelImpl& teacher, const Tokenizer& tokenizer,
                                       const at::Tensor& implicit, int64_t top_k);

} // namespace semcot
