// The memory of a device, for plans made before a run (semcot/memory_plan.h).
#pragma once

#include <torch/types.h>

#include <cstdint>

namespace semcot {

// Bytes of memory `device` has in all: a CPU's physical memory (sysconf _SC_PHYS_PAGES x
// _SC_PAGE_SIZE), a CUDA device's global memory (cudaDeviceProp::totalGlobalMem, LibTorch
// built with CUDA only). 0 when unknown (another device type, or CUDA without a CUDA build).
int64_t device_memory_bytes(const torch::Device& device);

} // namespace semcot
