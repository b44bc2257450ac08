#include "report_pdf.h"

#include "chart_render.h"
#include "qt_string.h"
#include "report/report_diagnostics.h"
#include "report/report_format.h"

#include "analysis/explain.h"
#include "common/error.h"

#include <QFont>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

#include <algorithm>
#include <cmath>
#include <map>

namespace semcot::report {

namespace {

// A top-to-bottom flow of paragraphs, tables and charts over A4 pages, in points.
class PdfFlow {
public:
    explicit PdfFlow(const std::filesystem::path& path)
        : writer_(QString::fromStdString(path.string())) {
        writer_.setResolution(72); // one unit = one point
        writer_.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                          QMarginsF(40, 40, 40, 40), QPageLayout::Point));
        writer_.setCreator(QStringLiteral("SemCoT Studio"));
        if (!painter_.begin(&writer_))
            throw IoError("cannot write " + path.string() + ": the PDF writer did not start");
        width_ = writer_.width();
        height_ = writer_.height();
        body_ = QFont(QStringLiteral("DejaVu Sans"), 9);
        small_ = QFont(QStringLiteral("DejaVu Sans"), 7);
        tiny_ = QFont(QStringLiteral("DejaVu Sans"), 6);
        mono_ = QFont(QStringLiteral("DejaVu Sans Mono"), 7);
    }
    ~PdfFlow() {
        if (painter_.isActive()) painter_.end();
    }
    void finish() { painter_.end(); }

    int page() const { return page_; }
    double width() const { return width_; }
    const QFont& body() const { return body_; }
    const QFont& small() const { return small_; }
    const QFont& tiny() const { return tiny_; }
    const QFont& mono() const { return mono_; }

    void new_page() {
        writer_.newPage();
        ++page_;
        y_ = 0;
    }
    // Starts a new page unless the current one is still empty.
    void fresh_page() {
        if (y_ > 0) new_page();
    }
    void ensure(double h) {
        if (y_ > 0 && y_ + h > height_) new_page();
    }
    void space(double h) { y_ += h; }

