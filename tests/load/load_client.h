// One of the load test's clients: its own connection to the daemon, on which
// it calls, chosen at random until a deadline, uploads of CSV slices, runs on
// prediction columns or on the registered model, reads of runs, insights and
// the audit log, watches of runs, scorecard downloads, scorecards issued on
// demand, and now and then an abuse (abuse_mix.h), recording every call in
// its tally. It calls with kLoadAdminToken.
#ifndef GLASSBOX_TESTS_LOAD_LOAD_CLIENT_H_
#define GLASSBOX_TESTS_LOAD_LOAD_CLIENT_H_

#include <memory>
#include <random>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/time/time.h"
#include "glassbox/v1/service.grpc.pb.h"
#include "tests/load/abuse_mix.h"
#include "tests/load/load_catalog.h"
#include "tests/load/rpc_tally.h"

namespace glassbox::testing {

// The registered XGBoost model the model runs use.
inline constexpr char kLoadModelName[] = "adult-xgb";

// model_overview, data_explorer and fairness (sex, race) on the slice's
// prediction columns, with cohorts on them; a scorecard issued at the end
// when asked.
glassbox::v1::RunSpec PredictionRunSpec(const std::string& dataset_id, bool with_scorecard);
// model_overview and explanations, the rows scored by the registered model.
glassbox::v1::RunSpec ModelRunSpec(const std::string& dataset_id);

class LoadClient {
 public:
  // Client `index` of the load, which seeds its choices and picks its first abuse.
  LoadClient(const std::string& address, LoadCatalog& catalog, int index);

  // Opens the connection, retrying as gRPC does after a failed attempt;
  // false if it is not up within `timeout`.
  bool Connect(absl::Duration timeout);
  // Calls until `end`, an abuse first; failures are timed from `start`.
  void Run(absl::Time start, absl::Time end);
  const RpcTally& tally() const { return tally_; }

 private:
  template <typename Call>
  grpc::Status Timed(const std::string& kind, Call call);

  void Upload();
  void CreateRun(bool scored_by_model);
  void GetRun();
  void ListRuns();
  void GetInsight();
  void ListAuditEvents();
  void WatchRun();
  void GetScorecard();
  void CreateScorecard();
  void Abuse();

  LoadCatalog& catalog_;
  const std::string name_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<glassbox::v1::Glassbox::Stub> stub_;
  std::unique_ptr<AbuseMix> abuses_;
  std::mt19937_64 random_;
  RpcTally tally_;
};

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_LOAD_LOAD_CLIENT_H_
