#include "semcot/train_log.h"

#include "common/error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <memory>

namespace semcot {

namespace fs = std::filesystem;

const TrainLogStage* TrainLog::stage(const std::string& name) const {
    for (const auto& s : stages)
        if (s.name == name) return &s;
    return nullptr;
}

namespace {

struct StageMaps {
    std::map<int64_t, TrainLogPoint> train, validation; // by step, the last entry wins
};

bool parse_line(const std::string& line, std::string& stage, bool& validation, TrainLogPoint& p) {
    const auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || !j.contains("stage") || !j.contains("kind") || !j.contains("step") ||
        !j.contains("loss") || !j["stage"].is_string() || !j["kind"].is_string() ||
        !j["step"].is_number_integer() || !j["loss"].is_number())
        return false;
    stage = j["stage"].get<std::string>();
    validation = j["kind"].get<std::string>() == "validate";
    p.step = j["step"].get<int64_t>();
    p.epoch = j.value("epoch", int64_t(0));
    p.loss = j["loss"].get<double>();
    return true;
}

// Train points spread over their epoch; validation points at the epoch's end.
void place_in_epochs(TrainLogStage& s) {
    std::map<int64_t, int64_t> per_epoch;
    for (const auto& p : s.train) ++per_epoch[p.epoch];
    std::map<int64_t, int64_t> seen;
    for (auto& p : s.train)
        p.epoch_position = double(p.epoch - 1) + double(++seen[p.epoch]) / double(per_epoch[p.epoch]);
    for (auto& p : s.validation) p.epoch_position = double(p.epoch);
}

} // namespace

TrainLog read_train_log(const fs::path& run) {
    const fs::path file = run / kTrainLogFile;
    TrainLog log;
    std::ifstream in(file);
    if (!in) return log;
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(line);
    std::vector<std::string> order;
    std::map<std::string, StageMaps> maps;
    for (size_t i = 0; i < lines.size(); ++i) {
        std::string stage;
        bool validation = false;
        TrainLogPoint p;
        if (!parse_line(lines[i], stage, validation, p)) {
            if (i + 1 == lines.size()) break; // cut short by a killed run
            throw FormatError(file.string() + " line " + std::to_string(i + 1) +
                              ": not a training-log entry");
        }
        if (!maps.count(stage)) order.push_back(stage);
        (validation ? maps[stage].validation : maps[stage].train)[p.step] = p;
    }
    for (const auto& name : order) {
        TrainLogStage s;
        s.name = name;
        for (const auto& [step, p] : maps[name].train) s.train.push_back(p);
        for (const auto& [step, p] : maps[name].validation) s.validation.push_back(p);
        place_in_epochs(s);
        log.stages.push_back(std::move(s));
    }
    return log;
}

ProgressCallback with_train_log(const fs::path& file, ProgressCallback progress) {
    auto out = std::make_shared<std::ofstream>();
    return [file, out, progress = std::move(progress)](const TrainProgress& p) {
        const auto slash = p.stage.rfind('/');
        const double loss = slash != std::string::npos && p.stage.substr(slash + 1) == "validate" &&
                                    std::isfinite(p.val_loss)
                                ? p.val_loss
                                : p.loss;
        if (slash != std::string::npos && std::isfinite(loss)) {
            if (!out->is_open()) out->open(file, std::ios::app);
            if (*out) {
                const nlohmann::json j = {{"stage", p.stage.substr(0, slash)},
                                          {"kind", p.stage.substr(slash + 1)},
                                          {"step", p.step},
                                          {"epoch", p.epoch},
                                          {"loss", loss}};
                *out << j.dump() << '\n' << std::flush;
            }
        }
        return progress ? progress(p) : true;
    };
}

} // namespace semcot
