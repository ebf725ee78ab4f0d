;; The file channel: the trace is trace.wrr in the last preopen, named
;; /.wrr/record or /.wrr/replay.

;; Whether preopen $fd is named "/.wrr/record" (2), "/.wrr/replay" (3) or
;; "/.wrr/record-sync" (5); 0 otherwise. wasm3 counts a terminating NUL in
;; the length: accept it.
(func $wrr.preopen_mode (param $fd i32) (result i32)
  (local $scr i32) (local $tail i32) (local $len i32)
  (local.set $scr (call $wrr.scratch))
  (if (i32.load8_u (local.get $scr)) (then (return (i32.const 0))))
  (local.set $len (i32.load offset=4 (local.get $scr)))
  (if (i32.eqz (i32.or
        (i32.or (i32.eq (local.get $len) (i32.const 12)) (i32.eq (local.get $len) (i32.const 13)))
        (i32.or (i32.eq (local.get $len) (i32.const 17)) (i32.eq (local.get $len) (i32.const 18)))))
    (then (return (i32.const 0))))
  (i64.store offset=32 (local.get $scr) (i64.const 0))
  (if (call $wrr.h.fd_prestat_dir_name (local.get $fd)
        (i32.add (local.get $scr) (i32.const 16)) (local.get $len))
    (then (return (i32.const 0))))
  ;; The NUL wasm3 counts.
  (if (i32.or (i32.eq (local.get $len) (i32.const 13)) (i32.eq (local.get $len) (i32.const 18)))
    (then
      (if (i32.load8_u (i32.add (local.get $scr) (i32.add (i32.const 15) (local.get $len))))
        (then (return (i32.const 0))))
      (local.set $len (i32.sub (local.get $len) (i32.const 1)))))
  ;; "/.wrr/re"
  (if (i64.ne (i64.load offset=16 (local.get $scr)) (i64.const 0x65722f7272772e2f))
    (then (return (i32.const 0))))
  (local.set $tail (i32.load offset=24 (local.get $scr)))
  (if (i32.eq (local.get $len) (i32.const 17))
    (then
      ;; "cord-sync"
      (if (i32.and (i32.eq (local.get $tail) (i32.const 0x64726f63))
            (i32.and (i32.eq (i32.load offset=28 (local.get $scr)) (i32.const 0x6e79732d))
                     (i32.eq (i32.load8_u offset=32 (local.get $scr)) (i32.const 0x63))))
        (then (return (i32.const 5))))
      (return (i32.const 0))))
  (if (i32.eq (local.get $tail) (i32.const 0x64726f63)) (then (return (i32.const 2)))) ;; "cord"
  (if (i32.eq (local.get $tail) (i32.const 0x79616c70)) (then (return (i32.const 3)))) ;; "play"
  (i32.const 0))

(func $wrr.init
  (local $fd i32) (local $m i32) (local $scr i32)
  (if (global.get $wrr.mode) (then (return)))
  (call $wrr.reserve)
  (global.set $wrr.mode (i32.const 1))
  (local.set $scr (call $wrr.scratch))
  (local.set $fd (i32.const 3))
  (block $scanned
    (loop $scan
      (br_if $scanned (call $wrr.h.fd_prestat_get (local.get $fd) (local.get $scr)))
      (local.set $m (call $wrr.preopen_mode (local.get $fd)))
      (br_if $scanned (local.get $m))
      (local.set $fd (i32.add (local.get $fd) (i32.const 1)))
      (br $scan)))
  (if (i32.eqz (local.get $m)) (then (return)))
  (global.set $wrr.dirfd (local.get $fd))
  ;; The program finds its preopens by counting up until EBADF; the
  ;; directory it must not see has to come last.
  (if (i32.eqz (call $wrr.h.fd_prestat_get
                 (i32.add (local.get $fd) (i32.const 1)) (local.get $scr)))
    (then (call $wrr.trace_error (global.get $wrr.m.not_last))))
  ;; "trace.wrr", "recorder"
  (i64.store (i32.add (global.get $wrr.base) (global.get $wrr.k.at_trace_name))
    (i64.const 0x72772e6563617274))
  (i32.store8 offset=8 (i32.add (global.get $wrr.base) (global.get $wrr.k.at_trace_name))
    (i32.const 0x72))
  (i64.store (i32.add (global.get $wrr.base) (global.get $wrr.k.at_recorder_name))
    (i64.const 0x726564726f636572))
  (call $wrr.g.write_header (global.get $wrr.base))
  (if (i32.eq (local.get $m) (i32.const 5))
    (then
      (global.set $wrr.sync (i32.const 1))
      (local.set $m (i32.const 2))))
  (if (i32.eq (local.get $m) (i32.const 2))
    (then (call $wrr.rec_start))
    (else
      (global.set $wrr.tfd (call $wrr.open_trace (i32.const 0) (i32.const 0)))
      (call $wrr.read_options)
      (call $wrr.rep_start)))
  (call $wrr.guard_arm)
  (global.set $wrr.mode (local.get $m)))

