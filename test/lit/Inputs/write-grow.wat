;; Writes one region of its memory to stdout, grows the memory, changes the
;; region's first byte and writes the same region again: a replay's held
;; output must take the bytes from the memory as it is at each write.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "same region\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 12))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (drop (memory.grow (i32.const 1)))
    (i32.store8 (i32.const 16) (i32.const 0x53))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
