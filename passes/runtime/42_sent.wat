;; Sent items (trace format version 3): what the host reads from the program,
;; stored in each call event after its errno so that a divergence can name
;; the argument that differs and show the bytes. In digest order: each
;; scalar parameter as a uleb (the thunk calls $wrr.rec_uleb), then each read
;; region as uleb length + its bytes as digested (of a gather, only the
;; first $wrr.k.sent_prefix). A source ($src) says how a region's bytes are
;; laid out in the program's memory:
;;   0  plain bytes [a, a+b)
;;   1  a gather: the bytes of the b iovecs at a, in order (those outside
;;      memory left out)
;;   2  iovec lengths: each of the b iovecs at a as its u32 length
;;   3  subscriptions: bytes 8..48 of each of the b entries at a (the
;;      digest leaves out their userdata)
;; A region outside the program's memory is stored empty (the digest mixes
;; in -1 for it).

;; Whether [p, p+len) reaches past the program's memory; len as i64, so that
;; an element count times an element size cannot wrap.
(func $wrr.oob64 (param $p i32) (param $len i64) (result i32)
  (i64.gt_u
    (i64.add (i64.extend_i32_u (local.get $p)) (local.get $len))
    (i64.extend_i32_u (global.get $wrr.base))))

;; The length of the item the program passes now.
(func $wrr.now_len (param $src i32) (param $a i32) (param $b i32) (result i32)
  (local $total i32) (local $len i32)
  (block $gather (block $lens (block $subs (block $plain
    (br_table $plain $gather $lens $subs (local.get $src)))
    (if (call $wrr.out_of_bounds (local.get $a) (local.get $b))
      (then (return (i32.const 0))))
    (return (local.get $b)))
    (if (call $wrr.oob64 (local.get $a) (i64.mul (i64.extend_i32_u (local.get $b)) (i64.extend_i32_u (global.get $wrr.k.sub))))
      (then (return (i32.const 0))))
    (return (i32.mul (local.get $b) (i32.sub (global.get $wrr.k.sub) (i32.const 8)))))
    (if (call $wrr.oob64 (local.get $a) (i64.mul (i64.extend_i32_u (local.get $b)) (i64.extend_i32_u (global.get $wrr.k.iovec))))
      (then (return (i32.const 0))))
    (return (i32.shl (local.get $b) (i32.const 2))))
  (if (call $wrr.oob64 (local.get $a) (i64.mul (i64.extend_i32_u (local.get $b)) (i64.extend_i32_u (global.get $wrr.k.iovec))))
    (then (return (i32.const 0))))
  (block $done
    (loop $each
      (br_if $done (i32.eqz (local.get $b)))
      (local.set $len (i32.load offset=4 (local.get $a)))
      (if (i32.eqz (call $wrr.out_of_bounds (i32.load (local.get $a)) (local.get $len)))
        (then (local.set $total (i32.add (local.get $total) (local.get $len)))))
      (local.set $a (i32.add (local.get $a) (global.get $wrr.k.iovec)))
      (local.set $b (i32.sub (local.get $b) (i32.const 1)))
      (br $each)))
  (local.get $total))

;; Byte $i (< now_len) of the item the program passes now. Cold: messages.
(func $wrr.now_byte (param $src i32) (param $a i32) (param $b i32) (param $i i32) (result i32)
  (local $len i32)
  (block $gather (block $lens (block $subs (block $plain
    (br_table $plain $gather $lens $subs (local.get $src)))
    (return (i32.load8_u (i32.add (local.get $a) (local.get $i)))))
    (return (i32.load8_u
      (i32.add
        (i32.add (local.get $a) (i32.mul (i32.div_u (local.get $i) (i32.sub (global.get $wrr.k.sub) (i32.const 8))) (global.get $wrr.k.sub)))
        (i32.add (i32.const 8) (i32.rem_u (local.get $i) (i32.sub (global.get $wrr.k.sub) (i32.const 8))))))))
    (return (i32.load8_u
      (i32.add
        (i32.add (local.get $a) (i32.mul (i32.shr_u (local.get $i) (i32.const 2)) (global.get $wrr.k.iovec)))
        (i32.add (i32.const 4) (i32.and (local.get $i) (i32.const 3)))))))
  (loop $each
    (local.set $len (i32.load offset=4 (local.get $a)))
    (if (i32.eqz (call $wrr.out_of_bounds (i32.load (local.get $a)) (local.get $len)))
      (then
        (if (i32.lt_u (local.get $i) (local.get $len))
          (then (return (i32.load8_u (i32.add (i32.load (local.get $a)) (local.get $i))))))
        (local.set $i (i32.sub (local.get $i) (local.get $len)))))
    (local.set $a (i32.add (local.get $a) (global.get $wrr.k.iovec)))
    (br $each))
  (unreachable))

