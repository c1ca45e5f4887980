// Everything a scorecard is drawn from: the run with its analyses' states,
// the dataset, the run's insights, the parsed configuration and the model's
// datasheet. The renderer reads nothing else, so the same input always gives
// the same PDF bytes.
#ifndef GLASSBOX_DAEMON_SCORECARD_SCORECARD_INPUT_H_
#define GLASSBOX_DAEMON_SCORECARD_SCORECARD_INPUT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "glassbox/v1/dataset.pb.h"
#include "glassbox/v1/insight.pb.h"
#include "glassbox/v1/run.pb.h"
#include "glassbox/v1/scorecard.pb.h"

namespace glassbox::scorecard {

// What the model's owner wrote about it; empty fields are left out.
struct ModelDatasheet {
  std::string name;
  std::string version;
  std::string intended_use;
  std::string architecture;
  std::string training_data;
  std::string evaluation_data;
  std::string owner;
  std::string notes;
};

struct ScorecardInput {
  glassbox::v1::Run run;
  glassbox::v1::Dataset dataset;
  std::vector<glassbox::v1::Insight> insights;
  glassbox::v1::ScorecardConfig config;
  ModelDatasheet model;
  // Cohorts with fewer rows are flagged wherever their metrics appear (glassboxd --min_cohort_rows).
  int64_t min_cohort_rows = 30;
  // Printed as the issue date and stored as the PDF's creation date.
  absl::Time issue_time;
};

}  // namespace glassbox::scorecard

#endif  // GLASSBOX_DAEMON_SCORECARD_SCORECARD_INPUT_H_
