// CSV cells that are safe to open in a spreadsheet.
#pragma once

#include <string>

namespace semcot {

// One CSV cell: quoted, quotes doubled, and a leading = + - @ defused with a ' so spreadsheets
// do not evaluate the text as a formula.
std::string csv_cell(const std::string& s);

// A number as a CSV cell: shortest text that reads back to the same double ("0.1", "12",
// "1e-05"), never quoted. Negative numbers keep their sign (numbers are not formulas).
std::string csv_number(double v);

} // namespace semcot
