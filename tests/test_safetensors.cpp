// Tests for core/io/safetensors: round trips, zero-copy views, sharded folders, every kind of
// malformed file (each must be a FormatError naming the file and the tensor), and real
// checkpoints: the shipped teacher always, stories260K from ../shared when present.
#include "support/qtest_compat.h"
#include "support/shipped_run.h"

#include "common/platform.h"

#include "common/error.h"
#include "io/safetensors.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace st = semcot::safetensors;
namespace fs = std::filesystem;

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

std::string tmp_path(const std::string& name) {
    return test_paths::tmp_dir() + "/st_" + name;
}

void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// 8-byte little-endian length (header.size() unless given), header, data.
std::string raw_file(const std::string& header, const std::string& data,
                     std::optional<uint64_t> length = std::nullopt) {
    const uint64_t n = length.value_or(header.size());
    std::string bytes(8, '\0');
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((n >> (8 * i)) & 0xff);
    return bytes + header + data;
}

// Empty when `fn` throws a FormatError whose message contains every needle; else what went wrong.
std::string format_error_problem(const std::function<void()>& fn,
                                 const std::vector<std::string>& needles) {
    try {
        fn();
    } catch (const semcot::FormatError& e) {
        const std::string msg = e.what();
        for (const auto& needle : needles)
            if (msg.find(needle) == std::string::npos)
                return "message '" + msg + "' does not mention '" + needle + "'";
        return {};
    } catch (const std::exception& e) {
        return std::string("expected FormatError, got another exception: ") + e.what();
    }
    return "expected FormatError, nothing was thrown";
}

// A malformed file written from `header` and `data` must fail to open, naming it and `needles`.
std::string open_problem(const std::string& file, const std::string& header,
                         const std::string& data, std::vector<std::string> needles,
                         std::optional<uint64_t> length = std::nullopt) {
    const std::string path = tmp_path(file);
    write_bytes(path, raw_file(header, data, length));
    needles.push_back(file);
    return format_error_problem([&] { st::File::open(path); }, needles);
}

bool same_bytes(const torch::Tensor& a, const torch::Tensor& b) {
    if (a.scalar_type() != b.scalar_type() || a.sizes() != b.sizes()) return false;
    const torch::Tensor ca = a.contiguous(), cb = b.contiguous();
    return std::memcmp(ca.data_ptr(), cb.data_ptr(), ca.numel() * ca.element_size()) == 0;
}

// Saves tensors of `dtype` in several shapes and checks they read back bit-exact.
std::string round_trip_problem(torch::ScalarType dtype, const std::string& file) {
    torch::manual_seed(7);
    std::vector<std::pair<std::string, torch::Tensor>> tensors = {
        {"scalar", torch::randn({}).to(dtype)},
        {"empty", torch::empty({0}, dtype)},
        {"zero_size", torch::empty({3, 0, 2}, dtype)},
        {"vector", torch::randn({7}).to(dtype)},
        {"matrix", torch::randn({3, 5}).to(dtype)},
        {"cube", torch::randn({2, 3, 4}).to(dtype)},
        {"transposed", torch::randn({4, 6}).to(dtype).t()}, // not contiguous
        {"special", torch::tensor({0.0f, -0.0f, kInf, -kInf, std::nanf(""), 1e-30f}).to(dtype)},
    };
    const std::string path = tmp_path(file);
    st::save(path, tensors);
    const st::File f = st::File::open(path);
    if (f.tensors().size() != tensors.size()) return "wrong tensor count";
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        const auto& [name, expected] = tensors[i];
        if (f.tensors()[i].name != name) return "header order differs at " + name;
        const torch::Tensor got = f.tensor(name);
        if (!same_bytes(got, expected)) return "tensor " + name + " differs";
        if (f.info(name).shape != expected.sizes().vec()) return "shape of " + name + " differs";
    }
    if (f.metadata().at("format") != "pt") return "default metadata missing";
    return {};
}

} // namespace

class TestSafetensors final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void roundTripF32();
    void roundTripF16();
    void roundTripBF16();
    void metadataRoundTrip();
    void headerIsPaddedTo8Bytes();
    void viewOutlivesFileAndIsCopyOnWrite();
    void unalignedDataIsCopied();
    void shardedFolderRoundTrip();
    void singleFileFolder();
    void saveRejectsBadInput();
    void missingFileIsIoError();
    void fileShorterThan8Bytes();
    void headerLengthPastEnd();
    void invalidJson();
    void headerNotObject();
    void badEntries();
    void offsetsOutOfRange();
    void overlappingOffsets();
    void referenceReaderRules();
    void unknownDtype();
    void byteSizeNotMatchingShape();
    void shapeProductOverflow();
    void badMetadata();
    void deeplyNestedHeader();
    void missingTensor();
    void badIndex();
    void truncatedFilesAreRejected();
    void corruptedHeadersNeverCrash();
    void shippedTeacherCheckpoint();
    void realCheckpoint();
};

