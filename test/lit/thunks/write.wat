;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/thunks/write.wat
;; fd_write, fd_pwrite and sock_send gather their payload from the program's
;; iovecs: the thunk digests the iovec array and the gathered bytes
;; (dgather), so replay notices when the program writes something else. Only
;; the count written comes back. In replay, fd_write echoes the output
;; (rep_echo) so the program's stdout/stderr appears again; fd_pwrite and
;; sock_send do not.

;; RUN: wat2wasm --debug-names %s -o %t.in.wasm && wrr-instrument %t.in.wasm -o %t.wasm \
;; RUN:   && wasm-validate %t.wasm && wasm2wat --fold-exprs --inline-imports %t.wasm | FileCheck --match-full-lines %s
;; UPDATE: funcs=fd_write,fd_pwrite,sock_send

(module
  ;; CHECK-LABEL: (func $fd_write (type {{[0-9]+}}) (param i32 i32 i32 i32) (result i32)
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
  ;; CHECK-NEXT:          (call $wrr.h.fd_write
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3))))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_check)
  ;; CHECK-NEXT:        (global.set $wrr.incall
  ;; CHECK-NEXT:          (i32.const 154))
  ;; CHECK-NEXT:        (local.set 4
  ;; CHECK-NEXT:          (call $wrr.dgather
  ;; CHECK-NEXT:            (call $wrr.dlens
  ;; CHECK-NEXT:              (i64.mul
  ;; CHECK-NEXT:                (i64.rotl
  ;; CHECK-NEXT:                  (i64.add
  ;; CHECK-NEXT:                    (i64.mul
  ;; CHECK-NEXT:                      (i64.rotl
  ;; CHECK-NEXT:                        (i64.add
  ;; CHECK-NEXT:                          (i64.const 2870177450012600287)
  ;; CHECK-NEXT:                          (i64.mul
  ;; CHECK-NEXT:                            (i64.extend_i32_u
  ;; CHECK-NEXT:                              (local.get 0))
  ;; CHECK-NEXT:                            (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                        (i64.const 31))
  ;; CHECK-NEXT:                      (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                    (i64.mul
  ;; CHECK-NEXT:                      (i64.extend_i32_u
  ;; CHECK-NEXT:                        (local.get 2))
  ;; CHECK-NEXT:                      (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                  (i64.const 31))
  ;; CHECK-NEXT:                (i64.const -7046029288634856825))
  ;; CHECK-NEXT:              (local.get 1)
  ;; CHECK-NEXT:              (local.get 2))
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)))
  ;; CHECK-NEXT:        (local.set 5
  ;; CHECK-NEXT:          (call $wrr.h.fd_write
  ;; CHECK-NEXT:            (call $wrr.fd_in
  ;; CHECK-NEXT:              (local.get 0))
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3)))
  ;; CHECK-NEXT:        (call $wrr.rec_begin
  ;; CHECK-NEXT:          (i32.const 26)
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
  ;; CHECK-NEXT:        (call $wrr.rec_sent
  ;; CHECK-NEXT:          (i32.const 1)
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (local.get 2))
  ;; CHECK-NEXT:        (call $wrr.rec_sent_end)
  ;; CHECK-NEXT:        (if  ;; label = @3
  ;; CHECK-NEXT:          (i32.eqz
  ;; CHECK-NEXT:            (local.get 5))
  ;; CHECK-NEXT:          (then
  ;; CHECK-NEXT:            (call $wrr.rec_fixed
  ;; CHECK-NEXT:              (local.get 3)
  ;; CHECK-NEXT:              (i32.const 4))))
  ;; CHECK-NEXT:        (call $wrr.rec_end)
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (local.get 5)))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block (result i32)  ;; label = @1
  ;; CHECK-NEXT:      (local.set 4
  ;; CHECK-NEXT:        (call $wrr.dgather
  ;; CHECK-NEXT:          (call $wrr.dlens
  ;; CHECK-NEXT:            (i64.mul
  ;; CHECK-NEXT:              (i64.rotl
  ;; CHECK-NEXT:                (i64.add
  ;; CHECK-NEXT:                  (i64.mul
  ;; CHECK-NEXT:                    (i64.rotl
  ;; CHECK-NEXT:                      (i64.add
  ;; CHECK-NEXT:                        (i64.const 2870177450012600287)
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
  ;; CHECK-NEXT:            (local.get 2))
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (local.get 2)))
  ;; CHECK-NEXT:      (if  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.rep_extra
  ;; CHECK-NEXT:          (local.get 4)
  ;; CHECK-NEXT:          (local.get 0)
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (local.get 2)
  ;; CHECK-NEXT:          (local.get 3))
  ;; CHECK-NEXT:        (then
  ;; CHECK-NEXT:          (return
  ;; CHECK-NEXT:            (i32.const 0))))
  ;; CHECK-NEXT:      (local.set 5
  ;; CHECK-NEXT:        (call $wrr.rep_begin
  ;; CHECK-NEXT:          (i32.const 26)
  ;; CHECK-NEXT:          (local.get 4)))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 0))
  ;; CHECK-NEXT:        (i32.const 50)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 2))
  ;; CHECK-NEXT:        (i32.const 51)
  ;; CHECK-NEXT:        (i32.const 1))
  ;; CHECK-NEXT:      (call $wrr.rep_sent
  ;; CHECK-NEXT:        (i32.const 2)
  ;; CHECK-NEXT:        (local.get 1)
  ;; CHECK-NEXT:        (local.get 2)
  ;; CHECK-NEXT:        (i32.const 52)
  ;; CHECK-NEXT:        (i32.const 1))
  ;; CHECK-NEXT:      (call $wrr.rep_sent
  ;; CHECK-NEXT:        (i32.const 1)
  ;; CHECK-NEXT:        (local.get 1)
  ;; CHECK-NEXT:        (local.get 2)
  ;; CHECK-NEXT:        (i32.const 53)
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
  ;; CHECK-NEXT:          (call $wrr.rep_echo
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (i32.load align=1
  ;; CHECK-NEXT:              (local.get 3)))))
  ;; CHECK-NEXT:      (local.get 5)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  ;; CHECK-LABEL: (func $fd_pwrite (type {{[0-9]+}}) (param i32 i32 i32 i64 i32) (result i32)
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
  ;; CHECK-NEXT:          (call $wrr.h.fd_pwrite
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3)
  ;; CHECK-NEXT:            (local.get 4))))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_check)
  ;; CHECK-NEXT:        (global.set $wrr.incall
  ;; CHECK-NEXT:          (i32.const 147))
  ;; CHECK-NEXT:        (local.set 5
  ;; CHECK-NEXT:          (call $wrr.dgather
  ;; CHECK-NEXT:            (call $wrr.dlens
  ;; CHECK-NEXT:              (i64.mul
  ;; CHECK-NEXT:                (i64.rotl
  ;; CHECK-NEXT:                  (i64.add
  ;; CHECK-NEXT:                    (i64.mul
  ;; CHECK-NEXT:                      (i64.rotl
  ;; CHECK-NEXT:                        (i64.add
  ;; CHECK-NEXT:                          (i64.mul
  ;; CHECK-NEXT:                            (i64.rotl
  ;; CHECK-NEXT:                              (i64.add
  ;; CHECK-NEXT:                                (i64.const 2870177450012600280)
  ;; CHECK-NEXT:                                (i64.mul
  ;; CHECK-NEXT:                                  (i64.extend_i32_u
  ;; CHECK-NEXT:                                    (local.get 0))
  ;; CHECK-NEXT:                                  (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                              (i64.const 31))
  ;; CHECK-NEXT:                            (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                          (i64.mul
  ;; CHECK-NEXT:                            (i64.extend_i32_u
  ;; CHECK-NEXT:                              (local.get 2))
  ;; CHECK-NEXT:                            (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                        (i64.const 31))
  ;; CHECK-NEXT:                      (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                    (i64.mul
  ;; CHECK-NEXT:                      (local.get 3)
  ;; CHECK-NEXT:                      (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                  (i64.const 31))
  ;; CHECK-NEXT:                (i64.const -7046029288634856825))
  ;; CHECK-NEXT:              (local.get 1)
  ;; CHECK-NEXT:              (local.get 2))
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)))
  ;; CHECK-NEXT:        (local.set 6
  ;; CHECK-NEXT:          (call $wrr.h.fd_pwrite
  ;; CHECK-NEXT:            (call $wrr.fd_in
  ;; CHECK-NEXT:              (local.get 0))
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3)
  ;; CHECK-NEXT:            (local.get 4)))
  ;; CHECK-NEXT:        (call $wrr.rec_begin
  ;; CHECK-NEXT:          (i32.const 19)
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
  ;; CHECK-NEXT:        (call $wrr.rec_sent
  ;; CHECK-NEXT:          (i32.const 1)
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (local.get 2))
  ;; CHECK-NEXT:        (call $wrr.rec_sent_end)
  ;; CHECK-NEXT:        (if  ;; label = @3
  ;; CHECK-NEXT:          (i32.eqz
  ;; CHECK-NEXT:            (local.get 6))
  ;; CHECK-NEXT:          (then
  ;; CHECK-NEXT:            (call $wrr.rec_fixed
  ;; CHECK-NEXT:              (local.get 4)
  ;; CHECK-NEXT:              (i32.const 4))))
  ;; CHECK-NEXT:        (call $wrr.rec_end)
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (local.get 6)))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block (result i32)  ;; label = @1
  ;; CHECK-NEXT:      (local.set 5
  ;; CHECK-NEXT:        (call $wrr.dgather
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
  ;; CHECK-NEXT:                              (i64.const 2870177450012600280)
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
  ;; CHECK-NEXT:            (local.get 2))
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (local.get 2)))
  ;; CHECK-NEXT:      (local.set 6
  ;; CHECK-NEXT:        (call $wrr.rep_begin
  ;; CHECK-NEXT:          (i32.const 19)
  ;; CHECK-NEXT:          (local.get 5)))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 0))
  ;; CHECK-NEXT:        (i32.const 32)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 2))
  ;; CHECK-NEXT:        (i32.const 33)
  ;; CHECK-NEXT:        (i32.const 1))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (local.get 3)
  ;; CHECK-NEXT:        (i32.const 34)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_sent
  ;; CHECK-NEXT:        (i32.const 2)
  ;; CHECK-NEXT:        (local.get 1)
  ;; CHECK-NEXT:        (local.get 2)
  ;; CHECK-NEXT:        (i32.const 35)
  ;; CHECK-NEXT:        (i32.const 1))
  ;; CHECK-NEXT:      (call $wrr.rep_sent
  ;; CHECK-NEXT:        (i32.const 1)
  ;; CHECK-NEXT:        (local.get 1)
  ;; CHECK-NEXT:        (local.get 2)
  ;; CHECK-NEXT:        (i32.const 36)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_sent_end
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 6)))
  ;; CHECK-NEXT:      (if  ;; label = @2
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 6))
  ;; CHECK-NEXT:        (then
  ;; CHECK-NEXT:          (call $wrr.rep_fixed
  ;; CHECK-NEXT:            (local.get 4)
  ;; CHECK-NEXT:            (i32.const 4))))
  ;; CHECK-NEXT:      (local.get 6)))
  (import "wasi_snapshot_preview1" "fd_pwrite"
    (func $fd_pwrite (param i32 i32 i32 i64 i32) (result i32)))
  ;; CHECK-LABEL: (func $sock_send (type {{[0-9]+}}) (param i32 i32 i32 i32 i32) (result i32)
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
  ;; CHECK-NEXT:          (call $wrr.h.sock_send
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3)
  ;; CHECK-NEXT:            (local.get 4))))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_check)
  ;; CHECK-NEXT:        (global.set $wrr.incall
  ;; CHECK-NEXT:          (i32.const 172))
  ;; CHECK-NEXT:        (local.set 5
  ;; CHECK-NEXT:          (call $wrr.dgather
  ;; CHECK-NEXT:            (call $wrr.dlens
  ;; CHECK-NEXT:              (i64.mul
  ;; CHECK-NEXT:                (i64.rotl
  ;; CHECK-NEXT:                  (i64.add
  ;; CHECK-NEXT:                    (i64.mul
  ;; CHECK-NEXT:                      (i64.rotl
  ;; CHECK-NEXT:                        (i64.add
  ;; CHECK-NEXT:                          (i64.mul
  ;; CHECK-NEXT:                            (i64.rotl
  ;; CHECK-NEXT:                              (i64.add
  ;; CHECK-NEXT:                                (i64.const 2870177450012600305)
  ;; CHECK-NEXT:                                (i64.mul
  ;; CHECK-NEXT:                                  (i64.extend_i32_u
  ;; CHECK-NEXT:                                    (local.get 0))
  ;; CHECK-NEXT:                                  (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                              (i64.const 31))
  ;; CHECK-NEXT:                            (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                          (i64.mul
  ;; CHECK-NEXT:                            (i64.extend_i32_u
  ;; CHECK-NEXT:                              (local.get 2))
  ;; CHECK-NEXT:                            (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                        (i64.const 31))
  ;; CHECK-NEXT:                      (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                    (i64.mul
  ;; CHECK-NEXT:                      (i64.extend_i32_u
  ;; CHECK-NEXT:                        (local.get 3))
  ;; CHECK-NEXT:                      (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                  (i64.const 31))
  ;; CHECK-NEXT:                (i64.const -7046029288634856825))
  ;; CHECK-NEXT:              (local.get 1)
  ;; CHECK-NEXT:              (local.get 2))
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)))
  ;; CHECK-NEXT:        (local.set 6
  ;; CHECK-NEXT:          (call $wrr.h.sock_send
  ;; CHECK-NEXT:            (call $wrr.fd_in
  ;; CHECK-NEXT:              (local.get 0))
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3)
  ;; CHECK-NEXT:            (local.get 4)))
  ;; CHECK-NEXT:        (call $wrr.rec_begin
  ;; CHECK-NEXT:          (i32.const 44)
  ;; CHECK-NEXT:          (local.get 5)
  ;; CHECK-NEXT:          (local.get 6))
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
  ;; CHECK-NEXT:        (call $wrr.rec_sent
  ;; CHECK-NEXT:          (i32.const 1)
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (local.get 2))
  ;; CHECK-NEXT:        (call $wrr.rec_sent_end)
  ;; CHECK-NEXT:        (if  ;; label = @3
  ;; CHECK-NEXT:          (i32.eqz
  ;; CHECK-NEXT:            (local.get 6))
  ;; CHECK-NEXT:          (then
  ;; CHECK-NEXT:            (call $wrr.rec_fixed
  ;; CHECK-NEXT:              (local.get 4)
  ;; CHECK-NEXT:              (i32.const 4))))
  ;; CHECK-NEXT:        (call $wrr.rec_end)
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (local.get 6)))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block (result i32)  ;; label = @1
  ;; CHECK-NEXT:      (local.set 5
  ;; CHECK-NEXT:        (call $wrr.dgather
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
  ;; CHECK-NEXT:                              (i64.const 2870177450012600305)
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
  ;; CHECK-NEXT:            (local.get 2))
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (local.get 2)))
  ;; CHECK-NEXT:      (local.set 6
  ;; CHECK-NEXT:        (call $wrr.rep_begin
  ;; CHECK-NEXT:          (i32.const 44)
  ;; CHECK-NEXT:          (local.get 5)))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 0))
  ;; CHECK-NEXT:        (i32.const 115)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 2))
  ;; CHECK-NEXT:        (i32.const 116)
  ;; CHECK-NEXT:        (i32.const 1))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 3))
  ;; CHECK-NEXT:        (i32.const 117)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_sent
  ;; CHECK-NEXT:        (i32.const 2)
  ;; CHECK-NEXT:        (local.get 1)
  ;; CHECK-NEXT:        (local.get 2)
  ;; CHECK-NEXT:        (i32.const 118)
  ;; CHECK-NEXT:        (i32.const 1))
  ;; CHECK-NEXT:      (call $wrr.rep_sent
  ;; CHECK-NEXT:        (i32.const 1)
  ;; CHECK-NEXT:        (local.get 1)
  ;; CHECK-NEXT:        (local.get 2)
  ;; CHECK-NEXT:        (i32.const 119)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_sent_end
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 6)))
  ;; CHECK-NEXT:      (if  ;; label = @2
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 6))
  ;; CHECK-NEXT:        (then
  ;; CHECK-NEXT:          (call $wrr.rep_fixed
  ;; CHECK-NEXT:            (local.get 4)
  ;; CHECK-NEXT:            (i32.const 4))))
  ;; CHECK-NEXT:      (local.get 6)))
  (import "wasi_snapshot_preview1" "sock_send"
    (func $sock_send (param i32 i32 i32 i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 1024) "hello\n")
  (func $main (export "_start")
    (i32.store (i32.const 0) (i32.const 1024))
    (i32.store (i32.const 4) (i32.const 6))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))
    (drop (call $fd_pwrite (i32.const 3) (i32.const 0) (i32.const 1) (i64.const 0) (i32.const 16)))
    (drop (call $sock_send (i32.const 4) (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 16))))
)
