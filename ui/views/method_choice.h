// The method that answers beside the explicit CoT in the Ask view: SemCoT (the default),
// No-CoT and the paper's five baselines. A baseline not trained on the open run (no
// RUN/methods/NAME) is listed disabled, its tooltip naming the command that trains it.
#pragma once

#include <QComboBox>

namespace semcot::ui {

class MethodChoice final : public QComboBox {
    Q_OBJECT
public:
    explicit MethodChoice(QWidget* parent = nullptr);

    // Lists what `run` offers (reads RUN/methods again). The method last chosen is chosen again
    // when the run offers it (also after a run without it), else SemCoT.
    void setRun(const QString& run);
    void clearRun();
    // The chosen method's name ("semcot", "nocot", "coconut", ...).
    QString method() const;
    // False (and nothing changes) when `name` is not offered: unknown, or not trained.
    bool setMethod(const QString& name);
    bool isOffered(const QString& name) const;
    QStringList offered() const;
    // The tooltip of `name`'s entry ("" when it is not listed).
    QString toolTipOf(const QString& name) const;

Q_SIGNALS:
    void methodChanged(const QString& name);

protected:
    void changeEvent(QEvent* event) override;

private:
    void fill();

    QString run_;
    QString wanted_ = QStringLiteral("semcot"); // the method last chosen by the user
};

} // namespace semcot::ui
