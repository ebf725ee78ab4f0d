;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/thunks/paths.wat
;; Path functions: the path strings are digested (dbytes over ptr/len), so
;; replay notices another path; every fd parameter (path_open's dirfd,
;; path_rename's two dirfds) is hidden when it is the trace directory.
;; path_open's opened fd is a fixed 4-byte result.

;; RUN: wat2wasm --debug-names %s -o %t.in.wasm && wrr-instrument %t.in.wasm -o %t.wasm \
;; RUN:   && wasm-validate %t.wasm && wasm2wat --fold-exprs --inline-imports %t.wasm | FileCheck --match-full-lines %s
;; UPDATE: funcs=path_open,path_rename

(module
  ;; CHECK-LABEL: (func $path_open (type {{[0-9]+}}) (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)
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
  ;; CHECK-NEXT:          (call $wrr.h.path_open
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3)
  ;; CHECK-NEXT:            (local.get 4)
  ;; CHECK-NEXT:            (local.get 5)
  ;; CHECK-NEXT:            (local.get 6)
  ;; CHECK-NEXT:            (local.get 7)
  ;; CHECK-NEXT:            (local.get 8))))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_check)
  ;; CHECK-NEXT:        (global.set $wrr.incall
  ;; CHECK-NEXT:          (i32.const 159))
  ;; CHECK-NEXT:        (local.set 9
  ;; CHECK-NEXT:          (call $wrr.dbytes
  ;; CHECK-NEXT:            (i64.mul
  ;; CHECK-NEXT:              (i64.rotl
  ;; CHECK-NEXT:                (i64.add
  ;; CHECK-NEXT:                  (i64.mul
  ;; CHECK-NEXT:                    (i64.rotl
  ;; CHECK-NEXT:                      (i64.add
  ;; CHECK-NEXT:                        (i64.mul
  ;; CHECK-NEXT:                          (i64.rotl
  ;; CHECK-NEXT:                            (i64.add
  ;; CHECK-NEXT:                              (i64.mul
  ;; CHECK-NEXT:                                (i64.rotl
  ;; CHECK-NEXT:                                  (i64.add
  ;; CHECK-NEXT:                                    (i64.mul
  ;; CHECK-NEXT:                                      (i64.rotl
  ;; CHECK-NEXT:                                        (i64.add
  ;; CHECK-NEXT:                                          (i64.mul
  ;; CHECK-NEXT:                                            (i64.rotl
  ;; CHECK-NEXT:                                              (i64.add
  ;; CHECK-NEXT:                                                (i64.mul
  ;; CHECK-NEXT:                                                  (i64.rotl
  ;; CHECK-NEXT:                                                    (i64.add
  ;; CHECK-NEXT:                                                      (i64.const 2870177450012600292)
  ;; CHECK-NEXT:                                                      (i64.mul
  ;; CHECK-NEXT:                                                        (i64.extend_i32_u
  ;; CHECK-NEXT:                                                          (local.get 0))
  ;; CHECK-NEXT:                                                        (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                                                    (i64.const 31))
  ;; CHECK-NEXT:                                                  (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                                                (i64.mul
  ;; CHECK-NEXT:                                                  (i64.extend_i32_u
  ;; CHECK-NEXT:                                                    (local.get 1))
  ;; CHECK-NEXT:                                                  (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                                              (i64.const 31))
  ;; CHECK-NEXT:                                            (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                                          (i64.mul
  ;; CHECK-NEXT:                                            (i64.extend_i32_u
  ;; CHECK-NEXT:                                              (local.get 3))
  ;; CHECK-NEXT:                                            (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                                        (i64.const 31))
  ;; CHECK-NEXT:                                      (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                                    (i64.mul
  ;; CHECK-NEXT:                                      (i64.extend_i32_u
  ;; CHECK-NEXT:                                        (local.get 4))
  ;; CHECK-NEXT:                                      (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                                  (i64.const 31))
  ;; CHECK-NEXT:                                (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                              (i64.mul
  ;; CHECK-NEXT:                                (local.get 5)
  ;; CHECK-NEXT:                                (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                            (i64.const 31))
  ;; CHECK-NEXT:                          (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                        (i64.mul
  ;; CHECK-NEXT:                          (local.get 6)
  ;; CHECK-NEXT:                          (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                      (i64.const 31))
  ;; CHECK-NEXT:                    (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                  (i64.mul
  ;; CHECK-NEXT:                    (i64.extend_i32_u
  ;; CHECK-NEXT:                      (local.get 7))
  ;; CHECK-NEXT:                    (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                (i64.const 31))
  ;; CHECK-NEXT:              (i64.const -7046029288634856825))
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3)))
  ;; CHECK-NEXT:        (local.set 10
  ;; CHECK-NEXT:          (call $wrr.h.path_open
  ;; CHECK-NEXT:            (call $wrr.fd_in
  ;; CHECK-NEXT:              (local.get 0))
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3)
  ;; CHECK-NEXT:            (local.get 4)
  ;; CHECK-NEXT:            (local.get 5)
  ;; CHECK-NEXT:            (local.get 6)
  ;; CHECK-NEXT:            (local.get 7)
  ;; CHECK-NEXT:            (local.get 8)))
  ;; CHECK-NEXT:        (call $wrr.rec_begin
  ;; CHECK-NEXT:          (i32.const 31)
  ;; CHECK-NEXT:          (local.get 9)
  ;; CHECK-NEXT:          (local.get 10))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (local.get 0)))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (local.get 1)))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (local.get 3)))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (local.get 4)))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (local.get 5))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (local.get 6))
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (local.get 7)))
  ;; CHECK-NEXT:        (call $wrr.rec_sent
  ;; CHECK-NEXT:          (i32.const 0)
  ;; CHECK-NEXT:          (local.get 2)
  ;; CHECK-NEXT:          (local.get 3))
  ;; CHECK-NEXT:        (call $wrr.rec_sent_end)
  ;; CHECK-NEXT:        (if  ;; label = @3
  ;; CHECK-NEXT:          (i32.eqz
  ;; CHECK-NEXT:            (local.get 10))
  ;; CHECK-NEXT:          (then
  ;; CHECK-NEXT:            (i32.store align=1
  ;; CHECK-NEXT:              (local.get 8)
  ;; CHECK-NEXT:              (call $wrr.fd_out
  ;; CHECK-NEXT:                (i32.load align=1
  ;; CHECK-NEXT:                  (local.get 8))))
  ;; CHECK-NEXT:            (call $wrr.rec_fixed
  ;; CHECK-NEXT:              (local.get 8)
  ;; CHECK-NEXT:              (i32.const 4))))
  ;; CHECK-NEXT:        (call $wrr.rec_end)
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (local.get 10)))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block (result i32)  ;; label = @1
  ;; CHECK-NEXT:      (local.set 9
  ;; CHECK-NEXT:        (call $wrr.dbytes
  ;; CHECK-NEXT:          (i64.mul
  ;; CHECK-NEXT:            (i64.rotl
  ;; CHECK-NEXT:              (i64.add
  ;; CHECK-NEXT:                (i64.mul
  ;; CHECK-NEXT:                  (i64.rotl
  ;; CHECK-NEXT:                    (i64.add
  ;; CHECK-NEXT:                      (i64.mul
  ;; CHECK-NEXT:                        (i64.rotl
  ;; CHECK-NEXT:                          (i64.add
  ;; CHECK-NEXT:                            (i64.mul
  ;; CHECK-NEXT:                              (i64.rotl
  ;; CHECK-NEXT:                                (i64.add
  ;; CHECK-NEXT:                                  (i64.mul
  ;; CHECK-NEXT:                                    (i64.rotl
  ;; CHECK-NEXT:                                      (i64.add
  ;; CHECK-NEXT:                                        (i64.mul
  ;; CHECK-NEXT:                                          (i64.rotl
  ;; CHECK-NEXT:                                            (i64.add
  ;; CHECK-NEXT:                                              (i64.mul
  ;; CHECK-NEXT:                                                (i64.rotl
  ;; CHECK-NEXT:                                                  (i64.add
  ;; CHECK-NEXT:                                                    (i64.const 2870177450012600292)
  ;; CHECK-NEXT:                                                    (i64.mul
  ;; CHECK-NEXT:                                                      (i64.extend_i32_u
  ;; CHECK-NEXT:                                                        (local.get 0))
  ;; CHECK-NEXT:                                                      (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                                                  (i64.const 31))
  ;; CHECK-NEXT:                                                (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                                              (i64.mul
  ;; CHECK-NEXT:                                                (i64.extend_i32_u
  ;; CHECK-NEXT:                                                  (local.get 1))
  ;; CHECK-NEXT:                                                (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                                            (i64.const 31))
  ;; CHECK-NEXT:                                          (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                                        (i64.mul
  ;; CHECK-NEXT:                                          (i64.extend_i32_u
  ;; CHECK-NEXT:                                            (local.get 3))
  ;; CHECK-NEXT:                                          (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                                      (i64.const 31))
  ;; CHECK-NEXT:                                    (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                                  (i64.mul
  ;; CHECK-NEXT:                                    (i64.extend_i32_u
  ;; CHECK-NEXT:                                      (local.get 4))
  ;; CHECK-NEXT:                                    (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                                (i64.const 31))
  ;; CHECK-NEXT:                              (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                            (i64.mul
  ;; CHECK-NEXT:                              (local.get 5)
  ;; CHECK-NEXT:                              (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                          (i64.const 31))
  ;; CHECK-NEXT:                        (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                      (i64.mul
  ;; CHECK-NEXT:                        (local.get 6)
  ;; CHECK-NEXT:                        (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                    (i64.const 31))
  ;; CHECK-NEXT:                  (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                (i64.mul
  ;; CHECK-NEXT:                  (i64.extend_i32_u
  ;; CHECK-NEXT:                    (local.get 7))
  ;; CHECK-NEXT:                  (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:              (i64.const 31))
  ;; CHECK-NEXT:            (i64.const -7046029288634856825))
  ;; CHECK-NEXT:          (local.get 2)
  ;; CHECK-NEXT:          (local.get 3)))
  ;; CHECK-NEXT:      (local.set 10
  ;; CHECK-NEXT:        (call $wrr.rep_begin
  ;; CHECK-NEXT:          (i32.const 31)
  ;; CHECK-NEXT:          (local.get 9)))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 0))
  ;; CHECK-NEXT:        (i32.const 75)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 1))
  ;; CHECK-NEXT:        (i32.const 76)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 3))
  ;; CHECK-NEXT:        (i32.const 77)
  ;; CHECK-NEXT:        (i32.const 1))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 4))
  ;; CHECK-NEXT:        (i32.const 78)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (local.get 5)
  ;; CHECK-NEXT:        (i32.const 79)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (local.get 6)
  ;; CHECK-NEXT:        (i32.const 80)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 7))
  ;; CHECK-NEXT:        (i32.const 81)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_sent
  ;; CHECK-NEXT:        (i32.const 0)
  ;; CHECK-NEXT:        (local.get 2)
  ;; CHECK-NEXT:        (local.get 3)
  ;; CHECK-NEXT:        (i32.const 82)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_sent_end
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 10)))
  ;; CHECK-NEXT:      (if  ;; label = @2
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 10))
  ;; CHECK-NEXT:        (then
  ;; CHECK-NEXT:          (call $wrr.rep_fixed
  ;; CHECK-NEXT:            (local.get 8)
  ;; CHECK-NEXT:            (i32.const 4))))
  ;; CHECK-NEXT:      (local.get 10)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  ;; CHECK-LABEL: (func $path_rename (type {{[0-9]+}}) (param i32 i32 i32 i32 i32 i32) (result i32)
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
  ;; CHECK-NEXT:          (call $wrr.h.path_rename
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3)
  ;; CHECK-NEXT:            (local.get 4)
  ;; CHECK-NEXT:            (local.get 5))))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_check)
  ;; CHECK-NEXT:        (global.set $wrr.incall
  ;; CHECK-NEXT:          (i32.const 162))
  ;; CHECK-NEXT:        (local.set 6
  ;; CHECK-NEXT:          (call $wrr.dbytes
  ;; CHECK-NEXT:            (call $wrr.dbytes
  ;; CHECK-NEXT:              (i64.mul
  ;; CHECK-NEXT:                (i64.rotl
  ;; CHECK-NEXT:                  (i64.add
  ;; CHECK-NEXT:                    (i64.mul
  ;; CHECK-NEXT:                      (i64.rotl
  ;; CHECK-NEXT:                        (i64.add
  ;; CHECK-NEXT:                          (i64.mul
  ;; CHECK-NEXT:                            (i64.rotl
  ;; CHECK-NEXT:                              (i64.add
  ;; CHECK-NEXT:                                (i64.mul
  ;; CHECK-NEXT:                                  (i64.rotl
  ;; CHECK-NEXT:                                    (i64.add
  ;; CHECK-NEXT:                                      (i64.const 2870177450012600295)
  ;; CHECK-NEXT:                                      (i64.mul
  ;; CHECK-NEXT:                                        (i64.extend_i32_u
  ;; CHECK-NEXT:                                          (local.get 0))
  ;; CHECK-NEXT:                                        (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                                    (i64.const 31))
  ;; CHECK-NEXT:                                  (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                                (i64.mul
  ;; CHECK-NEXT:                                  (i64.extend_i32_u
  ;; CHECK-NEXT:                                    (local.get 2))
  ;; CHECK-NEXT:                                  (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                              (i64.const 31))
  ;; CHECK-NEXT:                            (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                          (i64.mul
  ;; CHECK-NEXT:                            (i64.extend_i32_u
  ;; CHECK-NEXT:                              (local.get 3))
  ;; CHECK-NEXT:                            (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                        (i64.const 31))
  ;; CHECK-NEXT:                      (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                    (i64.mul
  ;; CHECK-NEXT:                      (i64.extend_i32_u
  ;; CHECK-NEXT:                        (local.get 5))
  ;; CHECK-NEXT:                      (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                  (i64.const 31))
  ;; CHECK-NEXT:                (i64.const -7046029288634856825))
  ;; CHECK-NEXT:              (local.get 1)
  ;; CHECK-NEXT:              (local.get 2))
  ;; CHECK-NEXT:            (local.get 4)
  ;; CHECK-NEXT:            (local.get 5)))
  ;; CHECK-NEXT:        (local.set 7
  ;; CHECK-NEXT:          (call $wrr.h.path_rename
  ;; CHECK-NEXT:            (call $wrr.fd_in
  ;; CHECK-NEXT:              (local.get 0))
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (call $wrr.fd_in
  ;; CHECK-NEXT:              (local.get 3))
  ;; CHECK-NEXT:            (local.get 4)
  ;; CHECK-NEXT:            (local.get 5)))
  ;; CHECK-NEXT:        (call $wrr.rec_begin
  ;; CHECK-NEXT:          (i32.const 34)
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
  ;; CHECK-NEXT:        (call $wrr.rec_uleb
  ;; CHECK-NEXT:          (i64.extend_i32_u
  ;; CHECK-NEXT:            (local.get 5)))
  ;; CHECK-NEXT:        (call $wrr.rec_sent
  ;; CHECK-NEXT:          (i32.const 0)
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (local.get 2))
  ;; CHECK-NEXT:        (call $wrr.rec_sent
  ;; CHECK-NEXT:          (i32.const 0)
  ;; CHECK-NEXT:          (local.get 4)
  ;; CHECK-NEXT:          (local.get 5))
  ;; CHECK-NEXT:        (call $wrr.rec_end)
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (local.get 7)))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block (result i32)  ;; label = @1
  ;; CHECK-NEXT:      (local.set 6
  ;; CHECK-NEXT:        (call $wrr.dbytes
  ;; CHECK-NEXT:          (call $wrr.dbytes
  ;; CHECK-NEXT:            (i64.mul
  ;; CHECK-NEXT:              (i64.rotl
  ;; CHECK-NEXT:                (i64.add
  ;; CHECK-NEXT:                  (i64.mul
  ;; CHECK-NEXT:                    (i64.rotl
  ;; CHECK-NEXT:                      (i64.add
  ;; CHECK-NEXT:                        (i64.mul
  ;; CHECK-NEXT:                          (i64.rotl
  ;; CHECK-NEXT:                            (i64.add
  ;; CHECK-NEXT:                              (i64.mul
  ;; CHECK-NEXT:                                (i64.rotl
  ;; CHECK-NEXT:                                  (i64.add
  ;; CHECK-NEXT:                                    (i64.const 2870177450012600295)
  ;; CHECK-NEXT:                                    (i64.mul
  ;; CHECK-NEXT:                                      (i64.extend_i32_u
  ;; CHECK-NEXT:                                        (local.get 0))
  ;; CHECK-NEXT:                                      (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                                  (i64.const 31))
  ;; CHECK-NEXT:                                (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                              (i64.mul
  ;; CHECK-NEXT:                                (i64.extend_i32_u
  ;; CHECK-NEXT:                                  (local.get 2))
  ;; CHECK-NEXT:                                (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                            (i64.const 31))
  ;; CHECK-NEXT:                          (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                        (i64.mul
  ;; CHECK-NEXT:                          (i64.extend_i32_u
  ;; CHECK-NEXT:                            (local.get 3))
  ;; CHECK-NEXT:                          (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                      (i64.const 31))
  ;; CHECK-NEXT:                    (i64.const -7046029288634856825))
  ;; CHECK-NEXT:                  (i64.mul
  ;; CHECK-NEXT:                    (i64.extend_i32_u
  ;; CHECK-NEXT:                      (local.get 5))
  ;; CHECK-NEXT:                    (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                (i64.const 31))
  ;; CHECK-NEXT:              (i64.const -7046029288634856825))
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2))
  ;; CHECK-NEXT:          (local.get 4)
  ;; CHECK-NEXT:          (local.get 5)))
  ;; CHECK-NEXT:      (local.set 7
  ;; CHECK-NEXT:        (call $wrr.rep_begin
  ;; CHECK-NEXT:          (i32.const 34)
  ;; CHECK-NEXT:          (local.get 6)))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 0))
  ;; CHECK-NEXT:        (i32.const 90)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 2))
  ;; CHECK-NEXT:        (i32.const 91)
  ;; CHECK-NEXT:        (i32.const 1))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 3))
  ;; CHECK-NEXT:        (i32.const 92)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 5))
  ;; CHECK-NEXT:        (i32.const 93)
  ;; CHECK-NEXT:        (i32.const 1))
  ;; CHECK-NEXT:      (call $wrr.rep_sent
  ;; CHECK-NEXT:        (i32.const 0)
  ;; CHECK-NEXT:        (local.get 1)
  ;; CHECK-NEXT:        (local.get 2)
  ;; CHECK-NEXT:        (i32.const 94)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_sent
  ;; CHECK-NEXT:        (i32.const 0)
  ;; CHECK-NEXT:        (local.get 4)
  ;; CHECK-NEXT:        (local.get 5)
  ;; CHECK-NEXT:        (i32.const 95)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_sent_end
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (local.get 7)))
  (import "wasi_snapshot_preview1" "path_rename"
    (func $path_rename (param i32 i32 i32 i32 i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 512) "old.txt")
  (data (i32.const 528) "new.txt")
  (func $main (export "_start")
    (drop (call $path_open (i32.const 3) (i32.const 1) (i32.const 512) (i32.const 7)
                           (i32.const 0) (i64.const -1) (i64.const -1) (i32.const 0)
                           (i32.const 16)))
    (drop (call $path_rename (i32.const 3) (i32.const 512) (i32.const 7)
                             (i32.const 4) (i32.const 528) (i32.const 7))))
)
