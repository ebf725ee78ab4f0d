;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/host-module/wrappers.wat
;; Every function export but _start goes through a wrapper that records the
;; host's call (export call: name, arguments) and its results (export
;; return), passes through without a trace, and refuses a host during
;; replay; replay calls the original through $wrr.r.NAME, found by the
;; name's hash ($wrr.g.export_call). Exports of other types, and functions
;; with v128 in their type, are left as they are.

;; RUN: wat2wasm --enable-all --debug-names %s -o %t.in.wasm && wrr-instrument %t.in.wasm -o %t.wasm \
;; RUN:   && wasm-validate --enable-all %t.wasm && wasm2wat --enable-all --fold-exprs --inline-imports %t.wasm | FileCheck --match-full-lines %s
;; UPDATE: funcs=wrr.x.mix,wrr.r.mix,wrr.g.export_call fields=export

(module
  (import "wasi_snapshot_preview1" "sched_yield" (func $yield (result i32)))
  (memory (export "memory") 1)
  (func $mix (export "mix") (param $a i32) (param $b i64) (param $c f32) (param $d f64) (result f64)
    (drop (call $yield))
    (f64.add (local.get $d) (f64.promote_f32 (local.get $c))))
  (func $vec (export "vec") (param v128))
  (global (export "g") i32 (i32.const 0)))

;; CHECK-LABEL: (func $wrr.g.export_call (type {{[0-9]+}}) (param i64) (result i32)
;; CHECK-NEXT:    (if  ;; label = @1
;; CHECK-NEXT:      (i64.eq
;; CHECK-NEXT:        (local.get 0)
;; CHECK-NEXT:        (i64.const -2702569195660850470))
;; CHECK-NEXT:      (then
;; CHECK-NEXT:        (call $wrr.r.mix)
;; CHECK-NEXT:        (return
;; CHECK-NEXT:          (i32.const 1))))
;; CHECK-NEXT:    (i32.const 0))

;; CHECK-LABEL: (func $wrr.x.mix (type {{[0-9]+}}) (param i32 i64 f32 f64) (result f64)
;; CHECK-NEXT:    (local f64 i32)
;; CHECK-NEXT:    (if  ;; label = @1
;; CHECK-NEXT:      (i32.eqz
;; CHECK-NEXT:        (global.get $wrr.mode))
;; CHECK-NEXT:      (then
;; CHECK-NEXT:        (call $wrr.init)))
;; CHECK-NEXT:    (block  ;; label = @1
;; CHECK-NEXT:      (block  ;; label = @2
;; CHECK-NEXT:        (block  ;; label = @3
;; CHECK-NEXT:          (br_table 0 (;@3;) 0 (;@3;) 1 (;@2;) 2 (;@1;) 0 (;@3;) 0 (;@3;)
;; CHECK-NEXT:            (global.get $wrr.mode)))
;; CHECK-NEXT:        (return
;; CHECK-NEXT:          (call $mix
;; CHECK-NEXT:            (local.get 0)
;; CHECK-NEXT:            (local.get 1)
;; CHECK-NEXT:            (local.get 2)
;; CHECK-NEXT:            (local.get 3))))
;; CHECK-NEXT:      (block  ;; label = @2
;; CHECK-NEXT:        (call $wrr.guard_check)
;; CHECK-NEXT:        (local.set 5
;; CHECK-NEXT:          (global.get $wrr.incall))
;; CHECK-NEXT:        (call $wrr.rec_special
;; CHECK-NEXT:          (global.get $wrr.k.export_call))
;; CHECK-NEXT:        (call $wrr.rec_uleb
;; CHECK-NEXT:          (i64.const 3))
;; CHECK-NEXT:        (call $wrr.rec_chunk
;; CHECK-NEXT:          (i64.const 7891309)
;; CHECK-NEXT:          (i32.const 3))
;; CHECK-NEXT:        (call $wrr.rec_uleb
;; CHECK-NEXT:          (i64.extend_i32_u
;; CHECK-NEXT:            (i32.add
;; CHECK-NEXT:              (i32.add
;; CHECK-NEXT:                (i32.add
;; CHECK-NEXT:                  (call $wrr.val_len
;; CHECK-NEXT:                    (i64.extend_i32_u
;; CHECK-NEXT:                      (local.get 0)))
;; CHECK-NEXT:                  (call $wrr.val_len
;; CHECK-NEXT:                    (local.get 1)))
;; CHECK-NEXT:                (call $wrr.val_len
;; CHECK-NEXT:                  (i64.extend_i32_u
;; CHECK-NEXT:                    (i32.reinterpret_f32
;; CHECK-NEXT:                      (local.get 2)))))
;; CHECK-NEXT:              (call $wrr.val_len
;; CHECK-NEXT:                (i64.reinterpret_f64
;; CHECK-NEXT:                  (local.get 3))))))
;; CHECK-NEXT:        (call $wrr.rec_val
;; CHECK-NEXT:          (i32.const 127)
;; CHECK-NEXT:          (i64.extend_i32_u
;; CHECK-NEXT:            (local.get 0)))
;; CHECK-NEXT:        (call $wrr.rec_val
;; CHECK-NEXT:          (i32.const 126)
;; CHECK-NEXT:          (local.get 1))
;; CHECK-NEXT:        (call $wrr.rec_val
;; CHECK-NEXT:          (i32.const 125)
;; CHECK-NEXT:          (i64.extend_i32_u
;; CHECK-NEXT:            (i32.reinterpret_f32
;; CHECK-NEXT:              (local.get 2))))
;; CHECK-NEXT:        (call $wrr.rec_val
;; CHECK-NEXT:          (i32.const 124)
;; CHECK-NEXT:          (i64.reinterpret_f64
;; CHECK-NEXT:            (local.get 3)))
;; CHECK-NEXT:        (call $wrr.rec_end)
;; CHECK-NEXT:        (local.set 4
;; CHECK-NEXT:          (call $mix
;; CHECK-NEXT:            (local.get 0)
;; CHECK-NEXT:            (local.get 1)
;; CHECK-NEXT:            (local.get 2)
;; CHECK-NEXT:            (local.get 3)))
;; CHECK-NEXT:        (if  ;; label = @3
;; CHECK-NEXT:          (i32.eq
;; CHECK-NEXT:            (global.get $wrr.mode)
;; CHECK-NEXT:            (i32.const 2))
;; CHECK-NEXT:          (then
;; CHECK-NEXT:            (call $wrr.guard_check)
;; CHECK-NEXT:            (call $wrr.rec_special
;; CHECK-NEXT:              (global.get $wrr.k.export_return))
;; CHECK-NEXT:            (call $wrr.rec_uleb
;; CHECK-NEXT:              (i64.extend_i32_u
;; CHECK-NEXT:                (call $wrr.val_len
;; CHECK-NEXT:                  (i64.reinterpret_f64
;; CHECK-NEXT:                    (local.get 4)))))
;; CHECK-NEXT:            (call $wrr.rec_val
;; CHECK-NEXT:              (i32.const 124)
;; CHECK-NEXT:              (i64.reinterpret_f64
;; CHECK-NEXT:                (local.get 4)))
;; CHECK-NEXT:            (call $wrr.rec_end)))
;; CHECK-NEXT:        (global.set $wrr.incall
;; CHECK-NEXT:          (local.get 5))
;; CHECK-NEXT:        (return
;; CHECK-NEXT:          (local.get 4)))
;; CHECK-NEXT:      (unreachable))
;; CHECK-NEXT:    (block  ;; label = @1
;; CHECK-NEXT:      (call $wrr.host_in_replay
;; CHECK-NEXT:        (i32.const 0))
;; CHECK-NEXT:      (unreachable))
;; CHECK-NEXT:    (unreachable))

