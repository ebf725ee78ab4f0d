;; Stands in for an instrumented reactor in the runner's host tests
;; (host-*.test): the runtime exports the runner calls, keeping count in
;; the page above the program's memory (the program sees [0, 65536)):
;;   65536 host writes, 65540 wrr_program_bytes calls, 65544 wrr_trapped
;;   calls, 65548 wrr_host_returned calls, 65552... each write (addr, len).
(module
  (import "env" "host_value" (func $hv (param i32) (result i32)))
  (memory (export "memory") 2)
  (func $bump (param $at i32)
    (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1))))
  (func (export "wrr_program_bytes") (result i32)
    (call $bump (i32.const 65540))
    (i32.const 65536))
  (func (export "wrr_host_write") (param $addr i32) (param $len i32)
    (local $at i32)
    (local.set $at (i32.add (i32.const 65552) (i32.mul (i32.load (i32.const 65536)) (i32.const 8))))
    (i32.store (local.get $at) (local.get $addr))
    (i32.store offset=4 (local.get $at) (local.get $len))
    (call $bump (i32.const 65536)))
  (func (export "wrr_trapped") (call $bump (i32.const 65544)))
  (func (export "wrr_stopped"))
  (func (export "wrr_host_returned") (call $bump (i32.const 65548)))
  (func (export "wrr_host_idle"))
  (func (export "_initialize") (i32.store8 (i32.const 1000) (i32.const 1)))
  ;; The sum of the bytes at [p, p+n) plus host_value of it.
  (func (export "execute") (param $p i32) (param $n i32) (result i32)
    (local $s i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (i32.add (local.get $s) (call $hv (local.get $s))))
  (func (export "boom") unreachable)
)
