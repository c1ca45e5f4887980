#include "glassbox/sdk/context.h"

namespace glassbox::sdk {

const ColumnInfo* ValidationContext::FindColumn(std::string_view name) const {
  for (const auto& column : columns) {
    if (column.name == name) return &column;
  }
  return nullptr;
}

}  // namespace glassbox::sdk
