#include "counterfactual_search.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <string_view>

#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"

namespace glassbox::plugins {
namespace {

// Values tested between the two ends of a numeric feature's search per model
// call: each call narrows the interval (kSectionPoints + 1)-fold, at most
// kMaxSections times.
constexpr int kSectionPoints = 15;
constexpr int kMaxSections = 5;
// Candidates picked for each counterfactual still missing: some are lost when
// made sparse into one already chosen.
constexpr double kPickFactor = 1.5;
// Rows scored per model call at most, so that a cancellation is seen within
// one call and memory stays bounded; query rows are searched together in
// groups that sample about this many rows per round.
constexpr size_t kMaxBatchRows = size_t{1} << 15;
// A continuous feature's search stops within this fraction of its MAD.
constexpr double kContinuousTolerance = 1e-3;

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Random draws defined here on mt19937_64, whose output the C++ standard
// fixes, rather than by the standard library's distributions, which differ
// between implementations: the same seed gives the same draws everywhere.
class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}

  // Uniform in [0, n), n > 0, by rejection.
  uint64_t Below(uint64_t n) {
    const uint64_t threshold = (0 - n) % n;
    uint64_t draw = engine_();
    while (draw < threshold) draw = engine_();
    return draw % n;
  }

  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

 private:
  std::mt19937_64 engine_;
};

bool Between(double value, double a, double b) { return std::min(a, b) <= value && value <= std::max(a, b); }

// The permitted value of a numeric feature nearest to `value`.
double NearestPermitted(const FeatureDomain& feature, double value) {
  const double low = feature.integral ? std::ceil(feature.low) : feature.low;
  const double high = feature.integral ? std::floor(feature.high) : feature.high;
  return low <= high ? std::clamp(value, low, high) : std::clamp(value, feature.low, feature.high);
}

// Rows of `d` values in a growing vector, compared and hashed by their bytes.
struct RowsView {
  const std::vector<double>* values;
  size_t d;
  std::string_view Bytes(size_t row) const {
    return {reinterpret_cast<const char*>(values->data() + row * d), d * sizeof(double)};
  }
};
struct RowHash {
  RowsView rows;
  size_t operator()(size_t row) const { return absl::Hash<std::string_view>{}(rows.Bytes(row)); }
};
struct RowEq {
  RowsView rows;
  bool operator()(size_t a, size_t b) const { return rows.Bytes(a) == rows.Bytes(b); }
};

// One query row's search: its draws, its pool of candidates that reach the
// desired outcome and the counterfactuals chosen so far.
class QuerySearch {
 public:
  QuerySearch(const FeatureSpace& space, const SearchQuery& query, const SearchOptions& options)
      : space_(space),
        query_(query),
        options_(options),
        d_(space.size()),
        random_(query.seed),
        order_(space.varied()) {}

  const SearchQuery& query() const { return query_; }
  SearchResult& result() { return result_; }
  bool Satisfied() const { return found() >= options_.total_cfs; }

  // Appends the distinct ones of sample_size candidates that change
  // min(round, features to vary) features.
  void Sample(int round, std::vector<double>& trials) {
    const size_t changes = std::min<size_t>(static_cast<size_t>(round), order_.size());
    const RowsView rows{&trials, d_};
    absl::flat_hash_set<size_t, RowHash, RowEq> distinct(static_cast<size_t>(options_.sample_size), RowHash{rows},
                                                         RowEq{rows});
    for (int i = 0; i < options_.sample_size; ++i) {
      const size_t offset = trials.size();
      trials.insert(trials.end(), query_.values.begin(), query_.values.end());
      for (size_t j = 0; j < changes; ++j) {
        std::swap(order_[j], order_[j + random_.Below(order_.size() - j)]);
        trials[offset + order_[j]] = Draw(order_[j]);
      }
      if (!distinct.insert(offset / d_).second) trials.resize(offset);
    }
  }

  // Adds a sampled candidate that reaches the outcome, unless a chosen
  // counterfactual covers it.
  void AddToPool(const double* row) {
    double nearest = kInfinity;
    for (int s = 0; s < found(); ++s) {
      if (Covers(chosen(s), row)) return;
      nearest = std::min(nearest, space_.Distance(row, chosen(s)));
    }
    pool_rows_.insert(pool_rows_.end(), row, row + d_);
    pool_distance_.push_back(space_.Distance(row, query_.values.data()));
    pool_nearest_.push_back(nearest);
    pool_open_.push_back(1);
  }

