#include "storage/audit_log.h"

#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/storage/backend_database.h"
#include "tests/support/daemon_process.h"

namespace glassbox::storage {
namespace {

class AuditLogTest : public ::testing::TestWithParam<Backend> {
 protected:
  std::unique_ptr<Database> Open() {
    auto database = Database::Open(backend_.location());
    EXPECT_TRUE(database.ok()) << database.status();
    return database.ok() ? *std::move(database) : nullptr;
  }

  testing::TemporaryFolder folder_;
  BackendDatabase backend_{GetParam(), folder_.path()};
};

TEST_P(AuditLogTest, ConcurrentAppendsShareTransactionsAndKeepOneUnbrokenChain) {
  auto database = Open();
  ASSERT_NE(database, nullptr);
  AuditLog log(*database);
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

TEST_P(AuditLogTest, LongFieldsAreCutAtAUtf8BoundaryAndSaySo) {
  auto database = Open();
  ASSERT_NE(database, nullptr);
  AuditLog log(*database);
  // 2 MiB of a two-byte character: any cut that is not at a boundary splits one.
  std::string resource;
  for (int i = 0; i < (1 << 20); ++i) resource += "\u00e9";
  AuditRecord record{"(unauthenticated)", "", "GetRun", "runs/" + resource, "UNAUTHENTICATED", std::string(5000, 'r'),
                     std::string(3 << 20, 'd')};
  ASSERT_TRUE(log.Append(record).ok());
  auto page = log.List({}, {10, ""});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->items.size(), 1u);
  const auto& event = page->items[0];
  EXPECT_LE(event.resource().size(), kMaxAuditFieldBytes);
  EXPECT_TRUE(event.resource().ends_with("\u00e9...[2097157 bytes cut]")) << event.resource();
  EXPECT_LE(event.request_id().size(), kMaxAuditFieldBytes);
  EXPECT_TRUE(event.request_id().ends_with("r...[5000 bytes cut]"));
  EXPECT_LE(event.detail().size(), kMaxAuditDetailBytes);
  EXPECT_TRUE(event.detail().ends_with("d...[3145728 bytes cut]"));
  auto verified = log.Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->intact()) << verified->reason();
}

TEST_P(AuditLogTest, APageEndsBeforeItsBytesPassTheBudget) {
  auto database = Open();
  ASSERT_NE(database, nullptr);
  AuditLog log(*database);
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(log.Append({"alice", "analyst", "GetRun", "runs/" + std::to_string(i), "OK", "", std::string(900, 'd')})
                    .ok());
  }
  // Each event is a little over 1000 bytes: 3 fit in 3500, and the rest follow page by page.
  std::vector<std::string> seen;
  PageRequest request{100, "", 3500};
  int pages = 0;
  do {
    auto page = log.List({}, request);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_EQ(page->items.size(), pages < 3 ? 3u : 1u);
    for (const auto& event : page->items) seen.push_back(event.resource());
    request.page_token = page->next_page_token;
    ++pages;
  } while (!request.page_token.empty());
  EXPECT_EQ(pages, 4);
  EXPECT_EQ(seen.size(), 10u);
  EXPECT_EQ(seen.front(), "runs/0");
  EXPECT_EQ(seen.back(), "runs/9");
  // One item over the budget still comes, alone.
  auto alone = log.List({}, {100, "", 10});
  ASSERT_TRUE(alone.ok());
  EXPECT_EQ(alone->items.size(), 1u);
}

// Two connections are two daemons on one archive: each appends through an
// AuditLog of its own, at once, and the chain they make together never forks
// (no sequence number twice, each entry chained to the one before).
TEST_P(AuditLogTest, TwoConnectionsAppendingAtOnceKeepOneChain) {
  auto first = Open();
  auto second = Open();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  AuditLog logs[] = {AuditLog(*first), AuditLog(*second)};
  constexpr int kThreadsEach = 4;
  constexpr int kAppendsEach = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < 2 * kThreadsEach; ++t) {
    threads.emplace_back([&logs, t] {
      for (int i = 0; i < kAppendsEach; ++i) {
        AuditRecord record{"daemon" + std::to_string(t % 2), "analyst", "GetRun", "runs/" + std::to_string(i)};
        auto status = logs[t % 2].Append(record);
        EXPECT_TRUE(status.ok()) << status;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (AuditLog& log : logs) {
    auto verified = log.Verify();
    ASSERT_TRUE(verified.ok()) << verified.status();
    EXPECT_TRUE(verified->intact()) << verified->reason();
    EXPECT_EQ(verified->entries_checked(), 2 * kThreadsEach * kAppendsEach);
  }
}

// The table itself refuses to edit or remove an entry, whatever connects to it.
TEST_P(AuditLogTest, StoredEntriesCannotBeEditedOrRemoved) {
  auto database = Open();
  ASSERT_NE(database, nullptr);
  AuditLog log(*database);
  ASSERT_TRUE(log.Append({"alice", "analyst", "GetRun", "runs/1"}).ok());
  for (const char* sql : {"UPDATE audit_events SET principal = 'mallory'", "DELETE FROM audit_events"}) {
    Session session(*database);
    auto status = session.Execute(sql);
    EXPECT_FALSE(status.ok()) << sql;
    EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr("audit events are append-only")) << sql;
  }
  auto verified = log.Verify();
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_TRUE(verified->intact()) << verified->reason();
  EXPECT_EQ(verified->entries_checked(), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditLogTest, EveryBackend(), BackendName);

}  // namespace
}  // namespace glassbox::storage
