// The safetensors format (https://huggingface.co/docs/safetensors): an 8-byte little-endian
// header length, a JSON header {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__":
// {str: str}}, then the raw little-endian tensor bytes. Files are untrusted input: every
// inconsistency is a FormatError naming the file and the tensor; nothing is read out of bounds.
// A file is refused wherever the reference reader (huggingface/safetensors, tensor.rs:
// read_metadata and Metadata::validate, >= 0.4) refuses it: shorter than 8 bytes; header
// length past the file or above 100 MB; header not UTF-8; header not starting with '{' (no
// leading padding; trailing spaces are allowed); not a JSON object; an entry without a known
// dtype, a shape of integers >= 0 and data_offsets [begin <= end]; a shape whose byte size
// overflows or differs from end - begin; tensors that, sorted by offsets, do not follow each
// other without gaps or overlaps from byte 0 (empty tensors included); bytes after the last
// tensor. Stricter than the reference: a tensor named twice, and dtypes other than F32, F16 and
// BF16 (the engine's).
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace semcot::safetensors {

// One tensor's entry in the header.
struct TensorInfo {
    std::string name;           // key in the header
    torch::ScalarType dtype;    // F32, F16 or BF16 (others are rejected)
    std::vector<int64_t> shape; // dimensions, possibly empty for a scalar
    uint64_t begin = 0;         // byte offset inside the data section
    uint64_t end = 0;           // one past the last byte inside the data section
};

// A memory-mapped safetensors file. Cheap to copy (the mapping is shared).
class File {
public:
    // Maps and validates the whole header; throws FormatError or IoError.
    static File open(const std::filesystem::path& path);

    const std::filesystem::path& path() const;
    const std::vector<TensorInfo>& tensors() const; // in header order
    const std::map<std::string, std::string>& metadata() const;
    bool contains(const std::string& name) const;
    const TensorInfo& info(const std::string& name) const; // throws FormatError if missing

    // A CPU tensor with the stored dtype and shape. It views the mapping when the data is
    // aligned for its dtype (the mapping stays alive as long as the tensor), else it is a copy.
    // The mapping is private copy-on-write: writing into a view never changes the file, but it
    // is seen by other views of the same File.
    torch::Tensor tensor(const std::string& name) const;

private:
    struct Mapping;
    const Mapping& mapping() const; // throws InvalidArgument on a default-constructed File
    std::shared_ptr<const Mapping> map_;
};

// Writes tensors (any device; F32, F16 or BF16) to `path` atomically (temp file + rename).
// Tensors are written contiguous, in the given order; names must be unique.
void save(const std::filesystem::path& path,
          const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
          const std::map<std::string, std::string>& metadata = {{"format", "pt"}});

// The weights of a Hugging Face folder: `model.safetensors`, or the shards listed in
// `model.safetensors.index.json` ({"weight_map": {tensor: file}}).
class Checkpoint {
public:
    // Throws IoError if the folder has neither; FormatError for a bad index or shard.
    static Checkpoint open_folder(const std::filesystem::path& folder);

    std::vector<std::string> names() const; // sorted
    bool contains(const std::string& name) const;
    const TensorInfo& info(const std::string& name) const; // throws FormatError if missing
    torch::Tensor tensor(const std::string& name) const;   // throws FormatError if missing
    std::string file_of(const std::string& name) const;    // path of the file holding it

private:
    const File& file_for(const std::string& name) const; // throws FormatError if missing

    std::filesystem::path folder_;
    std::vector<File> files_;
    std::map<std::string, std::size_t> index_; // tensor name -> files_ index
};

} // namespace semcot::safetensors
