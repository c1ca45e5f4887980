// How glassbox's costs grow with the data: every built-in analysis (with the
// benchmarks' parameters, bench/support/bench_analyses.h), the XGBoost scoring
// and CSV parsing they rest on, and the scorecard render, on Adult replicated
// 1, 10 and 100 times (bench/support/adult_replica.h), each case in a fresh
// child process, printing wall time, rows per second and peak resident
// memory; then the whole run through a real glassboxd (whole_run.h) at 1x and
// 10x. Prints Markdown tables (docs/performance.md holds a copy).
//
//   build/bin/scaling_bench [--scales=1,10,100] [--cases=parse,fairness,...] [--whole_run_scales=1,10]
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "bench/scaling/bench_case.h"
#include "bench/scaling/case_process.h"
#include "bench/scaling/whole_run.h"
#include "bench/support/adult_replica.h"
#include "tests/support/daemon_process.h"

ABSL_FLAG(std::vector<std::string>, scales, std::vector<std::string>({"1", "10", "100"}),
          "Copies of Adult's rows to measure");
ABSL_FLAG(std::vector<std::string>, cases, {}, "Cases to measure (default: all; see --list)");
ABSL_FLAG(std::vector<std::string>, whole_run_scales, std::vector<std::string>({"1", "10"}),
          "Scales of the whole run through glassboxd");
ABSL_FLAG(bool, list, false, "List the cases and exit");
// Set by the benchmark for the child process that measures one case.
ABSL_FLAG(std::string, run_case, "", "Measure this one case in this process (internal)");
ABSL_FLAG(std::string, csv, "", "The dataset of --run_case (internal)");
ABSL_FLAG(std::string, insight_dir, "", "Where --run_case leaves insights (internal)");
ABSL_FLAG(std::string, result, "", "Where --run_case writes its figures (internal)");

