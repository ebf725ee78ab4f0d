;; Counts that ask for more than the module's bytes can hold are refused in
;; one line before anything allocates for them (a 15-byte module with a huge
;; DataCount used to abort wrr-instrument out of memory), and so are
;; functions with more locals than engines take (Binaryen makes one entry
;; per local: 2^28 of them took gigabytes and minutes). No output is left.

;; RUN: rm -rf %t && mkdir %t
;; RUN: wat2wasm %s -o %t/base.wasm

;; The 15-byte module: a DataCount section of 2^32-1 segments.
;; RUN: python3 %inputs/wasm_edit.py hex 0061736d010000000c05ffffffff0f %t/datacount.wasm
;; RUN: not wrr-instrument %t/datacount.wasm -o %t/out.wasm 2> %t/err
;; RUN: FileCheck %s --check-prefix=DATACOUNT --match-full-lines < %t/err
;; RUN: count 1 < %t/err

;; 2^28-1 and 50,001 locals in one function; 50,000 are fine.
;; RUN: python3 %inputs/wasm_edit.py local-count 268435455 %t/base.wasm %t/locals.wasm
;; RUN: not wrr-instrument %t/locals.wasm -o %t/out.wasm 2> %t/err
;; RUN: FileCheck %s --check-prefix=LOCALS --match-full-lines < %t/err
;; RUN: count 1 < %t/err
;; RUN: python3 %inputs/wasm_edit.py local-count 50001 %t/base.wasm %t/locals.wasm
;; RUN: not wrr-instrument %t/locals.wasm -o %t/out.wasm 2> %t/err
;; RUN: FileCheck %s --check-prefix=LOCALS --match-full-lines < %t/err
;; RUN: python3 %inputs/wasm_edit.py local-count 50000 %t/base.wasm %t/locals.wasm
;; RUN: wrr-instrument %t/locals.wasm -o %t/locals.rr.wasm
;; RUN: wasm-validate --enable-all %t/locals.rr.wasm

;; Huge type, import, function and global counts, and a data segment
;; longer than the module.
;; RUN: python3 %inputs/wasm_edit.py hex 0061736d010000000105ffffffff0f %t/types.wasm
;; RUN: not wrr-instrument %t/types.wasm -o %t/out.wasm 2> %t/err
;; RUN: count 1 < %t/err
;; RUN: python3 %inputs/wasm_edit.py hex 0061736d010000000205ffffffff0f %t/imports.wasm
;; RUN: not wrr-instrument %t/imports.wasm -o %t/out.wasm 2> %t/err
;; RUN: count 1 < %t/err
;; RUN: python3 %inputs/wasm_edit.py hex 0061736d010000000305ffffffff0f %t/funcs.wasm
;; RUN: not wrr-instrument %t/funcs.wasm -o %t/out.wasm 2> %t/err
;; RUN: count 1 < %t/err
;; RUN: python3 %inputs/wasm_edit.py hex 0061736d010000000605ffffffff0f %t/globals.wasm
;; RUN: not wrr-instrument %t/globals.wasm -o %t/out.wasm 2> %t/err
;; RUN: count 1 < %t/err
;; RUN: python3 %inputs/wasm_edit.py hex 0061736d0100000005030100010b0a010041000bffffffff0f %t/segment.wasm
;; RUN: not wrr-instrument %t/segment.wasm -o %t/out.wasm 2> %t/err
;; RUN: count 1 < %t/err

;; Nothing but the inputs is left behind.
;; RUN: ls %t | FileCheck %s --check-prefix=LEFT --implicit-check-not=out
;; LEFT: base.wasm

(module
  (import "wasi_snapshot_preview1" "sched_yield" (func (result i32)))
  (memory 1)
  (func $f (local i32))
  (export "_start" (func $f)))

;; DATACOUNT: wrr-instrument: error: invalid module: the data count section declares 4294967295 data segments, more than the 0 bytes after it can hold
;; LOCALS: wrr-instrument: error: function 0 of the code section declares more than 50000 locals, which engines refuse
