;; Used by module/memory-no-max.wat: a WASI module whose memory is imported
;; (no maximum).
(module
  (import "env" "memory" (memory 1))
  (import "wasi_snapshot_preview1" "sched_yield" (func $sched_yield (result i32)))
  (func (export "_start") (drop (call $sched_yield))))