void TestSafetensors::initTestCase() {
    fs::create_directories(test_paths::tmp_dir());
}

void TestSafetensors::roundTripF32() {
    const std::string problem = round_trip_problem(torch::kFloat32, "f32.safetensors");
    QVERIFY2(problem.empty(), problem.c_str());
}

void TestSafetensors::roundTripF16() {
    const std::string problem = round_trip_problem(torch::kFloat16, "f16.safetensors");
    QVERIFY2(problem.empty(), problem.c_str());
}

void TestSafetensors::roundTripBF16() {
    const std::string problem = round_trip_problem(torch::kBFloat16, "bf16.safetensors");
    QVERIFY2(problem.empty(), problem.c_str());
}

void TestSafetensors::metadataRoundTrip() {
    const std::string path = tmp_path("meta.safetensors");
    const std::map<std::string, std::string> meta = {
        {"format", "pt"}, {"note", "h\xc3\xa9llo \"quoted\"\n"}, {"empty", ""}};
    st::save(path, {{"w", torch::ones({2})}}, meta);
    QVERIFY(st::File::open(path).metadata() == meta);

    st::save(path, {{"w", torch::ones({2})}}, {});
    QVERIFY(st::File::open(path).metadata().empty());
    QVERIFY(read_bytes(path).find("__metadata__") == std::string::npos);
}

void TestSafetensors::headerIsPaddedTo8Bytes() {
    for (int len = 1; len <= 9; ++len) {
        const std::string path = tmp_path("pad.safetensors");
        st::save(path, {{std::string(static_cast<std::size_t>(len), 'x'), torch::ones({3})}});
        const std::string bytes = read_bytes(path);
        uint64_t n = 0;
        std::memcpy(&n, bytes.data(), 8);
        QCOMPARE((8 + n) % 8, uint64_t{0});
        QCOMPARE(bytes.size(), static_cast<std::size_t>(8 + n + 12));
    }
}

void TestSafetensors::viewOutlivesFileAndIsCopyOnWrite() {
    const std::string path = tmp_path("view.safetensors");
    const torch::Tensor original = torch::arange(16, torch::kFloat32).reshape({4, 4});
    st::save(path, {{"a", torch::ones({3})}, {"w", original}});
    torch::Tensor view;
    {
        const st::File f = st::File::open(path);
        view = f.tensor("w");
        QVERIFY(f.tensor("w").data_ptr() == view.data_ptr()); // both view the mapping
    }
    QVERIFY(torch::equal(view, original)); // the File is gone, the mapping is not
    view.mul_(2);                          // copy-on-write: no crash, file unchanged
    QVERIFY(torch::equal(view, original * 2));
    QVERIFY(torch::equal(st::File::open(path).tensor("w"), original));
}

void TestSafetensors::unalignedDataIsCopied() {
    // A header whose length is not a multiple of 8 (the reference writer pads it; others need
    // not) puts the data section at an odd address: F32 at +0 and F16 at +12 are unaligned.
    const float values[3] = {1.5f, -2.25f, 3e8f};
    std::string data(reinterpret_cast<const char*>(values), sizeof(values));
    data.append(reinterpret_cast<const char*>(values), 4); // two F16 values
    std::string header = R"({"pad":{"dtype":"F16","shape":[0],"data_offsets":[0,0]},)"
                         R"("x":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},)"
                         R"("h":{"dtype":"F16","shape":[2],"data_offsets":[12,16]}})";
    header.append((9 - (8 + header.size()) % 8) % 8, ' '); // data section at 8k + 1
    QCOMPARE((8 + header.size()) % 8, std::size_t{1});
    const std::string path = tmp_path("unaligned.safetensors");
    write_bytes(path, raw_file(header, data));
    const st::File f = st::File::open(path);
    const torch::Tensor x = f.tensor("x");
    QCOMPARE(x.scalar_type(), torch::kFloat32);
    QCOMPARE(x.numel(), int64_t{3});
    QCOMPARE(x[0].item<float>(), 1.5f);
    QCOMPARE(x[1].item<float>(), -2.25f);
    QCOMPARE(x[2].item<float>(), 3e8f);
    QVERIFY(reinterpret_cast<std::uintptr_t>(x.data_ptr()) % 4 == 0);
    const torch::Tensor h = f.tensor("h");
    QVERIFY(std::memcmp(h.data_ptr(), values, 4) == 0);
    QCOMPARE(f.tensor("pad").numel(), int64_t{0});
}

