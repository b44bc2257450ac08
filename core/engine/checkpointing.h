// Activation checkpointing (issue 17 §1; Chen et al. 2016, "Training Deep Nets with Sublinear
// Memory Cost"; what torch.utils.checkpoint does for one module): a decoder layer's forward
// runs without recording autograd state, keeping only its input hidden state [B, T, D]; the
// backward pass runs the layer again with gradients on and differentiates that. Memory for
// activations falls from every layer's intermediates (attention probabilities [B, H, T, S],
// MLP [B, T, I], ...) to one [B, T, D] per layer plus one layer's intermediates at a time, for
// about one more forward pass of compute.
//
// LlamaModelImpl::set_activation_checkpointing(true) applies it to every layer of forward()
// and run_layers() while gradients are recorded and no KV cache is used (inference is never
// checkpointed). Gradients are those of the plain pass: the recomputation is the same
// arithmetic (tested with allclose). A layer with LoRA dropout in training mode is refused
// (InvalidArgument): the recomputation would draw other dropout masks.
#pragma once

#include "engine/model.h"

namespace semcot {

// run_layer(index, hidden, in) of `model`, checkpointed: the output [B, T, D] in hidden's dtype.
// `in.cache` must be null. Gradients reach `hidden` and the layer's parameters that require
// them (LoRA adapters, a trained student's weights).
torch::Tensor checkpointed_layer(const LlamaModelImpl& model, int64_t index,
                                 const torch::Tensor& hidden, const LayerInputs& in);

// Turns checkpointing on or off for a scope (a training stage) and back as it was.
class ActivationCheckpointingScope {
public:
    ActivationCheckpointingScope(LlamaModelImpl& model, bool on)
        : model_(model), was_(model.activation_checkpointing()) {
        model_.set_activation_checkpointing(on);
    }
    ~ActivationCheckpointingScope() { model_.set_activation_checkpointing(was_); }
    ActivationCheckpointingScope(const ActivationCheckpointingScope&) = delete;
    ActivationCheckpointingScope& operator=(const ActivationCheckpointingScope&) = delete;

private:
    LlamaModelImpl& model_;
    const bool was_;
};

} // namespace semcot
