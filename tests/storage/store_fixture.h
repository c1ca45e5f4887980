// The stores of one real database in a fresh folder, for the tests of
// storage/: open in SetUp on the backend the test is instantiated for
// (backend_database.h), with a helper to store a dataset runs can refer to.
#ifndef GLASSBOX_TESTS_STORAGE_STORE_FIXTURE_H_
#define GLASSBOX_TESTS_STORAGE_STORE_FIXTURE_H_

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <string>

#include "storage/dataset_store.h"
#include "storage/model_store.h"
#include "storage/run_store.h"
#include "storage/scorecard_store.h"
#include "storage/sha256.h"
#include "tests/storage/backend_database.h"
#include "tests/support/daemon_process.h"

namespace glassbox::storage {

class StoreFixture : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    ASSERT_FALSE(backend_.location().empty());
    auto database = Database::Open(backend_.location());
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    auto datasets = DatasetStore::Open(*database_, folder_.path() + "/datasets");
    ASSERT_TRUE(datasets.ok()) << datasets.status();
    datasets_ = *std::move(datasets);
    auto models = ModelStore::Open(*database_, folder_.path() + "/models");
    ASSERT_TRUE(models.ok()) << models.status();
    models_ = *std::move(models);
    runs_ = std::make_unique<RunStore>(*database_);
    scorecards_ = std::make_unique<ScorecardStore>(*database_);
  }

  static AuditRecord Audit(const std::string& principal, const std::string& action, const std::string& resource) {
    return {principal, "analyst", action, resource, "OK", "", ""};
  }

  // Stores dataset `id` (its bytes: the id and a newline), uploaded by alice.
  void AddDataset(const std::string& id) {
    std::string staged = datasets_->NewStagingPath();
    std::ofstream(staged) << id << "\n";
    glassbox::v1::Dataset dataset;
    dataset.set_id(id);
    dataset.set_sha256(Sha256Hex(id + "\n"));
    ASSERT_TRUE(datasets_->Insert(dataset, staged, Audit("alice", "UploadDataset", "datasets/" + id)).ok());
  }

  testing::TemporaryFolder folder_;
  BackendDatabase backend_{GetParam(), folder_.path()};
  std::unique_ptr<Database> database_;
  std::unique_ptr<DatasetStore> datasets_;
  std::unique_ptr<ModelStore> models_;
  std::unique_ptr<RunStore> runs_;
  std::unique_ptr<ScorecardStore> scorecards_;
};

}  // namespace glassbox::storage

#endif  // GLASSBOX_TESTS_STORAGE_STORE_FIXTURE_H_
