// semcot: the headless CLI. Exit codes: 0 success, 1 failure, 2 bad usage.
#include "commands.h"

#include "common/provenance.h"

#include "common/device.h"
#include "common/error.h"
#include "common/platform.h"

#include <c10/util/Exception.h>

#include <iostream>

int main(int argc, char** argv) {
    semcot::set_command_line(argc, argv); // recorded in run.json, evaluations and reports
    semcot::cli::set_program_arguments(argc, argv);
    CLI::App app{"semcot: SemCoT implicit reasoning engine (LibTorch)", "semcot"};
    app.require_subcommand(1);
    app.set_help_all_flag("--help-all", "Show help for every command");
    semcot::cli::Runner runner;
    auto select = [&runner](semcot::cli::Runner r) { runner = std::move(r); };
    semcot::cli::add_engine_commands(app, select);
    semcot::cli::add_semcot_commands(app, select);
    semcot::cli::add_analysis_commands(app, select);
    semcot::cli::add_report_command(app, select);
    semcot::cli::add_compare_commands(app, select);
    semcot::cli::add_plan_command(app, select);
    semcot::cli::add_decoder_commands(app, select);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "semcot: " << e.what() << " (see semcot --help)\n";
        return 2;
    }

    if (semcot::blas_is_reference()) {
        std::cerr << "semcot: WARNING: BLAS is the slow netlib reference implementation ("
                  << semcot::blas_library_path()
                  << "); install OpenBLAS: apt-get install libopenblas0-pthread\n";
    }
    try {
        return runner();
    } catch (const semcot::InvalidArgument& e) {
        std::cerr << "semcot: " << e.what() << "\n";
        return 2;
    } catch (const semcot::Cancelled& e) {
        std::cerr << "semcot: cancelled: " << e.what() << "\n";
        return 1;
    } catch (const semcot::Error& e) {
        std::cerr << "semcot: error: " << e.what() << "\n";
        return 1;
    } catch (const c10::Error& e) {
        std::cerr << "semcot: torch error: " << e.what_without_backtrace() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "semcot: error: " << e.what() << "\n";
        return 1;
    }
}
