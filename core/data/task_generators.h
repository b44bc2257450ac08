// Built-in synthetic reasoning tasks with exact gold reasoning, for quick experiments without
// downloaded datasets. Output depends only on the options (Rng: same on every platform).
//
// coinflip:   "A coin is heads up. Alice flips the coin. Bob does not flip the coin. Is the
//              coin still heads up?" -> reasoning one line per person, answer "yes"/"no".
// arithmetic: "Start with 7. Add 5. Multiply by 3. Subtract 4. What is the result?"
//              -> reasoning "7 + 5 = 12" one line per operation, answer "32".
#pragma once

#include "data/dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace semcot {

struct CoinFlipOptions {
    std::size_t count = 1000; // examples to generate
    std::uint64_t seed = 1;   // Rng seed
    int min_people = 2;       // fewest people per question (>= 1)
    int max_people = 8;       // most people per question (<= the 26 names in the table)
};

struct ArithmeticOptions {
    std::size_t count = 1000; // examples to generate
    std::uint64_t seed = 1;   // Rng seed
    int min_ops = 2;          // fewest operations per question (>= 1)
    int max_ops = 6;          // most operations per question
    int max_start = 10;       // the start value is drawn from [1, max_start]
    int max_operand = 9;      // add/subtract operands are drawn from [1, max_operand]
    int max_factor = 3;       // multipliers are drawn from [2, max_factor]
    int max_value = 100;      // every intermediate value stays in [0, max_value]
};

// Throws InvalidArgument naming the option when the options are inconsistent.
std::vector<Example> generate_coinflip(const CoinFlipOptions& options);
std::vector<Example> generate_arithmetic(const ArithmeticOptions& options);

// Names accepted by generate_task: {"coinflip", "arithmetic"}.
std::vector<std::string> task_names();

// Generates a built-in task with default ranges; throws InvalidArgument for an unknown name.
std::vector<Example> generate_task(const std::string& name, std::size_t count, std::uint64_t seed);

} // namespace semcot