void TestSafetensors::shardedFolderRoundTrip() {
    const fs::path dir = tmp_path("sharded");
    semcot::remove_tree(dir);
    fs::create_directories(dir);
    const torch::Tensor a = torch::randn({4, 3}), b = torch::randn({5}).to(torch::kBFloat16),
                        c = torch::randn({2, 2}).to(torch::kFloat16);
    st::save(dir / "model-00001-of-00002.safetensors", {{"a", a}, {"b", b}});
    st::save(dir / "model-00002-of-00002.safetensors", {{"c", c}, {"unlisted", a}});
    write_bytes((dir / "model.safetensors.index.json").string(),
                R"({"metadata":{"total_size":1},"weight_map":{)"
                R"("c":"model-00002-of-00002.safetensors",)"
                R"("a":"model-00001-of-00002.safetensors",)"
                R"("b":"model-00001-of-00002.safetensors"}})");
    const st::Checkpoint ckpt = st::Checkpoint::open_folder(dir);
    QVERIFY(ckpt.names() == std::vector<std::string>({"a", "b", "c"}));
    QVERIFY(ckpt.contains("c"));
    QVERIFY(!ckpt.contains("unlisted"));
    QVERIFY(same_bytes(ckpt.tensor("a"), a));
    QVERIFY(same_bytes(ckpt.tensor("b"), b));
    QVERIFY(same_bytes(ckpt.tensor("c"), c));
    QCOMPARE(ckpt.info("b").dtype, torch::kBFloat16);
    QVERIFY(ckpt.file_of("c").find("model-00002-of-00002.safetensors") != std::string::npos);
    QVERIFY(ckpt.file_of("a").find("model-00001-of-00002.safetensors") != std::string::npos);
}

void TestSafetensors::singleFileFolder() {
    const fs::path dir = tmp_path("single");
    semcot::remove_tree(dir);
    fs::create_directories(dir);
    const torch::Tensor w = torch::randn({3, 2});
    st::save(dir / "model.safetensors", {{"z", w}, {"y", torch::ones({1})}});
    const st::Checkpoint ckpt = st::Checkpoint::open_folder(dir);
    QVERIFY(ckpt.names() == std::vector<std::string>({"y", "z"}));
    QVERIFY(same_bytes(ckpt.tensor("z"), w));
}

void TestSafetensors::saveRejectsBadInput() {
    const std::string path = tmp_path("reject.safetensors");
    fs::remove(path);
    QVERIFY_THROWS_EXCEPTION(semcot::InvalidArgument,
                             st::save(path, {{"i", torch::ones({2}, torch::kInt64)}}));
    QVERIFY_THROWS_EXCEPTION(semcot::InvalidArgument,
                             st::save(path, {{"w", torch::ones({2})}, {"w", torch::ones({2})}}));
    QVERIFY_THROWS_EXCEPTION(semcot::InvalidArgument, st::save(path, {{"w", torch::Tensor()}}));
    QVERIFY(!fs::exists(path)); // nothing written, no temp file left
    for (const auto& entry : fs::directory_iterator(test_paths::tmp_dir()))
        QVERIFY2(entry.path().filename().string().find("reject.safetensors.tmp") ==
                     std::string::npos,
                 entry.path().string().c_str());
}

void TestSafetensors::missingFileIsIoError() {
    QVERIFY_THROWS_EXCEPTION(semcot::IoError, st::File::open(tmp_path("does_not_exist")));
    QVERIFY_THROWS_EXCEPTION(semcot::IoError, st::File::open(test_paths::tmp_dir()));
    const fs::path dir = tmp_path("empty_folder");
    fs::create_directories(dir);
    QVERIFY_THROWS_EXCEPTION(semcot::IoError, st::Checkpoint::open_folder(dir));
}

void TestSafetensors::fileShorterThan8Bytes() {
    for (const std::string& bytes : {std::string(), std::string("\x02\0\0\0", 4)}) {
        const std::string path = tmp_path("short.safetensors");
        write_bytes(path, bytes);
        const std::string problem =
            format_error_problem([&] { st::File::open(path); }, {"short.safetensors"});
        QVERIFY2(problem.empty(), problem.c_str());
    }
}

void TestSafetensors::headerLengthPastEnd() {
    const std::string header = R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";
    for (uint64_t length : {uint64_t{1000}, uint64_t{header.size() + 5}, ~uint64_t{0} - 1}) {
        const std::string problem =
            open_problem("len.safetensors", header, "abcd", {"header length"}, length);
        QVERIFY2(problem.empty(), problem.c_str());
    }
}

