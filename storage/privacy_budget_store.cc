#include "storage/privacy_budget_store.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/time_util.h"
#include "storage/clock.h"

namespace glassbox::storage {
namespace {

using google::protobuf::util::TimeUtil;

constexpr double kEpsilonUnit = 1e-9;
constexpr double kDeltaUnit = 1e-18;

// `amount` in units: a value within the division's rounding error (a
// relative 1e-12, far above it) of a whole number counts as that number, so
// 1.0 is 1e9 units of 1e-9, not 999999999.99999994; any other is rounded up
// (charges) or down (limits).
double Scaled(double amount, double unit) {
  const double scaled = amount / unit;
  const double nearest = std::round(scaled);
  return std::abs(scaled - nearest) <= std::max(1e-6, 1e-12 * std::abs(scaled)) ? nearest : scaled;
}
int64_t UnitsUp(double amount, double unit) { return static_cast<int64_t>(std::ceil(Scaled(amount, unit))); }
int64_t UnitsDown(double amount, double unit) { return static_cast<int64_t>(std::floor(Scaled(amount, unit))); }

struct Amount {
  int64_t epsilon = 0;
  int64_t delta = 0;
};

glassbox::v1::PrivacyBudget ToBudget(const Amount& amount) {
  glassbox::v1::PrivacyBudget budget;
  budget.set_epsilon(static_cast<double>(amount.epsilon) * kEpsilonUnit);
  budget.set_delta(static_cast<double>(amount.delta) * kDeltaUnit);
  return budget;
}

std::string Describe(const Amount& amount) {
  return absl::StrFormat("epsilon %.9g, delta %.3g", static_cast<double>(amount.epsilon) * kEpsilonUnit,
                         static_cast<double>(amount.delta) * kDeltaUnit);
}

absl::Status EnsureBudgetRow(Session& session, const std::string& dataset_id, const Amount& limit,
                             const std::string& set_by, int64_t set_time) {
  auto insert = session.Prepare(
      "INSERT INTO privacy_budgets (dataset_id, epsilon_limit, delta_limit, epsilon_spent, delta_spent, set_by, "
      "set_time) VALUES (?, ?, ?, 0, 0, ?, ?) ON CONFLICT (dataset_id) DO NOTHING");
  insert.Bind(1, dataset_id).Bind(2, limit.epsilon).Bind(3, limit.delta).Bind(4, set_by).Bind(5, set_time);
  return insert.Run();
}

Amount DefaultLimit() {
  return {UnitsDown(kDefaultPrivacyEpsilon, kEpsilonUnit), UnitsDown(kDefaultPrivacyDelta, kDeltaUnit)};
}

struct BudgetRow {
  Amount limit;
  Amount spent;
  std::string set_by;
  int64_t set_time = 0;
};

absl::StatusOr<BudgetRow> ReadBudgetRow(Session& session, const std::string& dataset_id) {
  auto query = session.Prepare(
      "SELECT epsilon_limit, delta_limit, epsilon_spent, delta_spent, set_by, set_time FROM privacy_budgets "
      "WHERE dataset_id = ?");
  query.Bind(1, dataset_id);
  auto row = query.Step();
  if (!row.ok()) return row.status();
  BudgetRow budget{DefaultLimit(), {}, "", 0};
  if (!*row) return budget;
  budget.limit = {query.ColumnInt(0), query.ColumnInt(1)};
  budget.spent = {query.ColumnInt(2), query.ColumnInt(3)};
  budget.set_by = query.ColumnText(4);
  budget.set_time = query.ColumnInt(5);
  return budget;
}

Amount LimitOf(const glassbox::v1::PrivacyBudget& budget) {
  return {UnitsDown(budget.epsilon(), kEpsilonUnit), UnitsDown(budget.delta(), kDeltaUnit)};
}

}  // namespace

absl::Status CheckPrivacyBudget(const glassbox::v1::PrivacyBudget& budget) {
  if (!(budget.epsilon() > 0 && budget.epsilon() <= 1000)) {
    return absl::InvalidArgumentError(
        absl::StrCat("budget.epsilon: ", budget.epsilon(), " is not in (0, 1000]; give e.g. 1"));
  }
  if (!(budget.delta() >= 0 && budget.delta() < 1)) {
    return absl::InvalidArgumentError(absl::StrCat("budget.delta: ", budget.delta(), " is not in [0, 1); give e.g. 1e-6"));
  }
  return absl::OkStatus();
}

absl::Status ReservePrivacy(Session& session, const std::string& dataset_id, const std::string& run_id,
                            const std::string& principal, const std::vector<PrivacyCharge>& charges) {
  if (charges.empty()) return absl::OkStatus();
  Amount asked;
  for (const auto& charge : charges) {
    asked.epsilon += UnitsUp(charge.epsilon, kEpsilonUnit);
    asked.delta += UnitsUp(charge.delta, kDeltaUnit);
  }
  if (auto status = EnsureBudgetRow(session, dataset_id, DefaultLimit(), "", 0); !status.ok()) return status;
  auto update = session.Prepare(
      "UPDATE privacy_budgets SET epsilon_spent = epsilon_spent + ?, delta_spent = delta_spent + ? "
      "WHERE dataset_id = ? AND epsilon_spent + ? <= epsilon_limit AND delta_spent + ? <= delta_limit "
      "RETURNING epsilon_spent");
  update.Bind(1, asked.epsilon).Bind(2, asked.delta).Bind(3, dataset_id).Bind(4, asked.epsilon).Bind(5, asked.delta);
  auto charged = update.Step();
  if (!charged.ok()) return charged.status();
  if (!*charged) {
    auto budget = ReadBudgetRow(session, dataset_id);
    if (!budget.ok()) return budget.status();
    const Amount left{budget->limit.epsilon - budget->spent.epsilon, budget->limit.delta - budget->spent.delta};
    return absl::ResourceExhaustedError(absl::StrCat(
        "dataset '", dataset_id, "' has ", Describe(left), " left of its privacy budget (", Describe(budget->limit),
        "); this run asks ", Describe(asked),
        ". Lower the analyses' privacy_epsilon (privacy_delta), or have an admin raise the budget "
        "(SetPrivacyBudget)"));
  }
  if (auto status = update.Run(); !status.ok()) return status;
  const int64_t now = TimeUtil::TimestampToMicroseconds(Now());
  for (const auto& charge : charges) {
    auto insert = session.Prepare(
        "INSERT INTO privacy_releases (run_id, analysis_index, dataset_id, analyzer, mechanism, parameters_json, "
        "epsilon, delta, principal, create_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.Bind(1, run_id)
        .Bind(2, static_cast<int64_t>(charge.analysis_index))
        .Bind(3, dataset_id)
        .Bind(4, charge.analyzer)
        .Bind(5, charge.mechanism)
        .Bind(6, charge.parameters_json)
        .Bind(7, UnitsUp(charge.epsilon, kEpsilonUnit))
        .Bind(8, UnitsUp(charge.delta, kDeltaUnit))
        .Bind(9, principal)
        .Bind(10, now);
    if (auto status = insert.Run(); !status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::StatusOr<glassbox::v1::PrivacyLedger> PrivacyBudgetStore::SetBudget(const std::string& dataset_id,
                                                                          const glassbox::v1::PrivacyBudget& budget,
                                                                          const std::string& principal,
                                                                          const AuditRecord& audit) {
  if (auto status = CheckPrivacyBudget(budget); !status.ok()) return status;
  {
    Transaction transaction(database_);
    const Amount limit = LimitOf(budget);
    const int64_t now = TimeUtil::TimestampToMicroseconds(Now());
    if (auto status = EnsureBudgetRow(transaction, dataset_id, limit, principal, now); !status.ok()) return status;
    auto current = ReadBudgetRow(transaction, dataset_id);
    if (!current.ok()) return current.status();
    if (limit.epsilon < current->spent.epsilon || limit.delta < current->spent.delta) {
      return absl::FailedPreconditionError(absl::StrCat("budget: dataset '", dataset_id, "' has spent ",
                                                        Describe(current->spent),
                                                        " already; a budget cannot be set below that"));
    }
    auto update = transaction.Prepare(
        "UPDATE privacy_budgets SET epsilon_limit = ?, delta_limit = ?, set_by = ?, set_time = ? WHERE dataset_id = ?");
    update.Bind(1, limit.epsilon).Bind(2, limit.delta).Bind(3, principal).Bind(4, now).Bind(5, dataset_id);
    if (auto status = update.Run(); !status.ok()) return status;
    if (auto status = AppendAudit(transaction, audit); !status.ok()) return status;
    if (auto status = transaction.Commit(); !status.ok()) return status;
  }
  return Ledger(dataset_id);
}

absl::Status PrivacyBudgetStore::SetInitialBudget(const std::string& dataset_id,
                                                  const glassbox::v1::PrivacyBudget& budget,
                                                  const std::string& principal) {
  if (auto status = CheckPrivacyBudget(budget); !status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("header.privacy_", status.message()));
  }
  Transaction transaction(database_);
  const Amount limit = LimitOf(budget);
  const int64_t now = TimeUtil::TimestampToMicroseconds(Now());
  if (auto status = EnsureBudgetRow(transaction, dataset_id, limit, principal, now); !status.ok()) return status;
  auto stored = ReadBudgetRow(transaction, dataset_id);
  if (!stored.ok()) return stored.status();
  if (stored->limit.epsilon != limit.epsilon || stored->limit.delta != limit.delta) {
    return absl::FailedPreconditionError(absl::StrCat(
        "header.privacy_budget: dataset '", dataset_id, "' is stored already with the privacy budget ",
        Describe(stored->limit), "; leave privacy_budget unset, or have an admin change it (SetPrivacyBudget)"));
  }
  return transaction.Commit();
}

absl::StatusOr<glassbox::v1::PrivacyLedger> PrivacyBudgetStore::Ledger(const std::string& dataset_id) {
  Session session(database_);
  auto budget = ReadBudgetRow(session, dataset_id);
  if (!budget.ok()) return budget.status();
  glassbox::v1::PrivacyLedger ledger;
  ledger.set_dataset_id(dataset_id);
  *ledger.mutable_budget() = ToBudget(budget->limit);
  *ledger.mutable_spent() = ToBudget(budget->spent);
  *ledger.mutable_remaining() =
      ToBudget({budget->limit.epsilon - budget->spent.epsilon, budget->limit.delta - budget->spent.delta});
  ledger.set_budget_set_by(budget->set_by);
  if (budget->set_time != 0) *ledger.mutable_budget_set_time() = TimeUtil::MicrosecondsToTimestamp(budget->set_time);
  auto query = session.Prepare(
      "SELECT run_id, analysis_index, analyzer, mechanism, parameters_json, epsilon, delta, principal, create_time "
      "FROM privacy_releases WHERE dataset_id = ? ORDER BY create_time, run_id, analysis_index");
  query.Bind(1, dataset_id);
  while (true) {
    auto row = query.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    auto* release = ledger.add_releases();
    release->set_run_id(query.ColumnText(0));
    release->set_analysis_index(static_cast<int32_t>(query.ColumnInt(1)));
    release->set_analyzer(query.ColumnText(2));
    release->set_mechanism(query.ColumnText(3));
    release->set_parameters_json(query.ColumnText(4));
    release->set_epsilon(static_cast<double>(query.ColumnInt(5)) * kEpsilonUnit);
    release->set_delta(static_cast<double>(query.ColumnInt(6)) * kDeltaUnit);
    release->set_principal(query.ColumnText(7));
    *release->mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(query.ColumnInt(8));
  }
  return ledger;
}

}  // namespace glassbox::storage
