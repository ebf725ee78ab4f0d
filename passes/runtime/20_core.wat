;; Reserving the region, virtual memory.size/grow, start-up, and errors.

;; Whether [p, p+len) reaches past the memory the program sees.
(func $wrr.out_of_bounds (param $p i32) (param $len i32) (result i32)
  (i64.gt_u
    (i64.add (i64.extend_i32_u (local.get $p)) (i64.extend_i32_u (local.get $len)))
    (i64.extend_i32_u (global.get $wrr.base))))

;; Called first from the start function: take R pages at the top.
(func $wrr.reserve
  (local $old i32)
  (if (global.get $wrr.reserved) (then (return)))
  (local.set $old (memory.grow (global.get $wrr.k.pages)))
  ;; Without its region the module cannot keep its promise: stop here.
  (if (i32.eq (local.get $old) (i32.const -1)) (then (unreachable)))
  (global.set $wrr.base (i32.shl (local.get $old) (i32.const 16)))
  (global.set $wrr.reserved (global.get $wrr.k.pages)))

;; The program's memory.size.
(func $wrr.mem_size (result i32)
  (i32.sub (memory.size) (global.get $wrr.reserved)))

;; Grows the real memory by $n pages and moves the region up; returns the
;; program's previous size in pages, or -1.
(func $wrr.grow_real (param $n i32) (result i32)
  (local $old i32) (local $delta i32) (local $oldbase i32) (local $clear i32)
  (local.set $old (call $wrr.mem_size))
  (if (i64.gt_u
        (i64.add (i64.extend_i32_u (local.get $old)) (i64.extend_i32_u (local.get $n)))
        (i64.extend_i32_u (global.get $wrr.k.vmax)))
    (then (return (i32.const -1))))
  (if (i32.eq (memory.grow (local.get $n)) (i32.const -1))
    (then (return (i32.const -1))))
  (if (i32.eqz (local.get $n)) (then (return (local.get $old))))
  (local.set $delta (i32.shl (local.get $n) (i32.const 16)))
  (local.set $oldbase (global.get $wrr.base))
  (memory.copy
    (i32.add (local.get $oldbase) (local.get $delta))
    (local.get $oldbase)
    (i32.shl (global.get $wrr.reserved) (i32.const 16)))
  ;; The program's new pages must read as zero, as fresh memory does.
  (local.set $clear (local.get $n))
  (if (i32.gt_u (local.get $clear) (global.get $wrr.reserved))
    (then (local.set $clear (global.get $wrr.reserved))))
  (memory.fill (local.get $oldbase) (i32.const 0) (i32.shl (local.get $clear) (i32.const 16)))
  (global.set $wrr.base (i32.add (global.get $wrr.base) (local.get $delta)))
  (global.set $wrr.pos (i32.add (global.get $wrr.pos) (local.get $delta)))
  (global.set $wrr.end (i32.add (global.get $wrr.end) (local.get $delta)))
  ;; The last whole event's end is in the buffer too (unless the event
  ;; under way began in a block written already): a stale one sent the
  ;; next flush down its mid-event path with a negative block length.
  (if (i32.ne (global.get $wrr.cpos) (i32.const -1))
    (then (global.set $wrr.cpos (i32.add (global.get $wrr.cpos) (local.get $delta)))))
  (if (global.get $wrr.msgpos)
    (then (global.set $wrr.msgpos (i32.add (global.get $wrr.msgpos) (local.get $delta)))))
  (local.get $old))

;; The program's memory.grow: the outcome is recorded and replayed.
(func $wrr.mem_grow (param $n i32) (result i32)
  (local $r i32) (local $b i32)
  (if (i32.eqz (global.get $wrr.reserved))
    (then (return (memory.grow (local.get $n)))))
  (if (i32.eq (global.get $wrr.mode) (i32.const 2))
    (then
      (call $wrr.guard_check)
      (local.set $r (call $wrr.grow_real (local.get $n)))
      (call $wrr.rec_special
        (i32.or (global.get $wrr.k.grow)
          (select (global.get $wrr.k.errno_flag) (i32.const 0)
            (i32.eq (local.get $r) (i32.const -1)))))
      (call $wrr.rec_uleb (i64.extend_i32_u (local.get $n)))
      (call $wrr.rec_end)
      (return (local.get $r))))
  (if (i32.eq (global.get $wrr.mode) (i32.const 3))
    (then
      (local.set $b (call $wrr.rep_special (global.get $wrr.k.grow)))
      (if (i64.ne (call $wrr.rep_uleb) (i64.extend_i32_u (local.get $n)))
        (then (call $wrr.diverged_args (global.get $wrr.k.grow))))
      (if (i32.and (local.get $b) (global.get $wrr.k.errno_flag))
        (then (return (i32.const -1))))
      (local.set $r (call $wrr.grow_real (local.get $n)))
      (if (i32.eq (local.get $r) (i32.const -1))
        (then
          (call $wrr.msg_begin)
          (call $wrr.msg (global.get $wrr.m.grow_refused))
          (call $wrr.fail (global.get $wrr.k.exit_trace_error))))
      (return (local.get $r))))
  (call $wrr.grow_real (local.get $n)))

