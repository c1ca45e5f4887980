// PrivacyBudgetStore on both engines (backend_database.h): exact integer accounting, a
// refused run leaves nothing behind (neither its row, its audit event nor a
// charge), and budgets cannot drop below what was spent.
#include "storage/privacy_budget_store.h"

#include <gtest/gtest.h>

#include "storage/clock.h"
#include "tests/storage/store_fixture.h"

namespace glassbox::storage {
namespace {

class PrivacyBudgetStoreTest : public StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    AddDataset("ds_a");
    budgets_ = std::make_unique<PrivacyBudgetStore>(*database_);
  }

  absl::Status CreateRun(const std::string& id, double epsilon, double delta = 0) {
    glassbox::v1::Run run;
    run.set_id(id);
    run.mutable_spec()->set_dataset_id("ds_a");
    run.set_creator("alice");
    *run.mutable_create_time() = Now();
    PrivacyCharge charge{0, "private_data_explorer", "laplace", "{}", epsilon, delta};
    return runs_->Create(run, Audit("alice", "CreateRun", "runs/" + id), {charge});
  }

  std::unique_ptr<PrivacyBudgetStore> budgets_;
};

// 0.1 + 0.2 + 0.7 is 1.0000000000000002 in doubles, which would pass a budget
// of 1 compared as doubles; in units of 1e-9 it is exactly 1e9.
TEST_P(PrivacyBudgetStoreTest, SumsAreExact) {
  ASSERT_TRUE(CreateRun("run_1", 0.1).ok());
  ASSERT_TRUE(CreateRun("run_2", 0.2).ok());
  ASSERT_TRUE(CreateRun("run_3", 0.7).ok());
  auto ledger = budgets_->Ledger("ds_a");
  ASSERT_TRUE(ledger.ok()) << ledger.status();
  EXPECT_EQ(ledger->spent().epsilon(), 1.0);
  EXPECT_EQ(ledger->remaining().epsilon(), 0.0);
  EXPECT_EQ(ledger->releases_size(), 3);
  // A charge finer than the unit rounds up: 1e-10 costs 1e-9.
  const absl::Status tiny = CreateRun("run_4", 1e-10);
  EXPECT_EQ(tiny.code(), absl::StatusCode::kResourceExhausted) << tiny;
}

TEST_P(PrivacyBudgetStoreTest, RefusedRunLeavesNothing) {
  ASSERT_TRUE(CreateRun("run_1", 0.6).ok());
  const absl::Status refused = CreateRun("run_2", 0.6);
  ASSERT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(refused.message().find("has epsilon 0.4, delta 1e-06 left"), std::string::npos) << refused;
  EXPECT_EQ(runs_->Get("run_2").status().code(), absl::StatusCode::kNotFound);
  AuditLog audit(*database_);
  auto events = audit.List({}, {});
  ASSERT_TRUE(events.ok());
  for (const auto& event : events->items) EXPECT_NE(event.resource(), "runs/run_2");
  EXPECT_EQ(budgets_->Ledger("ds_a")->releases_size(), 1);
  // The delta budget (1e-6 by default) binds separately.
  EXPECT_EQ(CreateRun("run_3", 0.1, 2e-6).code(), absl::StatusCode::kResourceExhausted);
  const absl::Status within = CreateRun("run_4", 0.1, 1e-6);
  EXPECT_TRUE(within.ok()) << within;
}

TEST_P(PrivacyBudgetStoreTest, BudgetsCoverWhatWasSpent) {
  ASSERT_TRUE(CreateRun("run_1", 0.5).ok());
  glassbox::v1::PrivacyBudget budget;
  budget.set_epsilon(0.4);
  EXPECT_EQ(budgets_->SetBudget("ds_a", budget, "root", Audit("root", "SetPrivacyBudget", "x")).status().code(),
            absl::StatusCode::kFailedPrecondition);
  budget.set_epsilon(3);
  auto ledger = budgets_->SetBudget("ds_a", budget, "root", Audit("root", "SetPrivacyBudget", "x"));
  ASSERT_TRUE(ledger.ok()) << ledger.status();
  EXPECT_EQ(ledger->budget().epsilon(), 3);
  EXPECT_EQ(ledger->remaining().epsilon(), 2.5);
  EXPECT_EQ(ledger->budget_set_by(), "root");
  budget.set_epsilon(0);
  EXPECT_EQ(budgets_->SetBudget("ds_a", budget, "root", Audit("root", "SetPrivacyBudget", "x")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Backends, PrivacyBudgetStoreTest, EveryBackend(), BackendName);

}  // namespace
}  // namespace glassbox::storage
