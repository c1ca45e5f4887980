#include "daemon/server/scorecard_issuer.h"

#include <atomic>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "daemon/scorecard/config_fit.h"
#include "daemon/scorecard/scorecard_config.h"
#include "daemon/scorecard/scorecard_renderer.h"
#include "google/protobuf/util/time_util.h"
#include "storage/clock.h"
#include "storage/sha256.h"

namespace glassbox::server {
namespace {

using google::protobuf::util::TimeUtil;

std::string NewScorecardId() {
  static std::atomic<uint64_t> counter{0};
  return absl::StrCat("sc_", TimeUtil::TimestampToMicroseconds(storage::Now()), "_", counter++);
}

}  // namespace

absl::StatusOr<glassbox::v1::Scorecard> ScorecardIssuer::Issue(const glassbox::v1::Run& run,
                                                               const std::string& config_json,
                                                               const storage::AuditRecord& audit,
                                                               ConfigCheck check) {
  auto config = scorecard::ParseScorecardConfig(config_json);
  if (!config.ok()) return absl::Status(config.status().code(), absl::StrCat("config_json: ", config.status().message()));
  scorecard::ScorecardInput input;
  input.run = run;
  input.config = *std::move(config);
  input.min_cohort_rows = min_cohort_rows_;
  auto dataset = datasets_.Get(run.spec().dataset_id());
  if (!dataset.ok()) return dataset.status();
  input.dataset = *std::move(dataset);
  auto insights = runs_.ListInsights(run.id());
  if (!insights.ok()) return insights.status();
  input.insights = *std::move(insights);
  if (check == ConfigCheck::kAgainstInsights) {
    if (auto fits = scorecard::CheckConfigFits(input.config, scorecard::ReportOfInsights(run, input.insights));
        !fits.ok()) {
      return absl::Status(fits.code(), absl::StrCat("config_json: ", fits.message()));
    }
  }
  glassbox::v1::Scorecard card;
  if (run.spec().has_model()) {
    auto model = models_.Get(run.project(), run.spec().model().name(), run.spec().model().version());
    if (!model.ok()) return model.status();
    const auto& sheet = model->datasheet();
    input.model = {model->name(),         model->version(),         sheet.intended_use(), sheet.architecture(),
                   sheet.training_data(), sheet.evaluation_data(), sheet.owner(),        sheet.notes()};
    card.set_model_name(model->name());
    card.set_model_version(model->version());
  }
  auto now = storage::Now();
  input.issue_time = absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(now));
  auto rendered = scorecard::RenderScorecard(input);
  if (!rendered.ok()) return rendered.status();

  card.set_id(NewScorecardId());
  card.set_run_id(run.id());
  card.set_project(run.project());
  card.set_config_json(config_json);
  card.set_sha256(storage::Sha256Hex(rendered->pdf));
  card.set_size_bytes(static_cast<int64_t>(rendered->pdf.size()));
  *card.mutable_create_time() = now;
  card.set_creator(audit.principal);
  card.set_verdict(rendered->targets.verdict);
  card.set_target_count(rendered->targets.total);
  card.set_targets_met(rendered->targets.met);
  card.set_page_count(rendered->page_count);
  storage::AuditRecord record = audit;
  record.resource = absl::StrCat("scorecards/", card.id());
  record.project = run.project();
  if (auto status = scorecards_.Insert(card, rendered->pdf, record); !status.ok()) return status;
  return card;
}

}  // namespace glassbox::server
