// A shared library that exports nothing the host looks for.
extern "C" int some_function() { return 42; }
