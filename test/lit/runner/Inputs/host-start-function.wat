;; A start function that calls a host import (host-errors.test).
(module
  (import "env" "host_value" (func $hv (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (global $g (mut i32) (i32.const 0))
  (func $init (global.set $g (call $hv (i32.const 1))))
  (start $init)
  (func (export "get") (result i32) (global.get $g)))
