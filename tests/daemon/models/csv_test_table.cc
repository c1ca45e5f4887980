#include "csv_test_table.h"

#include <algorithm>
#include <fstream>
#include <limits>
#include <sstream>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"

namespace glassbox::daemon {

std::string ReadFileBytes(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  EXPECT_TRUE(file.good()) << path;
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

sdk::Table ReadCsvTable(const std::string& path) {
  std::istringstream text(ReadFileBytes(path));
  std::string line;
  std::getline(text, line);
  const std::vector<std::string> names = absl::StrSplit(line, ',');
  std::vector<std::vector<std::string>> cells(names.size());
  while (std::getline(text, line)) {
    if (line.empty()) continue;
    const std::vector<std::string> row = absl::StrSplit(line, ',');
    EXPECT_EQ(row.size(), names.size()) << line;
    for (size_t j = 0; j < names.size(); ++j) cells[j].push_back(row[j]);
  }
  sdk::Table table;
  for (size_t j = 0; j < names.size(); ++j) {
    std::vector<double> values;
    for (const std::string& cell : cells[j]) {
      double value = std::numeric_limits<double>::quiet_NaN();
      if (!cell.empty() && !absl::SimpleAtod(cell, &value)) break;
      values.push_back(value);
    }
    if (values.size() == cells[j].size()) {
      EXPECT_TRUE(table.AddColumn(sdk::Column::Numeric(names[j], std::move(values))).ok());
      continue;
    }
    std::vector<std::string> categories = cells[j];
    std::sort(categories.begin(), categories.end());
    categories.erase(std::unique(categories.begin(), categories.end()), categories.end());
    categories.erase(std::remove(categories.begin(), categories.end(), ""), categories.end());
    std::vector<int32_t> codes;
    for (const std::string& cell : cells[j]) {
      codes.push_back(cell.empty() ? sdk::Column::kMissingCode
                                   : std::lower_bound(categories.begin(), categories.end(), cell) - categories.begin());
    }
    EXPECT_TRUE(table.AddColumn(sdk::Column::Categorical(names[j], std::move(categories), std::move(codes))).ok());
  }
  return table;
}

}  // namespace glassbox::daemon
