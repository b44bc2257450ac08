#include "log_file.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QMutex>
#include <QStandardPaths>

#include <cstdio>

namespace semcot::ui {

namespace {

QFile* g_file = nullptr;
QMutex g_mutex;
QtMessageHandler g_previous = nullptr;

void handler(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    static const char* names[] = {"debug", "warning", "critical", "fatal", "info"};
    {
        QMutexLocker lock(&g_mutex);
        if (g_file) {
            const QString line = QStringLiteral("%1 %2 %3\n")
                                     .arg(QDateTime::currentDateTime().toString(Qt::ISODateWithMs),
                                          QString::fromLatin1(names[int(type) % 5]), message);
            g_file->write(line.toUtf8());
            g_file->flush();
        }
    }
    if (g_previous) g_previous(type, context, message);
}

} // namespace

QString logFilePath() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("semcot-studio.log"));
}

QString installLogFile() {
    const QString path = logFilePath();
    QDir().mkpath(QFileInfo(path).absolutePath());
    auto* f = new QFile(path);
    if (!f->open(QIODevice::Append | QIODevice::Text)) {
        delete f;
        return {};
    }
    g_file = f;
    g_previous = qInstallMessageHandler(handler);
    return path;
}

} // namespace semcot::ui
