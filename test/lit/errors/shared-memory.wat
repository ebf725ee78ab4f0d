;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/errors/shared-memory.wat
;; Shared memory (threads) is refused.

;; RUN: rm -f %t.out
;; RUN: wat2wasm --enable-threads %s -o %t.in.wasm
;; RUN: not wrr-instrument %t.in.wasm -o %t.out 2>&1 | FileCheck --match-full-lines %s
;; RUN: not test -e %t.out

(module
  (import "wasi_snapshot_preview1" "sched_yield" (func (result i32)))
  (memory 1 2 shared))

;; CHECK:      wrr-instrument: error: shared memory (threads) is not supported yet
