;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/errors/imported-memory-max.wat
;; An imported memory with a maximum cannot have its maximum raised for the
;; log buffer.

;; RUN: rm -f %t.out
;; RUN: wat2wasm %s -o %t.in.wasm
;; RUN: not wrr-instrument %t.in.wasm -o %t.out 2>&1 | FileCheck --match-full-lines %s
;; RUN: not test -e %t.out

(module
  (import "env" "memory" (memory 1 16))
  (import "wasi_snapshot_preview1" "sched_yield" (func (result i32))))

;; CHECK:      wrr-instrument: error: imported memories with a maximum size are not supported
