;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/errors/missing-input.wat
;; An input file that does not exist.

;; RUN: rm -f %t.out
;; RUN: rm -f %t.in.wasm
;; RUN: not wrr-instrument %t.in.wasm -o %t.out 2>&1 | FileCheck --match-full-lines %s
;; RUN: not test -e %t.out

;; CHECK:      wrr-instrument: error: cannot read '{{.*}}/Output/missing-input.wat.tmp.in.wasm': No such file or directory