    double text_height(const QString& s, const QFont& font, double w) {
        painter_.setFont(font);
        return painter_.boundingRect(QRectF(0, 0, w, 1e6), Qt::TextWordWrap, s).height();
    }
    // A wrapped paragraph; long ones continue on the next page line by line.
    void paragraph(const QString& s, const QFont& font, double indent = 0) {
        for (const QString& line : s.split(QLatin1Char('\n'))) {
            const QString text = line.isEmpty() ? QStringLiteral(" ") : line;
            const double h = text_height(text, font, width_ - indent);
            ensure(h);
            painter_.setFont(font);
            painter_.setPen(Qt::black);
            painter_.drawText(QRectF(indent, y_, width_ - indent, h), Qt::TextWordWrap, text);
            y_ += h;
        }
    }
    void heading(const QString& s, int size, bool rule) {
        QFont f(QStringLiteral("DejaVu Sans"), size, QFont::Bold);
        const double h = text_height(s, f, width_);
        ensure(h + 60); // never a heading alone at the bottom of a page
        painter_.setFont(f);
        painter_.setPen(Qt::black);
        painter_.drawText(QRectF(0, y_, width_, h), Qt::TextWordWrap, s);
        y_ += h + 2;
        if (rule) {
            painter_.setPen(QPen(QColor(0x4e, 0x79, 0xa7), 1.5));
            painter_.drawLine(QPointF(0, y_), QPointF(width_, y_));
            y_ += 4;
        }
    }
    // A table; widths are fractions of the text width. The header repeats on every page.
    void table(const QStringList& header, const std::vector<QStringList>& rows,
               const std::vector<double>& widths, const QFont& font,
               const std::vector<bool>& highlight = {}, double pad = 2) {
        auto row_height = [&](const QStringList& cells, const QFont& f) {
            double h = 0;
            for (int c = 0; c < cells.size(); ++c)
                h = std::max(h, text_height(cells[c], f, widths[size_t(c)] * width_ - 6));
            return std::min(h + 2 * pad, height_);
        };
        QFont bold = font;
        bold.setBold(true);
        auto draw_row = [&](const QStringList& cells, const QFont& f, double h, QColor fill) {
            double x = 0;
            for (int c = 0; c < cells.size(); ++c) {
                const double w = widths[size_t(c)] * width_;
                const QRectF cell(x, y_, w, h);
                painter_.fillRect(cell, fill);
                painter_.setPen(QPen(QColor(0xbb, 0xbb, 0xbb), 0.5));
                painter_.drawRect(cell);
                painter_.setPen(Qt::black);
                painter_.setFont(f);
                painter_.save();
                painter_.setClipRect(cell);
                painter_.drawText(cell.adjusted(3, pad, -3, -pad), Qt::TextWordWrap, cells[c]);
                painter_.restore();
                x += w;
            }
            y_ += h;
        };
        const double hh = row_height(header, bold);
        ensure(hh + row_height(rows.empty() ? header : rows.front(), font));
        draw_row(header, bold, hh, QColor(0xee, 0xf2, 0xf7));
        for (size_t r = 0; r < rows.size(); ++r) {
            const double h = row_height(rows[r], font);
            if (y_ + h > height_) {
                new_page();
                draw_row(header, bold, hh, QColor(0xee, 0xf2, 0xf7));
            }
            const bool mark = r < highlight.size() && highlight[r];
            draw_row(rows[r], font, h, mark ? QColor(0xff, 0xf6, 0xdd) : QColor(Qt::white));
        }
        y_ += 6;
    }
    void chart(const Chart& c, double max_width) {
        const double w = std::min(max_width, width_);
        const double h = c.height * w / c.width;
        ensure(h);
        paint_chart(painter_, c, QRectF(0, y_, w, h));
        y_ += h + 8;
    }
    // Charts side by side, each in an equal share of the width.
    void chart_row(const std::vector<Chart>& charts) {
        if (charts.empty()) return;
        const double gap = 10;
        const double w = (width_ - gap * double(charts.size() - 1)) / double(charts.size());
        double h = 0;
        for (const auto& c : charts) h = std::max(h, c.height * w / c.width);
        ensure(h);
        double x = 0;
        for (const auto& c : charts) {
            paint_chart(painter_, c, QRectF(x, y_, w, h));
            x += w + gap;
        }
        y_ += h + 8;
    }

private:
    QPdfWriter writer_;
    QPainter painter_;
    double width_ = 0, height_ = 0, y_ = 0;
    int page_ = 1;
    QFont body_, small_, tiny_, mono_;
};

QStringList summary_row(const std::string& run, const std::string& method, const MethodSummary& m) {
    return {qs(run),
            qs(method_label(method)),
            QString::number(m.n),
            qs(percent(m.accuracy)),
            qs(interval(m.ci95_low, m.ci95_high)),
            qs(milliseconds(m.mean_latency_s)),
            qs(milliseconds(m.median_latency_s)),
            qs(fixed(m.mean_new_tokens, 1)),
            qs(speedup(m.speedup_vs_cot))};
}