;; ---- Messages: assembled in the region, written to stderr. ----

(func $wrr.msg_begin
  (global.set $wrr.msgpos (call $wrr.msg_area))
  (call $wrr.msg (global.get $wrr.m.prefix)))

(func $wrr.msg (param $id i32)
  (global.set $wrr.msgpos
    (i32.add (global.get $wrr.msgpos)
      (call $wrr.g.msg (local.get $id) (global.get $wrr.msgpos)))))

(func $wrr.msg_name (param $kind i32)
  (global.set $wrr.msgpos
    (i32.add (global.get $wrr.msgpos)
      (call $wrr.g.name (local.get $kind) (global.get $wrr.msgpos)))))

(func $wrr.msg_u64 (param $v i64)
  (local $start i32) (local $end i32) (local $t i32)
  (local.set $start (global.get $wrr.msgpos))
  (loop $digits
    (i32.store8 (global.get $wrr.msgpos)
      (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $v) (i64.const 10)))))
    (global.set $wrr.msgpos (i32.add (global.get $wrr.msgpos) (i32.const 1)))
    (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
    (br_if $digits (i64.ne (local.get $v) (i64.const 0))))
  ;; Reverse the digits in place.
  (local.set $end (i32.sub (global.get $wrr.msgpos) (i32.const 1)))
  (block $done
    (loop $swap
      (br_if $done (i32.ge_u (local.get $start) (local.get $end)))
      (local.set $t (i32.load8_u (local.get $start)))
      (i32.store8 (local.get $start) (i32.load8_u (local.get $end)))
      (i32.store8 (local.get $end) (local.get $t))
      (local.set $start (i32.add (local.get $start) (i32.const 1)))
      (local.set $end (i32.sub (local.get $end) (i32.const 1)))
      (br $swap))))

(func $wrr.msg_errno (param $e i32)
  (global.set $wrr.msgpos
    (i32.add (global.get $wrr.msgpos)
      (call $wrr.g.errno_name (local.get $e) (global.get $wrr.msgpos)))))

(func $wrr.msg_hex (param $v i64) (param $digits i32)
  (local $d i32)
  (loop $each
    (local.set $digits (i32.sub (local.get $digits) (i32.const 1)))
    (local.set $d
      (i32.wrap_i64
        (i64.and
          (i64.shr_u (local.get $v) (i64.extend_i32_u (i32.shl (local.get $digits) (i32.const 2))))
          (i64.const 15))))
    (i32.store8 (global.get $wrr.msgpos)
      (i32.add (local.get $d)
        (select (i32.const 87) (i32.const 48) (i32.ge_u (local.get $d) (i32.const 10)))))
    (global.set $wrr.msgpos (i32.add (global.get $wrr.msgpos) (i32.const 1)))
    (br_if $each (local.get $digits))))

;; Writes [p, p+len) to a host fd, all of it; returns 0 or an errno.
(func $wrr.write_all (param $fd i32) (param $p i32) (param $len i32) (result i32)
  (local $scr i32) (local $r i32) (local $n i32)
  (local.set $scr (call $wrr.scratch))
  (block $done
    (loop $more
      (br_if $done (i32.eqz (local.get $len)))
      (i32.store (local.get $scr) (local.get $p))
      (i32.store offset=4 (local.get $scr) (local.get $len))
      (local.set $r
        (call $wrr.h.fd_write (local.get $fd) (local.get $scr) (i32.const 1)
          (i32.add (local.get $scr) (i32.const 8))))
      (if (local.get $r) (then (return (local.get $r))))
      (local.set $n (i32.load offset=8 (local.get $scr)))
      ;; A host that accepts nothing would loop forever.
      (if (i32.eqz (local.get $n)) (then (return (i32.const 29))))
      (local.set $p (i32.add (local.get $p) (local.get $n)))
      (local.set $len (i32.sub (local.get $len) (local.get $n)))
      (br $more)))
  (i32.const 0))

