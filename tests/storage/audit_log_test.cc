#include "storage/audit_log.h"

#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/daemon_process.h"

namespace glassbox::storage {
namespace {

TEST(AuditLogTest, ConcurrentAppendsShareTransactionsAndKeepOneUnbrokenChain) {
  testing::TemporaryFolder folder;
  auto database = Database::Open(folder.path() + "/glassbox.db");
  ASSERT_TRUE(database.ok()) << database.status();
  AuditLog log(**database);
  constexpr int kThreads = 8;
  constexpr int kAppendsEach = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&log, t] {
      for (int i = 0; i < kAppendsEach; ++i) {
        AuditRecord record{"reader" + std::to_string(t), "analyst", "GetInsight", "insights/" + std::to_string(i)};
        EXPECT_TRUE(log.Append(record).ok());
      }
    });
  }
  for (auto& thread : threads) thread.join();

  auto verified = log.Verify();
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_TRUE(verified->intact()) << verified->reason();
  EXPECT_EQ(verified->entries_checked(), kThreads * kAppendsEach);
  // Each reader's events are all there, in the order that reader made them.
  for (int t = 0; t < kThreads; ++t) {
    AuditFilter filter;
    filter.principal = "reader" + std::to_string(t);
    auto page = log.List(filter, {1000, ""});
    ASSERT_TRUE(page.ok()) << page.status();
    ASSERT_EQ(page->items.size(), static_cast<size_t>(kAppendsEach));
    for (int i = 0; i < kAppendsEach; ++i) EXPECT_EQ(page->items[i].resource(), "insights/" + std::to_string(i));
  }
}

}  // namespace
}  // namespace glassbox::storage