  // Open candidates for the counterfactuals still missing, picked greedily for
  // proximity and for diversity from the chosen counterfactuals and the
  // candidates picked before them.
  std::vector<double> Pick() {
    std::vector<double> picked;
    const int count = static_cast<int>(std::ceil(kPickFactor * (options_.total_cfs - found())));
    for (int n = 0; n < count; ++n) {
      const bool any_reference = found() > 0 || !picked.empty();
      size_t best = pool_open_.size();
      double best_score = kInfinity;
      for (size_t c = 0; c < pool_open_.size(); ++c) {
        if (!pool_open_[c]) continue;
        const double score = options_.proximity_weight * pool_distance_[c] -
                             (any_reference ? options_.diversity_weight * pool_nearest_[c] : 0.0);
        if (best == pool_open_.size() || score < best_score) {
          best = c;
          best_score = score;
        }
      }
      if (best == pool_open_.size()) break;
      pool_open_[best] = 0;
      picked.insert(picked.end(), pooled(best), pooled(best) + d_);
      for (size_t c = 0; c < pool_open_.size(); ++c) {
        if (pool_open_[c]) pool_nearest_[c] = std::min(pool_nearest_[c], space_.Distance(pooled(c), pooled(best)));
      }
    }
    return picked;
  }

  // Keeps a sparse candidate unless enough are kept or it equals the query or a chosen one.
  void Choose(const double* row) {
    if (Satisfied() || space_.CountChanges(row, query_.values.data()) == 0) return;
    for (int s = 0; s < found(); ++s) {
      if (space_.CountChanges(row, chosen(s)) == 0) return;
    }
    result_.counterfactuals.insert(result_.counterfactuals.end(), row, row + d_);
  }

  // Sets each open candidate's distance to the nearest chosen counterfactual,
  // closing those a chosen one covers.
  void RefreshNearest() {
    for (size_t c = 0; c < pool_open_.size(); ++c) {
      if (!pool_open_[c]) continue;
      pool_nearest_[c] = kInfinity;
      for (int s = 0; s < found() && pool_open_[c]; ++s) {
        if (Covers(chosen(s), pooled(c))) pool_open_[c] = 0;
        pool_nearest_[c] = std::min(pool_nearest_[c], space_.Distance(pooled(c), chosen(s)));
      }
    }
  }

  void SortNearestFirst() {
    const size_t k = static_cast<size_t>(found());
    std::vector<double> distance(k);
    for (size_t i = 0; i < k; ++i) distance[i] = space_.Distance(chosen(static_cast<int>(i)), query_.values.data());
    std::vector<size_t> order(k);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return distance[a] < distance[b]; });
    std::vector<double> sorted;
    sorted.reserve(result_.counterfactuals.size());
    for (size_t i : order) sorted.insert(sorted.end(), chosen(static_cast<int>(i)), chosen(static_cast<int>(i)) + d_);
    result_.counterfactuals = std::move(sorted);
  }

 private:
  int found() const { return static_cast<int>(result_.counterfactuals.size() / d_); }
  const double* chosen(int i) const { return &result_.counterfactuals[static_cast<size_t>(i) * d_]; }
  const double* pooled(size_t i) const { return &pool_rows_[i * d_]; }

  // A value of feature p drawn from its permitted domain, other than the
  // query's when the domain has another.
  double Draw(size_t p) {
    const FeatureDomain& feature = space_.feature(p);
    const double original = query_.values[p];
    if (feature.categorical) {
      const auto& codes = feature.codes;
      const auto at = std::lower_bound(codes.begin(), codes.end(), static_cast<int32_t>(original));
      if (at != codes.end() && *at == original && codes.size() > 1) {
        uint64_t index = random_.Below(codes.size() - 1);
        if (index >= static_cast<uint64_t>(at - codes.begin())) ++index;
        return codes[index];
      }
      return codes[random_.Below(codes.size())];
    }
    if (feature.integral) {
      const double low = std::ceil(feature.low);
      const double high = std::floor(feature.high);
      if (low <= high) {
        const uint64_t count = static_cast<uint64_t>(high - low) + 1;
        if (Between(original, low, high) && std::floor(original) == original && count > 1) {
          uint64_t offset = random_.Below(count - 1);
          if (offset >= static_cast<uint64_t>(original - low)) ++offset;
          return low + static_cast<double>(offset);
        }
        return low + static_cast<double>(random_.Below(count));
      }
    }
    return feature.low + (feature.high - feature.low) * random_.Unit();
  }

  // Whether chosen counterfactual s lies between the query and candidate c in
  // every feature, so that making c sparse would lead to s.
  bool Covers(const double* s, const double* c) const {
    for (size_t p = 0; p < d_; ++p) {
      const double x = query_.values[p];
      if (space_.Same(p, s[p], x) || space_.Same(p, s[p], c[p])) continue;
      if (space_.feature(p).categorical || !Between(s[p], x, c[p])) return false;
    }
    return true;
  }

  const FeatureSpace& space_;
  const SearchQuery& query_;
  const SearchOptions& options_;
  const size_t d_;
  Random random_;
  // The varied features, reshuffled in part for each sample.
  std::vector<size_t> order_;
  // Candidates that reach the outcome: rows, distance to the query, distance
  // to the nearest chosen row (or, while picking, picked one), still open.
  std::vector<double> pool_rows_;
  std::vector<double> pool_distance_;
  std::vector<double> pool_nearest_;
  std::vector<char> pool_open_;
  SearchResult result_;
};

