#include "tests/load/load_catalog.h"

#include <algorithm>

namespace glassbox::testing {
namespace {

// How many of the latest runs PickRecentRun chooses from.
constexpr size_t kRecentRuns = 20;

std::string Pick(const std::vector<std::string>& items, size_t from, std::mt19937_64& random) {
  if (from >= items.size()) return "";
  return items[std::uniform_int_distribution<size_t>(from, items.size() - 1)(random)];
}

}  // namespace

bool LoadCatalog::RecordUpload(size_t index, const std::string& dataset_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++uploads_;
  auto [entry, added] = dataset_of_slice_.emplace(index, dataset_id);
  if (added) datasets_.push_back(dataset_id);
  return entry->second == dataset_id;
}

void LoadCatalog::AddRun(const std::string& run_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  runs_.push_back(run_id);
}

void LoadCatalog::RecordEnded(const glassbox::v1::Run& run) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!ended_set_.insert(run.id()).second) return;
  ended_runs_.push_back(run.id());
  for (const auto& analysis : run.analyses()) {
    if (!analysis.insight_id().empty()) insights_.push_back(analysis.insight_id());
  }
  if (!run.scorecard_id().empty()) scorecards_.push_back(run.scorecard_id());
}

void LoadCatalog::AddScorecard(const std::string& scorecard_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  scorecards_.push_back(scorecard_id);
}

std::string LoadCatalog::PickDataset(std::mt19937_64& random) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return Pick(datasets_, 0, random);
}

std::string LoadCatalog::PickRecentRun(std::mt19937_64& random) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return Pick(runs_, runs_.size() > kRecentRuns ? runs_.size() - kRecentRuns : 0, random);
}

std::string LoadCatalog::PickEndedRun(std::mt19937_64& random) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return Pick(ended_runs_, 0, random);
}

std::string LoadCatalog::PickInsight(std::mt19937_64& random) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return Pick(insights_, 0, random);
}

std::string LoadCatalog::PickScorecard(std::mt19937_64& random) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return Pick(scorecards_, 0, random);
}

std::vector<std::string> LoadCatalog::runs() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return runs_;
}

int LoadCatalog::uploads() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return uploads_;
}

size_t LoadCatalog::datasets() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return datasets_.size();
}

}  // namespace glassbox::testing
