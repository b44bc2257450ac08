#include "analysis/logit_lens.h"

#include "common/error.h"
#include "engine/model.h"
#include "tokenizer/tokenizer.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

namespace semcot {

std::vector<LogitLensEntry> logit_lens(const LlamaModelImpl& teacher, const Tokenizer& tokenizer,
                                       const at::Tensor& implicit, int64_t top_k) {
    if (implicit.dim() != 2 || implicit.size(1) != teacher.config().hidden_size)
        throw InvalidArgument("logit lens: implicit tokens must be [k, " +
                              std::to_string(teacher.config().hidden_size) + "]");
    c10::InferenceMode guard;
    auto h = implicit.to(teacher.device(), teacher.dtype());
    auto logits = teacher.lm_head(teacher.final_norm(h)); // [k, V]
    // Softmax in float32 even for half-precision teachers.
    auto probs = at::softmax(logits.to(at::kFloat), -1);
    const int64_t k = std::min<int64_t>(top_k, probs.size(1));
    auto [vals, idx] = at::topk(probs, k, -1);
    vals = vals.cpu().contiguous();
    idx = idx.cpu().contiguous();
    std::vector<LogitLensEntry> out;
    for (int64_t r = 0; r < vals.size(0); ++r) {
        LogitLensEntry e;
        e.position = r;
        for (int64_t j = 0; j < k; ++j) {
            LensToken t;
            t.id = idx[r][j].item<int64_t>();
            t.prob = vals[r][j].item<float>();
            t.piece = t.id < tokenizer.vocab_size() ? tokenizer.id_to_piece(int(t.id))
                                                    : "<id " + std::to_string(t.id) + ">";
            e.top.push_back(std::move(t));
        }
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace semcot
