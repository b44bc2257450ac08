// generate, tokenize, info, bench: the engine on a Hugging Face model folder.
#include "commands.h"

#include "common/device.h"
#include "common/error.h"
#include "engine/benchmark.h"
#include "engine/checkpoint.h"
#include "tokenizer/hf_tokenizer.h"
#include "engine/generate.h"
#include "engine/lora.h"
#include "semcot/run.h"
#include "semcot/train_benchmark.h"
#include "tokenizer/text_streamer.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace semcot::cli {

namespace {

std::string human_bytes(double bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (bytes >= 1024 && u < 4) {
        bytes /= 1024;
        ++u;
    }
    std::ostringstream out;
    out << std::fixed << std::setprecision(u ? 1 : 0) << bytes << " " << units[u];
    return out.str();
}

// "default", "linear x2", "llama3 x8 (low 1, high 4, original 8192)".
std::string rope_text(const RopeScaling& r) {
    std::ostringstream out;
    out << r.type;
    if (r.type != "default") out << " x" << r.factor;
    if (r.type == "llama3")
        out << " (low " << r.low_freq_factor << ", high " << r.high_freq_factor << ", original "
            << r.original_max_positions << ")";
    return out.str();
}

// "2, 259", or "none".
std::string join_ids(const std::vector<int64_t>& ids) {
    if (ids.empty()) return "none";
    std::string out;
    for (int64_t id : ids) out += (out.empty() ? "" : ", ") + std::to_string(id);
    return out;
}

LoadedModel load(const std::string& folder, const DeviceOptions& dev, bool tokenizer = true) {
    LoadOptions opts;
    opts.device = parse_device(dev.device);
    opts.dtype = parse_dtype(dev.dtype);
    opts.load_tokenizer = tokenizer;
    return with_context("loading " + folder, [&] { return load_model_folder(folder, opts); });
}

// The options of `semcot generate`.
struct GenerateArgs {
    std::string model, prompt;
    bool has_prompt = false;
    GenerateParams gen;
    DeviceOptions dev;
};

// --temperature: a finite number >= 0.
CLI::Validator finite_non_negative() {
    return CLI::Validator(
        [](std::string& s) {
            double t = 0;
            try {
                std::size_t used = 0;
                t = std::stod(s, &used);
                if (used != s.size()) return std::string("not a number: ") + s;
            } catch (const std::exception&) {
                return std::string("not a number: ") + s;
            }
            return std::isfinite(t) && t >= 0 ? std::string() : "must be a finite number >= 0";
        },
        "FINITE >= 0");
}

// Streams the continuation to stdout as it is generated, then the speeds to stderr.
int run_generate(const GenerateArgs& a) {
    auto m = load(a.model, a.dev);
    std::vector<int64_t> prompt;
    // BOS when the tokenizer puts it before a text (Hugging Face's add_special_tokens rule),
    // and as the only token of an empty prompt.
    const bool bos = m.tokenizer->add_bos() || !a.has_prompt || a.prompt.empty();
    if (bos && m.config.bos_token_id >= 0) prompt.push_back(m.config.bos_token_id);
    if (a.has_prompt)
        for (int id : m.tokenizer->encode(a.prompt)) prompt.push_back(id);
    // Text goes out as soon as it is final (TextStreamer: whole UTF-8 characters).
    TextStreamer streamer(*m.tokenizer);
    auto print = [](const std::string& text) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
    };
    auto res = generate(*m.model, prompt, a.gen, [&](int64_t id) {
        print(streamer.push(int(id)));
        return true;
    });
    print(streamer.finish());
    if (isatty(STDOUT_FILENO)) std::fputc('\n', stdout);
    std::fflush(stdout);
    const auto& s = res.stats;
    std::cerr << std::fixed << std::setprecision(1) << "prefill: " << s.prompt_tokens
              << " tokens in " << s.prefill_s * 1e3 << " ms (" << s.prefill_tokens_per_s()
              << " tok/s); decode: " << s.new_tokens << " tokens in " << s.decode_s * 1e3 << " ms ("
              << s.decode_tokens_per_s() << " tok/s)" << (res.hit_eos ? "; stopped at EOS" : "")
              << "\n";
    return 0;
}

