;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/module/memory-no-max.wat
;; Without a declared maximum the memory declaration is left as it is; the
;; program's memory.grow is still virtualized, and may reach everything below
;; the reserved pages ($wrr.k.vmax = 65536 - 4).

;; RUN: wat2wasm --debug-names %s -o %t.in.wasm && wrr-instrument %t.in.wasm -o %t.wasm \
;; RUN:   && wasm-validate %t.wasm && wasm2wat --fold-exprs --inline-imports %t.wasm | FileCheck --match-full-lines %s
;; UPDATE: funcs=grow fields=memory names=wrr.k.vmax

;; An imported memory without a maximum is fine too, and stays imported.
;; RUN: wat2wasm --debug-names %inputs/imported-memory.wat -o %t.imp.in.wasm \
;; RUN:   && wrr-instrument %t.imp.in.wasm -o %t.imp.wasm && wasm-validate %t.imp.wasm \
;; RUN:   && wasm2wat --fold-exprs --inline-imports %t.imp.wasm | FileCheck --match-full-lines --check-prefix=IMPORTED %s
;; UPDATE(IMPORTED): fields=memory

(module
  (import "wasi_snapshot_preview1" "sched_yield" (func $sched_yield (result i32)))
  (memory 2)
  ;; CHECK-LABEL: (func $grow (type {{[0-9]+}}) (result i32)
  ;; CHECK-NEXT:    (call $wrr.mem_grow
  ;; CHECK-NEXT:      (i32.const 1)))
  (func $grow (export "grow") (result i32)
    (memory.grow (i32.const 1)))
)

;; CHECK:      (memory (;0;) 2)

;; CHECK:      (global $wrr.k.vmax i32 (i32.const 65532))

;; IMPORTED:      (memory (;0;) (import "env" "memory") 1)
