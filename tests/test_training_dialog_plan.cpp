// Issue 17 §2, the training dialog's part: before Start the dialog shows the memory plan of the
// run as its fields set it (semcot::configured_plan), warns when the peak does not fit the
// device's memory, and offers the settings that fit (semcot::recommend_plan), which "Apply
// recommendation" puts into the run's preset. The memory fields (micro-batch, teacher dtype,
// activation checkpointing) reach the preset; until edited, each stage keeps the preset's own.
// An output folder being trained right now is named before Start (common/run_lock.h).
#include "support/qtest_compat.h"

#include "common/run_lock.h"
#include "core_bridge.h"
#include "semcot/memory_plan.h"
#include "semcot/preset.h"
#include "training_dialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>

#include <nlohmann/json.hpp>

#include <cmath>

using namespace semcot::ui;

namespace {

QJsonObject presetOf(const TrainingDialog& d) {
    return QJsonDocument::fromJson(d.request().presetJson).object();
}

QJsonValue keyOf(const QJsonObject& p, const char* object, const char* key) {
    return p.value(QLatin1String(object)).toObject().value(QLatin1String(key));
}

template <class T> T* field(const TrainingDialog& d, const char* name) {
    auto* w = d.findChild<T*>(QLatin1String(name));
    if (!w) qWarning("no field %s", name);
    return w;
}

QString bytes(int64_t b) {
    return QString::fromStdString(semcot::format_bytes(b));
}

// The dialog's preset as core reads it.
semcot::PlanModels modelsOf(const TrainingDialog& d) {
    const auto j = nlohmann::json::parse(d.request().presetJson.toStdString());
    return semcot::plan_models(semcot::preset_from_json(j, "dialog", "dialog"));
}

} // namespace

