// The plain C ABI of libsemcot_spm.so, the module that wraps sentencepiece (see
// core/CMakeLists.txt and DEVELOPERS.md for why sentencepiece is never linked into a program
// that also loads libtorch). Shared by the module (sp_module.cpp) and its loader
// (spm_module.cpp), which resolves every function below with dlsym.
//
// Conventions:
// - No C++ exception crosses this boundary. A failing call returns NULL or a negative value
//   and sets a per-thread message that semcot_spm_last_error() returns (valid until the next
//   call on the same thread).
// - Functions that produce variable-length output take a caller buffer and its capacity and
//   return the full length needed. When the result is larger than `capacity`, nothing useful
//   is written: call again with a buffer of the returned size (two-call pattern).
// - Handles are immutable after creation; const functions may be called from several threads
//   at once.
#pragma once

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define SEMCOT_SPM_API __attribute__((visibility("default")))
#else
#define SEMCOT_SPM_API
#endif

// Bumped whenever a signature or struct below changes; the loader refuses other versions.
#define SEMCOT_SPM_ABI_VERSION 1

#ifdef __cplusplus
extern "C" {
#endif

// A loaded sentencepiece model (opaque).
typedef struct semcot_spm semcot_spm;

// Parameters of semcot_spm_train. Either `sentences` (n_sentences > 0) or `corpus_path` (a
// text file, one sentence per line) gives the corpus.
typedef struct semcot_spm_train_params {
    const char* const* sentences; // corpus sentences, NUL-terminated UTF-8; may be NULL
    size_t n_sentences;           // number of entries in `sentences`
    const char* corpus_path;      // corpus file, used when n_sentences == 0; may be NULL
    int vocab_size;               // target size of the vocabulary
    const char* model_type;       // "bpe" or "unigram"
    int byte_fallback;            // nonzero: unknown characters become <0xXX> byte pieces
    double character_coverage;    // share of characters covered by the vocabulary (0, 1]
    const char* output_path;      // also write the model file here (not atomic); may be NULL
} semcot_spm_train_params;

// SEMCOT_SPM_ABI_VERSION of the module.
SEMCOT_SPM_API int semcot_spm_abi_version(void);
// Message of the last failure on the calling thread ("" if none).
SEMCOT_SPM_API const char* semcot_spm_last_error(void);

// Loads a model file / a serialized model; NULL on failure.
SEMCOT_SPM_API semcot_spm* semcot_spm_load_file(const char* path);
SEMCOT_SPM_API semcot_spm* semcot_spm_load_bytes(const char* data, size_t size);
// Trains a model (llama-style options: unk=0, bos=1, eos=2, no pad, split digits, identity
// normalisation, dummy prefix) and returns it loaded; NULL on failure.
SEMCOT_SPM_API semcot_spm* semcot_spm_train(const semcot_spm_train_params* params);
// Frees a handle (NULL is ignored).
SEMCOT_SPM_API void semcot_spm_free(semcot_spm* spm);

// Serialized model (the bytes of tokenizer.model); length needed, or -1.
SEMCOT_SPM_API int64_t semcot_spm_serialize(const semcot_spm* spm, char* out, size_t capacity);
// Ids of `text[0..size)` without BOS/EOS; number of ids, or -1.
SEMCOT_SPM_API int64_t semcot_spm_encode(const semcot_spm* spm, const char* text, size_t size,
                                         int* ids, size_t capacity);
// Text of `ids` (control tokens dropped); length in bytes (no NUL written), or -1.
SEMCOT_SPM_API int64_t semcot_spm_decode(const semcot_spm* spm, const int* ids, size_t n_ids,
                                         char* out, size_t capacity);
// Piece of `id`; length in bytes (no NUL written), or -1 when out of range.
SEMCOT_SPM_API int64_t semcot_spm_id_to_piece(const semcot_spm* spm, int id, char* out,
                                              size_t capacity);
// Id of `piece[0..size)`, the unk id when unknown, -1 on error.
SEMCOT_SPM_API int semcot_spm_piece_to_id(const semcot_spm* spm, const char* piece, size_t size);

// Vocabulary size and reserved ids (-1 when the model has none).
SEMCOT_SPM_API int semcot_spm_vocab_size(const semcot_spm* spm);
SEMCOT_SPM_API int semcot_spm_bos_id(const semcot_spm* spm);
SEMCOT_SPM_API int semcot_spm_eos_id(const semcot_spm* spm);
SEMCOT_SPM_API int semcot_spm_unk_id(const semcot_spm* spm);
SEMCOT_SPM_API int semcot_spm_pad_id(const semcot_spm* spm);

#ifdef __cplusplus
} // extern "C"
#endif
