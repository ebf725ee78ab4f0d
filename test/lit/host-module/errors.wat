;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/host-module/errors.wat
;; wrr cannot record an import whose values are not numbers: one line.

;; RUN: wat2wasm --enable-all %s -o %t.in.wasm && not wrr-instrument %t.in.wasm -o %t.wasm 2>&1 \
;; RUN:   | FileCheck --match-full-lines %s

(module
  (import "wasi_snapshot_preview1" "sched_yield" (func $yield (result i32)))
  (import "env" "vec" (func $vec (param v128)))
  (memory 1))

;; CHECK:      wrr-instrument: error: the import env.vec takes or returns a type wrr cannot record (only i32, i64, f32 and f64)
