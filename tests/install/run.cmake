# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# The install tests: the host build installed into a prefix (MODE=install, the fixture), then
# consumers that see only that prefix:
#   MODE=consumers  find_package(nvarm) and pkg-config (nvarm, nvarm-platform-host) consumers
#   MODE=merge_c    the installed docs' worked examples (share/doc/nvarm/examples: a host-run
#                   shadow stage-2 merge test, an ESR loop), built as their CMakeLists.txt says
#   MODE=merge_cxx  a C++ merge test linking nvarm::nvarm + nvarm::platform_host
#   MODE=symbols    nm of every installed archive: only nvarm_ globals (see below)
#   MODE=subdir     (no install) nvarm added with add_subdirectory(): library and host model only
#   cmake -DMODE= -DSRC= -DBUILD= -DWORK= -DCC= [-DCXX=] [-DNM=] [-DLINKFLAGS=a|b] -P run.cmake
set(prefix ${WORK}/prefix)
# An instrumented library (coverage, sanitizers) needs the same runtime at link time:
# LINKFLAGS carries those flags ("|"-separated).
string(REPLACE "|" " " LINKFLAGS "${LINKFLAGS}")
separate_arguments(linkflags UNIX_COMMAND "${LINKFLAGS}")

# run(NAME dir args...): execute_process that fails the test with a message naming the step.
function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
  endif()
  set(run_out "${out}" PARENT_SCOPE)
endfunction()

function(consumer_build what src bin)
  run("${what}: configure" ${CMAKE_COMMAND} -S ${src} -B ${bin} -DCMAKE_PREFIX_PATH=${prefix}
      -DCMAKE_C_COMPILER=${CC} ${ARGN} "-DCMAKE_EXE_LINKER_FLAGS=${LINKFLAGS}")
  run("${what}: build" ${CMAKE_COMMAND} --build ${bin})
endfunction()

if(MODE STREQUAL "install")
  file(REMOVE_RECURSE ${WORK})
  run("cmake --install" ${CMAKE_COMMAND} --install ${BUILD} --prefix ${prefix})
  foreach(f include/nvarm/err.h include/nvarm/platform.h include/nvarm/platform_host.h
            include/nvarm/arm/sysreg_encs.h bin/nvarm-esr
            share/doc/nvarm/examples/s2_merge.c share/doc/nvarm/examples/esr_loop.c
            share/doc/nvarm/examples/CMakeLists.txt)
    if(NOT EXISTS ${prefix}/${f})
      message(FATAL_ERROR "install lacks ${f}")
    endif()
  endforeach()
  foreach(f libnvarm.a libnvarm_platform_host.a nvarmConfig.cmake nvarm.pc nvarm-platform-host.pc)
    file(GLOB_RECURSE hit ${prefix}/${f})
    if(NOT hit)
      message(FATAL_ERROR "install lacks ${f}")
    endif()
  endforeach()
  # the HTML when the docs were built (the docs ctest is this test's fixture)
  if("$ENV{NVARM_EXPECT_HTML}" AND NOT EXISTS ${prefix}/share/doc/nvarm/html/index.html)
    message(FATAL_ERROR "install lacks the HTML docs (share/doc/nvarm/html/index.html)")
  endif()
  run("installed nvarm-esr" ${prefix}/bin/nvarm-esr 62310423)
  if(NOT run_out MATCHES "MRS x1, HCR_EL2")
    message(FATAL_ERROR "installed nvarm-esr printed: ${run_out}")
  endif()
  message(STATUS "install: prefix ${prefix} complete")

