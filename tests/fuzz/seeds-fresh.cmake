# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# The checked-in seeds (tests/fuzz/corpus) are exactly what the seed generator writes today:
#   cmake -DSEEDGEN=<fuzz_seedgen> -DOUT=<scratch dir> -DCORPUS=<tests/fuzz/corpus> -P seeds-fresh.cmake
# Regenerate with scripts/fuzz-campaign --regen-seeds.
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${SEEDGEN} ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${SEEDGEN} failed (${rc})")
endif()
file(GLOB_RECURSE want RELATIVE ${OUT} ${OUT}/*)
file(GLOB_RECURSE have RELATIVE ${CORPUS} ${CORPUS}/*)
list(SORT want)
list(SORT have)
if(NOT want STREQUAL have)
  set(extra ${have})
  list(REMOVE_ITEM extra ${want})
  set(missing ${want})
  list(REMOVE_ITEM missing ${have})
  message(FATAL_ERROR "tests/fuzz/corpus is stale (scripts/fuzz-campaign --regen-seeds): "
          "missing [${missing}] extra [${extra}]")
endif()
foreach(f ${want})
  file(SHA256 ${OUT}/${f} a)
  file(SHA256 ${CORPUS}/${f} b)
  if(NOT a STREQUAL b)
    message(FATAL_ERROR "tests/fuzz/corpus/${f} differs from the seed generator's output "
            "(scripts/fuzz-campaign --regen-seeds)")
  endif()
endforeach()
list(LENGTH want n)
message(STATUS "${n} seeds up to date")