void TestSafetensors::invalidJson() {
    for (const std::string& header :
         {std::string("{not json"), std::string(R"({"w":)"), std::string("{}}")}) {
        const std::string problem = open_problem("json.safetensors", header, "", {"JSON"});
        QVERIFY2(problem.empty(), problem.c_str());
    }
}

void TestSafetensors::headerNotObject() {
    for (const std::string header : {"[1, 2]", "42", "\"w\"", "null"}) {
        const std::string problem = open_problem("notobj.safetensors", header, "", {"object"});
        QVERIFY2(problem.empty(), problem.c_str());
    }
}

void TestSafetensors::badEntries() {
    const std::vector<std::string> entries = {
        R"("oops")",
        R"({"shape":[1],"data_offsets":[0,4]})",
        R"({"dtype":4,"shape":[1],"data_offsets":[0,4]})",
        R"({"dtype":"F32","data_offsets":[0,4]})",
        R"({"dtype":"F32","shape":[-1],"data_offsets":[0,4]})",
        R"({"dtype":"F32","shape":[1.5],"data_offsets":[0,4]})",
        R"({"dtype":"F32","shape":["1"],"data_offsets":[0,4]})",
        R"({"dtype":"F32","shape":1,"data_offsets":[0,4]})",
        R"({"dtype":"F32","shape":[1]})",
        R"({"dtype":"F32","shape":[1],"data_offsets":[0]})",
        R"({"dtype":"F32","shape":[1],"data_offsets":[0,4,8]})",
        R"({"dtype":"F32","shape":[1],"data_offsets":[-4,0]})",
        R"({"dtype":"F32","shape":[1],"data_offsets":[4,0]})",
        R"({"dtype":"F32","shape":[1],"data_offsets":"0,4"})",
    };
    for (const auto& entry : entries) {
        const std::string header = R"({"ok":{"dtype":"F32","shape":[],"data_offsets":[4,8]},)"
                                   R"("bad.weight":)" +
                                   entry + "}";
        const std::string problem =
            open_problem("entry.safetensors", header, "abcdefgh", {"'bad.weight'"});
        QVERIFY2(problem.empty(), (entry + ": " + problem).c_str());
    }
}

void TestSafetensors::offsetsOutOfRange() {
    for (const std::string offsets : {"[0,12]", "[8,12]", "[18446744073709551612,0]",
                                      "[18446744073709551612,18446744073709551616]"}) {
        const std::string header =
            R"({"model.norm.weight":{"dtype":"F32","shape":[1],"data_offsets":)" + offsets + "}}";
        const std::string problem =
            open_problem("range.safetensors", header, "abcdefgh", {"'model.norm.weight'"});
        QVERIFY2(problem.empty(), (offsets + ": " + problem).c_str());
    }
}

void TestSafetensors::overlappingOffsets() {
    const std::string header = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                               R"("e":{"dtype":"F32","shape":[0],"data_offsets":[4,4]},)"
                               R"("b":{"dtype":"F16","shape":[2],"data_offsets":[6,10]}})";
    const std::string problem =
        open_problem("overlap.safetensors", header, std::string(12, 'x'), {"'e'", "overlap"});
    QVERIFY2(problem.empty(), problem.c_str());
    // Touching ranges and an empty tensor where the previous one ends are fine.
    const std::string ok = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                           R"("e":{"dtype":"F32","shape":[0],"data_offsets":[8,8]},)"
                           R"("b":{"dtype":"F16","shape":[2],"data_offsets":[8,12]}})";
    write_bytes(tmp_path("touch.safetensors"), raw_file(ok, std::string(12, 'x')));
    QCOMPARE(st::File::open(tmp_path("touch.safetensors")).tensors().size(), std::size_t{3});
}

