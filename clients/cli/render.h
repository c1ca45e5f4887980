// Text renderings for the terminal: insight blocks, run summaries, a
// progress bar.
#ifndef GLASSBOX_CLIENTS_CLI_RENDER_H_
#define GLASSBOX_CLIENTS_CLI_RENDER_H_

#include <string>

#include "glassbox/v1/insight.pb.h"
#include "glassbox/v1/run.pb.h"

namespace glassbox::cli {

// A number with up to 4 significant decimals, integers without a point.
std::string FormatNumber(double value);
std::string RenderBlock(const glassbox::v1::Block& block);
std::string RenderInsight(const glassbox::v1::Insight& insight);
std::string RenderRunSummary(const glassbox::v1::Run& run);
// e.g. "[##########··········]  50%  running fairness", `width` cells wide.
std::string ProgressBar(double fraction, const std::string& message, int width = 30);

}  // namespace glassbox::cli

#endif  // GLASSBOX_CLIENTS_CLI_RENDER_H_
