;; "-" reads the input from stdin and writes the output to stdout, with the
;; same bytes as from and to files; instrumenting is deterministic.

;; RUN: wat2wasm --debug-names %s -o %t.in.wasm
;; RUN: wrr-instrument %t.in.wasm -o %t.file.wasm
;; RUN: wrr-instrument %t.in.wasm -o %t.again.wasm
;; RUN: cmp %t.file.wasm %t.again.wasm
;; RUN: cat %t.in.wasm | wrr-instrument - -o - > %t.stdio.wasm
;; RUN: cmp %t.file.wasm %t.stdio.wasm

(module
  (import "wasi_snapshot_preview1" "random_get"
    (func $random_get (param i32 i32) (result i32)))
  (memory 1)
  (func $main (export "_start")
    (drop (call $random_get (i32.const 16) (i32.const 8))))
)
