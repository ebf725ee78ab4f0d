;; Record: events go into the log buffer; a full buffer becomes one block of
;; the trace file (rrlib/trace.h). An event's fixed part (kind, digest,
;; errno, fixed-size results) never straddles two blocks: each event starts
;; with at least event_room bytes free (rrlib/runtime_layout.def).

(func $wrr.buf_start (result i32)
  (i32.add (global.get $wrr.base) (global.get $wrr.k.at_buffer)))

;; One past the reserved region's last byte.
(func $wrr.region_end (result i32)
  (i32.add (global.get $wrr.base) (i32.shl (global.get $wrr.reserved) (i32.const 16))))


;; Appends the buffer to the trace file. Mid-event with whole events before
;; it, those go out as a block of their own first and the event moves to
;; the buffer's start, so that an event that outgrows the buffer starts a
;; block: cutting back to that block's start (see $wrr.recover) then ends
;; the trace on a whole event. An event moved so fills the buffer on.
(func $wrr.flush (param $final i32)
  (local $start i32) (local $tail i32) (local $n i32) (local $save i64)
  (local.set $start (call $wrr.buf_start))
  (if (i32.and (i32.ne (global.get $wrr.cpos) (global.get $wrr.pos))
        (i32.and (i32.ne (global.get $wrr.cpos) (i32.const -1))
                 (i32.ne (global.get $wrr.cpos) (local.get $start))))
    (then
      (local.set $tail (global.get $wrr.cpos))
      (local.set $n (i32.sub (global.get $wrr.pos) (local.get $tail)))
      (global.set $wrr.pos (local.get $tail))
      ;; The block's checksum goes where the event begins: keep those bytes.
      (local.set $save (i64.load (local.get $tail)))
      (call $wrr.flush_block (i32.const 0))
      (i64.store (local.get $tail) (local.get $save))
      (memory.copy (local.get $start) (local.get $tail) (local.get $n))
      (global.set $wrr.pos (i32.add (local.get $start) (local.get $n)))
      (global.set $wrr.cpos (local.get $start))
      ;; At most half a buffer of it so far: it goes on filling this one
      ;; (one block a buffer, not a second small block for each event that
      ;; did not fit; every caller asks for far less room than that).
      (if (i32.and (i32.eqz (local.get $final))
            (i32.le_u (i32.shl (local.get $n) (i32.const 1))
                      (i32.sub (global.get $wrr.end) (local.get $start))))
        (then (return)))))
  (call $wrr.flush_block (local.get $final)))

;; Appends the buffer to the trace file as one block. The globals change
;; only once the block is written, so an interruption during the write
;; leaves them describing the file without it (see $wrr.recover).
(func $wrr.flush_block (param $final i32)
  (local $start i32) (local $len i32) (local $c i64) (local $r i32)
  (local.set $start (call $wrr.buf_start))
  (if (global.get $wrr.dead)
    (then
      (global.set $wrr.pos (local.get $start))
      (global.set $wrr.cpos (local.get $start))
      (return)))
  (call $wrr.guard_full)
  (local.set $len (i32.sub (global.get $wrr.pos) (local.get $start)))
  (i32.store (i32.sub (local.get $start) (i32.const 4))
    (i32.or (local.get $len) (select (global.get $wrr.k.final_block) (i32.const 0) (local.get $final))))
;; The checksum covers the frame word too, so a flipped final flag shows.
  (local.set $c
    (call $wrr.xxh64 (i32.sub (local.get $start) (i32.const 4))
      (i32.add (local.get $len) (i32.const 4)) (global.get $wrr.chain)))
  (i64.store (global.get $wrr.pos) (local.get $c))
  (global.set $wrr.flushing (i32.const 1))
  (local.set $r (call $wrr.sink_write (i32.sub (local.get $start) (i32.const 4))
    (i32.add (local.get $len) (i32.const 12))))
  (global.set $wrr.flushing (i32.const 0))
  (if (local.get $r)
    (then
      (call $wrr.write_error (local.get $r))
      (return)))
  ;; Mid-event: the event's first bytes are in the file now.
  (if (i32.ne (global.get $wrr.cpos) (global.get $wrr.pos))
    (then
      (if (i32.ne (global.get $wrr.cpos) (i32.const -1))
        (then
          (global.set $wrr.splitoff (global.get $wrr.foff))
          (global.set $wrr.splitchain (global.get $wrr.chain))
          (global.set $wrr.cpos (i32.const -1)))))
    (else (global.set $wrr.cpos (local.get $start))))
  (global.set $wrr.chain (local.get $c))
  (global.set $wrr.foff
    (i64.add (global.get $wrr.foff) (i64.extend_i32_u (i32.add (local.get $len) (i32.const 12)))))
  (global.set $wrr.pos (local.get $start)))

