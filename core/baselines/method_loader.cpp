#include "baselines/method_loader.h"

#include "baselines/coconut.h"
#include "baselines/codi.h"
#include "baselines/icot.h"
#include "baselines/pause.h"
#include "common/error.h"
#include "semcot/run_info.h"

namespace semcot {

namespace fs = std::filesystem;

fs::path default_method_folder(const fs::path& run, Method method) {
    if (!is_baseline(method))
        throw InvalidArgument(method_name(method) + " answers from the run itself");
    return run / "methods" / method_name(method);
}

std::vector<Method> trained_baselines(const fs::path& run) {
    std::vector<Method> out;
    for (Method m : all_methods()) {
        if (!is_baseline(m)) continue;
        const fs::path folder = default_method_folder(run, m);
        if (m != Method::softcot) {
            // method.json is written when training has finished.
            if (fs::exists(folder / "method.json")) out.push_back(m);
            continue;
        }
        // A SoftCoT run writes run.json when it starts: only a finished one answers.
        try {
            const RunInfo info = read_run_info(folder);
            if (info.json.value("status", std::string()) == "done" &&
                info.json.value("method", std::string()) == "softcot")
                out.push_back(m);
        } catch (const Error&) {
        }
    }
    return out;
}

namespace {

void load_softcot(LoadedMethod& out, const LoadedRun& base, const torch::Device& device,
                  torch::ScalarType dtype) {
    if (!fs::exists(out.folder / "run.json"))
        throw InvalidArgument(out.folder.string() + " is not a SoftCoT run (no run.json; semcot "
                                                    "train --method softcot writes one)");
    out.run = std::make_unique<LoadedRun>(load_run(out.folder, device, dtype));
    if (out.run->info.value("method", std::string()) != "softcot")
        throw InvalidArgument(out.folder.string() +
                              " is not a SoftCoT run (semcot train --method softcot)");
    out.run->scorer = base.scorer;
    out.summary = out.run->info.value("summary", nlohmann::json::object());
    out.context = out.run->inference_context();
}

// A baseline that answers with its own copy of the base run's teacher plus adapters.
void load_adapted(LoadedMethod& out, const LoadedRun& base, const torch::Device& device,
                  torch::ScalarType dtype) {
    const std::string name = method_name(out.method);
    out.summary = read_method_json(out.folder, name).summary; // checks the method first
    LoadOptions lo;
    lo.device = device;
    lo.dtype = dtype;
    out.teacher = load_model_folder(base.folder / "teacher", lo);
    auto& teacher = *out.teacher.model;
    out.context.teacher = &teacher;
    out.context.teacher_tokenizer = out.teacher.tokenizer.get();
    switch (out.method) {
    case Method::pause:
        out.context.pause_embeddings = load_pause(out.folder, teacher).pause_embeddings;
        break;
    case Method::coconut:
        out.context.thoughts = load_coconut(out.folder, teacher).thoughts;
        break;
    case Method::codi: {
        auto codi = load_codi(out.folder, teacher);
        out.keep = codi.projection.ptr();
        out.context.thoughts = codi.thoughts;
        break;
    }
    case Method::icot:
        load_icot(out.folder, teacher);
        break;
    default:
        throw InvalidArgument(name + " is not a baseline with a method folder");
    }
}

} // namespace

std::unique_ptr<LoadedMethod> load_method(LoadedRun& base, Method method, const fs::path& folder,
                                          const torch::Device& device, torch::ScalarType dtype) {
    auto out = std::make_unique<LoadedMethod>();
    out->method = method;
    out->context = base.inference_context();
    if (!is_baseline(method)) return out;
    out->folder = folder.empty() ? default_method_folder(base.folder, method) : folder;
    if (!fs::is_directory(out->folder))
        throw InvalidArgument("no " + method_label(method) + " folder at " +
                              out->folder.string() + " (semcot train --method " +
                              method_name(method) + " --base " + base.folder.string() +
                              " writes one)");
    const InferenceContext shared = out->context;
    if (method == Method::softcot)
        load_softcot(*out, base, device, dtype);
    else
        load_adapted(*out, base, device, dtype);
    out->context.prompts = shared.prompts;
    out->context.scorer = shared.scorer;
    out->context.generation = shared.generation;
    return out;
}

std::vector<std::unique_ptr<LoadedMethod>>
load_baselines(LoadedRun& base, EvaluationParams& params, const torch::Device& device,
               torch::ScalarType dtype, const std::map<Method, fs::path>& folders,
               const std::function<void(Method)>& on_load) {
    std::vector<std::unique_ptr<LoadedMethod>> loaded;
    params.method_contexts.clear();
    for (Method m : params.methods) {
        if (!is_baseline(m)) continue;
        if (on_load) on_load(m);
        const auto it = folders.find(m);
        loaded.push_back(load_method(base, m, it == folders.end() ? fs::path() : it->second,
                                     device, dtype));
        params.method_contexts[m] = &loaded.back()->context;
    }
    return loaded;
}

} // namespace semcot