// `semcot generate`
void add_generate_command(CLI::App& app, const std::function<void(Runner)>& select) {
    auto a = std::make_shared<GenerateArgs>();
    a->gen.max_new_tokens = 256;
    auto* cmd = app.add_subcommand("generate", "Continue a prompt with a model folder");
    cmd->add_option("--model", a->model, "Hugging Face model folder")
        ->required()
        ->check(CLI::ExistingDirectory);
    auto* p = cmd->add_option("--prompt", a->prompt,
                              "Text to continue (BOS is prepended); default: BOS alone");
    cmd->add_option("--max-new-tokens", a->gen.max_new_tokens, "Upper bound on new tokens")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_option("--temperature", a->gen.sampling.temperature, "0 = greedy")
        ->check(finite_non_negative())
        ->capture_default_str();
    cmd->add_option("--top-k", a->gen.sampling.top_k, "Keep the k most likely tokens (0 = all)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_option("--top-p", a->gen.sampling.top_p, "Nucleus sampling threshold in (0, 1]")
        ->check(CLI::Range(1e-9, 1.0))
        ->capture_default_str();
    cmd->add_option("--seed", a->gen.sampling.seed, "Sampling seed")->capture_default_str();
    a->dev.add_to(*cmd);
    cmd->callback([a, p, select] {
        a->has_prompt = p->count() > 0;
        select([a] { return run_generate(*a); });
    });
}

// `semcot tokenize`
void add_tokenize_command(CLI::App& app, const std::function<void(Runner)>& select) {
    struct Args {
        std::string model, text;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("tokenize", "Print the token ids of a text (without BOS)");
    cmd->add_option("--model", a->model,
                    "Model folder (or a tokenizer.model or tokenizer.json file)")
        ->required()
        ->check(CLI::ExistingPath);
    cmd->add_option("--text", a->text, "Text to encode")->required();
    cmd->callback([a, select] {
        select([a] {
            namespace fs = std::filesystem;
            const fs::path path = a->model;
            std::unique_ptr<Tokenizer> tok;
            if (fs::is_directory(path))
                tok = load_tokenizer(path);
            else if (path.extension() == ".json")
                tok = HfTokenizer::load(path);
            else
                tok = SentencePieceTokenizer::load(path);
            const auto ids = tok->encode(a->text);
            for (size_t i = 0; i < ids.size(); ++i) std::cout << (i ? " " : "") << ids[i];
            std::cout << "\n";
            return 0;
        });
    });
}

// The configuration, parameter count, dtype, memory and tokenizer of a loaded model.
void print_model_info(const LoadedModel& m) {
    const auto& c = m.config;
    double bytes = 0;
    int64_t params = 0;
    for (auto& [name, t] : m.model->named_weights()) {
        bytes += double(t.numel()) * t.element_size();
        params += t.numel();
    }
    std::cout << "model:                   " << m.folder.string() << "\n"
              << "model_type:              " << c.model_type << "\n"
              << "hidden_size:             " << c.hidden_size << "\n"
              << "intermediate_size:       " << c.intermediate_size << "\n"
              << "num_hidden_layers:       " << c.num_hidden_layers << "\n"
              << "num_attention_heads:     " << c.num_attention_heads << "\n"
              << "num_key_value_heads:     " << c.num_key_value_heads << "\n"
              << "head_dim:                " << c.head_dim() << "\n"
              << "vocab_size:              " << c.vocab_size << "\n"
              << "max_position_embeddings: " << c.max_position_embeddings << "\n"
              << "rms_norm_eps:            " << c.rms_norm_eps << "\n"
              << "rope_theta:              " << c.rope_theta << "\n"
              << "rope scaling:            " << rope_text(c.rope_scaling) << "\n"
              << "biases:                  q/k/v " << (c.qkv_bias ? "yes" : "no") << ", o "
              << (c.o_bias ? "yes" : "no") << ", mlp " << (c.mlp_bias ? "yes" : "no") << "\n"
              << "q/k norm:                " << (c.qk_norm ? "yes" : "no") << "\n"
              << "sliding window:          "
              << (c.sliding_window > 0 ? std::to_string(c.sliding_window) : "none") << "\n"
              << "tie_word_embeddings:     " << (c.tie_word_embeddings ? "true" : "false") << "\n"
              << "bos token id:            " << c.bos_token_id << "\n"
              << "eos (stop) token ids:    " << join_ids(c.eos_token_ids)
              << (m.generation_config_eos ? " (generation_config.json)" : "") << "\n"
              << "parameters:              " << params << "\n"
              << "checkpoint dtype:        " << c.torch_dtype << "\n"
              << "loaded as:               " << dtype_name(m.model->dtype()) << " on "
              << m.model->device().str() << "\n"
              << "weight memory:           " << human_bytes(bytes) << "\n";
    if (const Tokenizer* tok = m.tokenizer.get())
        std::cout << "tokenizer:               " << m.tokenizer_file.string() << " ("
                  << m.tokenizer_reason << "; " << tok->vocab_size() << " tokens)\n";
    if (!m.ignored_tensors.empty())
        std::cout << "ignored tensors:         " << m.ignored_tensors.size() << "\n";
}

// `semcot info`
void add_info_command(CLI::App& app, const std::function<void(Runner)>& select) {
    struct Args {
        std::string model;
        DeviceOptions dev;
    };
    auto a = std::make_shared<Args>();
    a->dev.device = "cpu";
    auto* cmd =
        app.add_subcommand("info", "Configuration, parameter count, dtype and memory of a model");
    cmd->add_option("--model", a->model, "Hugging Face model folder")
        ->required()
        ->check(CLI::ExistingDirectory);
    a->dev.add_to(*cmd);
    cmd->callback([a, select] {
        select([a] {
            auto m = load(
                a->model, a->dev,
                std::filesystem::exists(std::filesystem::path(a->model) / "tokenizer.model") ||
                    std::filesystem::exists(std::filesystem::path(a->model) / "tokenizer.json"));
            print_model_info(m);
            return 0;
        });
    });
}

// `semcot convert`: the folder again, in another dtype, or with a LoRA adapter merged in.
int run_convert(const std::string& model, const std::string& adapter, const std::string& out,
                const DeviceOptions& dev) {
    namespace fs = std::filesystem;
    // A method folder (semcot train --method pause) keeps its adapter in adapter/.
    fs::path adapter_dir = adapter;
    if (!adapter.empty()) {
        if (!fs::exists(adapter_dir / "adapter_config.json") &&
            fs::exists(adapter_dir / "adapter/adapter_config.json"))
            adapter_dir /= "adapter";
        if (!fs::exists(adapter_dir / "adapter_config.json"))
            throw InvalidArgument(adapter + " is not a LoRA adapter (no adapter_config.json)");
    }
    DeviceOptions load_as = dev;
    if (!adapter.empty()) load_as.dtype = "float32"; // merged in float32, saved in --dtype
    auto m = load(model, load_as);
    if (!adapter.empty()) {
        const LoraConfig c = load_peft_adapter(adapter_dir, *m.model);
        merge_lora(*m.model);
        std::cerr << "merged the LoRA adapter " << adapter << " (r " << c.r << ", alpha "
                  << c.alpha << ")\n";
    }
    save_model_folder(out, *m.model, m.tokenizer.get(), parse_dtype(dev.dtype));
    // Sampling defaults and stop ids stay with the model (config.json has the ids too).
    const fs::path gen = fs::path(model) / "generation_config.json";
    if (fs::exists(gen))
        fs::copy_file(gen, fs::path(out) / gen.filename(), fs::copy_options::overwrite_existing);
    std::cerr << "saved " << out << " (" << dev.dtype << ")\n";
    return 0;
}

void add_convert_command(CLI::App& app, const std::function<void(Runner)>& select) {
    struct Args {
        std::string model, adapter, out;
        DeviceOptions dev;
    };
    auto a = std::make_shared<Args>();
    a->dev.device = "cpu";
    auto* cmd = app.add_subcommand(
        "convert", "Load a model folder and save it again (in another dtype, or with a LoRA "
                   "adapter merged in)");
    cmd->add_option("--model", a->model, "Hugging Face model folder")
        ->required()
        ->check(CLI::ExistingDirectory);
    cmd->add_option("--adapter", a->adapter,
                    "A LoRA adapter in PEFT's layout (adapter_config.json, "
                    "adapter_model.safetensors) to merge into the weights")
        ->check(CLI::ExistingDirectory);
    cmd->add_option("--out", a->out, "Output folder (created)")->required();
    a->dev.add_to(*cmd);
    cmd->callback([a, select] {
        select([a] { return run_convert(a->model, a->adapter, a->out, a->dev); });
    });
}

// The options of `semcot bench`.
struct BenchArgs {
    std::string model, random_config;
    BenchParams bench;
    DeviceOptions dev;
    bool json = false;
    bool train = false;
    TrainBenchParams train_bench;
};

// --train and its batch shape: training throughput instead of inference.
void add_bench_training_options(CLI::App& cmd, BenchArgs& a) {
    auto* train = cmd.add_option_group(
        "training", "Training throughput instead (issue 13; scripts/bench-train compares it "
                    "with PyTorch eager)");
    train->add_flag("--train", a.train,
                    "Forward, backward, clipping and AdamW steps through the training loop on "
                    "fixed random batches; the model is --random-config or the tiny "
                    "preset's teacher");
    train->add_option("--batch", a.train_bench.batch, "Sequences per step")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    train->add_option("--length", a.train_bench.length, "Tokens per sequence")
        ->check(CLI::Range(int64_t(2), int64_t(1) << 20))
        ->capture_default_str();
    train->add_option("--steps", a.train_bench.steps, "Timed steps (after 2 untimed)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    train->add_flag("--json", a.json, "One JSON line (with --train)");
}

// `bench --train`: steps through the training loop on --random-config or the tiny teacher.
int run_training_bench(const BenchArgs& a) {
    ModelConfig cfg;
    if (!a.random_config.empty()) {
        cfg = ModelConfig::load(a.random_config);
    } else {
        cfg = load_preset("tiny").teacher;
        cfg.vocab_size = 401; // the tiny tokenizer with <thought>
    }
    const auto r = benchmark_training(cfg, a.train_bench, parse_device(a.dev.device));
    nlohmann::json j = {{"tokens_per_s", r.tokens_per_s},
                        {"steps_per_s", r.steps_per_s},
                        {"seconds", r.seconds},
                        {"steps", a.train_bench.steps},
                        {"batch", a.train_bench.batch},
                        {"length", a.train_bench.length},
                        {"threads", at::get_num_threads()}};
    if (a.json)
        std::cout << j.dump() << "\n";
    else
        std::cout << std::fixed << std::setprecision(1) << "training: " << r.tokens_per_s
                  << " tok/s, " << r.steps_per_s << " steps/s (" << a.train_bench.batch << " x "
                  << a.train_bench.length << " tokens, " << a.train_bench.steps << " steps, "
                  << at::get_num_threads() << " threads)\n";
    return 0;
}

// `bench`: prefill and decode speeds of --model or of a random --random-config model.
int run_inference_bench(const BenchArgs& a) {
    LlamaModel model{nullptr};
    if (!a.model.empty()) {
        model = load(a.model, a.dev, false).model;
    } else {
        auto cfg = ModelConfig::load(a.random_config);
        model = LlamaModel(cfg, torch::TensorOptions()
                                    .dtype(parse_dtype(a.dev.dtype))
                                    .device(parse_device(a.dev.device)));
        model->init_weights(0);
    }
    auto r = run_benchmark(*model, a.bench,
                           [](const std::string& s) { std::cerr << "  " << s << "\n"; });
    std::cout << std::fixed << std::setprecision(1) << "device:        " << model->device().str()
              << ", " << dtype_name(model->dtype()) << "\n"
              << "prefill:       " << r.prefill_tokens_per_s << " tok/s (" << a.bench.prompt_tokens
              << "-token prompt, median of " << a.bench.repeats << ")\n"
              << "decode:        " << r.decode_tokens_per_s << " tok/s (" << a.bench.new_tokens
              << " tokens, median of " << a.bench.repeats << ")\n"
              << "peak memory:   " << human_bytes(r.peak_memory_bytes) << "\n"
              << "weights:       " << human_bytes(r.weight_bytes) << "\n"
              << "machine:       matmul " << r.machine_matmul_gflops << " GFLOP/s, copy "
              << r.machine_copy_gbps << " GB/s\n"
              << std::setprecision(0) << "decode:        " << 100 * r.decode_bandwidth_fraction()
              << "% of copy bandwidth (tok/s x weight bytes)\n"
              << "prefill:       " << 100 * r.prefill_compute_fraction()
              << "% of matmul rate (tok/s x 2 x matmul weights)\n";
    return 0;
}

// `semcot bench`
void add_bench_command(CLI::App& app, const std::function<void(Runner)>& select) {
    auto a = std::make_shared<BenchArgs>();
    auto* cmd = app.add_subcommand(
        "bench", "Prefill and decode tokens/s (median of repeats) and peak memory");
    auto* model_opt = cmd->add_option("--model", a->model, "Hugging Face model folder")
                          ->check(CLI::ExistingDirectory);
    auto* random_opt =
        cmd->add_option("--random-config", a->random_config,
                        "config.json of a randomly initialised model to benchmark instead")
            ->check(CLI::ExistingFile);
    model_opt->excludes(random_opt);
    cmd->add_option("--prompt-tokens", a->bench.prompt_tokens, "Prefill length")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->add_option("--new-tokens", a->bench.new_tokens, "Decode steps")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->add_option("--repeats", a->bench.repeats, "Repeats (median reported)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    add_bench_training_options(*cmd, *a);
    a->dev.add_to(*cmd);
    cmd->callback([a, model_opt, random_opt, select] {
        if (a->train) {
            if (model_opt->count())
                throw CLI::ValidationError("--train", "takes --random-config, not --model");
            select([a] { return run_training_bench(*a); });
            return;
        }
        if (!model_opt->count() && !random_opt->count())
            throw CLI::RequiredError("--model or --random-config");
        select([a] { return run_inference_bench(*a); });
    });
}

} // namespace

void DeviceOptions::add_to(CLI::App& command) {
    command.add_option("--device", device, "auto | cpu | cuda | cuda:N")
        ->check(CLI::IsMember({"auto", "cpu", "cuda"}) |
                CLI::Validator(
                    [](std::string& s) { return s.rfind("cuda:", 0) == 0 ? "" : "not cuda:N"; },
                    "cuda:N"))
        ->capture_default_str();
    command.add_option("--dtype", dtype, "float32 | bfloat16 | float16")
        ->check(CLI::IsMember({"float32", "bfloat16", "float16"}))
        ->capture_default_str();
}

void add_engine_commands(CLI::App& app, std::function<void(Runner)> select) {
    add_generate_command(app, select);
    add_tokenize_command(app, select);
    add_info_command(app, select);
    add_convert_command(app, select);
    add_bench_command(app, select);
}

} // namespace semcot::cli