;; The trace cannot be written: say so once, cut the file back to its whole
;; blocks, and let the program run on unrecorded (fds stay translated).
(func $wrr.write_error (param $errno i32)
  (local $start i32)
  (global.set $wrr.dead (i32.const 1))
  (drop (call $wrr.sink_truncate (global.get $wrr.foff)))
  (call $wrr.msg_begin)
  (call $wrr.msg (global.get $wrr.m.write_failed))
  (call $wrr.msg_errno (local.get $errno))
  (call $wrr.msg (global.get $wrr.m.at_event))
  (call $wrr.msg_u64 (global.get $wrr.events))
  (call $wrr.msg (global.get $wrr.m.unrecorded))
  (local.set $start (call $wrr.msg_area))
  (i32.store8 (global.get $wrr.msgpos) (i32.const 10))
  (drop (call $wrr.write_all (i32.const 2) (local.get $start)
    (i32.sub (i32.add (global.get $wrr.msgpos) (i32.const 1)) (local.get $start))))
  (global.set $wrr.msgpos (i32.const 0))
  (global.set $wrr.pos (call $wrr.buf_start))
  (global.set $wrr.cpos (global.get $wrr.pos)))

;; Before wrr_trapped/wrr_stopped end the trace: the program may have been
;; interrupted anywhere in the runtime (a stack overflow in a thunk, a
;; terminated execution). Drop a partial event and whatever part of an
;; unfinished block reached the file, so the trace ends on whole events.
(func $wrr.recover
  (if (global.get $wrr.dead) (then (return)))
  (if (global.get $wrr.flushing)
    (then
      (global.set $wrr.flushing (i32.const 0))
      (if (call $wrr.sink_truncate (global.get $wrr.foff))
        (then (global.set $wrr.dead (i32.const 1)) (return)))))
  (if (i32.eq (global.get $wrr.cpos) (i32.const -1))
    (then
      ;; The event began a block already written: cut back to before it.
      (if (call $wrr.sink_truncate (global.get $wrr.splitoff))
        (then (global.set $wrr.dead (i32.const 1)) (return)))
      (global.set $wrr.foff (global.get $wrr.splitoff))
      (global.set $wrr.chain (global.get $wrr.splitchain))
      (global.set $wrr.cpos (call $wrr.buf_start))))
  (global.set $wrr.pos (global.get $wrr.cpos)))

;; Before a call that can wait for long: write what the buffer holds.
(func $wrr.flush_pending
  (if (i32.ne (global.get $wrr.pos) (call $wrr.buf_start))
    (then (call $wrr.flush (i32.const 0)))))

;; Before a read of fd 0 that may wait (stdin not a regular file).
(func $wrr.flush_stdin (param $fd i32)
  (if (i32.and (i32.eqz (local.get $fd)) (global.get $wrr.stdin_waits))
    (then (call $wrr.flush_pending))))

;; Makes room for $n bytes.
(func $wrr.rec_ensure (param $n i32)
  (if (i32.gt_u (i32.add (global.get $wrr.pos) (local.get $n)) (global.get $wrr.end))
    (then (call $wrr.flush (i32.const 0)))))

(func $wrr.rec_uleb (param $v i64)
  (local $p i32)
  (call $wrr.rec_ensure (i32.const 10))
  (local.set $p (global.get $wrr.pos))
  (block $done
    (loop $more
      (br_if $done (i64.lt_u (local.get $v) (i64.const 0x80)))
      (i32.store8 (local.get $p) (i32.or (i32.wrap_i64 (local.get $v)) (i32.const 0x80)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (local.set $v (i64.shr_u (local.get $v) (i64.const 7)))
      (br $more)))
  (i32.store8 (local.get $p) (i32.wrap_i64 (local.get $v)))
  (global.set $wrr.pos (i32.add (local.get $p) (i32.const 1))))

;; An event's first five bytes, kind | errno flag and the folded digest,
;; where the caller made room. No call: the build's wasm-opt inlines it.
(func $wrr.rec_head (param $kind i32) (param $h i64) (param $r i32)
  (local $p i32)
  (local.set $p (global.get $wrr.pos))
  (global.set $wrr.events (i64.add (global.get $wrr.events) (i64.const 1)))
  (i32.store8 (local.get $p)
    (i32.or (local.get $kind) (select (global.get $wrr.k.errno_flag) (i32.const 0) (local.get $r))))
  (i32.store offset=1 align=1 (local.get $p)
    (i32.wrap_i64 (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 32)))))
  (global.set $wrr.pos (i32.add (local.get $p) (i32.const 5))))

