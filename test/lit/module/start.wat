;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/module/start.wat
;; The start function and _start. An existing start function is wrapped by
;; $wrr.start_section, which first reserves the log buffer ($wrr.reserve);
;; the _start export then points at $wrr.start, which sets up recording or
;; replay, runs the program's _start and finishes the trace when it returns.
;; The program's own functions keep their names (name section) and bodies,
;; and still call the WASI import by its name, now the thunk; non-WASI
;; imports become thunks too (the real ones are $wrr.h.env.*) and other
;; exports go through wrappers (test/lit/host-module).

;; RUN: wat2wasm --debug-names %s -o %t.in.wasm && wrr-instrument %t.in.wasm -o %t.wasm \
;; RUN:   && wasm-validate %t.wasm && wasm2wat --fold-exprs --inline-imports %t.wasm | FileCheck --match-full-lines %s
;; UPDATE: names=wrr.h.env.js_log,wrr.h.env.js_now,init,main,helper,wrr.start_section,wrr.start fields=export,start

(module
  (import "env" "js_log" (func $js_log (param i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "env" "js_now" (func $js_now (result f64)))
  (memory (export "memory") 1)
  (global $counter (mut i32) (i32.const 0))
  (start $init)
  ;; CHECK-LABEL: (func $wrr.h.env.js_log (import "env" "js_log") (type {{[0-9]+}}) (param i32))

  ;; CHECK-LABEL: (func $wrr.h.env.js_now (import "env" "js_now") (type {{[0-9]+}}) (result f64))

  ;; CHECK-LABEL: (func $init (type {{[0-9]+}})
  ;; CHECK-NEXT:    (global.set $counter
  ;; CHECK-NEXT:      (i32.const 1))
  ;; CHECK-NEXT:    (call $js_log
  ;; CHECK-NEXT:      (i32.const 7)))
  (func $init
    (global.set $counter (i32.const 1))
    (call $js_log (i32.const 7)))
  ;; CHECK-LABEL: (func $main (type {{[0-9]+}})
  ;; CHECK-NEXT:    (local $fd i32)
  ;; CHECK-NEXT:    (local.set $fd
  ;; CHECK-NEXT:      (i32.const 3))
  ;; CHECK-NEXT:    (drop
  ;; CHECK-NEXT:      (call $fd_close
  ;; CHECK-NEXT:        (local.get $fd)))
  ;; CHECK-NEXT:    (call $helper
  ;; CHECK-NEXT:      (i32.trunc_f64_s
  ;; CHECK-NEXT:        (call $js_now))))
  (func $main (export "_start")
    (local $fd i32)
    (local.set $fd (i32.const 3))
    (drop (call $fd_close (local.get $fd)))
    (call $helper (i32.trunc_f64_s (call $js_now))))
  ;; CHECK-LABEL: (func $helper (type {{[0-9]+}}) (param $x i32)
  ;; CHECK-NEXT:    (call $js_log
  ;; CHECK-NEXT:      (local.get $x)))
  (func $helper (export "helper") (param $x i32)
    (call $js_log (local.get $x)))
)

;; CHECK-LABEL: (func $wrr.start_section (type {{[0-9]+}})
;; CHECK-NEXT:    (call $wrr.reserve)
;; CHECK-NEXT:    (call $init))

;; CHECK-LABEL: (func $wrr.start (type {{[0-9]+}})
;; CHECK-NEXT:    (call $wrr.init)
;; CHECK-NEXT:    (call $main)
;; CHECK-NEXT:    (call $wrr.start_returned))

;; CHECK:      (export "memory" (memory 0))
;; CHECK-NEXT: (export "wrr_trapped" (func $wrr.trapped))
;; CHECK-NEXT: (export "wrr_stopped" (func $wrr.stopped))
;; CHECK-NEXT: (export "wrr_program_bytes" (func $wrr.program_bytes))
;; CHECK-NEXT: (export "wrr_host_write" (func $wrr.host_write))
;; CHECK-NEXT: (export "wrr_host_returned" (func $wrr.host_returned))
;; CHECK-NEXT: (export "wrr_host_idle" (func $wrr.host_idle))
;; CHECK-NEXT: (export "wrr_replay_host" (func $wrr.replay_host))
;; CHECK-NEXT: (export "_start" (func $wrr.start))
;; CHECK-NEXT: (export "helper" (func $wrr.x.helper))

;; CHECK:      (start $wrr.start_section))
