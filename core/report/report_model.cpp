#include "report/report_model.h"

#include "analysis/explain.h"
#include "analysis/sentence_bank.h"
#include "common/csv.h"
#include "baselines/method_loader.h"
#include "common/error.h"
#include "common/provenance.h"
#include "report/report_analysis.h"
#include "report/report_diagnostics.h"
#include "common/platform.h"
#include "semcot/run.h"
#include "semcot/run_info.h"

#include <chrono>
#include <ctime>
#include <optional>
#include <set>
#include <sstream>

namespace semcot::report {

namespace {

void check_progress(const ReportProgress& progress, const std::string& stage, double fraction) {
    if (progress && !progress(stage, fraction)) throw Cancelled("report export stopped");
}

std::string now_utc() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

nlohmann::json methods_json(const EvaluationResult& r) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& name : method_order())
        if (auto it = r.methods.find(name); it != r.methods.end()) j[name] = it->second.to_json();
    return j;
}

template <typename T> T field(const nlohmann::json& j, const char* key, const std::string& where) {
    if (!j.is_object() || !j.contains(key))
        throw FormatError(where + ": missing field '" + key + "'");
    try {
        return j.at(key).get<T>();
    } catch (const nlohmann::json::exception& e) {
        throw FormatError(where + ": field '" + key + "': " + e.what());
    }
}

// The run's answers to one question, method by method, from its first evaluation: matched by
// question text, else by position.
std::vector<SampleResult> answers_for(const ReportRun& run, const std::string& query,
                                      int64_t index) {
    std::vector<SampleResult> found;
    if (run.evaluations.empty()) return found;
    const auto& samples = run.evaluations.front().result.samples;
    for (bool by_text : {true, false}) {
        for (const auto& name : method_order())
            for (const auto& s : samples)
                if (method_name(s.result.method) == name &&
                    (by_text ? s.query == query : s.index == index)) {
                    found.push_back(s);
                    break;
                }
        if (!found.empty()) break;
    }
    return found;
}

// Example questions: the first `count` questions of the first run's first evaluation.
std::vector<std::pair<int64_t, std::string>> pick_questions(const ReportRun& first, int count) {
    std::vector<std::pair<int64_t, std::string>> picked;
    if (first.evaluations.empty() || count <= 0) return picked;
    std::set<int64_t> seen;
    for (const auto& s : first.evaluations.front().result.samples) {
        if (int(picked.size()) >= count) break;
        if (seen.insert(s.index).second) picked.emplace_back(s.index, s.query);
    }
    return picked;
}

// Implicit tokens, nearest sentences and alignment matrices for each example of `run`.
void explain_examples(ReportRun& run, LoadedRun& loaded, const ReportParams& params,
                      const ReportProgress& progress, double f0, double f1) {
    const std::string stage = "explaining examples of " + run.name;
    check_progress(progress, stage, f0);
    BankParams bp;
    bp.cache_dir = params.bank_cache_dir;
    const SentenceBank bank = load_or_build_bank(
        loaded, bp, [&](int64_t, int64_t) { return !progress || progress(stage, f0); });
    const auto split = loaded.split(params.split);
    for (size_t i = 0; i < run.examples.size(); ++i) {
        auto& ex = run.examples[i];
        ExplainParams ep;
        ep.question = ex.query;
        ep.top_k = params.top_k;
        ep.has_gold = true;
        ep.gold_answer = ex.gold;
        for (const auto& e : split)
            if (e.query == ex.query) {
                ep.gold_reasoning = e.reasoning;
                break;
            }
        ex.explain = explain(loaded, bank, ep).to_json();
        check_progress(progress, stage,
                       f0 + (f1 - f0) * double(i + 1) / double(run.examples.size()));
    }
}

} // namespace

const std::vector<std::string>& method_order() {
    static const std::vector<std::string> order = [] {
        std::vector<std::string> names;
        for (Method m : all_methods()) names.push_back(method_name(m));
        return names;
    }();
    return order;
}