void summary(PdfFlow& pdf, const ReportData& data, const ReportCharts& charts) {
    pdf.heading(qs(data.title), 16, false);
    QString runs;
    for (const auto& run : data.runs)
        runs += (runs.isEmpty() ? QString() : QStringLiteral(", ")) + qs(run.name);
    pdf.paragraph(
        QStringLiteral("Generated %1 by SemCoT Studio. Runs: %2.").arg(qs(data.generated), runs),
        pdf.small());
    pdf.space(8);
    pdf.heading(QStringLiteral("Method comparison"), 12, true);
    const QStringList header = {
        QStringLiteral("Run"),       QStringLiteral("Method"), QStringLiteral("n"),
        QStringLiteral("Accuracy"),  QStringLiteral("95% CI"), QStringLiteral("Mean ms"),
        QStringLiteral("Median ms"), QStringLiteral("Tokens"), QStringLiteral("Speed-up")};
    // The method column fits every method's label on one line ("Explicit CoT", "ICoT-SI").
    const std::vector<double> widths = {0.2, 0.12, 0.06, 0.1, 0.14, 0.1, 0.1, 0.08, 0.1};
    std::vector<QStringList> rows;
    for (const auto& run : data.runs)
        for (const auto& name : method_order())
            if (auto it = run.combined.methods.find(name); it != run.combined.methods.end())
                rows.push_back(summary_row(run.name, name, it->second));
    pdf.table(header, rows, widths, pdf.body());
    bool several = false;
    for (const auto& run : data.runs) several = several || run.evaluations.size() > 1;
    if (several) {
        pdf.paragraph(QStringLiteral("Per evaluation:"), pdf.body());
        rows.clear();
        for (const auto& run : data.runs)
            for (const auto& e : run.evaluations)
                for (const auto& name : method_order())
                    if (auto it = e.result.methods.find(name); it != e.result.methods.end())
                        rows.push_back(summary_row(run.name + " / " + e.label, name, it->second));
        pdf.table(header, rows, widths, pdf.small());
    }
    pdf.paragraph(QStringLiteral("Accuracy with its 95% Wilson score interval; latency is wall "
                                 "time per question at batch size 1; speed-up is CoT's mean "
                                 "latency over the method's."),
                  pdf.small());
    pdf.space(6);
    pdf.chart(charts.accuracy, pdf.width() * 0.82);
    pdf.chart(charts.latency, pdf.width() * 0.82);
}

void configuration(PdfFlow& pdf, const ReportData& data) {
    pdf.heading(QStringLiteral("Configuration"), 12, true);
    std::vector<nlohmann::json> infos;
    for (const auto& run : data.runs) infos.push_back(run.info);
    const ConfigTable table = config_table(infos);
    QStringList header = {QStringLiteral("Setting")};
    for (const auto& run : data.runs) header << qs(run.name);
    const double rest = 0.6 / double(std::max<size_t>(data.runs.size(), 1));
    std::vector<double> widths = {0.4};
    for (size_t r = 0; r < data.runs.size(); ++r) widths.push_back(rest);
    std::vector<QStringList> rows;
    for (size_t row = 0; row < table.keys.size(); ++row) {
        QStringList cells = {qs(table.keys[row])};
        for (const auto& v : table.values[row]) cells << qs(v ? *v : "-");
        rows.push_back(cells);
    }
    pdf.table(header, rows, widths, pdf.tiny(), table.differs, 1.0);
}

// The latent-token diagnostics, when the report was made with them (report_diagnostics.h).
void diagnostics(PdfFlow& pdf, const ReportData& data) {
    std::vector<TextTable> tables;
    for (const auto& run : data.runs)
        for (auto& t : diagnostics_tables(run.name, run.diagnostics)) tables.push_back(std::move(t));
    if (tables.empty()) return;
    pdf.fresh_page();
    pdf.heading(QStringLiteral("Are the latent tokens doing anything?"), 12, true);
    for (const auto& t : tables) {
        pdf.paragraph(qs(t.caption), pdf.body());
        QStringList header;
        for (const auto& h : t.header) header << qs(h);
        std::vector<QStringList> rows;
        for (const auto& r : t.rows) {
            QStringList cells;
            for (const auto& c : r) cells << qs(c);
            rows.push_back(cells);
        }
        const std::vector<double> widths =
            t.header.size() == 5 ? std::vector<double>{0.28, 0.2, 0.16, 0.22, 0.14}
                                 : std::vector<double>{0.24, 0.13, 0.15, 0.15, 0.16, 0.17};
        pdf.table(header, rows, widths, pdf.small());
        pdf.space(4);
    }
    pdf.paragraph(QString::fromUtf8(kDiagnosticsNote), pdf.small());
}

