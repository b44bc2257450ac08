// Progress and log lines of the long CLI jobs (train, train-decoder, eval): one line rewritten
// in place on a terminal; into a file or pipe (a log), whole lines without carriage returns.
#include "commands.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <iomanip>
#include <iostream>
#include <sstream>

#include <unistd.h>

namespace semcot::cli {

namespace {

std::atomic_bool g_interrupted{false};
extern "C" void on_sigint(int) {
    g_interrupted = true;
}

bool stderr_is_terminal() {
    static const bool terminal = ::isatty(STDERR_FILENO) == 1;
    return terminal;
}

} // namespace

void watch_interrupt() {
    std::signal(SIGINT, on_sigint);
}

bool interrupted() {
    return g_interrupted;
}

std::string clock_string(double s) {
    if (!std::isfinite(s) || s < 0) return "--:--";
    const int64_t t = int64_t(s + 0.5);
    std::ostringstream out;
    out << std::setfill('0') << std::setw(2) << t / 60 << ":" << std::setw(2) << t % 60;
    return out.str();
}

bool print_train_progress(const TrainProgress& p) {
    static auto last = std::chrono::steady_clock::now();
    const bool validate = p.stage.find("/validate") != std::string::npos;
    const auto now = std::chrono::steady_clock::now();
    const auto every =
        stderr_is_terminal() ? std::chrono::milliseconds(250) : std::chrono::milliseconds(10000);
    if (!validate && p.step != p.total_steps && now - last < every) return !g_interrupted;
    last = now;
    std::ostringstream line;
    line << std::fixed << std::setprecision(4) << p.stage << "  epoch " << p.epoch << "  step "
         << p.step << "/" << p.total_steps;
    if (validate) // p.loss is the epoch's mean training loss; p.val_loss the validation's
        line << "  train loss " << p.loss << "  validation loss " << p.val_loss;
    else
        line << "  loss " << p.loss << std::setprecision(1) << "  " << p.steps_per_s
             << " steps/s  ETA " << clock_string(p.eta_s);
    if (stderr_is_terminal())
        std::cerr << "\r" << line.str() << "   " << (validate ? "\n" : "") << std::flush;
    else
        std::cerr << line.str() << "\n" << std::flush;
    return !g_interrupted;
}

void print_log_line(const std::string& line) {
    std::cerr << (stderr_is_terminal() ? "\r" : "") << line << "\n";
}

} // namespace semcot::cli