// Issue 10.5: the reference reader's rules (safetensors tensor.rs, read_metadata and
// Metadata::validate), one malformed case each, refused with the file (and tensor) named.
void TestSafetensors::referenceReaderRules() {
    struct Case {
        std::string what, header, data;
        std::vector<std::string> needles;
    };
    const std::string f32 = R"({"dtype":"F32","shape":[1],"data_offsets":)";
    const std::vector<Case> cases = {
        // InvalidHeader: the header is not UTF-8 (in a key, in a string value, a lone byte).
        {"utf8 key", "{\"w\xff\":" + f32 + "[0,4]}}", "abcd", {"not valid UTF-8"}},
        {"utf8 meta", "{\"__metadata__\":{\"k\":\"\xc3\x28\"}}", "", {"not valid UTF-8"}},
        {"overlong", "{\"\xc0\xaf\":" + f32 + "[0,4]}}", "abcd", {"not valid UTF-8"}},
        {"surrogate", "{\"\xed\xa0\x80\":" + f32 + "[0,4]}}", "abcd", {"not valid UTF-8"}},
        {"bom", "\xef\xbb\xbf{}", "", {"start with '{'"}},
        // InvalidHeaderStart: anything before '{', padding included.
        {"leading space", R"( {"w":)" + f32 + "[0,4]}}", "abcd", {"start with '{'"}},
        {"leading newline", "\n{}", "", {"start with '{'"}},
        {"array", "[]", "", {"start with '{'"}},
        // InvalidHeaderDeserialization.
        {"trailing garbage", "{} x", "", {"JSON"}},
        // Header length 0.
        {"empty header", "", "", {"empty"}},
        // InvalidOffset: a gap at the start, between tensors, an empty tensor out of place.
        {"gap at start", R"({"w":)" + f32 + "[4,8]}}", "abcdefgh", {"'w'", "gap"}},
        {"gap between",
         R"({"a":)" + f32 + R"([0,4]},"b":)" + f32 + "[8,12]}}",
         std::string(12, 'x'),
         {"'b'", "gap"}},
        {"empty tensor in a range",
         R"({"a":)" + f32 + R"([0,4]},"e":{"dtype":"F32","shape":[0],"data_offsets":[2,2]}})",
         "abcd",
         {"'a'", "overlap"}},
        {"empty tensor past the end",
         R"({"a":)" + f32 + R"([0,4]},"e":{"dtype":"F32","shape":[0],"data_offsets":[8,8]}})",
         "abcd",
         {"'e'"}},
        // MetadataIncompleteBuffer: bytes after the last tensor, or data with no tensor.
        {"trailing bytes", R"({"w":)" + f32 + "[0,4]}}", "abcdefgh", {"4 bytes after the last"}},
        {"data without tensors", "{}", "abcd", {"4 bytes after the last"}},
        // A tensor named twice (nlohmann would keep one silently).
        {"duplicate",
         R"({"w":)" + f32 + R"([0,4]},"w":)" + f32 + "[4,8]}}",
         "abcdefgh",
         {"tensor 'w' appears twice"}},
        // A field given twice inside an entry (serde's duplicate_field), or __metadata__ twice.
        {"dtype twice",
         R"({"w":{"dtype":"F16","dtype":"F32","shape":[1],"data_offsets":[0,4]}})",
         "abcd",
         {"key 'dtype' of tensor 'w' appears twice"}},
        {"offsets twice",
         R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"data_offsets":[0,4]}})",
         "abcd",
         {"key 'data_offsets' of tensor 'w'"}},
        {"metadata twice",
         R"({"__metadata__":{"a":"b"},"__metadata__":{"a":"c"}})",
         "",
         {"'__metadata__' appears twice"}},
        {"metadata key twice",
         R"({"__metadata__":{"a":"b","a":"c"}})",
         "",
         {"key 'a' of '__metadata__' appears twice"}},
    };
    for (const Case& c : cases) {
        const std::string problem =
            open_problem("ref_" + std::to_string(&c - cases.data()) + ".safetensors", c.header,
                         c.data, c.needles);
        QVERIFY2(problem.empty(), (c.what + ": " + problem).c_str());
    }
    // What the reference accepts: trailing spaces (its own 8-byte padding), no tensors, metadata
    // only, non-ASCII UTF-8 names, tensors in any header order.
    const std::vector<std::pair<std::string, std::string>> valid = {
        {"{}      ", ""},
        {R"({"__metadata__":{"format":"pt"}})", ""},
        {"{\"w\xc3\xa9\xe4\xb8\xad\":" + f32 + "[0,4]}}", "abcd"},
        {R"({"b":)" + f32 + R"([4,8]},"a":)" + f32 + "[0,4]}}", "abcdefgh"},
    };
    for (const auto& [header, data] : valid) {
        write_bytes(tmp_path("ref_ok.safetensors"), raw_file(header, data));
        try {
            st::File::open(tmp_path("ref_ok.safetensors"));
        } catch (const std::exception& e) {
            QFAIL((header + ": " + e.what()).c_str());
        }
    }
}

void TestSafetensors::unknownDtype() {
    const std::string header = R"({"tok.ids":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}})";
    const std::string problem = open_problem("dtype.safetensors", header, std::string(8, 'x'),
                                             {"'tok.ids'", "unsupported dtype 'I64'"});
    QVERIFY2(problem.empty(), problem.c_str());
}

void TestSafetensors::byteSizeNotMatchingShape() {
    const std::string header =
        R"({"model.norm.weight":{"dtype":"F32","shape":[4],"data_offsets":[0,12]}})";
    const std::string problem =
        open_problem("size.safetensors", header, std::string(16, 'x'),
                     {"'model.norm.weight'", "do not match shape [4] of F32 (16 bytes)"});
    QVERIFY2(problem.empty(), problem.c_str());
}

