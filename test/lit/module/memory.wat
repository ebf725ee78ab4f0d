;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/module/memory.wat
;; memory.size and memory.grow in the program's own functions become calls
;; to $wrr.mem_size / $wrr.mem_grow, which hide the log buffer's pages at the
;; top of memory. The declared maximum is raised by the reserved pages
;; (default 4) so the buffer still fits when the program has grown to its
;; maximum; $wrr.k.vmax keeps the program's own maximum.

;; RUN: wat2wasm --debug-names %s -o %t.in.wasm && wrr-instrument %t.in.wasm -o %t.wasm \
;; RUN:   && wasm-validate %t.wasm && wasm2wat --fold-exprs --inline-imports %t.wasm | FileCheck --match-full-lines %s
;; UPDATE: funcs=size,grow,grow_twice,wrr.mem_size fields=memory names=wrr.k.vmax

;; With --buffer-pages 2, the maximum grows by 2 and the constants follow.
;; RUN: wrr-instrument --buffer-pages 2 %t.in.wasm -o %t.2.wasm \
;; RUN:   && wasm-validate %t.2.wasm && wasm2wat --fold-exprs --inline-imports %t.2.wasm | FileCheck --match-full-lines --check-prefix=PAGES2 %s
;; UPDATE(PAGES2): fields=memory names=wrr.k.pages,wrr.k.vmax

(module
  (import "wasi_snapshot_preview1" "sched_yield" (func $sched_yield (result i32)))
  ;; PAGES2:      (memory (;0;) 1 10)
  (memory (export "memory") 1 8)
  ;; CHECK-LABEL: (func $size (type {{[0-9]+}}) (result i32)
  ;; CHECK-NEXT:    (call $wrr.mem_size))
  (func $size (export "size") (result i32)
    (memory.size))
  ;; CHECK-LABEL: (func $grow (type {{[0-9]+}}) (param $pages i32) (result i32)
  ;; CHECK-NEXT:    (call $wrr.mem_grow
  ;; CHECK-NEXT:      (local.get $pages)))
  (func $grow (export "grow") (param $pages i32) (result i32)
    (memory.grow (local.get $pages)))
  ;; CHECK-LABEL: (func $grow_twice (type {{[0-9]+}}) (result i32)
  ;; CHECK-NEXT:    (drop
  ;; CHECK-NEXT:      (call $wrr.mem_grow
  ;; CHECK-NEXT:        (call $wrr.mem_size)))
  ;; CHECK-NEXT:    (i32.add
  ;; CHECK-NEXT:      (call $wrr.mem_size)
  ;; CHECK-NEXT:      (call $sched_yield)))
  (func $grow_twice (export "grow_twice") (result i32)
    ;; nested: the grow's operand is itself virtualized
    (drop (memory.grow (memory.size)))
    (i32.add (memory.size) (call $sched_yield)))
)

;; CHECK-LABEL: (func $wrr.mem_size (type {{[0-9]+}}) (result i32)
;; CHECK-NEXT:    (i32.sub
;; CHECK-NEXT:      (memory.size)
;; CHECK-NEXT:      (global.get $wrr.reserved)))

;; CHECK:      (memory (;0;) 1 12)

;; CHECK:      (global $wrr.k.vmax i32 (i32.const 8))

;; PAGES2:      (global $wrr.k.pages i32 (i32.const 2))
;; PAGES2-NEXT: (global $wrr.k.vmax i32 (i32.const 8))
