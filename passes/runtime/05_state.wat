;; A memory so that this file assembles alone; the pass uses the program's.
(memory 1)

;; 0: not initialized, 1: pass through, 2: record, 3: replay, 4: finished.
(global $wrr.mode (mut i32) (i32.const 0))
(global $wrr.reserved (mut i32) (i32.const 0))  ;; pages reserved so far
(global $wrr.base (mut i32) (i32.const 0))      ;; address of the region
(global $wrr.dirfd (mut i32) (i32.const -1))    ;; the trace directory
(global $wrr.tfd (mut i32) (i32.const -1))      ;; replay: the trace file
(global $wrr.pos (mut i32) (i32.const 0))       ;; buffer cursor
(global $wrr.end (mut i32) (i32.const 0))       ;; buffer limit / block end
(global $wrr.final (mut i32) (i32.const 0))     ;; replay: block is final
(global $wrr.chain (mut i64) (i64.const 0))
(global $wrr.events (mut i64) (i64.const 0))
(global $wrr.msgpos (mut i32) (i32.const 0))
