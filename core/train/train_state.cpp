#include "train/train_state.h"

#include "common/error.h"
#include "common/platform.h"
#include "io/safetensors.h"

#include <sstream>
#include <system_error>
#include <type_traits>

namespace semcot {

namespace fs = std::filesystem;

namespace {

// Key of a parameter in Optimizer::state(): LibTorch 1.13 uses the TensorImpl address printed
// as a string (c10::guts::to_string), 2.x the address itself.
template <typename StateMap>
typename StateMap::key_type state_key(const StateMap&, const torch::Tensor& p) {
    using Key = typename StateMap::key_type;
    if constexpr (std::is_same_v<Key, std::string>) {
        std::ostringstream out;
        out << p.unsafeGetTensorImpl();
        return out.str();
    } else {
        return static_cast<Key>(p.unsafeGetTensorImpl());
    }
}

torch::optim::AdamWParamState* adam_state(torch::optim::AdamW& optimizer, const torch::Tensor& p) {
    auto& state = optimizer.state();
    auto it = state.find(state_key(state, p));
    if (it == state.end()) return nullptr;
    return static_cast<torch::optim::AdamWParamState*>(it->second.get());
}

} // namespace

AdamWSnapshot adamw_snapshot(torch::optim::AdamW& optimizer, const std::vector<std::string>& names,
                             const std::vector<torch::Tensor>& params) {
    AdamWSnapshot out;
    out.meta["format"] = "pt";
    for (size_t i = 0; i < params.size(); ++i) {
        const auto* s = adam_state(optimizer, params[i]);
        out.steps.push_back(s ? s->step() : 0);
        if (!s) continue;
        const std::string prefix = "opt." + std::to_string(i) + ".";
        out.meta[prefix + "name"] = names[i];
        out.tensors.emplace_back(prefix + "exp_avg", s->exp_avg());
        out.tensors.emplace_back(prefix + "exp_avg_sq", s->exp_avg_sq());
        if (s->max_exp_avg_sq().defined())
            out.tensors.emplace_back(prefix + "max_exp_avg_sq", s->max_exp_avg_sq());
    }
    return out;
}

void save_adamw_snapshot(const fs::path& file, const AdamWSnapshot& snapshot) {
    if (!snapshot.tensors.empty()) safetensors::save(file, snapshot.tensors, snapshot.meta);
}

void restore_adamw(torch::optim::AdamW& optimizer, const std::vector<torch::Tensor>& params,
                   const fs::path& path, const std::vector<int64_t>& steps) {
    if (!fs::exists(path)) return;
    if (steps.size() != params.size())
        throw FormatError(path.string() + ": optimizer state for " + std::to_string(steps.size()) +
                          " parameters, the trainer has " + std::to_string(params.size()));
    torch::NoGradGuard no_grad;
    auto file = safetensors::File::open(path);
    auto& state = optimizer.state();
    for (size_t i = 0; i < params.size(); ++i) {
        const std::string prefix = "opt." + std::to_string(i) + ".";
        if (!file.contains(prefix + "exp_avg")) continue;
        const auto options = params[i].options().requires_grad(false);
        auto load = [&](const std::string& name) {
            auto v = file.tensor(prefix + name);
            if (v.sizes() != params[i].sizes())
                throw FormatError(path.string() + ": tensor '" + prefix + name +
                                  "' has the wrong shape");
            return v.to(options).clone();
        };
        auto s = std::make_unique<torch::optim::AdamWParamState>();
        s->step(steps[i]);
        s->exp_avg(load("exp_avg"));
        s->exp_avg_sq(load("exp_avg_sq"));
        if (file.contains(prefix + "max_exp_avg_sq")) s->max_exp_avg_sq(load("max_exp_avg_sq"));
        state[state_key(state, params[i])] = std::move(s);
    }
}

void replace_folder(const fs::path& fresh, const fs::path& current) {
    fs::path old = current;
    old += ".old";
    std::error_code ec;
    if (fs::exists(current)) {
        remove_tree(old);
        fs::rename(current, old, ec);
        if (ec) throw IoError("cannot rename " + current.string() + ": " + ec.message());
    }
    fs::rename(fresh, current, ec);
    if (ec) throw IoError("cannot rename " + fresh.string() + ": " + ec.message());
    remove_tree(old);
}

fs::path complete_folder(const fs::path& current) {
    if (fs::exists(current)) return current;
    fs::path old = current;
    old += ".old";
    return fs::exists(old) ? old : fs::path();
}

} // namespace semcot

namespace semcot {

std::vector<torch::Tensor> load_tensors_like(const fs::path& path,
                                             const std::vector<std::string>& names,
                                             const std::vector<torch::Tensor>& like) {
    torch::NoGradGuard no_grad;
    auto file = safetensors::File::open(path);
    std::vector<torch::Tensor> out;
    for (size_t i = 0; i < names.size(); ++i) {
        if (!file.contains(names[i]))
            throw FormatError(path.string() + ": tensor '" + names[i] + "' is missing");
        auto w = file.tensor(names[i]);
        if (w.sizes() != like[i].sizes())
            throw FormatError(path.string() + ": tensor '" + names[i] + "' has the wrong shape");
        out.push_back(w.to(like[i].options().requires_grad(false)).clone());
    }
    return out;
}

} // namespace semcot
