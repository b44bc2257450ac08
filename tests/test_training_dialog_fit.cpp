// Issue 12, the training dialog's part: the fields of a run trained from scratch (examples,
// epochs, max_length, model shapes, the fit to the data, what happens to longer examples) load
// from the preset and reach the run's preset; the shapes are validated next to the fields; the
// fit panel measures a dataset file on a worker thread and shows max_length, the longer
// examples and the time per stage; a run that would stop on longer examples does not start.
#include "support/qtest_compat.h"

#include "core_bridge.h"
#include "settings.h"
#include "training_dialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>

using namespace semcot::ui;

namespace {

constexpr int kCheckTimeoutMs = 300'000; // a busy two-core machine

QString tmp(const QString& name) {
    return QDir(QString::fromLatin1(SEMCOT_TEST_TMP_DIR)).filePath(name);
}

QJsonObject presetOf(const TrainingDialog& d) {
    return QJsonDocument::fromJson(d.request().presetJson).object();
}

int keyOf(const QJsonObject& p, const char* object, const char* key) {
    return p.value(QLatin1String(object)).toObject().value(QLatin1String(key)).toInt(-1);
}

template <class T> T* field(const TrainingDialog& d, const char* name) {
    auto* w = d.findChild<T*>(QLatin1String(name));
    if (!w) qWarning("no field %s", name);
    return w;
}

// `n` arithmetic examples in the SemCoT format; with `longWords`, the last five have reasoning
// of that many sentences (longer than any max_length the tests use; five, so that some land in
// the training or validation split whatever the split does).
QString plantDataset(const QString& name, int n, int longWords = 0) {
    QJsonArray records;
    for (int i = 0; i < n; ++i) {
        const int a = 3 + i, b = 7 + 2 * i;
        QJsonObject r;
        r[QStringLiteral("query")] =
            QStringLiteral("Tom has %1 apples and buys %2 more. How many apples does he have?")
                .arg(a)
                .arg(b);
        r[QStringLiteral("reasoning")] =
            QStringLiteral("Tom starts with %1 apples. He buys %2 more, so %1 + %2 = %3.")
                .arg(a)
                .arg(b)
                .arg(a + b);
        r[QStringLiteral("answer")] = QString::number(a + b);
        records.append(r);
    }
    if (longWords > 0) {
        QStringList words;
        for (int i = 0; i < longWords; ++i)
            words << QStringLiteral("then Tom counts %1 apples again").arg(i);
        for (int i = n - 5; i < n; ++i) {
            QJsonObject r = records[i].toObject();
            r[QStringLiteral("reasoning")] = words.join(u' ');
            records[i] = r;
        }
    }
    const QString dir = tmp(QStringLiteral("fit_data"));
    QDir().mkpath(dir);
    const QString path = QDir(dir).filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly)) f.write(QJsonDocument(records).toJson());
    return path;
}

// A small from-scratch run on `task`: tiny-fit's shapes shrunk so the time estimate is quick.
void smallRun(TrainingDialog& d, const QString& task) {
    QVERIFY(d.loadPresetFile(presetPath(QStringLiteral("tiny-fit"))));
    for (auto* combo : d.findChildren<QComboBox*>())
        if (combo->isEditable()) combo->setCurrentText(task);
    for (const char* m : {"teacher", "student"}) {
        const QByteArray k(m);
        field<QSpinBox>(d, (k + "_hidden_size").constData())->setValue(32);
        field<QSpinBox>(d, (k + "_intermediate_size").constData())->setValue(64);
        field<QSpinBox>(d, (k + "_num_hidden_layers").constData())->setValue(3);
        field<QSpinBox>(d, (k + "_num_attention_heads").constData())->setValue(4);
        field<QSpinBox>(d, (k + "_num_key_value_heads").constData())->setValue(2);
    }
}

} // namespace

class TestTrainingDialogFit final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void fieldsLoadFromPresets();
    void fieldsReachThePreset();
    void modelsWithHuggingFaceFolders();
    void headCountsAreValidated();
    void datasetFolderIsATask();
    void checkShowsFitAndTime();
    void overLongExamplesStopTheStart();
    void badDatasetFileShowsTheError();
    void sharedDatasetFolderFits();
    void fitsTheScreenInEveryLanguage_data();
    void fitsTheScreenInEveryLanguage();
    void cleanupTestCase();
};

