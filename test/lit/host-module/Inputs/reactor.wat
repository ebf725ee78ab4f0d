;; A small reactor a host drives (driver.mjs): the host writes input into
;; memory and calls execute, which prints it, asks the host for a value
;; (env.host_value; the host calls back into add and writes memory before
;; it returns) and reads random bytes. VARIANT lines are changed by sed
;; to make the builds that diverge.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get"
    (func $random_get (param i32 i32) (result i32)))
  (import "env" "host_value" (func $host_value (param i32) (result i64)))
  (import "env" "host_scale" (func $host_scale (param f64) (result f32)))
  (memory (export "memory") 2)
  (global $heap (mut i32) (i32.const 4096))
  (global $ready (mut i32) (i32.const 0))
  (func (export "_initialize") (global.set $ready (i32.const 1)))
  (func $alloc (export "alloc") (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (global.get $heap) (local.get $n)))
    (local.get $p))
  (func $add (export "add") (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (local.get $b))) ;; VARIANT add
  ;; Writes [p, p+len) to stdout.
  (func $print (param $p i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $p))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "execute") (param $p i32) (param $len i32) (result i32)
    (local $v i64)
    (call $print (local.get $p) (local.get $len))
    (local.set $v (call $host_value (local.get $len))) ;; VARIANT import
    ;; The host wrote 10 bytes at 1024 inside host_value.
    (call $print (i32.const 1024) (i32.const 10))
    (drop (call $random_get (i32.const 2048) (i32.const 4)))
    (i32.add (i32.wrap_i64 (local.get $v)) (i32.load (i32.const 2048))))
  (func (export "scale") (param $x f64) (result f32)
    (call $host_scale (local.get $x)))
  ;; Not wrapped: a v128 result.
  (func (export "vec") (result v128) (v128.const i64x2 0 0)))
