;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/thunks/clocks.wat
;; Clocks. clock_time_get stores its u64 result with the ClockDelta encoding
;; (rec_clock/rep_clock: a delta against the previous reading of the clock in
;; param 0); clock_res_get's 8-byte result is a plain fixed-size region.
;; clock_time_get's events take the runtime's one-call paths
;; (rec_clock_event, rep_clock_event), which write and read the same bytes.

;; RUN: wat2wasm --debug-names %s -o %t.in.wasm && wrr-instrument %t.in.wasm -o %t.wasm \
;; RUN:   && wasm-validate %t.wasm && wasm2wat --fold-exprs --inline-imports %t.wasm | FileCheck --match-full-lines %s
;; UPDATE: funcs=clock_time_get,clock_res_get

(module
  ;; CHECK-LABEL: (func $clock_time_get (type {{[0-9]+}}) (param i32 i64 i32) (result i32)
  ;; CHECK-NEXT:    (local i64 i32)
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
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (call $wrr.h.clock_time_get
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2))))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_check)
  ;; CHECK-NEXT:        (global.set $wrr.incall
  ;; CHECK-NEXT:          (i32.const 133))
  ;; CHECK-NEXT:        (local.set 3
  ;; CHECK-NEXT:          (i64.mul
  ;; CHECK-NEXT:            (i64.rotl
  ;; CHECK-NEXT:              (i64.add
  ;; CHECK-NEXT:                (i64.mul
  ;; CHECK-NEXT:                  (i64.rotl
  ;; CHECK-NEXT:                    (i64.add
  ;; CHECK-NEXT:                      (i64.const 2870177450012600266)
  ;; CHECK-NEXT:                      (i64.mul
  ;; CHECK-NEXT:                        (i64.extend_i32_u
  ;; CHECK-NEXT:                          (local.get 0))
  ;; CHECK-NEXT:                        (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                    (i64.const 31))
  ;; CHECK-NEXT:                  (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                (i64.mul
  ;; CHECK-NEXT:                  (local.get 1)
  ;; CHECK-NEXT:                  (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:              (i64.const 31))
  ;; CHECK-NEXT:            (i64.const -7046029288634856825)))
  ;; CHECK-NEXT:        (local.set 4
  ;; CHECK-NEXT:          (call $wrr.h.clock_time_get
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)))
  ;; CHECK-NEXT:        (call $wrr.rec_clock_event
  ;; CHECK-NEXT:          (i32.const 5)
  ;; CHECK-NEXT:          (local.get 3)
  ;; CHECK-NEXT:          (local.get 4)
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (local.get 0))
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (local.get 0)
  ;; CHECK-NEXT:          (local.get 2))
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (local.get 4)))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block (result i32)  ;; label = @1
  ;; CHECK-NEXT:      (local.set 3
  ;; CHECK-NEXT:        (i64.mul
  ;; CHECK-NEXT:          (i64.rotl
  ;; CHECK-NEXT:            (i64.add
  ;; CHECK-NEXT:              (i64.mul
  ;; CHECK-NEXT:                (i64.rotl
  ;; CHECK-NEXT:                  (i64.add
  ;; CHECK-NEXT:                    (i64.const 2870177450012600266)
  ;; CHECK-NEXT:                    (i64.mul
  ;; CHECK-NEXT:                      (i64.extend_i32_u
  ;; CHECK-NEXT:                        (local.get 0))
  ;; CHECK-NEXT:                      (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                  (i64.const 31))
  ;; CHECK-NEXT:                (i64.const -7046029288634856825))
  ;; CHECK-NEXT:              (i64.mul
  ;; CHECK-NEXT:                (local.get 1)
  ;; CHECK-NEXT:                (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:            (i64.const 31))
  ;; CHECK-NEXT:          (i64.const -7046029288634856825)))
  ;; CHECK-NEXT:      (call $wrr.rep_clock_event
  ;; CHECK-NEXT:        (i32.const 5)
  ;; CHECK-NEXT:        (local.get 3)
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 0))
  ;; CHECK-NEXT:        (local.get 1)
  ;; CHECK-NEXT:        (i32.const 1)
  ;; CHECK-NEXT:        (local.get 2))))
  (import "wasi_snapshot_preview1" "clock_time_get"
    (func $clock_time_get (param i32 i64 i32) (result i32)))
  ;; CHECK-LABEL: (func $clock_res_get (type {{[0-9]+}}) (param i32 i32) (result i32)
  ;; CHECK-NEXT:    (local i64 i32)
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
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (call $wrr.h.clock_res_get
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1))))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_check)
  ;; CHECK-NEXT:        (global.set $wrr.incall
  ;; CHECK-NEXT:          (i32.const 132))
  ;; CHECK-NEXT:        (local.set 2
  ;; CHECK-NEXT:          (i64.mul
  ;; CHECK-NEXT:            (i64.rotl
  ;; CHECK-NEXT:              (i64.add
  ;; CHECK-NEXT:                (i64.const 2870177450012600265)
  ;; CHECK-NEXT:                (i64.mul
  ;; CHECK-NEXT:                  (i64.extend_i32_u
  ;; CHECK-NEXT:                    (local.get 0))
  ;; CHECK-NEXT:                  (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:              (i64.const 31))
  ;; CHECK-NEXT:            (i64.const -7046029288634856825)))
  ;; CHECK-NEXT:        (local.set 3
  ;; CHECK-NEXT:          (call $wrr.h.clock_res_get
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)))
  ;; CHECK-NEXT:        (call $wrr.rec_begin
  ;; CHECK-NEXT:          (i32.const 4)
  ;; CHECK-NEXT:          (local.get 2)
  ;; CHECK-NEXT:          (local.get 3))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (local.get 0)))
  ;; CHECK-NEXT:        (call $wrr.rec_sent_end)
  ;; CHECK-NEXT:        (if  ;; label = @3
  ;; CHECK-NEXT:          (i32.eqz
  ;; CHECK-NEXT:            (local.get 3))
  ;; CHECK-NEXT:          (then
  ;; CHECK-NEXT:            (call $wrr.rec_fixed
  ;; CHECK-NEXT:              (local.get 1)
  ;; CHECK-NEXT:              (i32.const 8))))
  ;; CHECK-NEXT:        (call $wrr.rec_end)
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (local.get 3)))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block (result i32)  ;; label = @1
  ;; CHECK-NEXT:      (local.set 2
  ;; CHECK-NEXT:        (i64.mul
  ;; CHECK-NEXT:          (i64.rotl
  ;; CHECK-NEXT:            (i64.add
  ;; CHECK-NEXT:              (i64.const 2870177450012600265)
  ;; CHECK-NEXT:              (i64.mul
  ;; CHECK-NEXT:                (i64.extend_i32_u
  ;; CHECK-NEXT:                  (local.get 0))
  ;; CHECK-NEXT:                (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:            (i64.const 31))
  ;; CHECK-NEXT:          (i64.const -7046029288634856825)))
  ;; CHECK-NEXT:      (local.set 3
  ;; CHECK-NEXT:        (call $wrr.rep_begin
  ;; CHECK-NEXT:          (i32.const 4)
  ;; CHECK-NEXT:          (local.get 2)))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 0))
  ;; CHECK-NEXT:        (i32.const 0)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_sent_end
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 3)))
  ;; CHECK-NEXT:      (if  ;; label = @2
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 3))
  ;; CHECK-NEXT:        (then
  ;; CHECK-NEXT:          (call $wrr.rep_fixed
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (i32.const 8))))
  ;; CHECK-NEXT:      (local.get 3)))
  (import "wasi_snapshot_preview1" "clock_res_get"
    (func $clock_res_get (param i32 i32) (result i32)))
  (memory 1)
  (func $main (export "_start")
    ;; monotonic clock, 1 ms precision, result at 16
    (drop (call $clock_time_get (i32.const 1) (i64.const 1000000) (i32.const 16)))
    (drop (call $clock_res_get (i32.const 0) (i32.const 24))))
)
