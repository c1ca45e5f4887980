// Every cohort filter error_analysis prints (its tree's node paths and its
// heat-map cells) is valid cohort filter syntax: parsed back with the
// daemon's cohort filter parser it selects as many rows of the dataset as
// the analysis reported, and pasted into a run as a cohort it is accepted and
// selects those rows again. On Adult as it is, and on Adult with column names
// that hold spaces and operators and with missing cells.
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "daemon/run/cohort_filter.h"
#include "glassbox/v1/analyses/error_analysis.pb.h"
#include "tests/support/analysis_fixture.h"
#include "tests/support/daemon_process.h"

namespace glassbox::testing {
namespace {

using glassbox::v1::analyses::ErrorAnalysis;
using ::testing::HasSubstr;

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// adult_test_scored.csv with three columns renamed so that they need
// backticks ("hours per week", "marital status", "capital<gain"), and with
// `age` missing on every 7th row and `workclass` on every 11th.
std::string AdultWithAwkwardColumns() {
  std::vector<std::string> lines = absl::StrSplit(ReadText(DatasetPath("adult_test_scored.csv")), '\n');
  lines[0] = absl::StrReplaceAll(lines[0], {{"hours-per-week", "hours per week"},
                                            {"marital-status", "marital status"},
                                            {"capital-gain", "capital<gain"}});
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    std::vector<std::string> cells = absl::StrSplit(lines[i], ',');
    if (i % 7 == 0) cells[0].clear();   // age
    if (i % 11 == 0) cells[1].clear();  // workclass
    lines[i] = absl::StrJoin(cells, ",");
  }
  return absl::StrJoin(lines, "\n");
}

class CohortRoundTripTest : public ::testing::Test {
 protected:
  // Runs error_analysis with `params` on `csv` (uploaded), checks every
  // printed filter against `table` (the same bytes, read as the daemon reads
  // them) and returns the analysis.
  ErrorAnalysis RunAndCheckEveryFilter(const std::string& csv, const std::string& params) {
    glassbox::v1::Dataset dataset;
    EXPECT_TRUE(UploadBytes(daemon_.stub(), csv, &dataset).ok());
    dataset_id_ = dataset.id();
    const sdk::Table table = ReadCsvText(csv);
    glassbox::v1::RunSpec spec = AdultRunSpec(dataset.id(), {"error_analysis"});
    *spec.mutable_analyses(0)->mutable_params() = ParseParams(params);
    glassbox::v1::Run run = CreateRunAndWait(daemon_.stub(), spec);
    EXPECT_EQ(run.state(), glassbox::v1::SUCCEEDED) << run.error();
    ErrorAnalysis result;
    EXPECT_TRUE(FetchInsight(daemon_.stub(), run.analyses(0).insight_id()).payload().UnpackTo(&result));
    EXPECT_GT(result.nodes_size(), 7);
    EXPECT_FALSE(result.heat_map().cells().empty());

    for (const auto& node : result.nodes()) {
      if (node.parent_id() < 0) continue;
      EXPECT_EQ(SelectedRows(table, node.filter()), node.size()) << node.filter();
    }
    for (const auto& cell : result.heat_map().cells()) {
      EXPECT_EQ(SelectedRows(table, cell.filter()), cell.count()) << cell.filter();
    }
    return result;
  }

  static int64_t SelectedRows(const sdk::Table& table, const std::string& filter) {
    auto conditions = run::ParseCohortFilter(filter);
    if (!conditions.ok()) {
      ADD_FAILURE() << filter << ": " << conditions.status();
      return -1;
    }
    auto rows = run::SelectRows(table, *conditions);
    if (!rows.ok()) {
      ADD_FAILURE() << filter << ": " << rows.status();
      return -1;
    }
    return static_cast<int64_t>(rows->size());
  }

