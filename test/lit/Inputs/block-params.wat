;; A valid module (WABT) that Binaryen 108 cannot read: an `if` with a
;; parameter.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (i32.const 1) (i32.const 1)
    (if (param i32) (then (drop)) (else (drop)))))
