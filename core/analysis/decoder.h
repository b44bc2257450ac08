// A trained decoder that reads a method's implicit tokens back as text (issue 18; the paper's
// second open question, arXiv 2510.24940 section 6): a language model that sees only the
// tokens, never the question, and writes the question's reasoning:
//
//   input   [BOS] P(z_1) ... P(z_n) "Reasoning:\n"   ->   target: the reasoning, then EOS
//
// z_i [Dt] are the latents the method places in the teacher's input (MethodResult::latents:
// SemCoT's and SoftCoT's implicit tokens, Pause embeddings, Coconut's and CODI's thoughts).
// P centres the latents on the training latents' mean and divides by the RMS of the centred
// training values (one scale for all Dt dimensions), then applies a trained Linear(Dt -> D)
// into the decoder LM's input embeddings.
// The LM is either
//   student  (default) a copy of the run's student (RUN/student) trained with P, or
//   teacher  the run's frozen teacher; only P trains (a prefix projection).
// The method's own models stay frozen: decoding never changes how the method answers.
//
// Conditions (the controls of the measurement, trained and scored the same way):
//   tokens   the question's own latents;
//   random   the latents of a different question (a fixed derangement drawn from the seed);
//   none     no latents: the LM reads [BOS] "Reasoning:\n" alone (n = 0).
//
// Folder (safetensors + JSON, default RUN/decoder for SemCoT, METHOD_FOLDER/decoder for a
// baseline; each control in <folder>/controls/<condition>):
//   decoder.json          {"format": "semcot-decoder/1", "config": DecoderConfig, "summary"}
//   decoder.safetensors   "projection.weight" [D, Dt], "projection.bias" [D],
//                         "latent_mean" [Dt], "latent_std" [Dt] (float32)
//   lm/                   the trained student copy with its tokenizer (student only)
#pragma once

#include "engine/model.h"
#include "tokenizer/tokenizer.h"

#include <nlohmann/json.hpp>
#include <torch/nn/modules/linear.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace semcot {

inline constexpr const char* kDecoderFormat = "semcot-decoder/1";

enum class DecoderCondition { tokens, random, none };
std::string condition_name(DecoderCondition c);            // "tokens", "random", "none"
DecoderCondition parse_condition(const std::string& name); // throws InvalidArgument

struct DecoderConfig {
    std::string lm = "student";          // "student" or "teacher" (above)
    std::string method = "semcot";       // whose latents (inference.h method_name)
    std::string condition = "tokens";    // condition_name
    int64_t latent_count = 0;            // n latents per question read (0 for "none")
    int64_t latent_dim = 0;              // Dt, the teacher's hidden size
    std::string prompt = "Reasoning:\n"; // text after the latents, before the reasoning
    int64_t max_length = 256;            // tokens of one training sequence, latents included
    uint64_t seed = 0;                   // projection init, shuffle, the random derangement
    std::string teacher_folder;          // "teacher" LMs: the frozen teacher's model folder

    nlohmann::json to_json() const;
    // FormatError naming `source` and the key.
    static DecoderConfig from_json(const nlohmann::json& j, const std::string& source);
};

class ImplicitDecoderImpl : public torch::nn::Module {
public:
    // Takes `lm` (float32 or not, on its device); the projection is created on the same device
    // in float32 and initialised from `config.seed`. `latent_mean`/`latent_std` [Dt] float32.
    ImplicitDecoderImpl(LlamaModel lm, const DecoderConfig& config,
                        const torch::Tensor& latent_mean, const torch::Tensor& latent_std);

    const DecoderConfig& config() const { return config_; }
    LlamaModel& lm() { return lm_; }
    torch::nn::Linear& projection() { return projection_; }

    // Input embeddings [B, T + n, D] in the LM's dtype: the embeddings of ids [B, T] (int64)
    // with the projected latents [B, n, Dt] (any dtype and device; n may be 0) inserted after
    // the first `head` ids (1: after BOS; 0 for tokenizers without BOS).
    torch::Tensor input_embeds(const torch::Tensor& latents, const torch::Tensor& ids,
                               int64_t head);
    // Requires grad on the projection, and on the LM when config.lm == "student".
    void set_trainable();

    // Writes the folder (above); `tokenizer` goes into lm/ with the student copy.
    void save(const std::filesystem::path& folder, const Tokenizer& tokenizer,
              const nlohmann::json& summary) const;

private:
    DecoderConfig config_;
    LlamaModel lm_{nullptr};
    torch::nn::Linear projection_{nullptr}; // [D, Dt] + bias [D], float32
    torch::Tensor mean_, std_;              // [Dt] float32 buffers
};
TORCH_MODULE(ImplicitDecoder);

// A decoder read back from its folder with the tokenizer it writes with.
struct LoadedDecoder {
    std::filesystem::path folder;
    ImplicitDecoder decoder{nullptr};
    std::unique_ptr<Tokenizer> tokenizer; // lm/'s, or the teacher folder's
    nlohmann::json summary;               // decoder.json "summary"
};

// Loads a decoder folder (a "teacher" decoder loads its LM from config.teacher_folder), in
// float32 on `device`. InvalidArgument when `folder` holds no decoder.json (naming `semcot
// train-decoder`); FormatError / IoError for damaged files or shapes that disagree with the
// config.
LoadedDecoder load_decoder(const std::filesystem::path& folder, const torch::Device& device);

// Whether `folder` holds a decoder (decoder.json).
bool has_decoder(const std::filesystem::path& folder);

// Greedy decoding of one reasoning per row of `latents` [B, n, Dt] (n = 0 for "none"), at
// most `max_new_tokens` tokens each, in batches of `batch_size`; the texts without EOS.
std::vector<std::string> decode_reasoning(ImplicitDecoderImpl& decoder, const Tokenizer& tokenizer,
                                          const torch::Tensor& latents, int64_t max_new_tokens,
                                          int64_t batch_size = 32);

} // namespace semcot
