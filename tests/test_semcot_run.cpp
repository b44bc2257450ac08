// A micro SemCoT run end to end: train every stage on a few examples, save, reload, evaluate
// all three methods and write the JSON; resume of a finished stage list; bad presets.
#include "support/micro_preset.h"
#include "support/qtest_compat.h"

#include "common/error.h"
#include "common/platform.h"
#include "common/run_lock.h"
#include "semcot/base_run.h"
#include "semcot/evaluation.h"
#include "semcot/run.h"
#include "semcot/run_data.h"
#include "semcot/run_info.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <tuple>

using namespace semcot;
namespace fs = std::filesystem;

namespace {

fs::path tmp(const std::string& name) {
    return fs::path(test_paths::tmp_dir()) / name;
}

// A preset small enough to train in seconds.
fs::path micro_preset() {
    const nlohmann::json p = test_presets::micro_preset(
        320, {{"examples", 64},
              {"min_people", 2},
              {"max_people", 3},
              {"teacher", {{"num_hidden_layers", 3}, {"max_position_embeddings", 384}}},
              {"student", {{"num_hidden_layers", 3}, {"max_position_embeddings", 384}}},
              {"contemplation", {{"k_infer", 1}}}});
    const fs::path path = tmp("micro_preset.json");
    write_file_atomic(path, p.dump(2));
    return path;
}

// The finished micro run of trainSaveReloadEvaluate (trained here if that test did not run).
fs::path micro_run() {
    const fs::path out = tmp("micro_run");
    if (!fs::exists(out / "run.json") ||
        nlohmann::json::parse(read_file(out / "run.json")).value("status", "") != "done") {
        remove_tree(out);
        TrainRunParams p;
        p.preset = load_preset(micro_preset().string());
        p.out = out;
        train_run(p);
    }
    return out;
}

std::vector<std::pair<std::string, torch::Tensor>> generator_weights(const fs::path& run) {
    auto cg = ContemplationGeneratorImpl::load(run / "cg", torch::kCPU);
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (auto& item : cg->named_parameters()) out.emplace_back(item.key(), item.value());
    return out;
}

} // namespace

class TestSemcotRun final : public QObject {
    Q_OBJECT
private slots:
    void trainSaveReloadEvaluate();
    void cancelLeavesAResumableRun();
    void baseRunResumesGeneratorExactly();
    void ablationTeacherAsGenerator();
    void baseRunWithOnlyAGeneratorStudent();
    void unusableBaseRunLeavesNoFolder();
    void failedRunIsMarkedFailed();
    void badPresetsNameTheKey();
    void presetJsonRoundTrips();
    void runInfoReadsWhatTrainWrites();
    void autoPromptsFollowTheTeacher();
};

