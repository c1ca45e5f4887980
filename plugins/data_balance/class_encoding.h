// The classes (distinct values) of a sensitive feature over the analysed rows.
#ifndef GLASSBOX_PLUGINS_DATA_BALANCE_CLASS_ENCODING_H_
#define GLASSBOX_PLUGINS_DATA_BALANCE_CLASS_ENCODING_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "glassbox/sdk/table.h"

namespace glassbox::plugins {

struct EncodedClasses {
  // The values present in the rows, sorted (categories bytewise, numbers
  // ascending), numbers formatted shortest round-trip.
  std::vector<std::string> labels;
  // Per analysed row (in the order of `rows`): index into `labels`, or -1
  // when the value is missing.
  std::vector<int32_t> codes;
  // Rows per class.
  std::vector<int64_t> counts;
};

EncodedClasses EncodeClasses(const sdk::Column& column, std::span<const size_t> rows);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_DATA_BALANCE_CLASS_ENCODING_H_