;; Opens the trace file in the trace directory; returns the fd.
(func $wrr.open_trace (param $oflags i32) (param $fdflags i32) (result i32)
  (local $fd i32)
  (local.set $fd (call $wrr.open_in_dir (global.get $wrr.k.at_trace_name) (global.get $wrr.k.trace_name_len)
    (local.get $oflags) (local.get $fdflags)))
  (if (i32.lt_s (local.get $fd) (i32.const 0))
    (then (call $wrr.trace_error (global.get $wrr.m.cannot_open))))
  (local.get $fd))

;; Opens the file named at $name (an offset in the region) in the trace
;; directory; returns its fd, or -1.
(func $wrr.open_in_dir (param $name i32) (param $len i32) (param $oflags i32) (param $fdflags i32) (result i32)
  (local $scr i32)
  (local.set $scr (call $wrr.scratch))
  (if (call $wrr.h.path_open (global.get $wrr.dirfd) (i32.const 0)
        (i32.add (global.get $wrr.base) (local.get $name)) (local.get $len)
        ;; read, seek, tell, write, filestat_get, filestat_set_size
        (local.get $oflags) (i64.const 0x600066) (i64.const 0)
        (local.get $fdflags) (local.get $scr))
    (then (return (i32.const -1))))
  (i32.load (local.get $scr)))

