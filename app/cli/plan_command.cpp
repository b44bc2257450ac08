// plan: the memory and time a run needs before it starts (issue 17 §2).
#include "commands.h"

#include "common/device.h"
#include "common/error.h"
#include "common/platform.h"
#include "semcot/memory_measure.h"
#include "semcot/memory_plan.h"
#include "semcot/preset.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include <unistd.h>

namespace semcot::cli {

namespace {

struct PlanArgs {
    std::string preset = "tiny", device_memory = "80GiB", precision, checkpointing, json;
    std::string set, measure, device = "cpu";
    int64_t nproc = 1, micro_batch = 0, measure_epochs = 2, measure_batches = 2;
    bool no_calibrate = false;
};

std::string duration_string(double s) {
    char buf[32];
    if (s < 60)
        std::snprintf(buf, sizeof buf, "%.1f s", s);
    else if (s < 3600)
        std::snprintf(buf, sizeof buf, "%.1f min", s / 60);
    else
        std::snprintf(buf, sizeof buf, "%.2f h", s / 3600);
    return buf;
}

// --measure STAGE: the plan of one stage beside the peak RSS of a real short training of it.
int run_measure(const PlanArgs& a, PlanModels models) {
    const MemoryMeasurement got =
        measure_stage_memory(models, a.measure, a.measure_epochs, a.measure_batches);
    // The preset as it is set (its micro-batches, checkpointing and teacher dtype), as trained.
    for (const auto& s : configured_plan(models, int64_t(1) << 62).stages) {
        if (s.stage != a.measure) continue;
        const bool checkpointing = s.stage == "teacher" ? models.teacher_train.activation_checkpointing
                                   : s.stage == "student"
                                       ? models.student_train.activation_checkpointing
                                       : models.semcot.activation_checkpointing;
        std::cout << "measure: stage " << s.stage << ", batch " << s.batch << " = micro-batch "
                  << s.micro_batch << " x " << s.accumulation << ", " << s.length << " tokens, "
                  << (s.stage == "cg" ? "teacher " + models.semcot.teacher_dtype + ", "
                                      : std::string("float32, "))
                  << "checkpointing "
                  << (checkpointing ? "on" : "off") << ", " << got.steps << " steps in " << duration_string(got.seconds)
                  << "\n";
        for (const auto& i : s.items)
            std::printf("  plan  %-30s %12s  %s\n", i.component.c_str(),
                        format_bytes(i.bytes).c_str(), i.detail.c_str());
        for (const auto& [what, bytes] : got.marks)
            std::printf("  rss   %-30s %12s  above the baseline\n", what.c_str(),
                        format_bytes(bytes).c_str());
        const double ratio = double(s.total()) / double(std::max<int64_t>(got.measured(), 1));
        std::printf("estimate %s, measured %s (peak RSS %s - baseline %s), estimate/measured "
                    "%.3f\n",
                    format_bytes(s.total()).c_str(), format_bytes(got.measured()).c_str(),
                    format_bytes(got.peak_rss).c_str(), format_bytes(got.baseline_rss).c_str(),
                    ratio);
        if (!a.json.empty()) {
            nlohmann::json marks = nlohmann::json::object();
            for (const auto& [what, bytes] : got.marks) marks[what] = bytes;
            write_file_atomic(a.json, nlohmann::json{{"schema", "semcot.plan-measure/1"},
                                                     {"plan", stage_memory_json(s)},
                                                     {"baseline_rss", got.baseline_rss},
                                                     {"peak_rss", got.peak_rss},
                                                     {"measured_bytes", got.measured()},
                                                     {"ratio", ratio},
                                                     {"steps", got.steps},
                                                     {"seconds", got.seconds},
                                                     {"marks", marks}}
                                              .dump(2) +
                                          "\n");
        }
        return 0;
    }
    throw InvalidArgument("the preset has no stage '" + a.measure + "'");
}

int run_plan(const PlanArgs& a) {
    if (!a.json.empty()) { // before the plan and its calibration, not after
        const std::filesystem::path dir =
            std::filesystem::absolute(std::filesystem::path(a.json)).parent_path();
        if (!std::filesystem::is_directory(dir) || access(dir.c_str(), W_OK) != 0)
            throw InvalidArgument("--json " + a.json + ": cannot write into " + dir.string());
    }
    Preset preset = load_preset(a.preset);
    if (!a.set.empty()) {
        nlohmann::json patch;
        try {
            patch = nlohmann::json::parse(a.set);
        } catch (const nlohmann::json::exception& e) {
            throw InvalidArgument(std::string("--set: invalid JSON: ") + e.what());
        }
        preset = with_overrides(preset, patch);
    }
    PlanModels models = plan_models(preset);
    if (!a.measure.empty()) {
        // It trains what the preset says, on this CPU: the choices of a plan do not apply.
        for (const auto& [given, flag] :
             {std::pair{!a.precision.empty(), "--precision"},
              std::pair{!a.checkpointing.empty(), "--checkpointing"},
              std::pair{a.micro_batch > 0, "--micro-batch"}, std::pair{a.nproc > 1, "--nproc"}})
            if (given)
                throw InvalidArgument(std::string(flag) +
                                      " does not apply to --measure, which trains the preset as "
                                      "it is set: give its keys with --set (e.g. '{\"semcot\":"
                                      "{\"micro_batch\":8,\"activation_checkpointing\":true,"
                                      "\"teacher_dtype\":\"bfloat16\"}}')");
        if (!models.from_scratch)
            throw InvalidArgument("--measure builds the preset's models with random weights on "
                                  "this CPU: for presets trained from scratch (this one loads " +
                                  models.teacher_source + ")");
        return run_measure(a, models);
    }

    const int64_t device_bytes = parse_byte_size(a.device_memory);
    std::optional<Precision> precision;
    if (!a.precision.empty()) precision = parse_precision(a.precision);
    std::optional<bool> checkpointing;
    if (!a.checkpointing.empty()) checkpointing = a.checkpointing == "on";
    std::optional<int64_t> micro;
    if (a.micro_batch > 0) micro = a.micro_batch;
    const PlanRecommendation r =
        recommend_plan(models, device_bytes, a.nproc, precision, checkpointing, micro);
    std::cout << describe_plan(models, device_bytes, r);
    // What the preset needs with its own micro-batches, checkpointing and teacher dtype (the
    // training dialog's plan).
    const PlanRecommendation configured = configured_plan(models, device_bytes, a.nproc);
    std::cout << "as the preset is set: " << precision_name(configured.precision)
              << " teacher, checkpointing " << (configured.checkpointing ? "on" : "off")
              << ", peak " << format_bytes(configured.peak) << " per rank: "
              << (configured.fits ? "fits" : "DOES NOT FIT") << "\n";
    nlohmann::json out = plan_json(models, device_bytes, r);
    nlohmann::json configured_stages = nlohmann::json::array();
    for (const auto& s : configured.stages) configured_stages.push_back(stage_memory_json(s));
    out["configured"] = {{"fits", configured.fits},
                         {"peak_bytes", configured.peak},
                         {"precision", precision_name(configured.precision)},
                         {"checkpointing", configured.checkpointing},
                         {"stages", configured_stages}};
    if (!a.no_calibrate) {
        std::cerr << "calibrating the training step on " << a.device << "...\n";
        const PlanTime t = estimate_plan_time(models, r, parse_device(a.device));
        std::printf("\ntime (calibrated on %s: %.1f GFLOP/s of training):\n", a.device.c_str(),
                    t.flops_per_second / 1e9);
        double total = 0;
        for (const auto& s : t.stages) {
            std::printf("  %-8s %6lld steps/epoch x %8s = %10s per epoch, %lld epochs: %s\n",
                        s.stage.c_str(), static_cast<long long>(s.steps_per_epoch),
                        duration_string(s.step_seconds).c_str(),
                        duration_string(s.epoch_seconds()).c_str(),
                        static_cast<long long>(s.epochs),
                        duration_string(s.epoch_seconds() * double(s.epochs)).c_str());
            total += s.epoch_seconds() * double(s.epochs);
            out["time"]["stages"].push_back({{"stage", s.stage},
                                             {"steps_per_epoch", s.steps_per_epoch},
                                             {"step_seconds", s.step_seconds},
                                             {"epoch_seconds", s.epoch_seconds()},
                                             {"epochs", s.epochs},
                                             {"flops_per_step", s.flops_per_step}});
        }
        std::printf("  total %s (%lld training examples per epoch, %lld rank%s)\n",
                    duration_string(total).c_str(), static_cast<long long>(models.train_examples),
                    static_cast<long long>(a.nproc), a.nproc > 1 ? "s" : "");
        out["time"]["device"] = a.device;
        out["time"]["flops_per_second"] = t.flops_per_second;
        out["time"]["total_seconds"] = total;
    }
    if (!a.json.empty()) write_file_atomic(a.json, out.dump(2) + "\n");
    return r.fits ? 0 : 2;
}

} // namespace

void add_plan_command(CLI::App& app, std::function<void(Runner)> select) {
    auto a = std::make_shared<PlanArgs>();
    auto* cmd = app.add_subcommand(
        "plan", "The memory a run needs per component and stage, the micro-batch, accumulation, "
                "precision and checkpointing that fit a device, and the time per epoch");
    cmd->add_option("--preset", a->preset, "Preset name (models/presets) or JSON file")
        ->capture_default_str();
    cmd->add_option("--device-memory", a->device_memory, "Memory of one device, e.g. 80GiB, 24GB")
        ->capture_default_str();
    cmd->add_option("--nproc", a->nproc,
                    "Data-parallel ranks (weights replicated; batch_size is per rank, as "
                    "semcot train --nproc-per-node runs it)")
        ->check(CLI::Range(int64_t(1), int64_t(4096)))
        ->capture_default_str();
    cmd->add_option("--micro-batch", a->micro_batch,
                    "Examples per micro-batch per rank (default: the largest that fits)")
        ->check(CLI::Range(int64_t(1), int64_t(1 << 20)));
    cmd->add_option("--precision", a->precision, "fp32 | bf16 | fp16 (default: chosen to fit)")
        ->check(CLI::IsMember({"fp32", "bf16", "fp16"}));
    cmd->add_option("--checkpointing", a->checkpointing,
                    "on | off: activation checkpointing (default: chosen to fit)")
        ->check(CLI::IsMember({"on", "off"}));
    cmd->add_option("--json", a->json, "Also write the plan as JSON (semcot.plan/1)");
    cmd->add_flag("--no-calibrate", a->no_calibrate,
                  "Skip the time estimate (a few seconds of calibration)");
    cmd->add_option("--device", a->device, "Device the calibration runs on (cpu, cuda)")
        ->capture_default_str();
    cmd->add_option("--set", a->set,
                    "A JSON merge patch of the preset, e.g. '{\"semcot\":{\"batch_size\":8}}'");
    cmd->add_option("--measure", a->measure,
                    "teacher | student | st | cg: train that stage of a from-scratch preset for "
                    "a few batches on the CPU and print its peak RSS beside the plan")
        ->check(CLI::IsMember({"teacher", "student", "st", "cg"}));
    cmd->add_option("--measure-epochs", a->measure_epochs, "Epochs of the --measure run")
        ->check(CLI::Range(int64_t(1), int64_t(100)))
        ->capture_default_str();
    cmd->add_option("--measure-batches", a->measure_batches,
                    "Training batches per epoch of the --measure run")
        ->check(CLI::Range(int64_t(1), int64_t(1000)))
        ->capture_default_str();
    cmd->callback([a, select] { select([a] { return run_plan(*a); }); });
}

} // namespace semcot::cli
