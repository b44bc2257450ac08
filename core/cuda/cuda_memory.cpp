// Built only against a CUDA-enabled LibTorch (see core/CMakeLists.txt).
#include <c10/cuda/CUDACachingAllocator.h>
#include <cuda_runtime_api.h>

#include <cstdint>

namespace semcot {

double cuda_peak_allocated_bytes(int device_index) {
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(
        static_cast<c10::DeviceIndex>(device_index));
    return double(stats.allocated_bytes[0].peak); // index 0: aggregate over pool types
}

int64_t cuda_total_memory_bytes(int device_index) {
    cudaDeviceProp properties{};
    if (cudaGetDeviceProperties(&properties, device_index) != cudaSuccess) return 0;
    return int64_t(properties.totalGlobalMem);
}

} // namespace semcot
