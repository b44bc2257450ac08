#include "report/report_format.h"

#include "semcot/inference.h"

#include <cstdio>

namespace semcot::report {

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string percent(double fraction) {
    return fixed(100 * fraction, 1) + "%";
}

std::string interval(double low, double high) {
    return "[" + fixed(100 * low, 1) + ", " + fixed(100 * high, 1) + "]";
}

std::string milliseconds(double seconds) {
    return fixed(1e3 * seconds, 2);
}

std::string speedup(const std::optional<double>& ratio) {
    return ratio ? fixed(*ratio, 2) + "x" : "-";
}

std::string xml_escape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            // Control characters other than tab and newline are not allowed in XML 1.0.
            if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')
                out += ' ';
            else
                out += c;
        }
    }
    return out;
}

std::string shorten(const std::string& s, size_t max) {
    size_t chars = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (chars == max) return s.substr(0, i) + "...";
            ++chars;
        }
    }
    return s;
}

std::string method_label(const std::string& method) {
    for (Method m : all_methods())
        if (method_name(m) == method) return semcot::method_label(m);
    return method;
}

} // namespace semcot::report
