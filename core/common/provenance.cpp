#include "common/provenance.h"

#include "common/platform.h"
#include "semcot_build_commit.h"

#include <ATen/Parallel.h>
#include <torch/version.h>

#include <dlfcn.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <mutex>

namespace semcot {

namespace {

std::mutex g_mutex;
std::string g_command;

// OpenBLAS says how it was built (threading, core type) when it is the BLAS loaded.
std::string openblas_config() {
    using Fn = char* (*)();
    if (auto fn = reinterpret_cast<Fn>(dlsym(RTLD_DEFAULT, "openblas_get_config"))) return fn();
    return "";
}

} // namespace

std::string shell_quote(const std::string& arg) {
    if (!arg.empty() &&
        arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                              "-_./=:,+@%") == std::string::npos)
        return arg;
    std::string out = "'";
    for (char c : arg) out += c == '\'' ? std::string("'\"'\"'") : std::string(1, c);
    return out + "'";
}

void set_command_line(int argc, char** argv) {
    std::string command;
    for (int i = 0; i < argc; ++i) command += (i ? " " : "") + shell_quote(argv[i]);
    set_command_line(command);
}

void set_command_line(const std::string& command) {
    std::lock_guard<std::mutex> lock(g_mutex);
    g_command = command;
}

std::string command_line() {
    std::lock_guard<std::mutex> lock(g_mutex);
    return g_command;
}

std::string utc_now() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string host_name() {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    return host;
}

nlohmann::json provenance(const std::string& device, const std::string& qt_version) {
    nlohmann::json j = {{"command", command_line()},
                        {"version", SEMCOT_PROJECT_VERSION},
                        {"commit", SEMCOT_BUILD_COMMIT},
                        {"libtorch", TORCH_VERSION},
                        {"blas", {{"library", blas_library_path()}, {"config", openblas_config()}}},
                        {"threads", at::get_num_threads()},
                        {"device", device},
                        {"time_utc", utc_now()},
                        {"host", host_name()}};
    if (!qt_version.empty()) j["qt"] = qt_version;
    return j;
}

std::string provenance_text(const nlohmann::json& p) {
    std::string out;
    for (const char* key : {"command", "version", "commit", "libtorch", "qt", "threads", "device",
                            "time_utc", "host"}) {
        if (!p.contains(key)) continue;
        const auto& v = p[key];
        out += std::string(key) + ": " + (v.is_string() ? v.get<std::string>() : v.dump()) + "\n";
    }
    if (p.contains("blas"))
        out += "blas: " + p["blas"].value("library", std::string()) + " " +
               p["blas"].value("config", std::string()) + "\n";
    return out;
}

} // namespace semcot
