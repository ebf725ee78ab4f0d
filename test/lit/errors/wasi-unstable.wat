;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/errors/wasi-unstable.wat
;; The legacy wasi_unstable module name is refused, with a hint.

;; RUN: rm -f %t.out
;; RUN: wat2wasm %s -o %t.in.wasm
;; RUN: not wrr-instrument %t.in.wasm -o %t.out 2>&1 | FileCheck --match-full-lines %s
;; RUN: not test -e %t.out

(module
  (import "wasi_unstable" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
  (memory 1))

;; CHECK:      wrr-instrument: error: legacy wasi_unstable imports are not supported; rebuild the module against wasi_snapshot_preview1
