// The few facts about core the widgets need (paths, versions, presets), without torch headers.
#pragma once

#include <QString>
#include <QStringList>

namespace semcot::ui {

// The shipped models/ folder (presets, prompts, the tiny run).
QString modelsDir();
// The shipped trained run (models/tiny-coinflip).
QString shippedRunDir();
// Preset names in models/presets (file stems), "tiny" first.
QStringList presetNames();
// Path of a preset's JSON file.
QString presetPath(const QString& name);

struct VersionInfo {
    QString qt, libtorch, cuda, blas, app;
};
VersionInfo versionInfo();
bool cudaAvailable();
// Sets LibTorch's intra-op threads (n > 0); 0 keeps the main thread's default. Call from the
// main thread; workers then call prepareWorkerThread() at the start of each job, because
// OpenMP's thread count is per thread and a new thread would otherwise use every core on top
// of OpenBLAS's own pool (see DEVELOPERS.md, "Threads on the CPU").
void applyThreadCount(int n);
void prepareWorkerThread();

} // namespace semcot::ui