;; ---- Record ----

;; A read region: uleb length, then its bytes as digested; a gather's
;; first sent_prefix bytes only (the output itself is the program's to
;; store: copying all of it doubled the cost of writing it).
(func $wrr.rec_sent (param $src i32) (param $a i32) (param $b i32)
  (local $len i32) (local $p i32) (local $left i32)
  (local.set $len (call $wrr.now_len (local.get $src) (local.get $a) (local.get $b)))
  (if (i32.and (i32.eq (local.get $src) (i32.const 1))
               (i32.gt_u (local.get $len) (global.get $wrr.k.sent_prefix)))
    (then (local.set $len (global.get $wrr.k.sent_prefix))))
  (call $wrr.rec_uleb (i64.extend_i32_u (local.get $len)))
  (if (i32.eqz (local.get $len)) (then (return)))
  (block $gather (block $lens (block $subs (block $plain
    (br_table $plain $gather $lens $subs (local.get $src)))
    (call $wrr.rec_bytes (local.get $a) (local.get $b))
    (return))
    (loop $each
      (call $wrr.rec_bytes (i32.add (local.get $a) (i32.const 8)) (i32.sub (global.get $wrr.k.sub) (i32.const 8)))
      (local.set $a (i32.add (local.get $a) (global.get $wrr.k.sub)))
      (local.set $b (i32.sub (local.get $b) (i32.const 1)))
      (br_if $each (local.get $b)))
    (return))
    (loop $each
      (call $wrr.rec_ensure (i32.const 4))
      (i32.store align=1 (global.get $wrr.pos) (i32.load offset=4 (local.get $a)))
      (global.set $wrr.pos (i32.add (global.get $wrr.pos) (i32.const 4)))
      (local.set $a (i32.add (local.get $a) (global.get $wrr.k.iovec)))
      (local.set $b (i32.sub (local.get $b) (i32.const 1)))
      (br_if $each (local.get $b)))
    (return))
  (local.set $left (local.get $len))
  (loop $each
    (if (local.get $left)
      (then
        (local.set $p (i32.load (local.get $a)))
        (local.set $len (i32.load offset=4 (local.get $a)))
        (if (i32.eqz (call $wrr.out_of_bounds (local.get $p) (local.get $len)))
          (then
            (if (i32.gt_u (local.get $len) (local.get $left)) (then (local.set $len (local.get $left))))
            (call $wrr.rec_bytes (local.get $p) (local.get $len))
            (local.set $left (i32.sub (local.get $left) (local.get $len)))))
        (local.set $a (i32.add (local.get $a) (global.get $wrr.k.iovec)))
        (local.set $b (i32.sub (local.get $b) (i32.const 1)))
        (br $each)))))

;; After the sent items: room for the fixed part of the results, which
;; replay reads from one block.
(func $wrr.rec_sent_end
  (call $wrr.rec_ensure (i32.const 128)))

;; ---- Replay ----
;; With the digest equal (the usual case) the items are skipped; with it
;; different they are compared, and the first that differs ends the replay
;; with a message that names it.

;; "wrr: replay diverged at event #N: CALL called with other arguments than
;; recorded: NAME"
(func $wrr.msg_sent (param $id i32)
  (call $wrr.msg_diverged)
  (call $wrr.msg_name (global.get $wrr.lastkind))
  (call $wrr.msg (global.get $wrr.m.other_args))
  (i32.store16 (global.get $wrr.msgpos) (i32.const 0x203a)) ;; ": "
  (global.set $wrr.msgpos (i32.add (global.get $wrr.msgpos) (i32.const 2)))
  (global.set $wrr.msgpos
    (i32.add (global.get $wrr.msgpos)
      (call $wrr.g.sent_name (local.get $id) (global.get $wrr.msgpos)))))

(func $wrr.msg_byte (param $c i32)
  (i32.store8 (global.get $wrr.msgpos) (local.get $c))
  (global.set $wrr.msgpos (i32.add (global.get $wrr.msgpos) (i32.const 1))))

(func $wrr.msg_dots
  (call $wrr.msg_byte (i32.const 46))
  (call $wrr.msg_byte (i32.const 46))
  (call $wrr.msg_byte (i32.const 46)))

;; Items that only size others ($weak: a path's length, an iovec count, the
;; iovec lengths) are reported only when nothing else differs: a longer
;; greeting is told by its text, not its length. The first such difference
;; waits in the message area ($wrr.pending) until the call's items are done.

