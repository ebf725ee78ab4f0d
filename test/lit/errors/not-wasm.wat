;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/errors/not-wasm.wat
;; A file that is not WebAssembly at all.

;; RUN: rm -f %t.out
;; RUN: printf 'hello, world' > %t.in.wasm
;; RUN: not wrr-instrument %t.in.wasm -o %t.out 2>&1 | FileCheck --match-full-lines %s
;; RUN: not test -e %t.out

;; CHECK:      wrr-instrument: error: not a WebAssembly module (bad magic number)
