// Standard normal draws that are the same on every platform: Box-Muller over
// Rng's uniform draws (std::normal_distribution is not specified exactly).
#ifndef GLASSBOX_PLUGINS_ROBUSTNESS_NORMAL_DRAW_H_
#define GLASSBOX_PLUGINS_ROBUSTNESS_NORMAL_DRAW_H_

#include "random.h"

namespace glassbox::plugins {

double StandardNormal(explanations::Rng& rng);

}  // namespace glassbox::plugins

#endif  // GLASSBOX_PLUGINS_ROBUSTNESS_NORMAL_DRAW_H_
