// The alignment heatmap: the tooltip of a known cell (exact cosine, both texts), the cell under
// a point, the colour scale's ends, PNG and SVG export.
#include "support/qtest_compat.h"

#include "alignment_heatmap.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QImage>

using namespace semcot::ui;

class TestAlignmentHeatmap final : public QObject {
    Q_OBJECT
private slots:
    void tooltipOfAKnownCell();
    void exportsPngAndSvg();

private:
    static AlignmentData sample();
};

AlignmentData TestAlignmentHeatmap::sample() {
    AlignmentData d;
    d.source = QStringLiteral("ground_truth");
    d.rows = 2;
    d.cols = 3;
    d.rowLabels = {QStringLiteral("t1"), QStringLiteral("t2")};
    d.rowTexts = {QStringLiteral("Tom flips the coin."), QStringLiteral("The coin is heads up.")};
    d.steps = {QStringLiteral("Tom flips."), QStringLiteral("Ann does not flip."),
               QStringLiteral("So the coin is tails up.")};
    d.cells = {0.10, 0.25, -0.05, 0.3125, 0.80, 0.45};
    d.score = 0.5;
    return d;
}

void TestAlignmentHeatmap::tooltipOfAKnownCell() {
    AlignmentHeatmap h;
    h.resize(600, 300);
    h.setData(sample());
    // Row 1 (t2), column 0 (step 1) holds 0.3125.
    const QString tip = h.cellToolTip(1, 0);
    QCOMPARE(tip, QStringLiteral("t2 x step 1: cosine 0.3125\nImplicit token t2, nearest "
                                 "sentence: The coin is heads up.\nStep 1: Tom flips."));
    // The same cell is found from its centre, and nothing outside the grid.
    const QPoint c = h.cellCenter(1, 0);
    QCOMPARE(h.cellAt(c), qMakePair(1, 0));
    QCOMPARE(h.cellAt(QPoint(1, 1)), qMakePair(-1, -1));
    QCOMPARE(h.cellToolTip(5, 0), QString());
    // The scale spans the data: the lowest cell is dark, the highest bright.
    QVERIFY(h.colorFor(-0.05).lightnessF() < 0.3);
    QVERIFY(h.colorFor(0.80).lightnessF() > 0.5);
}

void TestAlignmentHeatmap::exportsPngAndSvg() {
    AlignmentHeatmap h;
    h.resize(500, 240);
    h.setData(sample());
    const QDir tmp(QString::fromLatin1(SEMCOT_TEST_TMP_DIR));
    const QString png = tmp.filePath(QStringLiteral("heatmap.png"));
    const QString svg = tmp.filePath(QStringLiteral("heatmap.svg"));
    QFile::remove(png);
    QFile::remove(svg);
    QVERIFY(h.exportPng(png));
    QVERIFY(h.exportSvg(svg));
    QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 500);
    // The top-left cell is painted in its colour (not the background).
    const QPoint c = h.cellCenter(0, 0) * 2 + QPoint(10, 10); // 2x image, off the number
    QCOMPARE(QColor(image.pixel(c)).name(), h.colorFor(0.10).name());
    QFile f(svg);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    QVERIFY(text.contains("<svg"));
    QVERIFY(text.contains("0.31")); // a cell's value as text
}

QTEST_MAIN(TestAlignmentHeatmap)
#include "test_alignment_heatmap.moc"
