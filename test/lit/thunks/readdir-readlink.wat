;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/thunks/readdir-readlink.wat
;; fd_readdir and path_readlink fill a buffer only up to the count they
;; return (bufused): the count is recorded first as a fixed 4-byte region,
;; then the buffer with its length loaded from it (rec_bytes/rep_bytes).
;; path_readlink's path argument is digested.

;; RUN: wat2wasm --debug-names %s -o %t.in.wasm && wrr-instrument %t.in.wasm -o %t.wasm \
;; RUN:   && wasm-validate %t.wasm && wasm2wat --fold-exprs --inline-imports %t.wasm | FileCheck --match-full-lines %s
;; UPDATE: funcs=fd_readdir,path_readlink

(module
  ;; CHECK-LABEL: (func $fd_readdir (type {{[0-9]+}}) (param i32 i32 i32 i64 i32) (result i32)
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
  ;; CHECK-NEXT:          (call $wrr.h.fd_readdir
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3)
  ;; CHECK-NEXT:            (local.get 4))))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_check)
  ;; CHECK-NEXT:        (global.set $wrr.incall
  ;; CHECK-NEXT:          (i32.const 149))
  ;; CHECK-NEXT:        (local.set 5
  ;; CHECK-NEXT:          (i64.mul
  ;; CHECK-NEXT:            (i64.rotl
  ;; CHECK-NEXT:              (i64.add
  ;; CHECK-NEXT:                (i64.mul
  ;; CHECK-NEXT:                  (i64.rotl
  ;; CHECK-NEXT:                    (i64.add
  ;; CHECK-NEXT:                      (i64.mul
  ;; CHECK-NEXT:                        (i64.rotl
  ;; CHECK-NEXT:                          (i64.add
  ;; CHECK-NEXT:                            (i64.const 2870177450012600282)
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
  ;; CHECK-NEXT:            (i64.const -7046029288634856825)))
  ;; CHECK-NEXT:        (local.set 6
  ;; CHECK-NEXT:          (call $wrr.h.fd_readdir
  ;; CHECK-NEXT:            (call $wrr.fd_in
  ;; CHECK-NEXT:              (local.get 0))
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3)
  ;; CHECK-NEXT:            (local.get 4)))
  ;; CHECK-NEXT:        (call $wrr.rec_begin
  ;; CHECK-NEXT:          (i32.const 21)
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
  ;; CHECK-NEXT:        (call $wrr.rec_sent_end)
  ;; CHECK-NEXT:        (if  ;; label = @3
  ;; CHECK-NEXT:          (i32.eqz
  ;; CHECK-NEXT:            (local.get 6))
  ;; CHECK-NEXT:          (then
  ;; CHECK-NEXT:            (call $wrr.rec_fixed
  ;; CHECK-NEXT:              (local.get 4)
  ;; CHECK-NEXT:              (i32.const 4))
  ;; CHECK-NEXT:            (call $wrr.rec_bytes
  ;; CHECK-NEXT:              (local.get 1)
  ;; CHECK-NEXT:              (i32.load align=1
  ;; CHECK-NEXT:                (local.get 4)))))
  ;; CHECK-NEXT:        (call $wrr.rec_end)
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (local.get 6)))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block (result i32)  ;; label = @1
  ;; CHECK-NEXT:      (local.set 5
  ;; CHECK-NEXT:        (i64.mul
  ;; CHECK-NEXT:          (i64.rotl
  ;; CHECK-NEXT:            (i64.add
  ;; CHECK-NEXT:              (i64.mul
  ;; CHECK-NEXT:                (i64.rotl
  ;; CHECK-NEXT:                  (i64.add
  ;; CHECK-NEXT:                    (i64.mul
  ;; CHECK-NEXT:                      (i64.rotl
  ;; CHECK-NEXT:                        (i64.add
  ;; CHECK-NEXT:                          (i64.const 2870177450012600282)
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
  ;; CHECK-NEXT:              (i64.mul
  ;; CHECK-NEXT:                (local.get 3)
  ;; CHECK-NEXT:                (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:            (i64.const 31))
  ;; CHECK-NEXT:          (i64.const -7046029288634856825)))
  ;; CHECK-NEXT:      (local.set 6
  ;; CHECK-NEXT:        (call $wrr.rep_begin
  ;; CHECK-NEXT:          (i32.const 21)
  ;; CHECK-NEXT:          (local.get 5)))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 0))
  ;; CHECK-NEXT:        (i32.const 40)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 2))
  ;; CHECK-NEXT:        (i32.const 41)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (local.get 3)
  ;; CHECK-NEXT:        (i32.const 42)
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
  ;; CHECK-NEXT:            (i32.const 4))
  ;; CHECK-NEXT:          (call $wrr.rep_bytes
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (i32.load align=1
  ;; CHECK-NEXT:              (local.get 4)))))
  ;; CHECK-NEXT:      (local.get 6)))
  (import "wasi_snapshot_preview1" "fd_readdir"
    (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
  ;; CHECK-LABEL: (func $path_readlink (type {{[0-9]+}}) (param i32 i32 i32 i32 i32 i32) (result i32)
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
  ;; CHECK-NEXT:          (call $wrr.h.path_readlink
  ;; CHECK-NEXT:            (local.get 0)
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3)
  ;; CHECK-NEXT:            (local.get 4)
  ;; CHECK-NEXT:            (local.get 5))))
  ;; CHECK-NEXT:      (block  ;; label = @2
  ;; CHECK-NEXT:        (call $wrr.guard_check)
  ;; CHECK-NEXT:        (global.set $wrr.incall
  ;; CHECK-NEXT:          (i32.const 160))
  ;; CHECK-NEXT:        (local.set 6
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
  ;; CHECK-NEXT:                              (i64.const 2870177450012600293)
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
  ;; CHECK-NEXT:                      (local.get 4))
  ;; CHECK-NEXT:                    (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:                (i64.const 31))
  ;; CHECK-NEXT:              (i64.const -7046029288634856825))
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)))
  ;; CHECK-NEXT:        (local.set 7
  ;; CHECK-NEXT:          (call $wrr.h.path_readlink
  ;; CHECK-NEXT:            (call $wrr.fd_in
  ;; CHECK-NEXT:              (local.get 0))
  ;; CHECK-NEXT:            (local.get 1)
  ;; CHECK-NEXT:            (local.get 2)
  ;; CHECK-NEXT:            (local.get 3)
  ;; CHECK-NEXT:            (local.get 4)
  ;; CHECK-NEXT:            (local.get 5)))
  ;; CHECK-NEXT:        (call $wrr.rec_begin
  ;; CHECK-NEXT:          (i32.const 32)
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
  ;; CHECK-NEXT:            (local.get 4)))
  ;; CHECK-NEXT:        (call $wrr.rec_sent
  ;; CHECK-NEXT:          (i32.const 0)
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (local.get 2))
  ;; CHECK-NEXT:        (call $wrr.rec_sent_end)
  ;; CHECK-NEXT:        (if  ;; label = @3
  ;; CHECK-NEXT:          (i32.eqz
  ;; CHECK-NEXT:            (local.get 7))
  ;; CHECK-NEXT:          (then
  ;; CHECK-NEXT:            (call $wrr.rec_fixed
  ;; CHECK-NEXT:              (local.get 5)
  ;; CHECK-NEXT:              (i32.const 4))
  ;; CHECK-NEXT:            (call $wrr.rec_bytes
  ;; CHECK-NEXT:              (local.get 3)
  ;; CHECK-NEXT:              (i32.load align=1
  ;; CHECK-NEXT:                (local.get 5)))))
  ;; CHECK-NEXT:        (call $wrr.rec_end)
  ;; CHECK-NEXT:        (return
  ;; CHECK-NEXT:          (local.get 7)))
  ;; CHECK-NEXT:      (unreachable))
  ;; CHECK-NEXT:    (block (result i32)  ;; label = @1
  ;; CHECK-NEXT:      (local.set 6
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
  ;; CHECK-NEXT:                            (i64.const 2870177450012600293)
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
  ;; CHECK-NEXT:                    (local.get 4))
  ;; CHECK-NEXT:                  (i64.const -4417276706812531889)))
  ;; CHECK-NEXT:              (i64.const 31))
  ;; CHECK-NEXT:            (i64.const -7046029288634856825))
  ;; CHECK-NEXT:          (local.get 1)
  ;; CHECK-NEXT:          (local.get 2)))
  ;; CHECK-NEXT:      (local.set 7
  ;; CHECK-NEXT:        (call $wrr.rep_begin
  ;; CHECK-NEXT:          (i32.const 32)
  ;; CHECK-NEXT:          (local.get 6)))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 0))
  ;; CHECK-NEXT:        (i32.const 83)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 2))
  ;; CHECK-NEXT:        (i32.const 84)
  ;; CHECK-NEXT:        (i32.const 1))
  ;; CHECK-NEXT:      (call $wrr.rep_arg
  ;; CHECK-NEXT:        (i64.extend_i32_u
  ;; CHECK-NEXT:          (local.get 4))
  ;; CHECK-NEXT:        (i32.const 85)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_sent
  ;; CHECK-NEXT:        (i32.const 0)
  ;; CHECK-NEXT:        (local.get 1)
  ;; CHECK-NEXT:        (local.get 2)
  ;; CHECK-NEXT:        (i32.const 86)
  ;; CHECK-NEXT:        (i32.const 0))
  ;; CHECK-NEXT:      (call $wrr.rep_sent_end
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 7)))
  ;; CHECK-NEXT:      (if  ;; label = @2
  ;; CHECK-NEXT:        (i32.eqz
  ;; CHECK-NEXT:          (local.get 7))
  ;; CHECK-NEXT:        (then
  ;; CHECK-NEXT:          (call $wrr.rep_fixed
  ;; CHECK-NEXT:            (local.get 5)
  ;; CHECK-NEXT:            (i32.const 4))
  ;; CHECK-NEXT:          (call $wrr.rep_bytes
  ;; CHECK-NEXT:            (local.get 3)
  ;; CHECK-NEXT:            (i32.load align=1
  ;; CHECK-NEXT:              (local.get 5)))))
  ;; CHECK-NEXT:      (local.get 7)))
  (import "wasi_snapshot_preview1" "path_readlink"
    (func $path_readlink (param i32 i32 i32 i32 i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 512) "link")
  (func $main (export "_start")
    (drop (call $fd_readdir (i32.const 3) (i32.const 1024) (i32.const 4096) (i64.const 0) (i32.const 16)))
    (drop (call $path_readlink (i32.const 3) (i32.const 512) (i32.const 4) (i32.const 8192) (i32.const 256) (i32.const 20))))
)
