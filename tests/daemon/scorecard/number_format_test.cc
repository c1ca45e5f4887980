#include "daemon/scorecard/number_format.h"

#include <cmath>
#include <limits>

#include "gtest/gtest.h"

namespace glassbox::scorecard {
namespace {

TEST(FormatNumberTest, FourSignificantDigitsKeepingTrailingZeros) {
  EXPECT_EQ(FormatNumber(0.8670181022478616), "0.8670");
  EXPECT_EQ(FormatNumber(0.09768342394633411), "0.09768");
  EXPECT_EQ(FormatNumber(12.3456), "12.35");
  EXPECT_EQ(FormatNumber(0.5), "0.5000");
  EXPECT_EQ(FormatNumber(-0.19289534), "-0.1929");
  EXPECT_EQ(FormatNumber(999.94), "999.9");
}

TEST(FormatNumberTest, WholeNumbersAndLargeValuesInFullWithSeparators) {
  EXPECT_EQ(FormatNumber(10054), "10,054");
  EXPECT_EQ(FormatNumber(7), "7");
  EXPECT_EQ(FormatNumber(1), "1");
  EXPECT_EQ(FormatNumber(-1268339), "-1,268,339");
  EXPECT_EQ(FormatNumber(189239.71275114382), "189,240");
  // Rounding to 4 significant digits would print 1.000e+04.
  EXPECT_EQ(FormatNumber(9999.7), "10,000");
  EXPECT_EQ(FormatNumber(1234.5), "1,235");
  EXPECT_EQ(FormatNumber(0), "0");
}

TEST(FormatNumberTest, TinyHugeAndSpecialValues) {
  EXPECT_EQ(FormatNumber(0.000012346), "1.235e-05");
  EXPECT_EQ(FormatNumber(2.5e17), "2.500e+17");
  EXPECT_EQ(FormatNumber(std::nan("")), "n/a");
  EXPECT_EQ(FormatNumber(std::numeric_limits<double>::infinity()), "∞");
}

TEST(FormatTickTest, OnlyTheDecimalsTheStepNeeds) {
  EXPECT_EQ(FormatTick(0.2, 0.2), "0.2");
  EXPECT_EQ(FormatTick(0.15, 0.05), "0.15");
  EXPECT_EQ(FormatTick(2000, 500), "2,000");
  EXPECT_EQ(FormatTick(1e-17, 0.1), "0");
  EXPECT_EQ(FormatTick(0.0025, 0.0005), "0.0025");
}

}  // namespace
}  // namespace glassbox::scorecard
