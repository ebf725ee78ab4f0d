;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/errors/empty-file.wat
;; An empty file.

;; RUN: rm -f %t.out
;; RUN: printf '' > %t.in.wasm
;; RUN: not wrr-instrument %t.in.wasm -o %t.out 2>&1 | FileCheck --match-full-lines %s
;; RUN: not test -e %t.out

;; CHECK:      wrr-instrument: error: not a WebAssembly module (bad magic number)
