;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/errors/component.wat
;; A component-model binary (layer 1, version 0x0d) is recognized as such.

;; RUN: rm -f %t.out
;; RUN: printf '\x00asm\x0d\x00\x01\x00' > %t.in.wasm
;; RUN: not wrr-instrument %t.in.wasm -o %t.out 2>&1 | FileCheck --match-full-lines %s
;; RUN: not test -e %t.out

;; CHECK:      wrr-instrument: error: this is a component-model binary; wrr instruments core modules (extract the core module first)
