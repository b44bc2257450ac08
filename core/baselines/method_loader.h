// Finding and loading the baselines trained on a SemCoT run, for evaluation, the CLI and the
// app: every method answers through one InferenceContext (semcot/inference.h).
//
// `semcot train --method NAME --base RUN` writes to RUN/methods/NAME unless --out says
// otherwise: a method folder (baselines/baseline.h) for pause, coconut, codi and icot; a
// generator-only run folder (run.json "method": "softcot") for SoftCoT.
#pragma once

#include "semcot/evaluation.h"
#include "semcot/inference.h"
#include "semcot/run.h"

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace semcot {

// RUN/methods/NAME. InvalidArgument for cot, nocot and semcot (they answer from the run).
std::filesystem::path default_method_folder(const std::filesystem::path& run, Method method);

// The baselines trained on RUN (a method.json, or a finished SoftCoT run, in RUN/methods), in
// all_methods() order.
std::vector<Method> trained_baselines(const std::filesystem::path& run);

// A method ready to answer. It owns what `context` borrows (a baseline's copy of the base
// run's teacher with its adapters, SoftCoT's run), so it stays where load_method put it.
struct LoadedMethod {
    Method method = Method::semcot;
    std::filesystem::path folder;
    nlohmann::json summary; // method.json's "summary", or a SoftCoT run's run.json "summary"
    InferenceContext context;

    LoadedModel teacher;            // pause, coconut, codi, icot
    std::unique_ptr<LoadedRun> run; // softcot
    std::shared_ptr<void> keep;     // what the context's callbacks hold (CODI's projection)
};

// Loads `method` trained on `base` from `folder` (empty: default_method_folder). cot, nocot
// and semcot answer from `base` itself (no folder). The context takes `base`'s prompts, scorer
// and generation settings. InvalidArgument when the folder is missing or of another method
// (naming the command that writes it); FormatError / IoError for damaged files.
std::unique_ptr<LoadedMethod> load_method(LoadedRun& base, Method method,
                                          const std::filesystem::path& folder,
                                          const torch::Device& device,
                                          torch::ScalarType dtype = torch::kFloat32);

// Loads every baseline among params.methods (from folders[m] when given, else RUN/methods/NAME)
// and points params.method_contexts at it: how `semcot eval`, the app and reports evaluate them.
// The returned methods own what the contexts borrow; keep them while evaluating. `on_load`
// (optional) hears each method before it loads. Errors as load_method.
std::vector<std::unique_ptr<LoadedMethod>>
load_baselines(LoadedRun& base, EvaluationParams& params, const torch::Device& device,
               torch::ScalarType dtype = torch::kFloat32,
               const std::map<Method, std::filesystem::path>& folders = {},
               const std::function<void(Method)>& on_load = {});

} // namespace semcot
