#include "tokenizer/spm_module.h"

#include "common/error.h"
#include "common/platform.h"

#include <dlfcn.h>

#include <system_error>

#ifndef SEMCOT_SPM_MODULE_NAME
#define SEMCOT_SPM_MODULE_NAME "libsemcot_spm.so"
#endif

namespace semcot {

namespace fs = std::filesystem;

namespace {

template <typename Fn>
void resolve(void* library, const fs::path& path, const char* name, Fn*& fn) {
    void* symbol = ::dlsym(library, name);
    if (!symbol)
        throw FormatError("loading " + path.string() + ": missing symbol " + name +
                          " (stale module? rebuild semcot_spm)");
    fn = reinterpret_cast<Fn*>(symbol);
}

SpmModule open_module() {
    const std::vector<fs::path> candidates = spm_module_candidates();
    fs::path found;
    for (const fs::path& candidate : candidates) {
        std::error_code ec;
        if (fs::is_regular_file(candidate, ec)) {
            found = candidate;
            break;
        }
    }
    if (found.empty()) {
        std::string message = std::string("sentencepiece module ") + SEMCOT_SPM_MODULE_NAME +
                              " not found; looked in:";
        for (const fs::path& candidate : candidates) message += "\n  " + candidate.string();
        throw IoError(message);
    }

    // RTLD_LOCAL | RTLD_DEEPBIND: the module and libsentencepiece resolve their protobuf
    // symbols against their own copy (3.14), never against libtorch's (3.21), and nothing of
    // theirs leaks into the global namespace.
    void* library = ::dlopen(found.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (!library) {
        const char* why = ::dlerror();
        throw IoError("loading " + found.string() + ": " + (why ? why : "dlopen failed"));
    }
    // Never dlclose: handles may outlive any owner, and static destructors of protobuf in
    // an unloaded library are a classic source of crashes at exit.

    SpmModule m{};
    m.path = found;
    resolve(library, found, "semcot_spm_abi_version", m.abi_version);
    const int version = m.abi_version();
    if (version != SEMCOT_SPM_ABI_VERSION)
        throw FormatError("loading " + found.string() + ": ABI version " + std::to_string(version) +
                          ", expected " + std::to_string(SEMCOT_SPM_ABI_VERSION) +
                          " (rebuild semcot_spm)");
    resolve(library, found, "semcot_spm_last_error", m.last_error);
    resolve(library, found, "semcot_spm_load_file", m.load_file);
    resolve(library, found, "semcot_spm_load_bytes", m.load_bytes);
    resolve(library, found, "semcot_spm_train", m.train);
    resolve(library, found, "semcot_spm_free", m.free);
    resolve(library, found, "semcot_spm_serialize", m.serialize);
    resolve(library, found, "semcot_spm_encode", m.encode);
    resolve(library, found, "semcot_spm_decode", m.decode);
    resolve(library, found, "semcot_spm_id_to_piece", m.id_to_piece);
    resolve(library, found, "semcot_spm_piece_to_id", m.piece_to_id);
    resolve(library, found, "semcot_spm_vocab_size", m.vocab_size);
    resolve(library, found, "semcot_spm_bos_id", m.bos_id);
    resolve(library, found, "semcot_spm_eos_id", m.eos_id);
    resolve(library, found, "semcot_spm_unk_id", m.unk_id);
    resolve(library, found, "semcot_spm_pad_id", m.pad_id);
    return m;
}

} // namespace

std::string SpmModule::error() const {
    const char* message = last_error ? last_error() : nullptr;
    return message && *message ? message : "unknown sentencepiece error";
}

std::vector<fs::path> spm_module_candidates() {
    const fs::path name = SEMCOT_SPM_MODULE_NAME;
    std::vector<fs::path> candidates;
    const fs::path exe_dir = executable_dir();
    if (!exe_dir.empty()) candidates.push_back(exe_dir / name);
#ifdef SEMCOT_SPM_BUILD_DIR
    candidates.push_back(fs::path(SEMCOT_SPM_BUILD_DIR) / name);
#endif
    if (!exe_dir.empty())
        candidates.push_back((exe_dir / ".." / "lib" / "semcot" / name).lexically_normal());
    return candidates;
}

const SpmModule& spm_module() {
    // A throwing initialiser leaves the static uninitialised, so a later call tries again.
    static const SpmModule module = open_module();
    return module;
}

SpmHandle& SpmHandle::operator=(SpmHandle&& other) noexcept {
    if (this != &other) {
        if (spm_) spm_module().free(spm_);
        spm_ = other.spm_;
        other.spm_ = nullptr;
    }
    return *this;
}

SpmHandle::~SpmHandle() {
    if (spm_) spm_module().free(spm_);
}

} // namespace semcot
