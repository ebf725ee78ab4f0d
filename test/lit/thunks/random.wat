;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/thunks/random.wat
;; random_get fills a caller-sized buffer: the length is a parameter, so the
;; trace stores it (rec_sized/rep_sized), and replay checks it against the
;; recorded one.

;; RUN: wat2wasm --debug-names %s -o %t.in.wasm && wrr-instrument %t.in.wasm -o %t.wasm \
;; RUN:   && wasm-validate %t.wasm && wasm2wat --fold-exprs --inline-imports %t.wasm | FileCheck --match-full-lines %s
;; UPDATE: funcs=random_get

(module
  ;; CHECK-LABEL: (func $random_get (type {{[0-9]+}}) (param i32 i32) (result i32)
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
  ;; CHECK-NEXT:          (call $wrr.h.random_get
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1))))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_check)
  ;; CHECK-NEXT:        (global.set $wrr.incall
  ;; CHECK-NEXT:          (i32.const 168))
  ;; CHECK-NEXT:        (local.set 2
  ;; CHECK-NEXT:          (i64.mul
  ;; CHECK-NEXT:            (i64.rotl
  ;; CHECK-NEXT:              (i64.add
  ;; CHECK-NEXT:                (i64.const 2870177450012600301)
  ;; CHECK-NEXT:                (i64.mul
  ;; CHECK-NEXT:                  (i64.extend_i32_u
  ;; CHECK-NEXT:                    (local.get 1))
  ;; CHECK-NEXT:                  (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:              (i64.const 31))
  ;; CHECK-NEXT:            (i64.const -7046029288634856825)))
  ;; CHECK-NEXT:        (local.set 3
  ;; CHECK-NEXT:          (call $wrr.h.random_get
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)))
  ;; CHECK-NEXT:        (call $wrr.rec_begin
  ;; CHECK-NEXT:          (i32.const 40)
  ;; CHECK-NEXT:          (local.get 2)
  ;; CHECK-NEXT:          (local.get 3))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (local.get 1)))
  ;; CHECK-NEXT:        (call $wrr.rec_sent_end)
  ;; CHECK-NEXT:        (if  ;; label = @3
  ;; CHECK-NEXT:          (i32.eqz
  ;; CHECK-NEXT:            (local.get 3))
  ;; CHECK-NEXT:          (then
  ;; CHECK-NEXT:            (call $wrr.rec_sized
  ;; CHECK-NEXT:              (local.get 0)
  ;; CHECK-NEXT:              (local.get 1))))
  ;; CHECK-NEXT:        (call $wrr.rec_end)
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (local.get 3)))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block (result i32)  ;; label = @1
  ;; CHECK-NEXT:      (local.set 2
  ;; CHECK-NEXT:        (i64.mul
  ;; CHECK-NEXT:          (i64.rotl
  ;; CHECK-NEXT:            (i64.add
  ;; CHECK-NEXT:              (i64.const 2870177450012600301)
  ;; CHECK-NEXT:              (i64.mul
  ;; CHECK-NEXT:                (i64.extend_i32_u
  ;; CHECK-NEXT:                  (local.get 1))
  ;; CHECK-NEXT:                (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:            (i64.const 31))
  ;; CHECK-NEXT:          (i64.const -7046029288634856825)))
  ;; CHECK-NEXT:      (local.set 3
  ;; CHECK-NEXT:        (call $wrr.rep_begin
  ;; CHECK-NEXT:          (i32.const 40)
  ;; CHECK-NEXT:          (local.get 2)))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 1))
  ;; CHECK-NEXT:        (i32.const 108)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_sent_end
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 3)))
  ;; CHECK-NEXT:      (if  ;; label = @2
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 3))
  ;; CHECK-NEXT:        (then
  ;; CHECK-NEXT:          (call $wrr.rep_sized
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (i32.const 40))))
  ;; CHECK-NEXT:      (local.get 3)))
  (import "wasi_snapshot_preview1" "random_get"
    (func $random_get (param $buf i32) (param $len i32) (result i32)))
  (memory 1)
  (func $main (export "_start")
    (drop (call $random_get (i32.const 16) (i32.const 32))))
)
