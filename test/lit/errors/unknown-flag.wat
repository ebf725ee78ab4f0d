;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/errors/unknown-flag.wat
;; An option wrr-instrument does not have.

;; RUN: rm -f %t.out
;; RUN: wat2wasm %s -o %t.in.wasm
;; RUN: not wrr-instrument --frobnicate %t.in.wasm -o %t.out 2>&1 | FileCheck --match-full-lines %s
;; RUN: not test -e %t.out

(module
  (import "wasi_snapshot_preview1" "sched_yield" (func (result i32)))
  (memory 1))

;; CHECK:      wrr-instrument: Unknown command line argument '--frobnicate'.  Try: 'wrr-instrument --help'
;; CHECK-NEXT: wrr-instrument: Did you mean '--identity'?
