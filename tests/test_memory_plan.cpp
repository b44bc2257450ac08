// The memory plan (semcot/memory_plan.h, `semcot plan`): parameter counts equal the built
// modules' numel; bytes per dtype; AdamW state = 2 x trainable x fp32; a decoder layer's saved
// activations as autograd's saved-tensor hooks counted them; the recommendation fits its budget
// and changes when the budget shrinks; the CLI prints the plan and writes its JSON.
#include "support/qtest_compat.h"

#include "common/error.h"
#include "common/platform.h"
#include "engine/model.h"
#include "semcot/contemplation_generator.h"
#include "semcot/memory_plan.h"
#include "semcot/preset.h"
#include "semcot/sentence_transformer.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace semcot;
namespace fs = std::filesystem;

namespace {

// D 16, I 24, 2 layers, 4 heads (Dh 4), 2 kv heads, vocabulary 10, untied.
ModelConfig hand_config() {
    ModelConfig c;
    c.hidden_size = 16;
    c.intermediate_size = 24;
    c.num_hidden_layers = 2;
    c.num_attention_heads = 4;
    c.num_key_value_heads = 2;
    c.vocab_size = 10;
    c.max_position_embeddings = 64;
    return c;
}

int64_t numel(torch::nn::Module& m) {
    int64_t n = 0;
    for (const auto& p : m.parameters()) n += p.numel();
    return n;
}

PlanModels hand_models() {
    PlanModels m;
    m.preset = "hand";
    m.teacher = hand_config();
    m.student = hand_config();
    m.student.hidden_size = 8;
    m.student.intermediate_size = 12;
    m.student.num_attention_heads = 2;
    m.student.num_key_value_heads = 1;
    m.student.vocab_size = 11;
    m.st.start_layer = 1;
    m.st.end_layer = 2;
    m.st.output_dim = 6;
    m.k_train = 3;
    m.semcot.batch_size = 8;
    m.semcot.max_length = 32;
    m.semcot.alpha = 0.5;
    m.teacher_train.batch_size = m.student_train.batch_size = 8;
    m.teacher_train.max_length = m.student_train.max_length = 32;
    m.train_examples = 80;
    return m;
}

} // namespace

class TestMemoryPlan final : public QObject {
    Q_OBJECT

private slots:
    void parameterCountsEqualBuiltModules() {
        const ModelConfig c = hand_config();
        // By hand: embeddings 10 x 16 twice; per layer q 16x16, k and v 8x16, o 16x16,
        // gate/up/down 3 x 24x16, two norms 16; the final norm 16.
        const int64_t layer = 256 + 128 + 128 + 256 + 3 * 384 + 32;
        QCOMPARE(c.parameter_count(), 2 * 160 + 2 * layer + 16);
        LlamaModel model(c);
        QCOMPARE(numel(*model), c.parameter_count());

        const PlanModels m = hand_models();
        SentenceTransformer st(m.teacher, m.st, torch::TensorOptions());
        QCOMPARE(numel(*st), sentence_transformer_parameter_count(m.teacher, m.st));

        ContemplationConfig cc;
        cc.thought_id = 10;
        cc.teacher_hidden = m.teacher.hidden_size;
        ContemplationGenerator cg(LlamaModel(m.student), cc);
        const StageMemory s = plan_cg_stage(m, PlanOptions{});
        QCOMPARE(s.trainable_params, numel(*cg));
        QCOMPARE(s.frozen_params, numel(*model) + numel(*st));
    }