void TestTrainingDialogFit::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SemCoT-test-dialog-fit"));
}

void TestTrainingDialogFit::cleanupTestCase() {
    Settings::setLanguage(QStringLiteral("en"));
    Settings::applyLanguage();
}

void TestTrainingDialogFit::fieldsLoadFromPresets() {
    TrainingDialog d;
    QVERIFY(d.loadPresetFile(presetPath(QStringLiteral("tiny-fit"))));
    auto* fit = field<QCheckBox>(d, "fitToData");
    auto* maxLength = field<QSpinBox>(d, "maxLength");
    auto* overLong = field<QComboBox>(d, "overLong");
    QVERIFY(fit && maxLength && overLong);
    QVERIFY(fit->isChecked());
    QVERIFY(!maxLength->isEnabled()); // the fit chooses it
    QCOMPARE(field<QDoubleSpinBox>(d, "fitPercentile")->value(), 99.0);
    QCOMPARE(field<QSpinBox>(d, "fitLengthCap")->value(), 1024);
    QCOMPARE(overLong->currentData().toString(), QStringLiteral("skip"));
    QCOMPARE(field<QSpinBox>(d, "examples")->value(), 3000);
    QCOMPARE(field<QSpinBox>(d, "teacher_epochs")->value(), 5);
    QCOMPARE(field<QSpinBox>(d, "student_epochs")->value(), 3);
    QCOMPARE(field<QSpinBox>(d, "teacher_hidden_size")->value(), 128);
    QCOMPARE(field<QSpinBox>(d, "student_hidden_size")->value(), 96);
    QCOMPARE(field<QSpinBox>(d, "student_num_key_value_heads")->value(), 2);

    QVERIFY(d.loadPresetFile(presetPath(QStringLiteral("tiny"))));
    QVERIFY(!fit->isChecked());
    QVERIFY(maxLength->isEnabled());
    QCOMPARE(maxLength->value(), 200);
    QFile tiny(presetPath(QStringLiteral("tiny")));
    QVERIFY(tiny.open(QIODevice::ReadOnly));
    const QJsonObject tinyJson = QJsonDocument::fromJson(tiny.readAll()).object();
    // Core's default without "fit" is "stop".
    const QString tinyOverLong =
        tinyJson.value(QStringLiteral("over_long")).toString(QStringLiteral("stop"));
    QCOMPARE(overLong->currentData().toString(), tinyOverLong);
    QCOMPARE(field<QSpinBox>(d, "teacher_epochs")->value(), 6);
    QCOMPARE(field<QSpinBox>(d, "student_epochs")->value(), 4);
    QCOMPARE(field<QSpinBox>(d, "teacher_num_hidden_layers")->value(), 4);
    QCOMPARE(field<QSpinBox>(d, "vocabSize")->value(), 400);
    // The unchanged preset goes through as it is, "fit" and all.
    const QJsonObject p = presetOf(d);
    QVERIFY(!p.contains(QStringLiteral("fit")));
    QCOMPARE(p.value(QStringLiteral("over_long")).toString(), tinyOverLong);
    QCOMPARE(keyOf(p, "teacher_train", "max_length"), 200);
    QCOMPARE(keyOf(p, "teacher", "max_position_embeddings"), 264); // 256 < 200 + 64
}

