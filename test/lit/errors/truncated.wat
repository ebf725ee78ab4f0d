;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/errors/truncated.wat
;; A module cut off in the middle of its import section.

;; RUN: rm -f %t.out
;; RUN: wat2wasm %s -o %t.full.wasm && head -c 30 %t.full.wasm > %t.in.wasm
;; RUN: not wrr-instrument %t.in.wasm -o %t.out 2>&1 | FileCheck --match-full-lines %s
;; RUN: not test -e %t.out

(module
  (import "wasi_snapshot_preview1" "sched_yield" (func (result i32)))
  (memory 1))

;; CHECK:      wrr-instrument: error: invalid module: invalid section size: extends past end (at byte 17)