EvaluationResult evaluation_from_json(const nlohmann::json& j, const std::string& source) {
    if (!j.is_object() || j.value("schema", std::string()) != "semcot.evaluation/1")
        throw FormatError(source + ": not a semcot.evaluation/1 document");
    EvaluationResult r;
    const auto methods = field<nlohmann::json>(j, "methods", source);
    for (const auto& [name, m] : methods.items()) {
        const std::string where = source + ": methods." + name;
        parse_method(name); // throws on an unknown method
        MethodSummary s;
        s.n = field<int64_t>(m, "n", where);
        s.correct = field<int64_t>(m, "correct", where);
        s.accuracy = field<double>(m, "accuracy", where);
        const auto ci = field<std::vector<double>>(m, "accuracy_ci95", where);
        if (ci.size() != 2) throw FormatError(where + ": accuracy_ci95 needs two numbers");
        s.ci95_low = ci[0];
        s.ci95_high = ci[1];
        s.mean_latency_s = field<double>(m, "mean_latency_s", where);
        s.median_latency_s = field<double>(m, "median_latency_s", where);
        s.mean_implicit_s = field<double>(m, "mean_implicit_s", where);
        s.mean_new_tokens = field<double>(m, "mean_new_tokens", where);
        if (auto it = m.find("speedup_vs_cot"); it != m.end() && !it->is_null())
            s.speedup_vs_cot = field<double>(m, "speedup_vs_cot", where);
        if (m.contains("repeat")) s.repeat = field<int64_t>(m, "repeat", where);
        if (m.contains("repeat_cv")) s.repeat_cv = field<double>(m, "repeat_cv", where);
        r.methods[name] = s;
    }
    const auto samples = field<nlohmann::json>(j, "samples", source);
    for (size_t i = 0; i < samples.size(); ++i) {
        const auto& x = samples[i];
        const std::string where = source + ": samples[" + std::to_string(i) + "]";
        SampleResult s;
        s.index = field<int64_t>(x, "index", where);
        s.query = field<std::string>(x, "query", where);
        s.gold = field<std::string>(x, "gold", where);
        auto& m = s.result;
        m.method = parse_method(field<std::string>(x, "method", where));
        m.output = field<std::string>(x, "output", where);
        m.extracted = field<std::string>(x, "extracted", where);
        m.correct = field<bool>(x, "correct", where);
        m.scored = true;
        m.implicit_s = field<double>(x, "implicit_s", where);
        m.prefill_s = field<double>(x, "prefill_s", where);
        m.decode_s = field<double>(x, "decode_s", where);
        m.total_s = field<double>(x, "total_s", where);
        m.new_tokens = field<int64_t>(x, "new_tokens", where);
        if (x.contains("total_s_repeats"))
            s.total_s_repeats = field<std::vector<double>>(x, "total_s_repeats", where);
        r.samples.push_back(std::move(s));
    }
    if (auto it = j.find("provenance"); it != j.end()) r.provenance = *it;
    return r;
}

namespace {

// The run's folder name, numbered when another run of the report has it.
std::string unique_run_name(const std::filesystem::path& folder, std::set<std::string>& names) {
    auto normal = std::filesystem::absolute(folder).lexically_normal();
    if (!normal.has_filename()) normal = normal.parent_path();
    std::string name = normal.filename().string();
    for (int k = 2; !names.insert(name).second; ++k)
        name = normal.filename().string() + " (" + std::to_string(k) + ")";
    return name;
}

ReportEvaluation read_evaluation_file(const std::filesystem::path& file) {
    ReportEvaluation e;
    e.label = file.filename().string();
    e.source = "file";
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(read_file(file));
    } catch (const nlohmann::json::exception& ex) {
        throw FormatError(file.string() + ": " + ex.what());
    }
    e.result = evaluation_from_json(j, file.string());
    return e;
}

// The first `n` questions of the run's split, evaluated now; progress from f0 to f1.
ReportEvaluation evaluate_at_export(const std::string& name, LoadedRun& loaded,
                                    const ReportParams& params, const ReportProgress& progress,
                                    double f0, double f1) {
    const std::string stage = "evaluating " + name;
    const auto examples = loaded.split(params.split);
    EvaluationParams ep;
    ep.limit = params.n;
    // Every baseline trained on the run (RUN/methods) goes beside the three methods.
    for (Method m : trained_baselines(loaded.folder)) ep.methods.push_back(m);
    const auto baselines = load_baselines(loaded, ep, torch::kCPU);
    ReportEvaluation e;
    e.result = evaluate(loaded.inference_context(), examples, ep, [&](int64_t done, int64_t total) {
        const double t = double(done) / double(std::max<int64_t>(total, 1));
        return !progress || progress(stage, f0 + (f1 - f0) * t);
    });
    const int64_t n = params.n > 0 ? std::min<int64_t>(params.n, int64_t(examples.size()))
                                   : int64_t(examples.size());
    e.label = params.split + " split, first " + std::to_string(n) +
              " questions (evaluated at export)";
    e.source = "evaluated";
    return e;
}

