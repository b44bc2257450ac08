#include "core_bridge.h"

#include "common/platform.h"
#include "semcot/run.h"

#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include <QCoreApplication>
#include <QDir>

#include <atomic>

namespace semcot::ui {

QString modelsDir() {
    return QString::fromStdString(semcot::models_dir().string());
}

QString shippedRunDir() {
    return QDir(modelsDir()).filePath(QStringLiteral("tiny-coinflip"));
}

QStringList presetNames() {
    QDir dir(QDir(modelsDir()).filePath(QStringLiteral("presets")));
    QStringList names;
    for (const QString& f : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        names << QFileInfo(f).completeBaseName();
    if (names.removeOne(QStringLiteral("tiny"))) names.prepend(QStringLiteral("tiny"));
    return names;
}

QString presetPath(const QString& name) {
    return QDir(modelsDir()).filePath(QStringLiteral("presets/%1.json").arg(name));
}

VersionInfo versionInfo() {
    VersionInfo v;
    v.qt = QString::fromLatin1(qVersion());
    v.libtorch = QString::fromLatin1(TORCH_VERSION);
    // The count in a variable: lupdate 6.4 hangs on a functional cast inside translate().
    const int devices = static_cast<int>(torch::cuda::device_count());
    v.cuda = torch::cuda::is_available()
                 ? QCoreApplication::translate("semcot::ui", "yes (%n device(s))", nullptr, devices)
                 : QCoreApplication::translate("semcot::ui", "no");
    const std::string blas = semcot::blas_library_path();
    v.blas = blas.empty() ? QCoreApplication::translate("semcot::ui", "unknown")
                          : QString::fromStdString(blas);
    if (semcot::blas_is_reference())
        v.blas += QCoreApplication::translate("semcot::ui", " (reference BLAS: slow)");
    v.app = QCoreApplication::applicationVersion();
    return v;
}

bool cudaAvailable() {
    return torch::cuda::is_available();
}

namespace {
std::atomic_int g_threads{0};
} // namespace

void applyThreadCount(int n) {
    static const int main_default = at::get_num_threads();
    g_threads = n > 0 ? n : main_default;
    at::set_num_threads(g_threads);
}

void prepareWorkerThread() {
    if (g_threads == 0) return;
    if (at::get_num_threads() != g_threads) at::set_num_threads(g_threads);
}

} // namespace semcot::ui