class TestTrainingDialogPlan final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("SemCoT-test-dialog-plan"));
    }

    // The panel's stages and peak are core's plan of the dialog's preset.
    void planIsCoresPlanOfTheFields() {
        TrainingDialog d;
        QVERIFY(d.loadPresetFile(presetPath(QStringLiteral("tiny"))));
        const int64_t device = int64_t(4) << 30;
        d.setDeviceMemory(device);
        const semcot::PlanRecommendation core = semcot::configured_plan(modelsOf(d), device);
        QCOMPARE(core.stages.size(), size_t(4));
        const QString text = d.planText();
        for (const auto& s : core.stages) QVERIFY2(text.contains(bytes(s.total())), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Peak %1 fits").arg(bytes(core.peak))),
                 qPrintable(text));
        QVERIFY(d.planFits());
        QVERIFY(!field<QPushButton>(d, "applyPlan")->isEnabled());
        // A change of the shapes changes the plan at once (no check to run).
        field<QSpinBox>(d, "teacher_hidden_size")->setValue(256);
        const semcot::PlanRecommendation bigger = semcot::configured_plan(modelsOf(d), device);
        QVERIFY(bigger.peak > core.peak);
        QVERIFY2(d.planText().contains(bytes(bigger.peak)), qPrintable(d.planText()));
    }

    // Below the peak: a warning, the recommendation, and Apply makes the run fit; the keys in
    // the run's preset are the ones `semcot plan` prints.
    void tooSmallWarnsAndApplyFits() {
        TrainingDialog d;
        QVERIFY(d.loadPresetFile(presetPath(QStringLiteral("tiny"))));
        const semcot::PlanModels models = modelsOf(d);
        const semcot::PlanRecommendation whole = semcot::configured_plan(models, int64_t(1) << 40);
        // 70% of the peak's budget: something must give, and micro-batches can give it.
        const int64_t device = int64_t(double(whole.peak) / 0.9 * 0.7);
        d.setDeviceMemory(device);
        QVERIFY(!d.planFits());
        QVERIFY2(d.planText().contains(QStringLiteral("Does not fit")), qPrintable(d.planText()));
        QVERIFY(field<QPushButton>(d, "applyPlan")->isEnabled());
        const semcot::PlanRecommendation fit = semcot::recommend_plan(models, device, 1);
        QVERIFY(fit.fits);
        QVERIFY(d.applyPlanRecommendation());
        QVERIFY2(d.planFits(), qPrintable(d.planText()));
        QVERIFY(!field<QPushButton>(d, "applyPlan")->isEnabled());
        const auto patch = semcot::recommended_preset_patch(fit);
        const QJsonObject p = presetOf(d);
        for (const auto& [stage, keys] : patch.items())
            for (const auto& [key, value] : keys.items()) {
                const QJsonValue got = keyOf(p, stage.c_str(), key.c_str());
                QVERIFY2(QJsonDocument::fromJson(QByteArray::fromStdString(
                             nlohmann::json{{"v", value}}.dump()))
                                 .object()
                                 .value(QStringLiteral("v")) == got,
                         qPrintable(QString::fromStdString(stage + "." + key)));
            }
        // The run as it is now fits in core's plan too.
        QVERIFY(semcot::configured_plan(modelsOf(d), device).fits);
    }

    void nothingFitsSaysSo() {
        TrainingDialog d;
        QVERIFY(d.loadPresetFile(presetPath(QStringLiteral("tiny"))));
        d.setDeviceMemory(int64_t(1) << 20); // 1 MiB
        QVERIFY(!d.planFits());
        QVERIFY2(d.planText().contains(QStringLiteral("Nothing fits")), qPrintable(d.planText()));
        QVERIFY(!d.applyPlanRecommendation());
    }

    // Edited memory fields set every stage; unedited, a stage keeps the preset's own value.
    void memoryFieldsReachThePreset() {
        const QString path =
            QDir(QString::fromLatin1(SEMCOT_TEST_TMP_DIR)).filePath(QStringLiteral("plan.json"));
        {
            QFile in(presetPath(QStringLiteral("tiny")));
            QVERIFY(in.open(QIODevice::ReadOnly));
            auto j = nlohmann::json::parse(in.readAll().toStdString());
            j["teacher_train"]["micro_batch"] = 4;
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(QByteArray::fromStdString(j.dump()));
        }
        TrainingDialog d;
        QVERIFY(d.loadPresetFile(path));
        QCOMPARE(keyOf(presetOf(d), "teacher_train", "micro_batch").toInt(), 4);
        QVERIFY(keyOf(presetOf(d), "semcot", "micro_batch").isUndefined());
        const int64_t before = semcot::configured_plan(modelsOf(d), int64_t(1) << 40).peak;
        field<QSpinBox>(d, "microBatch")->setValue(2);
        field<QCheckBox>(d, "activationCheckpointing")->setChecked(true);
        auto* dtype = field<QComboBox>(d, "teacherDtype");
        dtype->setCurrentIndex(dtype->findData(QStringLiteral("bfloat16")));
        const QJsonObject p = presetOf(d);
        for (const char* stage : {"teacher_train", "student_train", "semcot"}) {
            QCOMPARE(keyOf(p, stage, "micro_batch").toInt(), 2);
            QVERIFY(keyOf(p, stage, "activation_checkpointing").toBool());
        }
        QCOMPARE(keyOf(p, "semcot", "teacher_dtype").toString(), QStringLiteral("bfloat16"));
        const semcot::PlanRecommendation after =
            semcot::configured_plan(modelsOf(d), int64_t(1) << 40);
        QVERIFY(after.peak < before);
        QVERIFY2(d.planText().contains(bytes(after.stages.back().total())),
                 qPrintable(d.planText()));
        // Loading a preset again shows its own values.
        QVERIFY(d.loadPresetFile(presetPath(QStringLiteral("tiny"))));
        QVERIFY(keyOf(presetOf(d), "semcot", "micro_batch").isUndefined());
        QCOMPARE(dtype->currentData().toString(), QStringLiteral("float32"));
    }

    // A preset on model folders plans from their config.json or, before the download, the
    // models' published shapes; the paper's 7B teacher does not fit a small device.
    void folderPresetPlansFromKnownShapes() {
        TrainingDialog d;
        QVERIFY(d.loadPresetFile(presetPath(QStringLiteral("llama2-7b-sheared"))));
        d.setDeviceMemory(int64_t(24) << 30);
        const semcot::PlanRecommendation core =
            semcot::configured_plan(modelsOf(d), int64_t(24) << 30);
        QCOMPARE(core.stages.size(), size_t(2)); // st and cg
        QVERIFY(!core.fits);
        QVERIFY(!d.planFits());
        QVERIFY2(d.planText().contains(bytes(core.peak)), qPrintable(d.planText()));
        QVERIFY2(d.planText().contains(QStringLiteral("generator")), qPrintable(d.planText()));
        // A folder without config.json and of no known shape: the panel says why.
        for (auto* e : d.findChildren<QLineEdit*>())
            if (e->placeholderText().contains(QStringLiteral("from scratch")))
                e->setText(QStringLiteral("/nonexistent/model"));
        QVERIFY2(d.planText().contains(QStringLiteral("No memory plan")), qPrintable(d.planText()));
    }

    // A folder being trained right now (common/run_lock.h) is named as such next to the output
    // field, for a SemCoT run and for a baseline, before Start.
    void lockedOutputFolderIsNamed() {
        const QString folder =
            QDir(QString::fromLatin1(SEMCOT_TEST_TMP_DIR)).filePath(QStringLiteral("locked_run"));
        QDir(folder).removeRecursively();
        const semcot::RunLock lock(folder.toStdString(), "semcot train");
        TrainingDialog d;
        QVERIFY(d.loadPresetFile(presetPath(QStringLiteral("tiny"))));
        d.setOutputFolder(folder);
        QVERIFY(!d.validate());
        QVERIFY2(d.fieldError(QStringLiteral("out")).contains(QStringLiteral("being trained")),
                 qPrintable(d.fieldError(QStringLiteral("out"))));
        QVERIFY(d.fieldError(QStringLiteral("out"))
                    .contains(QStringLiteral("pid %1").arg(QCoreApplication::applicationPid())));
        QVERIFY(d.setMethod(QStringLiteral("pause")));
        d.setBaselineBase(QDir(modelsDir()).filePath(QStringLiteral("tiny-coinflip")));
        d.setBaselineOutput(folder);
        QVERIFY(!d.validate());
        QVERIFY2(d.fieldError(QStringLiteral("out")).contains(QStringLiteral("right now")),
                 qPrintable(d.fieldError(QStringLiteral("out"))));
    }
};

QTEST_MAIN(TestTrainingDialogPlan)
#include "test_training_dialog_plan.moc"
