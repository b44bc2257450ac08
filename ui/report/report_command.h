// The headless report export of semcot-studio:
//   semcot-studio --export-report RUN [--run RUN2 ...] [--eval FILE.json ...] [--n N]
//                 [--examples N] [--no-explain] --out DIR
// Works under QT_QPA_PLATFORM=offscreen; progress goes to stderr.
#pragma once

class QCommandLineParser;

namespace semcot::report {

// Adds the options above to the app's parser; add_out = false when the app already has an
// --out option (semcot-studio's, shared with --train).
void add_report_options(QCommandLineParser& parser, bool add_out = true);
// Runs the export when --export-report was given and returns the exit code (0 done, 1 error,
// 2 bad arguments); returns -1 when it was not asked for.
int run_report_command(const QCommandLineParser& parser);

} // namespace semcot::report
