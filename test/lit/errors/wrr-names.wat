;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/errors/wrr-names.wat
;; Without the custom section (stripped), functions named wrr.* still show
;; that the module went through wrr-instrument, or would clash with its own.

;; RUN: rm -f %t.out
;; RUN: wat2wasm --debug-names %s -o %t.in.wasm
;; RUN: not wrr-instrument %t.in.wasm -o %t.out 2>&1 | FileCheck --match-full-lines %s
;; RUN: not test -e %t.out

(module
  (import "wasi_snapshot_preview1" "sched_yield" (func $sched_yield (result i32)))
  (memory 1)
  (func $wrr.init))

;; CHECK:      wrr-instrument: error: module already has functions named wrr.*; was it instrumented before?
