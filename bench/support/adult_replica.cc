#include "bench/support/adult_replica.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "daemon/data/csv_reader.h"

namespace glassbox::bench {
namespace {

constexpr uint64_t kSeed = 20240611;
constexpr double kJitter = 0.05;

}  // namespace

void WriteAdultReplica(int copies, std::ostream& out) {
  std::ifstream file(std::string(GLASSBOX_DATASETS_DIR) + "/adult.csv", std::ios::binary);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  absl::StatusOr<sdk::Table> table = data::ParseCsv(bytes.str());
  if (!table.ok()) {
    std::fprintf(stderr, "cannot read adult.csv: %s\n", std::string(table.status().message()).c_str());
    std::abort();
  }
  std::vector<bool> numeric;
  for (size_t j = 0; j < table->num_columns(); ++j) numeric.push_back(table->column(j).is_numeric());

  // adult.csv has no quoted fields, so its lines split on commas.
  std::vector<std::string> lines = absl::StrSplit(bytes.str(), '\n', absl::SkipEmpty());
  out << lines[0] << '\n';
  std::mt19937_64 random(kSeed);
  std::uniform_real_distribution<double> factor(1 - kJitter, 1 + kJitter);
  for (int copy = 0; copy < copies; ++copy) {
    for (size_t r = 1; r < lines.size(); ++r) {
      if (copy == 0) {
        out << lines[r] << '\n';
        continue;
      }
      std::vector<std::string> fields = absl::StrSplit(lines[r], ',');
      for (size_t j = 0; j < fields.size(); ++j) {
        if (j > 0) out << ',';
        if (numeric[j]) {
          out << std::llround(std::strtod(fields[j].c_str(), nullptr) * factor(random));
        } else {
          out << fields[j];
        }
      }
      out << '\n';
    }
  }
}

}  // namespace glassbox::bench