;; A scalar parameter.
(func $wrr.rep_arg (param $v i64) (param $id i32) (param $weak i32)
  (local $x i64) (local $b i32)
  (if (i32.eqz (global.get $wrr.v3)) (then (return)))
  (if (i32.ge_u (global.get $wrr.pos) (global.get $wrr.end)) (then (call $wrr.rep_need)))
  ;; The usual case, the digest equal: step over the uleb (the recorder
  ;; keeps one within a block).
  (if (i32.eqz (global.get $wrr.dmiss))
    (then
      (loop $more
        (if (i32.ge_u (global.get $wrr.pos) (global.get $wrr.end))
          (then (call $wrr.trace_error (global.get $wrr.m.split))))
        (local.set $b (i32.load8_u (global.get $wrr.pos)))
        (global.set $wrr.pos (i32.add (global.get $wrr.pos) (i32.const 1)))
        (br_if $more (i32.and (local.get $b) (i32.const 0x80))))
      (return)))
  (local.set $x (call $wrr.rep_uleb))
  (if (i32.and (global.get $wrr.dmiss) (i64.ne (local.get $x) (local.get $v)))
    (then
      (if (i32.and (local.get $weak) (global.get $wrr.pending)) (then (return)))
      (call $wrr.msg_sent (local.get $id))
      (call $wrr.msg (global.get $wrr.m.recorded))
      (call $wrr.msg_u64 (local.get $x))
      (call $wrr.msg (global.get $wrr.m.now))
      (call $wrr.msg_u64 (local.get $v))
      (if (local.get $weak)
        (then (global.set $wrr.pending (i32.const 1)) (return)))
      (call $wrr.fail (global.get $wrr.k.exit_divergence)))))

;; Skips $n bytes of the trace; they may continue in the next blocks.
(func $wrr.rep_skip (param $n i32)
  (local $step i32)
  (block $done
    (loop $more
      (br_if $done (i32.eqz (local.get $n)))
      (call $wrr.rep_need)
      (local.set $step (i32.sub (global.get $wrr.end) (global.get $wrr.pos)))
      (if (i32.lt_u (local.get $n) (local.get $step)) (then (local.set $step (local.get $n))))
      (global.set $wrr.pos (i32.add (global.get $wrr.pos) (local.get $step)))
      (local.set $n (i32.sub (local.get $n) (local.get $step)))
      (br $more))))

;; Where the recorded bytes after the first difference wait for the message
;; (the tail of the message area, which a message never reaches).
(func $wrr.sent_tmp (result i32)
  (i32.add (global.get $wrr.base) (i32.const 816)))

;; Byte $i of the window around the first difference $d: the recorded side
;; ($rec) has the program's bytes before $d and sent_tmp's from $d.
(func $wrr.win_byte (param $rec i32) (param $src i32) (param $a i32) (param $b i32) (param $i i32) (param $d i32) (result i32)
  (if (i32.and (local.get $rec) (i32.ge_u (local.get $i) (local.get $d)))
    (then (return (i32.load8_u (i32.add (call $wrr.sent_tmp) (i32.sub (local.get $i) (local.get $d)))))))
  (call $wrr.now_byte (local.get $src) (local.get $a) (local.get $b) (local.get $i)))

;; Whether a byte reads well in a quoted string (printable ASCII, \t \n \r).
(func $wrr.texty (param $c i32) (result i32)
  (i32.or
    (i32.and (i32.ge_u (local.get $c) (i32.const 32)) (i32.lt_u (local.get $c) (i32.const 127)))
    (i32.or (i32.eq (local.get $c) (i32.const 9))
      (i32.or (i32.eq (local.get $c) (i32.const 10)) (i32.eq (local.get $c) (i32.const 13))))))

