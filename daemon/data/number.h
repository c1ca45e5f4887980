// Reads a number written in decimal, as a CSV cell or a cohort filter value
// holds one: an optional sign ('+' or '-'), digits with an optional point, an
// optional exponent, e.g. "42", "-0.5", "+1e-3". False for anything else (hex,
// inf, nan, a second sign, trailing text) and for numbers out of double's range.
#ifndef GLASSBOX_DAEMON_DATA_NUMBER_H_
#define GLASSBOX_DAEMON_DATA_NUMBER_H_

#include <string_view>

namespace glassbox::data {

bool ParseNumber(std::string_view text, double& value);

}  // namespace glassbox::data

#endif  // GLASSBOX_DAEMON_DATA_NUMBER_H_
