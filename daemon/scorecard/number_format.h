// How the scorecard prints numbers: counts in full with thousands separators
// ("30,162"), other values to 4 significant digits ("0.8670", "12.35"),
// values of 10,000 and more rounded to whole numbers, tiny ones in scientific
// notation ("1.235e-05"), and "n/a" for NaN.
#ifndef GLASSBOX_DAEMON_SCORECARD_NUMBER_FORMAT_H_
#define GLASSBOX_DAEMON_SCORECARD_NUMBER_FORMAT_H_

#include <string>

namespace glassbox::scorecard {

std::string FormatNumber(double value);
// An axis tick on a scale stepping by `step`, with just the decimals the step needs ("0.25", "1,500").
std::string FormatTick(double value, double step);

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_NUMBER_FORMAT_H_
