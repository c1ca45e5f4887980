// Issued scorecards: the resource and the PDF bytes, kept in the database so the
// archive is as durable as the runs it describes and a download returns the
// bytes exactly as first issued.
#ifndef GLASSBOX_STORAGE_SCORECARD_STORE_H_
#define GLASSBOX_STORAGE_SCORECARD_STORE_H_

#include <string>

#include "absl/status/statusor.h"
#include "glassbox/v1/scorecard.pb.h"
#include "storage/audit_log.h"
#include "storage/database.h"
#include "storage/list_query.h"
#include "storage/page.h"

namespace glassbox::storage {

// Empty fields do not filter; the others must all hold.
struct ScorecardFilter {
  std::string run_id{};
  std::string model_name{};
  // One version of model_name; empty: all its versions.
  std::string model_version{};
  std::string creator{};
  TimeRange created{};
  glassbox::v1::VerdictFilter verdict = glassbox::v1::VERDICT_FILTER_UNSPECIFIED;
  ProjectSet projects = ProjectSet::All();
};

// The stored verdict that `filter` (not VERDICT_FILTER_UNSPECIFIED) selects.
glassbox::v1::Verdict SelectedVerdict(glassbox::v1::VerdictFilter filter);

class ScorecardStore {
 public:
  explicit ScorecardStore(Database& database) : database_(database) {}

  // `audit` commits with the scorecard.
  absl::Status Insert(const glassbox::v1::Scorecard& scorecard, const std::string& pdf, const AuditRecord& audit);
  // NotFound(id) when absent.
  absl::StatusOr<glassbox::v1::Scorecard> Get(const std::string& id);
  // The PDF as issued; DATA_LOSS when the stored bytes no longer hash to
  // the scorecard's sha256.
  absl::StatusOr<std::string> ReadPdf(const std::string& id);
  absl::StatusOr<Page<glassbox::v1::Scorecard>> List(const ScorecardFilter& filter, const PageRequest& request);

  // The NOT_FOUND of an id no scorecard has.
  static absl::Status NotFound(const std::string& id);

 private:
  Database& database_;
};

}  // namespace glassbox::storage

#endif  // GLASSBOX_STORAGE_SCORECARD_STORE_H_