;; kind | errno flag, digest, [errno].
(func $wrr.rec_begin (param $kind i32) (param $h i64) (param $r i32)
  (if (i32.gt_u (i32.add (global.get $wrr.pos) (global.get $wrr.k.event_room)) (global.get $wrr.end))
    (then (call $wrr.flush (i32.const 0))))
  (call $wrr.rec_head (local.get $kind) (local.get $h) (local.get $r))
  (if (local.get $r) (then (call $wrr.rec_uleb (i64.extend_i32_u (local.get $r))))))

;; An event that is only its kind byte (grow adds its operand after).
(func $wrr.rec_special (param $kind i32)
  (call $wrr.rec_ensure (global.get $wrr.k.event_room))
  (global.set $wrr.events (i64.add (global.get $wrr.events) (i64.const 1)))
  (i32.store8 (global.get $wrr.pos) (local.get $kind))
  (global.set $wrr.pos (i32.add (global.get $wrr.pos) (i32.const 1))))

;; Guest bytes, through the buffer, flushing as it fills.
(func $wrr.rec_bytes (param $p i32) (param $len i32)
  (local $n i32)
  (loop $more
    (local.set $n (i32.sub (global.get $wrr.end) (global.get $wrr.pos)))
    (if (i32.lt_u (local.get $len) (local.get $n)) (then (local.set $n (local.get $len))))
    (memory.copy (global.get $wrr.pos) (local.get $p) (local.get $n))
    (global.set $wrr.pos (i32.add (global.get $wrr.pos) (local.get $n)))
    (local.set $p (i32.add (local.get $p) (local.get $n)))
    (local.set $len (i32.sub (local.get $len) (local.get $n)))
    (if (local.get $len)
      (then
        (call $wrr.flush (i32.const 0))
        (br $more)))))

;; A region whose length the trace stores.
(func $wrr.rec_sized (param $p i32) (param $len i32)
  (call $wrr.rec_uleb (i64.extend_i32_u (local.get $len)))
  (call $wrr.rec_bytes (local.get $p) (local.get $len)))

;; A fixed-size result: the event's fixed part has room (rec_begin).
(func $wrr.rec_fixed (param $p i32) (param $len i32)
  (memory.copy (global.get $wrr.pos) (local.get $p) (local.get $len))
  (global.set $wrr.pos (i32.add (global.get $wrr.pos) (local.get $len))))

;; The last reading of clock $clock (0..3) becomes $v; returns the one
;; before (a recording's delta is against it).
(func $wrr.clk_swap (param $clock i32) (param $v i64) (result i64)
  (local $old i64)
  (block $c3 (block $c2 (block $c1 (block $c0
    (br_table $c0 $c1 $c2 $c3 (i32.and (local.get $clock) (i32.const 3))))
    (local.set $old (global.get $wrr.clk0))
    (global.set $wrr.clk0 (local.get $v))
    (return (local.get $old)))
    (local.set $old (global.get $wrr.clk1))
    (global.set $wrr.clk1 (local.get $v))
    (return (local.get $old)))
    (local.set $old (global.get $wrr.clk2))
    (global.set $wrr.clk2 (local.get $v))
    (return (local.get $old)))
  (local.set $old (global.get $wrr.clk3))
  (global.set $wrr.clk3 (local.get $v))
  (local.get $old))

;; A clock reading at $p, as a delta against the previous reading of that
;; clock: a 66-bit uleb of zigzag(delta) << 2 | clock.
(func $wrr.rec_clock (param $clock i32) (param $p i32)
  (local $v i64) (local $d i64) (local $zz i64) (local $q i32)
  (local.set $v (i64.load (local.get $p)))
  (local.set $d (i64.sub (local.get $v) (call $wrr.clk_swap (local.get $clock) (local.get $v))))
  (local.set $zz (i64.xor (i64.shl (local.get $d) (i64.const 1)) (i64.shr_s (local.get $d) (i64.const 63))))
  (local.set $q (global.get $wrr.pos))
  ;; First byte: 5 bits of zz above the clock's 2 bits.
  (i32.store8 (local.get $q)
    (i32.or
      (i32.or
        (i32.shl (i32.and (i32.wrap_i64 (local.get $zz)) (i32.const 0x1f)) (i32.const 2))
        (i32.and (local.get $clock) (i32.const 3)))
      (select (i32.const 0x80) (i32.const 0) (i64.ge_u (local.get $zz) (i64.const 32)))))
  (local.set $q (i32.add (local.get $q) (i32.const 1)))
  ;; The rest as a uleb; rec_begin left room for it.
  (if (i64.ge_u (local.get $zz) (i64.const 32))
    (then
      (local.set $zz (i64.shr_u (local.get $zz) (i64.const 5)))
      (block $done
        (loop $more
          (br_if $done (i64.lt_u (local.get $zz) (i64.const 0x80)))
          (i32.store8 (local.get $q) (i32.or (i32.wrap_i64 (local.get $zz)) (i32.const 0x80)))
          (local.set $q (i32.add (local.get $q) (i32.const 1)))
          (local.set $zz (i64.shr_u (local.get $zz) (i64.const 7)))
          (br $more)))
      (i32.store8 (local.get $q) (i32.wrap_i64 (local.get $zz)))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))))
  (global.set $wrr.pos (local.get $q)))

