;; A module with a name section (wat2wasm --debug-names).
(module
  (import "wasi_snapshot_preview1" "clock_time_get"
    (func $clock_time_get (param i32 i64 i32) (result i32)))
  (memory (export "memory") 1)
  (func $now (export "now") (result i32)
    (call $clock_time_get (i32.const 0) (i64.const 1) (i32.const 0)))
)
