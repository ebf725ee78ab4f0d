;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/thunks/plain.wat
;; Functions with only an errno and fixed-size results: fd_close (fd hidden,
;; no memory written), sched_yield (no parameters: the digest is the seed
;; alone) and fd_seek (i64 offset mixed in unextended, 8-byte result).

;; RUN: wat2wasm --debug-names %s -o %t.in.wasm && wrr-instrument %t.in.wasm -o %t.wasm \
;; RUN:   && wasm-validate %t.wasm && wasm2wat --fold-exprs --inline-imports %t.wasm | FileCheck --match-full-lines %s
;; UPDATE: funcs=fd_close,sched_yield,fd_seek

(module
  ;; CHECK-LABEL: (func $fd_close (type {{[0-9]+}}) (param i32) (result i32)
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
  ;; CHECK-NEXT:          (call $wrr.h.fd_close
  ;; CHECK-NEXT:            (local.get 0))))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_check)
  ;; CHECK-NEXT:        (global.set $wrr.incall
  ;; CHECK-NEXT:          (i32.const 136))
  ;; CHECK-NEXT:        (local.set 1
  ;; CHECK-NEXT:          (i64.mul
  ;; CHECK-NEXT:            (i64.rotl
  ;; CHECK-NEXT:              (i64.add
  ;; CHECK-NEXT:                (i64.const 2870177450012600269)
  ;; CHECK-NEXT:                (i64.mul
  ;; CHECK-NEXT:                  (i64.extend_i32_u
  ;; CHECK-NEXT:                    (local.get 0))
  ;; CHECK-NEXT:                  (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:              (i64.const 31))
  ;; CHECK-NEXT:            (i64.const -7046029288634856825)))
  ;; CHECK-NEXT:        (local.set 2
  ;; CHECK-NEXT:          (call $wrr.h.fd_close
  ;; CHECK-NEXT:            (call $wrr.fd_in
  ;; CHECK-NEXT:              (local.get 0))))
  ;; CHECK-NEXT:        (call $wrr.rec_begin
  ;; CHECK-NEXT:          (i32.const 8)
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (local.get 2))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (local.get 0)))
  ;; CHECK-NEXT:        (call $wrr.rec_end)
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (local.get 2)))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block (result i32)  ;; label = @1
  ;; CHECK-NEXT:      (local.set 1
  ;; CHECK-NEXT:        (i64.mul
  ;; CHECK-NEXT:          (i64.rotl
  ;; CHECK-NEXT:            (i64.add
  ;; CHECK-NEXT:              (i64.const 2870177450012600269)
  ;; CHECK-NEXT:              (i64.mul
  ;; CHECK-NEXT:                (i64.extend_i32_u
  ;; CHECK-NEXT:                  (local.get 0))
  ;; CHECK-NEXT:                (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:            (i64.const 31))
  ;; CHECK-NEXT:          (i64.const -7046029288634856825)))
  ;; CHECK-NEXT:      (local.set 2
  ;; CHECK-NEXT:        (call $wrr.rep_begin
  ;; CHECK-NEXT:          (i32.const 8)
  ;; CHECK-NEXT:          (local.get 1)))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 0))
  ;; CHECK-NEXT:        (i32.const 10)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_sent_end
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (local.get 2)))
  (import "wasi_snapshot_preview1" "fd_close"
    (func $fd_close (param i32) (result i32)))
  ;; CHECK-LABEL: (func $sched_yield (type {{[0-9]+}}) (result i32)
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
  ;; CHECK-NEXT:          (call $wrr.h.sched_yield)))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_check)
  ;; CHECK-NEXT:        (global.set $wrr.incall
  ;; CHECK-NEXT:          (i32.const 169))
  ;; CHECK-NEXT:        (local.set 0
  ;; CHECK-NEXT:          (i64.const 2870177450012600302))
  ;; CHECK-NEXT:        (local.set 1
  ;; CHECK-NEXT:          (call $wrr.h.sched_yield))
  ;; CHECK-NEXT:        (call $wrr.rec_begin
  ;; CHECK-NEXT:          (i32.const 41)
  ;; CHECK-NEXT:          (local.get 0)
  ;; CHECK-NEXT:          (local.get 1))
  ;; CHECK-NEXT:        (call $wrr.rec_end)
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (local.get 1)))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block (result i32)  ;; label = @1
  ;; CHECK-NEXT:      (local.set 0
  ;; CHECK-NEXT:        (i64.const 2870177450012600302))
  ;; CHECK-NEXT:      (local.set 1
  ;; CHECK-NEXT:        (call $wrr.rep_begin
  ;; CHECK-NEXT:          (i32.const 41)
  ;; CHECK-NEXT:          (local.get 0)))
  ;; CHECK-NEXT:      (call $wrr.rep_sent_end
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (local.get 1)))
  (import "wasi_snapshot_preview1" "sched_yield"
    (func $sched_yield (result i32)))
  ;; CHECK-LABEL: (func $fd_seek (type {{[0-9]+}}) (param i32 i64 i32 i32) (result i32)
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
  ;; CHECK-NEXT:          (call $wrr.h.fd_seek
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3))))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_check)
  ;; CHECK-NEXT:        (global.set $wrr.incall
  ;; CHECK-NEXT:          (i32.const 151))
  ;; CHECK-NEXT:        (local.set 4
  ;; CHECK-NEXT:          (i64.mul
  ;; CHECK-NEXT:            (i64.rotl
  ;; CHECK-NEXT:              (i64.add
  ;; CHECK-NEXT:                (i64.mul
  ;; CHECK-NEXT:                  (i64.rotl
  ;; CHECK-NEXT:                    (i64.add
  ;; CHECK-NEXT:                      (i64.mul
  ;; CHECK-NEXT:                        (i64.rotl
  ;; CHECK-NEXT:                          (i64.add
  ;; CHECK-NEXT:                            (i64.const 2870177450012600284)
  ;; CHECK-NEXT:                            (i64.mul
  ;; CHECK-NEXT:                              (i64.extend_i32_u
  ;; CHECK-NEXT:                                (local.get 0))
  ;; CHECK-NEXT:                              (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                          (i64.const 31))
  ;; CHECK-NEXT:                        (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                      (i64.mul
  ;; CHECK-NEXT:                        (local.get 1)
  ;; CHECK-NEXT:                        (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                    (i64.const 31))
  ;; CHECK-NEXT:                  (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                (i64.mul
  ;; CHECK-NEXT:                  (i64.extend_i32_u
  ;; CHECK-NEXT:                    (local.get 2))
  ;; CHECK-NEXT:                  (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:              (i64.const 31))
  ;; CHECK-NEXT:            (i64.const -7046029288634856825)))
  ;; CHECK-NEXT:        (local.set 5
  ;; CHECK-NEXT:          (call $wrr.h.fd_seek
  ;; CHECK-NEXT:            (call $wrr.fd_in
  ;; CHECK-NEXT:              (local.get 0))
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3)))
  ;; CHECK-NEXT:        (call $wrr.rec_begin
  ;; CHECK-NEXT:          (i32.const 23)
  ;; CHECK-NEXT:          (local.get 4)
  ;; CHECK-NEXT:          (local.get 5))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (local.get 0)))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (local.get 1))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (local.get 2)))
  ;; CHECK-NEXT:        (call $wrr.rec_sent_end)
  ;; CHECK-NEXT:        (if  ;; label = @3
  ;; CHECK-NEXT:          (i32.eqz
  ;; CHECK-NEXT:            (local.get 5))
  ;; CHECK-NEXT:          (then
  ;; CHECK-NEXT:            (call $wrr.rec_fixed
  ;; CHECK-NEXT:              (local.get 3)
  ;; CHECK-NEXT:              (i32.const 8))))
  ;; CHECK-NEXT:        (call $wrr.rec_end)
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (local.get 5)))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block (result i32)  ;; label = @1
  ;; CHECK-NEXT:      (local.set 4
  ;; CHECK-NEXT:        (i64.mul
  ;; CHECK-NEXT:          (i64.rotl
  ;; CHECK-NEXT:            (i64.add
  ;; CHECK-NEXT:              (i64.mul
  ;; CHECK-NEXT:                (i64.rotl
  ;; CHECK-NEXT:                  (i64.add
  ;; CHECK-NEXT:                    (i64.mul
  ;; CHECK-NEXT:                      (i64.rotl
  ;; CHECK-NEXT:                        (i64.add
  ;; CHECK-NEXT:                          (i64.const 2870177450012600284)
  ;; CHECK-NEXT:                          (i64.mul
  ;; CHECK-NEXT:                            (i64.extend_i32_u
  ;; CHECK-NEXT:                              (local.get 0))
  ;; CHECK-NEXT:                            (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                        (i64.const 31))
  ;; CHECK-NEXT:                      (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                    (i64.mul
  ;; CHECK-NEXT:                      (local.get 1)
  ;; CHECK-NEXT:                      (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                  (i64.const 31))
  ;; CHECK-NEXT:                (i64.const -7046029288634856825))
  ;; CHECK-NEXT:              (i64.mul
  ;; CHECK-NEXT:                (i64.extend_i32_u
  ;; CHECK-NEXT:                  (local.get 2))
  ;; CHECK-NEXT:                (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:            (i64.const 31))
  ;; CHECK-NEXT:          (i64.const -7046029288634856825)))
  ;; CHECK-NEXT:      (local.set 5
  ;; CHECK-NEXT:        (call $wrr.rep_begin
  ;; CHECK-NEXT:          (i32.const 23)
  ;; CHECK-NEXT:          (local.get 4)))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 0))
  ;; CHECK-NEXT:        (i32.const 45)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (local.get 1)
  ;; CHECK-NEXT:        (i32.const 46)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 2))
  ;; CHECK-NEXT:        (i32.const 47)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_sent_end
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 5)))
  ;; CHECK-NEXT:      (if  ;; label = @2
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 5))
  ;; CHECK-NEXT:        (then
  ;; CHECK-NEXT:          (call $wrr.rep_fixed
  ;; CHECK-NEXT:            (local.get 3)
  ;; CHECK-NEXT:            (i32.const 8))))
  ;; CHECK-NEXT:      (local.get 5)))
  (import "wasi_snapshot_preview1" "fd_seek"
    (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (memory 1)
  (func $main (export "_start")
    (drop (call $fd_seek (i32.const 3) (i64.const -8) (i32.const 2) (i32.const 16)))
    (drop (call $sched_yield))
    (drop (call $fd_close (i32.const 3))))
)