;; Bytes [$s, $e) of one side, of $total: quoted and escaped when $text,
;; else hex; "..." where bytes are left out.
(func $wrr.msg_window (param $rec i32) (param $src i32) (param $a i32) (param $b i32)
    (param $s i32) (param $e i32) (param $d i32) (param $total i32) (param $text i32)
  (local $i i32) (local $c i32)
  (if (local.get $s) (then (call $wrr.msg_dots)))
  (if (local.get $text) (then (call $wrr.msg_byte (i32.const 34))))
  (local.set $i (local.get $s))
  (block $done
    (loop $each
      (br_if $done (i32.ge_u (local.get $i) (local.get $e)))
      (local.set $c (call $wrr.win_byte (local.get $rec) (local.get $src) (local.get $a)
        (local.get $b) (local.get $i) (local.get $d)))
      (if (local.get $text)
        (then
          (if (i32.eq (local.get $c) (i32.const 10))
            (then (call $wrr.msg_byte (i32.const 92)) (local.set $c (i32.const 110))))
          (if (i32.eq (local.get $c) (i32.const 9))
            (then (call $wrr.msg_byte (i32.const 92)) (local.set $c (i32.const 116))))
          (if (i32.eq (local.get $c) (i32.const 13))
            (then (call $wrr.msg_byte (i32.const 92)) (local.set $c (i32.const 114))))
          (if (i32.or (i32.eq (local.get $c) (i32.const 34)) (i32.eq (local.get $c) (i32.const 92)))
            (then (call $wrr.msg_byte (i32.const 92))))
          (call $wrr.msg_byte (local.get $c)))
        (else (call $wrr.msg_hex (i64.extend_i32_u (local.get $c)) (i32.const 2))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each)))
  (if (local.get $text) (then (call $wrr.msg_byte (i32.const 34))))
  (if (i32.lt_u (local.get $e) (local.get $total)) (then (call $wrr.msg_dots))))

;; A read region (sources above), item $id of the table's sent names.
;; A gather of sent_prefix bytes may be the start of a longer write ($cut):
;; when the lengths agree (nothing pending) it was as long as the program's
;; now; when they differ only the iovec lengths tell by how much.
(func $wrr.rep_sent (param $src i32) (param $a i32) (param $b i32) (param $id i32) (param $weak i32)
  (local $len i64) (local $rlen i32) (local $nlen i32) (local $n i32) (local $i i32)
  (local $s i32) (local $re i32) (local $ne i32) (local $text i32) (local $cut i32) (local $rtotal i32)
  (if (i32.eqz (global.get $wrr.v3)) (then (return)))
  (call $wrr.rep_need)
  (local.set $len (call $wrr.rep_uleb))
  (if (i64.gt_u (local.get $len) (i64.const 0xffffffff))
    (then (call $wrr.trace_error (global.get $wrr.m.bad_region))))
  (local.set $rlen (i32.wrap_i64 (local.get $len)))
  (if (i32.or (i32.eqz (global.get $wrr.dmiss))
              (i32.and (local.get $weak) (global.get $wrr.pending)))
    (then
      (call $wrr.rep_skip (local.get $rlen))
      (return)))
  ;; Compare, byte by byte (cold: the digest already differs).
  (local.set $nlen (call $wrr.now_len (local.get $src) (local.get $a) (local.get $b)))
  (local.set $n (select (local.get $rlen) (local.get $nlen) (i32.lt_u (local.get $rlen) (local.get $nlen))))
  (block $found
    (loop $each
      (br_if $found (i32.ge_u (local.get $i) (local.get $n)))
      (call $wrr.rep_need)
      (br_if $found (i32.ne (i32.load8_u (global.get $wrr.pos))
        (call $wrr.now_byte (local.get $src) (local.get $a) (local.get $b) (local.get $i))))
      (global.set $wrr.pos (i32.add (global.get $wrr.pos) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each)))
  (local.set $cut (i32.and
    (i32.and (i32.eq (local.get $src) (i32.const 1))
             (i32.eq (local.get $rlen) (global.get $wrr.k.sent_prefix)))
    (i32.or (i32.gt_u (local.get $nlen) (local.get $rlen)) (global.get $wrr.pending))))
  (if (i32.and (local.get $cut) (i32.ge_u (local.get $i) (local.get $n)))
    (then
      ;; The kept bytes match: the lengths (pending) or a later byte differ.
      (call $wrr.rep_skip (i32.sub (local.get $rlen) (local.get $i)))
      (if (global.get $wrr.pending) (then (return)))
      (call $wrr.msg_sent (local.get $id))
      (call $wrr.msg (global.get $wrr.m.differs_after))
      (call $wrr.msg_u64 (i64.extend_i32_u (local.get $rlen)))
      (call $wrr.msg (global.get $wrr.m.of))
      (call $wrr.msg_u64 (i64.extend_i32_u (local.get $nlen)))
      (call $wrr.msg (global.get $wrr.m.prefix_match))
      (call $wrr.fail (global.get $wrr.k.exit_divergence))))
  (if (i32.eq (local.get $rlen) (local.get $nlen))
    (then (if (i32.eq (local.get $i) (local.get $rlen)) (then (return)))))
  ;; They differ at byte $i: up to 12 bytes before it and 20 from it.
  (local.set $s (select (i32.sub (local.get $i) (i32.const 12)) (i32.const 0)
    (i32.gt_u (local.get $i) (i32.const 12))))
  (local.set $re (i32.add (local.get $i) (i32.const 20)))
  (if (i32.gt_u (local.get $re) (local.get $rlen)) (then (local.set $re (local.get $rlen))))
  (local.set $ne (i32.add (local.get $i) (i32.const 20)))
  (if (i32.gt_u (local.get $ne) (local.get $nlen)) (then (local.set $ne (local.get $nlen))))
  (local.set $n (i32.const 0))
  (block $copied
    (loop $copy
      (br_if $copied (i32.ge_u (i32.add (local.get $i) (local.get $n)) (local.get $re)))
      (call $wrr.rep_need)
      (i32.store8 (i32.add (call $wrr.sent_tmp) (local.get $n)) (i32.load8_u (global.get $wrr.pos)))
      (global.set $wrr.pos (i32.add (global.get $wrr.pos) (i32.const 1)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $copy)))
  ;; Text when both sides read as text, else hex.
  (local.set $text (i32.const 1))
  (local.set $n (local.get $s))
  (block $checked
    (loop $check
      (br_if $checked (i32.ge_u (local.get $n) (local.get $re)))
      (local.set $text (i32.and (local.get $text)
        (call $wrr.texty (call $wrr.win_byte (i32.const 1) (local.get $src) (local.get $a)
          (local.get $b) (local.get $n) (local.get $i)))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $check)))
  (local.set $n (local.get $s))
  (block $checked
    (loop $check
      (br_if $checked (i32.ge_u (local.get $n) (local.get $ne)))
      (local.set $text (i32.and (local.get $text)
        (call $wrr.texty (call $wrr.now_byte (local.get $src) (local.get $a)
          (local.get $b) (local.get $n)))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $check)))
  (call $wrr.msg_sent (local.get $id))
  (call $wrr.msg (global.get $wrr.m.differs_at))
  (call $wrr.msg_u64 (i64.extend_i32_u (local.get $i)))
  ;; A cut write: as long as now unless the lengths differ, which then are
  ;; not known here; its window ends in "...".
  (if (local.get $cut)
    (then
      (if (i32.eqz (global.get $wrr.pending))
        (then
          (call $wrr.msg (global.get $wrr.m.of))
          (call $wrr.msg_u64 (i64.extend_i32_u (local.get $nlen)))))
      (local.set $rtotal (i32.add (local.get $rlen) (i32.const 1))))
  (else
    (local.set $rtotal (local.get $rlen))
    (if (i32.eq (local.get $rlen) (local.get $nlen))
      (then
        (call $wrr.msg (global.get $wrr.m.of))
        (call $wrr.msg_u64 (i64.extend_i32_u (local.get $rlen))))
      (else
        (call $wrr.msg (global.get $wrr.m.lengths))
        (call $wrr.msg_u64 (i64.extend_i32_u (local.get $rlen)))
        (call $wrr.msg (global.get $wrr.m.bytes_now))
        (call $wrr.msg_u64 (i64.extend_i32_u (local.get $nlen)))
        (call $wrr.msg_byte (i32.const 41)))))) ;; ")"
  (call $wrr.msg (global.get $wrr.m.recorded))
  (call $wrr.msg_window (i32.const 1) (local.get $src) (local.get $a) (local.get $b)
    (local.get $s) (local.get $re) (local.get $i) (local.get $rtotal) (local.get $text))
  (call $wrr.msg (global.get $wrr.m.now))
  (call $wrr.msg_window (i32.const 0) (local.get $src) (local.get $a) (local.get $b)
    (local.get $s) (local.get $ne) (local.get $i) (local.get $nlen) (local.get $text))
  (if (local.get $weak)
    (then
      (global.set $wrr.pending (i32.const 1))
      (call $wrr.rep_skip (i32.sub (local.get $rlen) (local.get $re)))
      (return)))
  (call $wrr.fail (global.get $wrr.k.exit_divergence)))

;; After the sent items: a digest that differs where no item does (a region
;; outside memory, or a corrupt digest) is reported by the digests; then, if
;; the results follow ($results), their fixed part may start a block.
(func $wrr.rep_sent_end (param $results i32)
  (if (i32.eqz (global.get $wrr.v3)) (then (return)))
  (if (global.get $wrr.dmiss)
    (then
      (if (global.get $wrr.pending)
        (then (call $wrr.fail (global.get $wrr.k.exit_divergence))))
      (call $wrr.diverged_digest (global.get $wrr.lastkind)
        (global.get $wrr.dtrace) (global.get $wrr.dprog))))
  (if (i32.and (local.get $results) (i32.ge_u (global.get $wrr.pos) (global.get $wrr.end)))
    (then (call $wrr.rep_need))))
