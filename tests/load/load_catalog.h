// What the load test's clients know exists on the daemon, shared by all of
// them: the CSV slices they upload and the dataset id each got (content
// addressing must give identical bytes one id), the runs they created, and
// the insights and scorecards of runs seen ended. Thread-safe.
#ifndef GLASSBOX_TESTS_LOAD_LOAD_CATALOG_H_
#define GLASSBOX_TESTS_LOAD_LOAD_CATALOG_H_

#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "glassbox/v1/run.pb.h"

namespace glassbox::testing {

class LoadCatalog {
 public:
  explicit LoadCatalog(std::vector<std::string> slices) : slices_(std::move(slices)) {}

  size_t slice_count() const { return slices_.size(); }
  const std::string& slice(size_t index) const { return slices_[index]; }
  // Records the id an upload of slice `index` got; false when an earlier
  // upload of the same bytes got another id.
  bool RecordUpload(size_t index, const std::string& dataset_id);

  void AddRun(const std::string& run_id);
  // Records a run seen in a terminal state: its insights and scorecard become readable.
  void RecordEnded(const glassbox::v1::Run& run);
  void AddScorecard(const std::string& scorecard_id);

  // A random element of each kind, or "" while there is none. Runs are
  // picked among the most recent ones, which may still be running.
  std::string PickDataset(std::mt19937_64& random) const;
  std::string PickRecentRun(std::mt19937_64& random) const;
  std::string PickEndedRun(std::mt19937_64& random) const;
  std::string PickInsight(std::mt19937_64& random) const;
  std::string PickScorecard(std::mt19937_64& random) const;

  std::vector<std::string> runs() const;
  // Uploads recorded, and distinct datasets they produced.
  int uploads() const;
  size_t datasets() const;

 private:
  const std::vector<std::string> slices_;
  mutable std::mutex mutex_;
  std::map<size_t, std::string> dataset_of_slice_;
  std::vector<std::string> datasets_;
  int uploads_ = 0;
  std::vector<std::string> runs_;
  std::set<std::string> ended_set_;
  std::vector<std::string> ended_runs_;
  std::vector<std::string> insights_;
  std::vector<std::string> scorecards_;
};

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_LOAD_LOAD_CATALOG_H_
