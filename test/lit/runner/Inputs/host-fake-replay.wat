;; Stands in for an instrumented module that a host drove, in replay
;; (host-replay.test): no _start, an import from outside WASI, an
;; _initialize that must not run (the trace holds its effects), and the
;; runtime's wrr_replay_host, which here only prints through WASI.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (import "env" "host_value" (func $hv (param i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "replayed with no host\n")
  (func (export "_initialize") unreachable)
  (func (export "execute") (param i32) (result i32) (call $hv (local.get 0)))
  (func (export "wrr_replay_host")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 22))
    (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "wrr_trapped"))
)