void explanation(PdfFlow& pdf, const Explanation& x) {
    pdf.paragraph(QStringLiteral("Implicit tokens (k = %1): nearest sentences in a bank of %2 "
                                 "reasoning sentences by cosine similarity (neighbours, not "
                                 "generated text). Random pairs score %3 +/- %4.")
                      .arg(x.k)
                      .arg(x.bank.size)
                      .arg(qs(fixed(x.baseline.mean, 3)), qs(fixed(x.baseline.std, 3))),
                  pdf.small());
    std::vector<QStringList> rows;
    std::vector<const TokenNeighbours*> tokens;
    for (const auto& t : x.tokens) tokens.push_back(&t);
    if (!x.pooled.neighbours.empty()) tokens.push_back(&x.pooled);
    for (const auto* t : tokens) {
        QString near;
        for (size_t i = 0; i < t->neighbours.size(); ++i)
            near += (i ? QStringLiteral("\n") : QString()) +
                    qs(fixed(t->neighbours[i].score, 3) + " " + t->neighbours[i].text);
        rows.push_back({qs(t->label), qs(fixed(t->norm, 2)), near, qs(fixed(t->margin, 3)),
                        qs(fixed(t->baseline_z, 2))});
    }
    pdf.table({QStringLiteral("Token"), QStringLiteral("Norm"), QStringLiteral("Nearest sentences"),
               QStringLiteral("Margin"), QStringLiteral("z")},
              rows, {0.1, 0.08, 0.62, 0.1, 0.1}, pdf.small());
    for (const AlignmentMatrix* m : {&x.ground_truth, &x.teacher_cot})
        if (!m->empty() && std::isfinite(m->score))
            pdf.paragraph(QStringLiteral("Semantic alignment with the %1: %2")
                              .arg(m->source == "ground_truth" ? QStringLiteral("gold reasoning")
                                                               : QStringLiteral("teacher's CoT"),
                                   qs(fixed(m->score, 3))),
                          pdf.small());
}

} // namespace

PdfLayout write_report_pdf(const std::filesystem::path& path, const ReportData& data,
                           const ReportCharts& charts) {
    PdfLayout layout;
    PdfFlow pdf(path);
    layout.comparison_page = pdf.page();
    summary(pdf, data, charts);
    pdf.fresh_page();
    layout.configuration_page = pdf.page();
    configuration(pdf, data);
    diagnostics(pdf, data);
    size_t count = 0;
    for (const auto& run : data.runs) count = std::max(count, run.examples.size());
    for (size_t e = 0; e < count; ++e) {
        pdf.fresh_page();
        layout.example_pages.push_back(pdf.page());
        const ReportExample* head = nullptr;
        for (const auto& run : data.runs)
            if (e < run.examples.size() && !head) head = &run.examples[e];
        pdf.heading(QStringLiteral("Question %1").arg(e + 1), 12, true);
        pdf.paragraph(qs(head->query), pdf.mono());
        pdf.paragraph(QStringLiteral("Gold answer: %1").arg(qs(head->gold)), pdf.body());
        pdf.space(4);
        for (size_t r = 0; r < data.runs.size(); ++r) {
            const auto& run = data.runs[r];
            if (e >= run.examples.size()) continue;
            const auto& ex = run.examples[e];
            pdf.heading(qs(run.name), 10, false);
            std::vector<QStringList> rows;
            for (const auto& s : ex.answers)
                rows.push_back({qs(method_label(method_name(s.result.method))), qs(s.result.output),
                                qs(s.result.extracted),
                                s.result.correct ? QStringLiteral("yes") : QStringLiteral("no"),
                                qs(milliseconds(s.result.total_s))});
            pdf.table({QStringLiteral("Method"), QStringLiteral("Output"), QStringLiteral("Answer"),
                       QStringLiteral("Correct"), QStringLiteral("ms")},
                      rows, {0.1, 0.6, 0.1, 0.1, 0.1}, pdf.small());
            if (ex.explain.is_null()) continue;
            explanation(pdf, Explanation::from_json(ex.explain, run.name));
            if (r < charts.heatmaps.size() && e < charts.heatmaps[r].size())
                pdf.chart_row(charts.heatmaps[r][e]);
        }
    }
    layout.pages = pdf.page();
    pdf.finish();
    return layout;
}

} // namespace semcot::report
