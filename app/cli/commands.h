// The `semcot` subcommands. Each registers its options on the CLI11 app and returns the
// function that runs it; main() parses, dispatches and maps exceptions to exit codes.
#pragma once

#include "train/progress.h"

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace semcot::cli {

using Runner = std::function<int()>;

// The command line as main() received it: `train --nproc-per-node N` starts it again per rank.
void set_program_arguments(int argc, char** argv);
const std::vector<std::string>& program_arguments();

// Progress of long jobs on stderr (progress_output.cpp): one line rewritten in place on a
// terminal, whole lines every 10 s into a file or pipe. print_train_progress returns false once
// Ctrl+C was pressed after watch_interrupt() (the job then stops at a safe point).
void watch_interrupt();
bool interrupted();
bool print_train_progress(const TrainProgress& p);
void print_log_line(const std::string& line); // ends the progress line on a terminal
std::string clock_string(double seconds);    // "mm:ss", "--:--" when unknown

// Device and dtype flags shared by every command that loads a model.
struct DeviceOptions {
    std::string device = "auto";
    std::string dtype = "float32";
    void add_to(CLI::App& command);
};

void add_engine_commands(CLI::App& app, std::function<void(Runner)> select);
void add_semcot_commands(CLI::App& app, std::function<void(Runner)> select);
// explain, alignment: what implicit tokens mean (explain_command.cpp).
void add_analysis_commands(CLI::App& app, std::function<void(Runner)> select);
// report: the comparison report without Qt (report_command.cpp).
void add_report_command(CLI::App& app, std::function<void(Runner)> select);
// compare, slice: paired statistics and error slices of evaluation files (compare_commands.cpp).
void add_compare_commands(CLI::App& app, std::function<void(Runner)> select);
// plan: memory and time a run needs, and settings that fit a device (plan_command.cpp).
void add_plan_command(CLI::App& app, std::function<void(Runner)> select);
// train-decoder, eval-decoder: implicit tokens read back as reasoning (decoder_commands.cpp).
void add_decoder_commands(CLI::App& app, std::function<void(Runner)> select);

} // namespace semcot::cli
