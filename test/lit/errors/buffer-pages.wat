;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/errors/buffer-pages.wat
;; --buffer-pages must be between 1 and 1024.

;; RUN: rm -f %t.out
;; RUN: wat2wasm %s -o %t.in.wasm
;; RUN: not wrr-instrument --buffer-pages 0 %t.in.wasm -o %t.out 2>&1 | FileCheck --match-full-lines --check-prefix=ZERO %s
;; RUN: not test -e %t.out
;; RUN: not wrr-instrument --buffer-pages=1025 %t.in.wasm -o %t.out 2>&1 | FileCheck --match-full-lines --check-prefix=BIG %s
;; RUN: not test -e %t.out
;; RUN: not wrr-instrument --buffer-pages=-1 %t.in.wasm -o %t.out 2>&1 | FileCheck --match-full-lines --check-prefix=NEG %s
;; RUN: not test -e %t.out

(module
  (import "wasi_snapshot_preview1" "sched_yield" (func (result i32)))
  (memory 1))

;; ZERO:      wrr-instrument: error: buffer pages must be between 1 and 1024

;; BIG:      wrr-instrument: error: buffer pages must be between 1 and 1024

;; NEG:      wrr-instrument: for the --buffer-pages option: '-1' value invalid for uint argument!