void TestSemcotRun::trainSaveReloadEvaluate() {
    const fs::path out = tmp("micro_run");
    remove_tree(out);
    TrainRunParams p;
    p.preset = load_preset(micro_preset().string());
    p.out = out;
    int64_t reports = 0;
    train_run(p, [&](const TrainProgress&) {
        ++reports;
        return true;
    });
    QVERIFY(reports > 0);
    for (const char* f : {"run.json", "teacher/model.safetensors", "teacher/tokenizer.model",
                          "st/sentence_transformer.json", "cg/contemplation.json",
                          "cg/student/model.safetensors", "data/test.json"})
        QVERIFY2(fs::exists(out / f), f);
    QVERIFY(!fs::exists(out / "checkpoints"));

    auto run = load_run(out, torch::kCPU);
    InferenceContext ctx = run.inference_context();
    ctx.generation.max_new_tokens = 12;
    EvaluationParams ep;
    ep.limit = 3;
    auto r = evaluate(ctx, run.split("test"), ep);
    QCOMPARE(int64_t(r.samples.size()), int64_t(9));
    auto j = r.to_json();
    for (const char* m : {"cot", "nocot", "semcot"}) {
        QVERIFY(j["methods"].contains(m));
        QCOMPARE(j["methods"][m]["n"].get<int64_t>(), int64_t(3));
        // The accuracy is its samples' share of correct answers, inside its interval.
        const double acc = j["methods"][m]["accuracy"].get<double>();
        int64_t correct = 0;
        for (const auto& sample : j["samples"])
            if (sample["method"] == m) correct += sample["correct"].get<bool>() ? 1 : 0;
        QCOMPARE(acc, double(correct) / 3.0);
        QVERIFY(j["methods"][m]["accuracy_ci95"][0].get<double>() <= acc);
        QVERIFY(acc <= j["methods"][m]["accuracy_ci95"][1].get<double>());
    }
    write_file_atomic(out / "eval.json", j.dump());
    QVERIFY(nlohmann::json::parse(read_file(out / "eval.json"))["samples"].size() == 9);
    // Averaging two evaluations: counts add up, rates stay.
    auto avg = average({r, r});
    QCOMPARE(avg.methods["semcot"].n, int64_t(6));
    QVERIFY(std::abs(avg.methods["semcot"].accuracy - r.methods["semcot"].accuracy) < 1e-12);
    QVERIFY(avg.methods["nocot"].speedup_vs_cot && r.methods["nocot"].speedup_vs_cot);
    QVERIFY(std::abs(*avg.methods["nocot"].speedup_vs_cot - *r.methods["nocot"].speedup_vs_cot) <
            1e-9);
    // CSV: one header and one row per sample.
    const auto csv = r.to_csv();
    QCOMPARE(int64_t(std::count(csv.begin(), csv.end(), '\n')) >= 10, true);
}

void TestSemcotRun::cancelLeavesAResumableRun() {
    const fs::path out = tmp("micro_cancel");
    remove_tree(out);
    TrainRunParams p;
    p.preset = load_preset(micro_preset().string());
    p.out = out;
    int64_t calls = 0;
    QVERIFY_THROWS_EXCEPTION(Cancelled,
                             train_run(p, [&](const TrainProgress&) { return ++calls < 3; }));
    QVERIFY(fs::exists(out / "run.json"));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, train_run(p)); // exists, no --resume
    p.resume = true;
    train_run(p);
    auto info = nlohmann::json::parse(read_file(out / "run.json"));
    QCOMPARE(info["status"].get<std::string>(), std::string("done"));
}

void TestSemcotRun::baseRunResumesGeneratorExactly() {
    // Two generator-only runs on one base: uninterrupted, and stopped inside the generator's
    // second stage then resumed. Their generators must be identical.
    TrainRunParams p;
    p.preset = with_overrides(load_preset(micro_preset().string()),
                              {{"semcot", {{"cg_stage2", {{"epochs", 2}}}}}});
    p.base = micro_run();
    p.out = tmp("micro_base_a");
    remove_tree(p.out);
    std::vector<std::string> stages;
    train_run(p, [&](const TrainProgress& r) {
        if (stages.empty() || stages.back() != r.stage) stages.push_back(r.stage);
        return true;
    });
    // Only the generator trained; the rest came from the base.
    for (const auto& s : stages) QVERIFY2(s.rfind("cg", 0) == 0, s.c_str());
    QVERIFY(fs::exists(p.out / "teacher/model.safetensors"));
    const auto info = nlohmann::json::parse(read_file(p.out / "run.json"));
    QCOMPARE(info["preset"]["semcot"]["cg_stage2"]["epochs"].get<int64_t>(), int64_t(2));
    QVERIFY(info.contains("base"));

    p.out = tmp("micro_base_b");
    remove_tree(p.out);
    QVERIFY_THROWS_EXCEPTION(Cancelled, train_run(p, [](const TrainProgress& r) {
                                 return !(r.stage == "cg2/train" && r.step == 3);
                             }));
    QVERIFY(fs::exists(p.out / "checkpoints/cg/cg2/latest/train_state.json"));
    p.resume = true;
    train_run(p);
    const auto a = generator_weights(tmp("micro_base_a")), b = generator_weights(p.out);
    QCOMPARE(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i)
        QVERIFY2(torch::equal(a[i].second, b[i].second), a[i].first.c_str());
}

