// train-decoder, eval-decoder: a trained decoder that reads a method's implicit tokens back as
// reasoning, measured against its two controls (core/analysis/decoder_eval.h, issue 18).
#include "commands.h"

#include "analysis/decoder_eval.h"
#include "baselines/method_loader.h"
#include "common/device.h"
#include "common/error.h"
#include "common/platform.h"
#include "semcot/run.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace semcot::cli {

namespace {

struct DecoderArgs {
    std::string run, out, method = "semcot", method_folder, lm = "student", split = "test";
    std::string json;
    std::vector<std::string> controls;
    int64_t epochs = 3, batch = 32, limit_train = 0, limit_test = 0, max_new_tokens = 0;
    double lr = 1e-3;
    uint64_t seed = 0;
    bool resume = false, no_controls = false;
    DeviceOptions dev;
};

std::filesystem::path run_path(const std::string& run) {
    return run.empty() ? models_dir() / "tiny-coinflip" : std::filesystem::path(run);
}

int run_decoder(const DecoderArgs& a, bool train) {
    const Method method = parse_method(a.method);
    if (method == Method::cot || method == Method::nocot || method == Method::icot)
        throw InvalidArgument("--method " + a.method +
                              " places no latent tokens to decode (semcot, pause, softcot, "
                              "coconut or codi)");
    const auto device = parse_device(a.dev.device);
    auto run = load_run(run_path(a.run), device, torch::kFloat32);
    auto loaded = load_method(run, method, a.method_folder, device, torch::kFloat32);
    DecoderJobParams p;
    p.method = method;
    p.out = !a.out.empty()             ? std::filesystem::path(a.out)
            : method == Method::semcot ? run.folder / "decoder"
                                       : loaded->folder / "decoder";
    p.conditions = {DecoderCondition::tokens};
    if (!a.no_controls) {
        const std::vector<std::string> all = {"random", "none"};
        for (const auto& c : a.controls.empty() ? all : a.controls)
            if (c != "tokens") p.conditions.push_back(parse_condition(c));
    }
    p.train.config.lm = a.lm;
    p.train.config.seed = a.seed;
    p.train.config.max_length = 0; // the decoder LM's context
    p.train.epochs = a.epochs;
    p.train.lr = a.lr;
    p.train.batch_size = a.batch;
    p.train.resume = a.resume;
    p.train_decoders = train;
    p.max_new_tokens = a.max_new_tokens;
    p.limit_train = a.limit_train;
    p.limit_test = a.limit_test;
    p.split = a.split;
    watch_interrupt();
    const auto ev = run_decoder_job(run, loaded->context, p, print_train_progress,
                                    print_log_line);
    std::cout << ev.to_text();
    if (p.limit_test == 0) std::cerr << "wrote " << (p.out / kDecoderScoresFile).string() << "\n";
    if (!a.json.empty()) write_file_atomic(a.json, ev.to_json().dump(2) + "\n");
    return 0;
}

void add_common(CLI::App* cmd, DecoderArgs& a) {
    cmd->add_option("--run", a.run, "Run folder (default: the shipped tiny run)");
    cmd->add_option("--out", a.out,
                    "Decoder folder (default RUN/decoder; a baseline's METHOD_FOLDER/decoder)");
    cmd->add_option("--method", a.method, "Whose latents: semcot, pause, softcot, coconut, codi")
        ->capture_default_str();
    cmd->add_option("--method-folder", a.method_folder,
                    "The baseline's folder (default RUN/methods/METHOD)")
        ->check(CLI::ExistingDirectory);
    cmd->add_option("--control", a.controls,
                    "Controls trained and scored like the decoder: random (another question's "
                    "latents), none (no latents); repeatable; default both")
        ->check(CLI::IsMember({"random", "none"}));
    cmd->add_flag("--no-controls", a.no_controls, "Only the decoder of the question's own latents");
    cmd->add_option("--split", a.split, "Scored split")
        ->check(CLI::IsMember({"train", "validation", "test"}))
        ->capture_default_str();
    cmd->add_option("--limit-test", a.limit_test,
                    "Score the first N questions only (0: all); printed and --json only, "
                    "scores.json keeps the full scoring")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--max-new-tokens", a.max_new_tokens,
                    "Decoding budget (0: the longest training reasoning + 16)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--json", a.json, "Also write the evaluation here (semcot.decoder-eval/1)");
    a.dev.add_to(*cmd);
}

} // namespace

void add_decoder_commands(CLI::App& app, std::function<void(Runner)> select) {
    auto t = std::make_shared<DecoderArgs>();
    auto* train = app.add_subcommand(
        "train-decoder", "Train a decoder that writes the reasoning from a method's implicit "
                         "tokens alone (the method stays frozen), with its controls, and score "
                         "them (RUN/decoder/scores.json)");
    add_common(train, *t);
    train
        ->add_option("--decoder-lm", t->lm,
                     "student: a trained copy of the run's student + input projection; "
                     "teacher: the frozen teacher + a trained prefix projection")
        ->check(CLI::IsMember({"student", "teacher"}))
        ->capture_default_str();
    train->add_option("--epochs", t->epochs, "Epochs per decoder")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    train->add_option("--lr", t->lr, "Peak AdamW learning rate")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    train->add_option("--batch-size", t->batch, "Questions per step")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    train->add_option("--limit-train", t->limit_train, "First N training questions (0: all)")
        ->check(CLI::NonNegativeNumber);
    train->add_option("--seed", t->seed, "Projection init, shuffle, the random control's pairing")
        ->capture_default_str();
    train->add_flag("--resume", t->resume,
                    "Continue an interrupted training; decoders already saved are only scored");
    train->callback([t, select] { select([t] { return run_decoder(*t, true); }); });

    auto e = std::make_shared<DecoderArgs>();
    auto* eval = app.add_subcommand(
        "eval-decoder", "Score saved implicit-token decoders (train-decoder's) on a split");
    add_common(eval, *e);
    eval->callback([e, select] { select([e] { return run_decoder(*e, false); }); });
}

} // namespace semcot::cli
