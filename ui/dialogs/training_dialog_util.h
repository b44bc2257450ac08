// Small helpers shared by the training dialog's three source files (building the dialog, its
// preset and fields, its fit panel). Internal to ui/dialogs.
#pragma once

#include <QLocale>
#include <QString>
#include <QtGlobal>

#include <cmath>

namespace semcot {
struct BaseRunProblem;
} // namespace semcot

namespace semcot::ui::training_dialog {

// What `semcot train --base` finds wrong with a base run, translated
// (training_dialog_preset.cpp).
QString baseProblem(const semcot::BaseRunProblem& p);

// The SemCoT stages the dialog edits, and their names (translated by the dialog).
inline const char* const kStageKeys[] = {"st_stage1", "st_stage2", "cg_stage1", "cg_stage2"};
inline const char* const kStageNames[] = {
    QT_TRANSLATE_NOOP("semcot::ui::TrainingDialog", "ST stage 1 (projection)"),
    QT_TRANSLATE_NOOP("semcot::ui::TrainingDialog", "ST stage 2 (layers)"),
    QT_TRANSLATE_NOOP("semcot::ui::TrainingDialog", "CG stage 1 (warm-up)"),
    QT_TRANSLATE_NOOP("semcot::ui::TrainingDialog", "CG stage 2 (full)")};
inline const char* const kModelKeys[] = {"teacher", "student"};
inline const char* const kBuiltinTasks[] = {"coinflip", "arithmetic"};

inline bool isBuiltinTask(const QString& task) {
    for (const char* t : kBuiltinTasks)
        if (task == QLatin1String(t)) return true;
    return false;
}

// The fit and plan panels' notes (HTML): gray for what informs, red for what stops a run.
inline QString gray(const QString& html) {
    return QStringLiteral("<span style=\"color: gray\">%1</span>").arg(html);
}
inline QString red(const QString& html) {
    return QStringLiteral("<span style=\"color: #d32f2f\">%1</span>").arg(html);
}

inline QString num(double v) {
    return QString::number(v, 'g', 6);
}

// A learning rate or weight decay as typed: a finite number (C locale, or the user's).
inline bool parseNumber(const QString& text, double* value) {
    const QString t = text.trimmed();
    bool ok = false;
    double v = t.toDouble(&ok);
    if (!ok) v = QLocale().toDouble(t, &ok);
    if (ok && !std::isfinite(v)) ok = false;
    if (ok) *value = v;
    return ok;
}

// 75 s -> "1:15", 3700 s -> "1:01:40", 12 s -> "12 s", 0.3 s -> "<1 s".
inline QString duration(double seconds) {
    if (seconds < 1) return QStringLiteral("<1 s");
    const qint64 s = qint64(std::llround(seconds));
    if (s < 60) return QStringLiteral("%1 s").arg(s);
    const qint64 h = s / 3600, m = s % 3600 / 60, sec = s % 60;
    if (h > 0)
        return QStringLiteral("%1:%2:%3")
            .arg(h)
            .arg(m, 2, 10, QLatin1Char('0'))
            .arg(sec, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(sec, 2, 10, QLatin1Char('0'));
}

} // namespace semcot::ui::training_dialog