// A changed feature of one candidate being taken back towards the query's
// value: first reverted to it, else (numeric) moved from `far`, which reaches
// the desired outcome, towards `near`, which is not known to; `near` starts
// at `limit`, the permitted value nearest the query's.
struct Approach {
  size_t row;
  size_t feature;
  double original;
  double limit;
  double near;
  double far;
  bool reverted = false;
  bool near_tested = false;
};

// Drives the searches of all query rows, scoring their candidates together.
class Searcher {
 public:
  Searcher(const FeatureSpace& space, const CandidateScorer& scorer, std::span<const SearchQuery> queries,
           const SearchOptions& options, const std::function<bool()>& cancelled,
           const std::function<void(size_t, const SearchResult&)>& finished)
      : space_(space),
        scorer_(scorer),
        options_(options),
        cancelled_(cancelled),
        finished_(finished),
        d_(space.size()) {
    searches_.reserve(queries.size());
    for (const SearchQuery& query : queries) searches_.emplace_back(space, query, options);
  }

  absl::StatusOr<std::vector<SearchResult>> Run() {
    std::vector<size_t> active;
    for (size_t q = 0; q < searches_.size(); ++q) {
      if (space_.varied().empty()) {
        Finish(q);
      } else {
        active.push_back(q);
      }
    }
    const int first_choice = std::min<int>(2, static_cast<int>(space_.varied().size()));
    for (int round = 1; round <= options_.max_iterations && !active.empty(); ++round) {
      if (absl::Status status = SampleRound(round, active); !status.ok()) return status;
      if (round < first_choice && round < options_.max_iterations) continue;
      if (absl::Status status = ChooseFromPools(active); !status.ok()) return status;
      std::erase_if(active, [&](size_t q) {
        if (!searches_[q].Satisfied()) return false;
        Finish(q);
        return true;
      });
    }
    for (size_t q : active) Finish(q);
    std::vector<SearchResult> results;
    for (QuerySearch& search : searches_) results.push_back(std::move(search.result()));
    return results;
  }

 private:
  void Finish(size_t q) {
    searches_[q].SortNearestFirst();
    if (finished_) finished_(q, searches_[q].result());
  }

  const SearchQuery& QueryOf(size_t q) const { return searches_[q].query(); }

  // Scores `rows`, row i a candidate of query owners[i], into reached_.
  absl::Status Check(std::span<const double> rows, std::span<const size_t> owners) {
    reached_.assign(owners.size(), 0);
    for (size_t begin = 0; begin < owners.size(); begin += kMaxBatchRows) {
      if (cancelled_ && cancelled_()) return absl::CancelledError("the counterfactual search was cancelled");
      const size_t end = std::min(owners.size(), begin + kMaxBatchRows);
      absl::StatusOr<Eigen::MatrixXd> scores = scorer_.Predict(rows.subspan(begin * d_, (end - begin) * d_));
      if (!scores.ok()) return scores.status();
      for (size_t i = begin; i < end; ++i) {
        const Eigen::Index row = static_cast<Eigen::Index>(i - begin);
        reached_[i] = scorer_.Reaches(*scores, row, QueryOf(owners[i]).desired) ? 1 : 0;
        ++searches_[owners[i]].result().candidates_scored;
      }
    }
    return absl::OkStatus();
  }