void TestSemcotRun::ablationTeacherAsGenerator() {
    TrainRunParams p;
    p.preset = with_overrides(
        load_preset(micro_preset().string()),
        {{"semcot", {{"teacher_as_generator", true}, {"no_warmup", true}, {"alpha", 0.0}}}});
    QVERIFY(p.preset.semcot.teacher_as_generator && p.preset.semcot.no_warmup);
    p.base = micro_run();
    p.out = tmp("micro_teacher_gen");
    remove_tree(p.out);
    std::vector<std::string> stages;
    train_run(p, [&](const TrainProgress& r) {
        if (stages.empty() || stages.back() != r.stage) stages.push_back(r.stage);
        return true;
    });
    QVERIFY(std::find(stages.begin(), stages.end(), "cg1/train") == stages.end()); // no warm-up
    QVERIFY(fs::exists(p.out / kGeneratorTokenizer / "tokenizer.model"));
    auto run = load_run(p.out, torch::kCPU);
    // The generator has the teacher's shape.
    QCOMPARE(run.generator->student()->config().hidden_size, run.teacher.config.hidden_size);
    QCOMPARE(run.generator->student()->config().num_hidden_layers,
             run.teacher.config.num_hidden_layers);
    InferenceContext ctx = run.inference_context();
    ctx.generation.max_new_tokens = 8;
    auto r = run_method(ctx, Method::semcot, run.split("test")[0].query);
    QVERIFY(r.new_tokens > 0);
}

// The layout of runs made before issue 11 (the shipped run had it): no student/, only the generator's student in
// cg/student. A generator-only run on it starts a fresh generator from that student.
void TestSemcotRun::baseRunWithOnlyAGeneratorStudent() {
    const fs::path shipped = models_dir() / "tiny-coinflip";
    if (fs::exists(shipped / "run.json")) {
        const BaseRunCheck c = check_base_run(shipped, false);
        QVERIFY2(c.ok(), c.message().c_str());
        // Runs made since issue 11 keep student/; the old shipped layout is tested below.
        QCOMPARE(c.student_source,
                 std::string(fs::exists(shipped / "student") ? "student" : "cg/student"));
        QVERIFY(check_base_run(shipped, true).ok());
    }
    const fs::path base = tmp("micro_base_old_layout");
    remove_tree(base);
    fs::copy(micro_run(), base, fs::copy_options::recursive);
    remove_tree(base / "student");
    QCOMPARE(check_base_run(base, false).student_source, std::string("cg/student"));
    TrainRunParams p;
    p.preset = load_preset(micro_preset().string());
    p.base = base;
    p.out = tmp("micro_base_old_layout_run");
    remove_tree(p.out);
    std::vector<std::string> stages;
    train_run(p, [&](const TrainProgress& r) {
        if (stages.empty() || stages.back() != r.stage) stages.push_back(r.stage);
        return true;
    });
    for (const auto& s : stages) QVERIFY2(s.rfind("cg", 0) == 0, s.c_str());
    const auto info = nlohmann::json::parse(read_file(p.out / "run.json"));
    QCOMPARE(info["status"].get<std::string>(), std::string("done"));
    QCOMPARE(info["base_student"].get<std::string>(), std::string("cg/student"));
    QVERIFY(fs::exists(p.out / "student/model.safetensors"));
}

