;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/errors/no-memory.wat
;; WASI imports need a memory to pass their arguments in.

;; RUN: rm -f %t.out
;; RUN: wat2wasm %s -o %t.in.wasm
;; RUN: not wrr-instrument %t.in.wasm -o %t.out 2>&1 | FileCheck --match-full-lines %s
;; RUN: not test -e %t.out

(module
  (import "wasi_snapshot_preview1" "sched_yield" (func (result i32))))

;; CHECK:      wrr-instrument: error: module imports WASI functions but has no memory