void TestTrainingDialogFit::fieldsReachThePreset() {
    TrainingDialog d;
    QVERIFY(d.loadPresetFile(presetPath(QStringLiteral("tiny"))));
    field<QSpinBox>(d, "maxLength")->setValue(320);
    field<QSpinBox>(d, "examples")->setValue(500);
    field<QSpinBox>(d, "teacher_epochs")->setValue(2);
    field<QSpinBox>(d, "student_epochs")->setValue(1);
    field<QSpinBox>(d, "teacher_hidden_size")->setValue(256);
    field<QSpinBox>(d, "student_intermediate_size")->setValue(300);
    QJsonObject p = presetOf(d);
    for (const char* stage : {"teacher_train", "student_train", "semcot"})
        QCOMPARE(keyOf(p, stage, "max_length"), 320);
    QCOMPARE(keyOf(p, "teacher", "max_position_embeddings"), 384); // the context follows
    QCOMPARE(p.value(QStringLiteral("examples")).toInt(), 500);
    QCOMPARE(keyOf(p, "teacher_train", "epochs"), 2);
    QCOMPARE(keyOf(p, "student_train", "epochs"), 1);
    QCOMPARE(keyOf(p, "teacher_train", "batch_size"), 32); // the rest of the object stays
    QCOMPARE(keyOf(p, "teacher", "hidden_size"), 256);
    QCOMPARE(keyOf(p, "student", "intermediate_size"), 300);

    auto* fit = field<QCheckBox>(d, "fitToData");
    fit->setChecked(true);
    QVERIFY(!field<QSpinBox>(d, "maxLength")->isEnabled());
    field<QDoubleSpinBox>(d, "fitPercentile")->setValue(95);
    p = presetOf(d);
    const QJsonObject f = p.value(QStringLiteral("fit")).toObject();
    QCOMPARE(f.value(QStringLiteral("percentile")).toDouble(), 95.0);
    QCOMPARE(f.value(QStringLiteral("max_length_cap")).toInt(), 1024);
    QVERIFY(f.value(QStringLiteral("vocab")).toBool());
    QVERIFY(!field<QSpinBox>(d, "vocabSize")->isEnabled()); // the fit sizes the tokenizer
    field<QCheckBox>(d, "fitVocab")->setChecked(false);
    QVERIFY(field<QSpinBox>(d, "vocabSize")->isEnabled());
    QVERIFY(!presetOf(d)
                 .value(QStringLiteral("fit"))
                 .toObject()
                 .value(QStringLiteral("vocab"))
                 .toBool(true));

    auto* overLong = field<QComboBox>(d, "overLong");
    overLong->setCurrentIndex(overLong->findData(QStringLiteral("stop")));
    QCOMPARE(presetOf(d).value(QStringLiteral("over_long")).toString(), QStringLiteral("stop"));
    overLong->setCurrentIndex(overLong->findData(QStringLiteral("skip")));
    QCOMPARE(presetOf(d).value(QStringLiteral("over_long")).toString(), QStringLiteral("skip"));
    fit->setChecked(false);
    QVERIFY(!presetOf(d).contains(QStringLiteral("fit")));
    // What the run reads back is what the fields say.
    d.setOutputFolder(tmp(QStringLiteral("fit_dialog_out")));
    QVERIFY2(d.validate(), qPrintable(d.fieldError(QStringLiteral("models"))));
}

// A preset with Hugging Face folders has no shapes to set: the fields are off and the preset's
// own values are written (run.json records every key).
void TestTrainingDialogFit::modelsWithHuggingFaceFolders() {
    TrainingDialog d;
    QVERIFY(d.loadPresetFile(presetPath(QStringLiteral("llama2-7b-sheared"))));
    QVERIFY(!field<QSpinBox>(d, "teacher_hidden_size")->isEnabled());
    QVERIFY(!field<QCheckBox>(d, "fitToData")->isEnabled());
    QVERIFY(!field<QComboBox>(d, "overLong")->isEnabled());
    QVERIFY(field<QSpinBox>(d, "maxLength")->isEnabled());
    QCOMPARE(field<QSpinBox>(d, "maxLength")->value(), 512);
    field<QSpinBox>(d, "maxLength")->setValue(384);
    const QJsonObject p = presetOf(d);
    QVERIFY(!p.contains(QStringLiteral("fit")));
    QCOMPARE(p.value(QStringLiteral("over_long")).toString(), QStringLiteral("stop"));
    QVERIFY(!p.contains(QStringLiteral("teacher")));
    QCOMPARE(keyOf(p, "semcot", "max_length"), 384);
    QVERIFY(d.fitText().contains(QStringLiteral("trained from scratch")));
}

