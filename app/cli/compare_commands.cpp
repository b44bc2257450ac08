// compare, slice: questions a paper needs answered from evaluation files (issue 16): is method
// A better than B on the same questions (McNemar, paired bootstrap, latency spread), and where
// does a method fail (accuracy by slice, gold against predicted).
#include "commands.h"

#include "common/error.h"
#include "common/platform.h"
#include "report/comparison.h"
#include "report/report_model.h"
#include "report/slices.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <sstream>

namespace semcot::cli {

namespace {

EvaluationResult read_evaluation(const std::string& path) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(read_file(path));
    } catch (const nlohmann::json::exception& e) {
        throw FormatError(path + ": invalid JSON: " + e.what());
    }
    return report::evaluation_from_json(j, path);
}

std::vector<std::string> split_list(const std::string& list) {
    std::vector<std::string> out;
    std::stringstream in(list);
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty()) out.push_back(item);
    return out;
}

void add_compare(CLI::App& app, const std::function<void(Runner)>& select) {
    struct Options {
        std::vector<std::string> evaluations;
        std::string methods, json;
        int64_t resamples = 10000;
        uint64_t seed = 0;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand(
        "compare", "Paired comparison on the same questions: McNemar's test, a bootstrap "
                   "interval of the accuracy difference, latency spread");
    cmd->add_option("--eval", o->evaluations,
                    "Evaluation file (semcot eval --json); once to compare two of its methods, "
                    "twice to compare two runs")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("--methods", o->methods,
                    "A,B (two methods of one file), or one method (or A,B) across two files")
        ->required();
    cmd->add_option("--resamples", o->resamples, "Bootstrap resamples")
        ->check(CLI::Range(int64_t(100), int64_t(10000000)))
        ->capture_default_str();
    cmd->add_option("--seed", o->seed, "Bootstrap seed")->capture_default_str();
    cmd->add_option("--json", o->json, "Also write the comparison (semcot.compare/1)");
    cmd->callback([o, select] {
        select([o] {
            if (o->evaluations.size() > 2)
                throw InvalidArgument("--eval: one file (two methods) or two files");
            auto methods = split_list(o->methods);
            if (methods.size() == 1 && o->evaluations.size() == 2) methods.push_back(methods[0]);
            if (methods.size() != 2)
                throw InvalidArgument("--methods needs two methods (A,B), or one across two "
                                      "--eval files");
            for (const auto& m : methods) parse_method(m);
            const bool same_file =
                o->evaluations.size() == 1 ||
                std::filesystem::weakly_canonical(o->evaluations[0]) ==
                    std::filesystem::weakly_canonical(o->evaluations[1]);
            if (same_file && methods[0] == methods[1])
                throw InvalidArgument("--methods " + methods[0] + "," + methods[1] +
                                      " compares a method with itself on the same file");
            const EvaluationResult a = read_evaluation(o->evaluations.front());
            const EvaluationResult b =
                o->evaluations.size() == 2 ? read_evaluation(o->evaluations[1]) : a;
            PairedComparison c = compare_methods(a, methods[0], b, methods[1], o->resamples, o->seed);
            if (o->evaluations.size() == 2) {
                c.a = o->evaluations[0] + ":" + methods[0];
                c.b = o->evaluations[1] + ":" + methods[1];
            }
            std::cout << c.table();
            if (!o->json.empty()) write_file_atomic(o->json, c.to_json().dump(2) + "\n");
            return 0;
        });
    });
}

void add_slice(CLI::App& app, const std::function<void(Runner)>& select) {
    struct Options {
        std::string evaluation, method = "semcot", by = "all", json;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand(
        "slice", "Where a method fails: accuracy by answer, question length and task feature, "
                 "and gold against predicted answers");
    cmd->add_option("--eval", o->evaluation, "Evaluation file (semcot eval --json)")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("--method", o->method, "The method to slice")->capture_default_str();
    cmd->add_option("--by", o->by,
                    "all, answer, length or feature:NAME (e.g. feature:flips)")
        ->capture_default_str();
    cmd->add_option("--json", o->json, "Also write the tables as JSON (semcot.slices/1)");
    cmd->callback([o, select] {
        select([o] {
            parse_method(o->method);
            const EvaluationResult e = read_evaluation(o->evaluation);
            const auto slicings =
                o->by == "all" ? available_slices(e, o->method) : std::vector<std::string>{o->by};
            nlohmann::json out = {{"schema", "semcot.slices/1"}, {"method", o->method}};
            const ConfusionTable confusion = confusion_table(e, o->method);
            std::cout << confusion.table() << "\n";
            out["confusion"] = confusion.to_json();
            out["slices"] = nlohmann::json::array();
            for (const auto& by : slicings) {
                const SliceTable t = slice_results(e, o->method, by);
                std::cout << t.table() << "\n";
                out["slices"].push_back(t.to_json());
            }
            if (!o->json.empty()) write_file_atomic(o->json, out.dump(2) + "\n");
            return 0;
        });
    });
}

} // namespace

void add_compare_commands(CLI::App& app, std::function<void(Runner)> select) {
    add_compare(app, select);
    add_slice(app, select);
}

} // namespace semcot::cli
