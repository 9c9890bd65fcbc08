# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# lcov/genhtml over a coverage build; prints the line coverage of src/.
#   cmake -DSRC= -DBUILD= -P coverage.cmake
set(info ${BUILD}/coverage.info)
execute_process(COMMAND lcov --quiet --capture --directory ${BUILD} --output-file ${info}.all
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "lcov --capture failed (did ctest run?)")
endif()
# Files no test ran count too: add a zero baseline of every instrumented object.
execute_process(COMMAND lcov --quiet --capture --initial --directory ${BUILD}
                        --output-file ${info}.base RESULT_VARIABLE rc)
if(rc EQUAL 0)
  execute_process(COMMAND lcov --quiet --add-tracefile ${info}.base --add-tracefile ${info}.all
                          --output-file ${info}.all)
endif()
execute_process(COMMAND lcov --quiet --extract ${info}.all "${SRC}/src/*" --output-file ${info}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "lcov --extract failed")
endif()
execute_process(COMMAND genhtml --quiet ${info} --output-directory ${BUILD}/coverage-html
                RESULT_VARIABLE rc)
execute_process(COMMAND lcov --summary ${info} OUTPUT_VARIABLE sum ERROR_VARIABLE sum)
string(REGEX MATCH "lines[.]*: *[0-9.]+%[^\n]*" lines "${sum}")
string(REGEX MATCH "functions[.]*: *[0-9.]+%[^\n]*" funcs "${sum}")
message("coverage of src/: ${lines}; ${funcs}")
message("coverage report: ${BUILD}/coverage-html/index.html")
