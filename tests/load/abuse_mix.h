// The abuses of issue #14, made one at a time among the load test's ordinary
// calls, each expecting the status docs/operations.md (or the README's
// Security section) documents for it: oversized ids with and without a
// token, wrong tokens, unknown enum values, invalid UTF-8 in a unary request
// and in an upload's header, huge and negative page sizes, too many analyses
// and cohorts, a spec over its cap, a deeply nested scorecard config, a
// multiclass run with one probability column, an oversized CSV cell, an
// upload declared over the limit, a cancel of an ended run, and a caller of
// another project reading, listing, cancelling and scoring this project's
// runs, insights, scorecards and datasets or reloading the plugins.
#ifndef GLASSBOX_TESTS_LOAD_ABUSE_MIX_H_
#define GLASSBOX_TESTS_LOAD_ABUSE_MIX_H_

#include <memory>
#include <random>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "glassbox/v1/service.grpc.pb.h"
#include "tests/load/load_catalog.h"
#include "tests/load/rpc_tally.h"

namespace glassbox::testing {

// The tokens file of the load's daemon grants these.
inline constexpr char kLoadAdminToken[] = "load-admin-token";      // admin:*
inline constexpr char kStrangerToken[] = "stranger-token";         // analyst:elsewhere only
inline constexpr char kUnknownToken[] = "nobody-holds-this-token";  // not in the file

class AbuseMix {
 public:
  // `admin` is the calling client's own channel (which sends kLoadAdminToken);
  // its abuses go round the list from abuse `first` (modulo their number).
  AbuseMix(const std::string& address, std::shared_ptr<grpc::Channel> admin, const LoadCatalog& catalog, size_t first);

  // The names of the abuses, as the tally has them ("abuse/NAME").
  static std::vector<std::string> Kinds();

  // Makes the next abuse and records it in `tally` as
  // "abuse/NAME": a success when the daemon answered the documented status,
  // a failure naming the status it got otherwise.
  void CallOne(std::mt19937_64& random, RpcTally& tally);

 private:
  struct Abuse;
  static const std::vector<Abuse>& Abuses();

  const LoadCatalog& catalog_;
  size_t next_;
  std::shared_ptr<grpc::Channel> admin_channel_;
  std::unique_ptr<glassbox::v1::Glassbox::Stub> admin_;
  std::unique_ptr<glassbox::v1::Glassbox::Stub> stranger_;
  std::unique_ptr<glassbox::v1::Glassbox::Stub> unknown_;
  std::unique_ptr<glassbox::v1::Glassbox::Stub> anonymous_;
};

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_LOAD_ABUSE_MIX_H_