void TestTrainingDialogFit::headCountsAreValidated() {
    TrainingDialog d;
    QVERIFY(d.loadPresetFile(presetPath(QStringLiteral("tiny"))));
    d.setOutputFolder(tmp(QStringLiteral("fit_dialog_heads")));
    QVERIFY(d.validate());
    QVERIFY(d.fieldError(QStringLiteral("models")).isEmpty());
    field<QSpinBox>(d, "teacher_hidden_size")->setValue(130);
    QVERIFY(!d.validate());
    QVERIFY2(d.fieldError(QStringLiteral("models")).contains(QStringLiteral("not divisible")),
             qPrintable(d.fieldError(QStringLiteral("models"))));
    QVERIFY(d.fieldError(QStringLiteral("models")).contains(QStringLiteral("Teacher")));
    // The message follows the field.
    field<QSpinBox>(d, "teacher_hidden_size")->setValue(128);
    QVERIFY(d.fieldError(QStringLiteral("models")).isEmpty());
    field<QSpinBox>(d, "student_num_key_value_heads")->setValue(3);
    QVERIFY(d.fieldError(QStringLiteral("models")).contains(QStringLiteral("key-value heads")));
    field<QSpinBox>(d, "student_num_key_value_heads")->setValue(0);
    QVERIFY(d.fieldError(QStringLiteral("models")).contains(QStringLiteral("above 0")));
    field<QSpinBox>(d, "student_num_key_value_heads")->setValue(4);
    field<QSpinBox>(d, "student_num_attention_heads")->setValue(12); // 96 / 12 = 8, even
    field<QSpinBox>(d, "student_num_key_value_heads")->setValue(5);
    QVERIFY(d.fieldError(QStringLiteral("models")).contains(QStringLiteral("key-value heads")));
    field<QSpinBox>(d, "student_num_key_value_heads")->setValue(6);
    QVERIFY2(d.fieldError(QStringLiteral("models")).isEmpty(),
             qPrintable(d.fieldError(QStringLiteral("models"))));
    field<QSpinBox>(d, "student_num_attention_heads")->setValue(32); // 96 / 32 = 3, odd
    QVERIFY(d.fieldError(QStringLiteral("models")).contains(QStringLiteral("even")));
    field<QSpinBox>(d, "student_num_attention_heads")->setValue(4);
    field<QSpinBox>(d, "student_num_key_value_heads")->setValue(2);
    // The sentence transformer reads teacher layers 1..3.
    field<QSpinBox>(d, "teacher_num_hidden_layers")->setValue(2);
    QVERIFY(
        d.fieldError(QStringLiteral("models")).contains(QStringLiteral("sentence transformer")));
    field<QSpinBox>(d, "teacher_num_hidden_layers")->setValue(4);
    field<QSpinBox>(d, "teacher_epochs")->setValue(0);
    QVERIFY(d.fieldError(QStringLiteral("models")).contains(QStringLiteral("epoch")));
    QVERIFY(d.fitText().contains(QStringLiteral("Fix the fields")));
    field<QSpinBox>(d, "teacher_epochs")->setValue(1);
    QVERIFY(d.validate());
}

void TestTrainingDialogFit::datasetFolderIsATask() {
    TrainingDialog d;
    QVERIFY(d.loadPresetFile(presetPath(QStringLiteral("tiny-fit"))));
    d.setOutputFolder(tmp(QStringLiteral("fit_dialog_folder")));
    const QString folder = tmp(QStringLiteral("fit_folder"));
    QDir(folder).removeRecursively();
    QDir().mkpath(folder);
    QComboBox* task = nullptr;
    for (auto* combo : d.findChildren<QComboBox*>())
        if (combo->isEditable()) task = combo;
    QVERIFY(task);
    QCOMPARE(task->itemText(0), QStringLiteral("coinflip"));
    QCOMPARE(task->itemText(1), QStringLiteral("arithmetic"));
    task->setCurrentText(folder);
    QVERIFY(!d.validate());
    QVERIFY(d.fieldError(QStringLiteral("task")).contains(QStringLiteral("train_")));
    QFile::copy(plantDataset(QStringLiteral("folder_src.json"), 20),
                QDir(folder).filePath(QStringLiteral("train_42.json")));
    QVERIFY2(d.validate(), qPrintable(d.fieldError(QStringLiteral("task"))));
    QCOMPARE(d.request().task, folder);
    task->setCurrentText(tmp(QStringLiteral("no_such_dataset")));
    QVERIFY(d.fieldError(QStringLiteral("task")).contains(QStringLiteral("No such dataset")));
}