  absl::Status SampleRound(int round, const std::vector<size_t>& active) {
    std::vector<double> trials;
    std::vector<size_t> owners;
    for (size_t q : active) {
      searches_[q].result().rounds = round;
      searches_[q].Sample(round, trials);
      owners.resize(trials.size() / d_, q);
    }
    if (absl::Status status = Check(trials, owners); !status.ok()) return status;
    for (size_t i = 0; i < owners.size(); ++i) {
      if (reached_[i]) searches_[owners[i]].AddToPool(&trials[i * d_]);
    }
    return absl::OkStatus();
  }

  // Picks, makes sparse and chooses candidates until each active query has
  // total_CFs counterfactuals or an empty pool.
  absl::Status ChooseFromPools(const std::vector<size_t>& active) {
    std::vector<size_t> picking = active;
    while (!picking.empty()) {
      std::vector<double> rows;
      std::vector<size_t> owners;
      std::vector<size_t> picked;
      for (size_t q : picking) {
        const std::vector<double> batch = searches_[q].Pick();
        if (batch.empty()) continue;
        rows.insert(rows.end(), batch.begin(), batch.end());
        owners.resize(rows.size() / d_, q);
        picked.push_back(q);
      }
      if (absl::Status status = MakeSparse(rows, owners); !status.ok()) return status;
      for (size_t i = 0; i < owners.size(); ++i) searches_[owners[i]].Choose(&rows[i * d_]);
      picking.clear();
      for (size_t q : picked) {
        searches_[q].RefreshNearest();
        if (!searches_[q].Satisfied()) picking.push_back(q);
      }
    }
    return absl::OkStatus();
  }

  // The features `row` of query q changes, the largest term of the distance first.
  std::vector<size_t> ChangedByWeight(const double* row, size_t q) const {
    const std::span<const double> query = QueryOf(q).values;
    std::vector<size_t> changed;
    for (size_t p = 0; p < d_; ++p) {
      if (!space_.Same(p, row[p], query[p])) changed.push_back(p);
    }
    std::stable_sort(changed.begin(), changed.end(), [&](size_t a, size_t b) {
      return space_.Delta(a, row[a], query[a]) > space_.Delta(b, row[b], query[b]);
    });
    return changed;
  }

  // Takes each row's changed features in turn, reverting it where the row
  // still reaches its outcome without it, else moving a numeric one towards
  // the query's value.
  absl::Status MakeSparse(std::vector<double>& rows, const std::vector<size_t>& owners) {
    std::vector<std::vector<size_t>> changed(owners.size());
    size_t ranks = 0;
    for (size_t i = 0; i < owners.size(); ++i) {
      changed[i] = ChangedByWeight(&rows[i * d_], owners[i]);
      ranks = std::max(ranks, changed[i].size());
    }
    for (size_t rank = 0; rank < ranks; ++rank) {
      std::vector<Approach> approaches;
      for (size_t i = 0; i < owners.size(); ++i) {
        if (rank >= changed[i].size()) continue;
        const size_t p = changed[i][rank];
        const FeatureDomain& feature = space_.feature(p);
        const double original = QueryOf(owners[i]).values[p];
        const double limit = feature.categorical ? original : NearestPermitted(feature, original);
        approaches.push_back(
            {.row = i, .feature = p, .original = original, .limit = limit, .near = limit, .far = rows[i * d_ + p]});
      }
      if (absl::Status status = TakeBack(rows, owners, approaches); !status.ok()) return status;
    }
    return absl::OkStatus();
  }

  // Values to test for an approach, nearest the query first: the query's own
  // value, then (numeric features) the near end and points between the ends.
  std::vector<double> SectionPoints(const Approach& approach) const {
    const FeatureDomain& feature = space_.feature(approach.feature);
    const double original = approach.original;
    std::vector<double> points;
    if (!approach.reverted) points.push_back(original);
    if (feature.categorical || std::isnan(original) || approach.near == approach.far) return points;
    if (!feature.integral && std::abs(approach.far - approach.near) <= kContinuousTolerance * feature.mad) {
      return points;
    }
    if (!approach.near_tested && approach.near != original) points.push_back(approach.near);
    for (int j = 1; j <= kSectionPoints; ++j) {
      double value = approach.near + (approach.far - approach.near) * j / (kSectionPoints + 1);
      if (feature.integral) value = std::round(value);
      const bool inside =
          value != approach.near && value != approach.far && Between(value, approach.near, approach.far);
      if (inside && (points.empty() || value != points.back())) points.push_back(value);
    }
    return points;
  }

