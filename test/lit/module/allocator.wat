;; wrr-instrument runs on jemalloc, set in the tool (malloc_conf) to ask for
;; transparent huge pages for Binaryen's IR (docs/performance.md,
;; "wrr-instrument against wasm-opt", item 6). jemalloc's statistics at
;; exit show the settings it read: without the tool's exported
;; malloc_conf they would be "default" and "disabled". A kernel without
;; huge pages reports them as not supported.

;; RUN: rm -rf %t && mkdir -p %t
;; RUN: wat2wasm %s -o %t/in.wasm
;; RUN: env MALLOC_CONF=stats_print:true wrr-instrument %t/in.wasm -o %t/out.wasm 2> %t/stats.txt
;; RUN: FileCheck %s --input-file %t/stats.txt
;; CHECK-DAG: opt.thp: "{{always|not supported}}"
;; CHECK-DAG: opt.metadata_thp: "{{always|not supported}}"
;; The output is the same module as without the statistics.
;; RUN: wrr-instrument %t/in.wasm -o %t/plain.wasm
;; RUN: cmp %t/out.wasm %t/plain.wasm
(module
  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")))
