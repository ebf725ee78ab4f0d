;; Used by errors/wrong-signature.wat: proc_exit imported with a result.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func (param i32) (result i32)))
  (memory 1))
