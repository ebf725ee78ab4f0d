;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/thunks/proc-raise.wat
;; proc_raise may end the process: record logs the call and flushes the log
;; before making it, then logs its result (rec_raise_result). Replay raises
;; the signal again if the recording ended there (rep_raise_ended), exiting
;; with 128 + signal if the engine returns, and otherwise returns the
;; recorded result.

;; RUN: wat2wasm --debug-names %s -o %t.in.wasm && wrr-instrument %t.in.wasm -o %t.wasm \
;; RUN:   && wasm-validate %t.wasm && wasm2wat --fold-exprs --inline-imports %t.wasm | FileCheck --match-full-lines %s
;; UPDATE: funcs=proc_raise

(module
  ;; CHECK-LABEL: (func $proc_raise (type {{[0-9]+}}) (param i32) (result i32)
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
  ;; CHECK-NEXT:          (call $wrr.h.proc_raise
  ;; CHECK-NEXT:            (local.get 0))))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_check)
  ;; CHECK-NEXT:        (global.set $wrr.incall
  ;; CHECK-NEXT:          (i32.const 167))
  ;; CHECK-NEXT:        (local.set 1
  ;; CHECK-NEXT:          (i64.mul
  ;; CHECK-NEXT:            (i64.rotl
  ;; CHECK-NEXT:              (i64.add
  ;; CHECK-NEXT:                (i64.const 2870177450012600300)
  ;; CHECK-NEXT:                (i64.mul
  ;; CHECK-NEXT:                  (i64.extend_i32_u
  ;; CHECK-NEXT:                    (local.get 0))
  ;; CHECK-NEXT:                  (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:              (i64.const 31))
  ;; CHECK-NEXT:            (i64.const -7046029288634856825)))
  ;; CHECK-NEXT:        (call $wrr.rec_begin
  ;; CHECK-NEXT:          (i32.const 39)
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (i32.const 0))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (local.get 0)))
  ;; CHECK-NEXT:        (global.set $wrr.cpos
  ;; CHECK-NEXT:          (global.get $wrr.pos))
  ;; CHECK-NEXT:        (call $wrr.flush
  ;; CHECK-NEXT:          (i32.const 0))
  ;; CHECK-NEXT:        (local.set 2
  ;; CHECK-NEXT:          (call $wrr.h.proc_raise
  ;; CHECK-NEXT:            (local.get 0)))
  ;; CHECK-NEXT:        (call $wrr.rec_raise_result
  ;; CHECK-NEXT:          (local.get 2))
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (local.get 2)))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block (result i32)  ;; label = @1
  ;; CHECK-NEXT:      (local.set 1
  ;; CHECK-NEXT:        (i64.mul
  ;; CHECK-NEXT:          (i64.rotl
  ;; CHECK-NEXT:            (i64.add
  ;; CHECK-NEXT:              (i64.const 2870177450012600300)
  ;; CHECK-NEXT:              (i64.mul
  ;; CHECK-NEXT:                (i64.extend_i32_u
  ;; CHECK-NEXT:                  (local.get 0))
  ;; CHECK-NEXT:                (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:            (i64.const 31))
  ;; CHECK-NEXT:          (i64.const -7046029288634856825)))
  ;; CHECK-NEXT:      (drop
  ;; CHECK-NEXT:        (call $wrr.rep_begin
  ;; CHECK-NEXT:          (i32.const 39)
  ;; CHECK-NEXT:          (local.get 1)))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 0))
  ;; CHECK-NEXT:        (i32.const 107)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_sent_end
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (if  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.rep_raise_ended)
  ;; CHECK-NEXT:        (then
  ;; CHECK-NEXT:          (drop
  ;; CHECK-NEXT:            (call $wrr.h.proc_raise
  ;; CHECK-NEXT:              (local.get 0)))
  ;; CHECK-NEXT:          (call $wrr.raise_survived
  ;; CHECK-NEXT:            (local.get 0))
  ;; CHECK-NEXT:          (unreachable)))
  ;; CHECK-NEXT:      (call $wrr.rep_raise_result)))
  (import "wasi_snapshot_preview1" "proc_raise"
    (func $proc_raise (param i32) (result i32)))
  (memory 1)
  (func $main (export "_start")
    (drop (call $proc_raise (i32.const 15))))
)
