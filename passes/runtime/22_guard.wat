;; Stray stores: a store past the program's memory.size (which traps in a
;; plain run) lands in the reserved region, at the trace header first.
;; Before each event, its first 16 bytes are compared with what start-up
;; put there (two i64 loads); at each flush (record) and block load
;; (replay), a hash of the whole fixed area [0, 160) (header and file
;; names) is compared too. Either one names the first changed byte, ends
;; the trace with a trap event and traps, as a plain run would have.

(global $wrr.g0 (mut i64) (i64.const 0))    ;; expected bytes 0..8
(global $wrr.g1 (mut i64) (i64.const 0))    ;; expected bytes 8..16
(global $wrr.ghash (mut i64) (i64.const 0)) ;; expected hash of [0, guarded)
(global $wrr.gon (mut i32) (i32.const 0))   ;; checking (set once armed)
;; The full check found it: when is unknown, only before which event.
(global $wrr.gfull (mut i32) (i32.const 0))

;; After start-up wrote the header and the names: remember them, with a
;; copy at at_guard_copy (behind the message area) to name what changed.
(func $wrr.guard_arm
  (memory.copy (i32.add (global.get $wrr.base) (global.get $wrr.k.at_guard_copy))
    (global.get $wrr.base) (global.get $wrr.k.guarded))
  (global.set $wrr.g0 (i64.load (global.get $wrr.base)))
  (global.set $wrr.g1 (i64.load offset=8 (global.get $wrr.base)))
  (global.set $wrr.ghash (call $wrr.xxh64 (global.get $wrr.base) (global.get $wrr.k.guarded) (i64.const 0)))
  (global.set $wrr.gon (i32.const 1)))

;; Before an event: the cheap check.
(func $wrr.guard_check
  (if (i32.or
        (i64.ne (i64.load (global.get $wrr.base)) (global.get $wrr.g0))
        (i64.ne (i64.load offset=8 (global.get $wrr.base)) (global.get $wrr.g1)))
    (then (call $wrr.guard_hit))))

;; At a flush or a block load: the full check. A change makes the next
;; cheap check fail (g0 no longer matches), so that record and replay
;; report it before the same event.
(func $wrr.guard_full
  (if (i32.eqz (global.get $wrr.gon)) (then (return)))
  (if (i64.ne (call $wrr.xxh64 (global.get $wrr.base) (global.get $wrr.k.guarded) (i64.const 0))
              (global.get $wrr.ghash))
    (then
      (global.set $wrr.gfull (i32.const 1))
      (global.set $wrr.g0 (i64.xor (i64.load (global.get $wrr.base)) (i64.const -1))))))

;; Before the last event (exit, _start returned): both checks.
(func $wrr.guard_last
  (call $wrr.guard_full)
  (call $wrr.guard_check))

;; Something changed: say what and where, end the trace (record) or check
;; that the recording ended here too (replay), and trap.
(func $wrr.guard_hit
  (local $i i32) (local $b i32) (local $events i64)
  (if (i32.eqz (global.get $wrr.gon)) (then (return)))
  (if (i32.and (i32.ne (global.get $wrr.mode) (i32.const 2))
               (i32.ne (global.get $wrr.mode) (i32.const 3)))
    (then (return)))
  (global.set $wrr.gon (i32.const 0))
  (local.set $b (global.get $wrr.base))
  (block $found
    (loop $each
      (br_if $found (i32.ne (i32.load8_u (i32.add (local.get $b) (local.get $i)))
                            (i32.load8_u (i32.add (i32.add (local.get $b) (local.get $i)) (global.get $wrr.k.at_guard_copy)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $each (i32.lt_u (local.get $i) (global.get $wrr.k.guarded)))))
  (local.set $events (global.get $wrr.events))
  (call $wrr.msg_begin)
  (call $wrr.msg (global.get $wrr.m.stray))
  (if (i32.lt_u (local.get $i) (global.get $wrr.k.header_size))
    (then (call $wrr.msg (global.get $wrr.m.stray_header)))
    (else
      (call $wrr.msg (global.get $wrr.m.stray_names))
      (local.set $i (i32.sub (local.get $i) (global.get $wrr.k.header_size)))))
  (call $wrr.msg_u64 (i64.extend_i32_u (local.get $i)))
  (if (i32.or (i64.eqz (local.get $events)) (global.get $wrr.gfull))
    (then (call $wrr.msg (global.get $wrr.m.stray_before)))
    (else
      (call $wrr.msg (global.get $wrr.m.stray_between))
      (call $wrr.msg_u64 (local.get $events))
      (call $wrr.msg (global.get $wrr.m.stray_and))))
  (call $wrr.msg_u64 (i64.add (local.get $events) (i64.const 1)))
  (call $wrr.msg (global.get $wrr.m.stray_end))
  (i32.store8 (global.get $wrr.msgpos) (i32.const 10))
  (local.set $b (call $wrr.msg_area))
  (drop (call $wrr.write_all (i32.const 2) (local.get $b)
    (i32.sub (i32.add (global.get $wrr.msgpos) (i32.const 1)) (local.get $b))))
  (global.set $wrr.msgpos (i32.const 0))
  (call $wrr.trapped)
  (unreachable))
