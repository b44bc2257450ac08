// Compiled without LibTorch's include paths (core/CMakeLists.txt): these headers must not need
// torch, because the desktop app's dialogs and run lists use them (and the Qt-less tools may).
#include "semcot/base_run.h"
#include "semcot/dataset_fit.h"
#include "semcot/hyperparameters.h"
#include "semcot/preset.h"
#include "semcot/run_info.h"
#include "semcot/run_stage.h"
