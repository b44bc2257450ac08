#include "settings.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QPalette>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleFactory>
#include <QTranslator>
#include <QWidget>

namespace semcot::ui {

namespace {

QString key(const char* name) {
    return QString::fromLatin1(name);
}

QStringList translationDirs() {
    return {QStringLiteral(":/i18n"),
            QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("translations")),
            QDir(QCoreApplication::applicationDirPath())
                .filePath(QStringLiteral("../share/semcot/translations"))};
}

QTranslator* g_translator = nullptr;
QTranslator* g_qt_translator = nullptr;
QString g_platform_style;
QPalette g_platform_palette;
bool g_platform_saved = false;

QPalette darkPalette() {
    QPalette p;
    const QColor window(45, 47, 51), base(32, 34, 37), text(226, 228, 232), disabled(130, 132, 136),
        highlight(66, 133, 244);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, QColor(60, 63, 68));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Link, QColor(120, 170, 255));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

} // namespace

QString Settings::device() {
    return QSettings().value(key("device"), QStringLiteral("auto")).toString();
}
void Settings::setDevice(const QString& device) {
    QSettings().setValue(key("device"), device);
}
int Settings::threads() {
    return QSettings().value(key("threads"), 0).toInt();
}
void Settings::setThreads(int n) {
    QSettings().setValue(key("threads"), n);
}
QString Settings::runFolder() {
    const QString fallback =
        QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
            .filePath(QStringLiteral("SemCoT runs"));
    return QSettings().value(key("runFolder"), fallback).toString();
}
void Settings::setRunFolder(const QString& folder) {
    QSettings().setValue(key("runFolder"), folder);
}
QString Settings::theme() {
    return QSettings().value(key("theme"), QStringLiteral("system")).toString();
}
void Settings::setTheme(const QString& theme) {
    QSettings().setValue(key("theme"), theme);
}
QString Settings::language() {
    return QSettings().value(key("language"), QStringLiteral("system")).toString();
}
void Settings::setLanguage(const QString& language) {
    QSettings().setValue(key("language"), language);
}
QString Settings::lastRun() {
    return QSettings().value(key("lastRun")).toString();
}
void Settings::setLastRun(const QString& folder) {
    QSettings().setValue(key("lastRun"), folder);
}

QStringList Settings::recentRuns() {
    return QSettings().value(key("recentRuns")).toStringList();
}
void Settings::addRecentRun(const QString& folder) {
    if (folder.isEmpty()) return;
    const QString path = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    QStringList runs = recentRuns();
    runs.removeAll(path);
    runs.prepend(path);
    while (runs.size() > 50) runs.removeLast();
    QSettings().setValue(key("recentRuns"), runs);
}
void Settings::removeRecentRun(const QString& folder) {
    QStringList runs = recentRuns();
    if (runs.removeAll(QDir::cleanPath(QFileInfo(folder).absoluteFilePath())) > 0)
        QSettings().setValue(key("recentRuns"), runs);
}

QStringList Settings::availableLanguages() {
    QStringList codes{QStringLiteral("en")};
    for (const QString& dir : translationDirs())
        for (const QString& f : QDir(dir).entryList({QStringLiteral("semcot_*.qm")}, QDir::Files)) {
            const QString code = QFileInfo(f).completeBaseName().mid(7);
            if (!codes.contains(code)) codes << code;
        }
    return codes;
}

void Settings::applyTheme() {
    if (!g_platform_saved) {
        g_platform_style = QApplication::style()->name();
        g_platform_palette = QApplication::palette();
        g_platform_saved = true;
    }
    const QString t = theme();
    if (t == QStringLiteral("dark")) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
    } else if (t == QStringLiteral("light")) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(QApplication::style()->standardPalette());
    } else {
        QApplication::setStyle(QStyleFactory::create(g_platform_style));
        QApplication::setPalette(g_platform_palette);
    }
}

void Settings::applyLanguage() {
    if (g_qt_translator) { // Qt's own strings (standard buttons, file dialogs)
        QCoreApplication::removeTranslator(g_qt_translator);
        delete g_qt_translator;
        g_qt_translator = nullptr;
    }
    if (g_translator) {
        QCoreApplication::removeTranslator(g_translator);
        delete g_translator;
        g_translator = nullptr;
    }
    // QTranslator::load(QLocale, ...) tries the locale's UI languages: "system" on a zh_CN
    // desktop finds semcot_zh_CN.qm, "de" finds semcot_de.qm.
    const QString code = language();
    const QLocale locale = code == QStringLiteral("system") ? QLocale::system() : QLocale(code);
    if (locale.language() == QLocale::English || locale.language() == QLocale::C) {
        // English is the source language; removing the translator already sent LanguageChange.
        // (No widgets without a QApplication: `--help` runs on a QCoreApplication.)
        if (qobject_cast<QApplication*>(QCoreApplication::instance())) {
            QEvent e(QEvent::LanguageChange);
            for (QWidget* w : QApplication::topLevelWidgets()) QCoreApplication::sendEvent(w, &e);
        }
        return;
    }
    auto* qt = new QTranslator(qApp); // qt6-translations-l10n; the app works without it
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        g_qt_translator = qt;
    } else {
        delete qt;
    }
    auto* t = new QTranslator(qApp);
    for (const QString& dir : translationDirs())
        if (t->load(locale, QStringLiteral("semcot"), QStringLiteral("_"), dir)) {
            QCoreApplication::installTranslator(t);
            g_translator = t;
            return;
        }
    delete t;
}

} // namespace semcot::ui
