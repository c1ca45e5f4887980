// Exact path-dependent TreeSHAP of one tree by Lundberg et al.'s recursive
// algorithm ("Consistent Individualized Feature Attribution for Tree
// Ensembles", 2018, Algorithm 2): O(leaves × depth²) per row and no memory
// beyond the recursion's paths. TreeShap uses it for the trees too deep to
// tabulate.
#ifndef GLASSBOX_DAEMON_MODELS_PATH_TREE_SHAP_H_
#define GLASSBOX_DAEMON_MODELS_PATH_TREE_SHAP_H_

#include "daemon/models/tree_ensemble.h"

namespace glassbox::daemon {

// Adds to `phi` (one value per feature) the Shapley values of `tree`'s output
// for `row` (one float per feature, NaN for missing), without the tree's mean.
void AddPathTreeShap(const Tree& tree, const float* row, double* phi);

// The tree's cover-weighted mean output: what its Shapley values leave out.
double TreeMeanOutput(const Tree& tree);

}  // namespace glassbox::daemon

#endif  // GLASSBOX_DAEMON_MODELS_PATH_TREE_SHAP_H_
