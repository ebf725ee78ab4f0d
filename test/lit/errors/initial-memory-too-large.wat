;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/errors/initial-memory-too-large.wat
;; An initial memory so large that the log buffer does not fit below 4 GiB;
;; with a smaller buffer it fits.

;; RUN: rm -f %t.out
;; RUN: wat2wasm %s -o %t.in.wasm
;; RUN: not wrr-instrument %t.in.wasm -o %t.out 2>&1 | FileCheck --match-full-lines %s
;; RUN: not wrr-instrument --buffer-pages 3 %t.in.wasm -o %t.out 2>&1 | FileCheck --match-full-lines --check-prefix=THREE %s
;; RUN: not test -e %t.out
;; RUN: wrr-instrument --buffer-pages 2 %t.in.wasm -o %t.two.wasm
;; RUN: rm %t.two.wasm
;; RUN: not test -e %t.out

(module
  (import "wasi_snapshot_preview1" "sched_yield" (func (result i32)))
  (memory 65534))

;; CHECK:      wrr-instrument: error: the module's initial memory leaves no room for wrr's 4-page log buffer

;; THREE:      wrr-instrument: error: the module's initial memory leaves no room for wrr's 3-page log buffer
