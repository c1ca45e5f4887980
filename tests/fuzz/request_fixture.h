// What the request fuzz targets run against, made once per process: the
// fixture dataset, read by the CSV reader and recorded in a real DatasetStore,
// and registered XGBoost models in the real ModelRegistry, on an in-memory
// SQLite database whose files live in a temporary folder removed at exit.
//
// The dataset has 40 rows: numeric features (age with a missing cell), categorical
// ones (race with a missing cell), a binary target `income` with `income_pred` and
// the positive class's probability `income_prob`, a 0/1 target `label01` with
// `pred01`, a three-class target `species` with `species_pred` and one probability
// column per class (`p_setosa`, `p_versicolor`, `p_virginica`), a regression
// target `score` with `score_pred`, the Iris features and the diabetes data's ten
// (age, sex, bmi, bp, s1 .. s6; `gender` is the categorical one). Models: "iris"
// version 1 (Iris softmax, JSON) and 2 (softprob, UBJSON), multiclass on the Iris
// features with the species as classes; "diabetes" version 1, regression.
#ifndef GLASSBOX_TESTS_FUZZ_REQUEST_FIXTURE_H_
#define GLASSBOX_TESTS_FUZZ_REQUEST_FIXTURE_H_

#include <memory>
#include <string>
#include <vector>

#include "daemon/server/model_registry.h"
#include "glassbox/sdk/table.h"
#include "storage/database.h"
#include "storage/dataset_store.h"
#include "storage/model_store.h"

namespace glassbox::fuzz {

struct RequestFixture {
  // The temporary folder, for files of the target's own.
  std::string folder;
  std::string dataset_id;
  std::shared_ptr<const sdk::Table> table;
  std::unique_ptr<storage::Database> database;
  std::unique_ptr<storage::DatasetStore> datasets;
  std::unique_ptr<storage::ModelStore> model_store;
  std::unique_ptr<server::ModelRegistry> models;
};

RequestFixture& Fixture();

// The fixture dataset alone, without the stores.
const std::shared_ptr<const sdk::Table>& FixtureTable();

// Dictionary words that name things in the fixture: column names, category
// values, the dataset id, model names and versions.
std::vector<std::string> FixtureWords();

// The bytes of a file in tests/daemon/models/testdata.
std::string ModelFile(const std::string& name);

// The audit record a caller would send `action` on `resource` with.
storage::AuditRecord FuzzerAudit(const std::string& action, const std::string& resource);

}  // namespace glassbox::fuzz

#endif  // GLASSBOX_TESTS_FUZZ_REQUEST_FIXTURE_H_
