// Cell-level helpers over sdk::Column for building the perturbed tables that
// permutation importance and KernelSHAP score.
#ifndef GLASSBOX_PLUGINS_EXPLANATIONS_COLUMN_GATHER_H_
#define GLASSBOX_PLUGINS_EXPLANATIONS_COLUMN_GATHER_H_

#include <memory>
#include <span>

#include "glassbox/sdk/table.h"

namespace glassbox::plugins::explanations {

// A column named and typed as `source`, with its categories, whose cell i
// is source's cell rows[i].
std::shared_ptr<const sdk::Column> GatherColumn(const sdk::Column& source, std::span<const size_t> rows);

// Whether two cells of `column` hold the same value; two missing values are the same.
bool SameValue(const sdk::Column& column, size_t a, size_t b);

}  // namespace glassbox::plugins::explanations

#endif  // GLASSBOX_PLUGINS_EXPLANATIONS_COLUMN_GATHER_H_
