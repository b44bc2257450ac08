#include "semcot/memory_plan.h"

#include "common/error.h"
#include "data/splits.h"
#include "semcot/preset.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>

namespace semcot {

namespace fs = std::filesystem;

std::string precision_name(Precision p) {
    switch (p) {
    case Precision::bf16: return "bf16";
    case Precision::fp16: return "fp16";
    default: return "fp32";
    }
}

Precision parse_precision(const std::string& name) {
    if (name == "fp32" || name == "float32") return Precision::fp32;
    if (name == "bf16" || name == "bfloat16") return Precision::bf16;
    if (name == "fp16" || name == "float16") return Precision::fp16;
    throw InvalidArgument("unknown precision '" + name + "' (expected fp32, bf16 or fp16)");
}

int64_t element_bytes(Precision p) {
    return p == Precision::fp32 ? 4 : 2;
}

int64_t parse_byte_size(const std::string& text) {
    std::string s;
    for (char c : text)
        if (!std::isspace(static_cast<unsigned char>(c))) s += c;
    size_t end = 0;
    double value = 0;
    try {
        value = std::stod(s, &end);
    } catch (const std::exception&) {
        throw InvalidArgument("not a memory size: '" + text + "' (e.g. 80GiB, 512MiB)");
    }
    std::string unit = s.substr(end);
    for (auto& c : unit) c = char(std::tolower(static_cast<unsigned char>(c)));
    static const std::map<std::string, double> units = {
        {"", 1},          {"b", 1},          {"k", 1024.0},    {"kib", 1024.0},
        {"kb", 1e3},      {"m", 1048576.0},  {"mib", 1048576.0}, {"mb", 1e6},
        {"g", 1073741824.0}, {"gib", 1073741824.0}, {"gb", 1e9}, {"t", 1099511627776.0},
        {"tib", 1099511627776.0}, {"tb", 1e12}};
    const auto it = units.find(unit);
    if (it == units.end() || !(value > 0))
        throw InvalidArgument("not a memory size: '" + text + "' (e.g. 80GiB, 512MiB)");
    const double bytes = value * it->second;
    if (bytes >= 9.2e18) throw InvalidArgument("memory size too large: '" + text + "'");
    // A device has more than a mebibyte: a smaller size is a missing unit ("80" for 80GiB).
    if (bytes < 1048576.0)
        throw InvalidArgument("memory size '" + text + "' is under 1 MiB: give a unit, e.g. " +
                              s.substr(0, end) + "GiB or " + s.substr(0, end) + "GB");
    return int64_t(std::llround(bytes));
}

std::string format_bytes(int64_t bytes) {
    char buf[64];
    const double b = double(bytes);
    if (std::abs(b) >= 1073741824.0)
        std::snprintf(buf, sizeof buf, "%.2f GiB", b / 1073741824.0);
    else if (std::abs(b) >= 1048576.0)
        std::snprintf(buf, sizeof buf, "%.1f MiB", b / 1048576.0);
    else if (std::abs(b) >= 1024.0)
        std::snprintf(buf, sizeof buf, "%.1f KiB", b / 1024.0);
    else
        std::snprintf(buf, sizeof buf, "%lld B", static_cast<long long>(bytes));
    return buf;
}

namespace {

std::string params_string(int64_t n) {
    char buf[32];
    if (n >= 1000000000)
        std::snprintf(buf, sizeof buf, "%.2f B", double(n) / 1e9);
    else if (n >= 1000000)
        std::snprintf(buf, sizeof buf, "%.2f M", double(n) / 1e6);
    else
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(n));
    return buf;
}

} // namespace

