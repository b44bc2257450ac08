// The Evaluation view's statistics beyond the summary (issue 16 §1, §2):
//   PairedTable      SemCoT (or the first method) against every other method on the same
//                    questions: accuracies, the questions only one of them gets right,
//                    McNemar's p, the accuracy difference with its 95% paired bootstrap
//                    interval, and latency mean ± sd;
//   FailureBrowser   where a method fails: its accuracy by slice (answer, length, task
//                    feature) and its gold x predicted confusion table; a clicked slice or cell
//                    lists its questions (with a second method's answers beside, if chosen),
//                    and a double-clicked question (or "Open in Ask") goes to the Ask view.
#pragma once

#include "studio_types.h"

#include <QTableWidget>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;

namespace semcot::ui {

class PairedTable final : public QTableWidget {
    Q_OBJECT
public:
    explicit PairedTable(QWidget* parent = nullptr);
    void setPairs(const QList<EvalPairRow>& pairs);
    void retranslateUi();

private:
    void fill();
    QList<EvalPairRow> pairs_;
};

class FailureBrowser final : public QWidget {
    Q_OBJECT
public:
    explicit FailureBrowser(QWidget* parent = nullptr);
    void setData(const EvalData& data);
    void retranslateUi();

    // For tests and screenshots.
    QComboBox* methodChoice() const { return method_; }
    QComboBox* slicingChoice() const { return slicing_; }
    QComboBox* compareChoice() const { return compare_; }
    QTableWidget* sliceTable() const { return slices_; }
    QTableWidget* confusionTable() const { return confusion_; }
    QTableWidget* questionTable() const { return questions_; }
    QPushButton* openButton() const { return open_; }
    // Selects the chosen slicing's row of lowest accuracy (the first of equals) and lists its
    // questions; false when the table is empty.
    bool listWorstSlice();
    // The positions (in EvalData::samples) of the listed questions, in list order.
    QList<int> listedSamples() const { return listed_; }

Q_SIGNALS:
    void askRequested(const QString& question);

private:
    void createWidgets();
    void layOut();
    void connectWidgets();
    void fillChoices();
    void fillSlicings();
    void fillSlices();
    void fillConfusion();
    void listSamples(const QList<int>& positions, const QString& title);
    void listSlice(int row);
    void openSelected();
    int sampleOf(qint64 index, const QString& method) const; // -1: none

    EvalData data_;
    QList<int> listed_;
    QString listTitle_;
    QComboBox* method_ = nullptr;
    QComboBox* slicing_ = nullptr;
    QComboBox* compare_ = nullptr;
    QLabel* methodLabel_ = nullptr;
    QLabel* slicingLabel_ = nullptr;
    QLabel* compareLabel_ = nullptr;
    QLabel* slicesTitle_ = nullptr;
    QLabel* confusionTitle_ = nullptr;
    QLabel* listLabel_ = nullptr;
    QTableWidget* slices_ = nullptr;
    QTableWidget* confusion_ = nullptr;
    QTableWidget* questions_ = nullptr;
    QPushButton* open_ = nullptr;
};

} // namespace semcot::ui
