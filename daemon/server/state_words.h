// Run and analysis states as the words a person reads in a RunEvent's
// message: "succeeded", "failed", "cancelled", "interrupted" (the CLI's enum
// words, without the ANALYSIS_ prefix or upper case).
#ifndef GLASSBOX_DAEMON_SERVER_STATE_WORDS_H_
#define GLASSBOX_DAEMON_SERVER_STATE_WORDS_H_

#include <string>

#include "glassbox/v1/run.pb.h"

namespace glassbox::server {

std::string StateWord(glassbox::v1::RunState state);
std::string StateWord(glassbox::v1::AnalysisState state);

}  // namespace glassbox::server

#endif  // GLASSBOX_DAEMON_SERVER_STATE_WORDS_H_