int64_t layer_activation_bytes(const ModelConfig& c, int64_t batch, int64_t length,
                               Precision precision, bool trainable) {
    const int64_t BT = batch * length, D = c.hidden_size, Dh = c.head_dim();
    const int64_t Q = c.num_attention_heads * Dh, KV = c.num_key_value_heads * Dh;
    const int64_t I = c.intermediate_size;
    const int64_t P = batch * c.num_attention_heads * length * length; // attention probabilities
    const int64_t e = element_bytes(precision);
    // Per RMSNorm (two per layer): rsqrt [B, T, 1] in float32, always.
    const int64_t small = 2 * BT * 4;
    if (precision == Precision::fp32) {
        // Frozen: the layer input, a second [B,T,D] per norm (its squares' input and the
        // normalised values share one), the residual between attention and MLP, scaled q, k
        // and v (matmul operands), the softmax output, gate, silu(gate) and up.
        // Trainable adds: each norm's normalised input (weight gradient), the input of every
        // Linear (q/k/v share the normed x, gate/up the second), the attention output before
        // o_proj and silu(gate) * up before down_proj.
        const int64_t elems = trainable ? 8 * BT * D + 2 * BT * Q + 2 * BT * KV + 4 * BT * I
                                        : 4 * BT * D + BT * Q + 2 * BT * KV + 3 * BT * I;
        return elems * 4 + 4 * P + small;
    }
    // Half precision: norms in float32 (input cast and normalised values, 2 x 4 bytes each per
    // norm), the softmax's float32 output and its half copy, RoPE tables cast per call.
    int64_t bytes = 2 * 2 * BT * D * 4 + 6 * P + 4 * batch * length * Dh * e + small;
    bytes += (BT * Q + 2 * BT * KV + 3 * BT * I) * e;
    if (trainable) bytes += (2 * BT * D /* normalised, half */ + 2 * BT * D /* linear inputs */ +
                             BT * Q /* attention output */ + BT * I /* silu * up */) * e;
    return bytes;
}

namespace {

// The largest transient of one layer's backward pass: gradients of the attention
// probabilities and scores (float32), of the MLP's three [B,T,I] and two [B,T,D] tensors.
int64_t layer_backward_working_bytes(const ModelConfig& c, int64_t batch, int64_t length,
                                     Precision precision) {
    const int64_t e = element_bytes(precision);
    const int64_t P = batch * c.num_attention_heads * length * length;
    return 2 * P * 4 + (3 * batch * length * c.intermediate_size +
                        2 * batch * length * c.hidden_size) * e;
}

// Saved activations of `layers` decoder layers of `c` kept from the forward pass to the
// backward: all of them, or with checkpointing each layer's input alone (the layer is
// recomputed in the backward pass: recompute_bytes).
// `p`: the precision the layers run in (the frozen teacher's in the generator stage; float32
// for everything trained).
int64_t stack_activation_bytes(const ModelConfig& c, int64_t layers, int64_t batch, int64_t length,
                               const PlanOptions& o, bool trainable, Precision p) {
    if (layers <= 0) return 0;
    if (o.checkpointing) return layers * batch * length * c.hidden_size * element_bytes(p);
    return layers * layer_activation_bytes(c, batch, length, p, trainable);
}

// With checkpointing, one layer at a time is recomputed in the backward pass: its activations
// and its backward's working set. The loss's tensors (final norm, logits) are freed by then.
int64_t recompute_bytes(const ModelConfig& c, int64_t batch, int64_t length, Precision p,
                        bool trainable) {
    return layer_activation_bytes(c, batch, length, p, trainable) +
           layer_backward_working_bytes(c, batch, length, p);
}

// The transient peak of a checkpointed stage: the loss's tensors at the end of the forward pass
// (`loss`: final norms, logits, the loss's working set), or later one recomputed layer, the
// largest of any model (`layer`); never both, and the recomputed layers of two models never
// coexist either (the backward pass runs through one layer at a time).
std::string checkpointed_peak_detail(int64_t loss, int64_t layer) {
    return "checkpointed: the larger of the loss's tensors (final norm, logits, loss gradient: " +
           format_bytes(loss) + ") and one recomputed layer with its backward (" +
           format_bytes(layer) + ")";
}

// The final RMSNorm's saved tensors: input and normalised values (+ the normalised input of the
// weight gradient and the LM head's input when trainable).
int64_t final_norm_bytes(const ModelConfig& c, int64_t batch, int64_t length, Precision p,
                         bool trainable) {
    const int64_t btd = batch * length * c.hidden_size;
    // The statistics are float32 whatever the precision (layers.h rms_norm).
    return 2 * btd * 4 + (trainable ? 2 * btd * element_bytes(p) : 0);
}

struct StageBuilder {
    StageMemory s;
    const PlanOptions& o;
    StageBuilder(const std::string& stage, int64_t batch, int64_t length, const PlanOptions& opt)
        : o(opt) {
        s.stage = stage;
        // batch_size is per rank, as semcot train runs it (train/training_loop.h, as DDP).
        s.per_rank = batch;
        s.batch = batch * std::max<int64_t>(o.nproc, 1);
        s.micro_batch = o.micro_batch > 0 ? std::min(o.micro_batch, s.per_rank) : s.per_rank;
        s.accumulation = (s.per_rank + s.micro_batch - 1) / s.micro_batch;
        s.length = length;
    }
    void add(const std::string& component, int64_t bytes, const std::string& detail) {
        s.items.push_back({component, bytes, detail});
    }
    void frozen_weights(const std::string& what, int64_t params, Precision p) {
        s.frozen_params += params;
        const int64_t e = element_bytes(p);
        add(what + " weights", params * e,
            params_string(params) + " params x " + std::to_string(e) + " B (" +
                precision_name(p) + ", frozen)");
    }
    // Weights, master copy, gradients, AdamW state and the best epoch's copy of a trained
    // module with `trainable` of its `module_params` parameters training.
    void trained(const std::string& what, int64_t trainable, int64_t module_params) {
        s.trainable_params += trainable;
        s.frozen_params += module_params - trainable;
        // Trained modules stay float32 whatever the precision (semcot/hyperparameters.h
        // teacher_dtype): with bf16/fp16 their weights are the float32 master weights.
        add(what + " weights", module_params * 4,
            params_string(module_params) + " params x 4 B (fp32" +
                (o.precision != Precision::fp32 && s.stage == "cg"
                     ? std::string(", trained in fp32; only the frozen teacher is in ") +
                           precision_name(o.precision)
                     : std::string()) +
                ")");
        add("gradients", trainable * 4, params_string(trainable) + " trainable x 4 B (fp32)");
        add("optimizer", trainable * 8,
            params_string(trainable) + " trainable x 2 x 4 B (AdamW exp_avg, exp_avg_sq)");
        add("best copy", module_params * 4,
            params_string(module_params) + " params x 4 B (best validation epoch's weights)");
    }
};

std::string act_detail(const std::string& what, int64_t layers, int64_t batch, int64_t length,
                       const PlanOptions& o, bool trainable) {
    std::ostringstream out;
    out << what << ": " << layers << " layers x [" << batch << ", " << length << "]"
        << (trainable ? " trainable" : " frozen, input grad")
        << (o.checkpointing ? ", checkpointed (layer inputs only)" : "");
    return out.str();
}

int64_t lm_parameter_count(const ModelConfig& c) {
    return c.parameter_count();
}

} // namespace