    void bytesPerDtypeAndOptimizer() {
        const PlanModels m = hand_models();
        PlanOptions fp32;
        PlanOptions bf16;
        bf16.precision = Precision::bf16;
        const StageMemory a = plan_cg_stage(m, fp32), b = plan_cg_stage(m, bf16);
        const int64_t teacher = m.teacher.parameter_count();
        QCOMPARE(a.bytes_of("teacher weights"), teacher * 4);
        QCOMPARE(b.bytes_of("teacher weights"), teacher * 2);
        for (const StageMemory* s : {&a, &b}) {
            QCOMPARE(s->bytes_of("optimizer"), 2 * 4 * s->trainable_params);
            QCOMPARE(s->bytes_of("gradients"), 4 * s->trainable_params);
        }
        // The generator trains in float32 under any teacher precision: no extra copy.
        QCOMPARE(b.bytes_of("generator weights"), 4 * b.trainable_params);
        QCOMPARE(a.bytes_of("generator weights"), b.bytes_of("generator weights"));
        // (Activations need not shrink here: at T = 35 > D = 16 the float32 softmax and its half
        // copy outweigh the halved rest; presetsPlan checks a real shape.)
        QCOMPARE(element_bytes(Precision::fp16), int64_t(2));
        QCOMPARE(parse_byte_size("80GiB"), int64_t(80) << 30);
        QCOMPARE(parse_byte_size("1.5 GB"), int64_t(1500000000));
        QCOMPARE(parse_byte_size("512MiB"), int64_t(512) << 20);
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, parse_byte_size("lots"));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, parse_byte_size("80")); // a missing unit
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, parse_byte_size("99999999999TiB"));
        QCOMPARE(parse_byte_size("2097152"), int64_t(2) << 20);
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, parse_precision("fp8"));
    }

    void layerActivationsAsAutogradSavesThem() {
        // B 2, T 8 on hand_config: the bytes of distinct storages autograd's saved-tensor hooks
        // saw for a line-by-line replica of run_layer (PyTorch 1.13), plus the layer's input.
        ModelConfig c = hand_config();
        QCOMPARE(layer_activation_bytes(c, 2, 8, Precision::fp32, true), int64_t(19584));
        QCOMPARE(layer_activation_bytes(c, 2, 8, Precision::fp32, false), int64_t(12928));
        // Checkpointing keeps less than everything.
        PlanModels m = hand_models();
        PlanOptions ckpt;
        ckpt.checkpointing = true;
        QVERIFY(plan_cg_stage(m, ckpt).bytes_of("activations") <
                plan_cg_stage(m, PlanOptions{}).bytes_of("activations"));
        // Micro-batches split the per-rank batch; ranks multiply it (batch_size is per rank,
        // as semcot train runs it), and each rank needs what one process needs.
        PlanOptions split;
        split.nproc = 2;
        split.micro_batch = 3;
        const StageMemory s = plan_cg_stage(m, split);
        QCOMPARE(s.per_rank, int64_t(8));
        QCOMPARE(s.batch, int64_t(16));
        QCOMPARE(s.micro_batch, int64_t(3));
        QCOMPARE(s.accumulation, int64_t(3));
        PlanOptions one_rank = split;
        one_rank.nproc = 1;
        QCOMPARE(s.total(), plan_cg_stage(m, one_rank).total());
    }

    void recommendationFitsAndShrinks() {
        const PlanModels m = hand_models();
        const PlanRecommendation roomy = recommend_plan(m, int64_t(1) << 30, 1);
        QVERIFY(roomy.fits);
        QCOMPARE(roomy.precision, Precision::fp32);
        QVERIFY(!roomy.checkpointing);
        for (const auto& s : roomy.stages) QCOMPARE(s.accumulation, int64_t(1));
        QVERIFY(roomy.peak <= roomy.budget);
        // Just below the whole-batch fp32 peak: something must give.
        const int64_t tight = int64_t(double(roomy.peak) / 0.9) - 1;
        const PlanRecommendation r = recommend_plan(m, tight, 1);
        QVERIFY(r.fits);
        QVERIFY(r.peak <= r.budget);
        bool changed = r.precision != Precision::fp32 || r.checkpointing;
        for (const auto& s : r.stages) changed = changed || s.accumulation > 1;
        QVERIFY(changed);
        const PlanRecommendation none = recommend_plan(m, 1000, 1);
        QVERIFY(!none.fits);
        QVERIFY(none.reason.find("does not fit") != std::string::npos);
        // With ranks, the preset as it is set needs per rank what one process needs, and the
        // printed plan gives the per-rank and the global batch.
        {
            QCOMPARE(configured_plan(m, int64_t(1) << 30, 8).peak,
                     configured_plan(m, int64_t(1) << 30, 1).peak);
            const std::string text =
                describe_plan(m, int64_t(1) << 30, recommend_plan(m, int64_t(1) << 30, 2));
            QVERIFY2(text.find("stage cg       batch 8 per rank (global 16)") != std::string::npos,
                     text.c_str());
            QVERIFY(recommended_preset_patch(recommend_plan(m, int64_t(1) << 30, 2)).empty());
        }
        // Forced settings are kept.
        const PlanRecommendation forced =
            recommend_plan(m, int64_t(1) << 30, 2, Precision::bf16, true, 2);
        QCOMPARE(forced.precision, Precision::bf16);
        QVERIFY(forced.checkpointing);
        for (const auto& s : forced.stages) QCOMPARE(s.micro_batch, int64_t(2));
    }

    // The preset as it is set: each stage's own micro-batch and checkpointing, the generator's
    // teacher in semcot.teacher_dtype; equal to the stage plans with those options.
    void configuredPlanReadsThePresetsKeys() {
        PlanModels m = hand_models();
        m.teacher_train.micro_batch = 2;
        m.semcot.activation_checkpointing = true;
        m.semcot.teacher_dtype = "bfloat16";
        const PlanRecommendation r = configured_plan(m, int64_t(1) << 30, 1);
        PlanOptions teacher;
        teacher.micro_batch = 2;
        PlanOptions semcot;
        semcot.checkpointing = true;
        semcot.precision = Precision::bf16;
        QCOMPARE(r.precision, Precision::bf16);
        QVERIFY(r.checkpointing);
        QCOMPARE(r.stages.size(), size_t(4));
        QCOMPARE(r.stages[0].total(), plan_lm_stage(m.teacher, m.teacher_train, "teacher",
                                                    teacher).total());
        QCOMPARE(r.stages[0].micro_batch, int64_t(2));
        QCOMPARE(r.stages[1].micro_batch, r.stages[1].per_rank); // the student: whole batch
        QCOMPARE(r.stages[3].total(), plan_cg_stage(m, semcot).total());
        int64_t peak = 0;
        for (const auto& s : r.stages) peak = std::max(peak, s.total());
        QCOMPARE(r.peak, peak);
        QVERIFY(r.fits);
        // One byte under the peak's budget does not fit; the peak's own budget does.
        const int64_t exact = int64_t(std::ceil(double(peak) / 0.9));
        QVERIFY(configured_plan(m, exact, 1).fits);
        QVERIFY(!configured_plan(m, int64_t(double(peak) / 0.9) - 1000, 1).fits);
        // A shape the engine refuses is refused by the plan, not divided by; so are the
        // settings train_run refuses only after the teacher and student have trained.
        semcot::Preset zero = load_preset("tiny");
        zero.teacher.num_attention_heads = 0;
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, plan_models(zero));
        semcot::Preset st_range = load_preset("tiny");
        st_range.st.end_layer = st_range.teacher.num_hidden_layers + 5;
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, plan_models(st_range));
        semcot::Preset no_length = load_preset("tiny");
        no_length.semcot.max_length = 0;
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, plan_models(no_length));
        m.semcot.teacher_dtype = "int8";
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, configured_plan(m, int64_t(1) << 30, 1));
    }

    void presetsPlan() {
        // From scratch: four stages; the paper's preset from its known shapes: two.
        const PlanModels tiny = plan_models(load_preset("tiny"));
        // The training examples a run keeps: 3000, 10% test, 10% of the rest validation.
        QCOMPARE(tiny.train_examples, int64_t(2430));
        QCOMPARE(plan_stages(tiny, PlanOptions{}).size(), size_t(4));
        const PlanModels paper = plan_models(load_preset("llama2-7b-sheared"));
        QCOMPARE(paper.teacher.parameter_count(), int64_t(6738415616)); // Llama-2-7B
        const PlanRecommendation r = recommend_plan(paper, int64_t(80) << 30, 1);
        QCOMPARE(r.stages.size(), size_t(2));
        QVERIFY(r.fits);
        PlanOptions bf16;
        bf16.precision = Precision::bf16;
        QVERIFY(plan_cg_stage(paper, bf16).bytes_of("activations") <
                plan_cg_stage(paper, PlanOptions{}).bytes_of("activations"));
    }

    void cliPrintsAndWritesJson() {
        const fs::path out = fs::path(test_paths::tmp_dir()) / "memory_plan.json";
        std::error_code ec;
        fs::remove(out, ec);
        const std::string cmd = std::string(SEMCOT_CLI) +
                                " plan --preset tiny --device-memory 2GiB --no-calibrate --json " +
                                out.string() + " 2>&1";
        FILE* pipe = popen(cmd.c_str(), "r");
        QVERIFY(pipe != nullptr);
        std::string text;
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) text.append(buf, n);
        QCOMPARE(pclose(pipe), 0);
        QVERIFY2(text.find("stage cg") != std::string::npos, text.c_str());
        QVERIFY2(text.find("recommendation: fp32") != std::string::npos, text.c_str());
        std::ifstream f(out);
        const auto j = nlohmann::json::parse(f);
        QCOMPARE(j.at("schema").get<std::string>(), std::string("semcot.plan/1"));
        QCOMPARE(j.at("stages").size(), size_t(4));
        QVERIFY(j.at("fits").get<bool>());
        QVERIFY(j.at("stages").back().at("total_bytes").get<int64_t>() > 0);
        // The preset as it is set (the tiny preset sets no memory keys: fp32, whole batches).
        QVERIFY2(text.find("as the preset is set: fp32 teacher, checkpointing off") !=
                     std::string::npos,
                 text.c_str());
        QVERIFY(j.at("configured").at("fits").get<bool>());
        QCOMPARE(j.at("configured").at("stages").size(), size_t(4));
    }
};

QTEST_APPLESS_MAIN(TestMemoryPlan)
#include "test_memory_plan.moc"
