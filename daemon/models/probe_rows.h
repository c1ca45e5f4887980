// Rows on which two evaluators of a TreeEnsemble are cheaply compared (the
// native one and libxgboost, once at load). Every value is one at which some
// split decides: a numeric feature takes the thresholds its splits use and the
// float just below each; a feature with categorical splits takes every code
// from -1 to one past the largest its splits use; every feature is missing in
// some rows. Values are drawn with a fixed seed: the same ensemble always
// gives the same rows.
#ifndef GLASSBOX_DAEMON_MODELS_PROBE_ROWS_H_
#define GLASSBOX_DAEMON_MODELS_PROBE_ROWS_H_

#include <cstddef>
#include <vector>

#include "daemon/models/tree_ensemble.h"

namespace glassbox::daemon {

// num_rows × ensemble.num_features floats, row-major, NaN for missing.
std::vector<float> ProbeRows(const TreeEnsemble& ensemble, size_t num_rows);

}  // namespace glassbox::daemon

#endif  // GLASSBOX_DAEMON_MODELS_PROBE_ROWS_H_