int64_t StageMemory::total() const {
    int64_t t = 0;
    for (const auto& i : items) t += i.bytes;
    return t;
}

int64_t StageMemory::bytes_of(const std::string& component) const {
    int64_t t = 0;
    for (const auto& i : items)
        if (i.component == component) t += i.bytes;
    return t;
}

int64_t sentence_transformer_parameter_count(const ModelConfig& teacher,
                                             const SentenceTransformerConfig& st) {
    ModelConfig c = teacher;
    c.num_hidden_layers = st.num_layers();
    c.vocab_size = 1;
    c.tie_word_embeddings = true;
    return c.parameter_count() + teacher.hidden_size * st.output_dim + st.output_dim;
}

StageMemory plan_lm_stage(const ModelConfig& m, const LmTrainParams& p, const std::string& label,
                          const PlanOptions& o) {
    const Precision f32 = Precision::fp32; // the LM stages train every weight in float32
    StageBuilder b(label, p.batch_size, p.max_length, o);
    const int64_t n = lm_parameter_count(m);
    b.trained(label, n, n);
    const int64_t mb = b.s.micro_batch, T = p.max_length, V = m.vocab_size;
    const int64_t kept = stack_activation_bytes(m, m.num_hidden_layers, mb, T, o, true, f32);
    const int64_t norm = final_norm_bytes(m, mb, T, f32, true);
    // The logits [B, T, V] and the cross-entropy's float32 log-softmax, kept until backward,
    // and the loss's [B,T,V] float32 copy and gradient.
    const int64_t logits = mb * T * V * 8, loss_working = 2 * mb * T * V * 4;
    const std::string shape = "[" + std::to_string(mb) + ", " + std::to_string(T) + ", " +
                              std::to_string(V) + "]";
    if (o.checkpointing) {
        b.add("activations", kept, act_detail("decoder", m.num_hidden_layers, mb, T, o, true));
        const int64_t loss = norm + logits + loss_working, layer = recompute_bytes(m, mb, T, f32, true);
        b.add("peak transient", std::max(loss, layer), checkpointed_peak_detail(loss, layer));
        return b.s;
    }
    b.add("activations", kept + norm, act_detail("decoder", m.num_hidden_layers, mb, T, o, true));
    b.add("logits", logits, shape + " logits + fp32 log-softmax");
    b.add("working set", std::max(loss_working, layer_backward_working_bytes(m, mb, T, f32)),
          "largest transient: the loss's [B,T,V] fp32 copy and gradient, or one layer's backward");
    return b.s;
}

