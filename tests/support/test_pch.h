// Precompiled header for every test executable.
#pragma once
#include <torch/torch.h>

#include "support/qtest_compat.h"
