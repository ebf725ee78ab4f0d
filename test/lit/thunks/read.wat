;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/thunks/read.wat
;; fd_read, fd_pread and sock_recv scatter the bytes they read over the
;; program's iovecs. The iovec array itself is digested (it is read by the
;; host); the count the host returns is recorded first, and the scattered
;; bytes are bounded by it (rec_iovecs/rep_iovecs with i32.load of the count).
;; sock_recv also returns 2-byte roflags. The fd parameter is hidden when it
;; is the trace directory (EBADF = 8).

;; RUN: wat2wasm --debug-names %s -o %t.in.wasm && wrr-instrument %t.in.wasm -o %t.wasm \
;; RUN:   && wasm-validate %t.wasm && wasm2wat --fold-exprs --inline-imports %t.wasm | FileCheck --match-full-lines %s
;; UPDATE: funcs=fd_read,fd_pread,sock_recv

(module
  ;; CHECK-LABEL: (func $fd_read (type {{[0-9]+}}) (param i32 i32 i32 i32) (result i32)
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
  ;; CHECK-NEXT:          (call $wrr.h.fd_read
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3))))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_check)
  ;; CHECK-NEXT:        (global.set $wrr.incall
  ;; CHECK-NEXT:          (i32.const 148))
  ;; CHECK-NEXT:        (local.set 4
  ;; CHECK-NEXT:          (call $wrr.dlens
  ;; CHECK-NEXT:            (i64.mul
  ;; CHECK-NEXT:              (i64.rotl
  ;; CHECK-NEXT:                (i64.add
  ;; CHECK-NEXT:                  (i64.mul
  ;; CHECK-NEXT:                    (i64.rotl
  ;; CHECK-NEXT:                      (i64.add
  ;; CHECK-NEXT:                        (i64.const 2870177450012600281)
  ;; CHECK-NEXT:                        (i64.mul
  ;; CHECK-NEXT:                          (i64.extend_i32_u
  ;; CHECK-NEXT:                            (local.get 0))
  ;; CHECK-NEXT:                          (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                      (i64.const 31))
  ;; CHECK-NEXT:                    (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                  (i64.mul
  ;; CHECK-NEXT:                    (i64.extend_i32_u
  ;; CHECK-NEXT:                      (local.get 2))
  ;; CHECK-NEXT:                    (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                (i64.const 31))
  ;; CHECK-NEXT:              (i64.const -7046029288634856825))
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)))
  ;; CHECK-NEXT:        (call $wrr.flush_stdin
  ;; CHECK-NEXT:          (local.get 0))
  ;; CHECK-NEXT:        (local.set 5
  ;; CHECK-NEXT:          (call $wrr.h.fd_read
  ;; CHECK-NEXT:            (call $wrr.fd_in
  ;; CHECK-NEXT:              (local.get 0))
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3)))
  ;; CHECK-NEXT:        (call $wrr.rec_begin
  ;; CHECK-NEXT:          (i32.const 20)
  ;; CHECK-NEXT:          (local.get 4)
  ;; CHECK-NEXT:          (local.get 5))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (local.get 0)))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (local.get 2)))
  ;; CHECK-NEXT:        (call $wrr.rec_sent
  ;; CHECK-NEXT:          (i32.const 2)
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (local.get 2))
  ;; CHECK-NEXT:        (call $wrr.rec_sent_end)
  ;; CHECK-NEXT:        (if  ;; label = @3
  ;; CHECK-NEXT:          (i32.eqz
  ;; CHECK-NEXT:            (local.get 5))
  ;; CHECK-NEXT:          (then
  ;; CHECK-NEXT:            (call $wrr.rec_fixed
  ;; CHECK-NEXT:              (local.get 3)
  ;; CHECK-NEXT:              (i32.const 4))
  ;; CHECK-NEXT:            (call $wrr.rec_iovecs
  ;; CHECK-NEXT:              (local.get 1)
  ;; CHECK-NEXT:              (local.get 2)
  ;; CHECK-NEXT:              (i32.load align=1
  ;; CHECK-NEXT:                (local.get 3)))))
  ;; CHECK-NEXT:        (call $wrr.rec_end)
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (local.get 5)))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block (result i32)  ;; label = @1
  ;; CHECK-NEXT:      (local.set 4
  ;; CHECK-NEXT:        (call $wrr.dlens
  ;; CHECK-NEXT:          (i64.mul
  ;; CHECK-NEXT:            (i64.rotl
  ;; CHECK-NEXT:              (i64.add
  ;; CHECK-NEXT:                (i64.mul
  ;; CHECK-NEXT:                  (i64.rotl
  ;; CHECK-NEXT:                    (i64.add
  ;; CHECK-NEXT:                      (i64.const 2870177450012600281)
  ;; CHECK-NEXT:                      (i64.mul
  ;; CHECK-NEXT:                        (i64.extend_i32_u
  ;; CHECK-NEXT:                          (local.get 0))
  ;; CHECK-NEXT:                        (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                    (i64.const 31))
  ;; CHECK-NEXT:                  (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                (i64.mul
  ;; CHECK-NEXT:                  (i64.extend_i32_u
  ;; CHECK-NEXT:                    (local.get 2))
  ;; CHECK-NEXT:                  (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:              (i64.const 31))
  ;; CHECK-NEXT:            (i64.const -7046029288634856825))
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (local.get 2)))
  ;; CHECK-NEXT:      (local.set 5
  ;; CHECK-NEXT:        (call $wrr.rep_begin
  ;; CHECK-NEXT:          (i32.const 20)
  ;; CHECK-NEXT:          (local.get 4)))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 0))
  ;; CHECK-NEXT:        (i32.const 37)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 2))
  ;; CHECK-NEXT:        (i32.const 38)
  ;; CHECK-NEXT:        (i32.const 1))
  ;; CHECK-NEXT:      (call $wrr.rep_sent
  ;; CHECK-NEXT:        (i32.const 2)
  ;; CHECK-NEXT:        (local.get 1)
  ;; CHECK-NEXT:        (local.get 2)
  ;; CHECK-NEXT:        (i32.const 39)
  ;; CHECK-NEXT:        (i32.const 1))
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
  ;; CHECK-NEXT:          (call $wrr.rep_iovecs
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (i32.load align=1
  ;; CHECK-NEXT:              (local.get 3)))))
  ;; CHECK-NEXT:      (local.get 5)))
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  ;; CHECK-LABEL: (func $fd_pread (type {{[0-9]+}}) (param i32 i32 i32 i64 i32) (result i32)
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
  ;; CHECK-NEXT:          (call $wrr.h.fd_pread
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3)
  ;; CHECK-NEXT:            (local.get 4))))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_check)
  ;; CHECK-NEXT:        (global.set $wrr.incall
  ;; CHECK-NEXT:          (i32.const 144))
  ;; CHECK-NEXT:        (local.set 5
  ;; CHECK-NEXT:          (call $wrr.dlens
  ;; CHECK-NEXT:            (i64.mul
  ;; CHECK-NEXT:              (i64.rotl
  ;; CHECK-NEXT:                (i64.add
  ;; CHECK-NEXT:                  (i64.mul
  ;; CHECK-NEXT:                    (i64.rotl
  ;; CHECK-NEXT:                      (i64.add
  ;; CHECK-NEXT:                        (i64.mul
  ;; CHECK-NEXT:                          (i64.rotl
  ;; CHECK-NEXT:                            (i64.add
  ;; CHECK-NEXT:                              (i64.const 2870177450012600277)
  ;; CHECK-NEXT:                              (i64.mul
  ;; CHECK-NEXT:                                (i64.extend_i32_u
  ;; CHECK-NEXT:                                  (local.get 0))
  ;; CHECK-NEXT:                                (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                            (i64.const 31))
  ;; CHECK-NEXT:                          (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                        (i64.mul
  ;; CHECK-NEXT:                          (i64.extend_i32_u
  ;; CHECK-NEXT:                            (local.get 2))
  ;; CHECK-NEXT:                          (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                      (i64.const 31))
  ;; CHECK-NEXT:                    (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                  (i64.mul
  ;; CHECK-NEXT:                    (local.get 3)
  ;; CHECK-NEXT:                    (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                (i64.const 31))
  ;; CHECK-NEXT:              (i64.const -7046029288634856825))
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)))
  ;; CHECK-NEXT:        (local.set 6
  ;; CHECK-NEXT:          (call $wrr.h.fd_pread
  ;; CHECK-NEXT:            (call $wrr.fd_in
  ;; CHECK-NEXT:              (local.get 0))
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3)
  ;; CHECK-NEXT:            (local.get 4)))
  ;; CHECK-NEXT:        (call $wrr.rec_begin
  ;; CHECK-NEXT:          (i32.const 16)
  ;; CHECK-NEXT:          (local.get 5)
  ;; CHECK-NEXT:          (local.get 6))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (local.get 0)))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (local.get 2)))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (local.get 3))
  ;; CHECK-NEXT:        (call $wrr.rec_sent
  ;; CHECK-NEXT:          (i32.const 2)
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (local.get 2))
  ;; CHECK-NEXT:        (call $wrr.rec_sent_end)
  ;; CHECK-NEXT:        (if  ;; label = @3
  ;; CHECK-NEXT:          (i32.eqz
  ;; CHECK-NEXT:            (local.get 6))
  ;; CHECK-NEXT:          (then
  ;; CHECK-NEXT:            (call $wrr.rec_fixed
  ;; CHECK-NEXT:              (local.get 4)
  ;; CHECK-NEXT:              (i32.const 4))
  ;; CHECK-NEXT:            (call $wrr.rec_iovecs
  ;; CHECK-NEXT:              (local.get 1)
  ;; CHECK-NEXT:              (local.get 2)
  ;; CHECK-NEXT:              (i32.load align=1
  ;; CHECK-NEXT:                (local.get 4)))))
  ;; CHECK-NEXT:        (call $wrr.rec_end)
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (local.get 6)))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block (result i32)  ;; label = @1
  ;; CHECK-NEXT:      (local.set 5
  ;; CHECK-NEXT:        (call $wrr.dlens
  ;; CHECK-NEXT:          (i64.mul
  ;; CHECK-NEXT:            (i64.rotl
  ;; CHECK-NEXT:              (i64.add
  ;; CHECK-NEXT:                (i64.mul
  ;; CHECK-NEXT:                  (i64.rotl
  ;; CHECK-NEXT:                    (i64.add
  ;; CHECK-NEXT:                      (i64.mul
  ;; CHECK-NEXT:                        (i64.rotl
  ;; CHECK-NEXT:                          (i64.add
  ;; CHECK-NEXT:                            (i64.const 2870177450012600277)
  ;; CHECK-NEXT:                            (i64.mul
  ;; CHECK-NEXT:                              (i64.extend_i32_u
  ;; CHECK-NEXT:                                (local.get 0))
  ;; CHECK-NEXT:                              (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                          (i64.const 31))
  ;; CHECK-NEXT:                        (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                      (i64.mul
  ;; CHECK-NEXT:                        (i64.extend_i32_u
  ;; CHECK-NEXT:                          (local.get 2))
  ;; CHECK-NEXT:                        (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                    (i64.const 31))
  ;; CHECK-NEXT:                  (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                (i64.mul
  ;; CHECK-NEXT:                  (local.get 3)
  ;; CHECK-NEXT:                  (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:              (i64.const 31))
  ;; CHECK-NEXT:            (i64.const -7046029288634856825))
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (local.get 2)))
  ;; CHECK-NEXT:      (local.set 6
  ;; CHECK-NEXT:        (call $wrr.rep_begin
  ;; CHECK-NEXT:          (i32.const 16)
  ;; CHECK-NEXT:          (local.get 5)))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 0))
  ;; CHECK-NEXT:        (i32.const 25)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 2))
  ;; CHECK-NEXT:        (i32.const 26)
  ;; CHECK-NEXT:        (i32.const 1))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (local.get 3)
  ;; CHECK-NEXT:        (i32.const 27)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_sent
  ;; CHECK-NEXT:        (i32.const 2)
  ;; CHECK-NEXT:        (local.get 1)
  ;; CHECK-NEXT:        (local.get 2)
  ;; CHECK-NEXT:        (i32.const 28)
  ;; CHECK-NEXT:        (i32.const 1))
  ;; CHECK-NEXT:      (call $wrr.rep_sent_end
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 6)))
  ;; CHECK-NEXT:      (if  ;; label = @2
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 6))
  ;; CHECK-NEXT:        (then
  ;; CHECK-NEXT:          (call $wrr.rep_fixed
  ;; CHECK-NEXT:            (local.get 4)
  ;; CHECK-NEXT:            (i32.const 4))
  ;; CHECK-NEXT:          (call $wrr.rep_iovecs
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (i32.load align=1
  ;; CHECK-NEXT:              (local.get 4)))))
  ;; CHECK-NEXT:      (local.get 6)))
  (import "wasi_snapshot_preview1" "fd_pread"
    (func $fd_pread (param i32 i32 i32 i64 i32) (result i32)))
  ;; CHECK-LABEL: (func $sock_recv (type {{[0-9]+}}) (param i32 i32 i32 i32 i32 i32) (result i32)
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
  ;; CHECK-NEXT:          (call $wrr.h.sock_recv
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3)
  ;; CHECK-NEXT:            (local.get 4)
  ;; CHECK-NEXT:            (local.get 5))))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_check)
  ;; CHECK-NEXT:        (global.set $wrr.incall
  ;; CHECK-NEXT:          (i32.const 171))
  ;; CHECK-NEXT:        (local.set 6
  ;; CHECK-NEXT:          (call $wrr.dlens
  ;; CHECK-NEXT:            (i64.mul
  ;; CHECK-NEXT:              (i64.rotl
  ;; CHECK-NEXT:                (i64.add
  ;; CHECK-NEXT:                  (i64.mul
  ;; CHECK-NEXT:                    (i64.rotl
  ;; CHECK-NEXT:                      (i64.add
  ;; CHECK-NEXT:                        (i64.mul
  ;; CHECK-NEXT:                          (i64.rotl
  ;; CHECK-NEXT:                            (i64.add
  ;; CHECK-NEXT:                              (i64.const 2870177450012600304)
  ;; CHECK-NEXT:                              (i64.mul
  ;; CHECK-NEXT:                                (i64.extend_i32_u
  ;; CHECK-NEXT:                                  (local.get 0))
  ;; CHECK-NEXT:                                (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                            (i64.const 31))
  ;; CHECK-NEXT:                          (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                        (i64.mul
  ;; CHECK-NEXT:                          (i64.extend_i32_u
  ;; CHECK-NEXT:                            (local.get 2))
  ;; CHECK-NEXT:                          (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                      (i64.const 31))
  ;; CHECK-NEXT:                    (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                  (i64.mul
  ;; CHECK-NEXT:                    (i64.extend_i32_u
  ;; CHECK-NEXT:                      (local.get 3))
  ;; CHECK-NEXT:                    (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                (i64.const 31))
  ;; CHECK-NEXT:              (i64.const -7046029288634856825))
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)))
  ;; CHECK-NEXT:        (call $wrr.flush_pending)
  ;; CHECK-NEXT:        (local.set 7
  ;; CHECK-NEXT:          (call $wrr.h.sock_recv
  ;; CHECK-NEXT:            (call $wrr.fd_in
  ;; CHECK-NEXT:              (local.get 0))
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3)
  ;; CHECK-NEXT:            (local.get 4)
  ;; CHECK-NEXT:            (local.get 5)))
  ;; CHECK-NEXT:        (call $wrr.rec_begin
  ;; CHECK-NEXT:          (i32.const 43)
  ;; CHECK-NEXT:          (local.get 6)
  ;; CHECK-NEXT:          (local.get 7))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (local.get 0)))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (local.get 2)))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (local.get 3)))
  ;; CHECK-NEXT:        (call $wrr.rec_sent
  ;; CHECK-NEXT:          (i32.const 2)
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (local.get 2))
  ;; CHECK-NEXT:        (call $wrr.rec_sent_end)
  ;; CHECK-NEXT:        (if  ;; label = @3
  ;; CHECK-NEXT:          (i32.eqz
  ;; CHECK-NEXT:            (local.get 7))
  ;; CHECK-NEXT:          (then
  ;; CHECK-NEXT:            (call $wrr.rec_fixed
  ;; CHECK-NEXT:              (local.get 4)
  ;; CHECK-NEXT:              (i32.const 4))
  ;; CHECK-NEXT:            (call $wrr.rec_fixed
  ;; CHECK-NEXT:              (local.get 5)
  ;; CHECK-NEXT:              (i32.const 2))
  ;; CHECK-NEXT:            (call $wrr.rec_iovecs
  ;; CHECK-NEXT:              (local.get 1)
  ;; CHECK-NEXT:              (local.get 2)
  ;; CHECK-NEXT:              (i32.load align=1
  ;; CHECK-NEXT:                (local.get 4)))))
  ;; CHECK-NEXT:        (call $wrr.rec_end)
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (local.get 7)))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block (result i32)  ;; label = @1
  ;; CHECK-NEXT:      (local.set 6
  ;; CHECK-NEXT:        (call $wrr.dlens
  ;; CHECK-NEXT:          (i64.mul
  ;; CHECK-NEXT:            (i64.rotl
  ;; CHECK-NEXT:              (i64.add
  ;; CHECK-NEXT:                (i64.mul
  ;; CHECK-NEXT:                  (i64.rotl
  ;; CHECK-NEXT:                    (i64.add
  ;; CHECK-NEXT:                      (i64.mul
  ;; CHECK-NEXT:                        (i64.rotl
  ;; CHECK-NEXT:                          (i64.add
  ;; CHECK-NEXT:                            (i64.const 2870177450012600304)
  ;; CHECK-NEXT:                            (i64.mul
  ;; CHECK-NEXT:                              (i64.extend_i32_u
  ;; CHECK-NEXT:                                (local.get 0))
  ;; CHECK-NEXT:                              (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                          (i64.const 31))
  ;; CHECK-NEXT:                        (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                      (i64.mul
  ;; CHECK-NEXT:                        (i64.extend_i32_u
  ;; CHECK-NEXT:                          (local.get 2))
  ;; CHECK-NEXT:                        (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                    (i64.const 31))
  ;; CHECK-NEXT:                  (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                (i64.mul
  ;; CHECK-NEXT:                  (i64.extend_i32_u
  ;; CHECK-NEXT:                    (local.get 3))
  ;; CHECK-NEXT:                  (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:              (i64.const 31))
  ;; CHECK-NEXT:            (i64.const -7046029288634856825))
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (local.get 2)))
  ;; CHECK-NEXT:      (local.set 7
  ;; CHECK-NEXT:        (call $wrr.rep_begin
  ;; CHECK-NEXT:          (i32.const 43)
  ;; CHECK-NEXT:          (local.get 6)))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 0))
  ;; CHECK-NEXT:        (i32.const 111)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 2))
  ;; CHECK-NEXT:        (i32.const 112)
  ;; CHECK-NEXT:        (i32.const 1))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 3))
  ;; CHECK-NEXT:        (i32.const 113)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_sent
  ;; CHECK-NEXT:        (i32.const 2)
  ;; CHECK-NEXT:        (local.get 1)
  ;; CHECK-NEXT:        (local.get 2)
  ;; CHECK-NEXT:        (i32.const 114)
  ;; CHECK-NEXT:        (i32.const 1))
  ;; CHECK-NEXT:      (call $wrr.rep_sent_end
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 7)))
  ;; CHECK-NEXT:      (if  ;; label = @2
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 7))
  ;; CHECK-NEXT:        (then
  ;; CHECK-NEXT:          (call $wrr.rep_fixed
  ;; CHECK-NEXT:            (local.get 4)
  ;; CHECK-NEXT:            (i32.const 4))
  ;; CHECK-NEXT:          (call $wrr.rep_fixed
  ;; CHECK-NEXT:            (local.get 5)
  ;; CHECK-NEXT:            (i32.const 2))
  ;; CHECK-NEXT:          (call $wrr.rep_iovecs
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (i32.load align=1
  ;; CHECK-NEXT:              (local.get 4)))))
  ;; CHECK-NEXT:      (local.get 7)))
  (import "wasi_snapshot_preview1" "sock_recv"
    (func $sock_recv (param i32 i32 i32 i32 i32 i32) (result i32)))
  (memory 1)
  (func $main (export "_start")
    ;; one iovec at 0: 256 bytes at 1024
    (i32.store (i32.const 0) (i32.const 1024))
    (i32.store (i32.const 4) (i32.const 256))
    (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)))
    (drop (call $fd_pread (i32.const 3) (i32.const 0) (i32.const 1) (i64.const 512) (i32.const 16)))
    (drop (call $sock_recv (i32.const 4) (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 16) (i32.const 20))))
)
