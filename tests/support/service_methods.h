// The methods of the glassbox.v1.Glassbox service, read from its generated
// descriptor, so that a test's table of every RPC can be checked complete:
// a method added to service.proto fails such a test until the table names it.
#ifndef GLASSBOX_TESTS_SUPPORT_SERVICE_METHODS_H_
#define GLASSBOX_TESTS_SUPPORT_SERVICE_METHODS_H_

#include <set>
#include <string>

namespace glassbox::testing {

// Method names (e.g. "CreateRun"), sorted.
std::set<std::string> GlassboxServiceMethods();

}  // namespace glassbox::testing

#endif  // GLASSBOX_TESTS_SUPPORT_SERVICE_METHODS_H_
