# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# Install the host build into a prefix, then build and run two consumers:
# one with find_package(nvarm), one with pkg-config.
#   cmake -DSRC= -DBUILD= -DWORK= -DCC= -P run.cmake
file(REMOVE_RECURSE ${WORK})
set(prefix ${WORK}/prefix)
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD} --prefix ${prefix} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed")
endif()
foreach(f include/nvarm/err.h include/nvarm/platform.h)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "install lacks ${f}")
  endif()
endforeach()
file(GLOB_RECURSE libs ${prefix}/libnvarm.a)
file(GLOB_RECURSE cfgs ${prefix}/nvarmConfig.cmake)
file(GLOB_RECURSE pcs ${prefix}/nvarm.pc)
if(NOT libs OR NOT cfgs OR NOT pcs)
  message(FATAL_ERROR "install lacks the library, nvarmConfig.cmake or nvarm.pc")
endif()

# 1. find_package consumer. An instrumented library (coverage, sanitizers) needs the
#    same runtime at link time: LINKFLAGS carries those flags ("|"-separated).
string(REPLACE "|" " " LINKFLAGS "${LINKFLAGS}")
separate_arguments(linkflags UNIX_COMMAND "${LINKFLAGS}")
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SRC}/tests/install/consumer-cmake -B ${WORK}/cmake
                        -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_C_COMPILER=${CC}
                        "-DCMAKE_EXE_LINKER_FLAGS=${LINKFLAGS}"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "find_package(nvarm) consumer: configure failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK}/cmake RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "find_package(nvarm) consumer: build failed")
endif()
execute_process(COMMAND ${WORK}/cmake/consumer OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "nvarm consumer: invalid argument")
  message(FATAL_ERROR "find_package(nvarm) consumer ran wrong: rc=${rc} out=${out}")
endif()

# 2. pkg-config consumer.
get_filename_component(pcdir ${pcs} DIRECTORY)
set(ENV{PKG_CONFIG_PATH} ${pcdir})
execute_process(COMMAND pkg-config --cflags --libs nvarm OUTPUT_VARIABLE flags
                RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pkg-config nvarm failed")
endif()
separate_arguments(flags UNIX_COMMAND "${flags}")
execute_process(COMMAND ${CC} ${SRC}/tests/install/consumer-pkgconfig/main.c ${flags} ${linkflags}
                        -o ${WORK}/pkgconfig-consumer RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pkg-config consumer: build failed")
endif()
execute_process(COMMAND ${WORK}/pkgconfig-consumer OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "nvarm consumer: out of caller-provided memory")
  message(FATAL_ERROR "pkg-config consumer ran wrong: rc=${rc} out=${out}")
endif()
message(STATUS "install: find_package and pkg-config consumers build, link and run")
