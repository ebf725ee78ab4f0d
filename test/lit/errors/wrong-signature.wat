;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/errors/wrong-signature.wat
;; A WASI function imported with a type that is not its WASI type: a wrong
;; parameter type, and a result that proc_exit does not have.

;; RUN: rm -f %t.out
;; RUN: wat2wasm %s -o %t.in.wasm
;; RUN: not wrr-instrument %t.in.wasm -o %t.out 2>&1 | FileCheck --match-full-lines %s
;; RUN: wat2wasm %inputs/proc-exit-result.wat -o %t.exit.wasm
;; RUN: not wrr-instrument %t.exit.wasm -o %t.out 2>&1 | FileCheck --match-full-lines --check-prefix=EXIT %s
;; RUN: not test -e %t.out

(module
  (import "wasi_snapshot_preview1" "fd_seek" (func (param i32 i32 i32 i32) (result i32)))
  (memory 1))

;; CHECK:      wrr-instrument: error: wasi_snapshot_preview1.fd_seek is imported with type (i32 i32 i32 i32) -> (i32), which is not WASI's

;; EXIT:      wrr-instrument: error: wasi_snapshot_preview1.proc_exit is imported with type (i32) -> (i32), which is not WASI's
