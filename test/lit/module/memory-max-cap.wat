;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/module/memory-max-cap.wat
;; A maximum close to the 4 GiB limit is raised only up to 65536 pages; the
;; program's virtual maximum is then what is left under the buffer.

;; RUN: wat2wasm --debug-names %s -o %t.in.wasm && wrr-instrument %t.in.wasm -o %t.wasm \
;; RUN:   && wasm-validate %t.wasm && wasm2wat --fold-exprs --inline-imports %t.wasm | FileCheck --match-full-lines %s
;; UPDATE: fields=memory names=wrr.k.pages,wrr.k.vmax

(module
  (import "wasi_snapshot_preview1" "sched_yield" (func $sched_yield (result i32)))
  ;; CHECK:      (memory (;0;) 1 65536)
  (memory 1 65535)
)

;; CHECK:      (global $wrr.k.pages i32 (i32.const 4))
;; CHECK-NEXT: (global $wrr.k.vmax i32 (i32.const 65532))
