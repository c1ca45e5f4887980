// A group's randomised decision rule over the positive-class score, as
// Fairlearn's ThresholdOperation and InterpolatedThresholder define it.
#ifndef GLASSBOX_PLUGINS_THRESHOLD_OPTIMIZER_GROUP_RULE_H_
#define GLASSBOX_PLUGINS_THRESHOLD_OPTIMIZER_GROUP_RULE_H_

namespace glassbox::plugins::threshold_optimizer {

// Positive when score > threshold, or (flipped) when score < threshold.
struct ThresholdOperation {
  bool flipped = false;
  double threshold = 0;

  double Decide(double score) const { return (flipped ? score < threshold : score > threshold) ? 1.0 : 0.0; }
};

// With probability p0 operation0 decides, with p1 operation1; the decision is
// then kept with probability 1 - p_ignore and replaced by a positive drawn
// with probability prediction_constant otherwise (equalized odds only;
// p_ignore is 0 for the other constraints).
struct GroupRule {
  double p0 = 1;
  ThresholdOperation operation0;
  double p1 = 0;
  ThresholdOperation operation1;
  double p_ignore = 0;
  double prediction_constant = 0;

  double PositiveProbability(double score) const {
    const double interpolated = p0 * operation0.Decide(score) + p1 * operation1.Decide(score);
    return p_ignore * prediction_constant + (1 - p_ignore) * interpolated;
  }
};

}  // namespace glassbox::plugins::threshold_optimizer

#endif  // GLASSBOX_PLUGINS_THRESHOLD_OPTIMIZER_GROUP_RULE_H_
