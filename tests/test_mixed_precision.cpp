// Memory savers through a whole run (issue 17 §1), on the micro preset with a base run's
// teacher, student and sentence transformer: the generator trained with activation
// checkpointing and micro-batches ends with the weights of the plain run (allclose); with the
// frozen teacher in bfloat16 its losses stay within a stated tolerance of the float32 run, while
// the generator's weights stay float32; the preset keys round-trip and bad ones are refused.
#include "support/qtest_compat.h"

#include "common/error.h"
#include "common/platform.h"
#include "io/safetensors.h"
#include "semcot/preset.h"
#include "semcot/run.h"
#include "support/micro_preset.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <filesystem>

using namespace semcot;
namespace fs = std::filesystem;

namespace {

fs::path tmp(const std::string& name) {
    return fs::path(test_paths::tmp_dir()) / ("mixed_precision_" + name);
}

nlohmann::json micro(const nlohmann::json& semcot = nlohmann::json::object()) {
    auto j = test_presets::micro_preset(
        640, {{"over_long", "skip"}, {"examples", 48}, {"semcot", {{"batch_size", 8}}}});
    j["semcot"].merge_patch(semcot);
    return j;
}

Preset preset_of(const nlohmann::json& j) {
    return preset_from_json(j, "micro", "micro preset");
}

// A generator-only run on `base` with the preset `j`.
nlohmann::json train_on_base(const fs::path& base, const std::string& name,
                             const nlohmann::json& j) {
    TrainRunParams p;
    p.preset = preset_of(j);
    p.base = base;
    p.out = tmp(name);
    remove_tree(p.out);
    train_run(p);
    return nlohmann::json::parse(read_file(p.out / "run.json"));
}

} // namespace

class TestMixedPrecision final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void checkpointingAndMicroBatchesTrainTheSameGenerator();
    void bfloat16TeacherStaysCloseToFloat32();
    void presetKeys();

private:
    fs::path base_;
    nlohmann::json plain_;
};

void TestMixedPrecision::initTestCase() {
    base_ = tmp("base");
    remove_tree(base_);
    TrainRunParams p;
    p.preset = preset_of(micro());
    p.out = base_;
    train_run(p);
    plain_ = train_on_base(base_, "plain", micro());
}

void TestMixedPrecision::checkpointingAndMicroBatchesTrainTheSameGenerator() {
    const auto info = train_on_base(
        base_, "saver", micro({{"activation_checkpointing", true}, {"micro_batch", 3}}));
    QCOMPARE(info["preset"]["semcot"]["micro_batch"].get<int64_t>(), int64_t(3));
    const auto a = safetensors::File::open(tmp("saver") / "cg/projection.safetensors");
    const auto b = safetensors::File::open(tmp("plain") / "cg/projection.safetensors");
    for (const auto& t : b.tensors())
        QVERIFY2(at::allclose(a.tensor(t.name), b.tensor(t.name), 1e-4, 1e-5), t.name.c_str());
    const double got = info["summary"]["cg"]["best_val_loss"].get<double>();
    const double want = plain_["summary"]["cg"]["best_val_loss"].get<double>();
    QVERIFY2(std::abs(got - want) < 1e-4 * std::max(1.0, want),
             (std::to_string(got) + " vs " + std::to_string(want)).c_str());
}

// Stated tolerance: the best validation loss within 2% (bfloat16 keeps 8 bits of mantissa:
// each teacher activation is off by up to 0.4%).
void TestMixedPrecision::bfloat16TeacherStaysCloseToFloat32() {
    const auto info = train_on_base(base_, "bf16", micro({{"teacher_dtype", "bfloat16"}}));
    const double got = info["summary"]["cg"]["best_val_loss"].get<double>();
    const double want = plain_["summary"]["cg"]["best_val_loss"].get<double>();
    QVERIFY2(std::abs(got - want) <= 0.02 * want,
             (std::to_string(got) + " vs " + std::to_string(want)).c_str());
    QVERIFY2(got != want, "the teacher really ran in bfloat16");
    const auto cg = safetensors::File::open(tmp("bf16") / "cg/projection.safetensors");
    for (const auto& t : cg.tensors()) QCOMPARE(t.dtype, torch::kFloat32);
}

void TestMixedPrecision::presetKeys() {
    const auto p = preset_of(micro({{"teacher_dtype", "bfloat16"}, {"micro_batch", 4}}));
    QCOMPARE(p.semcot.teacher_dtype, std::string("bfloat16"));
    const auto back = SemcotTrainParams::from_json(p.semcot.to_json(), "round trip");
    QCOMPARE(back.teacher_dtype, std::string("bfloat16"));
    QCOMPARE(back.micro_batch, int64_t(4));
    QVERIFY(!SemcotTrainParams().to_json().contains("teacher_dtype")); // defaults stay out
    for (const auto& [key, value] : std::vector<std::pair<std::string, nlohmann::json>>{
             {"teacher_dtype", "int8"}, {"micro_batch", -1}, {"activation_checkpointing", 1}}) {
        try {
            preset_of(micro({{key, value}}));
            QFAIL(("accepted " + key + " = " + value.dump()).c_str());
        } catch (const FormatError& e) {
            QVERIFY2(std::string(e.what()).find(key) != std::string::npos, e.what());
        }
    }
}

QTEST_APPLESS_MAIN(TestMixedPrecision)
#include "test_mixed_precision.moc"
