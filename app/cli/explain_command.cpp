// explain, alignment: what the implicit tokens of a run mean (core/analysis, docs/explain.md).
#include "commands.h"

#include "analysis/diagnostics.h"
#include "analysis/explain.h"
#include "analysis/implicit.h"
#include "analysis/nearest.h"
#include "analysis/sentence_bank.h"
#include "common/device.h"
#include "common/error.h"
#include "baselines/method_loader.h"
#include "common/platform.h"
#include "common/provenance.h"
#include "semcot/run.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <optional>

namespace semcot::cli {

namespace {

std::filesystem::path run_folder(const std::string& run) {
    return run.empty() ? models_dir() / "tiny-coinflip" : std::filesystem::path(run);
}

// A progress line on stderr while the bank is embedded, rewritten in place.
bool bank_progress(int64_t done, int64_t total) {
    static auto last = std::chrono::steady_clock::now();
    const auto now = std::chrono::steady_clock::now();
    if (done != total && now - last < std::chrono::milliseconds(250)) return true;
    last = now;
    std::cerr << "\rembedding the sentence bank: " << done << "/" << total
              << (done == total ? "\n" : "") << std::flush;
    return true;
}

// The example of the run's splits whose query is exactly `question`, if any.
std::optional<Example> find_example(const LoadedRun& run, const std::string& question) {
    for (const char* s : {"test", "validation", "train"}) {
        if (!std::filesystem::exists(run.folder / "data" / (std::string(s) + ".json"))) continue;
        for (const auto& e : run.split(s))
            if (e.query == question) return e;
    }
    return std::nullopt;
}

// Median and minimum milliseconds of `repeat` decodings (implicit tokens and their ST
// embeddings, then the bank search), after one untimed warm-up.
void time_decoding(LoadedRun& run, const SentenceBank& bank, const std::string& question, int64_t k,
                   int64_t top_k, int64_t repeat) {
    c10::InferenceMode guard;
    const auto device = run.teacher.model->device();
    using Ms = std::chrono::duration<double, std::milli>;
    std::vector<double> total, search;
    for (int64_t i = 0; i <= repeat; ++i) {
        synchronize(device);
        const auto t0 = std::chrono::steady_clock::now();
        auto enc = encode_implicit(run, question, k);
        synchronize(device);
        const auto t1 = std::chrono::steady_clock::now();
        auto q = at::cat({enc.token_st, enc.pooled_st.unsqueeze(0)}, 0);
        auto found = nearest_sentences(bank, q, top_k);
        synchronize(device);
        const auto t2 = std::chrono::steady_clock::now();
        if (i == 0) continue;
        total.push_back(Ms(t2 - t0).count());
        search.push_back(Ms(t2 - t1).count());
    }
    std::sort(total.begin(), total.end());
    std::sort(search.begin(), search.end());
    std::cerr << std::fixed << std::setprecision(2) << "decoding " << repeat << " times against "
              << bank.size() << " sentences (dim " << bank.dim() << "): median "
              << total[total.size() / 2] << " ms, min " << total.front()
              << " ms (implicit tokens + ST + search); search alone: median "
              << search[search.size() / 2] << " ms, min " << search.front() << " ms\n";
}

// The options of `semcot explain`.
struct ExplainArgs {
    std::string run, question, json, bank_dir, split = "test";
    std::vector<std::string> bank_extra;
    int64_t top_k = 5, lens_top_k = 5, k = 0, index = -1, repeat = 0;
    bool no_generate = false;
    DeviceOptions dev;
};

// Example --index of --split, or the example whose query is the question (gold known), if any.
std::optional<Example> chosen_example(const LoadedRun& run, const ExplainArgs& a) {
    if (a.index >= 0) {
        auto data = run.split(a.split);
        if (a.index >= int64_t(data.size()))
            throw InvalidArgument("--index " + std::to_string(a.index) + ": the " + a.split +
                                  " split has " + std::to_string(data.size()) + " examples");
        return data[size_t(a.index)];
    }
    return find_example(run, a.question);
}

// Explains one question: the text on stdout, --json, and --repeat's timing on stderr.
int run_explain(const ExplainArgs& a) {
    if (a.question.empty() == (a.index < 0))
        throw InvalidArgument("give either a question or --index N");
    auto run = load_run(run_folder(a.run), parse_device(a.dev.device), parse_dtype(a.dev.dtype));
    ExplainParams p;
    const std::optional<Example> ex = chosen_example(run, a);
    p.question = ex ? ex->query : a.question;
    if (ex) {
        p.has_gold = true;
        p.gold_answer = ex->answer;
        p.gold_reasoning = ex->reasoning;
    }
    p.top_k = a.top_k;
    p.lens_top_k = a.lens_top_k;
    p.k = a.k;
    p.generate_answers = !a.no_generate;
    BankParams bp;
    for (const auto& f : a.bank_extra) bp.extra_files.emplace_back(f);
    bp.cache_dir = a.bank_dir;
    auto bank = load_or_build_bank(run, bp, bank_progress);
    auto e = explain(run, bank, p);
    std::cout << e.to_text();
    if (!a.json.empty()) write_file_atomic(a.json, e.to_json().dump(2) + "\n");
    if (a.repeat > 0) time_decoding(run, bank, p.question, p.k, p.top_k, a.repeat);
    return 0;
}

// `semcot explain`
void add_explain_command(CLI::App& app, const std::function<void(Runner)>& select) {
    auto a = std::make_shared<ExplainArgs>();
    auto* cmd = app.add_subcommand(
        "explain", "What the implicit tokens of one question mean: nearest bank sentences "
                   "(ST space), raw logit lens, alignment with the reasoning");
    cmd->add_option("--run", a->run, "Run folder (default: the shipped tiny run)");
    cmd->add_option("question", a->question, "The question (or use --index)");
    cmd->add_option("--index", a->index, "Explain example N of --split (gold known)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--split", a->split, "Split for --index")
        ->check(CLI::IsMember({"train", "validation", "test"}))
        ->capture_default_str();
    cmd->add_option("--top-k", a->top_k, "Nearest sentences per implicit token")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->add_option("--lens-top-k", a->lens_top_k, "Logit-lens tokens per implicit token")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->add_option("--k", a->k, "Implicit tokens (0 = the run's k_infer)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--json", a->json, "Write the explanation as JSON (semcot.explain/1)");
    cmd->add_option("--bank-extra", a->bank_extra,
                    "Text file of extra bank sentences, one per line (repeatable)");
    cmd->add_option("--bank-dir", a->bank_dir,
                    "Bank cache folder (default: <run>/analysis, else the user cache)");
    cmd->add_flag("--no-generate", a->no_generate,
                  "Skip the teacher's CoT and the SemCoT answer (no teacher-CoT alignment)");
    cmd->add_option("--repeat", a->repeat,
                    "Also time the decoding N times and print the median (stderr)")
        ->check(CLI::NonNegativeNumber);
    a->dev.add_to(*cmd);
    cmd->callback([a, select] { select([a] { return run_explain(*a); }); });
}

// `semcot alignment`: the dataset-level distribution, correct vs incorrect
void add_alignment_command(CLI::App& app, const std::function<void(Runner)>& select) {
    struct Args {
        std::string run, json, split = "test";
        int64_t n = 0, k = 0;
        DeviceOptions dev;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = app.add_subcommand(
        "alignment", "Alignment of implicit tokens with the gold reasoning over a split, "
                     "for correct vs incorrect SemCoT answers");
    cmd->add_option("--run", a->run, "Run folder (default: the shipped tiny run)");
    cmd->add_option("--split", a->split, "Split to score")
        ->check(CLI::IsMember({"train", "validation", "test"}))
        ->capture_default_str();
    cmd->add_option("--n", a->n, "First N questions only (0 = all)")->check(CLI::NonNegativeNumber);
    cmd->add_option("--k", a->k, "Implicit tokens (0 = the run's k_infer)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--json", a->json,
                    "Write the distribution as JSON (semcot.alignment-distribution/1)");
    a->dev.add_to(*cmd);
    cmd->callback([a, select] {
        select([a] {
            auto run = load_run(run_folder(a->run), parse_device(a->dev.device),
                                parse_dtype(a->dev.dtype));
            AlignmentDistributionParams p;
            p.limit = a->n;
            p.k = a->k;
            auto d = alignment_distribution(
                run, run.split(a->split), p, [](int64_t done, int64_t total) {
                    std::cerr << "\r" << done << "/" << total << (done == total ? "\n" : "")
                              << std::flush;
                    return true;
                });
            std::cout << std::fixed << std::setprecision(3)
                      << "cos(ST(implicit tokens), ST(gold reasoning)) on " << a->split << ":\n";
            for (auto [name, s] :
                 {std::pair<const char*, const ScoreSummary&>{"correct", d.correct},
                  {"incorrect", d.incorrect}})
                std::cout << "  " << std::setw(9) << std::left << name << std::right << "  n "
                          << s.n << "  mean " << s.mean << "  std " << s.std << "  median "
                          << s.median << "  [" << s.min << ", " << s.max << "]\n";
            if (!a->json.empty()) write_file_atomic(a->json, d.to_json().dump(2) + "\n");
            return 0;
        });
    });
}

// Prints the layer-wise raw logit lens (a row per layer, a cell per latent) and returns it.
nlohmann::json print_logit_lens(const std::vector<std::vector<LogitLensEntry>>& grid) {
    std::cout << "layer-wise raw logit lens (rows: input, then after each layer):\n";
    nlohmann::json out = nlohmann::json::array();
    for (size_t l = 0; l < grid.size(); ++l) {
        std::cout << "  " << (l == 0 ? std::string("emb") : "L" + std::to_string(l));
        nlohmann::json row = nlohmann::json::array();
        for (const auto& e : grid[l]) {
            std::cout << "  | ";
            nlohmann::json cell = nlohmann::json::array();
            for (const auto& t : e.top) {
                std::string shown; // a line break or tab in a piece would break the grid
                for (char c : t.piece) shown += c == '\n' ? "\\n" : c == '\t' ? "\\t" : std::string(1, c);
                std::cout << shown << " ";
                cell.push_back({{"piece", t.piece}, {"id", t.id}, {"prob", t.prob}});
            }
            row.push_back(cell);
        }
        std::cout << "\n";
        out.push_back(row);
    }
    return out;
}

// `semcot diagnose`: are the implicit tokens doing anything (issue 16 §3)?
void add_diagnose_command(CLI::App& app, const std::function<void(Runner)>& select) {
    struct Options {
        std::string run, method = "semcot", folder, split = "test", question, json;
        int64_t n = 100, top_k = 3;
        uint64_t seed = 0;
        bool control = false;
        DeviceOptions dev;
    };
    auto o = std::make_shared<Options>();
    o->dev.device = "cpu";
    auto* cmd = app.add_subcommand(
        "diagnose", "Latent-token diagnostics over a split: norms, cosines, effective rank, and "
                    "the interventions (zeroed, another question's, removed) that test whether "
                    "the tokens carry the answer");
    cmd->add_option("--run", o->run, "Run folder (default: the shipped tiny run)");
    cmd->add_option("--method", o->method,
                    "semcot, or a baseline with latents (pause, softcot, coconut, codi)")
        ->capture_default_str();
    cmd->add_option("--method-folder", o->folder, "The baseline's folder (default RUN/methods/M)")
        ->check(CLI::ExistingDirectory);
    cmd->add_option("--split", o->split, "train | validation | test")
        ->check(CLI::IsMember({"train", "validation", "test"}))
        ->capture_default_str();
    cmd->add_option("--n", o->n, "Questions (the first N of the split)")
        ->check(CLI::Range(int64_t(2), int64_t(1) << 30))
        ->capture_default_str();
    cmd->add_option("--seed", o->seed, "Which other question's tokens each question gets")
        ->capture_default_str();
    cmd->add_flag("--control", o->control,
                  "Also run the interventions with the tokens masked from attention (every "
                  "answer must stay as it was)");
    cmd->add_option("--question", o->question,
                    "Also print the layer-wise raw logit lens at this question's latent tokens");
    cmd->add_option("--top-k", o->top_k, "Logit-lens tokens per cell")->capture_default_str();
    cmd->add_option("--json", o->json, "Also write everything as JSON (semcot.diagnose/1)");
    o->dev.add_to(*cmd);
    cmd->callback([o, select] {
        select([o] {
            const Method method = parse_method(o->method);
            const auto device = parse_device(o->dev.device);
            const auto dtype = parse_dtype(o->dev.dtype);
            auto run = load_run(run_folder(o->run), device, dtype);
            auto loaded = load_method(run, method, o->folder, device, dtype);
            auto split = run.split(o->split);
            split.resize(std::min(split.size(), size_t(o->n)));
            auto progress = [](const char* what) {
                return [what](int64_t done, int64_t total) {
                    std::cerr << "\r" << what << " " << done << "/" << total
                              << (done == total ? "\n" : "") << std::flush;
                    return true;
                };
            };
            nlohmann::json out = {{"schema", "semcot.diagnose/1"}, {"run", run.folder.string()},
                                  {"provenance", provenance(o->dev.device)}};
            const TokenDiagnostics d =
                token_diagnostics(loaded->context, method, split, progress("latent tokens"));
            std::cout << d.table() << "\n";
            out["tokens"] = d.to_json();
            const InterventionResult r =
                intervene(loaded->context, method, split, false, o->seed, progress("interventions"));
            std::cout << r.table() << "\n";
            out["interventions"] = r.to_json();
            if (o->control) {
                const InterventionResult c = intervene(loaded->context, method, split, true,
                                                       o->seed, progress("control"));
                std::cout << c.table() << "\n";
                out["control"] = c.to_json();
            }
            if (!o->question.empty())
                out["logit_lens"] = print_logit_lens(
                    layer_logit_lens(loaded->context, method, o->question, o->top_k));
            if (!o->json.empty()) write_file_atomic(o->json, out.dump(2) + "\n");
            return 0;
        });
    });
}

} // namespace

void add_analysis_commands(CLI::App& app, std::function<void(Runner)> select) {
    add_explain_command(app, select);
    add_alignment_command(app, select);
    add_diagnose_command(app, select);
}

} // namespace semcot::cli
