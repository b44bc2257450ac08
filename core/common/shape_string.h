// "[2, 3, 4]": a tensor shape as error messages print it.
#pragma once

#include <c10/util/ArrayRef.h>

#include <string>

namespace semcot {

inline std::string shape_string(c10::IntArrayRef shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

} // namespace semcot
