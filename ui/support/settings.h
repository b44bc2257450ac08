// Persistent preferences (QSettings) and the functions that apply them to the application.
#pragma once

#include <QString>
#include <QStringList>

class QTranslator;

namespace semcot::ui {

class Settings {
public:
    static QString device(); // "auto" | "cpu" | "cuda"
    static void setDevice(const QString& device);
    static int threads(); // 0 = LibTorch's default
    static void setThreads(int n);
    static QString runFolder(); // where new runs go and the Runs view looks
    static void setRunFolder(const QString& folder);
    static QString theme(); // "system" | "light" | "dark"
    static void setTheme(const QString& theme);
    static QString language(); // "system" or a code such as "de"
    static void setLanguage(const QString& language);
    static QString lastRun(); // the run open when the app was closed
    static void setLastRun(const QString& folder);
    // Run folders the app started or opened, newest first (at most 50), wherever they are: the
    // Runs view lists them beside the run folder's runs.
    static QStringList recentRuns();
    static void addRecentRun(const QString& folder);
    static void removeRecentRun(const QString& folder);

    // Languages with a .qm file (codes), "en" included.
    static QStringList availableLanguages();
    // Applies the theme to qApp (Fusion palette for light/dark, the platform's for system).
    static void applyTheme();
    // Installs the translator for language() (sends LanguageChange to every widget).
    static void applyLanguage();
};

} // namespace semcot::ui