;; Ends the message with a newline, writes it to stderr, exits. A replay
;; whose held output met a closed pipe ends as at EPIPE (echo_closed).
(func $wrr.fail (param $status i32)
  (local $start i32)
  (if (call $wrr.echo_closed)
    (then
      (call $wrr.msg_begin)
      (call $wrr.msg (global.get $wrr.m.epipe))
      (local.set $status (global.get $wrr.k.exit_epipe))))
  (local.set $start (call $wrr.msg_area))
  (i32.store8 (global.get $wrr.msgpos) (i32.const 10))
  (drop (call $wrr.write_all (i32.const 2) (local.get $start)
    (i32.sub (i32.add (global.get $wrr.msgpos) (i32.const 1)) (local.get $start))))
  (global.set $wrr.mode (i32.const 4))
  (call $wrr.h.proc_exit (local.get $status))
  (unreachable))

;; "replay diverged at event #N: "
(func $wrr.msg_diverged
  (call $wrr.msg_begin)
  (call $wrr.msg (global.get $wrr.m.diverged))
  (call $wrr.msg_u64 (global.get $wrr.events))
  (i32.store16 (global.get $wrr.msgpos) (i32.const 0x203a)) ;; ": "
  (global.set $wrr.msgpos (i32.add (global.get $wrr.msgpos) (i32.const 2))))

;; The trace and the program disagree on which call comes next.
(func $wrr.diverged_kind (param $trace i32) (param $program i32)
  (call $wrr.msg_diverged)
  (call $wrr.msg (global.get $wrr.m.trace_has))
  (call $wrr.msg_name (local.get $trace))
  (call $wrr.msg (global.get $wrr.m.program_called))
  (call $wrr.msg_name (local.get $program))
  (call $wrr.fail (global.get $wrr.k.exit_divergence)))

;; Same call, other inputs.
(func $wrr.diverged_args (param $kind i32)
  (call $wrr.msg_diverged)
  (call $wrr.msg_name (local.get $kind))
  (call $wrr.msg (global.get $wrr.m.other_args))
  (call $wrr.fail (global.get $wrr.k.exit_divergence)))

(func $wrr.diverged_digest (param $kind i32) (param $trace i32) (param $program i32)
  (call $wrr.msg_diverged)
  (call $wrr.msg_name (local.get $kind))
  (call $wrr.msg (global.get $wrr.m.other_args))
  (call $wrr.msg (global.get $wrr.m.digest))
  (call $wrr.msg_hex (i64.extend_i32_u (local.get $trace)) (i32.const 8))
  (call $wrr.msg (global.get $wrr.m.program_digest))
  (call $wrr.msg_hex (i64.extend_i32_u (local.get $program)) (i32.const 8))
  (i32.store8 (global.get $wrr.msgpos) (i32.const 41)) ;; ")"
  (global.set $wrr.msgpos (i32.add (global.get $wrr.msgpos) (i32.const 1)))
  (call $wrr.fail (global.get $wrr.k.exit_divergence)))

(func $wrr.trace_error (param $id i32)
  (call $wrr.msg_begin)
  (call $wrr.msg (local.get $id))
  (call $wrr.fail (global.get $wrr.k.exit_trace_error)))

;; ---- Start-up: find the trace directory, choose the mode. ----





;; Scratch space for the runtime's own WASI calls (rrlib/runtime_layout.def).
(func $wrr.scratch (result i32)
  (i32.add (global.get $wrr.base) (global.get $wrr.k.at_scratch)))

;; Where messages are assembled (rrlib/runtime_layout.def).
(func $wrr.msg_area (result i32)
  (i32.add (global.get $wrr.base) (global.get $wrr.k.at_message)))