// The button measures on a worker thread: "Measuring..." first, then the fit and the time of
// every stage. The dialog is shown, so the automatic check runs too (it must not run twice).
void TestTrainingDialogFit::checkShowsFitAndTime() {
    const QString data = plantDataset(QStringLiteral("apples.json"), 30);
    TrainingDialog d;
    smallRun(d, data);
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    auto* check = field<QPushButton>(d, "checkFit");
    QVERIFY(check);
    check->click();
    QVERIFY(d.fitCheckRunning());
    QVERIFY2(d.fitText().contains(QStringLiteral("Measuring")), qPrintable(d.fitText()));
    QTRY_VERIFY_WITH_TIMEOUT(!d.fitCheckRunning(), kCheckTimeoutMs);
    const QString text = d.fitText();
    QVERIFY2(text.contains(QStringLiteral("max_length ")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("fitted to the data")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Tokenizer: ")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Estimated time")), qPrintable(text));
    for (const char* stage : {"teacher", "student", "sentence transformer", "generator", "total"})
        QVERIFY2(text.contains(QLatin1String(stage)), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("earlier settings")), qPrintable(text));
    // The automatic check has nothing left to do for these fields.
    QTest::qWait(900);
    QVERIFY(!d.fitCheckRunning());
    d.resize(d.sizeHint());
    QCoreApplication::processEvents();
    const QString shot = tmp(QStringLiteral("training_dialog_fit.png"));
    QVERIFY(d.grab().save(shot));
    qInfo("screenshot: %s (%dx%d)", qPrintable(shot), d.width(), d.height());

    // An edit makes the numbers out of date, and the automatic check measures the fit again.
    field<QSpinBox>(d, "examples")->setValue(20);
    QVERIFY2(d.fitText().contains(QStringLiteral("earlier settings")), qPrintable(d.fitText()));
    QTRY_VERIFY_WITH_TIMEOUT(!d.fitCheckRunning() &&
                                 !d.fitText().contains(QStringLiteral("earlier settings")),
                             kCheckTimeoutMs);
    QVERIFY2(d.fitText().contains(QStringLiteral("Tokenizer: ")), qPrintable(d.fitText()));
    QVERIFY2(!d.fitText().contains(QStringLiteral(" 24 training")), qPrintable(d.fitText()));
    QVERIFY2(d.fitText().contains(QStringLiteral("press \"Check fit and time\"")),
             qPrintable(d.fitText()));
    QVERIFY2(!d.fitText().contains(QStringLiteral("earlier settings")), qPrintable(d.fitText()));
}

// One example far longer than max_length 200 with "stop": the panel says the run would stop,
// Start shows the message next to the field instead of starting; "Skip them" lets it start.
void TestTrainingDialogFit::overLongExamplesStopTheStart() {
    const QString data = plantDataset(QStringLiteral("one_long.json"), 30, 120);
    TrainingDialog d;
    QVERIFY(d.loadPresetFile(presetPath(QStringLiteral("tiny"))));
    for (auto* combo : d.findChildren<QComboBox*>())
        if (combo->isEditable()) combo->setCurrentText(data);
    d.setOutputFolder(tmp(QStringLiteral("fit_dialog_stop")));
    auto* overLong = field<QComboBox>(d, "overLong");
    overLong->setCurrentIndex(overLong->findData(QStringLiteral("stop")));
    QVERIFY(d.validate()); // nothing measured yet: nothing to refuse
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    // The automatic check (fit only) runs once the dialog is shown.
    QTRY_VERIFY_WITH_TIMEOUT(!d.fitCheckRunning() &&
                                 d.fitText().contains(QStringLiteral("Tokenizer: ")),
                             kCheckTimeoutMs);
    QString text = d.fitText();
    QVERIFY2(text.contains(QStringLiteral("max_length 200, as set")), qPrintable(text));
    if (!text.contains(QStringLiteral("would stop")))
        QSKIP("the long examples all went to the test split"); // see plantDataset
    QVERIFY(!d.validate());
    QVERIFY2(d.fieldError(QStringLiteral("over_long")).contains(QStringLiteral("would stop")),
             qPrintable(d.fieldError(QStringLiteral("over_long"))));
    d.accept();
    QCOMPARE(d.result(), int(QDialog::Rejected));
    QVERIFY(d.isVisible());
    // Skipping: the panel and the field agree at once, without another check.
    overLong->setCurrentIndex(overLong->findData(QStringLiteral("skip")));
    QVERIFY(!d.fitCheckRunning());
    QVERIFY2(d.fitText().contains(QStringLiteral("which the run skips")), qPrintable(d.fitText()));
    QVERIFY(d.fieldError(QStringLiteral("over_long")).isEmpty());
    QVERIFY(d.validate());
}

