include(${CMAKE_CURRENT_LIST_DIR}/GlassboxSdkAnalyzer.cmake)

# glassbox_add_plugin(NAME SOURCES...): a built-in analyzer, built as an
# out-of-tree one is (glassbox_add_analyzer) but into the build's plugin folder.
function(glassbox_add_plugin name)
  glassbox_add_analyzer(${name} ${ARGN})
  set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${GLASSBOX_PLUGIN_OUTPUT_DIRECTORY})
  set_property(GLOBAL APPEND PROPERTY GLASSBOX_PLUGIN_TARGETS ${name})
endfunction()

# glassbox_add_subdirectories(): adds every direct subfolder that has a
# CMakeLists.txt, so a new plugin, test or benchmark folder needs no edit here.
function(glassbox_add_subdirectories)
  file(GLOB children RELATIVE ${CMAKE_CURRENT_SOURCE_DIR} CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*/CMakeLists.txt)
  list(SORT children)
  foreach(child ${children})
    get_filename_component(dir ${child} DIRECTORY)
    add_subdirectory(${dir})
  endforeach()
endfunction()

# glassbox_add_test(NAME SOURCES... [LIBS libs...]): a GoogleTest binary run by ctest.
function(glassbox_add_test name)
  cmake_parse_arguments(ARG "" "" "LIBS" ${ARGN})
  add_executable(${name} ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name} PRIVATE
    GLASSBOX_DATASETS_DIR="${GLASSBOX_DATASETS_DIR}"
    GLASSBOX_BINARY_DIR="${CMAKE_BINARY_DIR}"
    GLASSBOX_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  # Each test is named <binary>.<Suite>.<Test>, so that `ctest -R e2e_test` picks one binary's tests.
  gtest_discover_tests(${name} TEST_PREFIX "${name}." DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 600)
endfunction()
