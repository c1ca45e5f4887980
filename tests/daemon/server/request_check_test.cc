#include "daemon/server/request_check.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/scorecard/scorecard_config.h"
#include "glassbox/v1/service.pb.h"

namespace glassbox::server {
namespace {

using ::testing::HasSubstr;

std::string Refusal(const google::protobuf::Message& request, RequestLimits limits = {}) {
  absl::Status status = CheckRequest(request, limits);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << request.DebugString();
  return std::string(status.message());
}

glassbox::v1::CreateRunRequest GoodRun() {
  glassbox::v1::CreateRunRequest request;
  auto& spec = *request.mutable_spec();
  spec.set_dataset_id("ds_0123456789abcdef01234567");
  spec.set_target_column("income");
  spec.set_task(glassbox::v1::BINARY_CLASSIFICATION);
  spec.mutable_predictions()->set_prediction_column("prediction");
  auto* analysis = spec.add_analyses();
  analysis->set_analyzer("fairness");
  (*analysis->mutable_params()->mutable_fields())["sensitive_features"].mutable_list_value()->add_values()
      ->set_string_value("sex");
  auto* cohort = spec.add_cohorts();
  cohort->set_name("Senior");
  cohort->set_filter("age > 60");
  return request;
}

TEST(RequestCheckTest, WellFormedRequestsPass) {
  EXPECT_TRUE(CheckRequest(GoodRun(), {}).ok());
  glassbox::v1::GetLineageRequest lineage;
  for (const char* resource : {"runs/run_0123456789abcdef", "insights/ins_1733100000000000_7", "sc_1733100000000000_0",
                               "run_0123456789abcdef"}) {
    lineage.set_resource(resource);
    EXPECT_TRUE(CheckRequest(lineage, {}).ok()) << resource;
  }
  // Empty ids are the handler's to refuse (or to read as "no filter").
  EXPECT_TRUE(CheckRequest(glassbox::v1::GetRunRequest(), {}).ok());
}

TEST(RequestCheckTest, UnknownEnumValuesNameTheFieldAndTheValues) {
  auto run = GoodRun();
  run.mutable_spec()->set_task(static_cast<glassbox::v1::TaskType>(99));
  EXPECT_EQ(Refusal(run), "spec.task: 99 is not a TaskType; use one of TASK_TYPE_UNSPECIFIED, BINARY_CLASSIFICATION, "
                          "MULTICLASS_CLASSIFICATION, REGRESSION");
  run.mutable_spec()->set_task(static_cast<glassbox::v1::TaskType>(-1));
  EXPECT_THAT(Refusal(run), HasSubstr("spec.task: -1 is not a TaskType"));

  glassbox::v1::UploadDatasetRequest upload;
  (*upload.mutable_header()->mutable_column_types())["age"] = static_cast<glassbox::v1::ColumnType>(7);
  EXPECT_EQ(Refusal(upload), "header.column_types['age']: 7 is not a ColumnType; use one of COLUMN_TYPE_UNSPECIFIED, "
                             "NUMERIC, CATEGORICAL");
  upload.mutable_header()->clear_column_types();
  upload.mutable_header()->set_format(static_cast<glassbox::v1::DataFormat>(2));
  EXPECT_THAT(Refusal(upload),
              HasSubstr("header.format: 2 is not a DataFormat; use one of DATA_FORMAT_UNSPECIFIED, CSV"));

  glassbox::v1::RegisterModelRequest model;
  model.set_format(static_cast<glassbox::v1::ModelFormat>(5));
  EXPECT_THAT(Refusal(model), HasSubstr("format: 5 is not a ModelFormat"));
  glassbox::v1::ListRunsRequest runs;
  runs.set_state(static_cast<glassbox::v1::RunState>(42));
  EXPECT_THAT(Refusal(runs), HasSubstr("state: 42 is not a RunState; use one of RUN_STATE_UNSPECIFIED, QUEUED"));
  glassbox::v1::ListScorecardsRequest cards;
  cards.set_verdict(static_cast<glassbox::v1::VerdictFilter>(4));
  EXPECT_THAT(Refusal(cards), HasSubstr("verdict: 4 is not a VerdictFilter"));
}

TEST(RequestCheckTest, IdsMustHaveTheShapeTheDaemonGivesThem) {
  glassbox::v1::GetDatasetRequest dataset;
  dataset.set_id("ds_0123456789ABCDEF01234567");
  EXPECT_EQ(Refusal(dataset),
            "id: 'ds_0123456789ABCDEF01234567' is not a dataset id: ds_ and 24 lowercase hex digits (ListDatasets "
            "shows them)");
  glassbox::v1::GetRunRequest run;
  run.set_id(std::string(2 << 20, 'x'));
  EXPECT_EQ(Refusal(run), "id: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' (2097152 bytes) is not a run id: run_ and 16 "
                          "lowercase hex digits (ListRuns shows them)");
  run.set_id("run_0123\n");
  EXPECT_THAT(Refusal(run), HasSubstr("id: 'run_0123\\n' is not a run id"));
  glassbox::v1::GetInsightRequest insight;
  insight.set_id("ins_12_x");
  EXPECT_THAT(Refusal(insight), HasSubstr("is not an insight id: ins_N_N"));
  glassbox::v1::GetLineageRequest lineage;
  lineage.set_resource("runs/ins_1_2");
  EXPECT_THAT(Refusal(lineage), HasSubstr("resource: 'runs/ins_1_2' is not runs/ID, insights/ID or scorecards/ID"));
  auto spec = GoodRun();
  spec.mutable_spec()->set_dataset_id("adult");
  EXPECT_THAT(Refusal(spec), HasSubstr("spec.dataset_id: 'adult' is not a dataset id"));
}

TEST(RequestCheckTest, StringsOverTheirFieldsCapNameTheFieldAndTheCap) {
  auto run = GoodRun();
  run.mutable_spec()->set_display_name(std::string(257, 'n'));
  EXPECT_EQ(Refusal(run), "spec.display_name: 257 bytes is over this field's limit of 256 bytes; shorten it");
  run = GoodRun();
  run.mutable_spec()->mutable_cohorts(0)->set_filter(std::string(4097, 'f'));
  EXPECT_THAT(Refusal(run), HasSubstr("spec.cohorts[0].filter: 4097 bytes is over this field's limit of 4096 bytes"));
  run = GoodRun();
  (*run.mutable_spec()->mutable_analyses(0)->mutable_params()->mutable_fields())["x"].set_string_value(
      std::string(1025, 'v'));
  EXPECT_THAT(Refusal(run), HasSubstr("spec.analyses[0].params.fields['x'].string_value: 1025 bytes"));
  run = GoodRun();
  run.mutable_spec()->set_scorecard_config(std::string(scorecard::kMaxScorecardConfigBytes + 1, ' '));
  EXPECT_THAT(Refusal(run), HasSubstr("spec.scorecard_config: 65537 bytes is over this field's limit of 65536"));
  glassbox::v1::ListDatasetsRequest page;
  page.set_page_token(std::string(65, '1'));
  EXPECT_THAT(Refusal(page), HasSubstr("page_token: 65 bytes is over this field's limit of 64 bytes"));
  glassbox::v1::WhatIfRequest what_if;
  (*what_if.mutable_values())[std::string(2000, 'k')] = "1";
  EXPECT_THAT(Refusal(what_if), HasSubstr("values key: 2000 bytes is over this field's limit of 1024 bytes"));
  glassbox::v1::RegisterModelRequest model;
  model.mutable_datasheet()->set_notes(std::string(16 << 10, 'n'));
  EXPECT_TRUE(CheckRequest(model, {}).ok());
  model.mutable_datasheet()->set_notes(std::string((16 << 10) + 1, 'n'));
  EXPECT_THAT(Refusal(model), HasSubstr("datasheet.notes: 16385 bytes"));
  // Bytes are bounded by the message limit alone.
  glassbox::v1::UploadDatasetRequest chunk;
  chunk.set_chunk(std::string(4 << 20, 'c'));
  EXPECT_TRUE(CheckRequest(chunk, {}).ok());
}

TEST(RequestCheckTest, ARunsAnalysesCohortsAndSizeAreCapped) {
  RequestLimits limits{.max_analyses_per_run = 3, .max_cohorts_per_run = 2};
  auto run = GoodRun();
  for (int i = 0; i < 2; ++i) *run.mutable_spec()->add_analyses() = run.spec().analyses(0);
  EXPECT_TRUE(CheckRequest(run, limits).ok());
  *run.mutable_spec()->add_analyses() = run.spec().analyses(0);
  EXPECT_EQ(Refusal(run, limits),
            "spec.analyses: 4 analyses, more than the 3 a run may have (glassboxd --max_analyses_per_run)");
  run = GoodRun();
  for (int i = 0; i < 2; ++i) *run.mutable_spec()->add_cohorts() = run.spec().cohorts(0);
  EXPECT_EQ(Refusal(run, limits),
            "spec.cohorts: 3 cohorts, more than the 2 a run may have (glassboxd --max_cohorts_per_run)");
  run = GoodRun();
  auto& fields = *run.mutable_spec()->mutable_analyses(0)->mutable_params()->mutable_fields();
  for (int i = 0; i < 1100; ++i) fields["p" + std::to_string(i)].set_string_value(std::string(1000, 'v'));
  EXPECT_THAT(Refusal(run), HasSubstr("spec: 11"));
  EXPECT_THAT(Refusal(run), HasSubstr("bytes in all, over the limit of 1048576 bytes for a run's spec"));
}

}  // namespace
}  // namespace glassbox::server
