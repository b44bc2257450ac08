#include "common/platform.h"

#include "common/error.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <ftw.h>
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace semcot {

namespace fs = std::filesystem;

fs::path executable_dir() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
}

std::string blas_library_path() {
    // Resolve the symlink chain the loader would follow (alternatives system on Debian).
    for (const char* candidate :
         {"/usr/lib/x86_64-linux-gnu/libblas.so.3", "/usr/lib/aarch64-linux-gnu/libblas.so.3"}) {
        std::error_code ec;
        if (fs::exists(candidate, ec)) {
            fs::path real = fs::canonical(candidate, ec);
            if (!ec) return real.string();
        }
    }
    return {};
}

bool blas_is_reference() {
    const std::string path = blas_library_path();
    return path.find("/blas/libblas") != std::string::npos;
}

std::size_t peak_rss_bytes() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) {
            std::istringstream in(line.substr(6));
            std::size_t kb = 0;
            in >> kb;
            return kb * 1024;
        }
    }
    return 0;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError("cannot open " + path.string() + ": " + std::strerror(errno));
    std::ostringstream out;
    out << in.rdbuf();
    if (in.bad()) throw IoError("cannot read " + path.string());
    return out.str();
}

void remove_tree(const fs::path& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return;
        throw IoError("cannot remove " + path.string() + ": " + std::strerror(errno));
    }
    auto remove_one = [](const char* p, const struct stat*, int, struct FTW*) -> int {
        return ::remove(p);
    };
    // Depth-first, without following symbolic links, children before their folder.
    if (::nftw(path.c_str(), remove_one, 32, FTW_DEPTH | FTW_PHYS) != 0)
        throw IoError("cannot remove " + path.string() + ": " + std::strerror(errno));
}

void write_file_atomic(const fs::path& path, const std::string& data) {
    const fs::path tmp = path.string() + ".tmp" + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw IoError("cannot create " + tmp.string() + ": " + std::strerror(errno));
    std::size_t written = 0;
    while (written < data.size()) {
        const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            const std::string why = std::strerror(errno);
            ::close(fd);
            ::unlink(tmp.c_str());
            throw IoError("cannot write " + tmp.string() + ": " + why);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        ::unlink(tmp.c_str());
        throw IoError("cannot flush " + tmp.string() + ": " + std::strerror(errno));
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(tmp.c_str());
        throw IoError("cannot rename " + tmp.string() + " to " + path.string() + ": " + why);
    }
}

} // namespace semcot
