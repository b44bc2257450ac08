// Small facts about the running process and machine.
#pragma once

#include <filesystem>
#include <string>

namespace semcot {

// Folder of the running executable (from /proc/self/exe); empty if unknown.
std::filesystem::path executable_dir();

// Path of the BLAS library the dynamic loader resolves for libblas.so.3, or empty.
std::string blas_library_path();

// True when BLAS resolves to the netlib reference implementation (slow, ~5 GFLOP/s).
bool blas_is_reference();

// Resident set size high-water mark of this process in bytes (VmHWM), 0 if unknown.
std::size_t peak_rss_bytes();

// Reads a whole file; throws IoError naming the path.
std::string read_file(const std::filesystem::path& path);

// Deletes `path` and everything under it; missing is fine. Throws IoError on failure.
// Use this, not std::filesystem::remove_all: pip LibTorch (2.x) exports a broken copy of
// remove_all that programs linked against it bind to, and it crashes.
void remove_tree(const std::filesystem::path& path);

// Writes `data` to `path` atomically: temp file in the same folder, flush, fsync, rename.
void write_file_atomic(const std::filesystem::path& path, const std::string& data);

} // namespace semcot