StageMemory plan_st_stage(const PlanModels& m, const PlanOptions& o) {
    const int64_t T = m.semcot.max_length;
    StageBuilder b("st", m.semcot.batch_size, T, o);
    const Precision f32 = Precision::fp32; // the teacher is cast only for the generator stage
    b.frozen_weights("teacher", lm_parameter_count(m.teacher), f32);
    const int64_t st = sentence_transformer_parameter_count(m.teacher, m.st);
    b.trained("sentence transformer", st - m.teacher.hidden_size /* dummy embedding row */, st);
    const int64_t mb = b.s.micro_batch;
    // Stage 2 trains the ST's layers: both texts of a pair (anchors and positives) keep their
    // activations; the teacher's layers before start_layer run without a graph.
    const int64_t kept = stack_activation_bytes(m.teacher, m.st.num_layers(), mb, T, o, true, f32);
    const int64_t norm = final_norm_bytes(m.teacher, mb, T, f32, true);
    // A teacher layer without a graph: its output, q/k/v, scores and MLP.
    const int64_t no_graph =
        mb * T * (4 * m.teacher.hidden_size + 2 * m.teacher.intermediate_size) * 4 +
        2 * mb * m.teacher.num_attention_heads * T * T * 4;
    if (o.checkpointing) {
        b.add("activations", 2 * kept, act_detail("2 texts x ST", m.st.num_layers(), mb, T, o, true));
        const int64_t loss = 2 * norm, layer = recompute_bytes(m.teacher, mb, T, f32, true);
        b.add("peak transient", std::max({loss, layer, no_graph}),
              checkpointed_peak_detail(loss, layer) + ", or a teacher layer run without a graph");
        return b.s;
    }
    b.add("activations", 2 * (kept + norm),
          act_detail("2 texts x ST", m.st.num_layers(), mb, T, o, true));
    b.add("working set", std::max(layer_backward_working_bytes(m.teacher, mb, T, f32), no_graph),
          "largest transient: one layer's backward, or a teacher layer run without a graph");
    return b.s;
}

StageMemory plan_cg_stage(const PlanModels& m, const PlanOptions& o) {
    const int64_t T = m.semcot.max_length, k = m.k_train;
    StageBuilder b("cg", m.semcot.batch_size, T, o);
    const Precision f32 = Precision::fp32, tp = o.precision; // tp: the frozen teacher's
    b.frozen_weights("teacher", lm_parameter_count(m.teacher), tp);
    const bool with_st = !m.semcot.no_st;
    if (with_st) // stays float32: its layers run on the teacher's states cast to float32
        b.frozen_weights("sentence transformer",
                         sentence_transformer_parameter_count(m.teacher, m.st), f32);
    // The generator: the student LM and the projection into the teacher's embeddings.
    const int64_t gen = lm_parameter_count(m.student) +
                        m.student.hidden_size * m.teacher.hidden_size + m.teacher.hidden_size;
    b.trained("generator", gen, gen);
    const int64_t mb = b.s.micro_batch, Ts = T + k;
    // Student [BOS, question, k x <thought>], trainable, no LM head.
    const int64_t student_norm = final_norm_bytes(m.student, mb, Ts, f32, true);
    const int64_t student = stack_activation_bytes(m.student, m.student.num_hidden_layers, mb, Ts,
                                                   o, true, f32);
    // Teacher on [question, implicit tokens, answer prompt, answer]: frozen, the gradient flows
    // through it into the implicit tokens.
    const int64_t teacher_norm = final_norm_bytes(m.teacher, mb, T, tp, false);
    const int64_t teacher = stack_activation_bytes(m.teacher, m.teacher.num_hidden_layers, mb, T,
                                                   o, false, tp);
    // Checkpointed, the final norms go with the loss's tensors (checkpointed_peak_detail).
    const int64_t norms_kept = o.checkpointing ? 0 : 1;
    b.add("activations", student + norms_kept * student_norm,
          act_detail("student", m.student.num_hidden_layers, mb, Ts, o, true));
    b.add("activations", teacher + norms_kept * teacher_norm,
          act_detail("teacher", m.teacher.num_hidden_layers, mb, T, o, false));
    if (m.semcot.alpha > 0) {
        // Reasoning alignment: the k implicit tokens through teacher layers [0, start) and the
        // ST's layers (frozen, input grad); the reasoning's embedding runs without a graph.
        const int64_t layers = with_st ? m.st.end_layer : m.teacher.num_hidden_layers / 2;
        b.add("activations", stack_activation_bytes(m.teacher, layers, mb, k, o, false, tp),
              act_detail("alignment", layers, mb, k, o, false));
    }
    const int64_t V = m.teacher.vocab_size;
    const int64_t logits = mb * T * V * (element_bytes(tp) + 4), loss_working = mb * T * V * 4;
    if (o.checkpointing) {
        const int64_t loss = student_norm + teacher_norm + logits + loss_working;
        const int64_t layer = std::max(recompute_bytes(m.student, mb, Ts, f32, true),
                                       recompute_bytes(m.teacher, mb, T, tp, false));
        b.add("peak transient", std::max(loss, layer), checkpointed_peak_detail(loss, layer));
        return b.s;
    }
    b.add("logits", logits,
          "[" + std::to_string(mb) + ", " + std::to_string(T) + ", " + std::to_string(V) +
              "] teacher logits + fp32 log-softmax of the answer loss");
    b.add("working set", std::max(loss_working, layer_backward_working_bytes(m.teacher, mb, T, tp)),
          "largest transient: the diagnostics' or the gradient's [B,T,V] fp32, or one teacher "
          "layer's backward");
    return b.s;
}

