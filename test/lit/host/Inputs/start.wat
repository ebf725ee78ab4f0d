;; A module whose start function (run at instantiation, before any export)
;; calls a host import: the import's result decides what export get returns.
(module
  (import "env" "seed" (func $seed (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $seeded (mut i32) (i32.const 0))
  (data (i32.const 16) "get\n")
  (func $init (global.set $seeded (call $seed)))
  (start $init)
  (func (export "get") (result i32)
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 4))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (global.get $seeded))
)
