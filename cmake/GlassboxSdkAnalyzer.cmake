# glassbox_add_analyzer(NAME SOURCES...): builds the analyzer plugin NAME.so
# against the glassbox SDK. It links glassbox::sdk, hides every symbol but the
# two GLASSBOX_PLUGIN exports, and installs into GLASSBOX_PLUGIN_INSTALL_DIR
# (relative to the install prefix: the folder glassboxd scans by default)
# with an RPATH that finds the SDK's libraries in the prefix's library folder
# wherever the prefix is moved.
#
# Shipped with the SDK's CMake package (find_package(glassbox-sdk)) and used
# by the daemon's own build for the built-in analyzers.
include_guard(GLOBAL)

function(glassbox_add_analyzer name)
  add_library(${name} MODULE ${ARGN})
  target_link_libraries(${name} PRIVATE glassbox::sdk)
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    # Plugins live in <libdir>/glassbox/plugins.
    INSTALL_RPATH "$ORIGIN/../..")
  install(TARGETS ${name} LIBRARY DESTINATION ${GLASSBOX_PLUGIN_INSTALL_DIR})
endfunction()