std::vector<StageMemory> plan_stages(const PlanModels& m, const PlanOptions& o) {
    std::vector<StageMemory> out;
    if (m.from_scratch) {
        out.push_back(plan_lm_stage(m.teacher, m.teacher_train, "teacher", o));
        out.push_back(plan_lm_stage(m.student, m.student_train, "student", o));
    }
    if (!m.semcot.no_st) out.push_back(plan_st_stage(m, o));
    out.push_back(plan_cg_stage(m, o));
    return out;
}

namespace {

// Published config.json shapes of the shipped presets' models, by folder name.
std::optional<ModelConfig> known_shape(const std::string& folder) {
    struct Known {
        const char* name;
        int64_t hidden, intermediate, layers, heads, kv, vocab;
        bool tied, qkv_bias;
        int64_t head_dim;
    };
    static const Known table[] = {
        {"Llama-2-7b-chat-hf", 4096, 11008, 32, 32, 32, 32000, false, false, 0},
        {"Llama-2-7b-hf", 4096, 11008, 32, 32, 32, 32000, false, false, 0},
        {"Sheared-LLaMA-1.3B", 2048, 5504, 24, 16, 16, 32000, false, false, 0},
        {"Qwen2.5-1.5B-Instruct", 1536, 8960, 28, 12, 2, 151936, true, true, 0},
        {"Qwen2.5-0.5B-Instruct", 896, 4864, 24, 14, 2, 151936, true, true, 0},
        {"Llama-3.2-3B-Instruct", 3072, 8192, 28, 24, 8, 128256, true, false, 128},
        {"Llama-3.2-1B-Instruct", 2048, 8192, 16, 32, 8, 128256, true, false, 64},
        {"SmolLM2-1.7B-Instruct", 2048, 8192, 24, 32, 32, 49152, true, false, 0},
        {"SmolLM2-360M-Instruct", 960, 2560, 32, 15, 5, 49152, true, false, 0},
    };
    for (const auto& k : table)
        if (folder == k.name) {
            ModelConfig c;
            c.hidden_size = k.hidden;
            c.intermediate_size = k.intermediate;
            c.num_hidden_layers = k.layers;
            c.num_attention_heads = k.heads;
            c.num_key_value_heads = k.kv;
            c.vocab_size = k.vocab;
            c.tie_word_embeddings = k.tied;
            c.qkv_bias = k.qkv_bias;
            c.explicit_head_dim = k.head_dim;
            return c;
        }
    return std::nullopt;
}

ModelConfig folder_shape(const std::string& folder, std::string& source) {
    fs::path path = folder;
    if (path.is_relative() && !fs::exists(path) && fs::exists(models_dir().parent_path() / path))
        path = models_dir().parent_path() / path;
    if (fs::exists(path / "config.json")) {
        source = (path / "config.json").string();
        return ModelConfig::load(path / "config.json");
    }
    const std::string name = fs::path(folder).filename().string();
    if (auto c = known_shape(name)) {
        source = "known shape of " + name + " (no config.json at " + folder + ")";
        return *c;
    }
    throw InvalidArgument("no config.json in " + folder +
                          " and no known shape for it: point the preset at a model folder");
}

} // namespace