elseif(MODE STREQUAL "consumers")
  # 1. find_package consumer.
  consumer_build("find_package(nvarm) consumer" ${SRC}/tests/install/consumer-cmake ${WORK}/cmake)
  run("find_package(nvarm) consumer: run" ${WORK}/cmake/consumer)
  if(NOT run_out MATCHES "nvarm consumer: invalid argument")
    message(FATAL_ERROR "find_package(nvarm) consumer ran wrong: ${run_out}")
  endif()
  # 2. pkg-config consumers: nvarm alone, and the host model (which requires nvarm).
  file(GLOB_RECURSE pcs ${prefix}/nvarm.pc)
  get_filename_component(pcdir ${pcs} DIRECTORY)
  set(ENV{PKG_CONFIG_PATH} ${pcdir})
  run("pkg-config nvarm" pkg-config --cflags --libs nvarm)
  if(NOT run_out MATCHES "-lnvarm")
    message(FATAL_ERROR "pkg-config nvarm: ${run_out}")
  endif()
  run("pkg-config nvarm-platform-host" pkg-config --cflags --libs nvarm-platform-host)
  string(STRIP "${run_out}" flags)
  separate_arguments(flags UNIX_COMMAND "${flags}")
  run("pkg-config consumer: build" ${CC} ${SRC}/tests/install/consumer-pkgconfig/main.c ${flags}
      ${linkflags} -o ${WORK}/pkgconfig-consumer)
  run("pkg-config consumer: run" ${WORK}/pkgconfig-consumer)
  if(NOT run_out MATCHES "nvarm consumer: out of caller-provided memory, host model ops")
    message(FATAL_ERROR "pkg-config consumer ran wrong: ${run_out}")
  endif()
  message(STATUS "install: find_package and pkg-config consumers build, link and run")

elseif(MODE STREQUAL "merge_c")
  # Only what the package installed: its docs' examples directory is a CMake project.
  consumer_build("installed docs examples" ${prefix}/share/doc/nvarm/examples ${WORK}/examples)
  run("s2_merge (installed example)" ${WORK}/examples/s2_merge)
  if(NOT run_out MATCHES "s2_merge: all checks passed")
    message(FATAL_ERROR "s2_merge printed: ${run_out}")
  endif()
  run("esr_loop (installed example)" ${WORK}/examples/esr_loop)
  message(STATUS "install: the C merge test and ESR loop of the installed docs pass")

elseif(MODE STREQUAL "merge_cxx")
  set(cxx "")
  if(CXX)
    set(cxx -DCMAKE_CXX_COMPILER=${CXX})
  endif()
  consumer_build("C++ consumer" ${SRC}/tests/install/consumer-cxx ${WORK}/cxx ${cxx})
  run("C++ consumer: run" ${WORK}/cxx/cxx_consumer)
  if(NOT run_out MATCHES "shadow stage-2 merge checks passed")
    message(FATAL_ERROR "C++ consumer printed: ${run_out}")
  endif()
  message(STATUS "install: the C++ merge test passes")

elseif(MODE STREQUAL "subdir")
  # No install: nvarm as a subproject of a parent that has no cmocka, no build type.
  file(REMOVE_RECURSE ${WORK}/subdir)
  run("add_subdirectory consumer: configure" ${CMAKE_COMMAND} -S ${SRC}/tests/install/consumer-subdir
      -B ${WORK}/subdir -DNVARM_SRC=${SRC} -DCMAKE_C_COMPILER=${CC})
  run("add_subdirectory consumer: build" ${CMAKE_COMMAND} --build ${WORK}/subdir -j 2)
  run("add_subdirectory consumer: run" ${WORK}/subdir/s2_merge)
  message(STATUS "install: nvarm as a subproject builds only the library and the host model")

elseif(MODE STREQUAL "symbols")
  file(GLOB_RECURSE archives ${prefix}/*.a)
  list(LENGTH archives n)
  if(n LESS 2)
    message(FATAL_ERROR "symbols: expected libnvarm.a and libnvarm_platform_host.a, found ${archives}")
  endif()
  string(REPLACE ";" "|" archives "${archives}")
  run("symbols of ${archives}" ${CMAKE_COMMAND} -DNM=${NM} -DLIBS=${archives}
      -P ${SRC}/cmake/check-symbols.cmake)
  message(STATUS "${run_out}")

else()
  message(FATAL_ERROR "run.cmake: unknown MODE '${MODE}'")
endif()
