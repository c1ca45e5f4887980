#include "bench/scaling/case_process.h"

#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

extern char** environ;

namespace glassbox::bench {

absl::StatusOr<CaseOutcome> RunCaseInChild(const CaseRequest& request) {
  const std::string result_path = request.insight_dir + "/" + request.name + ".result";
  std::vector<std::string> args = {"/proc/self/exe", "--run_case=" + request.name, "--csv=" + request.csv_path,
                                   "--insight_dir=" + request.insight_dir, "--result=" + result_path};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (int error = posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ); error != 0) {
    return absl::InternalError(absl::StrCat("cannot start a child for case ", request.name, ": error ", error));
  }
  int status = 0;
  struct rusage usage {};
  if (wait4(pid, &status, 0, &usage) != pid) return absl::InternalError("wait4 failed");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::InternalError(absl::StrCat("case ", request.name, " failed: ",
                                            WIFEXITED(status) ? absl::StrCat("exit code ", WEXITSTATUS(status))
                                                              : absl::StrCat("signal ", WTERMSIG(status))));
  }
  std::ifstream file(result_path);
  std::stringstream text;
  text << file.rdbuf();
  absl::StatusOr<CaseResult> result = CaseResult::Parse(text.str());
  if (!result.ok()) return result.status();
  return CaseOutcome{*result, usage.ru_maxrss};
}

}  // namespace glassbox::bench
