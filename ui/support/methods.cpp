#include "methods.h"

#include "baselines/baseline.h"
#include "common/run_lock.h"
#include "qt_string.h"
#include "semcot/inference.h"
#include "semcot/run_info.h"

#include <QCoreApplication>
#include <QDir>

#include <cmath>
#include <filesystem>
#include <optional>

namespace semcot::ui {

namespace {

constexpr const char* kContext = "semcot::ui::Methods";

// core's method_label() texts, for lupdate: methodLabel() translates core's own string, so a
// label changed in core shows untranslated rather than wrong.
[[maybe_unused]] const char* const kLabels[] = {
    QT_TRANSLATE_NOOP("semcot::ui::Methods", "Explicit CoT"),
    QT_TRANSLATE_NOOP("semcot::ui::Methods", "No-CoT"),
    QT_TRANSLATE_NOOP("semcot::ui::Methods", "SemCoT"),
    QT_TRANSLATE_NOOP("semcot::ui::Methods", "Pause"),
    QT_TRANSLATE_NOOP("semcot::ui::Methods", "SoftCoT"),
    QT_TRANSLATE_NOOP("semcot::ui::Methods", "Coconut"),
    QT_TRANSLATE_NOOP("semcot::ui::Methods", "CODI"),
    QT_TRANSLATE_NOOP("semcot::ui::Methods", "ICoT-SI")};

std::optional<Method> parse(const QString& name) {
    for (Method m : all_methods())
        if (name == qs(method_name(m))) return m;
    return std::nullopt;
}

double number(const nlohmann::json& j, const char* key, double otherwise) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : otherwise;
}

} // namespace

QStringList methodNames() {
    QStringList out;
    for (Method m : all_methods()) out << qs(method_name(m));
    return out;
}

QStringList baselineNames() {
    QStringList out;
    for (Method m : all_methods())
        if (is_baseline(m)) out << qs(method_name(m));
    return out;
}

bool isBaseline(const QString& name) {
    const auto m = parse(name);
    return m && is_baseline(*m);
}

QString methodLabel(const QString& name) {
    const auto m = parse(name);
    if (!m) return name;
    const std::string label = method_label(*m);
    return QCoreApplication::translate(kContext, label.c_str());
}

bool hasLatents(const QString& name) {
    const auto m = parse(name);
    return m && *m != Method::cot && *m != Method::nocot && *m != Method::icot;
}

QString noLatentsNote(const QString& name) {
    const auto m = parse(name);
    if (!m || hasLatents(name)) return {};
    switch (*m) {
    case Method::nocot:
        return QCoreApplication::translate("semcot::ui::Methods",
                                           "No-CoT has no latent tokens: the teacher reads the "
                                           "question and writes the answer at once.");
    case Method::icot:
        return QCoreApplication::translate(
            "semcot::ui::Methods",
            "ICoT-SI has no latent tokens: its reasoning was internalised into the "
            "fine-tuned teacher's weights, so nothing stands between the question and "
            "the answer to decode.");
    default:
        return QCoreApplication::translate(
            "semcot::ui::Methods",
            "Explicit CoT writes its reasoning as text: it has no latent tokens.");
    }
}

QString trainCommand(const QString& name, const QString& run) {
    return QStringLiteral("semcot train --method %1 --base %2")
        .arg(name, QDir::toNativeSeparators(run));
}

QString baselineFolder(const QString& run, const QString& name) {
    return QDir(run).filePath(QStringLiteral("methods/") + name);
}

BaselineState baselineState(const QString& folder, const QString& name) {
    namespace fs = std::filesystem;
    BaselineState b;
    b.method = name;
    b.folder = folder;
    const auto m = parse(name);
    if (folder.isEmpty() || !m || !is_baseline(*m)) return b;
    const fs::path f = folder.toStdString();
    // The lock says more than the files, which a training that has just started has not
    // written yet and one in progress rewrites.
    if (const auto holder = run_folder_holder(f)) {
        b.status = BaselineState::Status::training;
        b.trainer = qs(holder->describe());
        return b;
    }
    try {
        if (*m == Method::softcot) {
            // A generator-only run: trained once its run.json says done (run.json is written at
            // the start of its training, "method": "softcot" at the end).
            if (!fs::exists(f / "run.json")) return b;
            const RunInfo info = read_run_info(f);
            if (info.failed()) {
                b.error = qs(info.error);
                return b;
            }
            if (info.done() && info.json.value("method", std::string()) != "softcot") {
                b.error = QCoreApplication::translate("semcot::ui::Methods",
                                                      "%1 holds a SemCoT run, not SoftCoT")
                              .arg(QDir::toNativeSeparators(folder));
                return b;
            }
            b.status =
                info.done() ? BaselineState::Status::trained : BaselineState::Status::interrupted;
            if (info.cg_best_val_loss) b.bestValLoss = *info.cg_best_val_loss;
            b.seconds = number(info.json.value("summary", nlohmann::json::object()), "seconds", -1);
        } else if (is_method_folder(f)) {
            const MethodFolderFile file = read_method_json(f, method_name(*m)); // checks the method
            b.status = BaselineState::Status::trained;
            b.seconds = number(file.summary, "seconds", -1);
            b.bestValLoss = number(file.summary, "best_val_loss", b.bestValLoss);
        } else if (fs::is_directory(f / "checkpoints")) {
            b.status = BaselineState::Status::interrupted; // method.json comes at the end
        }
    } catch (const std::exception& e) {
        b.status = BaselineState::Status::absent;
        b.error = qs(e.what());
    }
    return b;
}

QList<BaselineState> runBaselines(const QString& run) {
    QList<BaselineState> out;
    for (const QString& name : baselineNames()) {
        BaselineState none;
        none.method = name;
        out << (run.isEmpty() ? none : baselineState(baselineFolder(run, name), name));
    }
    return out;
}

QStringList trainedBaselines(const QString& run) {
    QStringList out;
    for (const BaselineState& b : runBaselines(run))
        if (b.status == BaselineState::Status::trained) out << b.method;
    return out;
}

QString baselineSummary(const BaselineState& b) {
    const QString label = methodLabel(b.method);
    if (!b.error.isEmpty())
        return QCoreApplication::translate("semcot::ui::Methods", "%1: unreadable (%2)")
            .arg(label, b.error);
    if (b.status == BaselineState::Status::interrupted)
        return QCoreApplication::translate(
                   "semcot::ui::Methods",
                   "%1: interrupted; New training run > %1 with \"Continue the "
                   "interrupted training\" resumes it")
            .arg(label);
    if (b.status == BaselineState::Status::training)
        return QCoreApplication::translate("semcot::ui::Methods",
                                           "%1: being trained right now (%2)")
            .arg(label, b.trainer);
    if (b.status == BaselineState::Status::absent)
        return QCoreApplication::translate("semcot::ui::Methods", "%1: not trained").arg(label);
    QStringList parts;
    if (b.seconds >= 0)
        parts << QCoreApplication::translate("semcot::ui::Methods", "trained in %1 s")
                     .arg(b.seconds, 0, 'f', b.seconds < 10 ? 1 : 0);
    if (std::isfinite(b.bestValLoss))
        parts << QCoreApplication::translate("semcot::ui::Methods", "best validation loss %1")
                     .arg(b.bestValLoss, 0, 'f', 4);
    return parts.isEmpty() ? label
                           : QStringLiteral("%1: %2").arg(label, parts.join(QStringLiteral(", ")));
}

} // namespace semcot::ui
