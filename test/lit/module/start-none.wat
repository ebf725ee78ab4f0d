;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/module/start-none.wat
;; Without a start function, $wrr.reserve itself becomes the start function.
;; _initialize (a reactor) is wrapped by $wrr.initialize, which sets up but
;; does not finish the trace.

;; RUN: wat2wasm --debug-names %s -o %t.in.wasm && wrr-instrument %t.in.wasm -o %t.wasm \
;; RUN:   && wasm-validate %t.wasm && wasm2wat --fold-exprs --inline-imports %t.wasm | FileCheck --match-full-lines %s
;; UPDATE: funcs=wrr.initialize fields=export,start

(module
  (import "wasi_snapshot_preview1" "sched_yield" (func $sched_yield (result i32)))
  (memory 1)
  (func $init (export "_initialize")
    (drop (call $sched_yield)))
  (func $work (export "work") (result i32)
    (call $sched_yield))
)

;; CHECK-LABEL: (func $wrr.initialize (type {{[0-9]+}})
;; CHECK-NEXT:    (call $wrr.init)
;; CHECK-NEXT:    (call $init))

;; CHECK:      (export "work" (func $work))
;; CHECK-NEXT: (export "wrr_trapped" (func $wrr.trapped))
;; CHECK-NEXT: (export "wrr_stopped" (func $wrr.stopped))
;; CHECK-NEXT: (export "_initialize" (func $wrr.initialize))
;; CHECK-NEXT: (start $wrr.reserve))
