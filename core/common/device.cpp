#include "common/device.h"

#include "common/error.h"

#include <torch/cuda.h>

namespace semcot {

torch::Device parse_device(const std::string& name) {
    if (name == "auto") {
        return torch::cuda::is_available() ? torch::Device(torch::kCUDA)
                                           : torch::Device(torch::kCPU);
    }
    if (name == "cpu") return torch::Device(torch::kCPU);
    if (name == "cuda" || name.rfind("cuda:", 0) == 0) {
        if (!torch::cuda::is_available()) {
            throw InvalidArgument("device '" + name + "' requested but CUDA is not available");
        }
        try {
            return torch::Device(name);
        } catch (const c10::Error&) {
            throw InvalidArgument("invalid device '" + name + "'");
        }
    }
    throw InvalidArgument("unknown device '" + name + "' (expected auto, cpu, cuda or cuda:N)");
}

torch::ScalarType parse_dtype(const std::string& name) {
    if (name == "float32" || name == "fp32" || name == "f32" || name == "float")
        return torch::kFloat32;
    if (name == "bfloat16" || name == "bf16") return torch::kBFloat16;
    if (name == "float16" || name == "fp16" || name == "f16" || name == "half")
        return torch::kFloat16;
    throw InvalidArgument("unknown dtype '" + name + "' (expected float32, bfloat16 or float16)");
}

std::string dtype_name(torch::ScalarType dtype) {
    switch (dtype) {
    case torch::kFloat32:
        return "float32";
    case torch::kBFloat16:
        return "bfloat16";
    case torch::kFloat16:
        return "float16";
    default:
        return c10::toString(dtype);
    }
}

std::size_t dtype_size(torch::ScalarType dtype) {
    return c10::elementSize(dtype);
}

void synchronize(const torch::Device& device) {
    if (device.is_cuda()) torch::cuda::synchronize(device.index() < 0 ? -1 : device.index());
}

} // namespace semcot
