// JSON (schemas semcot.explain/1, semcot.alignment-distribution/1, semcot.projection/1; see
// docs/explain.md) and the terminal text of the analysis results.
#include "analysis/explain.h"

#include "common/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace semcot {

namespace {

using json = nlohmann::json;

// NaN is not JSON: an absent score is written as null and read back as NaN.
json num_or_null(double v) {
    return std::isfinite(v) ? json(v) : json(nullptr);
}

// Reads keys of one object, naming the source and the key path in every error.
class Reader {
public:
    Reader(const json& j, std::string source, std::string path)
        : j_(j)
        , source_(std::move(source))
        , path_(std::move(path)) {
        if (!j_.is_object()) fail("", "expected an object");
    }

    [[noreturn]] void fail(const std::string& key, const std::string& what) const {
        throw FormatError(source_ + ": key '" + path_ + key + "': " + what);
    }
    const json& at(const std::string& key) const {
        if (!j_.contains(key)) fail(key, "missing");
        return j_.at(key);
    }
    std::string str(const std::string& key) const {
        const auto& v = at(key);
        if (!v.is_string()) fail(key, "expected a string");
        return v.get<std::string>();
    }
    double num(const std::string& key) const {
        const auto& v = at(key);
        if (v.is_null()) return std::nan("");
        if (!v.is_number()) fail(key, "expected a number");
        return v.get<double>();
    }
    int64_t integer(const std::string& key) const {
        const auto& v = at(key);
        if (!v.is_number_integer()) fail(key, "expected an integer");
        return v.get<int64_t>();
    }
    bool boolean(const std::string& key) const {
        const auto& v = at(key);
        if (!v.is_boolean()) fail(key, "expected a boolean");
        return v.get<bool>();
    }
    const json& array(const std::string& key) const {
        const auto& v = at(key);
        if (!v.is_array()) fail(key, "expected an array");
        return v;
    }
    template <typename T> std::vector<T> list(const std::string& key) const {
        try {
            return array(key).get<std::vector<T>>();
        } catch (const json::exception&) {
            fail(key, "wrong element type");
        }
    }
    Reader child(const std::string& key) const { return Reader(at(key), source_, sub(key)); }
    Reader element(const std::string& key, size_t i) const {
        return Reader(array(key)[i], source_, path_ + key + "[" + std::to_string(i) + "].");
    }
    size_t size(const std::string& key) const { return array(key).size(); }
    void expect_schema(const std::string& schema) const {
        const auto s = str("schema");
        if (s != schema) fail("schema", "expected \"" + schema + "\", got \"" + s + "\"");
    }

private:
    std::string sub(const std::string& key) const { return path_ + key + "."; }
    const json& j_;
    std::string source_, path_;
};

json to_j(const TokenNeighbours& t) {
    json n = json::array();
    for (const auto& nb : t.neighbours)
        n.push_back({{"index", nb.index}, {"text", nb.text}, {"score", nb.score}});
    return {{"position", t.position}, {"label", t.label},   {"norm", t.norm},
            {"neighbours", n},        {"margin", t.margin}, {"baseline_z", t.baseline_z}};
}

TokenNeighbours token_from(const Reader& r) {
    TokenNeighbours t;
    t.position = r.integer("position");
    t.label = r.str("label");
    t.norm = r.num("norm");
    t.margin = r.num("margin");
    t.baseline_z = r.num("baseline_z");
    for (size_t i = 0; i < r.size("neighbours"); ++i) {
        auto e = r.element("neighbours", i);
        t.neighbours.push_back({e.integer("index"), e.str("text"), e.num("score")});
    }
    return t;
}

json to_j(const AlignmentMatrix& m) {
    return {{"source", m.source},
            {"reasoning", m.reasoning},
            {"steps", m.steps},
            {"rows", m.rows},
            {"cols", m.cols},
            {"cells", m.cells},
            {"score", num_or_null(m.score)}};
}

AlignmentMatrix alignment_from(const Reader& r) {
    AlignmentMatrix m;
    m.source = r.str("source");
    m.reasoning = r.str("reasoning");
    m.steps = r.list<std::string>("steps");
    m.rows = r.integer("rows");
    m.cols = r.integer("cols");
    m.cells = r.list<double>("cells");
    m.score = r.num("score");
    if (m.rows < 0 || m.cols < 0 || int64_t(m.cells.size()) != m.rows * m.cols)
        r.fail("cells", "expected rows * cols values");
    if (m.cols != 0 && int64_t(m.steps.size()) != m.cols) r.fail("steps", "expected cols steps");
    return m;
}

json to_j(const ScoreSummary& s) {
    return {{"n", s.n},           {"mean", s.mean}, {"std", s.std},
            {"median", s.median}, {"min", s.min},   {"max", s.max}};
}

ScoreSummary summary_from(const Reader& r) {
    return {r.integer("n"),  r.num("mean"), r.num("std"),
            r.num("median"), r.num("min"),  r.num("max")};
}

std::string fixed(double v, int digits = 3) {
    if (!std::isfinite(v)) return "n/a";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

std::string one_line(std::string s) {
    for (auto& c : s)
        if (c == '\n' || c == '\r') c = ' ';
    return s;
}

// "decoded_reasoning": null without a decoder (DecodedReasoning::present false).
json decoded_to_j(const DecodedReasoning& d) {
    if (!d.present) return nullptr;
    json conds = json::object();
    for (const auto& [name, s] : d.conditions) conds[name] = to_json(s);
    return {{"method", "trained decoder (semcot train-decoder): text generated from the implicit "
                       "tokens alone"},
            {"folder", d.folder},
            {"lm", d.lm},
            {"text", d.text},
            {"steps", d.steps},
            {"conclusion", d.conclusion},
            {"rouge_l", num_or_null(d.rouge_l)},
            {"gold_steps", d.gold_steps},
            {"matched_steps", d.matched_steps},
            {"seconds", d.seconds},
            {"test_scores", conds}};
}

DecodedReasoning decoded_from_j(const json& j, const std::string& source) {
    DecodedReasoning d;
    if (j.is_null()) return d;
    Reader r(j, source, "decoded_reasoning.");
    d.present = true;
    d.folder = r.str("folder");
    d.lm = r.str("lm");
    d.text = r.str("text");
    const auto& steps = r.at("steps");
    if (!steps.is_array()) r.fail("steps", "expected an array");
    for (const auto& s : steps) {
        if (!s.is_string()) r.fail("steps", "expected strings");
        d.steps.push_back(s.get<std::string>());
    }
    d.conclusion = r.str("conclusion");
    d.rouge_l = r.num("rouge_l");
    d.gold_steps = r.integer("gold_steps");
    d.matched_steps = r.integer("matched_steps");
    d.seconds = r.num("seconds");
    const auto& conds = r.at("test_scores");
    if (!conds.is_object()) r.fail("test_scores", "expected an object");
    for (const auto& [name, s] : conds.items())
        d.conditions.emplace_back(name, decoder_scores_from_json(s, source + ": test_scores." + name));
    std::stable_sort(d.conditions.begin(), d.conditions.end(), [](const auto& a, const auto& b) {
        return condition_rank(a.first) < condition_rank(b.first);
    });
    return d;
}

} // namespace

json Explanation::to_json() const {
    json toks = json::array();
    for (const auto& t : tokens) toks.push_back(to_j(t));
    json lens = json::array();
    for (const auto& l : logit_lens) {
        json top = json::array();
        for (const auto& t : l.top)
            top.push_back({{"id", t.id}, {"piece", t.piece}, {"prob", t.prob}});
        lens.push_back({{"position", l.position}, {"top", top}});
    }
    return {
        {"schema", schema},
        {"run", run},
        {"question", question},
        {"gold", {{"present", has_gold}, {"answer", gold_answer}, {"reasoning", gold_reasoning}}},
        {"k", k},
        {"top_k", top_k},
        {"cot", {{"output", cot_output}, {"answer", cot_answer}, {"correct", cot_correct}}},
        {"semcot",
         {{"output", semcot_output}, {"answer", semcot_answer}, {"correct", semcot_correct}}},
        {"decoding",
         {{"method", "nearest neighbour in the sentence-transformer space (cosine), not a "
                     "generation"},
          {"tokens", toks},
          {"pooled", to_j(pooled)}}},
        {"baseline",
         {{"pairs", baseline.pairs},
          {"mean", baseline.mean},
          {"std", baseline.std},
          {"p50", baseline.p50},
          {"p95", baseline.p95},
          {"p99", baseline.p99},
          {"min", baseline.min},
          {"max", baseline.max}}},
        {"logit_lens", {{"kind", "raw logit lens"}, {"tokens", lens}}},
        {"alignment", {{"ground_truth", to_j(ground_truth)}, {"teacher_cot", to_j(teacher_cot)}}},
        {"bank",
         {{"cache_dir", bank.cache_dir},
          {"size", bank.size},
          {"st_hash", bank.st_hash},
          {"rebuilt", bank.rebuilt},
          {"build_s", bank.build_s}}},
        {"timings",
         {{"cot_s", timings.cot_s},
          {"semcot_s", timings.semcot_s},
          {"implicit_s", timings.implicit_s},
          {"decode_s", timings.decode_s},
          {"logit_lens_s", timings.logit_lens_s},
          {"alignment_s", timings.alignment_s},
          {"total_s", timings.total_s}}},
        {"decoded_reasoning", decoded_to_j(decoded)},
    };
}

Explanation Explanation::from_json(const json& j, const std::string& source) {
    Reader r(j, source, "");
    r.expect_schema(kExplainSchema);
    Explanation e;
    e.run = r.str("run");
    e.question = r.str("question");
    auto gold = r.child("gold");
    e.has_gold = gold.boolean("present");
    e.gold_answer = gold.str("answer");
    e.gold_reasoning = gold.str("reasoning");
    e.k = r.integer("k");
    e.top_k = r.integer("top_k");
    auto cot = r.child("cot");
    e.cot_output = cot.str("output");
    e.cot_answer = cot.str("answer");
    e.cot_correct = cot.boolean("correct");
    auto sem = r.child("semcot");
    e.semcot_output = sem.str("output");
    e.semcot_answer = sem.str("answer");
    e.semcot_correct = sem.boolean("correct");
    auto dec = r.child("decoding");
    for (size_t i = 0; i < dec.size("tokens"); ++i)
        e.tokens.push_back(token_from(dec.element("tokens", i)));
    e.pooled = token_from(dec.child("pooled"));
    auto b = r.child("baseline");
    e.baseline = {b.integer("pairs"), b.num("mean"), b.num("std"), b.num("p50"),
                  b.num("p95"),       b.num("p99"),  b.num("min"), b.num("max")};
    auto lens = r.child("logit_lens");
    for (size_t i = 0; i < lens.size("tokens"); ++i) {
        auto l = lens.element("tokens", i);
        LogitLensEntry entry;
        entry.position = l.integer("position");
        for (size_t k = 0; k < l.size("top"); ++k) {
            auto t = l.element("top", k);
            entry.top.push_back({t.integer("id"), t.str("piece"), t.num("prob")});
        }
        e.logit_lens.push_back(std::move(entry));
    }
    auto al = r.child("alignment");
    e.ground_truth = alignment_from(al.child("ground_truth"));
    e.teacher_cot = alignment_from(al.child("teacher_cot"));
    auto bank = r.child("bank");
    e.bank = {bank.str("cache_dir"), bank.integer("size"), bank.str("st_hash"),
              bank.boolean("rebuilt"), bank.num("build_s")};
    auto t = r.child("timings");
    e.timings = {t.num("cot_s"),    t.num("semcot_s"),     t.num("implicit_s"),
                 t.num("decode_s"), t.num("logit_lens_s"), t.num("alignment_s"),
                 t.num("total_s")};
    if (j.contains("decoded_reasoning")) // absent in files written before the decoder
        e.decoded = decoded_from_j(j["decoded_reasoning"], source);
    return e;
}

std::string Explanation::to_text() const {
    std::ostringstream o;
    o << "Question: " << question << "\n";
    if (has_gold) o << "Gold answer: " << gold_answer << "\n";
    if (!cot_output.empty() || !semcot_output.empty()) {
        o << "\nTeacher, explicit CoT:\n  " << one_line(cot_output) << "\n";
        o << "  -> answer: " << (cot_answer.empty() ? "(none)" : cot_answer)
          << (has_gold ? (cot_correct ? "  [correct]" : "  [wrong]") : "") << "\n";
        o << "SemCoT (" << k << " implicit token" << (k == 1 ? "" : "s") << "):\n  "
          << one_line(semcot_output) << "\n";
        o << "  -> answer: " << (semcot_answer.empty() ? "(none)" : semcot_answer)
          << (has_gold ? (semcot_correct ? "  [correct]" : "  [wrong]") : "") << "\n";
    }
    o << "\nNearest bank sentences of each implicit token (" << bank.size
      << " sentences, cosine in the sentence-transformer space).\n"
         "These are nearest neighbours in the ST space, not text the model generated.\n";
    o << "Random-pair baseline: mean " << fixed(baseline.mean) << ", std " << fixed(baseline.std)
      << ", p95 " << fixed(baseline.p95) << ", p99 " << fixed(baseline.p99) << " ("
      << baseline.pairs << " random pairs of bank sentences); a score must beat it to mean "
      << "anything.\n";
    auto print_token = [&](const TokenNeighbours& t) {
        o << "  " << t.label << "  |v| " << fixed(t.norm, 2) << "  margin " << fixed(t.margin)
          << "  z " << fixed(t.baseline_z, 1) << "\n";
        for (const auto& nb : t.neighbours)
            o << "      " << fixed(nb.score) << "  " << one_line(nb.text) << "\n";
    };
    for (const auto& t : tokens) print_token(t);
    print_token(pooled);
    o << "\nRaw logit lens (teacher's final norm + LM head on each implicit token):\n";
    for (const auto& l : logit_lens) {
        o << "  t" << l.position + 1 << ":";
        for (const auto& t : l.top) o << "  " << t.piece << " " << fixed(t.prob);
        o << "\n";
    }
    auto print_matrix = [&](const AlignmentMatrix& m, const char* title) {
        o << "\nAlignment with " << title << ": score " << fixed(m.score)
          << " (cosine of ST(implicit tokens) and ST(reasoning))\n";
        if (m.empty()) return;
        o << "  cosine per step, one column per implicit token:";
        for (int64_t r = 0; r < m.rows; ++r) o << "  t" << r + 1;
        o << "\n";
        for (int64_t c = 0; c < m.cols; ++c) {
            o << "  step " << c + 1 << ":";
            for (int64_t r = 0; r < m.rows; ++r) o << "  " << fixed(m.at(r, c));
            o << "  " << one_line(m.steps[size_t(c)]) << "\n";
        }
    };
    if (!ground_truth.empty()) print_matrix(ground_truth, "the ground-truth reasoning");
    if (!teacher_cot.empty()) print_matrix(teacher_cot, "the teacher's explicit CoT");
    if (decoded.present) {
        o << "\nDecoded reasoning (a decoder trained to write the reasoning from the implicit tokens "
             "alone, " << decoded.folder << "):\n";
        for (const auto& step : decoded.steps) o << "  " << step << "\n";
        o << "  -> concludes: " << (decoded.conclusion.empty() ? "(nothing)" : decoded.conclusion);
        if (std::isfinite(decoded.rouge_l))
            o << "  ROUGE-L " << fixed(decoded.rouge_l) << ", steps matched " << decoded.matched_steps
              << "/" << decoded.gold_steps;
        o << "\n";
        for (const auto& [name, sc] : decoded.conditions)
            o << "  test split, " << condition_label(name) << ": ROUGE-L " << fixed(sc.rouge_l) << ", step exact "
              << fixed(sc.step_exact) << (sc.coin_n > 0 ? ", coin state " + fixed(sc.coin_state) : "")
              << "\n";
    } else {
        o << "\nDecoded reasoning: no trained decoder (semcot train-decoder --run RUN trains one "
             "that writes the reasoning from the implicit tokens alone)\n";
    }
    o << "\nTimings: implicit tokens " << fixed(timings.implicit_s * 1e3, 1)
      << " ms, nearest sentences "
      << fixed(timings.decode_s * 1e3, 1) << " ms, logit lens "
      << fixed(timings.logit_lens_s * 1e3, 1) << " ms, alignment "
      << fixed(timings.alignment_s * 1e3, 1) << " ms, total " << fixed(timings.total_s, 2)
      << " s\n";
    o << "Bank: " << bank.cache_dir << " (" << (bank.rebuilt ? "built now" : "cached") << ", ST "
      << bank.st_hash << ")\n";
    return o.str();
}

json AlignmentDistribution::to_json() const {
    json s = json::array();
    for (const auto& x : samples)
        s.push_back(
            {{"index", x.index}, {"query", x.query}, {"correct", x.correct}, {"score", x.score}});
    return {{"schema", schema},
            {"run", run},
            {"samples", s},
            {"correct", to_j(correct)},
            {"incorrect", to_j(incorrect)},
            {"histogram",
             {{"edges", histogram_edges},
              {"correct", histogram_correct},
              {"incorrect", histogram_incorrect}}}};
}

AlignmentDistribution AlignmentDistribution::from_json(const json& j, const std::string& source) {
    Reader r(j, source, "");
    r.expect_schema(kAlignmentDistributionSchema);
    AlignmentDistribution d;
    d.run = r.str("run");
    for (size_t i = 0; i < r.size("samples"); ++i) {
        auto s = r.element("samples", i);
        d.samples.push_back(
            {s.integer("index"), s.str("query"), s.boolean("correct"), s.num("score")});
    }
    d.correct = summary_from(r.child("correct"));
    d.incorrect = summary_from(r.child("incorrect"));
    auto h = r.child("histogram");
    d.histogram_edges = h.list<double>("edges");
    d.histogram_correct = h.list<int64_t>("correct");
    d.histogram_incorrect = h.list<int64_t>("incorrect");
    return d;
}

json Projection::to_json() const {
    json p = json::array();
    for (const auto& x : points)
        p.push_back({{"x", x.x},
                     {"y", x.y},
                     {"kind", x.kind},
                     {"question", x.question},
                     {"position", x.position},
                     {"bank_index", x.bank_index},
                     {"label", x.label}});
    return {{"schema", schema},
            {"explained_variance", {explained_variance[0], explained_variance[1]}},
            {"points", p}};
}

Projection Projection::from_json(const json& j, const std::string& source) {
    Reader r(j, source, "");
    r.expect_schema(kProjectionSchema);
    Projection p;
    auto ev = r.list<double>("explained_variance");
    if (ev.size() != 2) r.fail("explained_variance", "expected two numbers");
    p.explained_variance[0] = ev[0];
    p.explained_variance[1] = ev[1];
    for (size_t i = 0; i < r.size("points"); ++i) {
        auto e = r.element("points", i);
        p.points.push_back({e.num("x"), e.num("y"), e.str("kind"), e.integer("question"),
                            e.integer("position"), e.integer("bank_index"), e.str("label")});
    }
    return p;
}

} // namespace semcot