(func $wrr.rec_start
  (local $fd i32) (local $scr i32)
  (local.set $scr (call $wrr.scratch))
  ;; Header: constants, the time the recording started, and who records:
  ;; a runner says so in a file "recorder" in the trace directory.
  (drop (call $wrr.h.clock_time_get (i32.const 0) (i64.const 1) (local.get $scr)))
  (i64.store (i32.add (global.get $wrr.base) (global.get $wrr.k.off_start_time))
    (i64.load (local.get $scr)))
  (local.set $fd (call $wrr.open_in_dir (global.get $wrr.k.at_recorder_name) (global.get $wrr.k.recorder_name_len) (i32.const 0) (i32.const 0)))
  (if (i32.ge_s (local.get $fd) (i32.const 0))
    (then
      (i32.store (local.get $scr) (i32.add (global.get $wrr.base) (global.get $wrr.k.off_recorder)))
      (i32.store offset=4 (local.get $scr) (global.get $wrr.k.recorder_size))
      (drop (call $wrr.h.fd_read (local.get $fd) (local.get $scr) (i32.const 1)
        (i32.add (local.get $scr) (i32.const 8))))
      (drop (call $wrr.h.fd_close (local.get $fd)))))
  (global.set $wrr.chain
    (call $wrr.xxh64 (global.get $wrr.base) (global.get $wrr.k.chain_seed_bytes) (i64.const 0)))
  ;; Reading a regular file never waits long: no flush before those reads.
  ;; Asked before the trace is opened: a runner may stop the run at any host
  ;; call that is not on the trace once it is open (wrr's signals), and the
  ;; recording must be under way by then.
  (if (i32.eqz (call $wrr.h.fd_fdstat_get (i32.const 0) (local.get $scr)))
    (then
      (global.set $wrr.stdin_waits
        (i32.ne (i32.load8_u (local.get $scr)) (i32.const 4)))))
  ;; O_CREAT | O_TRUNC, O_APPEND; held for the whole run, so a program that
  ;; uses up its descriptors cannot stop a flush. Written with fd_pwrite at
  ;; foff (and replayed with fd_pread), so a runner that serves the trace
  ;; itself wraps those two, not the program's fd_write and fd_read. foff
  ;; is the file's end, where append mode (which Linux applies to pwrite)
  ;; puts the bytes too.
  (local.set $fd (call $wrr.open_trace (i32.const 9) (i32.const 1)))
  (global.set $wrr.tfd (local.get $fd))
  (global.set $wrr.hid1 (global.get $wrr.dirfd))
  (global.set $wrr.hid2 (local.get $fd))
  (if (i32.lt_u (local.get $fd) (global.get $wrr.dirfd))
    (then
      (global.set $wrr.hid1 (local.get $fd))
      (global.set $wrr.hid2 (global.get $wrr.dirfd))))
  (if (call $wrr.pwrite_all (global.get $wrr.base) (global.get $wrr.k.header_size) (i64.const 0))
    (then (call $wrr.trace_error (global.get $wrr.m.cannot_write))))
  (global.set $wrr.foff (i64.extend_i32_u (global.get $wrr.k.header_size)))
  (global.set $wrr.pos (call $wrr.buf_start))
  (global.set $wrr.cpos (global.get $wrr.pos))
  (global.set $wrr.end
    (i32.sub
      (call $wrr.region_end)
      (global.get $wrr.k.buffer_tail))))

;; Whether a positional read or write failed because the trace cannot be
;; read or written at an offset (a pipe): ESPIPE, or ENOTCAPABLE from a host
;; that gives a pipe no seek right (node:wasi).
(func $wrr.not_seekable (param $errno i32) (result i32)
  (i32.or (i32.eq (local.get $errno) (i32.const 70)) (i32.eq (local.get $errno) (i32.const 76))))

;; Reads up to $len bytes of the trace into $p, fewer only where it ends;
;; returns how many.
(func $wrr.source_read_upto (param $p i32) (param $len i32) (result i32)
  (local $scr i32) (local $n i32) (local $got i32) (local $r i32)
  (local.set $scr (call $wrr.scratch))
  (block $done
    (loop $more
      (br_if $done (i32.eqz (local.get $len)))
      (i32.store (local.get $scr) (local.get $p))
      (i32.store offset=4 (local.get $scr) (local.get $len))
      (local.set $r
        (if (result i32) (global.get $wrr.tseq)
          (then (call $wrr.h.fd_read (global.get $wrr.tfd) (local.get $scr) (i32.const 1)
                  (i32.add (local.get $scr) (i32.const 8))))
          (else (call $wrr.h.fd_pread (global.get $wrr.tfd) (local.get $scr) (i32.const 1)
                  (global.get $wrr.roff) (i32.add (local.get $scr) (i32.const 8))))))
      ;; A pipe, read in sequence from here on.
      (if (i32.and (call $wrr.not_seekable (local.get $r)) (i32.eqz (global.get $wrr.tseq)))
        (then (global.set $wrr.tseq (i32.const 1)) (br $more)))
      (if (local.get $r)
        (then (call $wrr.trace_error (global.get $wrr.m.cannot_open))))
      (local.set $n (i32.load offset=8 (local.get $scr)))
      (global.set $wrr.roff (i64.add (global.get $wrr.roff) (i64.extend_i32_u (local.get $n))))
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $got (i32.add (local.get $got) (local.get $n)))
      (local.set $p (i32.add (local.get $p) (local.get $n)))
      (local.set $len (i32.sub (local.get $len) (local.get $n)))
      (br $more)))
  (local.get $got))

