#include "semcot/dataset_fit.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

namespace semcot {

using nlohmann::json;

FitSettings FitSettings::from_preset(const json& preset, const std::string& source) {
    FitSettings s;
    if (preset.contains("over_long")) {
        const json& v = preset["over_long"];
        if (!v.is_string() || (v != "stop" && v != "skip"))
            throw FormatError(source + ": key 'over_long' must be \"stop\" or \"skip\"");
        s.over_long = v.get<std::string>();
    }
    if (!preset.contains("fit") || preset["fit"].is_null()) return s;
    const json& f = preset["fit"];
    if (!f.is_object()) throw FormatError(source + ": key 'fit' must be an object");
    s.enabled = true;
    // A percentile below 100 leaves examples out by construction: fitting skips by default.
    if (!preset.contains("over_long")) s.over_long = "skip";
    try {
        s.percentile = f.value("percentile", s.percentile);
        s.max_length_cap = f.value("max_length_cap", s.max_length_cap);
        s.vocab = f.value("vocab", s.vocab);
    } catch (const json::exception&) {
        throw FormatError(source + ": key 'fit' has a value of the wrong type");
    }
    if (!(s.percentile > 0 && s.percentile <= 100))
        throw FormatError(source + ": key 'fit.percentile' must be in (0, 100]");
    if (s.max_length_cap < 16)
        throw FormatError(source + ": key 'fit.max_length_cap' must be at least 16");
    return s;
}

void FitSettings::to_preset(json& preset) const {
    preset["over_long"] = over_long;
    if (enabled)
        preset["fit"] = {
            {"percentile", percentile}, {"max_length_cap", max_length_cap}, {"vocab", vocab}};
    else
        preset.erase("fit");
}

int64_t fit_vocab_size(const std::vector<Example>& train) {
    std::set<std::string> words;
    auto add = [&](const std::string& text) {
        std::istringstream in(text);
        for (std::string w; in >> w;) words.insert(w);
    };
    for (const auto& e : train) {
        add(e.query);
        add(e.reasoning);
        add(e.answer);
    }
    const int64_t quarter = (int64_t(words.size()) + 3) / 4;
    const int64_t rounded = (quarter + 63) / 64 * 64;
    return std::clamp<int64_t>(rounded, 400, 4096);
}

ExampleLengths example_lengths(const Tokenizer& tok, const PromptTemplate& prompts,
                               const Example& e, int64_t k) {
    const int64_t specials = (tok.add_bos() ? 1 : 0) + (tok.eos_id() >= 0 ? 1 : 0);
    auto pair_length = [&](PromptFormat format) {
        const auto pair = make_training_pair(prompts, e, format);
        return int64_t(tok.encode(pair.prompt + pair.target).size()) + specials;
    };
    ExampleLengths l;
    l.cot = pair_length(PromptFormat::cot);
    l.direct = pair_length(PromptFormat::direct);
    // The generator's teacher input: the direct prompt, k implicit tokens, the answer suffix and
    // the answer; the trainer keeps 8 tokens of slack (semcot_trainer.cpp).
    l.generator = int64_t(tok.encode(build_direct_prompt(prompts, e.query) +
                                     implicit_answer_suffix(prompts) + " " + e.answer)
                              .size()) +
                  specials + k + 8;
    return l;
}

int64_t example_length(const Tokenizer& tok, const PromptTemplate& prompts, const Example& e,
                       int64_t k) {
    return example_lengths(tok, prompts, e, k).longest();
}

OverLong generator_over_long(const Tokenizer& tok, const PromptTemplate& prompts,
                             const std::vector<Example>& examples, int64_t k, int64_t max_length) {
    OverLong o;
    for (const Example& e : examples) {
        const int64_t n = example_lengths(tok, prompts, e, k).generator;
        if (n > max_length) {
            ++o.count;
            o.longest = std::max(o.longest, n);
        }
    }
    return o;
}

int64_t nearest_rank(std::vector<int64_t> values, double percentile) {
    if (values.empty()) throw InvalidArgument("nearest_rank: no values");
    std::sort(values.begin(), values.end());
    const auto rank = size_t(std::ceil(percentile / 100.0 * double(values.size())));
    return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

int64_t run_vocab_size(const FitSettings& fit, int64_t preset_vocab_size,
                       const std::vector<Example>& train) {
    return fit.enabled && fit.vocab ? fit_vocab_size(train) : preset_vocab_size;
}

int64_t fit_max_length(std::vector<int64_t> lengths, double percentile, int64_t cap) {
    if (lengths.empty()) throw InvalidArgument("fit_max_length: no lengths");
    const int64_t at = nearest_rank(std::move(lengths), percentile);
    return std::min<int64_t>((at + 7) / 8 * 8, cap);
}

json DatasetFit::to_json() const {
    return {{"fitted", fitted},
            {"vocab_size", vocab_size},
            {"max_length", max_length},
            {"percentile", percentile},
            {"median_length", median_length},
            {"percentile_length", percentile_length},
            {"longest", longest},
            {"p90_length", p90_length},
            {"median_direct_length", median_direct_length},
            {"train", train},
            {"validation", validation},
            {"skipped_train", skipped_train},
            {"skipped_validation", skipped_validation},
            {"over_long", over_long}};
}

DatasetFit DatasetFit::from_json(const json& j) {
    DatasetFit f;
    f.fitted = j.value("fitted", false);
    f.vocab_size = j.value("vocab_size", int64_t(0));
    f.max_length = j.value("max_length", int64_t(0));
    f.percentile = j.value("percentile", 99.0);
    f.median_length = j.value("median_length", int64_t(0));
    f.percentile_length = j.value("percentile_length", int64_t(0));
    f.longest = j.value("longest", int64_t(0));
    f.p90_length = j.value("p90_length", int64_t(0));
    f.median_direct_length = j.value("median_direct_length", int64_t(0));
    f.train = j.value("train", int64_t(0));
    f.validation = j.value("validation", int64_t(0));
    f.skipped_train = j.value("skipped_train", int64_t(0));
    f.skipped_validation = j.value("skipped_validation", int64_t(0));
    f.over_long = j.value("over_long", std::string("stop"));
    return f;
}

std::string DatasetFit::describe() const {
    std::ostringstream s;
    s << "fit: tokenizer of " << vocab_size << " pieces; training examples " << median_length
      << " tokens median, " << percentile_length << " at the " << percentile << "th percentile, "
      << longest << " longest\n";
    s << "fit: max_length " << max_length << (fitted ? " (from the data)" : " (the preset's)")
      << "; longer: " << skipped_train << " of " << train << " training, " << skipped_validation
      << " of " << validation << " validation examples";
    if (skipped_train + skipped_validation > 0)
        s << (over_long == "skip" ? ", skipped" : ", so the run stops (over_long: stop)");
    return s.str();
}

} // namespace semcot
