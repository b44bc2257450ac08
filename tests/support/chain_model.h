// A hand-built model whose greedy output is a chosen token sequence, so streaming and stop-token
// tests need no trained weights: every decoder layer is zero (attention and MLP add nothing to
// the residual stream), token chain[i] has the one-hot embedding e_i, every RMSNorm weight is 1,
// and the LM head is 0/1 with lm_head[chain[i + 1]][i] = 1. The final hidden state of chain[i]
// is therefore sqrt(hidden_size) * e_i, whose logits are sqrt(hidden_size) at chain[i + 1] and 0
// everywhere else: greedy decoding after chain[i] emits chain[i + 1].
#pragma once

#include "engine/model.h"

#include <ATen/ATen.h>
#include <torch/types.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace test_support {

// `chain`: distinct ids; prompt it with chain[0] (e.g. BOS) and greedy decoding continues with
// chain[1], chain[2], ...; the last id maps to nothing (logits all zero: id 0 wins the argmax).
// hidden_size must be at least chain.size() and vocab_size larger than every id.
inline semcot::LlamaModel chain_model(semcot::ModelConfig config,
                                      const std::vector<int64_t>& chain) {
    if (int64_t(chain.size()) > config.hidden_size)
        throw std::invalid_argument("chain_model: hidden_size smaller than the chain");
    if (config.tie_word_embeddings)
        throw std::invalid_argument("chain_model: needs an untied LM head");
    semcot::LlamaModel model(config);
    torch::NoGradGuard no_grad;
    torch::Tensor embed, head;
    for (auto& [name, w] : model->named_weights()) {
        w.fill_(name.find("norm") != std::string::npos ? 1.0 : 0.0);
        if (name == "model.embed_tokens.weight") embed = w;
        if (name == "lm_head.weight") head = w;
    }
    for (size_t i = 0; i < chain.size(); ++i) {
        embed[chain[i]][int64_t(i)] = 1.0;
        if (i + 1 < chain.size()) head[chain[i + 1]][int64_t(i)] = 1.0;
    }
    return model;
}

} // namespace test_support
