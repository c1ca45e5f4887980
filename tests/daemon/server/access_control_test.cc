// The tokens file's grants per project and what they allow, and the shape of a
// project name; the RPCs themselves are covered through a daemon in
// tests/e2e/projects_test.cc.
#include "daemon/server/access_control.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "daemon/server/project_access.h"
#include "daemon/server/project_name.h"
#include "storage/sha256.h"
#include "tests/support/daemon_process.h"

namespace glassbox::server {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class AccessControlTest : public ::testing::Test {
 protected:
  // A tokens file granting `grants` to the token "t-<principal>" of each principal.
  absl::StatusOr<AccessControl> Load(const std::vector<std::pair<std::string, std::string>>& grants) {
    std::string path = folder_.path() + "/tokens";
    std::ofstream out(path);
    for (const auto& [principal, grant] : grants) {
      out << storage::Sha256Hex("t-" + principal) << " " << principal << " " << grant << "\n";
    }
    out.close();
    std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    return AccessControl::FromTokensFile(path);
  }

  testing::TemporaryFolder folder_;
};

// What Identify answers for a caller with `grant`.
Caller CallerWith(const std::map<std::string, std::set<std::string>>& roles) { return {"p", "", "req", roles}; }

TEST_F(AccessControlTest, GrantsAreRolesPerProjectAndARoleAloneMeansEveryProject) {
  Caller alice = CallerWith({{"credit-risk", {"analyst"}}, {"*", {"auditor"}}});
  EXPECT_TRUE(AccessControl::Allows(alice, "CreateRun", "credit-risk"));
  EXPECT_FALSE(AccessControl::Allows(alice, "CreateRun", "fraud"));
  EXPECT_TRUE(AccessControl::Allows(alice, "GetRun", "fraud"));
  EXPECT_TRUE(AccessControl::Allows(alice, "ListAuditEvents", "fraud"));
  EXPECT_TRUE(AccessControl::Authorize(alice, "VerifyAuditLog").ok());
  EXPECT_FALSE(AccessControl::Authorize(alice, "ReloadPlugins").ok());
  EXPECT_TRUE(AccessControl::ProjectsAllowing(alice, "GetRun").every);
  EXPECT_THAT(AccessControl::ProjectsAllowing(alice, "CancelRun").names, ElementsAre("credit-risk"));

  Caller project_auditor = CallerWith({{"fraud", {"auditor"}}});
  absl::Status verify = AccessControl::Authorize(project_auditor, "VerifyAuditLog");
  EXPECT_EQ(verify.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(verify.message(), HasSubstr("in every project (ROLE:*)"));
  EXPECT_TRUE(AccessControl::Authorize(project_auditor, "GetRun").ok());
  EXPECT_EQ(AccessControl::Authorize(project_auditor, "CreateRun").code(), absl::StatusCode::kPermissionDenied);
  EXPECT_FALSE(AccessControl::Sees(project_auditor, "credit-risk"));
}

TEST_F(AccessControlTest, TheTokensFileReadsBothForms) {
  auto access = Load({{"alice", "analyst:credit-risk,auditor:*"}, {"bob", "analyst"}});
  ASSERT_TRUE(access.ok()) << access.status();
  EXPECT_TRUE(access->enabled());
}

TEST_F(AccessControlTest, AMalformedGrantNamesItsLine) {
  for (const auto& [grant, message] : std::vector<std::pair<std::string, std::string>>{
           {"analyst:Credit", "line 2: grant 'analyst:Credit': project 'Credit' is not a project name"},
           {"analyst:", "line 2: grant 'analyst:': project '' is not a project name"},
           {"owner:credit-risk", "line 2: role 'owner' is not analyst, auditor or admin"}}) {
    auto access = Load({{"bob", "admin"}, {"alice", grant}});
    ASSERT_FALSE(access.ok()) << grant;
    EXPECT_EQ(access.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(access.status().message(), HasSubstr(message)) << grant;
  }
}

TEST(ProjectNameTest, ADnsLabelOfLowercaseLettersDigitsAndHyphens) {
  for (const std::string& name : std::vector<std::string>{"default", "credit-risk", "a", "7", std::string(63, 'x')}) {
    EXPECT_TRUE(CheckProjectName(name, "project").ok()) << name;
  }
  for (const std::string& name :
       std::vector<std::string>{"", "-lead", "Credit", "credit_risk", "a b", "*", std::string(64, 'x')}) {
    absl::Status status = CheckProjectName(name, "project");
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << name;
    EXPECT_THAT(status.message(), HasSubstr("project")) << name;
  }
}

TEST(ProjectAccessTest, AResourceOfAProjectTheCallerDoesNotSeeIsAbsent) {
  Caller analyst = CallerWith({{"credit-risk", {"analyst"}}, {"fraud", {"auditor"}}});
  const absl::Status absent = absl::NotFoundError("run 'r' does not exist");
  ProjectAccess other(analyst, "GetRun");
  EXPECT_EQ(other.Admit("payments", absent), absent);
  EXPECT_TRUE(other.refused());
  EXPECT_EQ(other.project(), "payments") << "the refusal is audited in the resource's project";

  ProjectAccess cancel(analyst, "CancelRun");
  EXPECT_EQ(cancel.Admit("fraud", absent).code(), absl::StatusCode::kPermissionDenied) << "seen, not writable";
  ProjectAccess own(analyst, "CancelRun");
  EXPECT_TRUE(own.Admit("credit-risk", absent).ok());
  EXPECT_FALSE(own.refused());

  ProjectAccess list(analyst, "ListRuns");
  auto listed = list.Listed("");
  ASSERT_TRUE(listed.ok());
  EXPECT_THAT(listed->names, ElementsAre("credit-risk", "fraud"));
  ProjectAccess named(analyst, "ListRuns");
  EXPECT_EQ(named.Listed("payments").status().code(), absl::StatusCode::kPermissionDenied);
  ProjectAccess create(analyst, "CreateRun");
  EXPECT_EQ(create.Enter("").status().code(), absl::StatusCode::kPermissionDenied) << "empty is default";
  EXPECT_EQ(create.project(), "default");
}

}  // namespace
}  // namespace glassbox::server