void TestSafetensors::shapeProductOverflow() {
    for (const std::string shape :
         {"[4294967296,4294967296]", "[1099511627776,1099511627776,1099511627776,0,1]",
          "[9223372036854775807,2]", "[9223372036854775808]"}) {
        const std::string header =
            R"({"big":{"dtype":"BF16","shape":)" + shape + R"(,"data_offsets":[0,0]}})";
        // Even with a zero dimension: torch could not compute numel of such a shape.
        const std::string problem = open_problem("overflow.safetensors", header, "", {"'big'"});
        QVERIFY2(problem.empty(), (shape + ": " + problem).c_str());
    }
}

void TestSafetensors::badMetadata() {
    for (const std::string meta : {R"("pt")", R"({"format":1})", R"({"a":{"b":"c"}})"}) {
        const std::string header = R"({"__metadata__":)" + meta + "}";
        const std::string problem =
            open_problem("meta_bad.safetensors", header, "", {"__metadata__"});
        QVERIFY2(problem.empty(), (meta + ": " + problem).c_str());
    }
}

void TestSafetensors::deeplyNestedHeader() {
    // Nothing may recurse over untrusted JSON (parsing, messages, destruction).
    const std::string deep = std::string(200000, '[') + std::string(200000, ']');
    std::string problem =
        open_problem("deep.safetensors",
                     R"({"deep":{"dtype":"F32","shape":)" + deep + R"(,"data_offsets":[0,4]}})",
                     "abcd", {"nests deeper"});
    QVERIFY2(problem.empty(), problem.c_str());
    problem =
        open_problem("deep.safetensors",
                     R"({"deep":{"dtype":"F32","shape":[1],"data_offsets":[)" + deep + R"(,4]}})",
                     "abcd", {"nests deeper"});
    QVERIFY2(problem.empty(), problem.c_str());
    // Also in the metadata.
    problem = open_problem("deep.safetensors", R"({"__metadata__":{"a":)" + deep + "}}", "",
                           {"nests deeper"});
    QVERIFY2(problem.empty(), problem.c_str());
}

void TestSafetensors::missingTensor() {
    const std::string path = tmp_path("present.safetensors");
    st::save(path, {{"here", torch::ones({1})}});
    const st::File f = st::File::open(path);
    QVERIFY(!f.contains("absent.weight"));
    std::string problem = format_error_problem([&] { f.tensor("absent.weight"); },
                                               {"present.safetensors", "'absent.weight'"});
    QVERIFY2(problem.empty(), problem.c_str());

    const fs::path dir = tmp_path("missing_folder");
    fs::create_directories(dir);
    st::save(dir / "model.safetensors", {{"here", torch::ones({1})}});
    const st::Checkpoint ckpt = st::Checkpoint::open_folder(dir);
    problem = format_error_problem([&] { ckpt.tensor("absent.weight"); },
                                   {"missing tensor 'absent.weight' in", "missing_folder"});
    QVERIFY2(problem.empty(), problem.c_str());
    problem = format_error_problem([&] { ckpt.info("absent.weight"); }, {"'absent.weight'"});
    QVERIFY2(problem.empty(), problem.c_str());
}

void TestSafetensors::badIndex() {
    const fs::path dir = tmp_path("bad_index");
    semcot::remove_tree(dir);
    fs::create_directories(dir);
    st::save(dir / "shard1.safetensors", {{"a.weight", torch::ones({1})}});
    const std::string index = (dir / "model.safetensors.index.json").string();
    struct Case {
        std::string json;
        std::string needle; // the tensor, or a word of the message when no tensor is involved
    };
    const std::vector<Case> cases = {
        {"{not json", "JSON"},
        {"[]", "object"},
        {R"({"metadata":{}})", "weight_map"},
        {R"({"weight_map":["a.weight"]})", "weight_map"},
        {R"({"weight_map":{"a.weight":1}})", "'a.weight'"},
        {R"({"weight_map":{"a.weight":"nowhere.safetensors"}})", "'a.weight'"},
        {R"({"weight_map":{"a.weight":"../shard1.safetensors"}})", "'a.weight'"},
        {R"({"weight_map":{"a.weight":"/etc/passwd"}})", "'a.weight'"},
        {R"({"weight_map":{"a.weight":"shard1.safetensors","b.weight":"shard1.safetensors"}})",
         "'b.weight'"},
    };
    for (const auto& c : cases) {
        write_bytes(index, c.json);
        const std::string problem = format_error_problem(
            [&] { st::Checkpoint::open_folder(dir); }, {"model.safetensors.index.json", c.needle});
        QVERIFY2(problem.empty(), (c.json + ": " + problem).c_str());
    }
    write_bytes(index, R"({"weight_map":)" + std::string(100000, '[') + "}");
    const std::string deep = format_error_problem([&] { st::Checkpoint::open_folder(dir); },
                                                  {"model.safetensors.index.json", "nests deeper"});
    QVERIFY2(deep.empty(), deep.c_str());
    // A malformed shard is reported with the shard's name.
    write_bytes((dir / "shard2.safetensors").string(), "garbage");
    write_bytes(index, R"({"weight_map":{"x":"shard2.safetensors"}})");
    const std::string problem =
        format_error_problem([&] { st::Checkpoint::open_folder(dir); }, {"shard2.safetensors"});
    QVERIFY2(problem.empty(), problem.c_str());
}

