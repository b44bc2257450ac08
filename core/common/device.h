// Device and dtype selection shared by the CLI, the UI and the jobs.
#pragma once

#include <torch/types.h>

#include <string>

namespace semcot {

// "auto" picks CUDA when available, else CPU; "cpu"; "cuda" or "cuda:N".
// Throws InvalidArgument for anything else, or for CUDA when it is not available.
torch::Device parse_device(const std::string& name);

// "float32" | "bfloat16" | "float16" (also "fp32", "bf16", "fp16", "f32"...).
torch::ScalarType parse_dtype(const std::string& name);

// Canonical name of a dtype ("float32", "bfloat16", "float16").
std::string dtype_name(torch::ScalarType dtype);

// Bytes per element of a floating dtype.
std::size_t dtype_size(torch::ScalarType dtype);

// Waits for all queued work on `device` (a no-op on CPU); call before reading a clock.
void synchronize(const torch::Device& device);

} // namespace semcot
