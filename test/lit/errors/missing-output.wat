;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/errors/missing-output.wat
;; -o is required; and an output that cannot be written.

;; RUN: rm -f %t.out
;; RUN: wat2wasm %s -o %t.in.wasm
;; RUN: not wrr-instrument %t.in.wasm 2>&1 | FileCheck --match-full-lines %s
;; RUN: not wrr-instrument %t.in.wasm -o %t.nodir/out.wasm 2>&1 | FileCheck --match-full-lines --check-prefix=NODIR %s
;; RUN: not test -e %t.nodir
;; RUN: not test -e %t.out

(module
  (import "wasi_snapshot_preview1" "sched_yield" (func (result i32)))
  (memory 1))

;; CHECK:      wrr-instrument: for the -o option: must be specified at least once!

;; NODIR:      wrr-instrument: error: cannot write '{{.*}}/Output/missing-output.wat.tmp.nodir/out.wasm': No such file or directory
