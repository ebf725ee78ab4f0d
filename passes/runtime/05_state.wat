;; A memory so that this file assembles alone; the pass uses the program's.
(memory 1)

;; 0: not initialized, 1: pass through, 2: record, 3: replay, 4: finished.
(global $wrr.mode (mut i32) (i32.const 0))
(global $wrr.reserved (mut i32) (i32.const 0))  ;; pages reserved so far
(global $wrr.base (mut i32) (i32.const 0))      ;; address of the region
(global $wrr.dirfd (mut i32) (i32.const -1))    ;; the trace directory
(global $wrr.tfd (mut i32) (i32.const -1))      ;; the trace file, held all run
;; Record: the two hidden host fds (dirfd, tfd), lower first; the program's
;; fd numbers skip them (fd_in, fd_out).
(global $wrr.hid1 (mut i32) (i32.const -1))
(global $wrr.hid2 (mut i32) (i32.const -1))
(global $wrr.pos (mut i32) (i32.const 0))       ;; buffer cursor
(global $wrr.end (mut i32) (i32.const 0))       ;; buffer limit / block end
(global $wrr.final (mut i32) (i32.const 0))     ;; replay: block is final
;; Replay: the next block's frame word, read with the block before it (one
;; read a block instead of two): 0 not read, 1 the trace ended right after
;; the block, 2 it ended within the word, 3 the word is in $wrr.ahead_word.
(global $wrr.ahead (mut i32) (i32.const 0))
(global $wrr.ahead_word (mut i32) (i32.const 0))
(global $wrr.chain (mut i64) (i64.const 0))
(global $wrr.events (mut i64) (i64.const 0))
(global $wrr.msgpos (mut i32) (i32.const 0))
;; Record: where the last whole event ends in the buffer, or -1 when the
;; event in progress began in a block already written (at $wrr.splitoff,
;; chained from $wrr.splitchain). Lets wrr_trapped/wrr_stopped drop a
;; partial event after an interruption anywhere in the runtime.
(global $wrr.cpos (mut i32) (i32.const 0))
(global $wrr.foff (mut i64) (i64.const 0))       ;; file size: whole blocks
(global $wrr.roff (mut i64) (i64.const 0))       ;; replay: where the next read starts
(global $wrr.tseq (mut i32) (i32.const 0))       ;; the trace is a pipe: fd_write, fd_read
(global $wrr.splitoff (mut i64) (i64.const 0))
(global $wrr.splitchain (mut i64) (i64.const 0))
(global $wrr.flushing (mut i32) (i32.const 0))  ;; a block write is under way
(global $wrr.sync (mut i32) (i32.const 0))      ;; write-through: a block per event
(global $wrr.dead (mut i32) (i32.const 0))      ;; the trace cannot be written
(global $wrr.stdin_waits (mut i32) (i32.const 1)) ;; stdin is not a regular file
;; The last reading of each clock (record and replay), out of the
;; program's reach.
(global $wrr.clk0 (mut i64) (i64.const 0))
(global $wrr.clk1 (mut i64) (i64.const 0))
(global $wrr.clk2 (mut i64) (i64.const 0))
(global $wrr.clk3 (mut i64) (i64.const 0))

;; Replay options wrr hands over in the file "options" (docs/design.md): stop
;; after this event (0: never), and let unrecorded output through.
(global $wrr.stop_at (mut i64) (i64.const 0))
(global $wrr.extra (mut i32) (i32.const 0))
;; Replay: the runner has not yet been asked for the output it holds
;; (echo_closed).
(global $wrr.echo_ask (mut i32) (i32.const 0))
;; --stop-at under --inspect: pause the runner's debugger there and go on.
(global $wrr.pause (mut i32) (i32.const 0))
;; Replay: the kind of the last event taken, to name where a stop is.
(global $wrr.lastkind (mut i32) (i32.const 0))
;; Replay: the trace is of version 3 (calls carry their sent items); the
;; current call's digest differs from the trace's (the sent items then say
;; where), and the two digests for the message when none does.
(global $wrr.v3 (mut i32) (i32.const 0))
(global $wrr.dmiss (mut i32) (i32.const 0))
(global $wrr.dtrace (mut i32) (i32.const 0))
(global $wrr.dprog (mut i32) (i32.const 0))
(global $wrr.pending (mut i32) (i32.const 0)) ;; a message waits (42_sent.wat)
;; Record: the WASI call under way, as errno_flag | its kind (0: none). The
;; thunk sets it once its guard check passed, rec_end clears it; a trap
;; recorded meanwhile says it was inside that call.
(global $wrr.incall (mut i32) (i32.const 0))
