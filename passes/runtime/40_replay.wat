;; Replay: blocks are read into the buffer one at a time and their checksum
;; verified before any event in them is used. The program's calls are
;; checked against the events and answered from them.


(func $wrr.rep_start
  (local $hdr i32) (local $want i32) (local $version i32)
  (global.set $wrr.echo_ask (i32.const 1))
  ;; Read the recorded header above our own (written by init) to compare.
  (local.set $hdr (call $wrr.buf_start))
  (if (i32.eqz (call $wrr.source_read (local.get $hdr) (global.get $wrr.k.header_size)))
    (then (call $wrr.trace_error (global.get $wrr.m.bad_header))))
  (local.set $version
    (i32.load16_u (i32.add (local.get $hdr) (global.get $wrr.k.off_version))))
  (if (i32.or
        (i64.ne (i64.load (local.get $hdr)) (i64.load (global.get $wrr.base)))
        (i32.or
          (i32.lt_u (local.get $version) (global.get $wrr.k.min_version))
          (i32.gt_u (local.get $version) (global.get $wrr.k.version))))
    (then (call $wrr.trace_error (global.get $wrr.m.bad_header))))
  ;; Version 2 traces have no sent items: replay checks their digests only.
  (global.set $wrr.v3 (i32.ge_u (local.get $version) (i32.const 3)))
  (local.set $want (i32.add (global.get $wrr.base) (global.get $wrr.k.off_module_hash)))
  (if (i32.eqz (call $wrr.same32 (local.get $want)
                 (i32.add (local.get $hdr) (global.get $wrr.k.off_module_hash))))
    (then
      (call $wrr.msg_begin)
      (call $wrr.msg (global.get $wrr.m.other_module))
      (call $wrr.msg_hex (call $wrr.be64 (local.get $want)) (i32.const 16))
      (call $wrr.msg (global.get $wrr.m.trace_hash))
      (call $wrr.msg_hex
        (call $wrr.be64 (i32.add (local.get $hdr) (global.get $wrr.k.off_module_hash)))
        (i32.const 16))
      (i32.store8 (global.get $wrr.msgpos) (i32.const 41)) ;; ")"
      (global.set $wrr.msgpos (i32.add (global.get $wrr.msgpos) (i32.const 1)))
      (call $wrr.fail (global.get $wrr.k.exit_trace_error))))
  (global.set $wrr.chain
    (call $wrr.xxh64 (local.get $hdr) (global.get $wrr.k.chain_seed_bytes) (i64.const 0)))
  (global.set $wrr.rec_pages
    (i32.load (i32.add (local.get $hdr) (global.get $wrr.k.off_buffer_pages))))
  (global.set $wrr.pos (call $wrr.buf_start))
  (global.set $wrr.end (call $wrr.buf_start)))

(func $wrr.same32 (param $a i32) (param $b i32) (result i32)
  (i32.and
    (i32.and
      (i64.eq (i64.load (local.get $a)) (i64.load (local.get $b)))
      (i64.eq (i64.load offset=8 (local.get $a)) (i64.load offset=8 (local.get $b))))
    (i32.and
      (i64.eq (i64.load offset=16 (local.get $a)) (i64.load offset=16 (local.get $b)))
      (i64.eq (i64.load offset=24 (local.get $a)) (i64.load offset=24 (local.get $b))))))

