;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/errors/already-instrumented.wat
;; Instrumenting an instrumented module again is refused (its custom section
;; says so); the first output is left alone.

;; RUN: rm -f %t.out
;; RUN: wat2wasm %s -o %t.in.wasm && wrr-instrument %t.in.wasm -o %t.once.wasm
;; RUN: cp %t.once.wasm %t.once.copy.wasm
;; RUN: not wrr-instrument %t.once.wasm -o %t.out 2>&1 | FileCheck --match-full-lines %s
;; RUN: cmp %t.once.wasm %t.once.copy.wasm
;; RUN: not test -e %t.out

(module
  (import "wasi_snapshot_preview1" "sched_yield" (func $sched_yield (result i32)))
  (memory 1))

;; CHECK:      wrr-instrument: error: module is already instrumented by wrr
