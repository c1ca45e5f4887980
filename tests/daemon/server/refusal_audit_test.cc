#include "daemon/server/refusal_audit.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/daemon_process.h"

namespace glassbox::server {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class RefusalAuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = storage::Database::Open(folder_.path() + "/glassbox.db");
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    log_ = std::make_unique<storage::AuditLog>(*database_);
  }

  std::vector<glassbox::v1::AuditEvent> Events() {
    auto page = log_->List({}, {1000, ""});
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? page->items : std::vector<glassbox::v1::AuditEvent>{};
  }

  static storage::AuditRecord Refused(const std::string& action, const std::string& resource) {
    return {"(unauthenticated)", "", action, resource, "UNAUTHENTICATED", "req-1", "no bearer token"};
  }

  testing::TemporaryFolder folder_;
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<storage::AuditLog> log_;
};

TEST_F(RefusalAuditTest, APeersRefusalsBeyondTheFirstFewAreCountedInOneEventPerKind) {
  RefusalAudit refusals(*log_, {.window = absl::Hours(1), .in_full = 3});
  // New connections of one peer come from new ports: still one peer.
  for (int i = 0; i < 40; ++i) {
    refusals.Record("ipv4:10.0.0.7:" + std::to_string(40000 + i), Refused("GetRun", "runs/x"));
  }
  for (int i = 0; i < 7; ++i) refusals.Record("ipv4:10.0.0.7:50000", Refused("GetInsight", "insights/y"));
  refusals.Record("ipv4:10.0.0.8:50000", Refused("GetRun", "runs/z"));
  EXPECT_EQ(Events().size(), 4u);  // 3 from 10.0.0.7, 1 from 10.0.0.8
  refusals.Flush();

  auto events = Events();
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[2].resource(), "runs/x");
  EXPECT_EQ(events[3].resource(), "runs/z");
  std::vector<std::string> counts;
  for (size_t i = 4; i < events.size(); ++i) {
    EXPECT_EQ(events[i].outcome(), "UNAUTHENTICATED");
    EXPECT_THAT(events[i].detail(), HasSubstr("counted, not recorded one by one (over 3 refusals in 1h)"));
    EXPECT_THAT(events[i].detail(), HasSubstr("the first from ipv4:10.0.0.7 as (unauthenticated): no bearer token"));
    counts.push_back(events[i].action() + " " + events[i].detail().substr(0, events[i].detail().find(' ')));
  }
  // 40 + 7 refusals, 3 of them recorded in full.
  EXPECT_THAT(counts, ::testing::UnorderedElementsAre("GetRun 37", "GetInsight 7"));
  auto verified = log_->Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->intact()) << verified->reason();
}

TEST_F(RefusalAuditTest, AWindowThatHasPassedStartsAfresh) {
  RefusalAudit refusals(*log_, {.window = absl::ZeroDuration(), .in_full = 1});
  for (int i = 0; i < 5; ++i) refusals.Record("ipv6:[::1]:1234", Refused("GetRun", "runs/" + std::to_string(i)));
  auto events = Events();
  ASSERT_EQ(events.size(), 5u);
  for (const auto& event : events) EXPECT_THAT(event.resource(), StartsWith("runs/"));
}

TEST_F(RefusalAuditTest, GroupsBeyondTheLimitShareOne) {
  RefusalAudit refusals(*log_, {.window = absl::Hours(1), .in_full = 1, .max_groups = 2});
  for (int i = 0; i < 10; ++i) refusals.Record("ipv4:10.0.1." + std::to_string(i) + ":1", Refused("GetRun", "runs/a"));
  refusals.Flush();
  auto events = Events();
  // One in full from each of the first two peers and from "(other peers)", one count of the other 7.
  ASSERT_EQ(events.size(), 4u);
  EXPECT_THAT(events[3].detail(), StartsWith("7 more like this"));
  EXPECT_THAT(events[3].detail(), HasSubstr("the first from (other peers): "));
}

TEST_F(RefusalAuditTest, DestructionAppendsTheCounts) {
  {
    RefusalAudit refusals(*log_, {.window = absl::Hours(1), .in_full = 1});
    for (int i = 0; i < 3; ++i) refusals.Record("ipv4:10.0.0.1:1", Refused("GetRun", "runs/a"));
  }
  auto events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_THAT(events[1].detail(), StartsWith("2 more like this"));
}

}  // namespace
}  // namespace glassbox::server
