// Text renderings for the terminal: insight blocks, run summaries, a
// progress bar.
#ifndef GLASSBOX_CLIENTS_CLI_RENDER_H_
#define GLASSBOX_CLIENTS_CLI_RENDER_H_

#include <string>

#include "glassbox/v1/analyzer.pb.h"
#include "glassbox/v1/comparison.pb.h"
#include "glassbox/v1/insight.pb.h"
#include "glassbox/v1/model.pb.h"
#include "glassbox/v1/run.pb.h"

namespace glassbox::cli {

// A number with up to 4 significant decimals, integers without a point.
std::string FormatNumber(double value);
std::string RenderBlock(const glassbox::v1::Block& block);
std::string RenderInsight(const glassbox::v1::Insight& insight);
std::string RenderRunSummary(const glassbox::v1::Run& run);
// "name (type; required; default D; range [MIN, MAX]; one of A, B): description", with "at least MIN" or
// "at most MAX" for a one-sided bound; only the facts the spec has.
std::string RenderParameter(const glassbox::v1::ParameterSpec& parameter);
// A what-if answer: the prediction (class and probabilities, or value) and the
// contributions. With `original` (the row as the dataset holds it), a table of
// the prediction before and after, and the values that changed.
std::string RenderWhatIf(const glassbox::v1::WhatIfResponse& changed, const glassbox::v1::WhatIfResponse* original);
// Two runs side by side (CompareRuns): the shared metrics with their deltas and
// whether each got better, then the features' importance ranks, then what only
// one run reports.
std::string RenderComparison(const glassbox::v1::CompareRunsResponse& comparison);
// e.g. "[##########··········]  50%  running fairness", `width` cells wide.
std::string ProgressBar(double fraction, const std::string& message, int width = 30);

}  // namespace glassbox::cli

#endif  // GLASSBOX_CLIENTS_CLI_RENDER_H_
