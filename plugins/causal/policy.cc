#include "policy.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace glassbox::plugins {
namespace {

namespace analyses = glassbox::v1::analyses;

// Above this out-of-fold R² of E[T|W], the treatment hardly varies apart from
// its confounders (it may recode one of them) and its effect is barely identified.
constexpr double kDeterminedTreatmentR2 = 0.99;

std::string Caution(const analyses::TreatmentEffect& treatment) {
  if (!(treatment.treatment_model_r2() > kDeterminedTreatmentR2)) return "";
  return absl::StrFormat(
      "\nCaution: the confounders explain %.3f%% of the variance of %s (is it a recoding of one of them?), so "
      "little variation is left to estimate its effect from; trust this effect only with confounders that do not "
      "determine it.",
      100 * treatment.treatment_model_r2(), treatment.treatment());
}

// "raising hours-per-week by one unit" or "switching sex from Female to Male".
std::string Change(const analyses::TreatmentEffect& treatment) {
  if (treatment.binary()) {
    return absl::StrCat("switching ", treatment.treatment(), " from ", treatment.baseline(), " to ",
                        treatment.treated());
  }
  return absl::StrCat("raising ", treatment.treatment(), " by one unit");
}

std::string Interval(const analyses::Estimate& effect, double alpha) {
  return absl::StrFormat("%+.4g, %g%% CI [%.4g, %.4g]", effect.point(), 100 * (1 - alpha), effect.ci_lower(),
                         effect.ci_upper());
}

std::string Advice(const analyses::TreatmentEffect& treatment, analyses::Recommendation recommendation) {
  const std::string verb = treatment.binary()
                               ? absl::StrCat("prefer ", treatment.treated(), " over ", treatment.baseline())
                               : absl::StrCat("increase ", treatment.treatment());
  switch (recommendation) {
    case analyses::INCREASE:
      return verb;
    case analyses::DECREASE:
      return treatment.binary() ? absl::StrCat("prefer ", treatment.baseline(), " over ", treatment.treated())
                                : absl::StrCat("decrease ", treatment.treatment());
    case analyses::TOO_FEW_ROWS:
      return "too few rows to estimate";
    default:
      return "no clear gain either way";
  }
}

}  // namespace

analyses::Recommendation Recommend(const std::optional<Inference>& effect) {
  if (!effect) return analyses::TOO_FEW_ROWS;
  if (effect->ci_lower > 0) return analyses::INCREASE;
  if (effect->ci_upper < 0) return analyses::DECREASE;
  return analyses::NO_CLEAR_EFFECT;
}

std::string PolicyText(const analyses::TreatmentEffect& treatment, const std::string& outcome,
                       const std::string& feature, double alpha) {
  const std::string change = Change(treatment);
  if (treatment.groups().empty()) {
    return absl::StrCat("Over all analysed rows, ", change, " changes ", outcome, " by ",
                        Interval(treatment.average_effect(), alpha), ": ",
                        Advice(treatment, treatment.recommendation()), ".", Caution(treatment));
  }
  std::vector<std::string> increase, decrease, unclear;
  std::vector<std::string> lines = {absl::StrCat("Effect on ", outcome, " of ", change, ", by ", feature, ":")};
  for (const auto& group : treatment.groups()) {
    const std::string effect = group.has_effect() ? Interval(group.effect(), alpha) : "no estimate";
    lines.push_back(absl::StrCat("- ", feature, " ", group.group(), " (", group.num_rows(), " rows): ", effect, ": ",
                                 Advice(treatment, group.recommendation()), "."));
    switch (group.recommendation()) {
      case analyses::INCREASE:
        increase.push_back(group.group());
        break;
      case analyses::DECREASE:
        decrease.push_back(group.group());
        break;
      default:
        unclear.push_back(group.group());
        break;
    }
  }
  auto list = [](const std::vector<std::string>& groups) {
    return groups.empty() ? std::string("none") : absl::StrJoin(groups, "; ");
  };
  const std::string raise = treatment.binary()
                                ? absl::StrCat(treatment.treated(), " rather than ", treatment.baseline())
                                : absl::StrCat("Raising ", treatment.treatment());
  const std::string lower = treatment.binary()
                                ? absl::StrCat(treatment.baseline(), " rather than ", treatment.treated())
                                : absl::StrCat("Lowering ", treatment.treatment());
  lines.push_back(absl::StrCat(raise, " raises ", outcome, " in: ", list(increase), ". ", lower,
                               " raises it in: ", list(decrease), ". No clear gain either way in: ", list(unclear), ".",
                               Caution(treatment)));
  return absl::StrJoin(lines, "\n");
}

}  // namespace glassbox::plugins
