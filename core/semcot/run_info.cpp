#include "semcot/run_info.h"

#include "common/error.h"
#include "common/json_keys.h"
#include "common/platform.h"
#include "tokenizer/tokenizer.h"

#include <algorithm>

namespace semcot {

namespace fs = std::filesystem;
using nlohmann::json;

bool RunInfo::has_stage(const std::string& stage) const {
    return std::find(stages_done.begin(), stages_done.end(), stage) != stages_done.end();
}

int64_t RunInfo::k_infer() const {
    const auto cg = preset.find("contemplation");
    if (cg == preset.end() || !cg->is_object()) return 1;
    const auto k = cg->find("k_infer");
    return k != cg->end() && k->is_number_integer() ? k->get<int64_t>() : 1;
}

std::string RunInfo::world_size_text() const {
    std::vector<int64_t> seen;
    std::string out;
    for (int64_t n : world_sizes)
        if (std::find(seen.begin(), seen.end(), n) == seen.end()) {
            seen.push_back(n);
            out += (out.empty() ? "" : ",") + std::to_string(n);
        }
    return out;
}

RunInfo RunInfo::from_json(const nlohmann::json& j, const std::string& source) {
    if (!j.is_object()) throw FormatError(source + ": run.json must be a JSON object");
    RunInfo r;
    r.json = j;
    read_key(j, source, "preset_name", r.preset_name);
    read_key(j, source, "task", r.task);
    read_key(j, source, "status", r.status);
    read_key(j, source, "error", r.error);
    read_key(j, source, "seed", r.seed);
    read_key(j, source, "stages_done", r.stages_done);
    read_key(j, source, "base", r.base);
    read_key(j, source, "init_cg_from_base", r.init_cg_from_base);
    r.preset = j.value("preset", nlohmann::json::object());
    if (!r.preset.is_object()) throw FormatError(source + ": key 'preset' must be an object");
    // Written by runs since data-parallel training; older ones ran in one process.
    auto world_size = [&](const nlohmann::json& session, const std::string& where) {
        int64_t n = 1;
        if (session.is_object()) read_key(session, source + ": " + where, "world_size", n);
        return n;
    };
    if (const auto p = j.find("provenance"); p != j.end())
        r.world_sizes = {world_size(*p, "provenance")};
    if (const auto resumed = j.find("resumed"); resumed != j.end() && resumed->is_array())
        for (const auto& session : *resumed)
            r.world_sizes.push_back(world_size(session, "resumed"));
    const nlohmann::json* cg = nullptr;
    if (const auto s = j.find("summary"); s != j.end() && s->is_object())
        if (const auto c = s->find("cg"); c != s->end() && c->is_object()) cg = &*c;
    if (cg && cg->contains("best_val_loss") && (*cg)["best_val_loss"].is_number())
        r.cg_best_val_loss = (*cg)["best_val_loss"].get<double>();
    return r;
}

RunInfo read_run_info(const fs::path& folder) {
    const fs::path path = folder / "run.json";
    json j;
    try {
        j = json::parse(read_file(path));
    } catch (const json::exception& e) {
        throw FormatError(path.string() + ": invalid JSON: " + e.what());
    }
    return RunInfo::from_json(j, path.string());
}

const std::vector<std::string>& finished_run_files() {
    static const std::vector<std::string> files = {
        "run.json",
        "teacher/config.json",
        "teacher/model.safetensors",
        "cg/contemplation.json",
        "data/test.json",
    };
    return files;
}

const std::vector<std::string>& finished_run_tokenizers() {
    static const std::vector<std::string> folders = {"teacher", "student_tokenizer"};
    return folders;
}

std::vector<std::string> missing_run_files(const fs::path& run) {
    std::vector<std::string> missing;
    for (const std::string& f : finished_run_files())
        if (!fs::exists(run / f)) missing.push_back(f);
    for (const std::string& f : finished_run_tokenizers())
        if (!has_tokenizer(run / f)) missing.push_back(f + "/tokenizer.model or tokenizer.json");
    return missing;
}

} // namespace semcot