  // Moves each approach's feature as near its query's value as tested values
  // that reach the outcome allow.
  absl::Status TakeBack(std::vector<double>& rows, const std::vector<size_t>& owners,
                        std::vector<Approach>& approaches) {
    for (int section = 0; section < kMaxSections && !approaches.empty(); ++section) {
      std::vector<double> trials;
      std::vector<size_t> trial_owners;
      std::vector<std::vector<double>> points(approaches.size());
      for (size_t a = 0; a < approaches.size(); ++a) {
        const size_t q = owners[approaches[a].row];
        points[a] = SectionPoints(approaches[a]);
        const double* row = &rows[approaches[a].row * d_];
        for (double value : points[a]) {
          const size_t offset = trials.size();
          trials.insert(trials.end(), row, row + d_);
          trials[offset + approaches[a].feature] = value;
          trial_owners.push_back(q);
        }
      }
      if (absl::Status status = Check(trials, trial_owners); !status.ok()) return status;
      size_t trial = 0;
      std::vector<Approach> unfinished;
      for (size_t a = 0; a < approaches.size(); ++a) {
        Approach& approach = approaches[a];
        const std::vector<double>& tested = points[a];
        const size_t first = trial;
        trial += tested.size();
        if (tested.empty()) continue;
        size_t hit = first;
        while (hit < trial && !reached_[hit]) ++hit;
        if (hit < trial) approach.far = tested[hit - first];
        // The last value tested before the hit that is not the query's own
        // (which may lie outside the permitted range) becomes the near end.
        const double failed = hit < trial ? (hit > first ? tested[hit - first - 1] : approach.near) : tested.back();
        approach.near =
            std::clamp(failed, std::min(approach.limit, approach.far), std::max(approach.limit, approach.far));
        approach.reverted = true;
        approach.near_tested = true;
        rows[approach.row * d_ + approach.feature] = approach.far;
        const bool done = space_.Same(approach.feature, approach.far, approach.original) ||
                          space_.feature(approach.feature).categorical || std::isnan(approach.original) ||
                          approach.near == approach.far;
        if (!done) unfinished.push_back(approach);
      }
      approaches = std::move(unfinished);
    }
    return absl::OkStatus();
  }

  const FeatureSpace& space_;
  const CandidateScorer& scorer_;
  const SearchOptions& options_;
  const std::function<bool()>& cancelled_;
  const std::function<void(size_t, const SearchResult&)>& finished_;
  const size_t d_;
  std::vector<QuerySearch> searches_;
  std::vector<char> reached_;
};

}  // namespace

uint64_t QuerySeed(uint64_t seed, uint64_t row) {
  // SplitMix64's finaliser over the seed and the row.
  uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (row + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

absl::StatusOr<std::vector<SearchResult>> SearchCounterfactuals(
    const FeatureSpace& space, const CandidateScorer& scorer, std::span<const SearchQuery> queries,
    const SearchOptions& options, const std::function<bool()>& cancelled,
    const std::function<void(size_t, const SearchResult&)>& finished) {
  const size_t group = std::max<size_t>(1, kMaxBatchRows / static_cast<size_t>(std::max(1, options.sample_size)));
  std::vector<SearchResult> results;
  results.reserve(queries.size());
  for (size_t begin = 0; begin < queries.size(); begin += group) {
    const size_t end = std::min(queries.size(), begin + group);
    const auto finished_in_group = [&](size_t q, const SearchResult& result) {
      if (finished) finished(begin + q, result);
    };
    absl::StatusOr<std::vector<SearchResult>> found =
        Searcher(space, scorer, queries.subspan(begin, end - begin), options, cancelled, finished_in_group).Run();
    if (!found.ok()) return found.status();
    for (SearchResult& result : *found) results.push_back(std::move(result));
  }
  return results;
}

}  // namespace glassbox::plugins
