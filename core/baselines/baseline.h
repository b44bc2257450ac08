// What the paper's baselines share (issue 15): LoRA on the frozen teacher plus a few trained
// tensors of their own (special tokens' embedding rows, a projection), trained by the shared
// loop (train/training_loop.h) on a finished SemCoT run's data, and saved as a method folder:
//
//   method.json          {"method": NAME, "base": RUN (absolute), NAME: {parameters},
//                         "summary": {...}}
//   adapter/             the teacher's LoRA adapters in PEFT's layout (engine/lora.h)
//   <tensors file>       the method's own tensors, float32 (method.safetensors; pause.safetensors
//                        for Pause tokens, its name before this header)
//
// `semcot train --method NAME --base RUN` writes it to RUN/methods/NAME unless --out says
// otherwise; baselines/method_loader.h finds and loads it.
#pragma once

#include "engine/lora.h"
#include "engine/model.h"
#include "semcot/hyperparameters.h"
#include "train/progress.h"
#include "train/training_loop.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace semcot {

// Training settings every baseline has.
struct BaselineParams {
    LoraConfig lora;                     // r 16, alpha 32, dropout 0.1 on q_proj, v_proj
    StageParams stage{1e-3, 0.0, 3};     // AdamW; epochs per stage for curricula
    int64_t batch_size = 16;             // examples per step
    int64_t max_length = 256;            // tokens of a teacher input
    uint64_t seed = 0;                   // adapters' init and the shuffle
    double grad_clip = 1.0;              // max global gradient L2 norm
    std::filesystem::path checkpoint_dir; // resumable state (empty: none); not in to_json
    bool resume = false;

    // Adds "lora", "stage", "batch_size", "max_length", "seed", "grad_clip" to `j`.
    void to_json(nlohmann::json& j) const;
    // Reads those keys (absent keys keep their value); FormatError naming `source` and the key.
    void read_json(const nlohmann::json& j, const std::string& source);
    // InvalidArgument naming `method` and the value for a bad setting.
    void validate(const std::string& method) const;
};

// The module the shared loop trains: the teacher (only its LoRA adapters train) and the
// method's own tensors and modules, registered by name (their checkpoint names).
class BaselineModule : public torch::nn::Module {
public:
    // Seeds torch's generator with `seed` (LoRA dropout draws from it), so a training with the
    // same seed and thread count repeats exactly.
    BaselineModule(LlamaModelImpl& teacher, uint64_t seed);
    // A trained vector or matrix of the method ("bot", "eot", "pause_embedding").
    torch::Tensor add_tensor(const std::string& name, const torch::Tensor& init);
    // A trained submodule (CODI's projection).
    template <typename M> M add_module(const std::string& name, M module) {
        return register_module(name, module);
    }
    // Gradients on for the adapters and everything added (the teacher's weights off).
    void set_trainable();
    LlamaModelImpl& teacher() { return teacher_; }

private:
    LlamaModelImpl& teacher_;
};

// The mean of the teacher's input embedding rows [Dt] in its dtype: how new special tokens'
// rows start.
torch::Tensor mean_embedding(LlamaModelImpl& teacher);

// The shared loop's settings for a baseline over n_train training and n_val validation items.
TrainLoop baseline_loop(const BaselineParams& params, int64_t n_train, int64_t n_val);

// One stage of a baseline: AdamW with params.stage's lr and weight decay for `epochs` epochs,
// training what `module` holds (BaselineModule::set_trainable).
TrainStage baseline_stage(BaselineModule& module, const BaselineParams& params,
                          const std::string& label, int64_t epochs);

// Writes a method folder (above). `tensors` are saved as float32 in `tensors_file` (no file
// when there are none).
void save_method_folder(const std::filesystem::path& folder, const std::string& method,
                        const std::filesystem::path& base_run, const LlamaModelImpl& teacher,
                        const LoraConfig& lora, const nlohmann::json& params,
                        const nlohmann::json& summary,
                        const std::map<std::string, torch::Tensor>& tensors,
                        const std::string& tensors_file = "method.safetensors");

struct MethodFolderFile {
    std::string method;
    std::filesystem::path base;
    nlohmann::json params;  // method.json[method]
    nlohmann::json summary; // method.json["summary"]
};
// Reads method.json. InvalidArgument when `folder` has none or it names another method than
// `method`; FormatError naming the file for invalid JSON or a missing key.
MethodFolderFile read_method_json(const std::filesystem::path& folder, const std::string& method);

// Reads a method folder's adapters into `teacher` (the base run's teacher, left in eval mode)
// and returns every tensor of `tensors_file` in the teacher's dtype and device. `vectors` name
// the tensors that must be there as [hidden_size] (FormatError naming the file and tensor).
std::map<std::string, torch::Tensor>
load_method_tensors(const std::filesystem::path& folder, LlamaModelImpl& teacher,
                    const std::vector<std::string>& vectors,
                    const std::string& tensors_file = "method.safetensors");

// Whether `folder` is a method folder (method.json) rather than a SemCoT run.
bool is_method_folder(const std::filesystem::path& folder);

} // namespace semcot