// A base run that lacks what a generator-only run needs is refused before anything is written.
void TestSemcotRun::unusableBaseRunLeavesNoFolder() {
    const fs::path base = tmp("micro_base_broken");
    remove_tree(base);
    fs::copy(micro_run(), base, fs::copy_options::recursive);
    fs::remove(base / "teacher/model.safetensors");
    remove_tree(base / "cg");
    BaseRunCheck c = check_base_run(base, true);
    QVERIFY(!c.ok());
    QVERIFY2(c.message().find("teacher/model.safetensors") != std::string::npos,
             c.message().c_str());
    QVERIFY2(c.message().find("cg/contemplation.json") != std::string::npos, c.message().c_str());
    TrainRunParams p;
    p.preset = load_preset(micro_preset().string());
    p.base = base;
    p.out = tmp("micro_base_broken_run");
    remove_tree(p.out);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, train_run(p));
    QVERIFY(!fs::exists(p.out));
    // Not a run, and an unfinished run.
    c = check_base_run(tmp("no_such_base"), false);
    QVERIFY(!c.ok() && c.problems[0].kind == BaseRunProblem::Kind::no_folder);
    auto info = nlohmann::json::parse(read_file(base / "run.json"));
    info["status"] = "training";
    write_file_atomic(base / "run.json", info.dump());
    c = check_base_run(base, false);
    QVERIFY(!c.ok() && c.problems[0].kind == BaseRunProblem::Kind::not_finished);
    {
        // Being trained right now (common/run_lock.h): said as such, with who trains it.
        const RunLock lock(base, "semcot train");
        c = check_base_run(base, false);
        QVERIFY(!c.ok() && c.problems[0].kind == BaseRunProblem::Kind::in_training);
        QVERIFY2(c.message().find("being trained right now by pid") != std::string::npos,
                 c.message().c_str());
    }
    c = check_base_run(base, false);
    QVERIFY(!c.ok() && c.problems[0].kind == BaseRunProblem::Kind::not_finished);
}

// An error inside training marks the run failed in run.json, with the reason.
void TestSemcotRun::failedRunIsMarkedFailed() {
    TrainRunParams p;
    p.preset = load_preset(micro_preset().string());
    p.task = tmp("no_such_dataset.json").string();
    p.out = tmp("micro_failed");
    remove_tree(p.out);
    bool threw = false;
    try {
        train_run(p);
    } catch (const Error&) {
        threw = true;
    }
    QVERIFY(threw);
    const auto info = nlohmann::json::parse(read_file(p.out / "run.json"));
    QCOMPARE(info["status"].get<std::string>(), std::string("failed"));
    QVERIFY2(info["error"].get<std::string>().find("no_such_dataset") != std::string::npos,
             info.dump().c_str());
}

void TestSemcotRun::badPresetsNameTheKey() {
    const fs::path path = tmp("bad_preset.json");
    write_file_atomic(path,
                      R"({"task": "coinflip", "teacher": {"hidden_size": "big"}, "student": {}})");
    try {
        load_preset(path.string());
        QFAIL("no error");
    } catch (const FormatError& e) {
        const std::string msg = e.what();
        QVERIFY2(msg.find("bad_preset.json") != std::string::npos &&
                     msg.find("hidden_size") != std::string::npos,
                 msg.c_str());
    }
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, load_preset("no-such-preset"));
}

// The desktop app edits presets through core's types: every shipped preset survives
// preset_to_json -> preset_from_json with its fields, its other keys and an edit.
void TestSemcotRun::presetJsonRoundTrips() {
    std::vector<std::string> checked;
    for (const auto& entry : fs::directory_iterator(models_dir() / "presets")) {
        if (entry.path().extension() != ".json") continue;
        Preset p = load_preset(entry.path().string());
        const nlohmann::json j = preset_to_json(p);
        const Preset q = preset_from_json(j, p.name, "round trip");
        QVERIFY2(preset_to_json(q) == j, p.name.c_str());
        QCOMPARE(q.json.value("description", std::string()),
                 p.json.value("description", std::string()));
        QCOMPARE(q.semcot.to_json(), p.semcot.to_json());
        QCOMPARE(q.teacher_train.to_json(), p.teacher_train.to_json());
        QCOMPARE(q.cg.preset_json(), p.cg.preset_json());
        QCOMPARE(q.fit.over_long, p.fit.over_long);
        QCOMPARE(q.fit.enabled, p.fit.enabled);
        QCOMPARE(q.teacher.hidden_size, p.teacher.hidden_size);
        QCOMPARE(q.teacher_model, p.teacher_model);
        // An edit of a field reaches the JSON; the untouched keys stay.
        p.semcot.cg_stage2.lr = 2.5e-4;
        p.cg.k_infer = 3;
        p.fit.enabled = !p.fit.enabled;
        const nlohmann::json edited = preset_to_json(p);
        QCOMPARE(edited["semcot"]["cg_stage2"]["lr"].get<double>(), 2.5e-4);
        QCOMPARE(edited["contemplation"]["k_infer"].get<int64_t>(), int64_t(3));
        QCOMPARE(edited.contains("fit"), p.fit.enabled);
        QCOMPARE(edited["semcot"]["alpha"], j["semcot"]["alpha"]);
        checked.push_back(p.name);
    }
    for (const char* name : {"tiny", "tiny-fit", "tiny-cg-continue", "llama2-7b-sheared"})
        QVERIFY2(std::find(checked.begin(), checked.end(), name) != checked.end(), name);
}

