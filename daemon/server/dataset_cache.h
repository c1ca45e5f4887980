// Parsed tables of stored datasets, kept in memory for reuse across runs.
// Least recently used tables are dropped beyond the byte budget.
#ifndef GLASSBOX_DAEMON_SERVER_DATASET_CACHE_H_
#define GLASSBOX_DAEMON_SERVER_DATASET_CACHE_H_

#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "glassbox/sdk/table.h"
#include "storage/dataset_store.h"

namespace glassbox::server {

// An estimate of a table's memory: 8 bytes a numeric cell, 4 a categorical one.
size_t TableBytes(const sdk::Table& table);

class DatasetCache {
 public:
  DatasetCache(storage::DatasetStore& store, size_t budget_bytes) : store_(store), budget_bytes_(budget_bytes) {}

  // The table of a stored dataset, parsed with the column types recorded at upload.
  absl::StatusOr<std::shared_ptr<const sdk::Table>> Load(const glassbox::v1::Dataset& dataset);
  // Offers a freshly parsed table (e.g. right after its upload).
  void Put(const std::string& id, std::shared_ptr<const sdk::Table> table);

 private:
  struct Entry {
    std::shared_ptr<const sdk::Table> table;
    size_t bytes;
    std::list<std::string>::iterator position;
  };

  storage::DatasetStore& store_;
  const size_t budget_bytes_;
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
  std::list<std::string> recency_;  // most recent first
  size_t used_bytes_ = 0;
};

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_DATASET_CACHE_H_
