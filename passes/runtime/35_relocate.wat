;; What keeps digests and traces free of addresses (docs/trace-format.md,
;; "The digest"): a rebuild that moves its stack or data replays its old
;; traces. Iovec arrays are digested by their lengths, subscriptions without
;; their userdata; argv/environ pointers are stored as offsets into the
;; program's buffer, poll events' userdata as subscription indexes.

;; An iovec array the host reads: each entry's length, not its address.
(func $wrr.dlens (param $h i64) (param $iovs i32) (param $n i32) (result i64)
  (if (call $wrr.out_of_bounds (local.get $iovs) (i32.mul (local.get $n) (global.get $wrr.k.iovec)))
    (then (return (call $wrr.dmix (local.get $h) (i64.const -1)))))
  (block $done
    (loop $each
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $h (call $wrr.dmix (local.get $h)
        (i64.extend_i32_u (i32.load offset=4 (local.get $iovs)))))
      (local.set $iovs (i32.add (local.get $iovs) (global.get $wrr.k.iovec)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $each)))
  (local.get $h))

;; poll_oneoff's subscriptions (48 bytes each), without their userdata.
(func $wrr.dsubs (param $h i64) (param $p i32) (param $n i32) (result i64)
  (if (call $wrr.out_of_bounds (local.get $p) (i32.mul (local.get $n) (global.get $wrr.k.sub)))
    (then (return (call $wrr.dmix (local.get $h) (i64.const -1)))))
  (block $done
    (loop $each
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $h (call $wrr.xxh64 (i32.add (local.get $p) (i32.const 8))
        (i32.sub (global.get $wrr.k.sub) (i32.const 8)) (local.get $h)))
      (local.set $p (i32.add (local.get $p) (global.get $wrr.k.sub)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $each)))
  (local.get $h))

;; Adds $delta to the $len / 4 u32s at $p (in bounds: the host wrote them).
(func $wrr.rebase (param $p i32) (param $len i32) (param $delta i32)
  (local $end i32)
  (local.set $end (i32.add (local.get $p) (i32.and (local.get $len) (i32.const -4))))
  (block $done
    (loop $each
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (i32.store (local.get $p) (i32.add (i32.load (local.get $p)) (local.get $delta)))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br $each))))

;; Record: argv/environ as offsets from the buffer at $base.
(func $wrr.rec_offsets (param $p i32) (param $len i32) (param $base i32)
  (call $wrr.rebase (local.get $p) (local.get $len) (i32.sub (i32.const 0) (local.get $base)))
  (call $wrr.rec_sized (local.get $p) (local.get $len))
  (call $wrr.rebase (local.get $p) (local.get $len) (local.get $base)))

;; Replay: the stored offsets, rebuilt against the program's buffer.
(func $wrr.rep_offsets (param $p i32) (param $base i32)
  (local $len i64)
  (call $wrr.rep_need)
  (local.set $len (call $wrr.rep_uleb))
  (if (i64.gt_u (local.get $len) (i64.const 0xffffffff))
    (then (call $wrr.trace_error (global.get $wrr.m.bad_region))))
  (call $wrr.rep_bytes (local.get $p) (i32.wrap_i64 (local.get $len)))
  (call $wrr.rebase (local.get $p) (i32.wrap_i64 (local.get $len)) (local.get $base)))

;; Each event's userdata (u64 at 0 of 32 bytes) becomes the index of the
;; first of the $nsubs subscriptions at $subs with that userdata ($toIndex),
;; or back ($toIndex = 0): an index past them is left as it is.
(func $wrr.map_userdata (param $p i32) (param $len i32) (param $subs i32) (param $nsubs i32) (param $toIndex i32)
  (local $end i32) (local $i i32) (local $u i64)
  (if (call $wrr.out_of_bounds (local.get $subs) (i32.mul (local.get $nsubs) (global.get $wrr.k.sub)))
    (then (return)))
  (local.set $end (i32.add (local.get $p) (local.get $len)))
  (block $done
    (loop $each
      (br_if $done (i32.gt_u (i32.add (local.get $p) (global.get $wrr.k.event)) (local.get $end)))
      (local.set $u (i64.load (local.get $p)))
      (if (local.get $toIndex)
        (then
          (local.set $i (i32.const 0))
          (block $found
            (loop $search
              (br_if $found (i32.ge_u (local.get $i) (local.get $nsubs)))
              (if (i64.eq (local.get $u)
                    (i64.load (i32.add (local.get $subs) (i32.mul (local.get $i) (global.get $wrr.k.sub)))))
                (then
                  (i64.store (local.get $p) (i64.extend_i32_u (local.get $i)))
                  (br $found)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $search))))
        (else
          (if (i64.lt_u (local.get $u) (i64.extend_i32_u (local.get $nsubs)))
            (then
              (i64.store (local.get $p)
                (i64.load (i32.add (local.get $subs)
                  (i32.mul (i32.wrap_i64 (local.get $u)) (global.get $wrr.k.sub)))))))))
      (local.set $p (i32.add (local.get $p) (global.get $wrr.k.event)))
      (br $each))))

(func $wrr.rec_events (param $p i32) (param $len i32) (param $subs i32) (param $nsubs i32)
  (call $wrr.map_userdata (local.get $p) (local.get $len) (local.get $subs) (local.get $nsubs) (i32.const 1))
  (call $wrr.rec_bytes (local.get $p) (local.get $len))
  (call $wrr.map_userdata (local.get $p) (local.get $len) (local.get $subs) (local.get $nsubs) (i32.const 0)))

(func $wrr.rep_events (param $p i32) (param $len i32) (param $subs i32) (param $nsubs i32)
  (call $wrr.rep_bytes (local.get $p) (local.get $len))
  (call $wrr.map_userdata (local.get $p) (local.get $len) (local.get $subs) (local.get $nsubs) (i32.const 0)))

;; Replay: the recording's log buffer in pages (its header), 0 if unknown.
(global $wrr.rec_pages (mut i32) (i32.const 0))
