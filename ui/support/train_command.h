// A training request of the app as the command line that does the same (issue 16 §4): the
// training dialog's "Copy as command", and the command line run.json's provenance records for
// a training started in the app. A SemCoT run's preset, with the dialog's edits, is written to
// OUT/preset.json, which the command names.
#pragma once

#include "studio_types.h"

#include <QString>

namespace semcot::ui {

// OUT/preset.json: where the request's preset goes.
QString requestPresetFile(const TrainRequest& request);
// Writes the preset with the dialog's edits to requestPresetFile() (creating OUT), unless the
// request is a baseline (no preset) or a resume, or OUT already holds a run (train_run refuses
// it; its preset.json stays); false with a message when it cannot.
bool writeRequestPreset(const TrainRequest& request, QString* error);
// `semcot train --preset OUT/preset.json --out OUT --seed S ...` for SemCoT,
// `semcot train --method NAME --base RUN --out OUT ...` with the baseline's settings for a
// baseline; arguments shell-quoted.
QString trainCommand(const TrainRequest& request);

} // namespace semcot::ui
