#include "tree_report.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace glassbox::plugins {

void ReportTree(const std::vector<ErrorTreeNode>& nodes, std::span<const BinnedFeature> features,
                const std::string& cohort_filter, glassbox::v1::analyses::ErrorAnalysis& result) {
  const double total_error = nodes.front().error;
  result.set_total_error(total_error);
  for (size_t id = 0; id < nodes.size(); ++id) {
    const ErrorTreeNode& node = nodes[id];
    auto* out = result.add_nodes();
    out->set_id(static_cast<int32_t>(id));
    out->set_parent_id(node.parent);
    out->set_depth(node.depth);
    out->set_condition(node.condition);
    // Parents precede their children, so the parent's filter is already set.
    const std::string& parent_filter = node.parent < 0 ? cohort_filter : result.nodes(node.parent).filter();
    if (node.parent < 0) {
      out->set_filter(cohort_filter);
    } else {
      out->set_filter(parent_filter.empty() ? node.condition : absl::StrCat(parent_filter, " AND ", node.condition));
    }
    out->set_size(node.size);
    out->set_error(node.error);
    out->set_error_rate(node.size == 0 ? 0 : node.error / static_cast<double>(node.size));
    out->set_error_coverage(total_error == 0 ? 0 : node.error / total_error);
    out->set_left_child(node.left);
    out->set_right_child(node.right);
    if (!node.is_leaf()) {
      out->set_split_feature(features[node.split_feature].name);
      out->set_split_gain(node.gain);
    }
  }
  std::vector<int32_t> leaves;
  for (const auto& node : result.nodes()) {
    if (node.left_child() < 0) leaves.push_back(node.id());
  }
  std::sort(leaves.begin(), leaves.end(), [&](int32_t a, int32_t b) {
    const auto& x = result.nodes(a);
    const auto& y = result.nodes(b);
    if (x.error_rate() != y.error_rate()) return x.error_rate() > y.error_rate();
    if (x.size() != y.size()) return x.size() > y.size();
    return a < b;
  });
  result.mutable_leaves_by_error_rate()->Add(leaves.begin(), leaves.end());
}

}  // namespace glassbox::plugins
