// How a result was made (issue 16 §4): every run.json, evaluation file and report records the
// exact command, the project version and source commit, the LibTorch and BLAS in use, the
// device and the thread count, so that any number can be traced and reproduced.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace semcot {

// The command that is running, shell-quoted (what to paste to run it again). main() records
// its arguments; the desktop app records the `semcot` command equivalent to what it starts.
void set_command_line(int argc, char** argv);
void set_command_line(const std::string& command);
std::string command_line(); // "" when none was recorded

// Quotes `arg` for a POSIX shell when it needs it ('it'"'"'s' style).
std::string shell_quote(const std::string& arg);

// The current time in UTC, ISO 8601 to the second ("2025-01-31T12:00:00Z").
std::string utc_now();
// This machine's name (gethostname), "" when unknown.
std::string host_name();

// {"command", "version", "commit" ("<hash>", "<hash>-dirty" or "unknown"), "libtorch",
//  "blas" (its library file and, for OpenBLAS, its build config), "threads" (intra-op),
//  "device" (as given; "" when none), "time_utc" (ISO 8601), "host"}; `gui` adds "qt".
nlohmann::json provenance(const std::string& device = "", const std::string& qt_version = "");

// The provenance as lines for a report ("command: ...").
std::string provenance_text(const nlohmann::json& provenance);

} // namespace semcot
