// The command line as the desktop app's automation reads it (studio_automation*.cpp): a value,
// whether an option is set, and a failure with its message.
#pragma once

#include <QCommandLineParser>
#include <QString>

namespace semcot {

struct OptionReader {
    const QCommandLineParser& parser;
    QString* error;

    QString value(const char* name) const { return parser.value(QString::fromLatin1(name)); }
    bool isSet(const char* name) const { return parser.isSet(QString::fromLatin1(name)); }
    // Sets the error and returns false, for `return o.fail(...)`.
    bool fail(const QString& message) const {
        *error = message;
        return false;
    }
};

} // namespace semcot
