;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/thunks/args-environ.wat
;; args_get/environ_get write arrays whose sizes come from an earlier
;; *_sizes_get call. The thunk does not trust the program to have made that
;; call: in record it asks the host ($wrr.h.args_sizes_get into the runtime's
;; scratch area, $wrr.scratch) for the sizes; replay takes them from the
;; trace (rep_sized with length -1). The *_sizes_get functions are plain fixed-size
;; results.

;; RUN: wat2wasm --debug-names %s -o %t.in.wasm && wrr-instrument %t.in.wasm -o %t.wasm \
;; RUN:   && wasm-validate %t.wasm && wasm2wat --fold-exprs --inline-imports %t.wasm | FileCheck --match-full-lines %s
;; UPDATE: funcs=args_sizes_get,args_get,environ_sizes_get,environ_get

(module
  ;; CHECK-LABEL: (func $args_sizes_get (type {{[0-9]+}}) (param i32 i32) (result i32)
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
  ;; CHECK-NEXT:          (call $wrr.h.args_sizes_get
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1))))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_check)
  ;; CHECK-NEXT:        (global.set $wrr.incall
  ;; CHECK-NEXT:          (i32.const 129))
  ;; CHECK-NEXT:        (local.set 2
  ;; CHECK-NEXT:          (i64.const 2870177450012600262))
  ;; CHECK-NEXT:        (local.set 3
  ;; CHECK-NEXT:          (call $wrr.h.args_sizes_get
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)))
  ;; CHECK-NEXT:        (call $wrr.rec_begin
  ;; CHECK-NEXT:          (i32.const 1)
  ;; CHECK-NEXT:          (local.get 2)
  ;; CHECK-NEXT:          (local.get 3))
  ;; CHECK-NEXT:        (if  ;; label = @3
  ;; CHECK-NEXT:          (i32.eqz
  ;; CHECK-NEXT:            (local.get 3))
  ;; CHECK-NEXT:          (then
  ;; CHECK-NEXT:            (call $wrr.rec_fixed
  ;; CHECK-NEXT:              (local.get 0)
  ;; CHECK-NEXT:              (i32.const 4))
  ;; CHECK-NEXT:            (call $wrr.rec_fixed
  ;; CHECK-NEXT:              (local.get 1)
  ;; CHECK-NEXT:              (i32.const 4))))
  ;; CHECK-NEXT:        (call $wrr.rec_end)
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (local.get 3)))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block (result i32)  ;; label = @1
  ;; CHECK-NEXT:      (local.set 2
  ;; CHECK-NEXT:        (i64.const 2870177450012600262))
  ;; CHECK-NEXT:      (local.set 3
  ;; CHECK-NEXT:        (call $wrr.rep_begin
  ;; CHECK-NEXT:          (i32.const 1)
  ;; CHECK-NEXT:          (local.get 2)))
  ;; CHECK-NEXT:      (call $wrr.rep_sent_end
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 3)))
  ;; CHECK-NEXT:      (if  ;; label = @2
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 3))
  ;; CHECK-NEXT:        (then
  ;; CHECK-NEXT:          (call $wrr.rep_fixed
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (i32.const 4))
  ;; CHECK-NEXT:          (call $wrr.rep_fixed
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (i32.const 4))))
  ;; CHECK-NEXT:      (local.get 3)))
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  ;; CHECK-LABEL: (func $args_get (type {{[0-9]+}}) (param i32 i32) (result i32)
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
  ;; CHECK-NEXT:          (call $wrr.h.args_get
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1))))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_check)
  ;; CHECK-NEXT:        (global.set $wrr.incall
  ;; CHECK-NEXT:          (i32.const 128))
  ;; CHECK-NEXT:        (local.set 2
  ;; CHECK-NEXT:          (i64.const 2870177450012600261))
  ;; CHECK-NEXT:        (local.set 3
  ;; CHECK-NEXT:          (call $wrr.h.args_get
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)))
  ;; CHECK-NEXT:        (call $wrr.rec_begin
  ;; CHECK-NEXT:          (i32.const 0)
  ;; CHECK-NEXT:          (local.get 2)
  ;; CHECK-NEXT:          (local.get 3))
  ;; CHECK-NEXT:        (if  ;; label = @3
  ;; CHECK-NEXT:          (i32.eqz
  ;; CHECK-NEXT:            (local.get 3))
  ;; CHECK-NEXT:          (then
  ;; CHECK-NEXT:            (call $wrr.rec_offsets
  ;; CHECK-NEXT:              (local.get 0)
  ;; CHECK-NEXT:              (i32.mul
  ;; CHECK-NEXT:                (block (result i32)  ;; label = @4
  ;; CHECK-NEXT:                  (drop
  ;; CHECK-NEXT:                    (call $wrr.h.args_sizes_get
  ;; CHECK-NEXT:                      (call $wrr.scratch)
  ;; CHECK-NEXT:                      (i32.add
  ;; CHECK-NEXT:                        (call $wrr.scratch)
  ;; CHECK-NEXT:                        (i32.const 4))))
  ;; CHECK-NEXT:                  (i32.load align=1
  ;; CHECK-NEXT:                    (call $wrr.scratch)))
  ;; CHECK-NEXT:                (i32.const 4))
  ;; CHECK-NEXT:              (local.get 1))
  ;; CHECK-NEXT:            (call $wrr.rec_sized
  ;; CHECK-NEXT:              (local.get 1)
  ;; CHECK-NEXT:              (block (result i32)  ;; label = @4
  ;; CHECK-NEXT:                (drop
  ;; CHECK-NEXT:                  (call $wrr.h.args_sizes_get
  ;; CHECK-NEXT:                    (call $wrr.scratch)
  ;; CHECK-NEXT:                    (i32.add
  ;; CHECK-NEXT:                      (call $wrr.scratch)
  ;; CHECK-NEXT:                      (i32.const 4))))
  ;; CHECK-NEXT:                (i32.load offset=4 align=1
  ;; CHECK-NEXT:                  (call $wrr.scratch))))))
  ;; CHECK-NEXT:        (call $wrr.rec_end)
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (local.get 3)))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block (result i32)  ;; label = @1
  ;; CHECK-NEXT:      (local.set 2
  ;; CHECK-NEXT:        (i64.const 2870177450012600261))
  ;; CHECK-NEXT:      (local.set 3
  ;; CHECK-NEXT:        (call $wrr.rep_begin
  ;; CHECK-NEXT:          (i32.const 0)
  ;; CHECK-NEXT:          (local.get 2)))
  ;; CHECK-NEXT:      (call $wrr.rep_sent_end
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 3)))
  ;; CHECK-NEXT:      (if  ;; label = @2
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 3))
  ;; CHECK-NEXT:        (then
  ;; CHECK-NEXT:          (call $wrr.rep_offsets
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1))
  ;; CHECK-NEXT:          (call $wrr.rep_sized
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (i32.const -1)
  ;; CHECK-NEXT:            (i32.const 0))))
  ;; CHECK-NEXT:      (local.get 3)))
  (import "wasi_snapshot_preview1" "args_get"
    (func $args_get (param i32 i32) (result i32)))
  ;; CHECK-LABEL: (func $environ_sizes_get (type {{[0-9]+}}) (param i32 i32) (result i32)
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
  ;; CHECK-NEXT:          (call $wrr.h.environ_sizes_get
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1))))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_check)
  ;; CHECK-NEXT:        (global.set $wrr.incall
  ;; CHECK-NEXT:          (i32.const 131))
  ;; CHECK-NEXT:        (local.set 2
  ;; CHECK-NEXT:          (i64.const 2870177450012600264))
  ;; CHECK-NEXT:        (local.set 3
  ;; CHECK-NEXT:          (call $wrr.h.environ_sizes_get
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)))
  ;; CHECK-NEXT:        (call $wrr.rec_begin
  ;; CHECK-NEXT:          (i32.const 3)
  ;; CHECK-NEXT:          (local.get 2)
  ;; CHECK-NEXT:          (local.get 3))
  ;; CHECK-NEXT:        (if  ;; label = @3
  ;; CHECK-NEXT:          (i32.eqz
  ;; CHECK-NEXT:            (local.get 3))
  ;; CHECK-NEXT:          (then
  ;; CHECK-NEXT:            (call $wrr.rec_fixed
  ;; CHECK-NEXT:              (local.get 0)
  ;; CHECK-NEXT:              (i32.const 4))
  ;; CHECK-NEXT:            (call $wrr.rec_fixed
  ;; CHECK-NEXT:              (local.get 1)
  ;; CHECK-NEXT:              (i32.const 4))))
  ;; CHECK-NEXT:        (call $wrr.rec_end)
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (local.get 3)))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block (result i32)  ;; label = @1
  ;; CHECK-NEXT:      (local.set 2
  ;; CHECK-NEXT:        (i64.const 2870177450012600264))
  ;; CHECK-NEXT:      (local.set 3
  ;; CHECK-NEXT:        (call $wrr.rep_begin
  ;; CHECK-NEXT:          (i32.const 3)
  ;; CHECK-NEXT:          (local.get 2)))
  ;; CHECK-NEXT:      (call $wrr.rep_sent_end
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 3)))
  ;; CHECK-NEXT:      (if  ;; label = @2
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 3))
  ;; CHECK-NEXT:        (then
  ;; CHECK-NEXT:          (call $wrr.rep_fixed
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (i32.const 4))
  ;; CHECK-NEXT:          (call $wrr.rep_fixed
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (i32.const 4))))
  ;; CHECK-NEXT:      (local.get 3)))
  (import "wasi_snapshot_preview1" "environ_sizes_get"
    (func $environ_sizes_get (param i32 i32) (result i32)))
  ;; CHECK-LABEL: (func $environ_get (type {{[0-9]+}}) (param i32 i32) (result i32)
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
  ;; CHECK-NEXT:          (call $wrr.h.environ_get
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1))))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_check)
  ;; CHECK-NEXT:        (global.set $wrr.incall
  ;; CHECK-NEXT:          (i32.const 130))
  ;; CHECK-NEXT:        (local.set 2
  ;; CHECK-NEXT:          (i64.const 2870177450012600263))
  ;; CHECK-NEXT:        (local.set 3
  ;; CHECK-NEXT:          (call $wrr.h.environ_get
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)))
  ;; CHECK-NEXT:        (call $wrr.rec_begin
  ;; CHECK-NEXT:          (i32.const 2)
  ;; CHECK-NEXT:          (local.get 2)
  ;; CHECK-NEXT:          (local.get 3))
  ;; CHECK-NEXT:        (if  ;; label = @3
  ;; CHECK-NEXT:          (i32.eqz
  ;; CHECK-NEXT:            (local.get 3))
  ;; CHECK-NEXT:          (then
  ;; CHECK-NEXT:            (call $wrr.rec_offsets
  ;; CHECK-NEXT:              (local.get 0)
  ;; CHECK-NEXT:              (i32.mul
  ;; CHECK-NEXT:                (block (result i32)  ;; label = @4
  ;; CHECK-NEXT:                  (drop
  ;; CHECK-NEXT:                    (call $wrr.h.environ_sizes_get
  ;; CHECK-NEXT:                      (call $wrr.scratch)
  ;; CHECK-NEXT:                      (i32.add
  ;; CHECK-NEXT:                        (call $wrr.scratch)
  ;; CHECK-NEXT:                        (i32.const 4))))
  ;; CHECK-NEXT:                  (i32.load align=1
  ;; CHECK-NEXT:                    (call $wrr.scratch)))
  ;; CHECK-NEXT:                (i32.const 4))
  ;; CHECK-NEXT:              (local.get 1))
  ;; CHECK-NEXT:            (call $wrr.rec_sized
  ;; CHECK-NEXT:              (local.get 1)
  ;; CHECK-NEXT:              (block (result i32)  ;; label = @4
  ;; CHECK-NEXT:                (drop
  ;; CHECK-NEXT:                  (call $wrr.h.environ_sizes_get
  ;; CHECK-NEXT:                    (call $wrr.scratch)
  ;; CHECK-NEXT:                    (i32.add
  ;; CHECK-NEXT:                      (call $wrr.scratch)
  ;; CHECK-NEXT:                      (i32.const 4))))
  ;; CHECK-NEXT:                (i32.load offset=4 align=1
  ;; CHECK-NEXT:                  (call $wrr.scratch))))))
  ;; CHECK-NEXT:        (call $wrr.rec_end)
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (local.get 3)))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block (result i32)  ;; label = @1
  ;; CHECK-NEXT:      (local.set 2
  ;; CHECK-NEXT:        (i64.const 2870177450012600263))
  ;; CHECK-NEXT:      (local.set 3
  ;; CHECK-NEXT:        (call $wrr.rep_begin
  ;; CHECK-NEXT:          (i32.const 2)
  ;; CHECK-NEXT:          (local.get 2)))
  ;; CHECK-NEXT:      (call $wrr.rep_sent_end
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 3)))
  ;; CHECK-NEXT:      (if  ;; label = @2
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 3))
  ;; CHECK-NEXT:        (then
  ;; CHECK-NEXT:          (call $wrr.rep_offsets
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1))
  ;; CHECK-NEXT:          (call $wrr.rep_sized
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (i32.const -1)
  ;; CHECK-NEXT:            (i32.const 2))))
  ;; CHECK-NEXT:      (local.get 3)))
  (import "wasi_snapshot_preview1" "environ_get"
    (func $environ_get (param i32 i32) (result i32)))
  (memory 1)
  (func $main (export "_start")
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (drop (call $args_get (i32.const 64) (i32.const 1024)))
    (drop (call $environ_sizes_get (i32.const 8) (i32.const 12)))
    (drop (call $environ_get (i32.const 2048) (i32.const 4096))))
)
