#include "baselines/baseline.h"

#include "common/error.h"
#include "common/json_keys.h"
#include "common/platform.h"
#include "common/provenance.h"
#include "io/safetensors.h"

#include <ATen/ATen.h>

namespace semcot {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {
constexpr char kMethodFile[] = "method.json";
} // namespace

void BaselineParams::to_json(json& j) const {
    j["lora"] = lora.to_peft_json("");
    j["stage"] = {{"lr", stage.lr}, {"weight_decay", stage.weight_decay}, {"epochs", stage.epochs}};
    j["batch_size"] = batch_size;
    j["max_length"] = max_length;
    j["seed"] = seed;
    j["grad_clip"] = grad_clip;
}

void BaselineParams::read_json(const json& j, const std::string& source) {
    if (!j.is_object()) throw FormatError(source + ": the method's parameters must be an object");
    if (j.contains("lora")) lora = LoraConfig::from_peft_json(j["lora"], source + ": lora");
    if (j.contains("stage")) {
        const json& s = j["stage"];
        read_key(s, source, "lr", stage.lr);
        read_key(s, source, "weight_decay", stage.weight_decay);
        read_key(s, source, "epochs", stage.epochs);
    }
    read_key(j, source, "batch_size", batch_size);
    read_key(j, source, "max_length", max_length);
    read_key(j, source, "seed", seed);
    read_key(j, source, "grad_clip", grad_clip);
}

void BaselineParams::validate(const std::string& method) const {
    if (batch_size < 1) throw InvalidArgument(method + ": batch_size must be at least 1");
    if (max_length < 16) throw InvalidArgument(method + ": max_length must be at least 16");
    if (stage.epochs < 1) throw InvalidArgument(method + ": epochs must be at least 1");
    if (!(stage.lr > 0)) throw InvalidArgument(method + ": the learning rate must be positive");
    lora.validate();
}

BaselineModule::BaselineModule(LlamaModelImpl& teacher, uint64_t seed) : teacher_(teacher) {
    // Dropout (LoRA's) and any other draw during training come from torch's generator.
    torch::manual_seed(seed);
    // The holder shares the teacher's parameters (the same tensors): training changes it.
    register_module("teacher",
                    LlamaModel(std::shared_ptr<LlamaModelImpl>(&teacher, [](LlamaModelImpl*) {})));
}

torch::Tensor BaselineModule::add_tensor(const std::string& name, const torch::Tensor& init) {
    return register_parameter(name, init.detach().clone(), /*requires_grad=*/false);
}

void BaselineModule::set_trainable() {
    set_lora_trainable(teacher_);
    for (auto& p : named_parameters(/*recurse=*/true))
        if (p.key().rfind("teacher.", 0) != 0) p.value().set_requires_grad(true);
}

torch::Tensor mean_embedding(LlamaModelImpl& teacher) {
    torch::NoGradGuard ng;
    return teacher
        .embed(at::arange(teacher.config().vocab_size, torch::kInt64).to(teacher.device()))
        .to(torch::kFloat32)
        .mean(0)
        .to(teacher.dtype()); // [Dt]
}

TrainLoop baseline_loop(const BaselineParams& params, int64_t n_train, int64_t n_val) {
    TrainLoop loop;
    loop.n_train = n_train;
    loop.n_val = n_val;
    loop.batch_size = params.batch_size;
    loop.grad_clip = params.grad_clip;
    loop.seed = params.seed;
    loop.checkpoint_dir = params.checkpoint_dir;
    loop.resume = params.resume;
    return loop;
}

TrainStage baseline_stage(BaselineModule& module, const BaselineParams& params,
                          const std::string& label, int64_t epochs) {
    TrainStage stage;
    stage.label = label;
    stage.epochs = epochs;
    stage.lr = params.stage.lr;
    stage.weight_decay = params.stage.weight_decay;
    stage.set_trainable = [&module] { module.set_trainable(); };
    return stage;
}

void save_method_folder(const fs::path& folder, const std::string& method,
                        const fs::path& base_run, const LlamaModelImpl& teacher,
                        const LoraConfig& lora, const json& params, const json& summary,
                        const std::map<std::string, torch::Tensor>& tensors,
                        const std::string& tensors_file) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw IoError("cannot create " + folder.string() + ": " + ec.message());
    save_peft_adapter(folder / "adapter", teacher, lora, (base_run / "teacher").string());
    std::vector<std::pair<std::string, torch::Tensor>> list;
    for (const auto& [name, t] : tensors)
        list.emplace_back(name, t.detach().to(torch::kCPU, torch::kFloat32));
    if (!list.empty()) safetensors::save(folder / tensors_file, list);
    const json j = {{"method", method},
                    {"base", fs::absolute(base_run).lexically_normal().string()},
                    {method, params},
                    {"summary", summary},
                    {"provenance", provenance(teacher.device().str())}};
    write_file_atomic(folder / kMethodFile, j.dump(2) + "\n");
}

MethodFolderFile read_method_json(const fs::path& folder, const std::string& method) {
    const fs::path path = folder / kMethodFile;
    if (!fs::exists(path))
        throw InvalidArgument(folder.string() + " is not a " + method + " method folder (no " +
                              kMethodFile + "; semcot train --method " + method +
                              " writes one)");
    json j;
    try {
        j = json::parse(read_file(path));
    } catch (const json::exception& e) {
        throw FormatError(path.string() + ": invalid JSON: " + e.what());
    }
    MethodFolderFile out;
    std::string base;
    read_key(j, path.string(), "method", out.method, true);
    if (out.method != method)
        throw InvalidArgument(path.string() + ": method '" + out.method + "' is not " + method);
    read_key(j, path.string(), "base", base, true);
    out.base = base;
    out.params = j.value(method, json::object());
    out.summary = j.value("summary", json::object());
    return out;
}

std::map<std::string, torch::Tensor> load_method_tensors(const fs::path& folder,
                                                         LlamaModelImpl& teacher,
                                                         const std::vector<std::string>& vectors,
                                                         const std::string& tensors_file) {
    load_peft_adapter(folder / "adapter", teacher);
    teacher.eval();
    const fs::path path = folder / tensors_file;
    std::map<std::string, torch::Tensor> out;
    if (vectors.empty() && !fs::exists(path)) return out; // a method without tensors (ICoT-SI)
    auto file = safetensors::File::open(path);
    for (const auto& info : file.tensors())
        out[info.name] = file.tensor(info.name).to(teacher.device(), teacher.dtype());
    const int64_t D = teacher.config().hidden_size;
    for (const auto& name : vectors) {
        auto it = out.find(name);
        if (it == out.end() || it->second.dim() != 1 || it->second.size(0) != D)
            throw FormatError(path.string() + ": '" + name + "' must be [hidden_size] = [" +
                              std::to_string(D) + "]");
    }
    return out;
}

bool is_method_folder(const fs::path& folder) {
    return fs::exists(folder / kMethodFile);
}

} // namespace semcot
