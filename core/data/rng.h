// A seeded random source whose output is identical on every platform and compiler.
//
// std::mt19937_64 is fully specified by the C++ standard, but the distributions
// (std::uniform_int_distribution, std::shuffle) are implementation-defined, so generated
// datasets and splits would differ between libstdc++, libc++ and MSVC. Rng draws bounded
// integers and shuffles with its own fixed algorithms instead.
#pragma once

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace semcot {

class Rng {
public:
    explicit Rng(std::uint64_t seed)
        : engine_(seed) {}

    // The next raw 64-bit value of mt19937_64.
    std::uint64_t next() { return engine_(); }

    // Uniform in [0, n) by rejection sampling (no modulo bias). n must be > 0.
    std::uint64_t below(std::uint64_t n);

    // Uniform in [lo, hi] (inclusive); lo <= hi.
    std::int64_t range(std::int64_t lo, std::int64_t hi);

    // Fisher-Yates shuffle driven by below().
    template <typename T> void shuffle(std::vector<T>& items) {
        for (std::size_t i = items.size(); i > 1; --i) {
            const std::size_t j = static_cast<std::size_t>(below(i));
            std::swap(items[i - 1], items[j]);
        }
    }

private:
    std::mt19937_64 engine_; // standard-specified sequence for a given seed
};

} // namespace semcot
