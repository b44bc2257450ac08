#include "semcot/memory_measure.h"

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

MemoryMeasurement measure_stage_memory(PlanModels& m, const std::string& stage, int64_t epochs,
                                       int64_t batches) {
    if (!m.from_scratch && (stage == "teacher" || stage == "student"))
        throw InvalidArgument("the LM stages are measured for presets trained from scratch");
    if (stage != "teacher" && stage != "student" && stage != "st" && stage != "cg")
        throw InvalidArgument("unknown stage '" + stage + "' (teacher, student, st or cg)");
    // Everything but the models first: tokenizers, prompts, data.
    const auto run = models_dir() / "tiny-coinflip";
    auto tok = load_tokenizer(run / "tokenizer");
    auto stok = load_tokenizer(run / "student_tokenizer");
    const PromptTemplate prompts = find_prompt_template("llama2_small", models_dir() / "prompts");
    m.teacher.vocab_size = tok->vocab_size();
    m.student.vocab_size = stok->vocab_size();
    const int64_t batch = stage == "teacher"   ? m.teacher_train.batch_size
                          : stage == "student" ? m.student_train.batch_size
                                               : m.semcot.batch_size;
    CoinFlipOptions co;
    co.count = size_t(batch * (batches + 1));
    co.seed = 7;
    co.min_people = co.max_people = 8; // long: every text reaches max_length
    const auto examples = generate_coinflip(co);
    const std::vector<Example> train(examples.begin(), examples.begin() + batch * batches);
    const std::vector<Example> validation(examples.begin() + batch * batches, examples.end());
    std::vector<TextPair> train_pairs, val_pairs;
    for (const auto& e : train) {
        auto p = make_training_pair(prompts, e, PromptFormat::cot);
        train_pairs.push_back({p.prompt, p.target});
    }
    for (const auto& e : validation) {
        auto p = make_training_pair(prompts, e, PromptFormat::cot);
        val_pairs.push_back({p.prompt, p.target});
    }

    // ST stage: the positive text is the reasoning itself, so that both texts of a pair reach
    // max_length as the plan assumes (the condensed reasoning is a few tokens).
    std::vector<Example> st_train = train, st_validation = validation;
    for (auto* v : {&st_train, &st_validation})
        for (auto& e : *v) e.condensed_reasoning = e.reasoning;

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
    auto mark = [&](const std::string& what) {
        r.marks.emplace_back(what, current_rss_bytes() - r.baseline_rss);
    };
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
    torch::AutoGradMode grad(true);
    const auto start = std::chrono::steady_clock::now();
    if (stage == "teacher" || stage == "student") {
        const ModelConfig& c = stage == "teacher" ? m.teacher : m.student;
        LlamaModel model(c, f32);
        model->init_weights(1);
        mark(stage + " built");
        LmTrainParams p = stage == "teacher" ? m.teacher_train : m.student_train;
        p.epochs = epochs;
        p.checkpoint_dir.clear();
        p.label = stage;
        r.steps = train_lm(*model, stage == "teacher" ? *tok : *stok, train_pairs, val_pairs, p)
                      .steps;
    } else {
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
            p.st_stage1.epochs = 0; // the peak is stage 2 (layers trained)
            p.st_stage2.epochs = epochs;
            r.steps = train_sentence_transformer(*st, *teacher, *tok, st_train, st_validation, p).steps;
        } else {
            std::shared_ptr<SentenceTransformerImpl> st;
            if (!p.no_st) {
                st = std::make_shared<SentenceTransformerImpl>(*teacher, m.st, 3);
                mark("sentence transformer built");
            }
            LlamaModel student(m.student, f32);
            student->init_weights(2);
            ContemplationConfig cc;
            cc.thought_id = stok->piece_to_id("<thought>");
            cc.teacher_hidden = m.teacher.hidden_size;
            cc.k_train = cc.k_infer = m.k_train;
            ContemplationGenerator cg(student, cc);
            mark("generator built");
            p.no_warmup = true; // the peak is stage 2 (student trained)
            p.cg_stage2.epochs = epochs;
            r.steps = train_contemplation_generator(*cg, *stok, *teacher, *tok, st.get(), prompts,
                                                    train, validation, p)
                          .steps;
        }
    }
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