;; Writes [p, p+len) to the trace file (held open) at $off; 0 or an errno.
;; write_all's loop (20_core.wat), positional: the core cannot call
;; fd_pwrite, which only the file channel imports (a bundle has no file).
(func $wrr.pwrite_all (param $p i32) (param $len i32) (param $off i64) (result i32)
  (local $scr i32) (local $r i32) (local $n i32)
  (local.set $scr (call $wrr.scratch))
  (block $done
    (loop $more
      (br_if $done (i32.eqz (local.get $len)))
      (i32.store (local.get $scr) (local.get $p))
      (i32.store offset=4 (local.get $scr) (local.get $len))
      (if (global.get $wrr.tseq)
        (then (return (call $wrr.write_all (global.get $wrr.tfd) (local.get $p) (local.get $len)))))
      (local.set $r
        (call $wrr.h.fd_pwrite (global.get $wrr.tfd) (local.get $scr) (i32.const 1)
          (local.get $off) (i32.add (local.get $scr) (i32.const 8))))
      ;; A pipe, written in sequence from here on.
      (if (call $wrr.not_seekable (local.get $r))
        (then (global.set $wrr.tseq (i32.const 1)) (br $more)))
      (if (local.get $r) (then (return (local.get $r))))
      (local.set $n (i32.load offset=8 (local.get $scr)))
      ;; A host that accepts nothing would loop forever.
      (if (i32.eqz (local.get $n)) (then (return (i32.const 29))))
      (local.set $p (i32.add (local.get $p) (local.get $n)))
      (local.set $len (i32.sub (local.get $len) (local.get $n)))
      (local.set $off (i64.add (local.get $off) (i64.extend_i32_u (local.get $n))))
      (br $more)))
  (i32.const 0))

;; Appends [p, p+len) to the trace: its whole blocks end at foff.
(func $wrr.sink_write (param $p i32) (param $len i32) (result i32)
  (call $wrr.pwrite_all (local.get $p) (local.get $len) (global.get $wrr.foff)))

;; Cuts the trace file back to $size bytes; 0 when it is that long now.
(func $wrr.sink_truncate (param $size i64) (result i32)
  (local $scr i32)
  (if (i32.eqz (call $wrr.h.fd_filestat_set_size (global.get $wrr.tfd) (local.get $size)))
    (then (return (i32.const 0))))
  ;; No truncation here: fine if nothing past $size was written.
  (local.set $scr (call $wrr.scratch))
  (if (call $wrr.h.fd_filestat_get (global.get $wrr.tfd) (local.get $scr))
    (then (return (i32.const 1))))
  (i64.ne (i64.load offset=32 (local.get $scr)) (local.get $size)))

;; Replay: wrr's options, when the trace directory has a file "options":
;; u64 LE event to stop after (0: none), u32 LE flags (1: --extra-output,
;; 2: at the stop, open "break" there, where the runner pauses its debugger,
;; and go on).
;; Its name goes in the message area, unused at start-up.
(func $wrr.read_options
  (local $fd i32) (local $scr i32)
  (local.set $scr (call $wrr.scratch))
  (i64.store (call $wrr.msg_area) (i64.const 0x00736e6f6974706f)) ;; "options"
  (local.set $fd (call $wrr.open_in_dir (global.get $wrr.k.at_message) (i32.const 7) (i32.const 0) (i32.const 0)))
  (if (i32.lt_s (local.get $fd) (i32.const 0)) (then (return)))
  (memory.fill (i32.add (local.get $scr) (i32.const 16)) (i32.const 0) (i32.const 16))
  (i32.store (local.get $scr) (i32.add (local.get $scr) (i32.const 16)))
  (i32.store offset=4 (local.get $scr) (i32.const 12))
  (drop (call $wrr.h.fd_read (local.get $fd) (local.get $scr) (i32.const 1)
    (i32.add (local.get $scr) (i32.const 8))))
  (drop (call $wrr.h.fd_close (local.get $fd)))
  (global.set $wrr.stop_at (i64.load offset=16 (local.get $scr)))
  (global.set $wrr.extra (i32.and (i32.load offset=24 (local.get $scr)) (i32.const 1)))
  (global.set $wrr.pause (i32.and (i32.load offset=24 (local.get $scr)) (i32.const 2))))
;; --stop-at under --inspect: opens "break" in the trace directory; the
;; runner pauses its debugger inside that path_open, with the program's
;; frames below it on the stack.
(func $wrr.break_here
  (local $fd i32)
  (i64.store (call $wrr.msg_area) (i64.const 0x6b61657262)) ;; "break"
  (local.set $fd (call $wrr.open_in_dir (global.get $wrr.k.at_message) (i32.const 5) (i32.const 0) (i32.const 0)))
  (if (i32.ge_s (local.get $fd) (i32.const 0))
    (then (drop (call $wrr.h.fd_close (local.get $fd))))))
