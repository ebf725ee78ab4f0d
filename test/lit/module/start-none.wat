;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/module/start-none.wat
;; Without a start function, $wrr.reserve itself becomes the start function.
;; _initialize (a reactor) is wrapped as every export is ($wrr.x._initialize,
;; test/lit/host-module): it sets up first and records the host's call, but
;; does not finish the trace.

;; RUN: wat2wasm --debug-names %s -o %t.in.wasm && wrr-instrument %t.in.wasm -o %t.wasm \
;; RUN:   && wasm-validate %t.wasm && wasm2wat --fold-exprs --inline-imports %t.wasm | FileCheck --match-full-lines %s
;; UPDATE: funcs=wrr.x._initialize fields=export,start

(module
  (import "wasi_snapshot_preview1" "sched_yield" (func $sched_yield (result i32)))
  (memory 1)
  (func $init (export "_initialize")
    (drop (call $sched_yield)))
  (func $work (export "work") (result i32)
    (call $sched_yield))
)

;; CHECK-LABEL: (func $wrr.x._initialize (type {{[0-9]+}})
;; CHECK-NEXT:    (local i32)
;; CHECK-NEXT:    (if  ;; label = @1
;; CHECK-NEXT:      (i32.eqz
;; CHECK-NEXT:        (global.get $wrr.mode))
;; CHECK-NEXT:      (then
;; CHECK-NEXT:        (call $wrr.init)))
;; CHECK-NEXT:    (block  ;; label = @1
;; CHECK-NEXT:      (block  ;; label = @2
;; CHECK-NEXT:        (block  ;; label = @3
;; CHECK-NEXT:          (br_table 0 (;@3;) 0 (;@3;) 1 (;@2;) 2 (;@1;) 0 (;@3;) 0 (;@3;)
;; CHECK-NEXT:            (global.get $wrr.mode)))
;; CHECK-NEXT:        (block  ;; label = @3
;; CHECK-NEXT:          (call $init)
;; CHECK-NEXT:          (return))
;; CHECK-NEXT:        (unreachable))
;; CHECK-NEXT:      (block  ;; label = @2
;; CHECK-NEXT:        (call $wrr.guard_check)
;; CHECK-NEXT:        (local.set 0
;; CHECK-NEXT:          (global.get $wrr.incall))
;; CHECK-NEXT:        (call $wrr.rec_special
;; CHECK-NEXT:          (global.get $wrr.k.export_call))
;; CHECK-NEXT:        (call $wrr.rec_uleb
;; CHECK-NEXT:          (i64.const 11))
;; CHECK-NEXT:        (call $wrr.rec_chunk
;; CHECK-NEXT:          (i64.const 7809639177543117151)
;; CHECK-NEXT:          (i32.const 8))
;; CHECK-NEXT:        (call $wrr.rec_chunk
;; CHECK-NEXT:          (i64.const 6650473)
;; CHECK-NEXT:          (i32.const 3))
;; CHECK-NEXT:        (call $wrr.rec_uleb
;; CHECK-NEXT:          (i64.extend_i32_u
;; CHECK-NEXT:            (i32.const 0)))
;; CHECK-NEXT:        (call $wrr.rec_end)
;; CHECK-NEXT:        (call $init)
;; CHECK-NEXT:        (if  ;; label = @3
;; CHECK-NEXT:          (i32.eq
;; CHECK-NEXT:            (global.get $wrr.mode)
;; CHECK-NEXT:            (i32.const 2))
;; CHECK-NEXT:          (then
;; CHECK-NEXT:            (call $wrr.guard_check)
;; CHECK-NEXT:            (call $wrr.rec_special
;; CHECK-NEXT:              (global.get $wrr.k.export_return))
;; CHECK-NEXT:            (call $wrr.rec_uleb
;; CHECK-NEXT:              (i64.extend_i32_u
;; CHECK-NEXT:                (i32.const 0)))
;; CHECK-NEXT:            (call $wrr.rec_end)))
;; CHECK-NEXT:        (global.set $wrr.incall
;; CHECK-NEXT:          (local.get 0))
;; CHECK-NEXT:        (return))
;; CHECK-NEXT:      (unreachable))
;; CHECK-NEXT:    (block  ;; label = @1
;; CHECK-NEXT:      (call $wrr.host_in_replay
;; CHECK-NEXT:        (i32.const 0))
;; CHECK-NEXT:      (unreachable))
;; CHECK-NEXT:    (unreachable))

;; CHECK:      (export "wrr_trapped" (func $wrr.trapped))
;; CHECK-NEXT: (export "wrr_stopped" (func $wrr.stopped))
;; CHECK-NEXT: (export "wrr_program_bytes" (func $wrr.program_bytes))
;; CHECK-NEXT: (export "wrr_host_write" (func $wrr.host_write))
;; CHECK-NEXT: (export "wrr_host_returned" (func $wrr.host_returned))
;; CHECK-NEXT: (export "wrr_host_idle" (func $wrr.host_idle))
;; CHECK-NEXT: (export "wrr_replay_host" (func $wrr.replay_host))
;; CHECK-NEXT: (export "_initialize" (func $wrr.x._initialize))
;; CHECK-NEXT: (export "work" (func $wrr.x.work))
;; CHECK-NEXT: (start $wrr.reserve))
