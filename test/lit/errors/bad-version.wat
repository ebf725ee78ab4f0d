;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/errors/bad-version.wat
;; A core module of another binary version.

;; RUN: rm -f %t.out
;; RUN: printf '\x00asm\x02\x00\x00\x00' > %t.in.wasm
;; RUN: not wrr-instrument %t.in.wasm -o %t.out 2>&1 | FileCheck --match-full-lines %s
;; RUN: not test -e %t.out

;; CHECK:      wrr-instrument: error: unsupported WebAssembly binary version
