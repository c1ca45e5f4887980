#include "tests/support/oip_server_process.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "tests/support/analysis_fixture.h"

namespace glassbox::testing {
namespace {

constexpr char kPython[] = "/usr/bin/python3";
constexpr absl::Duration kStartTimeout = absl::Seconds(60);

std::vector<std::string> Strings(const google::protobuf::Value& list) {
  std::vector<std::string> strings;
  for (const google::protobuf::Value& value : list.list_value().values()) strings.push_back(value.string_value());
  return strings;
}

absl::StatusOr<OipModelCard> ParseCard(const std::string& json) {
  google::protobuf::Struct root;
  if (!google::protobuf::util::JsonStringToMessage(json, &root).ok()) {
    return absl::InternalError(absl::StrCat("card.json is not JSON: ", json));
  }
  const auto& fields = root.fields();
  OipModelCard card;
  card.model_name = fields.at("model_name").string_value();
  if (!glassbox::v1::TaskType_Parse(fields.at("task").string_value(), &card.task)) {
    return absl::InternalError(absl::StrCat("card.json names an unknown task: ", json));
  }
  card.features = Strings(fields.at("features"));
  for (const auto& [name, categories] : fields.at("categories").struct_value().fields()) {
    card.categories[name] = Strings(categories);
  }
  card.classes = Strings(fields.at("classes"));
  card.input_name = fields.at("input_name").string_value();
  return card;
}

// A matrix written one row per line, values separated by spaces.
absl::StatusOr<Eigen::MatrixXd> ParseMatrix(const std::string& text) {
  std::vector<std::vector<double>> rows;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    std::vector<double>& row = rows.emplace_back();
    for (absl::string_view cell : absl::StrSplit(line, ' ', absl::SkipEmpty())) {
      if (!absl::SimpleAtod(cell, &row.emplace_back())) {
        return absl::InternalError(absl::StrCat("expected.txt has a cell that is not a number: ", cell));
      }
    }
    if (row.size() != rows.front().size()) return absl::InternalError("expected.txt has rows of unequal lengths");
  }
  Eigen::MatrixXd matrix(rows.size(), rows.empty() ? 0 : rows.front().size());
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) matrix(r, c) = rows[r][c];
  }
  return matrix;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

absl::StatusOr<std::unique_ptr<OipServerProcess>> OipServerProcess::Start(const std::vector<std::string>& flags) {
  std::unique_ptr<OipServerProcess> server(new OipServerProcess());
  const std::string& dir = server->folder_.path();
  std::vector<std::string> argv = {kPython,
                                   std::string(GLASSBOX_SOURCE_DIR) + "/tests/support/oip_server.py",
                                   "--proto-dir=" + std::string(GLASSBOX_SOURCE_DIR) + "/proto",
                                   "--train-csv=" + DatasetPath("adult.csv"),
                                   "--score-csv=" + DatasetPath("adult_test_scored.csv"),
                                   "--out-dir=" + dir};
  argv.insert(argv.end(), flags.begin(), flags.end());
  absl::StatusOr<std::unique_ptr<ChildProcess>> process = ChildProcess::Start(argv, dir + "/server.log");
  if (!process.ok()) return process.status();
  server->process_ = *std::move(process);

  absl::StatusOr<std::string> port = server->process_->WaitForFile(dir + "/port", kStartTimeout);
  if (!port.ok()) return port.status();
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(*port), &server->port_)) {
    return absl::InternalError(absl::StrCat("the port file holds '", *port, "'"));
  }
  absl::StatusOr<OipModelCard> card = ParseCard(ReadFile(dir + "/card.json"));
  if (!card.ok()) return card.status();
  server->card_ = *std::move(card);
  absl::StatusOr<Eigen::MatrixXd> expected = ParseMatrix(ReadFile(dir + "/expected.txt"));
  if (!expected.ok()) return expected.status();
  server->expected_ = *std::move(expected);
  return server;
}

}  // namespace glassbox::testing
