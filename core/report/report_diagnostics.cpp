#include "report/report_diagnostics.h"

#include "analysis/diagnostics.h"
#include "baselines/method_loader.h"
#include "report/report_format.h"
#include "report/report_model.h"
#include "semcot/run.h"

namespace semcot::report {

const char* const kDiagnosticsNote =
    "Norms are L2 norms of the latent tokens against the teacher's own embedding rows. A cosine "
    "across questions near 1 means every question gets nearly the same token; the effective "
    "rank is exp of the entropy of the normalised singular values (1: all on one line). The "
    "interventions answer the same questions with the tokens zeroed, replaced by another "
    "question's, removed (none) or removed one position at a time; in the control the teacher "
    "cannot attend to the tokens, so no answer may change there.";

namespace {

// The methods analysis/diagnostics.h accepts: latents in the teacher's embedding space.
bool has_latent_tokens(Method m) {
    return m == Method::semcot || m == Method::softcot || m == Method::pause ||
           m == Method::coconut || m == Method::codi;
}

} // namespace

std::vector<std::string> diagnosed_methods(const EvaluationResult& e) {
    std::vector<std::string> out;
    for (const auto& name : method_order())
        if (e.methods.count(name) && has_latent_tokens(parse_method(name))) out.push_back(name);
    return out;
}

nlohmann::json run_diagnostics(LoadedRun& run, const std::vector<std::string>& methods,
                               const std::string& split, int64_t n,
                               const std::function<bool(int64_t, int64_t)>& progress) {
    if (methods.empty()) return nullptr;
    auto questions = run.split(split);
    questions.resize(std::min(questions.size(), size_t(std::max<int64_t>(n, 2))));
    const int64_t per = int64_t(questions.size()), total = 3 * per * int64_t(methods.size());
    int64_t base = 0;
    auto step = [&](int64_t done, int64_t) { return !progress || progress(base + done, total); };
    nlohmann::json out = {{"split", split}, {"questions", per}, {"methods", nlohmann::json::object()}};
    for (const auto& name : methods) {
        const Method m = parse_method(name);
        const auto loaded = load_method(run, m, {}, torch::kCPU);
        const InferenceContext& ctx = loaded->context;
        nlohmann::json d;
        d["tokens"] = token_diagnostics(ctx, m, questions, step).to_json();
        base += per;
        d["interventions"] = intervene(ctx, m, questions, false, 0, step).to_json();
        base += per;
        d["control"] = intervene(ctx, m, questions, true, 0, step).to_json();
        base += per;
        out["methods"][name] = d;
    }
    return out;
}

namespace {

std::string mean_sd(const nlohmann::json& n) {
    return fixed(n.value("mean", 0.0), 2) + " ± " + fixed(n.value("sd", 0.0), 2);
}

TextTable token_table(const std::string& caption, const nlohmann::json& t) {
    TextTable table{caption,
                    {"Token", "L2 norm (mean ± sd)", "Norm / embedding norm",
                     "Cosine across questions", "Effective rank"},
                    {}};
    const double emb = t["embedding_norms"].value("mean", 0.0);
    const auto& norms = t["norms"];
    for (size_t p = 0; p < norms.size(); ++p)
        table.rows.push_back(
            {"t" + std::to_string(p + 1), mean_sd(norms[p]),
             emb > 0 ? fixed(norms[p].value("mean", 0.0) / emb, 1) + "x" : "-",
             fixed(t["across_questions_cosine"][p].get<double>(), 3),
             fixed(t["effective_rank"][p].get<double>(), 2)});
    table.rows.push_back({"all positions", "", "", "", fixed(t.value("effective_rank_all", 0.0), 2)});
    table.rows.push_back({"teacher embedding rows", mean_sd(t["embedding_norms"]), "1.0x",
                          fixed(t.value("embedding_pair_cosine", 0.0), 3) + " (random pairs)",
                          ""});
    return table;
}

TextTable intervention_table(const std::string& caption, const nlohmann::json& d) {
    TextTable table{caption,
                    {"Intervention", "Accuracy", "Change (points)", "Answers changed",
                     "Control: accuracy", "Control: answers changed"},
                    {}};
    const auto& rows = d["interventions"]["rows"];
    const auto& control = d["control"]["rows"];
    const double base = rows.empty() ? 0.0 : rows[0].value("accuracy", 0.0);
    for (size_t r = 0; r < rows.size(); ++r) {
        const double acc = rows[r].value("accuracy", 0.0);
        const bool first = r == 0;
        const std::string change = (acc - base > 0 ? "+" : "") + fixed(100 * (acc - base), 1);
        std::vector<std::string> row = {rows[r].value("intervention", std::string()),
                                        percent(acc), first ? "" : change,
                                        first ? "" : std::to_string(rows[r].value("changed", 0))};
        if (r < control.size()) {
            row.push_back(percent(control[r].value("accuracy", 0.0)));
            row.push_back(first ? "" : std::to_string(control[r].value("changed", 0)));
        } else {
            row.insert(row.end(), {"-", "-"});
        }
        table.rows.push_back(row);
    }
    return table;
}

} // namespace

std::vector<TextTable> diagnostics_tables(const std::string& run_name, const nlohmann::json& diag) {
    std::vector<TextTable> out;
    if (!diag.is_object() || !diag.contains("methods")) return out;
    const std::string over = std::to_string(diag.value("questions", 0)) + " " +
                             diag.value("split", std::string("test")) + " questions";
    for (const auto& name : method_order()) {
        if (!diag["methods"].contains(name)) continue;
        const auto& d = diag["methods"][name];
        const std::string who = run_name + ", " + method_label(name);
        out.push_back(token_table(who + ": latent tokens over " + over, d["tokens"]));
        out.push_back(intervention_table(who + ": interventions over " + over, d));
    }
    return out;
}

} // namespace semcot::report