PlanModels plan_models(const Preset& p) {
    PlanModels m;
    m.preset = p.name;
    m.from_scratch = p.teacher_model.empty();
    if (m.from_scratch) {
        m.teacher = p.teacher;
        m.student = p.student;
        m.teacher.vocab_size = p.vocab_size;
        m.student.vocab_size = p.vocab_size + 1; // <thought>
        m.teacher_source = m.student_source = "preset";
    } else {
        m.teacher = folder_shape(p.teacher_model, m.teacher_source);
        m.student = folder_shape(p.student_model, m.student_source);
        m.student.vocab_size += 1; // <thought>, unless the tokenizer had it
    }
    // A shape the engine would refuse is refused here too, before any count divides by it.
    for (const auto& [what, shape] : {std::pair<const char*, const ModelConfig*>{"teacher", &m.teacher},
                                      {"student", &m.student}}) {
        try {
            shape->validate();
        } catch (const std::exception& e) {
            throw InvalidArgument(std::string("the ") + what + "'s shape: " + e.what());
        }
    }
    // What train_run would refuse only after training the teacher and student.
    if (!p.semcot.no_st && (p.st.start_layer < 0 || p.st.end_layer <= p.st.start_layer ||
        p.st.end_layer > m.teacher.num_hidden_layers))
        throw InvalidArgument("the sentence transformer's layers [" +
                              std::to_string(p.st.start_layer) + ", " +
                              std::to_string(p.st.end_layer) +
                              ") are not a non-empty range inside the teacher's " +
                              std::to_string(m.teacher.num_hidden_layers) + " layers");
    for (const auto& [what, value] : {std::pair{"semcot.max_length", p.semcot.max_length},
                                      std::pair{"semcot.batch_size", p.semcot.batch_size},
                                      std::pair{"teacher_train.max_length", p.teacher_train.max_length},
                                      std::pair{"student_train.max_length", p.student_train.max_length},
                                      std::pair{"teacher_train.batch_size", p.teacher_train.batch_size},
                                      std::pair{"student_train.batch_size", p.student_train.batch_size}})
        if (value < 1)
            throw InvalidArgument(std::string(what) + " must be at least 1 (not " +
                                  std::to_string(value) + ")");
    m.st = p.st;
    m.k_train = p.cg.k_train;
    m.semcot = p.semcot;
    m.teacher_train = p.teacher_train;
    m.student_train = p.student_train;
    // Built-in tasks generate `examples`; a file or folder keeps at most that many. Split as
    // the run splits them (data/splits.h).
    SplitOptions split;
    split.test_fraction = p.test_fraction;
    split.validation_fraction = p.validation_fraction;
    m.train_examples = std::max<int64_t>(
        1, int64_t(split_sizes(size_t(std::max<int64_t>(p.examples, 0)), split).train));
    return m;
}

namespace {

// One candidate (precision, checkpointing) of recommend_plan: each stage with the given
// micro-batch, or, when a stage's whole per-rank batch does not fit and `shrink`, its largest
// micro-batch that fits.
PlanRecommendation fit_candidate(const PlanModels& models, int64_t budget, int64_t nproc,
                                 Precision p, bool checkpointing,
                                 std::optional<int64_t> micro_batch, bool shrink) {
    PlanRecommendation r;
    r.precision = p;
    r.checkpointing = checkpointing;
    r.nproc = nproc;
    r.budget = budget;
    r.fits = true;
    PlanOptions o;
    o.precision = p;
    o.checkpointing = checkpointing;
    o.nproc = nproc;
    o.micro_batch = micro_batch.value_or(0);
    for (const StageMemory& whole : plan_stages(models, o)) {
        StageMemory chosen = whole;
        if (!micro_batch && whole.total() > budget && shrink) {
            for (int64_t mb = whole.per_rank - 1; mb >= 1; --mb) {
                PlanOptions om = o;
                om.micro_batch = mb;
                const auto stages = plan_stages(models, om);
                const auto it = std::find_if(stages.begin(), stages.end(),
                                             [&](const auto& s) { return s.stage == whole.stage; });
                if (it->total() <= budget) {
                    chosen = *it;
                    break;
                }
            }
        }
        if (chosen.total() > budget) r.fits = false;
        r.peak = std::max(r.peak, chosen.total());
        r.stages.push_back(chosen);
    }
    return r;
}

// The candidates recommend_plan tries, cheapest first, within the user's restrictions.
std::vector<std::pair<Precision, bool>> plan_candidates(std::optional<Precision> precision,
                                                        std::optional<bool> checkpointing) {
    std::vector<std::pair<Precision, bool>> candidates = {{Precision::fp32, false},
                                                          {Precision::bf16, false},
                                                          {Precision::fp32, true},
                                                          {Precision::bf16, true}};
    if (precision && *precision == Precision::fp16)
        for (auto& c : candidates)
            if (c.first == Precision::bf16) c.first = Precision::fp16;
    std::vector<std::pair<Precision, bool>> allowed;
    for (const auto& c : candidates) {
        if (precision && c.first != *precision) continue;
        if (checkpointing && c.second != *checkpointing) continue;
        if (std::find(allowed.begin(), allowed.end(), c) == allowed.end()) allowed.push_back(c);
    }
    return allowed;
}

} // namespace

