;; An export name with a NUL byte: valid, and refused by Binaryen 108.
(module
  (import "wasi_snapshot_preview1" "sched_yield" (func $yield (result i32)))
  (memory 1)
  (func (export "start\00here") (drop (call $yield))))
