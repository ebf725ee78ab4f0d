;; wrr runs the runner with glibc's malloc on transparent huge pages
;; (GLIBC_TUNABLES=glibc.malloc.hugetlb=1; docs/performance.md, "Node on
;; huge pages"), ahead of the user's own tunables, so that theirs win; the
;; rest of the environment is passed on as it was. The host program, which
;; runs in the runner's process, shows what the runner got.

;; RUN: rm -rf %t && mkdir -p %t
;; RUN: wat2wasm %s -o %t/reactor.wasm
;; RUN: echo 'export async function main() { console.log(`[${process.env.GLIBC_TUNABLES}] [${process.env.WRR_ENV_TEST}]`); }' > %t/host.mjs
;; RUN: env -u GLIBC_TUNABLES WRR_ENV_TEST=kept wrr record %t/reactor.wasm --host %t/host.mjs -t %t/a.wrr > %t/a.out
;; RUN: FileCheck %s --check-prefix=NONE --input-file %t/a.out --match-full-lines
;; NONE: [glibc.malloc.hugetlb=1] [kept]
;; RUN: env GLIBC_TUNABLES=glibc.malloc.hugetlb=0:glibc.malloc.arena_max=2 wrr record %t/reactor.wasm --host %t/host.mjs -t %t/b.wrr > %t/b.out
;; RUN: FileCheck %s --check-prefix=USER --input-file %t/b.out --match-full-lines
;; USER: [glibc.malloc.hugetlb=1:glibc.malloc.hugetlb=0:glibc.malloc.arena_max=2] [undefined]
;; The replay's runner gets the same.
;; RUN: env -u GLIBC_TUNABLES wrr replay %t/reactor.wasm %t/a.wrr
(module
  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_initialize")))