PlanRecommendation recommend_plan(const PlanModels& models, int64_t device_bytes, int64_t nproc,
                                  std::optional<Precision> precision,
                                  std::optional<bool> checkpointing,
                                  std::optional<int64_t> micro_batch, double margin) {
    if (device_bytes <= 0) throw InvalidArgument("device memory must be positive");
    if (nproc < 1) throw InvalidArgument("--nproc must be at least 1");
    const int64_t budget = int64_t(double(device_bytes) * (1.0 - margin));
    const auto allowed = plan_candidates(precision, checkpointing);
    // Whole batches first, then micro-batches, each from the cheapest candidate.
    for (bool shrink : {false, true})
        for (const auto& [p, ckpt] : allowed) {
            PlanRecommendation r = fit_candidate(models, budget, nproc, p, ckpt, micro_batch, shrink);
            if (!r.fits) continue;
            bool accumulates = false;
            for (const auto& s : r.stages) accumulates = accumulates || s.accumulation > 1;
            r.reason = "fits " + format_bytes(budget) + " per rank with " + precision_name(p) +
                       (ckpt ? " and activation checkpointing" : ", no checkpointing") +
                       (accumulates ? ", accumulating gradients where a stage's batch does not "
                                      "fit at once"
                                    : "");
            return r;
        }
    // Nothing fits: the last candidate, the stages that do not fit at micro-batch 1 (unless
    // one was given), so the user sees how far off it is.
    PlanRecommendation r = fit_candidate(models, budget, nproc, allowed.back().first,
                                         allowed.back().second, micro_batch, true);
    const PlanRecommendation smallest = fit_candidate(
        models, budget, nproc, r.precision, r.checkpointing, micro_batch.value_or(1), false);
    r.peak = 0;
    for (size_t i = 0; i < r.stages.size(); ++i) {
        if (r.stages[i].total() > budget) r.stages[i] = smallest.stages[i];
        r.peak = std::max(r.peak, r.stages[i].total());
    }
    r.fits = false;
    r.reason = "does not fit " + format_bytes(budget) + " per rank even with " +
               precision_name(r.precision) + (r.checkpointing ? ", checkpointing" : "") +
               " and micro-batch " + std::to_string(micro_batch.value_or(1)) + ": needs " +
               format_bytes(r.peak) + " (more memory, or fewer/shorter sequences)";
    return r;
}

PlanRecommendation configured_plan(const PlanModels& m, int64_t device_bytes, int64_t nproc,
                                   double margin) {
    if (device_bytes <= 0) throw InvalidArgument("device memory must be positive");
    if (nproc < 1) throw InvalidArgument("--nproc must be at least 1");
    PlanRecommendation r;
    r.nproc = nproc;
    r.budget = int64_t(double(device_bytes) * (1.0 - margin));
    const std::string& dtype = m.semcot.teacher_dtype;
    r.precision = dtype.empty() ? Precision::fp32 : parse_precision(dtype);
    auto options = [&](int64_t micro_batch, bool checkpointing) {
        PlanOptions o;
        o.micro_batch = micro_batch;
        o.checkpointing = checkpointing;
        o.nproc = nproc;
        o.precision = r.precision; // read by the generator stage alone
        r.checkpointing = r.checkpointing || checkpointing;
        return o;
    };
    if (m.from_scratch) {
        r.stages.push_back(plan_lm_stage(
            m.teacher, m.teacher_train, "teacher",
            options(m.teacher_train.micro_batch, m.teacher_train.activation_checkpointing)));
        r.stages.push_back(plan_lm_stage(
            m.student, m.student_train, "student",
            options(m.student_train.micro_batch, m.student_train.activation_checkpointing)));
    }
    const PlanOptions semcot = options(m.semcot.micro_batch, m.semcot.activation_checkpointing);
    if (!m.semcot.no_st) r.stages.push_back(plan_st_stage(m, semcot));
    r.stages.push_back(plan_cg_stage(m, semcot));
    for (const auto& s : r.stages) r.peak = std::max(r.peak, s.total());
    r.fits = r.peak <= r.budget;
    r.reason = (r.fits ? "fits " : "does not fit ") + format_bytes(r.budget) +
               " per rank as the preset is set: peak " + format_bytes(r.peak);
    return r;
}

