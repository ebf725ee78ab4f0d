;; One active data segment and a memory.init, so wat2wasm writes a DataCount
;; section; for wasm_edit.py's edits in errors/binaryen-unreadable.test.
(module
  (import "wasi_snapshot_preview1" "sched_yield" (func $yield (result i32)))
  (memory 1)
  (data (i32.const 16) "wrr")
  (func (export "_start")
    (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 0))
    (drop (call $yield))))
