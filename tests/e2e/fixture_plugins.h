// The deliberately broken plugins of tests/daemon/plugins, as e2e tests load them.
#ifndef GLASSBOX_TESTS_E2E_FIXTURE_PLUGINS_H_
#define GLASSBOX_TESTS_E2E_FIXTURE_PLUGINS_H_

#include <string>

#include "glassbox/v1/run.pb.h"

namespace glassbox::testing {

// The --plugin_dir flag for the built-in plugins and the fixtures.
inline std::string PluginDirs() {
  return std::string("--plugin_dir=") + GLASSBOX_BINARY_DIR + "/lib/glassbox/plugins," + FIXTURE_PLUGIN_DIR;
}

// Adds an analysis of the fixture `misbehaving` that fails as `how` says
// (segfault, abort, hang, exit, error, throw) or behaves (predict).
inline void AddMisbehaving(glassbox::v1::RunSpec& spec, const std::string& how) {
  auto* analysis = spec.add_analyses();
  analysis->set_analyzer("misbehaving");
  (*analysis->mutable_params()->mutable_fields())["how"].set_string_value(how);
}

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_E2E_FIXTURE_PLUGINS_H_
