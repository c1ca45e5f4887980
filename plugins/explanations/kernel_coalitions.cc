#include "kernel_coalitions.h"

#include <cmath>
#include <numeric>
#include <string>
#include <unordered_map>
#include <vector>

namespace glassbox::plugins::explanations {
namespace {

double Binomial(int n, int k) {
  double result = 1.0;
  for (int i = 1; i <= k; ++i) result = result * (n - k + i) / i;
  return result;
}

class CoalitionList {
 public:
  CoalitionList(int players, long long capacity)
      : masks_(Eigen::MatrixXd::Zero(capacity, players)), weights_(Eigen::VectorXd::Zero(capacity)) {}

  long long size() const { return size_; }

  // Adds the coalition of the players set in `members`, and returns its index.
  long long Add(const std::vector<char>& members, double weight) {
    for (size_t p = 0; p < members.size(); ++p) masks_(size_, static_cast<Eigen::Index>(p)) = members[p];
    weights_[size_] = weight;
    return size_++;
  }
  void AddWeight(long long index, double weight) { weights_[index] += weight; }
  void ScaleFrom(long long first, double total) {
    auto tail = weights_.segment(first, size_ - first);
    tail *= total / tail.sum();
  }

  Coalitions Release() && { return {masks_.topRows(size_), weights_.head(size_)}; }

 private:
  Eigen::MatrixXd masks_;
  Eigen::VectorXd weights_;
  long long size_ = 0;
};

std::vector<char> Complement(std::vector<char> members) {
  for (char& member : members) member = !member;
  return members;
}

// Adds every coalition of `size` players (and the complement of each when `paired`) at `weight` each.
void AddAllOfSize(int players, int size, bool paired, double weight, CoalitionList& list) {
  std::vector<int> chosen(size);
  std::iota(chosen.begin(), chosen.end(), 0);
  while (true) {
    std::vector<char> members(players, 0);
    for (int p : chosen) members[p] = 1;
    list.Add(members, weight);
    if (paired) list.Add(Complement(members), weight);
    // The next combination in lexicographic order, as itertools.combinations.
    int i = size - 1;
    while (i >= 0 && chosen[i] == players - size + i) --i;
    if (i < 0) return;
    ++chosen[i];
    for (int j = i + 1; j < size; ++j) chosen[j] = chosen[j - 1] + 1;
  }
}

size_t DrawIndex(const std::vector<double>& probabilities, Rng& rng) {
  const double u = rng.Uniform();
  double cumulative = 0.0;
  for (size_t i = 0; i + 1 < probabilities.size(); ++i) {
    cumulative += probabilities[i];
    if (u < cumulative) return i;
  }
  return probabilities.size() - 1;
}

std::vector<char> DrawSubset(int players, int size, Rng& rng) {
  std::vector<int> order(players);
  std::iota(order.begin(), order.end(), 0);
  std::vector<char> members(players, 0);
  for (int i = 0; i < size; ++i) {
    std::swap(order[i], order[i + rng.Below(players - i)]);
    members[order[i]] = 1;
  }
  return members;
}

}  // namespace

long long CoalitionBudget(int players, long long nsamples) {
  if (nsamples == 0) nsamples = 2LL * players + 2048;
  if (players <= 30) nsamples = std::min(nsamples, (1LL << players) - 2);
  return nsamples;
}

Coalitions ChooseCoalitions(int players, long long nsamples, Rng& rng) {
  const int m = players;
  nsamples = CoalitionBudget(m, nsamples);
  const int num_sizes = (m - 1 + 1) / 2;  // ceil((M - 1) / 2)
  const int num_paired = (m - 1) / 2;
  std::vector<double> size_weights(num_sizes);
  for (int s = 1; s <= num_sizes; ++s) {
    size_weights[s - 1] = (m - 1.0) / (s * static_cast<double>(m - s)) * (s <= num_paired ? 2.0 : 1.0);
  }
  const double total = std::accumulate(size_weights.begin(), size_weights.end(), 0.0);
  for (double& w : size_weights) w /= total;

  CoalitionList list(m, nsamples);
  int num_full = 0;
  double samples_left = static_cast<double>(nsamples);
  std::vector<double> remaining = size_weights;
  for (int s = 1; s <= num_sizes; ++s) {
    const bool paired = s <= num_paired;
    const double subsets = Binomial(m, s) * (paired ? 2.0 : 1.0);
    if (samples_left * remaining[s - 1] / subsets < 1.0 - 1e-8) break;
    ++num_full;
    samples_left -= subsets;
    if (remaining[s - 1] < 1.0) {
      const double rest = 1.0 - remaining[s - 1];
      for (double& w : remaining) w /= rest;
    }
    AddAllOfSize(m, s, paired, size_weights[s - 1] / subsets, list);
  }
  if (num_full == num_sizes) return std::move(list).Release();

  const long long first_drawn = list.size();
  long long left = nsamples - first_drawn;
  std::vector<double> draw_weights(size_weights.begin() + num_full, size_weights.end());
  for (int s = num_full + 1; s <= num_paired; ++s) draw_weights[s - num_full - 1] /= 2.0;
  const double draw_total = std::accumulate(draw_weights.begin(), draw_weights.end(), 0.0);
  for (double& w : draw_weights) w /= draw_total;

  std::unordered_map<std::string, long long> seen;
  for (long long draws = 4 * left; left > 0 && draws > 0; --draws) {
    const int s = static_cast<int>(DrawIndex(draw_weights, rng)) + num_full + 1;
    const std::vector<char> members = DrawSubset(m, s, rng);
    const auto [it, is_new] = seen.try_emplace(std::string(members.begin(), members.end()), list.size());
    if (is_new) {
      list.Add(members, 1.0);
      --left;
    } else {
      list.AddWeight(it->second, 1.0);
    }
    if (left > 0 && s <= num_paired) {
      if (is_new) {
        list.Add(Complement(members), 1.0);
        --left;
      } else {
        list.AddWeight(it->second + 1, 1.0);
      }
    }
  }
  const double weight_left = std::accumulate(size_weights.begin() + num_full, size_weights.end(), 0.0);
  list.ScaleFrom(first_drawn, weight_left);
  return std::move(list).Release();
}

}  // namespace glassbox::plugins::explanations
