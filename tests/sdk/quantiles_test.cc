#include "glassbox/sdk/quantiles.h"

#include <vector>

#include <gtest/gtest.h>

namespace glassbox::sdk {
namespace {

TEST(QuantileTest, InterpolatesLinearlyBetweenRanks) {
  // numpy.quantile([1, 2, 3, 4, 10], [0, 0.25, 0.5, 0.9, 1]) = 1, 2, 3, 7.6, 10:
  // position 0.9 * 4 = 3.6, so 4 + 0.6 * (10 - 4).
  std::vector<double> values = {10, 3, 1, 4, 2};
  const double qs[] = {0, 0.25, 0.5, 0.9, 1};
  const std::vector<double> quantiles = LinearQuantiles(values, qs);
  ASSERT_EQ(quantiles.size(), 5u);
  EXPECT_EQ(quantiles[0], 1);
  EXPECT_EQ(quantiles[1], 2);
  EXPECT_EQ(quantiles[2], 3);
  EXPECT_DOUBLE_EQ(quantiles[3], 7.6);
  EXPECT_EQ(quantiles[4], 10);
  std::vector<double> one = {42};
  const double third[] = {0.3};
  EXPECT_EQ(LinearQuantiles(one, third), std::vector<double>{42});
}

TEST(QuantileTest, PercentilesAreQuantilesOfAHundredth) {
  // numpy.percentile(range(11), [10, 33.3, 95]) = 1.0, 3.33, 9.5.
  std::vector<double> values = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0};
  const double qs[] = {10.0 / 100, 33.3 / 100, 95.0 / 100};
  const std::vector<double> percentiles = LinearQuantiles(values, qs);
  EXPECT_DOUBLE_EQ(percentiles[0], 1.0);
  EXPECT_DOUBLE_EQ(percentiles[1], 3.33);
  EXPECT_DOUBLE_EQ(percentiles[2], 9.5);
}

}  // namespace
}  // namespace glassbox::sdk
