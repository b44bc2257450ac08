#include "io/safetensors.h"

#include "common/error.h"
#include "common/shape_string.h"
#include "common/platform.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <limits>
#include <optional>
#include <set>
#include <unordered_map>

// The format is little-endian; so are all hosts we build for (big-endian is out of scope).
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "safetensors.cpp assumes a little-endian host"
#endif

namespace semcot::safetensors {

namespace fs = std::filesystem;
// ordered_json keeps the header's key order, so tensors() is in file order and save() writes
// the tensors in the order it was given.
using Json = nlohmann::ordered_json;

namespace {

// The reference implementation refuses headers above 100 MB; so do we.
constexpr uint64_t kMaxHeaderBytes = 100'000'000;
// Deepest JSON nesting accepted in a header (serde_json, used by the reference, allows 128).
constexpr int kMaxDepth = 64;

// Dtype names we read and write, with their LibTorch type and size in bytes.
struct DtypeEntry {
    const char* name;
    torch::ScalarType type;
    uint64_t size;
};
constexpr DtypeEntry kDtypes[] = {
    {"F32", torch::kFloat32, 4},
    {"F16", torch::kFloat16, 2},
    {"BF16", torch::kBFloat16, 2},
};

const DtypeEntry* dtype_by_name(const std::string& name) {
    for (const auto& d : kDtypes)
        if (name == d.name) return &d;
    return nullptr;
}

const DtypeEntry* dtype_by_type(torch::ScalarType type) {
    for (const auto& d : kDtypes)
        if (type == d.type) return &d;
    return nullptr;
}

uint64_t element_size(torch::ScalarType type) {
    return dtype_by_type(type)->size;
}

// A JSON value as a non-negative integer, or nullopt (floats, negatives, strings...).
std::optional<uint64_t> as_unsigned(const Json& v) {
    if (v.is_number_unsigned()) return v.get<uint64_t>();
    if (v.is_number_integer() && v.get<int64_t>() >= 0)
        return static_cast<uint64_t>(v.get<int64_t>());
    return std::nullopt;
}

// A short rendering of an untrusted JSON value for messages (dump() of a deep array recurses).
std::string brief(const Json& v) {
    if (v.is_array()) return "an array";
    if (v.is_object()) return "an object";
    std::string s = v.dump();
    return s.size() > 40 ? s.substr(0, 40) + "..." : s;
}

// Parses untrusted JSON; FormatError "<what> is not valid JSON: ..." on failure. Nesting is
// bounded: ordered_json copies values recursively when its storage grows, so input like
// [[[[...]]]] could otherwise overflow the stack. Real headers nest 3 deep.
template <typename Char>
Json parse_json(const Char* first, const Char* last, const std::string& what) {
    const Json::parser_callback_t limit_depth = [&what](int depth, Json::parse_event_t, Json&) {
        if (depth > kMaxDepth)
            throw FormatError(what + " nests deeper than " + std::to_string(kMaxDepth) + " levels");
        return true;
    };
    try {
        return Json::parse(first, last, limit_depth);
    } catch (const nlohmann::json::exception& e) {
        throw FormatError(what + " is not valid JSON: " + e.what());
    }
}

// True when [first, last) is well-formed UTF-8 (no overlong forms, no surrogates, <= U+10FFFF).
bool valid_utf8(const uint8_t* first, const uint8_t* last) {
    while (first < last) {
        const uint8_t c = *first;
        std::size_t n = 0;
        uint32_t cp = 0, min = 0;
        if (c < 0x80) {
            ++first;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 1, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2, cp = c & 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return false;
        }
        if (std::size_t(last - first) <= n) return false;
        for (std::size_t k = 1; k <= n; ++k) {
            if ((first[k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (first[k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        first += n + 1;
    }
    return true;
}

// The first key that occurs twice in one object of the header, described for a message ("tensor
// 'w'", "key 'dtype' of tensor 'w'"), or nullopt. nlohmann keeps one of two equal keys silently;
// the reference (serde) refuses a repeated field of an entry, and a header that names a tensor
// twice is ambiguous, so both are refused. The SAX parser sees each object's keys in order.
std::optional<std::string> first_duplicate_key(const uint8_t* first, const uint8_t* last) {
    struct Keys : nlohmann::json_sax<Json> {
        std::vector<std::set<std::string>> objects; // keys seen, per open object
        std::string top_key;                        // the current top-level key
        std::optional<std::string> duplicate;
        bool null() override { return true; }
        bool boolean(bool) override { return true; }
        bool number_integer(number_integer_t) override { return true; }
        bool number_unsigned(number_unsigned_t) override { return true; }
        bool number_float(number_float_t, const string_t&) override { return true; }
        bool string(string_t&) override { return true; }
        bool binary(binary_t&) override { return true; }
        bool start_object(std::size_t) override {
            objects.emplace_back();
            return objects.size() <= std::size_t(kMaxDepth);
        }
        bool end_object() override {
            objects.pop_back();
            return true;
        }
        bool start_array(std::size_t) override { return objects.size() < std::size_t(kMaxDepth); }
        bool end_array() override { return true; }
        bool key(string_t& k) override {
            if (objects.size() == 1) top_key = k;
            if (!objects.back().insert(k).second && !duplicate) {
                const std::string owner =
                    top_key == "__metadata__" ? "'__metadata__'" : "tensor '" + top_key + "'";
                duplicate = objects.size() == 1
                                ? (k == "__metadata__" ? "'__metadata__'" : "tensor '" + k + "'")
                                : "key '" + k + "' of " + owner;
            }
            return !duplicate;
        }
        bool parse_error(std::size_t, const std::string&,
                         const nlohmann::detail::exception&) override {
            return false;
        }
    } keys;
    Json::sax_parse(first, last, &keys);
    return keys.duplicate;
}

std::string errno_text() {
    return std::strerror(errno);
}

} // namespace

// The mapped file and its validated header. Immutable once built; shared by File copies and by
// every tensor that views it.
struct File::Mapping {
    fs::path path;
    const uint8_t* base = nullptr; // start of the mapping (the 8-byte length)
    std::size_t size = 0;          // file size in bytes
    std::size_t data_start = 0;    // 8 + header length: where the data section begins
    std::vector<TensorInfo> tensors;
    std::unordered_map<std::string, std::size_t> by_name; // name -> index in tensors
    std::map<std::string, std::string> metadata;

    Mapping() = default;
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;
    ~Mapping() {
        if (base) ::munmap(const_cast<uint8_t*>(base), size);
    }

    [[noreturn]] void fail(const std::string& what) const {
        throw FormatError(path.string() + ": " + what);
    }
    [[noreturn]] void fail(const std::string& tensor, const std::string& what) const {
        throw FormatError(path.string() + ": tensor '" + tensor + "': " + what);
    }

    void parse_header();
    TensorInfo parse_entry(const std::string& name, const Json& entry, uint64_t data_size) const;
};

TensorInfo File::Mapping::parse_entry(const std::string& name, const Json& entry,
                                      uint64_t data_size) const {
    if (!entry.is_object()) fail(name, "entry is not a JSON object");

    const auto dtype_it = entry.find("dtype");
    if (dtype_it == entry.end() || !dtype_it->is_string()) fail(name, "missing string 'dtype'");
    const std::string dtype_name = dtype_it->get<std::string>();
    const DtypeEntry* dtype = dtype_by_name(dtype_name);
    if (!dtype) fail(name, "unsupported dtype '" + dtype_name + "' for tensor " + name);

    TensorInfo info;
    info.name = name;
    info.dtype = dtype->type;

    const auto shape_it = entry.find("shape");
    if (shape_it == entry.end() || !shape_it->is_array()) fail(name, "missing array 'shape'");
    // Product of the non-zero dimensions times the element size, checked for overflow at every
    // step; torch computes numel the same way, so it must fit even when a dimension is zero.
    uint64_t bytes = dtype->size;
    bool overflow = false, has_zero = false;
    for (const auto& dim : *shape_it) {
        const auto d = as_unsigned(dim);
        if (!d || *d > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
            fail(name, "shape has " + brief(dim) + ", not a non-negative integer");
        info.shape.push_back(static_cast<int64_t>(*d));
        if (*d == 0)
            has_zero = true;
        else
            overflow = overflow || __builtin_mul_overflow(bytes, *d, &bytes);
    }
    if (overflow ||
        bytes / dtype->size > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        fail(name, "shape " + shape_string(info.shape) + " has too many elements");
    if (has_zero) bytes = 0;

    const auto offsets_it = entry.find("data_offsets");
    if (offsets_it == entry.end() || !offsets_it->is_array() || offsets_it->size() != 2)
        fail(name, "missing 'data_offsets' [begin, end]");
    const auto begin = as_unsigned((*offsets_it)[0]);
    const auto end = as_unsigned((*offsets_it)[1]);
    if (!begin || !end)
        fail(name, "data_offsets [" + brief((*offsets_it)[0]) + ", " + brief((*offsets_it)[1]) +
                       "] are not integers >= 0");
    if (*begin > *end)
        fail(name, "data_offsets [" + std::to_string(*begin) + ", " + std::to_string(*end) +
                       "] have begin > end");
    if (*end > data_size)
        fail(name, "data_offsets [" + std::to_string(*begin) + ", " + std::to_string(*end) +
                       "] exceed the data section (" + std::to_string(data_size) + " bytes)");
    if (*end - *begin != bytes)
        fail(name, "data_offsets [" + std::to_string(*begin) + ", " + std::to_string(*end) +
                       "] do not match shape " + shape_string(info.shape) + " of " + dtype_name +
                       " (" + std::to_string(bytes) + " bytes)");
    info.begin = *begin;
    info.end = *end;
    return info;
}

void File::Mapping::parse_header() {
    if (size < 8)
        fail("file is " + std::to_string(size) + " bytes, shorter than the 8-byte header length");
    uint64_t header_len = 0;
    std::memcpy(&header_len, base, 8); // little-endian host
    if (header_len > kMaxHeaderBytes)
        fail("header length " + std::to_string(header_len) + " exceeds the 100 MB limit");
    if (header_len > size - 8)
        fail("header length " + std::to_string(header_len) + " exceeds the " +
             std::to_string(size - 8) + " bytes that follow the 8-byte length");
    data_start = 8 + static_cast<std::size_t>(header_len);
    const uint64_t data_size = size - data_start;

    // The reference reader's checks, in its order (safetensors >= 0.4, tensor.rs
    // read_metadata): UTF-8, a '{' first (no leading padding; trailing spaces are the writer's
    // alignment padding), JSON, then the offsets (validate) and the data section's size.
    if (header_len == 0) fail("header is empty (header length 0)");
    if (!valid_utf8(base + 8, base + data_start)) fail("header is not valid UTF-8");
    if (base[8] != '{')
        fail("header does not start with '{' of a JSON object (found byte " +
             std::to_string(int(base[8])) + ")");
    const Json header = parse_json(base + 8, base + data_start, path.string() + ": header");
    if (!header.is_object()) fail("header is not a JSON object");
    if (const auto duplicate = first_duplicate_key(base + 8, base + data_start))
        fail(*duplicate + " appears twice in the header");

    try {
        for (const auto& [key, value] : header.items()) {
            if (key == "__metadata__") {
                if (!value.is_object()) fail("'__metadata__' is not a JSON object");
                for (const auto& [mkey, mvalue] : value.items()) {
                    if (!mvalue.is_string())
                        fail("'__metadata__' entry '" + mkey + "' is not a string");
                    metadata[mkey] = mvalue.get<std::string>();
                }
                continue;
            }
            by_name.emplace(key, tensors.size());
            tensors.push_back(parse_entry(key, value, data_size));
        }
    } catch (const nlohmann::json::exception& e) { // a safety net: types are checked above
        fail(std::string("bad header: ") + e.what());
    }

    // The data section is the tensors back to back: sorted by offsets, each tensor starts where
    // the previous one ends (the first at 0), and the last one ends at the end of the file. Gaps,
    // overlaps and trailing bytes are all refused, as the reference refuses them
    // (InvalidOffset, MetadataIncompleteBuffer).
    std::vector<const TensorInfo*> sorted;
    for (const auto& t : tensors) sorted.push_back(&t);
    std::sort(sorted.begin(), sorted.end(), [](const TensorInfo* a, const TensorInfo* b) {
        return std::make_pair(a->begin, a->end) < std::make_pair(b->begin, b->end);
    });
    uint64_t expected = 0;
    const TensorInfo* previous = nullptr;
    for (const TensorInfo* t : sorted) {
        if (t->begin != expected) {
            const std::string range =
                "data_offsets [" + std::to_string(t->begin) + ", " + std::to_string(t->end) + "]";
            if (t->begin < expected)
                fail(t->name, range + " overlap tensor '" + previous->name + "' [" +
                                  std::to_string(previous->begin) + ", " +
                                  std::to_string(previous->end) + "]");
            fail(t->name, range + " leave a gap: the data before it ends at byte " +
                              std::to_string(expected));
        }
        expected = t->end;
        previous = t;
    }
    if (expected != data_size)
        fail("the tensors cover " + std::to_string(expected) + " bytes of the " +
             std::to_string(data_size) + "-byte data section (" +
             std::to_string(data_size - std::min(expected, data_size)) +
             " bytes after the last tensor)");
}

File File::open(const fs::path& path) {
    auto map = std::make_shared<Mapping>();
    map->path = path;

    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw IoError("cannot open " + path.string() + ": " + errno_text());
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const std::string why = errno_text();
        ::close(fd);
        throw IoError("cannot stat " + path.string() + ": " + why);
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        throw IoError("cannot read " + path.string() + ": not a regular file");
    }
    map->size = static_cast<std::size_t>(st.st_size);
    if (map->size > 0) {
        // MAP_PRIVATE + PROT_WRITE: an in-place write to a tensor view is copy-on-write (the file
        // never changes) instead of a segfault. Such a write is seen by other views of this File.
        void* addr = ::mmap(nullptr, map->size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
        if (addr == MAP_FAILED) {
            const std::string why = errno_text();
            ::close(fd);
            throw IoError("cannot map " + path.string() + ": " + why);
        }
        map->base = static_cast<const uint8_t*>(addr);
    }
    ::close(fd); // the mapping stays valid

    map->parse_header();
    File file;
    file.map_ = std::move(map);
    return file;
}

const File::Mapping& File::mapping() const {
    if (!map_) throw InvalidArgument("safetensors::File used before open()");
    return *map_;
}

const fs::path& File::path() const {
    return mapping().path;
}

const std::vector<TensorInfo>& File::tensors() const {
    return mapping().tensors;
}

const std::map<std::string, std::string>& File::metadata() const {
    return mapping().metadata;
}

bool File::contains(const std::string& name) const {
    return mapping().by_name.count(name) != 0;
}

const TensorInfo& File::info(const std::string& name) const {
    const Mapping& m = mapping();
    const auto it = m.by_name.find(name);
    if (it == m.by_name.end())
        throw FormatError("missing tensor '" + name + "' in " + m.path.string());
    return m.tensors[it->second];
}

torch::Tensor File::tensor(const std::string& name) const {
    const TensorInfo& t = info(name);
    const auto options = torch::TensorOptions().dtype(t.dtype).device(torch::kCPU);
    const std::size_t bytes = static_cast<std::size_t>(t.end - t.begin);
    if (bytes == 0) return torch::empty(t.shape, options);

    // In bounds: parse_header checked begin <= end <= size - data_start.
    uint8_t* data = const_cast<uint8_t*>(map_->base) + map_->data_start + t.begin;
    if (reinterpret_cast<std::uintptr_t>(data) % element_size(t.dtype) == 0) {
        std::shared_ptr<const Mapping> keep = map_; // the view keeps the mapping alive
        return torch::from_blob(
            data, t.shape, [keep](void*) {}, options);
    }
    torch::Tensor copy = torch::empty(t.shape, options);
    std::memcpy(copy.data_ptr(), data, bytes);
    return copy;
}

// ---- save ------------------------------------------------------------------------------------

namespace {

// Writes a file as a temp file in the same folder, fsynced and renamed over the target on
// commit(); the temp file is removed if commit() is never reached. Streams, so a multi-GB model
// is never held twice in memory.
class AtomicWriter {
public:
    explicit AtomicWriter(fs::path path)
        : path_(std::move(path)) {
        static std::atomic<unsigned> counter{0};
        tmp_ = path_.string() + ".tmp" + std::to_string(::getpid()) + "." +
               std::to_string(counter.fetch_add(1));
        fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd_ < 0) throw IoError("cannot create " + tmp_.string() + ": " + errno_text());
    }
    AtomicWriter(const AtomicWriter&) = delete;
    AtomicWriter& operator=(const AtomicWriter&) = delete;
    ~AtomicWriter() {
        if (fd_ >= 0) ::close(fd_);
        if (!committed_) ::unlink(tmp_.c_str());
    }

    void write(const void* data, std::size_t size) {
        const auto* p = static_cast<const char*>(data);
        while (size > 0) {
            // Linux writes at most ~2 GiB per call; chunk to be explicit.
            const ssize_t n = ::write(fd_, p, std::min<std::size_t>(size, std::size_t{1} << 30));
            if (n < 0) {
                if (errno == EINTR) continue;
                throw IoError("cannot write " + tmp_.string() + ": " + errno_text());
            }
            p += n;
            size -= static_cast<std::size_t>(n);
        }
    }

    void commit() {
        if (::fsync(fd_) != 0) throw IoError("cannot flush " + tmp_.string() + ": " + errno_text());
        const int fd = fd_;
        fd_ = -1;
        if (::close(fd) != 0) throw IoError("cannot close " + tmp_.string() + ": " + errno_text());
        if (::rename(tmp_.c_str(), path_.c_str()) != 0)
            throw IoError("cannot rename " + tmp_.string() + " to " + path_.string() + ": " +
                          errno_text());
        committed_ = true;
        // Make the rename itself durable (best effort).
        const fs::path dir = path_.has_parent_path() ? path_.parent_path() : fs::path(".");
        const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            ::fsync(dfd);
            ::close(dfd);
        }
    }

private:
    fs::path path_;
    fs::path tmp_;
    int fd_ = -1;
    bool committed_ = false;
};

} // namespace

void save(const fs::path& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
          const std::map<std::string, std::string>& metadata) {
    const std::string where = "saving " + path.string();
    Json header = Json::object();
    if (!metadata.empty()) {
        Json meta = Json::object();
        for (const auto& [k, v] : metadata) meta[k] = v;
        header["__metadata__"] = std::move(meta);
    }
    std::set<std::string> seen;
    uint64_t offset = 0;
    for (const auto& [name, t] : tensors) {
        if (name == "__metadata__")
            throw InvalidArgument(where + ": '__metadata__' is not a valid tensor name");
        if (!seen.insert(name).second)
            throw InvalidArgument(where + ": duplicate tensor name '" + name + "'");
        if (!t.defined()) throw InvalidArgument(where + ": tensor '" + name + "' is undefined");
        if (t.layout() != torch::kStrided)
            throw InvalidArgument(where + ": tensor '" + name + "' is not a dense tensor");
        const DtypeEntry* dtype = dtype_by_type(t.scalar_type());
        if (!dtype)
            throw InvalidArgument(where + ": tensor '" + name + "' has unsupported dtype " +
                                  std::string(c10::toString(t.scalar_type())) +
                                  " (F32, F16 or BF16 only)");
        const uint64_t bytes = static_cast<uint64_t>(t.numel()) * dtype->size;
        header[name] = {{"dtype", dtype->name},
                        {"shape", t.sizes().vec()},
                        {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
    }

    std::string text = header.dump();
    // Pad with spaces so the data section starts 8-byte aligned, as the reference does.
    text.append((8 - (8 + text.size()) % 8) % 8, ' ');
    const uint64_t header_len = text.size();

    AtomicWriter out(path);
    out.write(&header_len, 8); // little-endian host
    out.write(text.data(), text.size());
    for (const auto& [name, t] : tensors) {
        if (t.numel() == 0) continue;
        // One tensor at a time on the CPU, so a GPU model is not copied whole.
        const torch::Tensor cpu = t.detach().to(torch::kCPU).contiguous();
        out.write(cpu.data_ptr(), static_cast<std::size_t>(cpu.numel()) * cpu.element_size());
    }
    out.commit();
}

// ---- Checkpoint ------------------------------------------------------------------------------

Checkpoint Checkpoint::open_folder(const fs::path& folder) {
    Checkpoint ckpt;
    ckpt.folder_ = folder;
    const fs::path single = folder / "model.safetensors";
    const fs::path index_path = folder / "model.safetensors.index.json";
    std::error_code ec;

    if (fs::exists(single, ec)) {
        ckpt.files_.push_back(File::open(single));
        for (const auto& t : ckpt.files_.back().tensors()) ckpt.index_.emplace(t.name, 0);
        return ckpt;
    }
    if (!fs::exists(index_path, ec))
        throw IoError("no model.safetensors or model.safetensors.index.json in " + folder.string());

    const std::string where = index_path.string();
    const std::string text = read_file(index_path);
    const Json index = parse_json(text.data(), text.data() + text.size(), where);
    if (!index.is_object()) throw FormatError(where + ": not a JSON object");
    const auto map_it = index.find("weight_map");
    if (map_it == index.end() || !map_it->is_object())
        throw FormatError(where + ": missing object 'weight_map'");

    std::map<std::string, std::size_t> file_index; // shard name -> files_ index
    for (const auto& [name, value] : map_it->items()) {
        const std::string prefix = where + ": tensor '" + name + "': ";
        if (!value.is_string()) throw FormatError(prefix + "shard file name is not a string");
        const std::string shard = value.get<std::string>();
        const fs::path rel(shard);
        bool escapes = shard.empty() || rel.is_absolute();
        for (const auto& part : rel) escapes = escapes || part == "..";
        if (escapes)
            throw FormatError(prefix + "shard '" + shard + "' is not a file in the folder");

        auto it = file_index.find(shard);
        if (it == file_index.end()) {
            const fs::path shard_path = folder / rel;
            if (!fs::exists(shard_path, ec))
                throw FormatError(prefix + "shard file '" + shard + "' is missing");
            ckpt.files_.push_back(File::open(shard_path));
            it = file_index.emplace(shard, ckpt.files_.size() - 1).first;
        }
        if (!ckpt.files_[it->second].contains(name))
            throw FormatError(prefix + "not found in shard '" + shard + "'");
        ckpt.index_.emplace(name, it->second);
    }
    return ckpt;
}

std::vector<std::string> Checkpoint::names() const {
    std::vector<std::string> out;
    out.reserve(index_.size());
    for (const auto& [name, file] : index_) out.push_back(name);
    return out;
}

bool Checkpoint::contains(const std::string& name) const {
    return index_.count(name) != 0;
}

const File& Checkpoint::file_for(const std::string& name) const {
    const auto it = index_.find(name);
    if (it == index_.end())
        throw FormatError("missing tensor '" + name + "' in " + folder_.string());
    return files_[it->second];
}

const TensorInfo& Checkpoint::info(const std::string& name) const {
    return file_for(name).info(name);
}

torch::Tensor Checkpoint::tensor(const std::string& name) const {
    return file_for(name).tensor(name);
}

std::string Checkpoint::file_of(const std::string& name) const {
    return file_for(name).path().string();
}

} // namespace semcot::safetensors
