#include "analysis/alignment.h"

#include "common/error.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

namespace semcot {

at::Tensor cosine_matrix(const at::Tensor& a, const at::Tensor& b) {
    if (a.dim() != 2 || b.dim() != 2 || a.size(1) != b.size(1))
        throw InvalidArgument("cosine_matrix: expected [R, D] and [C, D]");
    c10::InferenceMode guard;
    auto na = a.to(at::kFloat);
    auto nb = b.to(a.device(), at::kFloat);
    na = na / na.norm(2, {1}, /*keepdim=*/true).clamp_min(1e-12);
    nb = nb / nb.norm(2, {1}, /*keepdim=*/true).clamp_min(1e-12);
    return at::matmul(na, nb.t());
}

AlignmentMatrix make_alignment(const std::string& source, const std::string& reasoning,
                               const std::vector<std::string>& steps, const at::Tensor& token_st,
                               const at::Tensor& step_st, const at::Tensor& pooled_st,
                               const at::Tensor& reasoning_st) {
    AlignmentMatrix m;
    m.source = source;
    m.reasoning = reasoning;
    m.steps = steps;
    if (step_st.defined() && step_st.size(0) != int64_t(steps.size()))
        throw InvalidArgument("alignment: " + std::to_string(steps.size()) + " steps but " +
                              std::to_string(step_st.size(0)) + " step embeddings");
    if (!steps.empty() && token_st.defined() && token_st.size(0) > 0) {
        auto cells = cosine_matrix(token_st, step_st).to(at::kDouble).cpu().contiguous();
        m.rows = cells.size(0);
        m.cols = cells.size(1);
        m.cells.assign(cells.data_ptr<double>(), cells.data_ptr<double>() + cells.numel());
    }
    if (pooled_st.defined() && reasoning_st.defined())
        m.score =
            cosine_matrix(pooled_st.reshape({1, -1}), reasoning_st.reshape({1, -1})).item<double>();
    return m;
}

std::string cot_reasoning(const std::string& output, const std::string& answer_marker) {
    std::string out;
    size_t start = 0;
    while (start < output.size()) {
        size_t end = output.find('\n', start);
        if (end == std::string::npos) end = output.size();
        const std::string line = output.substr(start, end - start);
        const auto first = line.find_first_not_of(" \t\r");
        if (!answer_marker.empty() && first != std::string::npos &&
            line.compare(first, answer_marker.size(), answer_marker) == 0)
            break;
        out += line;
        out += '\n';
        start = end + 1;
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

} // namespace semcot
