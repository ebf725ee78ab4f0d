;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/errors/relaxed-simd.wat
;; Relaxed SIMD is refused before Binaryen sees it: Binaryen 108 reads an
;; older encoding of it and would abort on this one. The module is valid, so
;; the message does not call it invalid.

;; RUN: rm -f %t.out
;; RUN: wat2wasm --enable-relaxed-simd %s -o %t.in.wasm
;; RUN: not wrr-instrument %t.in.wasm -o %t.out 2>&1 | FileCheck --match-full-lines %s
;; RUN: not test -e %t.out

(module
  (import "wasi_snapshot_preview1" "sched_yield" (func (result i32)))
  (memory 1)
  (func (result v128)
    (i32x4.relaxed_trunc_f32x4_s (v128.const i32x4 0 0 0 0))))

;; CHECK:      wrr-instrument: error: the module uses relaxed SIMD, which wrr cannot instrument (Binaryen 108 does not read today's encoding)
