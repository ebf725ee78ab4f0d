;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/host-module/thunks.wat
;; A non-WASI function import becomes a thunk of the same name that imports
;; the real one as $wrr.h.MODULE.NAME: it records the call (import call:
;; module, name, arguments) and the host's answer (import return), or in
;; replay checks the call, re-enacts what the host did inside it
;; ($wrr.dispatch: host writes, calls into exports) and answers from the
;; trace.

;; RUN: wat2wasm --debug-names %s -o %t.in.wasm && wrr-instrument %t.in.wasm -o %t.wasm \
;; RUN:   && wasm-validate %t.wasm && wasm2wat --fold-exprs --inline-imports %t.wasm | FileCheck --match-full-lines %s
;; UPDATE: funcs=host_value,wrr.g.host_name

(module
  (import "wasi_snapshot_preview1" "sched_yield" (func $yield (result i32)))
  ;; CHECK-LABEL: (func $wrr.g.host_name (type {{[0-9]+}}) (param i32 i32) (result i32)
  ;; CHECK-NEXT:    (if  ;; label = @1
  ;; CHECK-NEXT:      (i32.eq
  ;; CHECK-NEXT:        (local.get 0)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (then
  ;; CHECK-NEXT:        (i64.store align=1
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (i64.const 7286952231930195305))
  ;; CHECK-NEXT:        (i64.store offset=8 align=1
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (i64.const 6878249453228029550))
  ;; CHECK-NEXT:        (i32.store8 offset=16
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (i32.const 118))
  ;; CHECK-NEXT:        (i32.store8 offset=17
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (i32.const 97))
  ;; CHECK-NEXT:        (i32.store8 offset=18
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (i32.const 108))
  ;; CHECK-NEXT:        (i32.store8 offset=19
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (i32.const 117))
  ;; CHECK-NEXT:        (i32.store8 offset=20
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (i32.const 101))
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (i32.const 21))))
  ;; CHECK-NEXT:    (block  ;; label = @1
  ;; CHECK-NEXT:      (i32.store8
  ;; CHECK-NEXT:        (local.get 1)
  ;; CHECK-NEXT:        (i32.const 63))
  ;; CHECK-NEXT:      (return
  ;; CHECK-NEXT:        (i32.const 1)))
  ;; CHECK-NEXT:    (unreachable))

  ;; CHECK-LABEL: (func $host_value (type {{[0-9]+}}) (param i32 f64) (result i64)
  ;; CHECK-NEXT:    (local i64)
  ;; CHECK-NEXT:    (block  ;; label = @1
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (block  ;; label = @3
  ;; CHECK-NEXT:          (br_table 0 (;@3;) 0 (;@3;) 1 (;@2;) 2 (;@1;) 0 (;@3;) 0 (;@3;)
  ;; CHECK-NEXT:            (global.get $wrr.mode)))
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (call $wrr.h.env.host_value
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1))))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_check)
  ;; CHECK-NEXT:        (call $wrr.rec_special
  ;; CHECK-NEXT:          (global.get $wrr.k.import_call))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.const 3))
  ;; CHECK-NEXT:        (call $wrr.rec_chunk
  ;; CHECK-NEXT:          (i64.const 7761509)
  ;; CHECK-NEXT:          (i32.const 3))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.const 10))
  ;; CHECK-NEXT:        (call $wrr.rec_chunk
  ;; CHECK-NEXT:          (i64.const 7809653381184843624)
  ;; CHECK-NEXT:          (i32.const 8))
  ;; CHECK-NEXT:        (call $wrr.rec_chunk
  ;; CHECK-NEXT:          (i64.const 25973)
  ;; CHECK-NEXT:          (i32.const 2))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (i32.add
  ;; CHECK-NEXT:              (call $wrr.val_len
  ;; CHECK-NEXT:                (i64.extend_i32_u
  ;; CHECK-NEXT:                  (local.get 0)))
  ;; CHECK-NEXT:              (call $wrr.val_len
  ;; CHECK-NEXT:                (i64.reinterpret_f64
  ;; CHECK-NEXT:                  (local.get 1))))))
  ;; CHECK-NEXT:        (call $wrr.rec_val
  ;; CHECK-NEXT:          (i32.const 127)
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (local.get 0)))
  ;; CHECK-NEXT:        (call $wrr.rec_val
  ;; CHECK-NEXT:          (i32.const 124)
  ;; CHECK-NEXT:          (i64.reinterpret_f64
  ;; CHECK-NEXT:            (local.get 1)))
  ;; CHECK-NEXT:        (call $wrr.rec_end)
  ;; CHECK-NEXT:        (local.set 2
  ;; CHECK-NEXT:          (call $wrr.h.env.host_value
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)))
  ;; CHECK-NEXT:        (if  ;; label = @3
  ;; CHECK-NEXT:          (i32.eq
  ;; CHECK-NEXT:            (global.get $wrr.mode)
  ;; CHECK-NEXT:            (i32.const 2))
  ;; CHECK-NEXT:          (then
  ;; CHECK-NEXT:            (call $wrr.guard_check)
  ;; CHECK-NEXT:            (call $wrr.rec_special
  ;; CHECK-NEXT:              (global.get $wrr.k.import_return))
  ;; CHECK-NEXT:            (call $wrr.rec_uleb
  ;; CHECK-NEXT:              (i64.extend_i32_u
  ;; CHECK-NEXT:                (call $wrr.val_len
  ;; CHECK-NEXT:                  (local.get 2))))
  ;; CHECK-NEXT:            (call $wrr.rec_val
  ;; CHECK-NEXT:              (i32.const 126)
  ;; CHECK-NEXT:              (local.get 2))
  ;; CHECK-NEXT:            (call $wrr.rec_end)))
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (local.get 2)))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block (result i64)  ;; label = @1
  ;; CHECK-NEXT:      (call $wrr.rep_import
  ;; CHECK-NEXT:        (i32.const 0)
  ;; CHECK-NEXT:        (i64.const 3216004489551681598))
  ;; CHECK-NEXT:      (call $wrr.rep_host_arg
  ;; CHECK-NEXT:        (i32.const 127)
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 0))
  ;; CHECK-NEXT:        (i32.const 0)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_host_arg
  ;; CHECK-NEXT:        (i32.const 124)
  ;; CHECK-NEXT:        (i64.reinterpret_f64
  ;; CHECK-NEXT:          (local.get 1))
  ;; CHECK-NEXT:        (i32.const 1)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_vals_end
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.dispatch)
  ;; CHECK-NEXT:      (call $wrr.rep_expect
  ;; CHECK-NEXT:        (global.get $wrr.k.import_return)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_vals)
  ;; CHECK-NEXT:      (local.set 2
  ;; CHECK-NEXT:        (call $wrr.rep_val
  ;; CHECK-NEXT:          (i32.const 126)
  ;; CHECK-NEXT:          (i32.const 0)))
  ;; CHECK-NEXT:      (call $wrr.rep_vals_end
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (local.get 2)))
  (import "env" "host_value" (func $host_value (param i32 f64) (result i64)))
  (memory 1)
  (func $run (drop (call $yield)) (drop (call $host_value (i32.const 3) (f64.const 1.5))))
  (start $run))