void TestTrainingDialogFit::badDatasetFileShowsTheError() {
    const QString dir = tmp(QStringLiteral("fit_data"));
    QDir().mkpath(dir);
    const QString bad = QDir(dir).filePath(QStringLiteral("broken.json"));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("[{\"query\": \"unfinished");
    f.close();
    TrainingDialog d;
    smallRun(d, bad);
    field<QPushButton>(d, "checkFit")->click();
    QTRY_VERIFY_WITH_TIMEOUT(!d.fitCheckRunning(), kCheckTimeoutMs);
    QVERIFY2(d.fitText().contains(QStringLiteral("The check failed")), qPrintable(d.fitText()));
    QVERIFY2(d.fitText().contains(QStringLiteral("broken.json")), qPrintable(d.fitText()));
}

// A dataset folder of ../shared: the fit alone (the button's time estimate is checked above).
void TestTrainingDialogFit::sharedDatasetFolderFits() {
    const QString folder =
        QDir(QString::fromLatin1(SEMCOT_SHARED_DIR)).filePath(QStringLiteral("datasets/svamp"));
    if (!QFileInfo(QDir(folder).filePath(QStringLiteral("train_42.json"))).isFile())
        QSKIP("../shared/datasets/svamp is absent");
    TrainingDialog d;
    QVERIFY(d.loadPresetFile(presetPath(QStringLiteral("tiny-fit"))));
    for (auto* combo : d.findChildren<QComboBox*>())
        if (combo->isEditable()) combo->setCurrentText(folder);
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    QTRY_VERIFY_WITH_TIMEOUT(!d.fitCheckRunning() &&
                                 d.fitText().contains(QStringLiteral("Tokenizer: ")),
                             kCheckTimeoutMs);
    QVERIFY2(d.fitText().contains(QStringLiteral("fitted to the data")), qPrintable(d.fitText()));
}

// The dialog with its fit panel filled fits a 1366x768 screen (less the title bar and a
// panel) in English, German and Chinese, a long dataset path included.
void TestTrainingDialogFit::fitsTheScreenInEveryLanguage_data() {
    QTest::addColumn<QString>("code");
    QTest::newRow("en") << QStringLiteral("en");
    QTest::newRow("de") << QStringLiteral("de");
    QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
}

void TestTrainingDialogFit::fitsTheScreenInEveryLanguage() {
    QFETCH(QString, code);
    Settings::setLanguage(code);
    Settings::applyLanguage();
    QCoreApplication::processEvents();
    const QString data = plantDataset(
        QStringLiteral("a_dataset_file_with_a_rather_long_name_in_a_deep_folder.json"), 30, 120);
    TrainingDialog d;
    smallRun(d, data);
    auto* overLong = field<QComboBox>(d, "overLong");
    overLong->setCurrentIndex(overLong->findData(QStringLiteral("stop")));
    field<QCheckBox>(d, "fitToData")->setChecked(false);
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    field<QPushButton>(d, "checkFit")->click();
    QTRY_VERIFY_WITH_TIMEOUT(!d.fitCheckRunning(), kCheckTimeoutMs);
    d.validate();
    // The size the dialog asks for (the offscreen screen is smaller than a laptop's).
    const QSize hint = d.sizeHint();
    d.resize(hint);
    QCoreApplication::processEvents();
    const QString shot = tmp(QStringLiteral("training_dialog_fit_%1.png").arg(code));
    QVERIFY(d.grab().save(shot));
    qInfo("screenshot: %s (%dx%d)", qPrintable(shot), d.width(), d.height());
    QVERIFY2(hint.width() <= 1366, qPrintable(QString::number(hint.width())));
    QVERIFY2(hint.height() <= 700, qPrintable(QString::number(hint.height())));
}

QTEST_MAIN(TestTrainingDialogFit)
#include "test_training_dialog_fit.moc"
