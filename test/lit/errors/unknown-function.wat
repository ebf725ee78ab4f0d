;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/errors/unknown-function.wat
;; A wasi_snapshot_preview1 import that is not a WASI function.

;; RUN: rm -f %t.out
;; RUN: wat2wasm %s -o %t.in.wasm
;; RUN: not wrr-instrument %t.in.wasm -o %t.out 2>&1 | FileCheck --match-full-lines %s
;; RUN: not test -e %t.out

(module
  (import "wasi_snapshot_preview1" "fd_frobnicate" (func (param i32) (result i32)))
  (memory 1))

;; CHECK:      wrr-instrument: error: unknown WASI function wasi_snapshot_preview1.fd_frobnicate
