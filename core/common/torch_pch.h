// Precompiled header shared by every torch-using library in core (see core/CMakeLists.txt).
#pragma once
#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>
