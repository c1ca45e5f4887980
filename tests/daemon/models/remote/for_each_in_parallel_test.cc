#include "daemon/models/remote/for_each_in_parallel.h"

#include <atomic>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace glassbox::daemon {
namespace {

TEST(ForEachInParallelTest, VisitsEveryIndexOnceFromBoundedWorkers) {
  std::vector<std::atomic<int>> visits(1000);
  std::atomic<bool> worker_out_of_range{false};
  ASSERT_TRUE(ForEachInParallel(visits.size(), 4, [&](size_t worker, size_t index) {
                if (worker >= 4) worker_out_of_range = true;
                ++visits[index];
                return absl::OkStatus();
              }).ok());
  EXPECT_FALSE(worker_out_of_range);
  for (size_t i = 0; i < visits.size(); ++i) EXPECT_EQ(visits[i], 1) << "index " << i;
}

TEST(ForEachInParallelTest, StopsAtTheFirstFailureAndReturnsIt) {
  std::vector<size_t> visited;
  const absl::Status status = ForEachInParallel(10, 1, [&](size_t, size_t index) {
    visited.push_back(index);
    return index == 3 ? absl::DataLossError("batch 3") : absl::OkStatus();
  });
  EXPECT_EQ(status, absl::DataLossError("batch 3"));
  EXPECT_EQ(visited, (std::vector<size_t>{0, 1, 2, 3}));
}

TEST(ForEachInParallelTest, NothingToDo) {
  bool called = false;
  EXPECT_TRUE(ForEachInParallel(0, 4, [&](size_t, size_t) {
                called = true;
                return absl::OkStatus();
              }).ok());
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace glassbox::daemon