void TestSemcotRun::runInfoReadsWhatTrainWrites() {
    const RunInfo info = read_run_info(micro_run());
    QVERIFY(info.done());
    QCOMPARE(info.preset_name, std::string("micro_preset"));
    QCOMPARE(info.task, std::string("coinflip"));
    for (const char* stage : {"data", "teacher", "student", "st", "cg"})
        QVERIFY2(info.has_stage(stage), stage);
    QCOMPARE(info.k_infer(), int64_t(1));
    QVERIFY(info.cg_best_val_loss.has_value() && std::isfinite(*info.cg_best_val_loss));
    QCOMPARE(info.preset["examples"].get<int64_t>(), int64_t(64));
    QVERIFY(missing_run_files(micro_run()).empty());
    QCOMPARE(missing_run_files(tmp("no_such_run")).size(),
             finished_run_files().size() + finished_run_tokenizers().size());

    const fs::path bad = tmp("bad_run_info");
    fs::create_directories(bad);
    write_file_atomic(bad / "run.json", "{ no");
    QVERIFY_THROWS_EXCEPTION(FormatError, read_run_info(bad));
    write_file_atomic(bad / "run.json", R"({"status": 3})");
    try {
        read_run_info(bad);
        QFAIL("no error");
    } catch (const FormatError& e) {
        QVERIFY2(std::string(e.what()).find("'status'") != std::string::npos, e.what());
    }
    QVERIFY_THROWS_EXCEPTION(IoError, read_run_info(tmp("no_such_run")));
}

// "prompts": "auto" picks the teacher family's chat format from its config.json and tokenizer.
void TestSemcotRun::autoPromptsFollowTheTeacher() {
    QCOMPARE(auto_prompt_template({}), std::string("llama2_small")); // from scratch
    QCOMPARE(auto_prompt_template(models_dir() / "tiny-coinflip/teacher"),
             std::string("llama2_small"));
    const fs::path shared = fs::path(test_paths::shared_dir()) / "tokenizers";
    if (!fs::exists(shared)) QSKIP("../shared/tokenizers not present");
    const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
        {"llama3", "llama", "llama3_chat"},
        {"qwen3", "qwen3", "qwen_chat"},
        {"mistral", "mistral", "mistral_inst"}};
    for (const auto& [family, model_type, want] : cases) {
        const fs::path dir = tmp("auto_prompts_" + family);
        fs::create_directories(dir);
        for (const char* f : {"tokenizer.json", "tokenizer_config.json"})
            fs::copy_file(shared / family / f, dir / f, fs::copy_options::overwrite_existing);
        ModelConfig c;
        c.model_type = model_type;
        c.hidden_size = 16;
        c.intermediate_size = 32;
        c.num_hidden_layers = 1;
        c.num_attention_heads = 2;
        c.num_key_value_heads = 2;
        c.vocab_size = 160000;
        c.save(dir / "config.json");
        QCOMPARE(auto_prompt_template(dir), want);
    }
}

QTEST_APPLESS_MAIN(TestSemcotRun)
#include "test_semcot_run.moc"
