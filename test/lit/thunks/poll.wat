;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/thunks/poll.wat
;; poll_oneoff reads nsubscriptions 48-byte subscriptions (digested) and
;; writes nevents, then that many 32-byte events (length: the loaded count
;; times 32).

;; RUN: wat2wasm --debug-names %s -o %t.in.wasm && wrr-instrument %t.in.wasm -o %t.wasm \
;; RUN:   && wasm-validate %t.wasm && wasm2wat --fold-exprs --inline-imports %t.wasm | FileCheck --match-full-lines %s
;; UPDATE: funcs=poll_oneoff

(module
  ;; CHECK-LABEL: (func $poll_oneoff (type {{[0-9]+}}) (param i32 i32 i32 i32) (result i32)
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
  ;; CHECK-NEXT:          (call $wrr.h.poll_oneoff
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3))))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_check)
  ;; CHECK-NEXT:        (global.set $wrr.incall
  ;; CHECK-NEXT:          (i32.const 165))
  ;; CHECK-NEXT:        (local.set 4
  ;; CHECK-NEXT:          (call $wrr.dsubs
  ;; CHECK-NEXT:            (i64.mul
  ;; CHECK-NEXT:              (i64.rotl
  ;; CHECK-NEXT:                (i64.add
  ;; CHECK-NEXT:                  (i64.const 2870177450012600298)
  ;; CHECK-NEXT:                  (i64.mul
  ;; CHECK-NEXT:                    (i64.extend_i32_u
  ;; CHECK-NEXT:                      (local.get 2))
  ;; CHECK-NEXT:                    (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                (i64.const 31))
  ;; CHECK-NEXT:              (i64.const -7046029288634856825))
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 2)))
  ;; CHECK-NEXT:        (call $wrr.flush_pending)
  ;; CHECK-NEXT:        (call $wrr.fd_subs
  ;; CHECK-NEXT:          (local.get 0)
  ;; CHECK-NEXT:          (local.get 2)
  ;; CHECK-NEXT:          (i32.const 1))
  ;; CHECK-NEXT:        (local.set 5
  ;; CHECK-NEXT:          (call $wrr.h.poll_oneoff
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3)))
  ;; CHECK-NEXT:        (call $wrr.fd_subs
  ;; CHECK-NEXT:          (local.get 0)
  ;; CHECK-NEXT:          (local.get 2)
  ;; CHECK-NEXT:          (i32.const 0))
  ;; CHECK-NEXT:        (call $wrr.rec_begin
  ;; CHECK-NEXT:          (i32.const 37)
  ;; CHECK-NEXT:          (local.get 4)
  ;; CHECK-NEXT:          (local.get 5))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (local.get 2)))
  ;; CHECK-NEXT:        (call $wrr.rec_sent
  ;; CHECK-NEXT:          (i32.const 3)
  ;; CHECK-NEXT:          (local.get 0)
  ;; CHECK-NEXT:          (local.get 2))
  ;; CHECK-NEXT:        (call $wrr.rec_sent_end)
  ;; CHECK-NEXT:        (if  ;; label = @3
  ;; CHECK-NEXT:          (i32.eqz
  ;; CHECK-NEXT:            (local.get 5))
  ;; CHECK-NEXT:          (then
  ;; CHECK-NEXT:            (call $wrr.rec_fixed
  ;; CHECK-NEXT:              (local.get 3)
  ;; CHECK-NEXT:              (i32.const 4))
  ;; CHECK-NEXT:            (call $wrr.rec_events
  ;; CHECK-NEXT:              (local.get 1)
  ;; CHECK-NEXT:              (i32.mul
  ;; CHECK-NEXT:                (i32.load align=1
  ;; CHECK-NEXT:                  (local.get 3))
  ;; CHECK-NEXT:                (i32.const 32))
  ;; CHECK-NEXT:              (local.get 0)
  ;; CHECK-NEXT:              (local.get 2))))
  ;; CHECK-NEXT:        (call $wrr.rec_end)
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (local.get 5)))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block (result i32)  ;; label = @1
  ;; CHECK-NEXT:      (local.set 4
  ;; CHECK-NEXT:        (call $wrr.dsubs
  ;; CHECK-NEXT:          (i64.mul
  ;; CHECK-NEXT:            (i64.rotl
  ;; CHECK-NEXT:              (i64.add
  ;; CHECK-NEXT:                (i64.const 2870177450012600298)
  ;; CHECK-NEXT:                (i64.mul
  ;; CHECK-NEXT:                  (i64.extend_i32_u
  ;; CHECK-NEXT:                    (local.get 2))
  ;; CHECK-NEXT:                  (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:              (i64.const 31))
  ;; CHECK-NEXT:            (i64.const -7046029288634856825))
  ;; CHECK-NEXT:          (local.get 0)
  ;; CHECK-NEXT:          (local.get 2)))
  ;; CHECK-NEXT:      (local.set 5
  ;; CHECK-NEXT:        (call $wrr.rep_begin
  ;; CHECK-NEXT:          (i32.const 37)
  ;; CHECK-NEXT:          (local.get 4)))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 2))
  ;; CHECK-NEXT:        (i32.const 104)
  ;; CHECK-NEXT:        (i32.const 1))
  ;; CHECK-NEXT:      (call $wrr.rep_sent
  ;; CHECK-NEXT:        (i32.const 3)
  ;; CHECK-NEXT:        (local.get 0)
  ;; CHECK-NEXT:        (local.get 2)
  ;; CHECK-NEXT:        (i32.const 105)
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
  ;; CHECK-NEXT:            (i32.const 4))
  ;; CHECK-NEXT:          (call $wrr.rep_events
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (i32.mul
  ;; CHECK-NEXT:              (i32.load align=1
  ;; CHECK-NEXT:                (local.get 3))
  ;; CHECK-NEXT:              (i32.const 32))
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 2))))
  ;; CHECK-NEXT:      (local.get 5)))
  (import "wasi_snapshot_preview1" "poll_oneoff"
    (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (memory 1)
  (func $main (export "_start")
    (drop (call $poll_oneoff (i32.const 1024) (i32.const 2048) (i32.const 2) (i32.const 16))))
)
