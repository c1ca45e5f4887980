// FUZZ_CHECK(condition, message): an invariant of a fuzz target. When it does
// not hold, prints the message and aborts, so that libFuzzer saves the input as
// a finding and the replay test fails.
#ifndef GLASSBOX_TESTS_FUZZ_FUZZ_CHECK_H_
#define GLASSBOX_TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>
#include <string>

#define FUZZ_CHECK(condition, message)                                                                     \
  do {                                                                                                     \
    if (!(condition)) {                                                                                    \
      std::fprintf(stderr, "%s:%d: invariant '%s' failed: %s\n", __FILE__, __LINE__, #condition,          \
                   std::string(message).c_str());                                                         \
      std::abort();                                                                                        \
    }                                                                                                      \
  } while (0)

#endif  // GLASSBOX_TESTS_FUZZ_FUZZ_CHECK_H_
