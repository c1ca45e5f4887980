// A plugin built against a future SDK: the host must refuse it before calling anything else.
#include <boost/config.hpp>

extern "C" BOOST_SYMBOL_EXPORT int glassbox_sdk_abi_version() { return 999; }
extern "C" BOOST_SYMBOL_EXPORT void* glassbox_create_analyzer() { __builtin_trap(); }