;; A clock read's event after its host call, in one call where the general
;; thunk makes five (rec_begin, two rec_uleb, rec_sent_end, rec_end):
;; clock reads come by the million, and wasm-opt inlines only within the
;; runtime, not into the thunks the pass generates. The shape
;; is clock_time_get's (passes/thunks.cpp, isClockRead): two scalar sent
;; items $a and $b, then the reading at $p of clock $clock. The bytes are
;; those of the general path; the event starts a block when this one has
;; less room than the event and rec_sent_end's room after its items.
(func $wrr.rec_clock_event (param $kind i32) (param $h i64) (param $r i32)
                           (param $a i64) (param $b i64) (param $clock i32) (param $p i32)
  (if (i32.gt_u (i32.add (global.get $wrr.pos) (i32.const 160)) (global.get $wrr.end))
    (then (call $wrr.flush (i32.const 0))))
  (call $wrr.rec_head (local.get $kind) (local.get $h) (local.get $r))
  ;; Numbers of one byte in place, others (and an errno) by rec_uleb.
  (if (local.get $r) (then (call $wrr.rec_uleb (i64.extend_i32_u (local.get $r)))))
  (if (i64.lt_u (local.get $a) (i64.const 0x80))
    (then
      (i32.store8 (global.get $wrr.pos) (i32.wrap_i64 (local.get $a)))
      (global.set $wrr.pos (i32.add (global.get $wrr.pos) (i32.const 1))))
    (else (call $wrr.rec_uleb (local.get $a))))
  (if (i64.lt_u (local.get $b) (i64.const 0x80))
    (then
      (i32.store8 (global.get $wrr.pos) (i32.wrap_i64 (local.get $b)))
      (global.set $wrr.pos (i32.add (global.get $wrr.pos) (i32.const 1))))
    (else (call $wrr.rec_uleb (local.get $b))))
  (if (i32.eqz (local.get $r)) (then (call $wrr.rec_clock (local.get $clock) (local.get $p))))
  (global.set $wrr.incall (i32.const 0))
  (global.set $wrr.cpos (global.get $wrr.pos))
  (if (global.get $wrr.sync) (then (call $wrr.flush (i32.const 0)))))

;; $total bytes scattered over an iovec array, in order.
(func $wrr.rec_iovecs (param $iovs i32) (param $n i32) (param $total i32)
  (local $len i32)
  (block $done
    (loop $each
      (br_if $done (i32.or (i32.eqz (local.get $n)) (i32.eqz (local.get $total))))
      (local.set $len (i32.load offset=4 (local.get $iovs)))
      (if (i32.gt_u (local.get $len) (local.get $total)) (then (local.set $len (local.get $total))))
      (call $wrr.rec_bytes (i32.load (local.get $iovs)) (local.get $len))
      (local.set $total (i32.sub (local.get $total) (local.get $len)))
      (local.set $iovs (i32.add (local.get $iovs) (global.get $wrr.k.iovec)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $each))))

;; The trace's last block.
(func $wrr.rec_finish
  (global.set $wrr.cpos (global.get $wrr.pos))
  (call $wrr.flush (i32.const 1))
  (global.set $wrr.mode (i32.const 4)))

;; proc_raise's outcome, after the call that may not have returned.
(func $wrr.rec_raise_result (param $r i32)
  (call $wrr.rec_special
    (i32.or (global.get $wrr.k.raise_result)
      (select (global.get $wrr.k.errno_flag) (i32.const 0) (local.get $r))))
  (if (local.get $r) (then (call $wrr.rec_uleb (i64.extend_i32_u (local.get $r)))))
  (call $wrr.rec_end))

;; An event is whole: commit it, and in write-through mode write it out.
(func $wrr.rec_end
  (global.set $wrr.incall (i32.const 0))
  (global.set $wrr.cpos (global.get $wrr.pos))
  (if (global.get $wrr.sync) (then (call $wrr.flush (i32.const 0)))))
