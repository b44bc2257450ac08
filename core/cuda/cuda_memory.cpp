// Built only against a CUDA-enabled LibTorch (see core/CMakeLists.txt).
#include <c10/cuda/CUDACachingAllocator.h>

namespace semcot {

double cuda_peak_allocated_bytes(int device_index) {
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(
        static_cast<c10::DeviceIndex>(device_index));
    return double(stats.allocated_bytes[0].peak); // index 0: aggregate over pool types
}

} // namespace semcot
