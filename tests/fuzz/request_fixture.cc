#include "tests/fuzz/request_fixture.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "daemon/data/csv_reader.h"
#include "daemon/data/schema.h"
#include "storage/clock.h"
#include "storage/sha256.h"
#include "tests/fuzz/fuzz_check.h"

namespace glassbox::fuzz {
namespace {

constexpr int kRows = 40;
constexpr char kDatasetId[] = "ds_fixture";
const char* const kSpecies[] = {"setosa", "versicolor", "virginica"};
const char* const kRaces[] = {"Asian-Pac-Islander", "Black", "White"};
const std::vector<std::string> kIrisFeatures = {"sepal_length", "sepal_width", "petal_length", "petal_width"};

std::string FixtureCsv() {
  std::string csv =
      "age,hours_per_week,gender,race,income,income_pred,income_prob,label01,pred01,species,species_pred,"
      "p_setosa,p_versicolor,p_virginica,score,score_pred,sepal_length,sepal_width,petal_length,petal_width,"
      "sex,bmi,bp,s1,s2,s3,s4,s5,s6\n";
  for (int r = 0; r < kRows; ++r) {
    const double income_prob = (r * 37 % 100) / 100.0;
    const int species = r % 3;
    const int predicted = (r + (r % 5 == 0 ? 1 : 0)) % 3;
    std::vector<std::string> cells = {
        r == 7 ? "NA" : absl::StrCat(18 + r * 7 % 50),
        absl::StrCat(20 + r * 3 % 40),
        r % 2 ? "Male" : "Female",
        r == 11 ? "" : kRaces[r % 3],
        r % 4 == 0 || r % 5 == 0 ? ">50K" : "<=50K",
        income_prob >= 0.5 ? ">50K" : "<=50K",
        absl::StrCat(income_prob),
        absl::StrCat(r % 3 == 0 ? 1 : 0),
        absl::StrCat(r % 4 == 0 ? 1 : 0),
        kSpecies[species],
        kSpecies[predicted],
    };
    for (int c = 0; c < 3; ++c) cells.push_back(c == predicted ? "0.8" : "0.1");
    cells.push_back(absl::StrCat(1.5 * r - 3));
    cells.push_back(absl::StrCat(1.5 * r - 3 + (r % 3 - 1) * 0.5));
    cells.push_back(absl::StrCat(4.5 + (r % 10) * 0.3));
    cells.push_back(absl::StrCat(2.2 + (r % 7) * 0.3));
    cells.push_back(absl::StrCat(1.0 + species * 2 + (r % 4) * 0.2));
    cells.push_back(absl::StrCat(0.1 + species * 0.8 + (r % 3) * 0.1));
    cells.push_back(r % 2 ? "0.05" : "-0.04");  // the diabetes data's sex, scaled
    for (int s = 0; s < 8; ++s) cells.push_back(absl::StrCat(((r + s) * 13 % 17 - 8) * 0.01));
    absl::StrAppend(&csv, absl::StrJoin(cells, ","), "\n");
  }
  return csv;
}

std::string TemporaryFolder() {
  std::string pattern = (std::filesystem::temp_directory_path() / "glassbox-fuzz-XXXXXX").string();
  FUZZ_CHECK(mkdtemp(pattern.data()) != nullptr, pattern);
  static std::string folder = pattern;
  std::atexit([] { std::filesystem::remove_all(folder); });
  return folder;
}

void StoreDataset(RequestFixture& fixture, const std::string& csv) {
  glassbox::v1::Dataset dataset;
  dataset.set_id(kDatasetId);
  dataset.set_display_name("fuzz fixture");
  dataset.set_sha256(storage::Sha256Hex(csv));
  dataset.set_size_bytes(static_cast<int64_t>(csv.size()));
  dataset.set_row_count(static_cast<int64_t>(fixture.table->num_rows()));
  for (size_t i = 0; i < fixture.table->num_columns(); ++i) {
    *dataset.add_columns() = data::DescribeColumn(fixture.table->column(i));
  }
  *dataset.mutable_create_time() = storage::Now();
  dataset.set_creator("fuzzer");
  const std::string staged = fixture.datasets->NewStagingPath();
  std::ofstream(staged, std::ios::binary) << csv;
  auto stored =
      fixture.datasets->Insert(dataset, staged, FuzzerAudit("UploadDataset", absl::StrCat("datasets/", kDatasetId)));
  FUZZ_CHECK(stored.ok(), stored.status().ToString());
  fixture.dataset_id = stored->id();
}

void RegisterModel(RequestFixture& fixture, const std::string& name, const std::string& file,
                   const std::vector<std::string>& features, const std::vector<std::string>& classes) {
  glassbox::v1::RegisterModelRequest request;
  request.set_name(name);
  request.set_format(glassbox::v1::XGBOOST);
  request.set_model_bytes(ModelFile(file));
  for (const auto& feature : features) request.add_feature_names(feature);
  for (const auto& label : classes) request.add_class_labels(label);
  auto version = fixture.models->Register(request, "fuzzer", FuzzerAudit("RegisterModel", "models/" + name));
  FUZZ_CHECK(version.ok(), version.status().ToString());
}

}  // namespace

std::string ModelFile(const std::string& name) {
  const std::string path = absl::StrCat(GLASSBOX_SOURCE_DIR, "/tests/daemon/models/testdata/", name);
  std::ifstream file(path, std::ios::binary);
  FUZZ_CHECK(file.good(), path);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

storage::AuditRecord FuzzerAudit(const std::string& action, const std::string& resource) {
  storage::AuditRecord record;
  record.principal = "fuzzer";
  record.role = "admin";
  record.action = action;
  record.resource = resource;
  return record;
}

const std::shared_ptr<const sdk::Table>& FixtureTable() {
  static const auto* table = [] {
    auto parsed = data::ParseCsv(FixtureCsv());
    FUZZ_CHECK(parsed.ok(), parsed.status().ToString());
    return new std::shared_ptr<const sdk::Table>(std::make_shared<const sdk::Table>(*std::move(parsed)));
  }();
  return *table;
}

RequestFixture& Fixture() {
  static RequestFixture* fixture = [] {
    auto* made = new RequestFixture;
    made->table = FixtureTable();
    made->folder = TemporaryFolder();
    const std::string& folder = made->folder;
    auto database = storage::Database::Open(":memory:");
    FUZZ_CHECK(database.ok(), database.status().ToString());
    made->database = *std::move(database);
    auto datasets = storage::DatasetStore::Open(*made->database, folder + "/datasets");
    FUZZ_CHECK(datasets.ok(), datasets.status().ToString());
    made->datasets = *std::move(datasets);
    auto model_store = storage::ModelStore::Open(*made->database, folder + "/models");
    FUZZ_CHECK(model_store.ok(), model_store.status().ToString());
    made->model_store = *std::move(model_store);
    made->models = std::make_unique<server::ModelRegistry>(*made->model_store, *made->datasets);
    StoreDataset(*made, FixtureCsv());
    const std::vector<std::string> species(std::begin(kSpecies), std::end(kSpecies));
    RegisterModel(*made, "iris", "iris_softmax.json", kIrisFeatures, species);
    RegisterModel(*made, "iris", "iris_softprob.ubj", kIrisFeatures, species);
    RegisterModel(*made, "diabetes", "diabetes_reg.json", {}, {});
    return made;
  }();
  return *fixture;
}

std::vector<std::string> FixtureWords() {
  const sdk::Table& table = *FixtureTable();
  std::vector<std::string> words = {kDatasetId, "iris", "diabetes", "1", "2", "3"};
  for (size_t i = 0; i < table.num_columns(); ++i) {
    const sdk::Column& column = table.column(i);
    words.push_back(column.name());
    if (column.is_categorical()) words.insert(words.end(), column.categories().begin(), column.categories().end());
  }
  return words;
}

}  // namespace glassbox::fuzz
