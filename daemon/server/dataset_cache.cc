#include "daemon/server/dataset_cache.h"

#include "absl/strings/str_cat.h"
#include "daemon/data/csv_reader.h"

namespace glassbox::server {

size_t TableBytes(const sdk::Table& table) {
  size_t bytes = 0;
  for (size_t i = 0; i < table.num_columns(); ++i) {
    bytes += table.column(i).size() * (table.column(i).is_numeric() ? sizeof(double) : sizeof(int32_t));
  }
  return bytes;
}

absl::StatusOr<std::shared_ptr<const sdk::Table>> DatasetCache::Load(const glassbox::v1::Dataset& dataset) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(dataset.id()); it != entries_.end()) {
      recency_.splice(recency_.begin(), recency_, it->second.position);
      return it->second.table;
    }
  }
  auto path = store_.LocalPath(dataset);
  if (!path.ok()) {
    return absl::DataLossError(
        absl::StrCat("the bytes of dataset '", dataset.id(), "' cannot be read intact: ", path.status().message()));
  }
  data::CsvOptions options;
  for (const auto& column : dataset.columns()) options.column_types[column.name()] = column.type();
  auto table = data::ParseCsvFile(*path, options);
  if (!table.ok()) {
    return absl::DataLossError(
        absl::StrCat("stored dataset '", dataset.id(), "' no longer parses: ", table.status().message()));
  }
  auto shared = std::make_shared<const sdk::Table>(*std::move(table));
  Put(dataset.id(), shared);
  return shared;
}

void DatasetCache::Put(const std::string& id, std::shared_ptr<const sdk::Table> table) {
  std::lock_guard lock(mutex_);
  if (entries_.contains(id)) return;
  size_t bytes = TableBytes(*table);
  recency_.push_front(id);
  entries_[id] = Entry{std::move(table), bytes, recency_.begin()};
  used_bytes_ += bytes;
  while (used_bytes_ > budget_bytes_ && recency_.size() > 1) {
    auto& victim = entries_[recency_.back()];
    used_bytes_ -= victim.bytes;
    entries_.erase(recency_.back());
    recency_.pop_back();
  }
}

}  // namespace glassbox::server
