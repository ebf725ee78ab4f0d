;; Modules that a host program drives are refused at once, with one line
;; that names the module as given and what it needs, before any time is
;; spent instrumenting, and with no instrumented file left in the cache:
;; one that imports functions from outside WASI (as CRuby from npm imports
;; rb-js-abi-host and canonical_abi), and a WASI reactor (no _start).

;; RUN: rm -rf %t && mkdir -p %t/cache
;; RUN: wat2wasm %s -o %t/host.wasm
;; RUN: env XDG_CACHE_HOME=%t/cache not wrr record %t/host.wasm -t %t/t.wrr 2> %t/host.err
;; RUN: FileCheck %s --check-prefix=HOST --input-file %t/host.err --match-full-lines
;; HOST: wrr: error: '{{.*}}host.wasm' imports 3 functions from outside WASI: 'canonical_abi' (1), 'rb-js-abi-host' (2); wrr runs modules whose only imports are WASI, and cannot yet record one that a host program drives
;; HOST-NOT: {{.}}
;; RUN: not ls %t/t.wrr
;; RUN: find %t/cache -name '*.wasm*' | count 0

;; RUN: sed -e 's/"_start"/"_initialize"/' -e '/rb-js-abi-host\|canonical_abi/d' %s > %t/reactor.wat
;; RUN: wat2wasm %t/reactor.wat -o %t/reactor.wasm
;; RUN: env XDG_CACHE_HOME=%t/cache not wrr record %t/reactor.wasm -t %t/r.wrr 2> %t/reactor.err
;; RUN: FileCheck %s --check-prefix=REACTOR --input-file %t/reactor.err
;; REACTOR: '{{.*}}reactor.wasm' is a reactor (it exports _initialize, no _start): it needs a host program to drive it
;; REACTOR-NOT: cache

(module
  (import "rb-js-abi-host" "a" (func $a))
  (import "wasi_snapshot_preview1" "random_get"
    (func $random_get (param i32 i32) (result i32)))
  (import "canonical_abi" "b" (func $b))
  (import "rb-js-abi-host" "c" (func $c))
  (memory (export "memory") 1)
  (func $main (export "_start")
    (drop (call $random_get (i32.const 16) (i32.const 8))))
)
