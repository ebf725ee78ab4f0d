;; A module without WASI imports is returned byte for byte, even with
;; memory.grow, a start function, a _start export and other imports.

;; RUN: wat2wasm --debug-names %s -o %t.in.wasm && wrr-instrument %t.in.wasm -o %t.wasm
;; RUN: cmp %t.in.wasm %t.wasm

;; The same without a name section.
;; RUN: wat2wasm %s -o %t.nonames.wasm && wrr-instrument %t.nonames.wasm -o %t.nonames.out.wasm
;; RUN: cmp %t.nonames.wasm %t.nonames.out.wasm

;; The same when it uses something Binaryen could not read.
;; RUN: wat2wasm --enable-multi-memory %inputs/no-wasi-two-memories.wat -o %t.multi.wasm
;; RUN: wrr-instrument %t.multi.wasm -o %t.multi.out.wasm && cmp %t.multi.wasm %t.multi.out.wasm

(module
  (import "env" "log" (func $log (param i32)))
  (memory 1 4)
  (start $init)
  (func $init (call $log (memory.size)))
  (func $main (export "_start")
    (drop (memory.grow (i32.const 1))))
)
