// Every release of one set of rows (all rows or one cohort), as declared by
// the settings, each with its share of the privacy loss.
#ifndef GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_SCOPE_RELEASE_H_
#define GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_SCOPE_RELEASE_H_

#include <span>
#include <string>

#include "exact_samplers.h"
#include "glassbox/sdk/outcomes.h"
#include "glassbox/sdk/table.h"
#include "glassbox/v1/analyses/private_data_explorer.pb.h"
#include "release_plan.h"
#include "settings.h"

namespace glassbox::plugins::privacy {

// Each clamped value of a sum is rounded to max(|lower|, |upper|) / kSumSteps,
// so a row moves the sum by at most kSumSteps of those units.
inline constexpr int kSumSteps = 1'000'000;

glassbox::v1::analyses::PrivateScope ReleaseScope(const std::string& cohort, std::span<const size_t> rows,
                                                  const sdk::Table& table, const sdk::Outcomes& outcomes,
                                                  const Settings& settings, const ReleasePlan& plan, Coins& coins);

}  // namespace glassbox::plugins::privacy

#endif  // GLASSBOX_PLUGINS_PRIVATE_DATA_EXPLORER_SCOPE_RELEASE_H_
