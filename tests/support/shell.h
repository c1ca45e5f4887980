// A shell command run for a test, e.g. an independent tool (sha256sum,
// pdftotext) or a program of this build asked for its help.
#ifndef GLASSBOX_TESTS_SUPPORT_SHELL_H_
#define GLASSBOX_TESTS_SUPPORT_SHELL_H_

#include <string>

namespace glassbox::testing {

struct ShellResult {
  // The command's exit status; -1 when it could not be started or did not exit.
  int exit_status = -1;
  std::string out;
};

// Runs `command` with /bin/sh and collects its standard output.
ShellResult RunShell(const std::string& command);

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_SUPPORT_SHELL_H_
