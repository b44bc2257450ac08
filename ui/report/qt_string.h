// Text between the core (std::string, UTF-8) and Qt (QString, UTF-16): one definition for the
// UI and the reports.
#pragma once

#include <QString>

#include <string>

namespace semcot {

// UTF-8 std::string -> QString.
inline QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

} // namespace semcot
