// Resumable training state shared by the trainers: AdamW moments as safetensors, and the
// folder swap that keeps one complete checkpoint on disk at every moment.
#pragma once

#include <torch/optim/adamw.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace semcot {

// The AdamW moments of `params` (with parallel `names`), as tensors "opt.<i>.exp_avg",
// "opt.<i>.exp_avg_sq" (and "opt.<i>.max_exp_avg_sq" with amsgrad); `meta` maps
// "opt.<i>.name" to the parameter's name; `steps[i]` is the parameter's step count (0 = no
// state yet, nothing stored).
struct AdamWSnapshot {
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    std::map<std::string, std::string> meta;
    std::vector<int64_t> steps;
};
AdamWSnapshot adamw_snapshot(torch::optim::AdamW& optimizer, const std::vector<std::string>& names,
                             const std::vector<torch::Tensor>& params);

// Writes the snapshot's tensors to `file` (nothing when there are none).
void save_adamw_snapshot(const std::filesystem::path& file, const AdamWSnapshot& snapshot);

// Restores what adamw_snapshot saved to `file` into `optimizer` for `params` (same order and
// shapes; FormatError naming the file and tensor otherwise). A missing file restores nothing.
void restore_adamw(torch::optim::AdamW& optimizer, const std::vector<torch::Tensor>& params,
                   const std::filesystem::path& file, const std::vector<int64_t>& steps);

// Replaces the folder `current` by the complete folder `fresh`: `current` is renamed to
// "<current>.old", `fresh` to `current`, then the old one is removed, so that after a crash
// one of the two names always holds a complete checkpoint.
void replace_folder(const std::filesystem::path& fresh, const std::filesystem::path& current);

// The folder replace_folder left complete: `current`, else "<current>.old", else empty.
std::filesystem::path complete_folder(const std::filesystem::path& current);

} // namespace semcot

namespace semcot {

// Reads tensors `names` from the safetensors `file`, each checked against the shape of the
// parallel `like` tensor and converted to its dtype and device (FormatError naming the file
// and tensor otherwise).
std::vector<torch::Tensor> load_tensors_like(const std::filesystem::path& file,
                                             const std::vector<std::string>& names,
                                             const std::vector<torch::Tensor>& like);

} // namespace semcot
