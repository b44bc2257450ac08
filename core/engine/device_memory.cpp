#include "engine/device_memory.h"

#include <unistd.h>

namespace semcot {

#ifdef SEMCOT_WITH_CUDA
int64_t cuda_total_memory_bytes(int device_index); // cuda/cuda_memory.cpp
#endif

int64_t device_memory_bytes(const torch::Device& device) {
    if (device.is_cpu()) {
        const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
        return pages > 0 && page > 0 ? int64_t(pages) * int64_t(page) : 0;
    }
#ifdef SEMCOT_WITH_CUDA
    if (device.is_cuda()) return cuda_total_memory_bytes(device.index() < 0 ? 0 : device.index());
#endif
    return 0;
}

} // namespace semcot
