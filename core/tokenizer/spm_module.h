// Loader of libsemcot_spm.so, the dlopen'd module that wraps sentencepiece (see
// sp_module/sp_module_api.h). Internal to the tokenizer library.
#pragma once

#include "tokenizer/sp_module/sp_module_api.h"

#include <filesystem>
#include <string>
#include <vector>

namespace semcot {

// The module's functions, resolved with dlsym.
struct SpmModule {
    std::filesystem::path path; // the file that was loaded

    int (*abi_version)();
    const char* (*last_error)();
    semcot_spm* (*load_file)(const char*);
    semcot_spm* (*load_bytes)(const char*, size_t);
    semcot_spm* (*train)(const semcot_spm_train_params*);
    void (*free)(semcot_spm*);
    int64_t (*serialize)(const semcot_spm*, char*, size_t);
    int64_t (*encode)(const semcot_spm*, const char*, size_t, int*, size_t);
    int64_t (*decode)(const semcot_spm*, const int*, size_t, char*, size_t);
    int64_t (*id_to_piece)(const semcot_spm*, int, char*, size_t);
    int (*piece_to_id)(const semcot_spm*, const char*, size_t);
    int (*vocab_size)(const semcot_spm*);
    int (*bos_id)(const semcot_spm*);
    int (*eos_id)(const semcot_spm*);
    int (*unk_id)(const semcot_spm*);
    int (*pad_id)(const semcot_spm*);

    // Message of the module's last failure on this thread.
    std::string error() const;
};

// Places searched for the module, in order: next to the executable, the build folder
// (SEMCOT_SPM_BUILD_DIR), then <exe_dir>/../lib/semcot (installed layout).
std::vector<std::filesystem::path> spm_module_candidates();

// The module, loaded once per process (thread-safe). Throws IoError listing the places
// searched when it cannot be found, or FormatError when it is incompatible.
const SpmModule& spm_module();

// Owning handle of a loaded model; frees it through the module.
class SpmHandle {
public:
    SpmHandle() = default;
    explicit SpmHandle(semcot_spm* spm)
        : spm_(spm) {}
    SpmHandle(SpmHandle&& other) noexcept
        : spm_(other.spm_) {
        other.spm_ = nullptr;
    }
    SpmHandle& operator=(SpmHandle&& other) noexcept;
    SpmHandle(const SpmHandle&) = delete;
    SpmHandle& operator=(const SpmHandle&) = delete;
    ~SpmHandle();

    const semcot_spm* get() const { return spm_; }
    explicit operator bool() const { return spm_ != nullptr; }

private:
    semcot_spm* spm_ = nullptr;
};

} // namespace semcot
