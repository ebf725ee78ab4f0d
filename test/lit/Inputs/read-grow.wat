;; Reads stdin in reads of 1 to 997 bytes and grows its memory by 8 pages
;; after each, 1,200 times, then prints how many bytes came (4 bytes,
;; binary). Some grows come when the log buffer has less room left than an
;; event needs, so the grow's own event flushes it right after the runtime
;; moved the buffer up.
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (local $i i32) (local $total i32)
    (loop $more
      (i32.store (i32.const 0) (i32.const 64))
      (i32.store (i32.const 4)
        (i32.add (i32.const 1) (i32.rem_u (i32.mul (local.get $i) (i32.const 37)) (i32.const 997))))
      (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
      (local.set $total (i32.add (local.get $total) (i32.load (i32.const 8))))
      (drop (memory.grow (i32.const 8)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $more (i32.lt_u (local.get $i) (i32.const 1200))))
    (i32.store (i32.const 16) (local.get $total))
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 4))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
