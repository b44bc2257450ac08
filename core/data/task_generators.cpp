#include "data/task_generators.h"

#include "common/error.h"
#include "data/rng.h"

#include <algorithm>
#include <array>

namespace semcot {

namespace {

// Fixed table: changing it changes every generated coinflip dataset.
constexpr std::array<const char*, 26> kNames = {
    "Alice", "Bob",   "Carol", "David", "Emma",   "Frank",  "Grace", "Henry", "Irene",
    "Jack",  "Karen", "Liam",  "Maria", "Nathan", "Olivia", "Paul",  "Quinn", "Rosa",
    "Sam",   "Tina",  "Umar",  "Vera",  "Walter", "Xenia",  "Yusuf", "Zoe"};

void require(bool ok, const std::string& message) {
    if (!ok) throw InvalidArgument(message);
}

std::string join_lines(const std::vector<std::string>& lines) {
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) out += (i ? "\n" : "") + lines[i];
    return out;
}

std::string full_answer(const std::string& reasoning, const std::string& answer) {
    return reasoning + "\n#### " + answer;
}

} // namespace

std::vector<Example> generate_coinflip(const CoinFlipOptions& options) {
    require(options.min_people >= 1, "coinflip: min_people must be >= 1");
    require(options.max_people >= options.min_people, "coinflip: max_people must be >= min_people");
    require(options.max_people <= static_cast<int>(kNames.size()),
            "coinflip: max_people must be <= " + std::to_string(kNames.size()));
    Rng rng(options.seed);
    std::vector<Example> examples;
    examples.reserve(options.count);
    for (std::size_t n = 0; n < options.count; ++n) {
        const int people = static_cast<int>(rng.range(options.min_people, options.max_people));
        // Distinct names: the first `people` of a partial Fisher-Yates pass over the table.
        std::vector<const char*> names(kNames.begin(), kNames.end());
        for (int i = 0; i < people; ++i) {
            const std::size_t j = i + static_cast<std::size_t>(rng.below(names.size() - i));
            std::swap(names[i], names[j]);
        }
        std::string query = "A coin is heads up.";
        std::vector<std::string> steps;
        bool heads = true;
        int flips = 0;
        for (int i = 0; i < people; ++i) {
            const std::string name = names[i];
            if (rng.below(2) == 1) {
                heads = !heads;
                ++flips;
                query += " " + name + " flips the coin.";
                steps.push_back(name + " flips the coin, so it is now " +
                                (heads ? "heads" : "tails") + " up.");
            } else {
                query += " " + name + " does not flip the coin.";
                steps.push_back(name + " does not flip the coin, so it is still " +
                                (heads ? "heads" : "tails") + " up.");
            }
        }
        query += " Is the coin still heads up?";
        Example example;
        example.query = query;
        example.answer = heads ? "yes" : "no";
        example.reasoning = join_lines(steps);
        example.condensed_reasoning = std::to_string(flips) +
                                      (flips == 1 ? " flip, " : " flips, ") +
                                      (flips % 2 ? "odd, so tails." : "even, so heads.");
        example.full_answer = full_answer(example.reasoning, example.answer);
        examples.push_back(std::move(example));
    }
    return examples;
}

std::vector<Example> generate_arithmetic(const ArithmeticOptions& options) {
    require(options.min_ops >= 1, "arithmetic: min_ops must be >= 1");
    require(options.max_ops >= options.min_ops, "arithmetic: max_ops must be >= min_ops");
    require(options.max_start >= 1, "arithmetic: max_start must be >= 1");
    require(options.max_value >= options.max_start, "arithmetic: max_value must be >= max_start");
    require(options.max_operand >= 1, "arithmetic: max_operand must be >= 1");
    require(options.max_factor >= 2, "arithmetic: max_factor must be >= 2");
    Rng rng(options.seed);
    std::vector<Example> examples;
    examples.reserve(options.count);
    for (std::size_t n = 0; n < options.count; ++n) {
        const int ops = static_cast<int>(rng.range(options.min_ops, options.max_ops));
        std::int64_t value = rng.range(1, options.max_start);
        std::string query = "Start with " + std::to_string(value) + ".";
        std::string expression = std::to_string(value); // condensed form, minimal parentheses
        char last_op = 0;
        std::vector<std::string> steps;
        for (int i = 0; i < ops; ++i) {
            // The operations that keep the value inside [0, max_value]; never empty, since
            // max_value >= 1 means either adding or subtracting 1 is possible.
            std::vector<char> allowed;
            if (value < options.max_value) allowed.push_back('+');
            if (value > 0) allowed.push_back('-');
            if (value > 0 && value * 2 <= options.max_value) allowed.push_back('*');
            const char op = allowed[rng.below(allowed.size())];
            std::int64_t operand = 0, next = 0;
            switch (op) {
            case '+':
                operand = rng.range(
                    1, std::min<std::int64_t>(options.max_operand, options.max_value - value));
                next = value + operand;
                query += " Add " + std::to_string(operand) + ".";
                break;
            case '-':
                operand = rng.range(1, std::min<std::int64_t>(options.max_operand, value));
                next = value - operand;
                query += " Subtract " + std::to_string(operand) + ".";
                break;
            default:
                operand = rng.range(
                    2, std::min<std::int64_t>(options.max_factor, options.max_value / value));
                next = value * operand;
                query += " Multiply by " + std::to_string(operand) + ".";
                if (last_op == '+' || last_op == '-') expression = "(" + expression + ")";
                break;
            }
            const std::string symbol(1, op);
            steps.push_back(std::to_string(value) + " " + symbol + " " + std::to_string(operand) +
                            " = " + std::to_string(next));
            expression += " " + symbol + " " + std::to_string(operand);
            last_op = op;
            value = next;
        }
        query += " What is the result?";
        Example example;
        example.query = query;
        example.answer = std::to_string(value);
        example.reasoning = join_lines(steps);
        example.condensed_reasoning = expression + " = " + example.answer + ".";
        example.full_answer = full_answer(example.reasoning, example.answer);
        examples.push_back(std::move(example));
    }
    return examples;
}

std::vector<std::string> task_names() {
    return {"coinflip", "arithmetic"};
}

std::vector<Example> generate_task(const std::string& name, std::size_t count, std::uint64_t seed) {
    if (name == "coinflip") {
        CoinFlipOptions options;
        options.count = count;
        options.seed = seed;
        return generate_coinflip(options);
    }
    if (name == "arithmetic") {
        ArithmeticOptions options;
        options.count = count;
        options.seed = seed;
        return generate_arithmetic(options);
    }
    throw InvalidArgument("unknown task '" + name + "' (known: coinflip, arithmetic)");
}

} // namespace semcot
