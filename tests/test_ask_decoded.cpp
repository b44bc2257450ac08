// Issue 18 in the app: with a trained decoder in RUN/decoder the Ask view shows the reasoning it
// reads from the implicit tokens (streamed, labelled as a probe, with its controls' test scores
// from scores.json) and the Alignment view puts its steps beside the reasoning steps; without
// one, the Ask view names `semcot train-decoder` and nothing fails.
#include "support/qtest_compat.h"

#include "alignment_view.h"
#include "ask_view.h"
#include "core_bridge.h"
#include "main_window.h"
#include "settings.h"

#include "analysis/decoder.h"
#include "analysis/decoder_eval.h"
#include "analysis/decoder_train.h"
#include "engine/checkpoint.h"
#include "semcot/run.h"
#include "tokenizer/tokenizer.h"

#include <QDir>
#include <QSignalSpy>
#include <QStandardPaths>

#include <fstream>

using namespace semcot;
using namespace semcot::ui;
namespace fs = std::filesystem;

namespace {

fs::path tmpDir(const char* name) {
    const fs::path dir = fs::path(SEMCOT_TEST_TMP_DIR) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// A copy of the shipped run with a small decoder trained on 32 of its questions (a few seconds
// on the CPU) and a scores.json whose controls' ROUGE-L are 0.69 and 0.67.
fs::path runWithDecoder() {
    const fs::path run = tmpDir("ask_decoded") / "run";
    fs::copy(shippedRunDir().toStdString(), run, fs::copy_options::recursive);
    auto loaded = load_run(run, torch::kCPU);
    auto ctx = loaded.inference_context();
    auto train = loaded.split("train");
    train.resize(32);
    std::vector<std::string> text;
    for (const auto& e : train) text.push_back(e.reasoning);
    const auto lat = examples_latents(ctx, Method::semcot, train);
    LoadOptions lo;
    lo.load_tokenizer = false;
    auto lm = load_model_folder(run / "student", lo).model;
    auto tok = load_tokenizer(run / "student_tokenizer");
    DecoderTrainParams p;
    p.epochs = 2;
    p.batch_size = 16;
    p.lr = 2e-3;
    auto r = train_decoder(lm, *tok, lat, text, {}, {}, p);
    r.decoder->save(run / "decoder", *tok, {{"note", "test"}});
    DecoderEvaluation ev;
    ev.run = run.string();
    const std::pair<const char*, double> rouge[] = {
        {"tokens", 0.83}, {"random", 0.69}, {"none", 0.67}};
    for (const auto& [c, v] : rouge) {
        DecoderConditionResult cr;
        cr.condition = c;
        cr.scores.n = 10;
        cr.scores.rouge_l = v;
        ev.conditions.push_back(cr);
    }
    std::ofstream(run / "decoder" / kDecoderScoresFile) << ev.to_json().dump(2);
    return run;
}

bool openAndAsk(MainWindow& w, const QString& run) {
    QSignalSpy loaded(&w, &MainWindow::runLoaded);
    if (!w.openRun(run).isEmpty() || !loaded.wait(30000)) return false;
    AskView* ask = w.askView();
    ask->selectTestQuestion(0);
    ask->run();
    return ask->busy() && QTest::qWaitFor([ask] { return !ask->busy(); }, 60000);
}

} // namespace

class TestAskDecoded final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void showsTheDecodedReasoning();
    void withoutADecoderNamesTheCommand();
};

void TestAskDecoded::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SemCoT-test-ask-decoded"));
    Settings::setLastRun(QString());
}

void TestAskDecoded::showsTheDecodedReasoning() {
    const fs::path run = runWithDecoder();
    MainWindow w;
    w.show();
    QVERIFY(openAndAsk(w, QString::fromStdString(run.string())));
    AskView* ask = w.askView();
    QVERIFY(ask->chipCount() > 0);
    const QString head = ask->decodedHeader();
    QVERIFY2(head.contains(QStringLiteral("implicit tokens alone")), qPrintable(head));
    QVERIFY2(head.contains(QStringLiteral("probe")), qPrintable(head));
    QVERIFY2(head.contains(QStringLiteral("0.83")) && head.contains(QStringLiteral("0.69")) &&
                 head.contains(QStringLiteral("0.67")),
             qPrintable(head));
    QVERIFY2(!ask->decodedText().trimmed().isEmpty(), qPrintable(head));
    QVERIFY(w.alignmentView()->decodedStepCount() > 0);
}

void TestAskDecoded::withoutADecoderNamesTheCommand() {
    MainWindow w;
    w.show();
    QVERIFY(openAndAsk(w, shippedRunDir()));
    AskView* ask = w.askView();
    QVERIFY(ask->chipCount() > 0);
    const QString head = ask->decodedHeader();
    QVERIFY2(head.contains(QStringLiteral("semcot train-decoder --run RUN")), qPrintable(head));
    QVERIFY(ask->decodedText().isEmpty());
    QCOMPARE(w.alignmentView()->decodedStepCount(), 0);
}

QTEST_MAIN(TestAskDecoded)
#include "test_ask_decoded.moc"
