// Core's evaluation result in the Qt types the Evaluation view shows (studio_types.h): the
// summary, the samples, SemCoT against each other method on the same questions
// (report/report_analysis.h) and every method's slices and confusion table (report/slices.h).
// The worker calls it on its thread; tests call it on a planted result.
#pragma once

#include "studio_types.h"

namespace semcot {
struct EvaluationResult;
}

namespace semcot::ui {

// `order`: the methods in the order the tables list them (those missing go last); `partial`:
// the evaluation was stopped early.
EvalData evalData(const EvaluationResult& result, const QStringList& order, bool partial = false);

// The `semcot eval` command that evaluates as `request` does (its arguments shell-quoted).
QString evalCommand(const EvalRequest& request);

} // namespace semcot::ui