nlohmann::json recommended_preset_patch(const PlanRecommendation& r) {
    nlohmann::json patch = nlohmann::json::object();
    int64_t semcot_micro = 0;
    for (const auto& s : r.stages) {
        const std::string key = s.stage == "teacher"   ? "teacher_train"
                                : s.stage == "student" ? "student_train"
                                                       : "semcot";
        if (s.accumulation > 1) {
            if (key == "semcot")
                semcot_micro = semcot_micro ? std::min(semcot_micro, s.micro_batch) : s.micro_batch;
            else
                patch[key]["micro_batch"] = s.micro_batch;
        }
        if (r.checkpointing) patch[key]["activation_checkpointing"] = true;
    }
    if (semcot_micro) patch["semcot"]["micro_batch"] = semcot_micro;
    if (r.precision != Precision::fp32)
        patch["semcot"]["teacher_dtype"] = r.precision == Precision::bf16 ? "bfloat16" : "float16";
    return patch;
}

nlohmann::json stage_memory_json(const StageMemory& s) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& i : s.items)
        items.push_back({{"component", i.component}, {"bytes", i.bytes}, {"detail", i.detail}});
    return {{"stage", s.stage},
            {"batch", s.batch},
            {"per_rank", s.per_rank},
            {"micro_batch", s.micro_batch},
            {"accumulation", s.accumulation},
            {"length", s.length},
            {"trainable_params", s.trainable_params},
            {"frozen_params", s.frozen_params},
            {"total_bytes", s.total()},
            {"components", items}};
}

nlohmann::json plan_json(const PlanModels& m, int64_t device_bytes, const PlanRecommendation& r) {
    nlohmann::json stages = nlohmann::json::array();
    for (const auto& s : r.stages) stages.push_back(stage_memory_json(s));
    return {{"schema", "semcot.plan/1"},
            {"preset", m.preset},
            {"teacher", m.teacher_source},
            {"student", m.student_source},
            {"device_bytes", device_bytes},
            {"budget_bytes", r.budget},
            {"nproc", r.nproc},
            {"fits", r.fits},
            {"precision", precision_name(r.precision)},
            {"checkpointing", r.checkpointing},
            {"peak_bytes", r.peak},
            {"reason", r.reason},
            {"preset_patch", recommended_preset_patch(r)},
            {"stages", stages}};
}

std::string describe_plan(const PlanModels& m, int64_t device_bytes, const PlanRecommendation& r) {
    std::ostringstream out;
    char line[256];
    out << "plan: preset " << m.preset << ", teacher " << params_string(m.teacher.parameter_count())
        << " params (" << m.teacher_source << "), student "
        << params_string(m.student.parameter_count()) << " params (" << m.student_source << ")\n";
    out << "plan: " << r.nproc << " rank" << (r.nproc > 1 ? "s" : "") << " x "
        << format_bytes(device_bytes) << ", budget " << format_bytes(r.budget)
        << " per rank (10% margin)\n";
    for (const auto& s : r.stages) {
        std::snprintf(line, sizeof line,
                      "\nstage %-8s batch %lld per rank (global %lld) = micro-batch %lld x %lld "
                      "accumulation, %lld tokens\n",
                      s.stage.c_str(), static_cast<long long>(s.per_rank),
                      static_cast<long long>(s.batch), static_cast<long long>(s.micro_batch),
                      static_cast<long long>(s.accumulation), static_cast<long long>(s.length));
        out << line;
        for (const auto& i : s.items) {
            std::snprintf(line, sizeof line, "  %-30s %12s  %s\n", i.component.c_str(),
                          format_bytes(i.bytes).c_str(), i.detail.c_str());
            out << line;
        }
        std::snprintf(line, sizeof line, "  %-30s %12s%s\n", "total", format_bytes(s.total()).c_str(),
                      s.total() > r.budget ? "  DOES NOT FIT" : "");
        out << line;
    }
    out << "\nrecommendation: " << (r.fits ? "" : "NOT FITTING: ") << precision_name(r.precision)
        << ", checkpointing " << (r.checkpointing ? "on" : "off") << ", peak "
        << format_bytes(r.peak) << " per rank: " << r.reason << "\n";
    const auto patch = recommended_preset_patch(r);
    if (!patch.empty())
        out << "preset keys (semcot train --set '" << patch.dump() << "', or a preset file)\n";
    out << "(the live tensors, as CUDA allocates them; on a CPU, glibc keeps freed heap and the "
           "peak RSS measured 1.3-1.9x this, unless MALLOC_MMAP_THRESHOLD_=65536 is set, "
           "which halved the training speed measured: docs/benchmarks.md)\n";
    return out.str();
}

} // namespace semcot
