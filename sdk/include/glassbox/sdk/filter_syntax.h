// Writing cohort filters that the daemon reads back (the syntax of a run's
// cohorts, docs/getting-started.md), so that a cohort an analysis prints can
// be pasted into a run as it is, e.g.
//   absl::StrCat(FilterColumn("hours per week"), " > ", FilterNumber(40))  // `hours per week` > 40
#ifndef GLASSBOX_SDK_FILTER_SYNTAX_H_
#define GLASSBOX_SDK_FILTER_SYNTAX_H_

#include <string>
#include <string_view>

namespace glassbox::sdk::inline v4 {

// A column name as a filter names it: as it is, or in backticks (a backtick
// in it doubled) when it is empty or holds a space, a backtick or one of the
// operator characters < > = !.
std::string FilterColumn(std::string_view column);

// A category or other value: as it is, or in double quotes (a quote in it
// doubled) when it is empty or holds a space, a comma, a bracket or a quote.
std::string FilterValue(std::string_view value);

// A number in the shortest decimal form that reads back as the same double.
std::string FilterNumber(double value);

}  // namespace glassbox::sdk::inline v4

#endif  // GLASSBOX_SDK_FILTER_SYNTAX_H_