void TestSafetensors::truncatedFilesAreRejected() {
    const std::string path = tmp_path("whole.safetensors");
    st::save(path, {{"a", torch::randn({3})}, {"b", torch::randn({2, 2}).to(torch::kFloat16)}});
    const std::string bytes = read_bytes(path);
    const std::string cut = tmp_path("cut.safetensors");
    for (std::size_t len = 0; len < bytes.size(); ++len) {
        write_bytes(cut, bytes.substr(0, len));
        const std::string problem =
            format_error_problem([&] { st::File::open(cut); }, {"cut.safetensors"});
        QVERIFY2(problem.empty(), (std::to_string(len) + ": " + problem).c_str());
    }
}

void TestSafetensors::corruptedHeadersNeverCrash() {
    const std::string path = tmp_path("fuzz_src.safetensors");
    st::save(path, {{"a", torch::randn({3})}, {"b", torch::randn({2, 2}).to(torch::kBFloat16)}});
    const std::string bytes = read_bytes(path);
    uint64_t n = 0;
    std::memcpy(&n, bytes.data(), 8);
    const std::string fuzz = tmp_path("fuzz.safetensors");
    uint32_t seed = 12345;
    const auto next = [&seed] { return seed = seed * 1664525u + 1013904223u; };
    const char replacements[] = {'0', '9', '-', '[', ']', '{', '}', '"', ',', ' ', '\0', '\xff'};
    for (int trial = 0; trial < 400; ++trial) {
        std::string corrupt = bytes;
        for (int k = 0; k < 1 + trial % 3; ++k) {
            const std::size_t pos = next() % (8 + n); // the length or the JSON
            corrupt[pos] = replacements[next() % sizeof(replacements)];
        }
        write_bytes(fuzz, corrupt);
        try {
            const st::File f = st::File::open(fuzz);
            for (const auto& t : f.tensors()) {
                const torch::Tensor x = f.tensor(t.name);
                QCOMPARE(static_cast<uint64_t>(x.numel() * x.element_size()), t.end - t.begin);
            }
        } catch (const semcot::FormatError&) {
        }
    }
}

