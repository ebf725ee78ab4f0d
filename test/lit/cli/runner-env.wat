;; wrr runs Node's runner with glibc's malloc on transparent huge pages
;; (GLIBC_TUNABLES=glibc.malloc.hugetlb=1; docs/performance.md, "Node on
;; huge pages"), ahead of the user's own tunables, so that theirs win.
;; glibc reads the variable when Node starts; the runner then puts the
;; user's value back (--restore-env), so a host program and a program
;; granted GLIBC_TUNABLES by name see what the user had, and the rest of
;; the environment is passed on as it was. Whether glibc asked for huge
;; pages shows in its mappings' flags (the host says n/a unless the
;; kernel's setting is madvise, the only one where glibc asks).
;; /proc/self/environ shows the variable as glibc 2.36 rewrote it in place
;; at start-up, which may keep only the first tunables: here, that wrr's
;; comes first.

;; RUN: rm -rf %t && mkdir -p %t
;; RUN: wat2wasm %s -o %t/reactor.wasm
;; RUN: cp %inputs/runner-env-host.mjs %t/host.mjs

;; RUN: env -u GLIBC_TUNABLES WRR_ENV_TEST=kept wrr record %t/reactor.wasm --host %t/host.mjs -t %t/a.wrr > %t/a.out 2> %t/a.err
;; RUN: FileCheck %s --check-prefix=NONE --input-file %t/a.err --match-full-lines
;; NONE: glibc: [glibc.malloc.hugetlb=1] huge pages: {{asked|n/a}} process.env: [undefined] [kept]
;; The program was granted nothing.
;; RUN: cmp %t/a.out /dev/null

;; The user's later hugetlb=0 wins, and they get their own value back.
;; RUN: env GLIBC_TUNABLES=glibc.malloc.hugetlb=0:glibc.malloc.arena_max=2 wrr record %t/reactor.wasm --host %t/host.mjs --env GLIBC_TUNABLES -t %t/b.wrr > %t/b.out 2> %t/b.err
;; RUN: FileCheck %s --check-prefix=USER --input-file %t/b.err --match-full-lines
;; USER: glibc: [glibc.malloc.hugetlb=1{{.*}}] huge pages: {{not asked|n/a}} process.env: [glibc.malloc.hugetlb=0:glibc.malloc.arena_max=2] [undefined]
;; RUN: tr '\0' '\n' < %t/b.out > %t/b.txt
;; RUN: FileCheck %s --check-prefix=PROGRAM --input-file %t/b.txt --match-full-lines
;; PROGRAM: GLIBC_TUNABLES=glibc.malloc.hugetlb=0:glibc.malloc.arena_max=2
;; PROGRAM-NOT: {{.}}

;; Set but empty is still set; a value with '=' in it comes back whole.
;; RUN: env GLIBC_TUNABLES= wrr record %t/reactor.wasm --host %t/host.mjs -t %t/c.wrr 2> %t/c.err
;; RUN: FileCheck %s --check-prefix=EMPTY --input-file %t/c.err --match-full-lines
;; EMPTY: glibc: [glibc.malloc.hugetlb=1] huge pages: {{asked|n/a}} process.env: [] [undefined]
;; RUN: env GLIBC_TUNABLES=a=b=c WRR_GLIBC_TUNABLES=mine wrr record %t/reactor.wasm --host %t/host.mjs --env WRR_GLIBC_TUNABLES -t %t/e.wrr > %t/e.out 2> %t/e.err
;; RUN: FileCheck %s --check-prefix=EQUALS --input-file %t/e.err --match-full-lines
;; EQUALS: glibc: [glibc.malloc.hugetlb=1{{.*}}] huge pages: {{asked|n/a}} process.env: [a=b=c] [undefined]
;; RUN: tr '\0' '\n' < %t/e.out | FileCheck %s --check-prefix=MINE --match-full-lines
;; MINE: WRR_GLIBC_TUNABLES=mine

;; The program's output replays as it was recorded, without the host.
;; RUN: env -u GLIBC_TUNABLES wrr replay %t/reactor.wasm %t/b.wrr > %t/b.rep
;; RUN: cmp %t/b.out %t/b.rep

;; Run by hand, the runner leaves GLIBC_TUNABLES alone.
;; RUN: wrr-instrument %t/reactor.wasm -o %t/reactor.rr.wasm
;; RUN: mkdir -p %t/rec
;; RUN: env GLIBC_TUNABLES=glibc.malloc.arena_max=2 %node %runner --record %t/rec --host %t/host.mjs %t/reactor.rr.wasm 2> %t/d.err
;; RUN: FileCheck %s --check-prefix=BYHAND --input-file %t/d.err --match-full-lines
;; BYHAND: glibc: [glibc.malloc.arena_max=2] huge pages: {{not asked|n/a}} process.env: [glibc.malloc.arena_max=2] [undefined]
(module
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_initialize"))
  ;; Writes the environment's strings to stdout, each ending in a NUL.
  (func (export "show")
    (drop (call $sizes (i32.const 0) (i32.const 4)))
    (drop (call $get (i32.const 64) (i32.const 1024)))
    (i32.store (i32.const 8) (i32.const 1024))
    (i32.store (i32.const 12) (i32.load (i32.const 4)))
    (drop (call $write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 16)))))
