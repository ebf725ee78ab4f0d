;; Grows memory to 2 GiB and 64 KiB, then writes "hello" to stdout and
;; stderr: the runtime's reserved region, and so every address it hands
;; the host, lies above 2 GiB (a negative i32 in JavaScript).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "hello\n")
  (func (export "_start")
    (drop (memory.grow (i32.const 32768)))
    (i32.store (i32.const 0) (i32.const 100))
    (i32.store (i32.const 4) (i32.const 6))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))
    (drop (call $fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 16)))))
