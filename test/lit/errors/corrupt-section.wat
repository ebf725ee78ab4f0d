;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/errors/corrupt-section.wat
;; A type section whose one entry has an invalid form byte (0x61 instead of
;; 0x60), and a section whose size runs past the end of the file.

;; RUN: rm -f %t.out
;; RUN: printf '\x00asm\x01\x00\x00\x00\x01\x04\x01\x61\x00\x00' > %t.in.wasm
;; RUN: not wrr-instrument %t.in.wasm -o %t.out 2>&1 | FileCheck --match-full-lines %s
;; RUN: printf '\x00asm\x01\x00\x00\x00\x01\x7f\x01\x60\x00\x00' > %t.size.wasm
;; RUN: not wrr-instrument %t.size.wasm -o %t.out 2>&1 | FileCheck --match-full-lines --check-prefix=SIZE %s
;; RUN: not test -e %t.out

;; CHECK:      wrr-instrument: error: invalid module: unexpected type form (got -0x1f) (at byte 12)

;; SIZE:      wrr-instrument: error: invalid module: invalid section size: extends past end (at byte 10)
