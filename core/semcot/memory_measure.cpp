#include "semcot/memory_measure.h"

#include "common/device.h"
#include "common/error.h"
#include "common/platform.h"
#include "data/task_generators.h"
#include "engine/model.h"
#include "eval/prompts.h"
#include "semcot/contemplation_generator.h"
#include "semcot/lm_trainer.h"
#include "semcot/preset.h"
#include "semcot/semcot_trainer.h"
#include "semcot/sentence_transformer.h"
#include "semcot/training_estimate.h"
#include "tokenizer/tokenizer.h"

#include <chrono>
#include <functional>
#include <fstream>
#include <sstream>

#if defined(__linux__)
#include <malloc.h>
#endif

namespace semcot {

namespace {

int64_t status_kib(const char* key) {
    std::ifstream f("/proc/self/status");
    std::string line;
    const std::string k = std::string(key) + ":";
    while (std::getline(f, line))
        if (line.rfind(k, 0) == 0) {
            std::istringstream in(line.substr(k.size()));
            int64_t kib = 0;
            in >> kib;
            return kib;
        }
    throw InvalidArgument(std::string("memory measurement needs Linux's /proc/self/status ") + key);
}

} // namespace

int64_t current_rss_bytes() {
    return status_kib("VmRSS") * 1024;
}

namespace {

// What a measured stage trains on: the shipped run's tokenizers and prompts, and long coin-flip
// texts (eight people: every text reaches max_length, as the plan assumes).
struct MeasureData {
    std::unique_ptr<Tokenizer> tok, stok;
    PromptTemplate prompts;
    std::vector<Example> train, validation;
    std::vector<Example> st_train, st_validation; // positive text = the reasoning itself
    std::vector<TextPair> train_pairs, val_pairs;
};

MeasureData measure_data(PlanModels& m, const std::string& stage, int64_t batches) {
    MeasureData d;
    const auto run = models_dir() / "tiny-coinflip";
    d.tok = load_tokenizer(run / "tokenizer");
    d.stok = load_tokenizer(run / "student_tokenizer");
    d.prompts = find_prompt_template("llama2_small", models_dir() / "prompts");
    m.teacher.vocab_size = d.tok->vocab_size();
    m.student.vocab_size = d.stok->vocab_size();
    const int64_t batch = stage == "teacher"   ? m.teacher_train.batch_size
                          : stage == "student" ? m.student_train.batch_size
                                               : m.semcot.batch_size;
    CoinFlipOptions co;
    co.count = size_t(batch * (batches + 1));
    co.seed = 7;
    co.min_people = co.max_people = 8;
    const auto examples = generate_coinflip(co);
    d.train.assign(examples.begin(), examples.begin() + batch * batches);
    d.validation.assign(examples.begin() + batch * batches, examples.end());
    for (auto [from, to] : {std::pair{&d.train, &d.train_pairs}, {&d.validation, &d.val_pairs}})
        for (const auto& e : *from) {
            auto p = make_training_pair(d.prompts, e, PromptFormat::cot);
            to->push_back({p.prompt, p.target});
        }
    // ST stage: the condensed reasoning is a few tokens; the plan assumes both texts of a pair
    // reach max_length.
    d.st_train = d.train;
    d.st_validation = d.validation;
    for (auto* v : {&d.st_train, &d.st_validation})
        for (auto& e : *v) e.condensed_reasoning = e.reasoning;
    return d;
}

using Mark = std::function<void(const std::string&)>;

// Stage "teacher" or "student" from random weights; its optimizer steps.
int64_t measure_lm(const PlanModels& m, const std::string& stage, int64_t epochs,
                   const MeasureData& d, const Mark& mark) {
    const ModelConfig& c = stage == "teacher" ? m.teacher : m.student;
    LlamaModel model(c, torch::TensorOptions().dtype(torch::kFloat32));
    model->init_weights(1);
    mark(stage + " built");
    LmTrainParams p = stage == "teacher" ? m.teacher_train : m.student_train;
    p.epochs = epochs;
    p.checkpoint_dir.clear();
    p.label = stage;
    return train_lm(*model, stage == "teacher" ? *d.tok : *d.stok, d.train_pairs, d.val_pairs, p)
        .steps;
}

// Stage "st" (its stage 2: layers trained) or "cg" (its stage 2: student trained).
int64_t measure_semcot(const PlanModels& m, const std::string& stage, int64_t epochs,
                       const MeasureData& d, const Mark& mark) {
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
    LlamaModel teacher(m.teacher, f32);
    teacher->init_weights(1);
    mark("teacher built");
    SemcotTrainParams p = m.semcot;
    p.checkpoint_dir.clear();
    p.diagnostics_file.clear();
    p.resume = false;
    if (stage == "st") {
        SentenceTransformer st(*teacher, m.st, 3);
        mark("sentence transformer built");
        p.st_stage1.epochs = 0;
        p.st_stage2.epochs = epochs;
        return train_sentence_transformer(*st, *teacher, *d.tok, d.st_train, d.st_validation, p)
            .steps;
    }
    std::shared_ptr<SentenceTransformerImpl> st;
    if (!p.no_st) {
        st = std::make_shared<SentenceTransformerImpl>(*teacher, m.st, 3);
        mark("sentence transformer built");
    }
    LlamaModel student(m.student, f32);
    student->init_weights(2);
    ContemplationConfig cc;
    cc.thought_id = d.stok->piece_to_id("<thought>");
    cc.teacher_hidden = m.teacher.hidden_size;
    cc.k_train = cc.k_infer = m.k_train;
    ContemplationGenerator cg(student, cc);
    mark("generator built");
    // The frozen teacher in semcot.teacher_dtype, cast after the sentence transformer took its
    // layers, as the run does it (run.cpp).
    if (const auto dtype = parse_dtype(p.teacher_dtype); dtype != torch::kFloat32) {
        teacher->to_device(torch::kCPU, dtype);
        mark("teacher cast to " + p.teacher_dtype);
    }
    p.no_warmup = true;
    p.cg_stage2.epochs = epochs;
    return train_contemplation_generator(*cg, *d.stok, *teacher, *d.tok, st.get(), d.prompts,
                                         d.train, d.validation, p)
        .steps;
}

} // namespace

MemoryMeasurement measure_stage_memory(PlanModels& m, const std::string& stage, int64_t epochs,
                                       int64_t batches) {
    if (!m.from_scratch && (stage == "teacher" || stage == "student"))
        throw InvalidArgument("the LM stages are measured for presets trained from scratch");
    if (stage != "teacher" && stage != "student" && stage != "st" && stage != "cg")
        throw InvalidArgument("unknown stage '" + stage + "' (teacher, student, st or cg)");
    if (m.semcot.teacher_dtype == "float16" && stage == "cg")
        throw InvalidArgument("a float16 teacher needs CUDA; the measurement runs on the CPU "
                              "(bfloat16 works there)");
    const MeasureData data = measure_data(m, stage, batches); // before the baseline
    // The process's own first-use costs (OpenBLAS's per-thread buffers, autograd's and ATen's
    // lazily built state) belong to the baseline, not to the models: one small training step.
    {
        torch::AutoGradMode warm(true);
        auto w = torch::randn({256, 256}, torch::requires_grad());
        at::linear(torch::randn({64, 256}), w).pow(2).sum().backward();
    }
    MemoryMeasurement r;
    r.stage = stage;
#if defined(__linux__)
    malloc_trim(0);
    std::ofstream("/proc/self/clear_refs") << "5"; // reset VmHWM to the current RSS
#endif
    r.baseline_rss = current_rss_bytes();
    const Mark mark = [&](const std::string& what) {
        r.marks.emplace_back(what, current_rss_bytes() - r.baseline_rss);
    };
    torch::AutoGradMode grad(true);
    const auto start = std::chrono::steady_clock::now();
    r.steps = stage == "teacher" || stage == "student" ? measure_lm(m, stage, epochs, data, mark)
                                                       : measure_semcot(m, stage, epochs, data, mark);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.peak_rss = int64_t(peak_rss_bytes()); // common/platform.h
    return r;
}

namespace {

// Parameters of one decoder layer's matrices, and of the LM head.
double layer_matrix_params(const ModelConfig& c) {
    const double d = double(c.hidden_size), q = double(c.num_attention_heads * c.head_dim()),
                 kv = double(c.num_key_value_heads * c.head_dim());
    return 2 * d * q + 2 * d * kv + 3 * d * double(c.intermediate_size);
}

// FLOPs of `layers` layers of `c` on `tokens` tokens of sequences of `length`; `factor` 6
// (trained), 4 (frozen, input gradient) or 2 (no graph).
double layers_flops(const ModelConfig& c, int64_t layers, double tokens, int64_t length,
                    double factor) {
    const double attention = 2 * factor * double(length) *
                             double(c.num_attention_heads * c.head_dim()); // per token per layer
    return double(layers) * tokens * (factor * layer_matrix_params(c) + attention);
}

double head_flops(const ModelConfig& c, double tokens, double factor) {
    return factor * tokens * double(c.vocab_size) * double(c.hidden_size);
}

double stage_flops(const PlanModels& m, const StageMemory& s) {
    const double n = double(s.per_rank) * double(s.length); // tokens per rank per step
    if (s.stage == "teacher" || s.stage == "student") {
        const ModelConfig& c = s.stage == "teacher" ? m.teacher : m.student;
        return layers_flops(c, c.num_hidden_layers, n, s.length, 6) + head_flops(c, n, 6);
    }
    if (s.stage == "st")
        return 2 * (layers_flops(m.teacher, m.st.start_layer, n, s.length, 2) +
                    layers_flops(m.teacher, m.st.num_layers(), n, s.length, 6));
    // cg: the student trained, the teacher frozen with its LM head, the reasoning's embedding
    // without a graph.
    const double ns = double(s.per_rank) * double(s.length + m.k_train);
    double f = layers_flops(m.student, m.student.num_hidden_layers, ns, s.length + m.k_train, 6) +
               layers_flops(m.teacher, m.teacher.num_hidden_layers, n, s.length, 4) +
               head_flops(m.teacher, n, 4);
    if (m.semcot.alpha > 0 && !m.semcot.no_st)
        f += layers_flops(m.teacher, m.st.end_layer, n, s.length, 2);
    return f;
}

} // namespace

PlanTime estimate_plan_time(const PlanModels& m, const PlanRecommendation& plan,
                            const c10::Device& device) {
    PlanTime out;
    // The proxy: the largest model's shape, capped so that calibration takes seconds.
    ModelConfig proxy = m.teacher.parameter_count() >= m.student.parameter_count() ? m.teacher
                                                                                   : m.student;
    const double width = double(std::min<int64_t>(proxy.hidden_size, 512)) /
                         double(proxy.hidden_size);
    proxy.hidden_size = std::min<int64_t>(proxy.hidden_size, 512);
    proxy.intermediate_size = std::max<int64_t>(1, int64_t(double(proxy.intermediate_size) * width));
    proxy.num_hidden_layers = std::min<int64_t>(proxy.num_hidden_layers, 2);
    proxy.vocab_size = std::min<int64_t>(proxy.vocab_size, 4096);
    proxy.explicit_head_dim = 0;
    while (proxy.hidden_size % proxy.num_attention_heads != 0 ||
           proxy.num_attention_heads % proxy.num_key_value_heads != 0) {
        proxy.num_attention_heads = std::max<int64_t>(1, proxy.num_attention_heads / 2);
        proxy.num_key_value_heads = std::min(proxy.num_key_value_heads, proxy.num_attention_heads);
    }
    int64_t micro = 1;
    for (const auto& s : plan.stages) micro = std::max(micro, s.micro_batch);
    const int64_t length = std::min<int64_t>(std::max<int64_t>(m.semcot.max_length, 2), 256);
    const double seconds = measure_train_step_seconds(proxy, micro, length, device);
    const double tokens = double(micro * length);
    const double proxy_flops = layers_flops(proxy, proxy.num_hidden_layers, tokens, length, 6) +
                               head_flops(proxy, tokens, 6);
    out.flops_per_second = proxy_flops / std::max(seconds, 1e-9);
    for (const auto& s : plan.stages) {
        StageTime t;
        t.stage = s.stage;
        const bool lm = s.stage == "teacher" || s.stage == "student";
        const int64_t items = lm ? 2 * m.train_examples : m.train_examples;
        t.steps_per_epoch = (items + s.batch - 1) / s.batch;
        t.epochs = s.stage == "teacher"   ? m.teacher_train.epochs
                   : s.stage == "student" ? m.student_train.epochs
                   : s.stage == "st"      ? m.semcot.st_stage1.epochs + m.semcot.st_stage2.epochs
                                          : (m.semcot.no_warmup ? 0 : m.semcot.cg_stage1.epochs) +
                                           m.semcot.cg_stage2.epochs;
        t.flops_per_step = stage_flops(m, s);
        t.step_seconds = t.flops_per_step / out.flops_per_second;
        out.stages.push_back(t);
    }
    return out;
}

} // namespace semcot
