// How report numbers and text are written, shared by the HTML, the PDF and the charts so the
// three show the same figures.
#pragma once

#include <optional>
#include <string>

namespace semcot::report {

std::string percent(double fraction);                  // 0.9333 -> "93.3%"
std::string interval(double low, double high);         // "[90.0, 95.5]" (percent)
std::string milliseconds(double seconds);              // 0.01234 -> "12.34"
std::string speedup(const std::optional<double>& ratio); // 3.2 -> "3.20x", nullopt -> "-"
std::string fixed(double v, int decimals);             // "61.0"
std::string xml_escape(const std::string& s);          // & < > " '
std::string shorten(const std::string& s, size_t max); // cut at max UTF-8 chars, adds "..."
std::string method_label(const std::string& method);   // "cot" -> "Explicit CoT" (not translated)

} // namespace semcot::report
