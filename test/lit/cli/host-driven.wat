;; Modules that a host program drives, recorded without --host, are refused
;; with one line that names the module as given and says to give --host:
;; one that imports functions from outside WASI (as CRuby from npm imports
;; rb-js-abi-host and canonical_abi) at once, before any time is spent
;; instrumenting and with no instrumented file left in the cache; a WASI
;; reactor (no _start) by the runner. --host itself: a missing file and an
;; engine other than node are one line each, before anything runs.

;; RUN: rm -rf %t && mkdir -p %t/cache
;; RUN: wat2wasm %s -o %t/host.wasm
;; RUN: env XDG_CACHE_HOME=%t/cache not wrr record %t/host.wasm -t %t/t.wrr 2> %t/host.err
;; RUN: FileCheck %s --check-prefix=HOST --input-file %t/host.err --match-full-lines
;; HOST: wrr: error: '{{.*}}host.wasm' imports 3 functions from outside WASI: 'canonical_abi' (1), 'rb-js-abi-host' (2): give the host program that provides them with --host HOST.mjs
;; HOST-NOT: {{.}}
;; RUN: not ls %t/t.wrr
;; RUN: find %t/cache -name '*.wasm*' | count 0

;; RUN: sed -e 's/"_start"/"_initialize"/' -e '/rb-js-abi-host\|canonical_abi/d' %s > %t/reactor.wat
;; RUN: wat2wasm %t/reactor.wat -o %t/reactor.wasm
;; RUN: env XDG_CACHE_HOME=%t/cache not wrr record %t/reactor.wasm -t %t/r.wrr 2> %t/reactor.err
;; RUN: FileCheck %s --check-prefix=REACTOR --input-file %t/reactor.err
;; REACTOR: wrr-run: error: '{{.*}}reactor.wasm' is a reactor (it exports _initialize, no _start): give the host program that drives it with --host HOST.mjs
;; REACTOR-NOT: cache

;; RUN: env XDG_CACHE_HOME=%t/cache not wrr record %t/reactor.wasm --host %t/nope.mjs -t %t/r.wrr 2> %t/nohost.err
;; RUN: FileCheck %s --check-prefix=NOHOST --input-file %t/nohost.err --match-full-lines
;; NOHOST: wrr: error: cannot read the host '{{.*}}nope.mjs': no such file
;; NOHOST-NOT: {{.}}
;; RUN: echo 'export async function main() {}' > %t/host.mjs
;; RUN: env XDG_CACHE_HOME=%t/cache not wrr record %t/reactor.wasm --host %t/host.mjs --engine jsc -t %t/r.wrr 2> %t/engine.err
;; RUN: FileCheck %s --check-prefix=ENGINE --input-file %t/engine.err --match-full-lines
;; ENGINE: wrr: error: --host records on the node engine only (the trace then replays on every engine)
;; ENGINE-NOT: {{.}}
;; RUN: not ls %t/r.wrr

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
