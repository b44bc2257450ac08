#include "baselines/icot.h"

#include "common/error.h"
#include "common/json_keys.h"

#include <cmath>
#include <random>

namespace semcot {

namespace fs = std::filesystem;
using nlohmann::json;

json IcotParams::to_json() const {
    json j = {{"remove_per_stage", remove_per_stage},
              {"removal_smoothing_lambda", removal_smoothing_lambda}};
    BaselineParams::to_json(j);
    return j;
}

IcotParams IcotParams::from_json(const json& j, const std::string& source) {
    IcotParams p;
    p.read_json(j, source);
    read_key(j, source, "remove_per_stage", p.remove_per_stage);
    read_key(j, source, "removal_smoothing_lambda", p.removal_smoothing_lambda);
    return p;
}

LmSequence icot_sequence(const Tokenizer& tok, const PromptTemplate& prompts, const Example& ex,
                         int64_t removed, int64_t max_length, int64_t* reasoning_tokens) {
    const TrainingPair pair = make_training_pair(prompts, ex, PromptFormat::cot);
    LmSequence seq = tokenize_lm_pair(tok, {pair.prompt, pair.target}, max_length);
    // The reasoning's tokens are the target's before the answer line: the shared prefix of the
    // prompt + reasoning's tokens with the whole text's.
    std::string reasoning = ex.reasoning;
    while (!reasoning.empty() && std::isspace(static_cast<unsigned char>(reasoning.back())))
        reasoning.pop_back();
    const auto with_reasoning = tok.encode(pair.prompt + reasoning);
    const auto prompt_only = tok.encode(pair.prompt);
    const auto full = tok.encode(pair.prompt + pair.target);
    const size_t shared = shared_prefix_length(with_reasoning, full);
    const int64_t n = std::max<int64_t>(0, int64_t(shared) - int64_t(prompt_only.size()));
    if (reasoning_tokens) *reasoning_tokens = n;
    if (removed >= n && n > 0) {
        // All of it: the pair without the reasoning's text, so that no token the reasoning's
        // last word shares with the line break after it is left over.
        const size_t at = pair.target.find(reasoning);
        if (at == 0) return tokenize_lm_pair(tok, {pair.prompt, pair.target.substr(reasoning.size())}, max_length);
    }
    const int64_t cut = std::clamp<int64_t>(removed, 0, n);
    seq.ids.erase(seq.ids.begin() + seq.target_begin, seq.ids.begin() + seq.target_begin + cut);
    return seq;
}

int64_t icot_stages(const IcotParams& params, int64_t max_reasoning_tokens) {
    return 1 + (max_reasoning_tokens + params.remove_per_stage - 1) / params.remove_per_stage;
}

namespace {

// The original's removal smoothing: offset o >= 0 with P(o) proportional to exp(-lambda o).
int64_t removal_offset(double lambda, std::mt19937_64& rng) {
    if (lambda <= 0) return 0;
    std::uniform_real_distribution<double> u(0.0, 1.0);
    return int64_t(std::floor(-std::log(1.0 - u(rng)) / lambda)); // geometric, rate 1-e^-lambda
}

} // namespace

IcotResult train_icot(LlamaModelImpl& teacher, const Tokenizer& tok, const PromptTemplate& prompts,
                      const std::vector<Example>& train, const std::vector<Example>& validation,
                      const IcotParams& params, const ProgressCallback& progress) {
    params.validate("icot");
    if (params.remove_per_stage < 1)
        throw InvalidArgument("icot: remove_per_stage must be at least 1");
    if (params.removal_smoothing_lambda < 0)
        throw InvalidArgument("icot: removal_smoothing_lambda must not be negative");
    if (train.empty()) throw InvalidArgument("ICoT-SI needs training examples");
    int64_t longest = 0;
    for (size_t i = 0; i < train.size(); ++i) {
        if (train[i].reasoning.empty())
            throw InvalidArgument("ICoT-SI needs reasoning: training example " + std::to_string(i) +
                                  " has none");
        int64_t n = 0;
        icot_sequence(tok, prompts, train[i], 0, params.max_length, &n);
        longest = std::max(longest, n);
    }
    const int64_t stages = icot_stages(params, longest);
    add_lora(teacher, params.lora, params.seed);
    BaselineModule holder(teacher, params.seed);
    std::vector<TrainStage> list;
    for (int64_t s = 0; s < stages; ++s)
        list.push_back(baseline_stage(holder, params, "icot" + std::to_string(s),
                                      params.stage.epochs));
    TrainLoop loop = baseline_loop(params, int64_t(train.size()), int64_t(validation.size()));
    int64_t stage = 0;
    std::mt19937_64 rng;
    loop.on_epoch_start = [&](const std::string& label, int64_t epoch) {
        stage = std::stoll(label.substr(4));
        rng.seed(params.seed * 1000003 + uint64_t(stage) * 1009 + uint64_t(epoch));
    };
    const int64_t pad = lm_pad_id(tok);
    teacher.train();
    const TrainResult r = run_training(
        holder, list, loop, progress, [&](const std::vector<int64_t>& idx, bool is_train) {
            const bool last = stage + 1 == stages;
            std::vector<LmSequence> seqs;
            for (int64_t i : idx) {
                const Example& ex = (is_train ? train : validation)[size_t(i)];
                const int64_t removed =
                    last ? std::numeric_limits<int32_t>::max()
                         : stage * params.remove_per_stage +
                               (is_train ? removal_offset(params.removal_smoothing_lambda, rng)
                                         : 0);
                seqs.push_back(icot_sequence(tok, prompts, ex, removed, params.max_length));
            }
            const LmBatch b = make_lm_batch(seqs, pad);
            ForwardInput in;
            in.input_ids = b.input_ids.to(teacher.device());
            in.attention_mask = b.attention_mask.to(teacher.device());
            BatchLoss loss;
            loss.total = lm_loss(teacher.forward(in).logits, b.labels);
            loss.answer = loss.total.item<double>();
            loss.weight = double(b.target_tokens);
            return loss;
        });
    teacher.eval();
    return {r.best_val_loss, r.steps, stages};
}

void save_icot(const fs::path& folder, const LlamaModelImpl& teacher, const IcotParams& params,
               const fs::path& base_run, const json& summary) {
    save_method_folder(folder, "icot", base_run, teacher, params.lora, params.to_json(), summary,
                       {});
}

IcotParams load_icot(const fs::path& folder, LlamaModelImpl& teacher) {
    const auto file = read_method_json(folder, "icot");
    IcotParams p = IcotParams::from_json(file.params, (folder / "method.json").string());
    load_method_tensors(folder, teacher, {});
    return p;
}

} // namespace semcot
