// Redirects a module's own memory.size / memory.grow to helper functions, so
// that the instrumented module observes (and can record or replay) every
// change to its linear memory size.
#ifndef WRR_PASSES_MEMORY_OPS_H
#define WRR_PASSES_MEMORY_OPS_H

#include <string_view>
#include <vector>

#include <binaryen-c.h>

#include "llvm/Support/Error.h"

namespace wrr {

// Replaces every `memory.size` with `(call $sizeFn)` and every
// `memory.grow X` with `(call $growFn X)` in the bodies of all defined
// (non-imported) functions whose name does not start with `skipPrefix` (an
// empty prefix skips nothing). `sizeFn` ([] -> [i32]) and `growFn`
// ([i32] -> [i32]) are called by name: they need not exist yet, only by the
// time the module is validated (the pass adds them afterwards, so that the
// runtime's own memory operations stay real).
//
// Returns how many expressions were replaced, or the error
// "unsupported expression kind N in function F" if some function contains an
// expression whose children the Binaryen C API cannot reach (GC
// instructions). On error the module is left unchanged.
//
// With `trapFn` ([] -> []), every `unreachable` also becomes
// `(block (call $trapFn) (unreachable))`: the program still traps there,
// after the runtime has ended its trace; nothing runs until it traps.
//
// With `only`, only the defined functions it marks (by their index among
// the defined functions) are walked: those known to hold something to
// replace.
llvm::Expected<unsigned> virtualizeMemoryOps(BinaryenModuleRef module,
                                             const char *sizeFn,
                                             const char *growFn,
                                             std::string_view skipPrefix,
                                             const char *trapFn = nullptr,
                                             const std::vector<bool> *only = nullptr);

} // namespace wrr

#endif // WRR_PASSES_MEMORY_OPS_H
