// The planted fixture plugin (tests/daemon/plugins/broken/planted.cc: its
// constructor runs code at load, it claims the name model_overview) copied
// into a folder, with the marker that tells whether its code ever ran. The
// marker is named in this process's environment, which daemons started
// afterwards inherit.
#ifndef GLASSBOX_TESTS_SUPPORT_PLANTED_LIBRARY_H_
#define GLASSBOX_TESTS_SUPPORT_PLANTED_LIBRARY_H_

#include <string>

#include "tests/support/daemon_process.h"

namespace glassbox::testing {

class PlantedLibrary {
 public:
  // Copies the library to `folder`/`name`; fails the test if it cannot.
  PlantedLibrary(const std::string& folder, const std::string& name);
  ~PlantedLibrary();
  PlantedLibrary(const PlantedLibrary&) = delete;
  PlantedLibrary& operator=(const PlantedLibrary&) = delete;

  const std::string& path() const { return path_; }
  // Whether the library's constructor has run in any process since the copy.
  bool ran() const;

 private:
  TemporaryFolder marker_folder_;
  std::string marker_;
  std::string path_;
};

// The SHA-256 of a file as `sha256sum` prints it, run as a program: an
// allowlist line "<digest>  <path>".
std::string Sha256sumLine(const std::string& path);

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_SUPPORT_PLANTED_LIBRARY_H_
