# The assembled runtime, optimized by Binaryen's wasm-opt: -O3 with inlining
# of small functions, loops included. The WAT keeps one function per job
# (rep_quick, rep_clock, clk_add, ...); Node 20's V8 inlines no wasm calls,
# so without this a replayed clock read made seven calls.
#
# The pass calls runtime functions and reads runtime globals by name, so
# every function and global is exported while wasm-opt runs (nothing is
# removed, no signature changes) and the exports are taken out after. Names
# the optimizer makes up get the runtime's prefix: the pass refuses modules
# that already have wrr.* names, and only those.
#
# In: WAT, OUT, WAT2WASM, WASM2WAT, WASM_OPT.
file(READ ${WAT} text)
string(REGEX MATCHALL "\\((func|global) \\$[A-Za-z0-9_.]+" decls "${text}")
list(REMOVE_DUPLICATES decls)
set(keep "")
set(i 0)
foreach(d ${decls})
  string(REGEX REPLACE "^\\(([a-z]+) (.*)$" "\\1" kind "${d}")
  string(REGEX REPLACE "^\\(([a-z]+) (.*)$" "\\2" name "${d}")
  string(APPEND keep "(export \"wrr-keep-${i}\" (${kind} ${name}))\n")
  math(EXPR i "${i} + 1")
endforeach()
string(FIND "${text}" ")" close REVERSE)
string(SUBSTRING "${text}" 0 ${close} head)
set(base ${OUT}.tmp)
file(WRITE ${base}.keep.wat "${head}${keep})\n")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}")
  endif()
endfunction()
run(${WAT2WASM} --debug-names ${base}.keep.wat -o ${base}.keep.wasm)
run(${WASM_OPT} ${base}.keep.wasm --enable-bulk-memory --enable-mutable-globals
    -O3 --flexible-inline-max-function-size=150 --inline-functions-with-loops
    --debuginfo -o ${base}.opt.wasm)
run(${WASM2WAT} ${base}.opt.wasm -o ${base}.opt.wat)

file(READ ${base}.opt.wat text)
string(REGEX REPLACE "\\(export \"wrr-keep-[0-9]+\" \\((func|global) [^)]*\\)\\)" "" text "${text}")
string(REGEX REPLACE "\\$byn-([A-Za-z0-9_-]+)\\$wrr\\." "$wrr.byn-\\1." text "${text}")
string(REGEX MATCHALL "\\((func|global) \\$[^ )]+" decls "${text}")
foreach(d ${decls})
  if(NOT d MATCHES "^\\([a-z]+ \\$wrr\\.")
    message(FATAL_ERROR "the optimized runtime has a name without the wrr. prefix: ${d}")
  endif()
endforeach()
file(WRITE ${base}.out.wat "${text}")
run(${WAT2WASM} --debug-names ${base}.out.wat -o ${OUT})
file(REMOVE ${base}.keep.wat ${base}.keep.wasm ${base}.opt.wasm ${base}.opt.wat ${base}.out.wat)
