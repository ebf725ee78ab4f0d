;; A module using the features Binaryen 108 and WABT both read, assembled
;; with --debug-names (whose tag names Binaryen 108 misreads): for
;; module/features.test, and for mutated_modules_test, whose mutations of it
;; reach SIMD, exception handling, tail calls, atomics, multi-value and bulk
;; memory encodings.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (type $t (func (param i32) (result i32)))
  (tag $e (param i32))
  (memory (export "memory") 1)
  (table 2 funcref)
  (global $g (mut i32) (i32.const 3))
  (data $d "hello\n")
  (func $tail (type $t) (return_call $id (local.get 0)))
  (func $id (type $t) (local.get 0))
  (func $indirect (param i32) (result i32)
    (return_call_indirect (type $t) (local.get 0) (i32.const 0)))
  (func $eh (result i32)
    (try (result i32)
      (do (throw $e (i32.const 1)))
      (catch $e)))
  (func $simd (param v128) (result v128)
    (i32x4.add (local.get 0) (v128.const i32x4 1 2 3 4)))
  (func $atomics (result i32)
    (atomic.fence)
    (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
  (func $pair (result i32 i64) (i32.const 1) (i64.const 2))
  (func $conv (param f32) (result i32)
    (i32.extend8_s (i32.trunc_sat_f32_s (local.get 0))))
  (func $bulk
    (memory.init $d (i32.const 16) (i32.const 0) (i32.const 6))
    (memory.fill (i32.const 32) (i32.const 0) (i32.const 8))
    (memory.copy (i32.const 48) (i32.const 16) (i32.const 6)))
  (func (export "_start")
    (call $bulk)
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 6))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (global.set $g (call $tail (call $eh))))
  (elem (i32.const 0) $id))