;; CHECK-LABEL: (func $wrr.r.mix (type {{[0-9]+}})
;; CHECK-NEXT:    (local i32 i64 f32 f64 f64)
;; CHECK-NEXT:    (call $wrr.rep_vals)
;; CHECK-NEXT:    (local.set 0
;; CHECK-NEXT:      (i32.wrap_i64
;; CHECK-NEXT:        (call $wrr.rep_val
;; CHECK-NEXT:          (i32.const 127)
;; CHECK-NEXT:          (i32.const 0))))
;; CHECK-NEXT:    (local.set 1
;; CHECK-NEXT:      (call $wrr.rep_val
;; CHECK-NEXT:        (i32.const 126)
;; CHECK-NEXT:        (i32.const 0)))
;; CHECK-NEXT:    (local.set 2
;; CHECK-NEXT:      (f32.reinterpret_i32
;; CHECK-NEXT:        (i32.wrap_i64
;; CHECK-NEXT:          (call $wrr.rep_val
;; CHECK-NEXT:            (i32.const 125)
;; CHECK-NEXT:            (i32.const 0)))))
;; CHECK-NEXT:    (local.set 3
;; CHECK-NEXT:      (f64.reinterpret_i64
;; CHECK-NEXT:        (call $wrr.rep_val
;; CHECK-NEXT:          (i32.const 124)
;; CHECK-NEXT:          (i32.const 0))))
;; CHECK-NEXT:    (call $wrr.rep_vals_end
;; CHECK-NEXT:      (i32.const 0))
;; CHECK-NEXT:    (local.set 4
;; CHECK-NEXT:      (call $mix
;; CHECK-NEXT:        (local.get 0)
;; CHECK-NEXT:        (local.get 1)
;; CHECK-NEXT:        (local.get 2)
;; CHECK-NEXT:        (local.get 3)))
;; CHECK-NEXT:    (call $wrr.rep_expect
;; CHECK-NEXT:      (global.get $wrr.k.export_return)
;; CHECK-NEXT:      (i32.const 0))
;; CHECK-NEXT:    (call $wrr.rep_vals)
;; CHECK-NEXT:    (call $wrr.rep_result
;; CHECK-NEXT:      (i32.const 124)
;; CHECK-NEXT:      (i64.reinterpret_f64
;; CHECK-NEXT:        (local.get 4))
;; CHECK-NEXT:      (i32.const 0)
;; CHECK-NEXT:      (i32.const 0))
;; CHECK-NEXT:    (call $wrr.rep_vals_end
;; CHECK-NEXT:      (i32.const 0)))

;; CHECK:      (export "memory" (memory 0))
;; CHECK-NEXT: (export "vec" (func $vec))
;; CHECK-NEXT: (export "g" (global 0))
;; CHECK-NEXT: (export "wrr_trapped" (func $wrr.trapped))
;; CHECK-NEXT: (export "wrr_stopped" (func $wrr.stopped))
;; CHECK-NEXT: (export "wrr_program_bytes" (func $wrr.program_bytes))
;; CHECK-NEXT: (export "wrr_host_write" (func $wrr.host_write))
;; CHECK-NEXT: (export "wrr_host_returned" (func $wrr.host_returned))
;; CHECK-NEXT: (export "wrr_host_idle" (func $wrr.host_idle))
;; CHECK-NEXT: (export "wrr_replay_host" (func $wrr.replay_host))
;; CHECK-NEXT: (export "mix" (func $wrr.x.mix))
