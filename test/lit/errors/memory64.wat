;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/errors/memory64.wat
;; A 64-bit memory is refused.

;; RUN: rm -f %t.out
;; RUN: wat2wasm --enable-memory64 %s -o %t.in.wasm
;; RUN: not wrr-instrument %t.in.wasm -o %t.out 2>&1 | FileCheck --match-full-lines %s
;; RUN: not test -e %t.out

(module
  (import "wasi_snapshot_preview1" "sched_yield" (func (result i32)))
  (memory i64 1))

;; CHECK:      wrr-instrument: error: memory64 is not supported
