#include "tests/support/planted_library.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

namespace glassbox::testing {

PlantedLibrary::PlantedLibrary(const std::string& folder, const std::string& name)
    : marker_(marker_folder_.path() + "/ran"), path_(folder + "/" + name) {
  std::error_code error;
  std::filesystem::copy_file(GLASSBOX_PLANTED_PLUGIN, path_, std::filesystem::copy_options::overwrite_existing, error);
  EXPECT_FALSE(error) << "cannot copy " << GLASSBOX_PLANTED_PLUGIN << " to " << path_ << ": " << error.message();
  setenv("GLASSBOX_PLANTED_MARKER", marker_.c_str(), 1);
}

PlantedLibrary::~PlantedLibrary() { unsetenv("GLASSBOX_PLANTED_MARKER"); }

bool PlantedLibrary::ran() const { return std::filesystem::exists(marker_); }

std::string Sha256sumLine(const std::string& path) {
  std::string command = "sha256sum '" + path + "'";
  FILE* pipe = popen(command.c_str(), "r");
  std::string line;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) line.append(buffer, n);
  EXPECT_EQ(pclose(pipe), 0) << command;
  return line;
}

}  // namespace glassbox::testing
