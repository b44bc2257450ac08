#include "method_choice.h"

#include "methods.h"

#include <QEvent>
#include <QStandardItemModel>

namespace semcot::ui {

MethodChoice::MethodChoice(QWidget* parent)
    : QComboBox(parent) {
    setObjectName(QStringLiteral("methodChoice"));
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    fill();
    connect(this, &QComboBox::currentIndexChanged, this,
            [this] { Q_EMIT methodChanged(method()); });
    connect(this, &QComboBox::activated, this, [this] { wanted_ = method(); });
}

void MethodChoice::setRun(const QString& run) {
    run_ = run;
    fill();
}

void MethodChoice::clearRun() {
    run_.clear();
    fill();
}

QString MethodChoice::method() const {
    return currentData().toString();
}

bool MethodChoice::isOffered(const QString& name) const {
    const int i = findData(name);
    if (i < 0) return false;
    const auto* m = qobject_cast<const QStandardItemModel*>(model());
    return m && m->item(i)->isEnabled();
}

QStringList MethodChoice::offered() const {
    QStringList out;
    for (int i = 0; i < count(); ++i)
        if (isOffered(itemData(i).toString())) out << itemData(i).toString();
    return out;
}

bool MethodChoice::setMethod(const QString& name) {
    if (!isOffered(name)) return false;
    wanted_ = name;
    setCurrentIndex(findData(name));
    return true;
}

QString MethodChoice::toolTipOf(const QString& name) const {
    const int i = findData(name);
    return i < 0 ? QString() : itemData(i, Qt::ToolTipRole).toString();
}

// SemCoT and No-CoT answer from the run itself; each baseline from its folder, when trained.
void MethodChoice::fill() {
    const QString chosen = count() > 0 ? method() : wanted_;
    blockSignals(true); // one methodChanged at the end, if the choice changed
    clear();
    addItem(methodLabel(QStringLiteral("semcot")), QStringLiteral("semcot"));
    setItemData(0,
                tr("The run's contemplation generator writes implicit tokens that the teacher "
                   "reads before it answers"),
                Qt::ToolTipRole);
    addItem(methodLabel(QStringLiteral("nocot")), QStringLiteral("nocot"));
    setItemData(1, tr("The teacher answers at once, without reasoning"), Qt::ToolTipRole);
    auto* items = qobject_cast<QStandardItemModel*>(model());
    for (const BaselineState& b : runBaselines(run_)) {
        const bool trained = b.status == BaselineState::Status::trained;
        const QString label = methodLabel(b.method);
        addItem(trained ? label : tr("%1 (not trained)").arg(label), b.method);
        const int i = count() - 1;
        QString tip;
        if (trained || b.status == BaselineState::Status::training)
            tip = baselineSummary(b);
        else if (b.status == BaselineState::Status::interrupted)
            tip = tr("Its training on this run was interrupted: resume it with New training run "
                     "(%1, \"Continue the interrupted training\").")
                      .arg(label);
        else
            tip = tr("Not trained on this run. Train it with New training run (method %1) or "
                     "on the command line:\n%2")
                      .arg(label, trainCommand(b.method, run_.isEmpty() ? tr("RUN") : run_));
        if (!b.error.isEmpty()) tip += QStringLiteral("\n") + b.error;
        setItemData(i, tip, Qt::ToolTipRole);
        if (items) items->item(i)->setEnabled(trained);
    }
    setCurrentIndex(isOffered(wanted_) ? findData(wanted_) : 0);
    blockSignals(false);
    if (method() != chosen) Q_EMIT methodChanged(method());
}

void MethodChoice::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) fill();
    QComboBox::changeEvent(event);
}

} // namespace semcot::ui