namespace glassbox::bench {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;

std::string LoadAverage() {
  std::ifstream file("/proc/loadavg");
  std::string one, five, fifteen;
  file >> one >> five >> fifteen;
  return absl::StrCat(one, " ", five, " ", fifteen, " on ", sysconf(_SC_NPROCESSORS_ONLN), " cores");
}

std::vector<int> Scales(const std::vector<std::string>& texts) {
  std::vector<int> scales;
  for (const std::string& text : texts) {
    int scale = 0;
    if (!absl::SimpleAtoi(text, &scale) || scale < 1) {
      std::fprintf(stderr, "scales are whole numbers >= 1; got '%s'\n", text.c_str());
      std::exit(2);
    }
    scales.push_back(scale);
  }
  return scales;
}

int RunOneCase() {
  CaseRequest request{absl::GetFlag(FLAGS_run_case), absl::GetFlag(FLAGS_csv), absl::GetFlag(FLAGS_insight_dir)};
  absl::StatusOr<CaseResult> result = RunCase(request);
  if (!result.ok()) {
    std::fprintf(stderr, "case %s: %s\n", request.name.c_str(), std::string(result.status().message()).c_str());
    return 1;
  }
  std::ofstream(absl::GetFlag(FLAGS_result)) << result->Serialize();
  return 0;
}

struct Measured {
  // By case, then scale; absent when the case failed.
  std::map<std::string, std::map<int, CaseOutcome>> cases;
  std::map<int, WholeRunResult> whole_runs;
  std::vector<std::string> errors;
};

void MeasureCases(const std::vector<int>& scales, const std::vector<std::string>& cases, Measured& measured) {
  for (int scale : scales) {
    testing::TemporaryFolder folder;
    const std::string csv = absl::StrCat(folder.path(), "/adult_x", scale, ".csv");
    {
      std::ofstream file(csv, std::ios::binary);
      WriteAdultReplica(scale, file);
    }
    std::cerr << "Adult x" << scale << " (" << kAdultRows * static_cast<int64_t>(scale) << " rows)\n";
    for (const std::string& name : cases) {
      absl::StatusOr<CaseOutcome> outcome = RunCaseInChild({name, csv, folder.path()});
      if (!outcome.ok()) {
        measured.errors.push_back(absl::StrCat("x", scale, " ", outcome.status().message()));
        std::cerr << "  " << name << ": " << outcome.status().message() << "\n";
        continue;
      }
      std::cerr << absl::StrFormat("  %-26s %9.3f s  peak %7.1f MiB\n", name, outcome->result.seconds,
                                   outcome->result.peak_kib / 1024.0);
      measured.cases[name][scale] = *outcome;
    }
  }
}

void MeasureWholeRuns(const std::vector<int>& scales, Measured& measured) {
  for (int scale : scales) {
    std::ostringstream csv;
    WriteAdultReplica(scale, csv);
    std::cerr << "whole run, Adult x" << scale << "\n";
    absl::StatusOr<WholeRunResult> result = MeasureWholeRun(csv.str());
    if (!result.ok()) {
      measured.errors.push_back(absl::StrCat("whole run x", scale, ": ", result.status().message()));
      continue;
    }
    measured.whole_runs[scale] = *result;
  }
}

// A Markdown table with a row per measured case and, for each column, a cell
// per scale ("-" where the case did not run at that scale).
struct Column {
  std::string title;
  std::function<std::string(const CaseOutcome*)> cell;
};

void PrintCaseTable(const std::vector<int>& scales, const std::vector<std::string>& cases, const Measured& measured,
                    const std::vector<Column>& columns) {
  std::string header = "| case |";
  std::string rule = "|---|";
  for (const Column& column : columns) {
    for (int scale : scales) {
      absl::StrAppend(&header, " ", scale, "x ", column.title, " |");
      absl::StrAppend(&rule, "---:|");
    }
  }
  std::cout << header << "\n" << rule << "\n";
  for (const std::string& name : cases) {
    auto found = measured.cases.find(name);
    if (found == measured.cases.end()) continue;
    auto at = [&](int scale) -> const CaseOutcome* {
      auto it = found->second.find(scale);
      return it == found->second.end() ? nullptr : &it->second;
    };
    std::string line = absl::StrCat("| ", name, " |");
    for (const Column& column : columns) {
      for (int scale : scales) absl::StrAppend(&line, " ", at(scale) == nullptr ? "-" : column.cell(at(scale)), " |");
    }
    std::cout << line << "\n";
  }
}

double Ratio(double numerator, double denominator) { return denominator > 0 ? numerator / denominator : 0; }

// Wall time at each scale over the previous one's.
void PrintGrowth(const std::vector<int>& scales, const std::vector<std::string>& cases, const Measured& measured) {
  std::string header = "\n| case |";
  std::string rule = "|---|";
  for (size_t i = 1; i < scales.size(); ++i) {
    absl::StrAppend(&header, " wall ", scales[i], "x / ", scales[i - 1], "x |");
    absl::StrAppend(&rule, "---:|");
  }
  std::cout << header << "\n" << rule << "\n";
  for (const std::string& name : cases) {
    auto found = measured.cases.find(name);
    if (found == measured.cases.end()) continue;
    std::string line = absl::StrCat("| ", name, " |");
    for (size_t i = 1; i < scales.size(); ++i) {
      auto before = found->second.find(scales[i - 1]);
      auto after = found->second.find(scales[i]);
      const bool both = before != found->second.end() && after != found->second.end();
      absl::StrAppend(&line, " ",
                      both ? absl::StrFormat("%.1f", Ratio(after->second.result.seconds, before->second.result.seconds))
                           : "-",
                      " |");
    }
    std::cout << line << "\n";
  }
}

void PrintTimes(const std::vector<int>& scales, const std::vector<std::string>& cases, const Measured& measured) {
  std::cout << "\n### Time\n\nWall and CPU seconds of each case alone (its data already read and scored); rows/s "
               "is rows over wall time, and for the analyses that explain a fixed number of rows whatever the "
               "data's size (marked *), those rows. Then the growth: wall time at each scale over the "
               "previous one's; a linear cost grows as the rows, 10 times.\n\n";
  const std::vector<Column> columns = {
      {"wall s", [](const CaseOutcome* o) { return absl::StrFormat("%.3f", o->result.seconds); }},
      {"CPU s", [](const CaseOutcome* o) { return absl::StrFormat("%.2f", o->result.cpu_seconds); }},
      {"rows/s",
       [](const CaseOutcome* o) {
         if (o->result.rows == 0) return std::string("-");
         return absl::StrFormat("%.3g%s", Ratio(static_cast<double>(o->result.rows), o->result.seconds),
                                o->result.rows < kAdultRows ? "*" : "");
       }},
  };
  PrintCaseTable(scales, cases, measured, columns);
  PrintGrowth(scales, cases, measured);
}

void PrintMemory(const std::vector<int>& scales, const std::vector<std::string>& cases, const Measured& measured) {
  std::cout << "\n### Memory\n\nPeak: the process's resident memory at its highest during the case (code, "
               "libraries, the model, the parsed table and the case's working memory). Over data: (that peak - the "
               "process's memory before it read any data) / the table's in-memory size (the daemon's TableBytes "
               "estimate: 8 bytes a numeric cell, 4 a categorical one).\n\n";
  const std::vector<Column> columns = {
      {"peak MiB", [](const CaseOutcome* o) { return absl::StrFormat("%.0f", o->result.peak_kib / 1024.0); }},
      {"over data",
       [](const CaseOutcome* o) {
         const CaseResult& r = o->result;
         if (r.table_bytes == 0) return std::string("-");
         return absl::StrFormat("%.2fx",
                                Ratio((r.peak_kib - r.fixed_kib) * 1024.0, static_cast<double>(r.table_bytes)));
       }},
  };
  PrintCaseTable(scales, cases, measured, columns);
  std::cout << "\n| scale | rows | table MiB |\n|---|---:|---:|\n";
  auto parse = measured.cases.find(kParseCase);
  for (int scale : scales) {
    std::string table = "-";
    if (parse != measured.cases.end() && parse->second.count(scale)) {
      table = absl::StrFormat("%.1f", parse->second.at(scale).result.table_bytes / kMiB);
    }
    std::cout << absl::StrFormat("| %dx | %d | %s |\n", scale, kAdultRows * static_cast<int64_t>(scale), table);
  }
}

void PrintWholeRuns(const Measured& measured) {
  if (measured.whole_runs.empty()) return;
  std::cout << "\n### Whole run through glassboxd\n\nUpload, then CreateRun of every built-in analysis scored by the "
               "registered XGBoost model with the PDF scorecard issued at its end, followed with WatchRun, then "
               "the scorecard downloaded. glassboxd's peak resident memory during the upload, and during the rest; "
               "over data: (that peak - its memory before the upload) / the table's in-memory size.\n\n";
  std::string header = "| step |";
  std::string rule = "|---|";
  for (const auto& [scale, run] : measured.whole_runs) {
    absl::StrAppend(&header, " ", scale, "x s |");
    absl::StrAppend(&rule, "---:|");
  }
  std::cout << header << "\n" << rule << "\n";
  const WholeRunResult& first = measured.whole_runs.begin()->second;
  auto row = [&](const std::string& label, auto value) {
    std::string line = absl::StrCat("| ", label, " |");
    for (const auto& [scale, run] : measured.whole_runs) absl::StrAppend(&line, " ", value(run), " |");
    std::cout << line << "\n";
  };
  row("upload", [](const WholeRunResult& r) { return absl::StrFormat("%.3f", r.upload_seconds); });
  for (size_t i = 0; i < first.phases.size(); ++i) {
    row("  run: " + first.phases[i].first, [i](const WholeRunResult& r) {
      return i < r.phases.size() ? absl::StrFormat("%.3f", r.phases[i].second) : std::string("-");
    });
  }
  row("run (CreateRun to its end)", [](const WholeRunResult& r) { return absl::StrFormat("%.3f", r.run_seconds); });
  row("scorecard download", [](const WholeRunResult& r) { return absl::StrFormat("%.3f", r.download_seconds); });
  row("**total**", [](const WholeRunResult& r) { return absl::StrFormat("**%.3f**", r.total_seconds); });
  row("glassboxd CPU s", [](const WholeRunResult& r) { return absl::StrFormat("%.2f", r.daemon_cpu_seconds); });
  row("rows", [](const WholeRunResult& r) { return absl::StrCat(r.rows); });
  row("glassboxd MiB before the upload",
      [](const WholeRunResult& r) { return absl::StrFormat("%.0f", r.daemon_start_kib / 1024.0); });
  auto parse = measured.cases.find(kParseCase);
  auto peak_row = [&](const std::string& during, int64_t WholeRunResult::*peak_kib) {
    row("glassboxd peak MiB during " + during + " (over data)", [&](const WholeRunResult& r) {
      const double peak = static_cast<double>(r.*peak_kib);
      const int scale = static_cast<int>(r.rows / kAdultRows);
      if (parse == measured.cases.end() || !parse->second.count(scale)) return absl::StrFormat("%.0f", peak / 1024);
      const double table = static_cast<double>(parse->second.at(scale).result.table_bytes);
      return absl::StrFormat("%.0f (%.2fx)", peak / 1024, (peak - r.daemon_start_kib) * 1024 / table);
    });
  };
  peak_row("the upload", &WholeRunResult::daemon_upload_peak_kib);
  row("glassboxd MiB after the upload",
      [](const WholeRunResult& r) { return absl::StrFormat("%.0f", r.daemon_uploaded_kib / 1024.0); });
  peak_row("the run and download", &WholeRunResult::daemon_run_peak_kib);
}

int Main() {
  if (absl::GetFlag(FLAGS_list)) {
    std::cout << absl::StrJoin(AllCaseNames(), "\n") << "\n";
    return 0;
  }
  if (!absl::GetFlag(FLAGS_run_case).empty()) return RunOneCase();
  const std::vector<int> scales = Scales(absl::GetFlag(FLAGS_scales));
  const std::vector<int> whole_run_scales = Scales(absl::GetFlag(FLAGS_whole_run_scales));
  std::vector<std::string> cases = absl::GetFlag(FLAGS_cases);
  if (cases.empty()) cases = AllCaseNames();

  const std::string load_before = LoadAverage();
  Measured measured;
  MeasureCases(scales, cases, measured);
  MeasureWholeRuns(whole_run_scales, measured);
  std::cout << "## Scaling benchmark\n\nAdult (" << kAdultRows << " rows) x " << absl::StrJoin(scales, ", ")
            << ". Load average at the start " << load_before << "; at the end " << LoadAverage() << ".\n";
  PrintTimes(scales, cases, measured);
  PrintMemory(scales, cases, measured);
  PrintWholeRuns(measured);
  for (const std::string& error : measured.errors) std::cout << "\nFAILED: " << error << "\n";
  return measured.errors.empty() ? 0 : 1;
}

}  // namespace
}  // namespace glassbox::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return glassbox::bench::Main();
}
