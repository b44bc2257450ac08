#include "data/rng.h"

#include "common/error.h"

namespace semcot {

std::uint64_t Rng::below(std::uint64_t n) {
    if (n == 0) throw InvalidArgument("Rng::below: n must be positive");
    // Values below `threshold` would make the low residues more likely; reject them.
    const std::uint64_t threshold = (0 - n) % n; // == 2^64 mod n
    for (;;) {
        const std::uint64_t r = engine_();
        if (r >= threshold) return r % n;
    }
}

std::int64_t Rng::range(std::int64_t lo, std::int64_t hi) {
    if (lo > hi) throw InvalidArgument("Rng::range: lo > hi");
    const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
    if (span == UINT64_MAX) return static_cast<std::int64_t>(engine_());
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + below(span + 1));
}

} // namespace semcot
