;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/errors/two-memories.wat
;; Several memories (multi-memory) are refused, imported or not.

;; RUN: rm -f %t.out
;; RUN: wat2wasm --enable-multi-memory %s -o %t.in.wasm
;; RUN: not wrr-instrument %t.in.wasm -o %t.out 2>&1 | FileCheck --match-full-lines %s
;; RUN: not test -e %t.out

(module
  (import "env" "memory" (memory 1))
  (import "wasi_snapshot_preview1" "sched_yield" (func (result i32)))
  (memory 1))

;; CHECK:      wrr-instrument: error: the module uses multi-memory, which wrr cannot instrument (Binaryen 108 does not read today's encoding)
