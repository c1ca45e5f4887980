// A complete scorecard input for a run on the shared adult_test_scored.csv
// (10,054 rows, XGBoost predictions), with insights built block by block the
// way the analyzers report them and values computed from the data with
// scikit-learn / pandas (see the .cc). Used by the renderer tests and the
// benchmark.
#ifndef GLASSBOX_TESTS_DAEMON_SCORECARD_ADULT_SCORECARD_SAMPLE_H_
#define GLASSBOX_TESTS_DAEMON_SCORECARD_ADULT_SCORECARD_SAMPLE_H_

#include <string>

#include "daemon/scorecard/scorecard_input.h"

namespace glassbox::scorecard::testing {

// An Azure ML style pdf_gen.json with targets: accuracy_score >= 0.85 (met),
// precision_score >= 0.75 (met), recall_score >= 0.7 (missed), and fairness
// differences over sex <= 0.1 for accuracy_score (met) and selection_rate
// (missed). The drift_monitor plugin adds psi_max <= 0.1 (met): 4 of 6.
std::string AdultConfigJson();

// The run: model_overview, data_explorer, error_analysis, explanations,
// fairness, causal and a custom drift_monitor plugin succeeded; counterfactuals
// failed with kCounterfactualsError.
ScorecardInput AdultScorecardInput();

inline constexpr char kCounterfactualsError[] =
    "parameter 'desired_class' must be one of the target's classes (<=50K, >50K); got '>60K'";

}  // namespace glassbox::scorecard::testing

#endif  // GLASSBOX_TESTS_DAEMON_SCORECARD_ADULT_SCORECARD_SAMPLE_H_
