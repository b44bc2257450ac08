// Golden test: the real stories260K checkpoint (llama2.c's, converted to Hugging Face layout)
// decoded greedily from BOS for 150 tokens must give exactly the text in its README.
#include "support/qtest_compat.h"

#include "common/platform.h"
#include "engine/checkpoint.h"
#include "engine/generate.h"

#include <filesystem>

using namespace semcot;

namespace {

std::filesystem::path model_dir() {
    return std::filesystem::path(test_paths::shared_dir()) / "models/stories260K";
}

// The fenced block after "## Expected output" in the model's README.
std::string expected_text() {
    const std::string readme = read_file(model_dir() / "README.md");
    const auto section = readme.find("## Expected output");
    const auto open = readme.find("```\n", section);
    const auto close = readme.find("\n```", open + 4);
    if (section == std::string::npos || open == std::string::npos || close == std::string::npos)
        return {};
    return readme.substr(open + 4, close - open - 4);
}

std::string greedy_text(const torch::Device& device, torch::ScalarType dtype) {
    LoadOptions opts;
    opts.device = device;
    opts.dtype = dtype;
    auto m = load_model_folder(model_dir(), opts);
    GenerateParams p;
    p.max_new_tokens = 150;
    auto result = generate(*m.model, {m.config.bos_token_id}, p);
    std::vector<int> ids(result.tokens.begin(), result.tokens.end());
    return m.tokenizer->decode(ids);
}

} // namespace

class TestGolden final : public QObject {
    Q_OBJECT
private slots:
    void stories260kGreedyFromBosCpu();
    void stories260kGreedyFromBosCuda();
};

void TestGolden::stories260kGreedyFromBosCpu() {
    if (!std::filesystem::exists(model_dir() / "model.safetensors"))
        QSKIP("../shared/models/stories260K not present");
    const std::string expected = expected_text();
    QVERIFY2(expected.size() > 100, "could not read the expected text from the README");
    QCOMPARE(greedy_text(torch::kCPU, torch::kFloat32), expected);
}

void TestGolden::stories260kGreedyFromBosCuda() {
    if (!std::filesystem::exists(model_dir() / "model.safetensors"))
        QSKIP("../shared/models/stories260K not present");
    if (!torch::cuda::is_available()) QSKIP("CUDA not available");
    QCOMPARE(greedy_text(torch::Device(torch::kCUDA), torch::kFloat32), expected_text());
}

QTEST_APPLESS_MAIN(TestGolden)
#include "test_golden.moc"
