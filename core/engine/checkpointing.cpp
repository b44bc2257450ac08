#include "engine/checkpointing.h"

#include "common/error.h"

#include <torch/autograd.h>

namespace semcot {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// Inputs: hidden, then the layer's parameters (so that autograd hands their gradients back).
// The model, the layer index and the layer inputs travel in saved_data.
struct CheckpointedLayer : torch::autograd::Function<CheckpointedLayer> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& hidden,
                                 at::TensorList params, const LlamaModelImpl* model,
                                 int64_t index, const LayerInputs& in) {
        ctx->saved_data["model"] = reinterpret_cast<int64_t>(model);
        ctx->saved_data["index"] = index;
        ctx->saved_data["has_mask"] = in.mask.defined();
        if (in.mask.defined()) ctx->saved_data["mask"] = in.mask;
        ctx->saved_data["cos"] = in.cos;
        ctx->saved_data["sin"] = in.sin;
        variable_list saved{hidden};
        saved.insert(saved.end(), params.begin(), params.end());
        ctx->save_for_backward(saved);
        return model->run_layer(index, hidden, in); // grad mode is off inside forward
    }

    static variable_list backward(AutogradContext* ctx, variable_list grad_output) {
        const auto saved = ctx->get_saved_variables();
        const auto* model = reinterpret_cast<const LlamaModelImpl*>(ctx->saved_data["model"].toInt());
        LayerInputs in;
        if (ctx->saved_data["has_mask"].toBool()) in.mask = ctx->saved_data["mask"].toTensor();
        in.cos = ctx->saved_data["cos"].toTensor();
        in.sin = ctx->saved_data["sin"].toTensor();
        const torch::Tensor hidden = saved[0].detach().requires_grad_(saved[0].requires_grad());
        torch::Tensor out;
        {
            torch::AutoGradMode on(true);
            out = model->run_layer(ctx->saved_data["index"].toInt(), hidden, in);
        }
        // Differentiate with respect to whatever needs a gradient; the rest get none.
        variable_list wrt;
        std::vector<size_t> where; // index into `saved` of each entry of wrt
        for (size_t i = 0; i < saved.size(); ++i) {
            const torch::Tensor& t = i == 0 ? hidden : saved[i];
            if (t.requires_grad()) {
                wrt.push_back(t);
                where.push_back(i);
            }
        }
        variable_list grads(saved.size() + 3); // + model, index, in: no gradients
        if (wrt.empty() || !out.requires_grad()) return grads;
        const auto g = torch::autograd::grad({out}, wrt, {grad_output[0]}, /*retain_graph=*/false,
                                             /*create_graph=*/false, /*allow_unused=*/true);
        for (size_t j = 0; j < wrt.size(); ++j) grads[where[j]] = g[j];
        return grads;
    }
};

} // namespace

torch::Tensor checkpointed_layer(const LlamaModelImpl& model, int64_t index,
                                 const torch::Tensor& hidden, const LayerInputs& in) {
    if (in.cache) throw InvalidArgument("activation checkpointing cannot use a KV cache");
    const auto layer = model.layer(index);
    std::vector<torch::Tensor> params;
    for (const auto& sub : layer->modules(/*include_self=*/true)) {
        if (const auto* w = dynamic_cast<const WeightImpl*>(sub.get());
            w && w->lora_A.defined() && w->lora_dropout > 0 && w->is_training())
            throw InvalidArgument("activation checkpointing with LoRA dropout in training: the "
                                  "recomputed pass would draw other dropout masks; set the "
                                  "adapter's dropout to 0 or turn checkpointing off");
    }
    for (const auto& p : layer->parameters()) params.push_back(p);
    return CheckpointedLayer::apply(hidden, at::TensorList(params), &model, index, in);
}

} // namespace semcot