  // Pastes `filter` into a run of error_analysis as the cohort it analyses:
  // the analysis then covers exactly `size` rows.
  void ExpectAcceptedAsACohort(const std::string& filter, int64_t size) {
    glassbox::v1::RunSpec spec = AdultRunSpec(dataset_id_, {"error_analysis"});
    auto* cohort = spec.add_cohorts();
    cohort->set_name("pasted");
    cohort->set_filter(filter);
    *spec.mutable_analyses(0)->mutable_params() = ParseParams(R"({"cohort": "pasted", "max_depth": 1})");
    glassbox::v1::Run run = CreateRunAndWait(daemon_.stub(), spec);
    ASSERT_EQ(run.state(), glassbox::v1::SUCCEEDED) << filter << ": " << run.error();
    ErrorAnalysis result;
    ASSERT_TRUE(FetchInsight(daemon_.stub(), run.analyses(0).insight_id()).payload().UnpackTo(&result));
    EXPECT_EQ(result.num_rows(), size) << filter;
    // The analysed cohort's own paths start with its filter, so they paste back too.
    EXPECT_EQ(result.nodes(0).filter(), filter);
    for (const auto& cell : result.heat_map().cells()) EXPECT_THAT(cell.filter(), ::testing::StartsWith(filter));
  }

  DaemonProcess daemon_;
  std::string dataset_id_;
};

TEST_F(CohortRoundTripTest, EveryFilterPrintedOnAdultSelectsTheRowsItReports) {
  const ErrorAnalysis result = RunAndCheckEveryFilter(
      ReadText(DatasetPath("adult_test_scored.csv")),
      R"({"max_depth": 4, "heatmap_features": ["age", "marital-status"], "num_bins": 5})");
  const auto& worst = result.nodes(result.leaves_by_error_rate(0));
  ExpectAcceptedAsACohort(worst.filter(), worst.size());
}

TEST_F(CohortRoundTripTest, NamesThatNeedBackticksAndMissingCellsRoundTrip) {
  const ErrorAnalysis result = RunAndCheckEveryFilter(
      AdultWithAwkwardColumns(),
      R"({"max_depth": 4, "features": ["age", "workclass", "marital status", "hours per week", "capital<gain"],
          "heatmap_features": ["age", "workclass"], "num_bins": 4})");
  // The tree split on the renamed columns and sent missing cells somewhere; the heat map has missing bins.
  std::string filters;
  for (const auto& node : result.nodes()) absl::StrAppend(&filters, node.filter(), "\n");
  EXPECT_THAT(filters, HasSubstr("`marital status` "));
  EXPECT_THAT(filters, HasSubstr(" or missing"));
  std::string cells;
  for (const auto& cell : result.heat_map().cells()) absl::StrAppend(&cells, cell.filter(), "\n");
  EXPECT_THAT(cells, HasSubstr("age is missing AND workclass == Private"));
  EXPECT_THAT(cells, HasSubstr("workclass is missing"));
  for (const auto& node : result.nodes()) {
    if (node.filter().find('`') != std::string::npos && node.filter().find("or missing") != std::string::npos) {
      ExpectAcceptedAsACohort(node.filter(), node.size());
      break;
    }
  }
  const auto& cell = result.heat_map().cells(0);
  ExpectAcceptedAsACohort(cell.filter(), cell.count());
}

TEST_F(CohortRoundTripTest, AFilterWithAnUnquotedSpacedNameIsRefusedNamingTheRule) {
  glassbox::v1::Dataset dataset;
  ASSERT_TRUE(UploadBytes(daemon_.stub(), AdultWithAwkwardColumns(), &dataset).ok());
  glassbox::v1::RunSpec spec = AdultRunSpec(dataset.id(), {"error_analysis"});
  auto* cohort = spec.add_cohorts();
  cohort->set_name("long hours");
  cohort->set_filter("hours per week > 40");
  grpc::ClientContext context;
  glassbox::v1::CreateRunRequest request;
  *request.mutable_spec() = spec;
  glassbox::v1::Run run;
  grpc::Status status = daemon_.stub().CreateRun(&context, request, &run);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("after the column name 'hours'; a column name ends at a space or an "
                                                "operator, so write one that holds either in backticks"));

  cohort->set_filter("`hours per week` > 40");
  glassbox::v1::Run accepted = CreateRunAndWait(daemon_.stub(), spec);
  EXPECT_EQ(accepted.state(), glassbox::v1::SUCCEEDED) << accepted.error();
}

}  // namespace
}  // namespace glassbox::testing
