// Semantic alignment between implicit tokens and a reasoning text, in the ST space: one score
// (all implicit tokens as one sequence vs the whole reasoning) and the implicit tokens x steps
// matrix behind the heatmap.
#pragma once

#include "analysis/explain.h"

#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

namespace semcot {

// Cosine similarity of every row of a [R, D] with every row of b [C, D] -> [R, C] float32.
at::Tensor cosine_matrix(const at::Tensor& a, const at::Tensor& b);

// Builds the matrix from embeddings computed elsewhere: token_st [k, D] (each implicit token
// embedded alone), step_st [S, D] (each step alone), pooled_st [D] and reasoning_st [D].
AlignmentMatrix make_alignment(const std::string& source, const std::string& reasoning,
                               const std::vector<std::string>& steps, const at::Tensor& token_st,
                               const at::Tensor& step_st, const at::Tensor& pooled_st,
                               const at::Tensor& reasoning_st);

// The reasoning lines of a teacher's CoT output: the text before the first line that starts
// with `answer_marker` (the answer line and anything after it excluded).
std::string cot_reasoning(const std::string& output, const std::string& answer_marker);

} // namespace semcot