// The example questions (picked on the first run) with this run's answers to them.
void add_examples(ReportRun& run, const std::vector<std::pair<int64_t, std::string>>& questions) {
    for (const auto& [index, query] : questions) {
        auto answers = answers_for(run, query, index);
        if (answers.empty()) continue;
        ReportExample ex;
        ex.index = answers.front().index;
        ex.query = answers.front().query;
        ex.gold = answers.front().gold;
        ex.answers = std::move(answers);
        run.examples.push_back(std::move(ex));
    }
}

} // namespace

ReportData gather_report(const ReportParams& params, const ReportProgress& progress) {
    if (params.runs.empty()) throw InvalidArgument("a report needs at least one run");
    const size_t nruns = params.runs.size();
    if (!params.evaluations.empty() && nruns > 1 && params.evaluations.size() != nruns)
        throw InvalidArgument("give one evaluation file per run (" + std::to_string(nruns) +
                              " runs, " + std::to_string(params.evaluations.size()) + " files)");
    // The same file twice would count its questions twice and narrow every interval.
    for (size_t i = 0; i < params.evaluations.size(); ++i)
        for (size_t j = 0; j < i; ++j)
            if (std::filesystem::weakly_canonical(params.evaluations[i]) ==
                std::filesystem::weakly_canonical(params.evaluations[j]))
                throw InvalidArgument("evaluation file " + params.evaluations[i].string() +
                                      " is given twice (its questions would count twice)");
    ReportData data;
    data.title = params.title;
    data.generated = now_utc();
    data.provenance = provenance("cpu");
    std::set<std::string> names;
    std::vector<std::pair<int64_t, std::string>> questions;
    for (size_t i = 0; i < nruns; ++i) {
        const auto& folder = params.runs[i];
        const double f0 = double(i) / double(nruns), f1 = double(i + 1) / double(nruns);
        const double fm = params.explain && params.examples > 0 ? (f0 + f1) / 2 : f1;
        ReportRun run;
        run.folder = folder;
        run.name = unique_run_name(folder, names);
        if (std::filesystem::exists(folder / "run.json")) run.info = read_run_info(folder).json;
        // Evaluation files go with runs: all of them with the only run, else one per run.
        const std::vector<std::filesystem::path> files =
            nruns == 1 ? params.evaluations
            : params.evaluations.empty() ? std::vector<std::filesystem::path>{}
                                         : std::vector{params.evaluations[i]};
        for (const auto& file : files) {
            check_progress(progress, "reading " + file.string(), f0);
            run.evaluations.push_back(read_evaluation_file(file));
        }
        std::optional<LoadedRun> loaded;
        if (run.evaluations.empty()) {
            check_progress(progress, "evaluating " + run.name, f0);
            loaded.emplace(load_run(folder, torch::kCPU));
            run.evaluations.push_back(
                evaluate_at_export(run.name, *loaded, params, progress, f0, fm));
        }
        std::vector<EvaluationResult> results;
        for (const auto& e : run.evaluations) results.push_back(e.result);
        run.combined = average(results);
        if (i == 0) questions = pick_questions(run, params.examples);
        add_examples(run, questions);
        if (params.explain && !run.examples.empty() && std::filesystem::exists(folder / "st")) {
            if (!loaded) loaded.emplace(load_run(folder, torch::kCPU));
            explain_examples(run, *loaded, params, progress, fm, f1);
        }
        if (params.diagnostics > 0 && std::filesystem::exists(folder / "cg")) {
            if (!loaded) loaded.emplace(load_run(folder, torch::kCPU));
            run.diagnostics = run_diagnostics(
                *loaded, diagnosed_methods(run.combined), params.split, params.diagnostics,
                [&](int64_t done, int64_t total) {
                    check_progress(progress, "diagnosing the latent tokens of " + run.name,
                                   f1 - 0.01 * (1 - double(done) / double(std::max<int64_t>(total, 1))));
                    return true;
                });
        }
        data.runs.push_back(std::move(run));
    }
    check_progress(progress, "done", 1.0);
    return data;
}

