// report.html: one self-contained XHTML-style page (inline CSS and SVG, no scripts, no external
// references) that opens offline and parses as XML.
#pragma once

#include "report/report_charts.h"
#include "report/report_model.h"

#include <string>

namespace semcot::report {

// Section ids, in page order: "comparison", "charts", "configuration", "evaluations",
// "examples".
std::string report_html(const ReportData& data, const ReportCharts& charts);

} // namespace semcot::report
