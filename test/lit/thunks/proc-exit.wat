;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/thunks/proc-exit.wat
;; proc_exit does not return: in record the thunk logs the call and finishes
;; the trace (rec_finish) before exiting; in replay it checks the call and
;; the end of the trace (rep_finish), then exits with the program's code.

;; RUN: wat2wasm --debug-names %s -o %t.in.wasm && wrr-instrument %t.in.wasm -o %t.wasm \
;; RUN:   && wasm-validate %t.wasm && wasm2wat --fold-exprs --inline-imports %t.wasm | FileCheck --match-full-lines %s
;; UPDATE: funcs=proc_exit

(module
  ;; CHECK-LABEL: (func $proc_exit (type {{[0-9]+}}) (param i32)
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
  ;; CHECK-NEXT:        (block  ;; label = @3
  ;; CHECK-NEXT:          (call $wrr.h.proc_exit
  ;; CHECK-NEXT:            (local.get 0))
  ;; CHECK-NEXT:          (return))
  ;; CHECK-NEXT:        (unreachable))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_last)
  ;; CHECK-NEXT:        (global.set $wrr.incall
  ;; CHECK-NEXT:          (i32.const 166))
  ;; CHECK-NEXT:        (local.set 1
  ;; CHECK-NEXT:          (i64.mul
  ;; CHECK-NEXT:            (i64.rotl
  ;; CHECK-NEXT:              (i64.add
  ;; CHECK-NEXT:                (i64.const 2870177450012600299)
  ;; CHECK-NEXT:                (i64.mul
  ;; CHECK-NEXT:                  (i64.extend_i32_u
  ;; CHECK-NEXT:                    (local.get 0))
  ;; CHECK-NEXT:                  (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:              (i64.const 31))
  ;; CHECK-NEXT:            (i64.const -7046029288634856825)))
  ;; CHECK-NEXT:        (call $wrr.rec_begin
  ;; CHECK-NEXT:          (i32.const 38)
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (i32.const 0))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (local.get 0)))
  ;; CHECK-NEXT:        (call $wrr.rec_finish)
  ;; CHECK-NEXT:        (call $wrr.h.proc_exit
  ;; CHECK-NEXT:          (local.get 0))
  ;; CHECK-NEXT:        (unreachable))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block  ;; label = @1
  ;; CHECK-NEXT:      (call $wrr.guard_last)
  ;; CHECK-NEXT:      (local.set 1
  ;; CHECK-NEXT:        (i64.mul
  ;; CHECK-NEXT:          (i64.rotl
  ;; CHECK-NEXT:            (i64.add
  ;; CHECK-NEXT:              (i64.const 2870177450012600299)
  ;; CHECK-NEXT:              (i64.mul
  ;; CHECK-NEXT:                (i64.extend_i32_u
  ;; CHECK-NEXT:                  (local.get 0))
  ;; CHECK-NEXT:                (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:            (i64.const 31))
  ;; CHECK-NEXT:          (i64.const -7046029288634856825)))
  ;; CHECK-NEXT:      (drop
  ;; CHECK-NEXT:        (call $wrr.rep_begin
  ;; CHECK-NEXT:          (i32.const 38)
  ;; CHECK-NEXT:          (local.get 1)))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 0))
  ;; CHECK-NEXT:        (i32.const 106)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_sent_end
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_finish
  ;; CHECK-NEXT:        (i32.const 38))
  ;; CHECK-NEXT:      (call $wrr.h.proc_exit
  ;; CHECK-NEXT:        (local.get 0))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (unreachable))
  (import "wasi_snapshot_preview1" "proc_exit"
    (func $proc_exit (param i32)))
  (memory 1)
  (func $main (export "_start")
    (call $proc_exit (i32.const 3)))
)
