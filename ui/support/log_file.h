// The application's log file: every qDebug/qInfo/qWarning line, with a time stamp, appended to
// <AppLocalDataLocation>/semcot-studio.log (and still printed to stderr).
#pragma once

#include <QString>

namespace semcot::ui {

// Installs the message handler; returns the log file's path (empty if it cannot be opened).
QString installLogFile();
QString logFilePath();

} // namespace semcot::ui