;; The program's fd $p as the host numbers it (record): the hidden fds
;; (trace directory, trace file) are skipped, so the program sees the
;; numbers of a plain run. Numbers near 2^32 are left alone (no host has
;; them; both directions agree there).
(func $wrr.fd_in (param $p i32) (result i32)
  (if (i32.ge_u (local.get $p) (i32.const -16)) (then (return (local.get $p))))
  (if (i32.ge_u (local.get $p) (global.get $wrr.hid1))
    (then (local.set $p (i32.add (local.get $p) (i32.const 1)))))
  (if (i32.ge_u (local.get $p) (global.get $wrr.hid2))
    (then (local.set $p (i32.add (local.get $p) (i32.const 1)))))
  (local.get $p))

;; The inverse: a host fd as the program numbers it.
(func $wrr.fd_out (param $h i32) (result i32)
  (if (i32.ge_u (local.get $h) (i32.const -16)) (then (return (local.get $h))))
  (i32.sub (i32.sub (local.get $h)
    (i32.gt_u (local.get $h) (global.get $wrr.hid1)))
    (i32.gt_u (local.get $h) (global.get $wrr.hid2))))

;; poll_oneoff's subscriptions name fds (tags fd_read 1, fd_write 2, the fd
;; at offset 16): $dir 1 translates them for the host, 0 back.
(func $wrr.fd_subs (param $p i32) (param $n i32) (param $dir i32)
  (local $fd i32)
  (if (call $wrr.out_of_bounds (local.get $p) (i32.mul (local.get $n) (global.get $wrr.k.sub)))
    (then (return)))
  (block $done
    (loop $each
      (br_if $done (i32.eqz (local.get $n)))
      (if (i32.le_u (i32.sub (i32.load8_u offset=8 (local.get $p)) (i32.const 1)) (i32.const 1))
        (then
          (local.set $fd (i32.load offset=16 (local.get $p)))
          (i32.store offset=16 (local.get $p)
            (if (result i32) (local.get $dir)
              (then (call $wrr.fd_in (local.get $fd)))
              (else (call $wrr.fd_out (local.get $fd)))))))
      (local.set $p (i32.add (local.get $p) (global.get $wrr.k.sub)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $each))))

;; For runners: the program trapped. Ends the trace so nothing is lost, or,
;; in replay, checks that the recording ended the same way. Also called
;; where the program's own code reaches `unreachable`, before it traps.
(func $wrr.trapped (export "wrr_trapped")
  (if (i32.eq (global.get $wrr.mode) (i32.const 2))
    (then
      (call $wrr.recover)
      ;; Inside a WASI call: the flag, then the call's kind (version 3).
      (call $wrr.rec_special
        (i32.or (global.get $wrr.k.trap) (i32.and (global.get $wrr.incall) (global.get $wrr.k.errno_flag))))
      (if (global.get $wrr.incall)
        (then
          (i32.store8 (global.get $wrr.pos) (i32.and (global.get $wrr.incall) (global.get $wrr.k.kind_mask)))
          (global.set $wrr.pos (i32.add (global.get $wrr.pos) (i32.const 1)))))
      (call $wrr.rec_finish)))
  (if (i32.eq (global.get $wrr.mode) (i32.const 3))
    (then
      (if (i32.and (call $wrr.rep_special (global.get $wrr.k.trap)) (global.get $wrr.k.errno_flag))
        (then
          (call $wrr.rep_fixed_check (i32.const 1))
          (global.set $wrr.pos (i32.add (global.get $wrr.pos) (i32.const 1)))))
      (call $wrr.rep_finish (global.get $wrr.k.trap)))))

;; For runners: the run was stopped at a limit (--timeout). Ends the trace
;; with a stop event; a replay that gets there stops the same way.
(func $wrr.stopped (export "wrr_stopped")
  (if (i32.eq (global.get $wrr.mode) (i32.const 2))
    (then
      (call $wrr.recover)
      (call $wrr.rec_special (global.get $wrr.k.stopped))
      (call $wrr.rec_finish))))

;; Called when _start returns.
(func $wrr.start_returned
  (if (i32.eq (global.get $wrr.mode) (i32.const 2))
    (then
      (call $wrr.guard_last)
      (call $wrr.rec_special (global.get $wrr.k.start_returned))
      (call $wrr.rec_finish)))
  (if (i32.eq (global.get $wrr.mode) (i32.const 3))
    (then
      (call $wrr.guard_last)
      (drop (call $wrr.rep_special (global.get $wrr.k.start_returned)))
      (call $wrr.rep_finish (global.get $wrr.k.start_returned)))))
