;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/thunks/args-get-alone.wat
;; A module that imports args_get but not args_sizes_get still gets a host
;; import of args_sizes_get, which the args_get thunk calls to learn the
;; sizes; environ_get likewise gets environ_sizes_get.

;; RUN: wat2wasm --debug-names %s -o %t.in.wasm && wrr-instrument %t.in.wasm -o %t.wasm \
;; RUN:   && wasm-validate %t.wasm && wasm2wat --fold-exprs --inline-imports %t.wasm | FileCheck --match-full-lines %s
;; UPDATE: names=wrr.h.args_get,wrr.h.args_sizes_get,wrr.h.environ_get,wrr.h.environ_sizes_get

(module
  (import "wasi_snapshot_preview1" "args_get"
    (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get"
    (func $environ_get (param i32 i32) (result i32)))
  (memory 1)
  (func $main (export "_start")
    (drop (call $args_get (i32.const 64) (i32.const 1024)))
    (drop (call $environ_get (i32.const 2048) (i32.const 4096))))
)

;; CHECK-LABEL: (func $wrr.h.args_get (import "wasi_snapshot_preview1" "args_get") (type {{[0-9]+}}) (param i32 i32) (result i32))

;; CHECK-LABEL: (func $wrr.h.args_sizes_get (import "wasi_snapshot_preview1" "args_sizes_get") (type {{[0-9]+}}) (param i32 i32) (result i32))

;; CHECK-LABEL: (func $wrr.h.environ_get (import "wasi_snapshot_preview1" "environ_get") (type {{[0-9]+}}) (param i32 i32) (result i32))

;; CHECK-LABEL: (func $wrr.h.environ_sizes_get (import "wasi_snapshot_preview1" "environ_sizes_get") (type {{[0-9]+}}) (param i32 i32) (result i32))