;; The first 8 bytes at $p as a big-endian number, to print a hash prefix.
(func $wrr.be64 (param $p i32) (result i64)
  (local $v i64) (local $i i32)
  (loop $each
    (local.set $v (i64.or (i64.shl (local.get $v) (i64.const 8))
      (i64.load8_u (i32.add (local.get $p) (local.get $i)))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br_if $each (i32.lt_u (local.get $i) (i32.const 8))))
  (local.get $v))

;; Reads exactly $len bytes of the trace into $p; 0 when the trace ended
;; before the first byte, 1 when all were read. Truncation in the middle is
;; an error. (Each channel reads up to a length: source_read_upto.)
(func $wrr.source_read (param $p i32) (param $len i32) (result i32)
  (local $got i32)
  (local.set $got (call $wrr.source_read_upto (local.get $p) (local.get $len)))
  (if (i32.and (i32.eqz (local.get $got)) (i32.ne (local.get $len) (i32.const 0)))
    (then (return (i32.const 0))))
  (if (i32.lt_u (local.get $got) (local.get $len))
    (then (call $wrr.trace_error (global.get $wrr.m.truncated))))
  (i32.const 1))

;; Loads the next block; 0 when the file ended cleanly at a block boundary.
(func $wrr.rep_block (result i32)
  (local $start i32) (local $word i32) (local $len i32) (local $want i32) (local $got i32)
  (local $ahead i32) (local $limit i32)
  (local.set $start (call $wrr.buf_start))
  (local.set $limit (call $wrr.region_end))
  (if (global.get $wrr.final)
    (then (return (i32.const 0))))
  ;; The frame word: read with the last block, or now.
  (if (i32.eq (global.get $wrr.ahead) (i32.const 3))
    (then (i32.store (i32.sub (local.get $start) (i32.const 4)) (global.get $wrr.ahead_word)))
    (else
      (if (i32.eq (global.get $wrr.ahead) (i32.const 1)) (then (return (i32.const 0))))
      (if (i32.eq (global.get $wrr.ahead) (i32.const 2))
        (then (call $wrr.trace_error (global.get $wrr.m.truncated))))
      (if (i32.eqz (call $wrr.source_read (i32.sub (local.get $start) (i32.const 4)) (i32.const 4)))
        (then (return (i32.const 0))))))
  (global.set $wrr.ahead (i32.const 0))
  (local.set $word (i32.load (i32.sub (local.get $start) (i32.const 4))))
  (local.set $len (i32.and (local.get $word) (i32.const 0x7fffffff)))
  ;; The recorder's blocks fit its buffer: one larger than ours is not
  ;; corruption when the header says the recorder's was larger.
  (if (i32.gt_u
        (i32.add (local.get $start) (i32.add (local.get $len) (i32.const 8)))
        (local.get $limit))
    (then
      (if (i32.gt_u (global.get $wrr.rec_pages) (global.get $wrr.k.pages))
        (then
          (call $wrr.msg_begin)
          (call $wrr.msg (global.get $wrr.m.buffer_recorded))
          (call $wrr.msg_u64 (i64.extend_i32_u (global.get $wrr.rec_pages)))
          (call $wrr.msg (global.get $wrr.m.buffer_module))
          (call $wrr.msg_u64 (i64.extend_i32_u (global.get $wrr.k.pages)))
          (call $wrr.msg (global.get $wrr.m.buffer_fix))
          (call $wrr.fail (global.get $wrr.k.exit_trace_error))))
      (call $wrr.trace_error (global.get $wrr.m.corrupt))))
  ;; The block, its checksum and, where the buffer has room, the next
  ;; block's frame word (what follows a final block is an error below). A
  ;; trace that ends anywhere before the checksum's end is truncated.
  (local.set $want (i32.add (local.get $len) (i32.const 8)))
  (local.set $ahead
    (select (i32.const 4) (i32.const 0)
      (i32.le_u (i32.add (local.get $start) (i32.add (local.get $want) (i32.const 4)))
        (local.get $limit))))
  (local.set $got (i32.sub
    (call $wrr.source_read_upto (local.get $start) (i32.add (local.get $want) (local.get $ahead)))
    (local.get $want)))
  (if (i32.lt_s (local.get $got) (i32.const 0))
    (then (call $wrr.trace_error (global.get $wrr.m.truncated))))
  (if (local.get $ahead)
    (then
      (global.set $wrr.ahead
        (select (i32.const 1) (select (i32.const 3) (i32.const 2) (i32.eq (local.get $got) (i32.const 4)))
          (i32.eqz (local.get $got))))
      (global.set $wrr.ahead_word
        (i32.load align=1 (i32.add (local.get $start) (local.get $want))))))
  (global.set $wrr.chain
    (call $wrr.xxh64 (i32.sub (local.get $start) (i32.const 4))
      (i32.add (local.get $len) (i32.const 4)) (global.get $wrr.chain)))
  (if (i64.ne (global.get $wrr.chain) (i64.load align=1 (i32.add (local.get $start) (local.get $len))))
    (then (call $wrr.trace_error (global.get $wrr.m.corrupt))))
  (global.set $wrr.pos (local.get $start))
  (global.set $wrr.end (i32.add (local.get $start) (local.get $len)))
  (call $wrr.guard_full)
  (global.set $wrr.final (i32.ne (i32.and (local.get $word) (global.get $wrr.k.final_block)) (i32.const 0)))
  ;; Nothing may follow the final block.
  (if (global.get $wrr.final)
    (then
      (if (i32.or (i32.ge_u (global.get $wrr.ahead) (i32.const 2))
            (if (result i32) (global.get $wrr.ahead)
              (then (i32.const 0))
              (else (call $wrr.source_read (call $wrr.scratch) (i32.const 1)))))
        (then (call $wrr.trace_error (global.get $wrr.m.after_end))))))
  (i32.const 1))

;; Makes the next event byte available; 0 when the trace has no more.
(func $wrr.rep_more (result i32)
  (block $ready
    (loop $next
      (br_if $ready (i32.lt_u (global.get $wrr.pos) (global.get $wrr.end)))
      (if (i32.eqz (call $wrr.rep_block)) (then (return (i32.const 0))))
      (br $next)))
  (i32.const 1))

;; The trace must go on here (we are inside an event).
(func $wrr.rep_need
  (if (i32.eqz (call $wrr.rep_more))
    (then (call $wrr.trace_error (global.get $wrr.m.truncated)))))

;; Starts the next event, which must be of $kind; returns its first byte.
(func $wrr.rep_head (param $kind i32) (result i32)
  (local $b i32)
  (call $wrr.stop_check)
  (call $wrr.guard_check)
  (global.set $wrr.events (i64.add (global.get $wrr.events) (i64.const 1)))
  (if (i32.eqz (call $wrr.rep_more))
    (then
      ;; Without its final block the recording was cut off here (it
      ;; crashed or was killed); a trap here is what it recorded, checked
      ;; by wrr_trapped.
      (if (i32.eqz (global.get $wrr.final))
        (then
          (if (i32.eq (local.get $kind) (global.get $wrr.k.trap))
            (then (return (global.get $wrr.k.trap))))
          (call $wrr.msg_begin)
          (call $wrr.msg (global.get $wrr.m.cut_off))
          (call $wrr.msg_u64 (global.get $wrr.events))
          (call $wrr.msg (global.get $wrr.m.program_called))
          (call $wrr.msg_name (local.get $kind))
          (call $wrr.fail (global.get $wrr.k.exit_trace_error))))
      (call $wrr.msg_diverged)
      (call $wrr.msg (global.get $wrr.m.trace_ended))
      (call $wrr.msg (global.get $wrr.m.program_called))
      (call $wrr.msg_name (local.get $kind))
      (call $wrr.fail (global.get $wrr.k.exit_divergence))))
  (local.set $b (i32.load8_u (global.get $wrr.pos)))
  ;; The recording was stopped here (a limit, a signal, or wrr sealed the
  ;; trace): stop the same way.
  (if (i32.and
        (i32.eq (local.get $b) (global.get $wrr.k.stopped))
        (i32.ne (local.get $kind) (global.get $wrr.k.stopped)))
    (then
      (call $wrr.msg_begin)
      (call $wrr.msg (global.get $wrr.m.stopped))
      (call $wrr.fail (global.get $wrr.k.exit_stopped))))
  ;; The recording trapped inside this call (a stack overflow in the
  ;; runtime): trap the same way; wrr_trapped then takes the event. A
  ;; version 3 trace says whether it did, and in which call.
  (if (i32.and
        (i32.eq (i32.and (local.get $b) (global.get $wrr.k.kind_mask)) (global.get $wrr.k.trap))
        (i32.ne (local.get $kind) (global.get $wrr.k.trap)))
    (then
      (if (global.get $wrr.v3) (then (call $wrr.rep_trap_check (local.get $b) (local.get $kind))))
      (global.set $wrr.events (i64.sub (global.get $wrr.events) (i64.const 1)))
      ;; Or it found a stray store at a flush: report it here too.
      (call $wrr.guard_full)
      (call $wrr.guard_check)
      (unreachable)))
  (if (i32.ne (i32.and (local.get $b) (global.get $wrr.k.kind_mask)) (local.get $kind))
    (then (call $wrr.diverged_kind (i32.and (local.get $b) (global.get $wrr.k.kind_mask)) (local.get $kind))))
  (global.set $wrr.lastkind (local.get $kind))
  (global.set $wrr.pos (i32.add (global.get $wrr.pos) (i32.const 1)))
  (local.get $b))

;; The next event is a trap and the program makes event $kind: unless the
;; recording trapped inside this very call, the program went elsewhere.
(func $wrr.rep_trap_check (param $b i32) (param $kind i32)
  (local $in i32)
  ;; A trap while the host ran an import is recorded inside the import
  ;; call; replay meets it where the import's return was due.
  (if (i32.eq (local.get $kind) (global.get $wrr.k.import_return))
    (then (local.set $kind (global.get $wrr.k.import_call))))
  (local.set $in (i32.const -1))
  (if (i32.and (local.get $b) (global.get $wrr.k.errno_flag))
    (then
      (if (i32.lt_u (i32.add (global.get $wrr.pos) (i32.const 1)) (global.get $wrr.end))
        (then (local.set $in (i32.load8_u offset=1 (global.get $wrr.pos))))
        (else (call $wrr.trace_error (global.get $wrr.m.split))))))
  (if (i32.eq (local.get $in) (local.get $kind)) (then (return)))
  (call $wrr.msg_diverged)
  (if (i32.eq (local.get $in) (i32.const -1))
    (then (call $wrr.msg (global.get $wrr.m.trapped_here)))
    (else
      (call $wrr.msg (global.get $wrr.m.trapped_in))
      (call $wrr.msg_name (local.get $in))))
  (call $wrr.msg (global.get $wrr.m.program_called))
  (call $wrr.msg_name (local.get $kind))
  (call $wrr.fail (global.get $wrr.k.exit_divergence)))

;; --stop-at: the event asked for was the last one taken: stop here, with
;; what it printed printed; or, under --inspect, break there (the runner
;; pauses an attached debugger) and go on.
(func $wrr.stop_check
  (local $start i32)
  (if (i32.or (i64.eqz (global.get $wrr.stop_at))
              (i64.ne (global.get $wrr.events) (global.get $wrr.stop_at)))
    (then (return)))
  (call $wrr.msg_begin)
  (if (global.get $wrr.pause)
    (then (call $wrr.msg (global.get $wrr.m.paused)))
    (else (call $wrr.msg (global.get $wrr.m.stop_at))))
  (call $wrr.msg_u64 (global.get $wrr.events))
  (i32.store16 (global.get $wrr.msgpos) (i32.const 0x2820)) ;; " ("
  (global.set $wrr.msgpos (i32.add (global.get $wrr.msgpos) (i32.const 2)))
  (call $wrr.msg_name (global.get $wrr.lastkind))
  (i32.store8 (global.get $wrr.msgpos) (i32.const 41)) ;; ")"
  (global.set $wrr.msgpos (i32.add (global.get $wrr.msgpos) (i32.const 1)))
  (if (i32.eqz (global.get $wrr.pause))
    (then (call $wrr.fail (global.get $wrr.k.exit_stop_at))))
  ;; The runtime cannot tell whether a debugger is attached (--inspect does
  ;; not wait for one), so it says what it knows.
  (call $wrr.msg (global.get $wrr.m.paused_if))
  (local.set $start (call $wrr.msg_area))
  (i32.store8 (global.get $wrr.msgpos) (i32.const 10))
  (drop (call $wrr.write_all (i32.const 2) (local.get $start)
    (i32.sub (i32.add (global.get $wrr.msgpos) (i32.const 1)) (local.get $start))))
  (global.set $wrr.stop_at (i64.const 0))
  (call $wrr.break_here))

;; --extra-output: an fd_write to stdout or stderr that is not the next
;; event (another kind, other bytes, or past the trace's end) is printed and
;; answered as fully written, taking no event; 1 when it was.
(func $wrr.rep_extra (param $h i64) (param $fd i32) (param $iovs i32) (param $n i32) (param $nwritten i32) (result i32)
  (local $total i32) (local $i i32)
  (if (i32.or (i32.eqz (global.get $wrr.extra))
        (i32.or (i32.lt_s (local.get $fd) (i32.const 1)) (i32.gt_s (local.get $fd) (i32.const 2))))
    (then (return (i32.const 0))))
  (if (call $wrr.rep_more)
    (then
      (if (i32.and
            (i32.eq (i32.and (i32.load8_u (global.get $wrr.pos)) (global.get $wrr.k.kind_mask))
                    (global.get $wrr.k.fd_write))
            (i32.le_u (i32.add (global.get $wrr.pos) (i32.const 5)) (global.get $wrr.end)))
        (then
          (if (i32.eq (i32.load offset=1 align=1 (global.get $wrr.pos)) (call $wrr.dfold (local.get $h)))
            (then (return (i32.const 0))))))))
  (if (i32.or (call $wrr.out_of_bounds (local.get $iovs) (i32.mul (local.get $n) (global.get $wrr.k.iovec)))
              (call $wrr.out_of_bounds (local.get $nwritten) (i32.const 4)))
    (then (return (i32.const 0))))
  (block $done
    (loop $each
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $total (i32.add (local.get $total)
        (i32.load offset=4 (i32.add (local.get $iovs) (i32.mul (local.get $i) (global.get $wrr.k.iovec))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each)))
  (call $wrr.rep_echo (local.get $fd) (local.get $iovs) (local.get $n) (local.get $total))
  (i32.store (local.get $nwritten) (local.get $total))
  (i32.const 1))

;; A fixed part of $n bytes must lie in this block (the recorder keeps it so).
(func $wrr.rep_fixed_check (param $n i32)
  (if (i32.gt_u (i32.add (global.get $wrr.pos) (local.get $n)) (global.get $wrr.end))
    (then (call $wrr.trace_error (global.get $wrr.m.split)))))

;; A number of at most 64 bits: ten bytes, the last 0 or 1. A longer one is
;; an event the recorder did not write (its block's checksum matched).
(func $wrr.rep_uleb (result i64)
  (local $v i64) (local $shift i64) (local $b i32)
  (loop $more
    (call $wrr.rep_fixed_check (i32.const 1))
    (local.set $b (i32.load8_u (global.get $wrr.pos)))
    (if (i32.and (i64.eq (local.get $shift) (i64.const 63)) (i32.gt_u (local.get $b) (i32.const 1)))
      (then
        (call $wrr.msg_begin)
        (call $wrr.msg (global.get $wrr.m.long_number))
        (call $wrr.msg_u64 (global.get $wrr.events))
        (call $wrr.msg (global.get $wrr.m.long_number_end))
        (call $wrr.fail (global.get $wrr.k.exit_trace_error))))
    (global.set $wrr.pos (i32.add (global.get $wrr.pos) (i32.const 1)))
    (local.set $v (i64.or (local.get $v)
      (i64.shl (i64.extend_i32_u (i32.and (local.get $b) (i32.const 0x7f))) (local.get $shift))))
    (local.set $shift (i64.add (local.get $shift) (i64.const 7)))
    (br_if $more (i32.and (local.get $b) (i32.const 0x80))))
  (local.get $v))

;; The usual start of an event, in one call where rep_head and rep_begin
;; make six (V8 inlines no wasm calls): no --stop-at, the guard intact, and
;; the next event of this kind with no errno, the same digest and $room
;; bytes in this block. Then it takes the kind and digest and returns 1;
;; otherwise it takes nothing and returns 0, and rep_begin checks each
;; thing in turn and says what differs.
(func $wrr.rep_quick (param $kind i32) (param $h i64) (param $room i32) (result i32)
  (local $q i32)
  (local.set $q (global.get $wrr.pos))
  (if (i64.ne (global.get $wrr.stop_at) (i64.const 0)) (then (return (i32.const 0))))
  (if (i32.gt_u (i32.add (local.get $q) (local.get $room)) (global.get $wrr.end))
    (then (return (i32.const 0))))
  (if (i32.ne (i32.load8_u (local.get $q)) (local.get $kind)) (then (return (i32.const 0))))
  (if (i32.ne (i32.load offset=1 align=1 (local.get $q))
        (i32.wrap_i64 (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 32)))))
    (then (return (i32.const 0))))
  (if (i32.or (i64.ne (i64.load (global.get $wrr.base)) (global.get $wrr.g0))
              (i64.ne (i64.load offset=8 (global.get $wrr.base)) (global.get $wrr.g1)))
    (then (return (i32.const 0))))
  (global.set $wrr.events (i64.add (global.get $wrr.events) (i64.const 1)))
  (global.set $wrr.lastkind (local.get $kind))
  (global.set $wrr.dmiss (i32.const 0))
  (global.set $wrr.pending (i32.const 0))
  (global.set $wrr.pos (i32.add (local.get $q) (i32.const 5)))
  (i32.const 1))

;; Checks a call against the next event; returns the recorded errno. In a
;; version 3 trace another digest is reported by the sent items that follow
;; (42_sent.wat), which name what differs.
(func $wrr.rep_begin (param $kind i32) (param $h i64) (result i32)
  (local $b i32) (local $d i32)
  (if (call $wrr.rep_quick (local.get $kind) (local.get $h) (i32.const 5))
    (then (return (i32.const 0))))
  (local.set $b (call $wrr.rep_head (local.get $kind)))
  (call $wrr.rep_fixed_check (i32.const 4))
  (local.set $d (i32.load align=1 (global.get $wrr.pos)))
  (global.set $wrr.dmiss (i32.ne (local.get $d) (call $wrr.dfold (local.get $h))))
  (global.set $wrr.pending (i32.const 0))
  (if (global.get $wrr.dmiss)
    (then
      (global.set $wrr.dtrace (local.get $d))
      (global.set $wrr.dprog (call $wrr.dfold (local.get $h)))
      (if (i32.eqz (global.get $wrr.v3))
        (then (call $wrr.diverged_digest (local.get $kind) (local.get $d) (call $wrr.dfold (local.get $h)))))))
  (global.set $wrr.pos (i32.add (global.get $wrr.pos) (i32.const 4)))
  (if (i32.and (local.get $b) (global.get $wrr.k.errno_flag))
    (then (return (i32.wrap_i64 (call $wrr.rep_uleb)))))
  (i32.const 0))

;; An event that is only its kind; returns its first byte.
(func $wrr.rep_special (param $kind i32) (result i32)
  (call $wrr.rep_head (local.get $kind)))

;; Recorded bytes into the program's memory at [$p, $p+$len).
(func $wrr.rep_bytes (param $p i32) (param $len i32)
  (local $n i32)
  (if (call $wrr.out_of_bounds (local.get $p) (local.get $len))
    (then (call $wrr.trace_error (global.get $wrr.m.bad_region))))
  (loop $more
    (if (local.get $len)
      (then
        (call $wrr.rep_need)
        (local.set $n (i32.sub (global.get $wrr.end) (global.get $wrr.pos)))
        (if (i32.lt_u (local.get $len) (local.get $n)) (then (local.set $n (local.get $len))))
        (memory.copy (local.get $p) (global.get $wrr.pos) (local.get $n))
        (global.set $wrr.pos (i32.add (global.get $wrr.pos) (local.get $n)))
        (local.set $p (i32.add (local.get $p) (local.get $n)))
        (local.set $len (i32.sub (local.get $len) (local.get $n)))
        (br $more)))))

;; A fixed-size result; part of the event's fixed part.
(func $wrr.rep_fixed (param $p i32) (param $len i32)
  (call $wrr.rep_fixed_check (local.get $len))
  (call $wrr.rep_bytes (local.get $p) (local.get $len)))

;; A region with a stored length; $expect is the length the program's
;; arguments imply, or -1 when only the trace knows it.
(func $wrr.rep_sized (param $p i32) (param $expect i32) (param $kind i32)
  (local $len i64)
  (call $wrr.rep_need)
  (local.set $len (call $wrr.rep_uleb))
  (if (i32.and
        (i32.ne (local.get $expect) (i32.const -1))
        (i64.ne (local.get $len) (i64.extend_i32_u (local.get $expect))))
    (then (call $wrr.diverged_args (local.get $kind))))
  (if (i64.gt_u (local.get $len) (i64.const 0xffffffff))
    (then (call $wrr.trace_error (global.get $wrr.m.bad_region))))
  (call $wrr.rep_bytes (local.get $p) (i32.wrap_i64 (local.get $len))))

;; A clock reading in the usual case, with no call, so that the build's
;; wasm-opt inlines it into rep_clock_event: the whole uleb in this block
;; (at most 10 bytes) and $p in bounds. Returns 0, having taken nothing,
;; otherwise; rep_clock then reads it and says what is wrong.
(func $wrr.rep_clock_quick (param $p i32) (result i32)
  (local $b i32) (local $zz i64) (local $d i64) (local $q i32) (local $c i32) (local $shift i64)
  (local.set $q (global.get $wrr.pos))
  (if (i32.gt_u (i32.add (local.get $q) (i32.const 10)) (global.get $wrr.end))
    (then (return (i32.const 0))))
  (if (i64.gt_u (i64.add (i64.extend_i32_u (local.get $p)) (i64.const 8))
                (i64.extend_i32_u (global.get $wrr.base)))
    (then (return (i32.const 0))))
  (local.set $b (i32.load8_u (local.get $q)))
  (local.set $q (i32.add (local.get $q) (i32.const 1)))
  (local.set $zz (i64.extend_i32_u (i32.and (i32.shr_u (local.get $b) (i32.const 2)) (i32.const 0x1f))))
  (if (i32.and (local.get $b) (i32.const 0x80))
    (then
      (local.set $shift (i64.const 5))
      (loop $more
        (if (i64.gt_u (local.get $shift) (i64.const 61)) (then (return (i32.const 0))))
        (local.set $c (i32.load8_u (local.get $q)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (local.set $zz (i64.or (local.get $zz)
          (i64.shl (i64.extend_i32_u (i32.and (local.get $c) (i32.const 0x7f))) (local.get $shift))))
        (local.set $shift (i64.add (local.get $shift) (i64.const 7)))
        (br_if $more (i32.and (local.get $c) (i32.const 0x80))))))
  (global.set $wrr.pos (local.get $q))
  (local.set $d (i64.xor (i64.shr_u (local.get $zz) (i64.const 1))
    (i64.sub (i64.const 0) (i64.and (local.get $zz) (i64.const 1)))))
  (i64.store align=1 (local.get $p) (call $wrr.clk_add (local.get $b) (local.get $d)))
  (i32.const 1))

(func $wrr.rep_clock (param $p i32)
  (local $b i32) (local $zz i64) (local $d i64)
  (if (call $wrr.rep_clock_quick (local.get $p)) (then (return)))
  ;; Anything rep_clock_quick does not take: a reading near the block's
  ;; end or longer than its loop reads (rep_uleb reads across blocks and
  ;; says why it cannot), or $p out of bounds.
  (call $wrr.rep_fixed_check (i32.const 1))
  (local.set $b (i32.load8_u (global.get $wrr.pos)))
  (global.set $wrr.pos (i32.add (global.get $wrr.pos) (i32.const 1)))
  (local.set $zz (i64.extend_i32_u (i32.and (i32.shr_u (local.get $b) (i32.const 2)) (i32.const 0x1f))))
  (if (i32.and (local.get $b) (i32.const 0x80))
    (then (local.set $zz (i64.or (local.get $zz) (i64.shl (call $wrr.rep_uleb) (i64.const 5))))))
  (local.set $d (i64.xor (i64.shr_u (local.get $zz) (i64.const 1))
    (i64.sub (i64.const 0) (i64.and (local.get $zz) (i64.const 1)))))
  (local.set $d (call $wrr.clk_add (local.get $b) (local.get $d)))
  (if (call $wrr.out_of_bounds (local.get $p) (i32.const 8))
    (then (call $wrr.trace_error (global.get $wrr.m.bad_region))))
  (i64.store align=1 (local.get $p) (local.get $d)))

;; Clock $clock's last reading plus $d becomes its reading; returns it.
(func $wrr.clk_add (param $clock i32) (param $d i64) (result i64)
  (block $c3 (block $c2 (block $c1 (block $c0
    (br_table $c0 $c1 $c2 $c3 (i32.and (local.get $clock) (i32.const 3))))
    (global.set $wrr.clk0 (i64.add (global.get $wrr.clk0) (local.get $d)))
    (return (global.get $wrr.clk0)))
    (global.set $wrr.clk1 (i64.add (global.get $wrr.clk1) (local.get $d)))
    (return (global.get $wrr.clk1)))
    (global.set $wrr.clk2 (i64.add (global.get $wrr.clk2) (local.get $d)))
    (return (global.get $wrr.clk2)))
  (global.set $wrr.clk3 (i64.add (global.get $wrr.clk3) (local.get $d)))
  (global.get $wrr.clk3))

;; A clock read (rec_clock_event's shape). In the usual case (a version 3
;; trace and rep_quick's) the call's two sent items are stepped over here,
;; as rep_arg does when the digests agree, and rep_clock reads the reading;
;; otherwise the general path (rep_begin, rep_arg, rep_sent_end) says what
;; differs. Kind, digest, two numbers and the reading take at most 35 bytes.
(func $wrr.rep_clock_event (param $kind i32) (param $h i64) (param $a i64) (param $b i64)
                           (param $id i32) (param $p i32) (result i32)
  (local $r i32) (local $items i32) (local $c i32) (local $q i32) (local $end i32)
  ;; (Not i32.and: its operands both run, and rep_quick takes the event.)
  (if (if (result i32) (global.get $wrr.v3)
        (then (call $wrr.rep_quick (local.get $kind) (local.get $h) (i32.const 35)))
        (else (i32.const 0)))
    (then
      ;; Each number ends at a byte without the continuation bit, within
      ;; this block (rep_arg's rule).
      (local.set $q (global.get $wrr.pos))
      (local.set $end (global.get $wrr.end))
      (local.set $items (i32.const 2))
      (loop $skip
        (local.set $c (i32.load8_u (local.get $q)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (local.set $items (i32.sub (local.get $items)
          (i32.eqz (i32.and (local.get $c) (i32.const 0x80)))))
        (br_if $skip (i32.and (i32.ne (local.get $items) (i32.const 0))
          (i32.lt_u (local.get $q) (local.get $end)))))
      (global.set $wrr.pos (local.get $q))
      (if (local.get $items) (then (call $wrr.trace_error (global.get $wrr.m.split))))
      (if (i32.eqz (call $wrr.rep_clock_quick (local.get $p)))
        (then (call $wrr.rep_clock (local.get $p))))
      (return (i32.const 0))))
  (local.set $r (call $wrr.rep_begin (local.get $kind) (local.get $h)))
  (call $wrr.rep_arg (local.get $a) (local.get $id) (i32.const 0))
  (call $wrr.rep_arg (local.get $b) (i32.add (local.get $id) (i32.const 1)) (i32.const 0))
  (call $wrr.rep_sent_end (i32.eqz (local.get $r)))
  (if (i32.eqz (local.get $r)) (then (call $wrr.rep_clock (local.get $p))))
  (local.get $r))

(func $wrr.rep_iovecs (param $iovs i32) (param $n i32) (param $total i32)
  (local $len i32)
  (block $done
    (loop $each
      (br_if $done (i32.or (i32.eqz (local.get $n)) (i32.eqz (local.get $total))))
      (local.set $len (i32.load offset=4 (local.get $iovs)))
      (if (i32.gt_u (local.get $len) (local.get $total)) (then (local.set $len (local.get $total))))
      (call $wrr.rep_bytes (i32.load (local.get $iovs)) (local.get $len))
      (local.set $total (i32.sub (local.get $total) (local.get $len)))
      (local.set $iovs (i32.add (local.get $iovs) (global.get $wrr.k.iovec)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $each)))
  ;; More bytes than the buffers hold: the trace does not fit this call.
  (if (local.get $total) (then (call $wrr.trace_error (global.get $wrr.m.bad_region)))))

;; Re-emits what the program wrote to stdout or stderr: the first $total
;; bytes of its iovecs.
(func $wrr.rep_echo (param $fd i32) (param $iovs i32) (param $n i32) (param $total i32)
  (local $len i32)
  (if (i32.or (i32.lt_s (local.get $fd) (i32.const 1)) (i32.gt_s (local.get $fd) (i32.const 2)))
    (then (return)))
  (block $done
    (loop $each
      (br_if $done (i32.or (i32.eqz (local.get $n)) (i32.eqz (local.get $total))))
      (local.set $len (i32.load offset=4 (local.get $iovs)))
      (if (i32.gt_u (local.get $len) (local.get $total)) (then (local.set $len (local.get $total))))
      (call $wrr.echo_all (local.get $fd) (i32.load (local.get $iovs)) (local.get $len))
      (local.set $total (i32.sub (local.get $total) (local.get $len)))
      (local.set $iovs (i32.add (local.get $iovs) (global.get $wrr.k.iovec)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $each))))

;; Writes all of [p, p+len) to the host's stdout or stderr: partial writes
;; go on, a full non-blocking pipe (EAGAIN) is waited for, a closed one
;; (EPIPE) ends the replay with one line. Other errors drop the output, as
;; they would have in a plain run.
(func $wrr.echo_all (param $fd i32) (param $p i32) (param $len i32)
  (local $scr i32) (local $r i32) (local $n i32)
  (local.set $scr (call $wrr.scratch))
  (block $done
    (loop $more
      (br_if $done (i32.eqz (local.get $len)))
      (i32.store (local.get $scr) (local.get $p))
      (i32.store offset=4 (local.get $scr) (local.get $len))
      (i32.store offset=8 (local.get $scr) (i32.const 0))
      (local.set $r
        (call $wrr.h.fd_write (local.get $fd) (local.get $scr) (i32.const 1)
          (i32.add (local.get $scr) (i32.const 8))))
      (local.set $n (i32.load offset=8 (local.get $scr)))
      (if (i32.eq (local.get $r) (i32.const 64)) ;; EPIPE
        (then
          (call $wrr.msg_begin)
          (call $wrr.msg (global.get $wrr.m.epipe))
          (call $wrr.fail (global.get $wrr.k.exit_epipe))))
      (if (i32.or (i32.eq (local.get $r) (i32.const 6)) ;; EAGAIN
                  (i32.and (i32.eqz (local.get $r)) (i32.eqz (local.get $n))))
        (then
          (call $wrr.wait_writable (local.get $fd))
          (br $more)))
      (br_if $done (local.get $r))
      (local.set $p (i32.add (local.get $p) (local.get $n)))
      (local.set $len (i32.sub (local.get $len) (local.get $n)))
      (br $more))))

;; A runner may hold the echoed output to send it in larger writes (Node's
;; does when it is not for a terminal). A write of no iovecs asks it to send
;; what it holds and says whether a reader went away meanwhile (EPIPE);
;; elsewhere such a write does nothing. Asked once, when the replay ends
;; (rep_finish, or fail for an end the trace did not record): a reader gone
;; before that would have ended the replay at EPIPE, unheld, so it ends so.
(func $wrr.echo_closed (result i32)
  (local $scr i32)
  (if (i32.eqz (global.get $wrr.echo_ask)) (then (return (i32.const 0))))
  (global.set $wrr.echo_ask (i32.const 0))
  (local.set $scr (call $wrr.scratch))
  (i32.eq (call $wrr.h.fd_write (i32.const 1) (local.get $scr) (i32.const 0) (local.get $scr))
          (i32.const 64))) ;; EPIPE

(func $wrr.echo_flush
  (if (call $wrr.echo_closed)
    (then
      (call $wrr.msg_begin)
      (call $wrr.msg (global.get $wrr.m.epipe))
      (call $wrr.fail (global.get $wrr.k.exit_epipe)))))

;; Waits until $fd takes output, or 10 ms (poll_oneoff: an fd_write and a
;; clock subscription); without poll_oneoff, returns at once (the caller
;; retries).
(func $wrr.wait_writable (param $fd i32)
  (local $s i32)
  (local.set $s (call $wrr.msg_area))
  (memory.fill (local.get $s) (i32.const 0) (i32.const 96))
  (i32.store8 offset=8 (local.get $s) (i32.const 2))
  (i32.store offset=16 (local.get $s) (local.get $fd))
  (i64.store offset=48 (local.get $s) (i64.const 1))
  (i32.store offset=64 (local.get $s) (i32.const 1)) ;; monotonic
  (i64.store offset=72 (local.get $s) (i64.const 10000000))
  (drop (call $wrr.g.poll (local.get $s) (i32.add (local.get $s) (i32.const 96))
    (i32.const 2) (i32.add (local.get $s) (i32.const 160)))))

;; The program ended (after the event of kind $kind): the trace must end too.
(func $wrr.rep_finish (param $kind i32)
  (call $wrr.echo_flush)
  (call $wrr.stop_check)
  (if (call $wrr.rep_more)
    (then
      (global.set $wrr.events (i64.add (global.get $wrr.events) (i64.const 1)))
      (call $wrr.diverged_kind
        (i32.and (i32.load8_u (global.get $wrr.pos)) (global.get $wrr.k.kind_mask))
        (local.get $kind))))
  (if (i32.and (i32.eqz (global.get $wrr.final)) (i32.ne (local.get $kind) (global.get $wrr.k.trap)))
    (then (call $wrr.trace_error (global.get $wrr.m.truncated))))
  (global.set $wrr.mode (i32.const 4)))

;; The recording ended in proc_raise($sig) and the signal, raised again, did
;; not end this process: say so and exit as a shell reports a signal.
(func $wrr.raise_survived (param $sig i32)
  (call $wrr.msg_begin)
  (call $wrr.msg (global.get $wrr.m.raise_survived))
  (call $wrr.fail (i32.add (i32.const 128) (local.get $sig))))

;; proc_raise: 1 when the recording ended here (the signal ended the
;; process), else 0 and the recorded result follows.
(func $wrr.rep_raise_ended (result i32)
  (i32.and (i32.eqz (call $wrr.rep_more)) (i32.eqz (global.get $wrr.final))))

(func $wrr.rep_raise_result (result i32)
  (if (i32.and (call $wrr.rep_special (global.get $wrr.k.raise_result)) (global.get $wrr.k.errno_flag))
    (then (return (i32.wrap_i64 (call $wrr.rep_uleb)))))
  (i32.const 0))