// The shipped teacher (models/tiny-coinflip/teacher, written by this project): exactly the
// tensors of a Llama model of its config.json, in the shapes the config gives, with the dtypes,
// offsets and values that a hand parse of the file finds.
void TestSafetensors::shippedTeacherCheckpoint() {
    const fs::path dir = test_paths::shipped_teacher();
    const auto cfg = nlohmann::json::parse(semcot::read_file(dir / "config.json"));
    const int64_t vocab = cfg.at("vocab_size"), hidden = cfg.at("hidden_size"),
                  inter = cfg.at("intermediate_size"), heads = cfg.at("num_attention_heads"),
                  kv_heads = cfg.at("num_key_value_heads"), layers = cfg.at("num_hidden_layers");
    const int64_t kv_dim = hidden / heads * kv_heads;    // k_proj/v_proj rows
    QVERIFY(!cfg.at("tie_word_embeddings").get<bool>()); // so lm_head.weight is stored
    std::map<std::string, std::vector<int64_t>> expected = {
        {"model.embed_tokens.weight", {vocab, hidden}},
        {"model.norm.weight", {hidden}},
        {"lm_head.weight", {vocab, hidden}},
    };
    for (int64_t l = 0; l < layers; ++l) {
        const std::string p = "model.layers." + std::to_string(l) + ".";
        expected[p + "input_layernorm.weight"] = {hidden};
        expected[p + "post_attention_layernorm.weight"] = {hidden};
        expected[p + "self_attn.q_proj.weight"] = {hidden, hidden};
        expected[p + "self_attn.k_proj.weight"] = {kv_dim, hidden};
        expected[p + "self_attn.v_proj.weight"] = {kv_dim, hidden};
        expected[p + "self_attn.o_proj.weight"] = {hidden, hidden};
        expected[p + "mlp.gate_proj.weight"] = {inter, hidden};
        expected[p + "mlp.up_proj.weight"] = {inter, hidden};
        expected[p + "mlp.down_proj.weight"] = {hidden, inter};
    }
    QCOMPARE(expected.size(), std::size_t(3 + 4 * 9)); // 4 layers of 9 tensors
    QCOMPARE(expected.at("model.layers.3.self_attn.k_proj.weight"),
             (std::vector<int64_t>{64, 128}));

    const fs::path path = dir / "model.safetensors";
    const st::File f = st::File::open(path);
    QCOMPARE(f.tensors().size(), expected.size());
    for (const auto& t : f.tensors()) {
        QVERIFY2(expected.count(t.name), t.name.c_str());
        QVERIFY2(t.shape == expected.at(t.name), t.name.c_str());
    }

    // The file by hand: an 8-byte little-endian header length, the JSON header, the data.
    const std::string bytes = read_bytes(path.string());
    uint64_t n = 0;
    for (int i = 0; i < 8; ++i) n |= uint64_t(static_cast<unsigned char>(bytes[i])) << (8 * i);
    const auto header = nlohmann::json::parse(bytes.substr(8, n));
    QCOMPARE(header.size(), expected.size() + 1); // and __metadata__
    QCOMPARE(f.metadata().at("format"), std::string("pt"));
    uint64_t data_end = 0;
    for (const auto& t : f.tensors()) {
        const auto& h = header.at(t.name);
        QCOMPARE(h.at("dtype").get<std::string>(), std::string("F32"));
        QCOMPARE(t.dtype, torch::kFloat32);
        QVERIFY2(h.at("shape").get<std::vector<int64_t>>() == t.shape, t.name.c_str());
        QCOMPARE(h.at("data_offsets")[0].get<uint64_t>(), t.begin);
        QCOMPARE(h.at("data_offsets")[1].get<uint64_t>(), t.end);
        // The values: the bytes as float32 (little-endian, as this machine), copied by hand.
        const torch::Tensor x = f.tensor(t.name);
        std::vector<float> values((t.end - t.begin) / sizeof(float));
        QCOMPARE(static_cast<int64_t>(values.size()), x.numel());
        std::memcpy(values.data(), bytes.data() + 8 + n + t.begin, t.end - t.begin);
        const torch::Tensor by_hand =
            torch::from_blob(values.data(), {static_cast<int64_t>(values.size())});
        QVERIFY2(torch::equal(x.flatten(), by_hand), t.name.c_str());
        QVERIFY2(torch::isfinite(x).all().item<bool>(), t.name.c_str());
        data_end = std::max(data_end, t.end);
    }
    QCOMPARE(static_cast<uint64_t>(bytes.size()), 8 + n + data_end);
    // Trained, not initial: the final norm has moved away from its initial ones.
    QVERIFY(!torch::equal(f.tensor("model.norm.weight"), torch::ones({hidden})));

    const st::Checkpoint ckpt = st::Checkpoint::open_folder(dir);
    QCOMPARE(ckpt.names().size(), expected.size());
    QVERIFY(torch::equal(ckpt.tensor("lm_head.weight"), f.tensor("lm_head.weight")));
}

// stories260K (llama2.c's, from ../shared): a file that Python's safetensors wrote, with tied
// embeddings (no lm_head.weight): 2 + 5 layers * 9 tensors.
void TestSafetensors::realCheckpoint() {
    const fs::path file =
        fs::path(test_paths::shared_dir()) / "models/stories260K/model.safetensors";
    if (!fs::exists(file)) QSKIP("shared stories260K checkpoint not available");
    const st::File f = st::File::open(file);
    QVERIFY(f.contains("model.embed_tokens.weight"));
    QVERIFY(!f.contains("lm_head.weight"));
    QCOMPARE(f.tensors().size(), std::size_t(2 + 5 * 9));
    const st::TensorInfo& info = f.info("model.embed_tokens.weight");
    QCOMPARE(info.dtype, torch::kFloat32);
    QVERIFY(info.shape == std::vector<int64_t>({512, 64}));
    const torch::Tensor emb = f.tensor("model.embed_tokens.weight");
    QVERIFY(emb.sizes().vec() == std::vector<int64_t>({512, 64}));
    QVERIFY(torch::isfinite(emb).all().item<bool>());
    QVERIFY(emb.abs().sum().item<float>() > 0.0f);
    for (const auto& t : f.tensors()) QVERIFY(f.tensor(t.name).defined());

    const st::Checkpoint ckpt = st::Checkpoint::open_folder(file.parent_path());
    QCOMPARE(ckpt.names().size(), f.tensors().size());
    QVERIFY(torch::equal(ckpt.tensor("model.embed_tokens.weight"), emb));
}

QTEST_APPLESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"