nlohmann::json report_json(const ReportData& data) {
    nlohmann::json j;
    j["schema"] = "semcot.report/1";
    j["title"] = data.title;
    j["generated"] = data.generated;
    j["provenance"] = data.provenance;
    j["runs"] = nlohmann::json::array();
    for (const auto& run : data.runs) {
        nlohmann::json r;
        r["name"] = run.name;
        r["folder"] = run.folder.string();
        r["config"] = nlohmann::json::object();
        for (const auto& [key, value] : config_rows(run.info)) r["config"][key] = value;
        r["methods"] = methods_json(run.combined);
        r["paired"] = nlohmann::json::array();
        for (const auto& c : paired_comparisons(run.combined)) r["paired"].push_back(c.to_json());
        r["slices"] = slices_json(run.combined);
        if (!run.diagnostics.is_null()) r["diagnostics"] = run.diagnostics;
        r["evaluations"] = nlohmann::json::array();
        for (const auto& e : run.evaluations) {
            nlohmann::json ej = {{"label", e.label}, {"source", e.source}};
            if (!e.result.provenance.is_null()) ej["provenance"] = e.result.provenance;
            ej["methods"] = methods_json(e.result);
            ej["samples"] = nlohmann::json::array();
            for (const auto& s : e.result.samples) ej["samples"].push_back(s.to_json());
            r["evaluations"].push_back(std::move(ej));
        }
        r["examples"] = nlohmann::json::array();
        for (const auto& ex : run.examples) {
            nlohmann::json x = {{"index", ex.index}, {"query", ex.query}, {"gold", ex.gold}};
            x["answers"] = nlohmann::json::array();
            for (const auto& s : ex.answers) x["answers"].push_back(s.to_json());
            if (!ex.explain.is_null()) x["explain"] = ex.explain;
            r["examples"].push_back(std::move(x));
        }
        j["runs"].push_back(std::move(r));
    }
    return j;
}

std::string summary_csv(const ReportData& data) {
    std::ostringstream out;
    out << "run,evaluation,method,n,correct,accuracy,ci95_low,ci95_high,mean_latency_s,"
           "median_latency_s,mean_implicit_s,mean_new_tokens,speedup_vs_cot\n";
    auto rows = [&](const std::string& run, const std::string& label, const EvaluationResult& r) {
        for (const auto& name : method_order()) {
            auto it = r.methods.find(name);
            if (it == r.methods.end()) continue;
            const auto& m = it->second;
            out << csv_cell(run) << "," << csv_cell(label) << "," << name << "," << m.n << ","
                << m.correct << "," << csv_number(m.accuracy) << "," << csv_number(m.ci95_low)
                << "," << csv_number(m.ci95_high) << "," << csv_number(m.mean_latency_s) << ","
                << csv_number(m.median_latency_s) << "," << csv_number(m.mean_implicit_s) << ","
                << csv_number(m.mean_new_tokens) << "," << (m.speedup_vs_cot ? csv_number(*m.speedup_vs_cot) : std::string()) << "\n";
        }
    };
    for (const auto& run : data.runs) {
        rows(run.name, "combined", run.combined);
        for (const auto& e : run.evaluations) rows(run.name, e.label, e.result);
    }
    return out.str();
}

std::string samples_csv(const ReportData& data) {
    std::ostringstream out;
    out << "run,evaluation,index,method,query,gold,output,extracted,correct,implicit_s,prefill_s,"
           "decode_s,total_s,new_tokens\n";
    for (const auto& run : data.runs)
        for (const auto& e : run.evaluations)
            for (const auto& s : e.result.samples) {
                const auto& r = s.result;
                out << csv_cell(run.name) << "," << csv_cell(e.label) << "," << s.index << ","
                    << method_name(r.method) << "," << csv_cell(s.query) << "," << csv_cell(s.gold)
                    << "," << csv_cell(r.output) << "," << csv_cell(r.extracted) << ","
                    << (r.correct ? 1 : 0) << "," << csv_number(r.implicit_s) << ","
                    << csv_number(r.prefill_s) << "," << csv_number(r.decode_s) << ","
                    << csv_number(r.total_s) << "," << r.new_tokens << "\n";
            }
    return out.str();
}

} // namespace semcot::report
