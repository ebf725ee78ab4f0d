;; A module that imports a WASI function but never calls it: instrumenting
;; it moves none of its code (a call would name the thunk, whose index
;; depends on the runtime's function count).
(module
  (import "wasi_snapshot_preview1" "clock_time_get"
    (func $clock_time_get (param i32 i64 i32) (result i32)))
  (memory (export "memory") 1)
  (func $answer (export "answer") (result i32)
    (i32.const 42))
)
