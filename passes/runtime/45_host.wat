;; Host-driven modules: what crosses between the host and the module besides
;; WASI (docs/design.md, "Host-driven modules"). The pass wraps each export
;; (the host calls in) and thunks each non-WASI import (the module calls
;; out); both record through the functions here, and replay through them
;; and the dispatcher, which re-enacts the host's calls and memory writes.
;;
;; Events (rrlib/special_events.def): export call (name, values), export
;; return (values), import call (module, name, values), import return
;; (values), host write (uleb address, bytes), host returned. Names and
;; byte strings are sized (uleb length + bytes); a values region's bytes
;; are (u8 valtype, uleb bits)*, the count implied by its length.
;;
;; Ids: the pass numbers the wrapped exports, then the thunked imports;
;; $wrr.g.host_name names id for messages.

;; Replay: bytes left in the values region being read.
(global $wrr.vleft (mut i32) (i32.const 0))
;; Replay: where the last name read lies in the buffer (-1: it spanned
;; blocks), and its length; the module name of an import call before it.
(global $wrr.nameat (mut i32) (i32.const -1))
(global $wrr.namelen (mut i32) (i32.const 0))
(global $wrr.modat (mut i32) (i32.const -1))
(global $wrr.modlen (mut i32) (i32.const 0))

;; ---- The host's side: exports for runners ----

;; The size of the memory the program sees, in bytes (runners diff it).
(func $wrr.program_bytes (export "wrr_program_bytes") (result i32)
  (global.get $wrr.base))

;; Record: the host wrote [p, p+len) since the module last ran.
(func $wrr.host_write (export "wrr_host_write") (param $p i32) (param $len i32)
  (if (i32.eqz (global.get $wrr.mode)) (then (call $wrr.init)))
  (if (i32.ne (global.get $wrr.mode) (i32.const 2)) (then (return)))
  (if (call $wrr.out_of_bounds (local.get $p) (local.get $len))
    (then (call $wrr.trace_error (global.get $wrr.m.host_write_outside))))
  (call $wrr.guard_check)
  (call $wrr.rec_special (global.get $wrr.k.host_write))
  (call $wrr.rec_uleb (i64.extend_i32_u (local.get $p)))
  (call $wrr.rec_sized (local.get $p) (local.get $len))
  (call $wrr.rec_end))

;; Record: the host's main returned; the trace ends here.
(func $wrr.host_returned (export "wrr_host_returned")
  (if (i32.eqz (global.get $wrr.mode)) (then (call $wrr.init)))
  (if (i32.eq (global.get $wrr.mode) (i32.const 2))
    (then
      (call $wrr.guard_last)
      (call $wrr.rec_special (global.get $wrr.k.host_returned))
      (call $wrr.rec_finish))))

;; Record: the host went idle (the runner calls this once the host yields to
;; its event loop): write what the buffer holds, so that a runner killed
;; while the host waits loses nothing.
(func $wrr.host_idle (export "wrr_host_idle")
  (if (i32.eq (global.get $wrr.mode) (i32.const 2))
    (then (call $wrr.flush_pending))))

;; Replay of a host-driven module: re-enacts everything the host did, from
;; the trace, with no host.
(func $wrr.replay_host (export "wrr_replay_host")
  (if (i32.eqz (global.get $wrr.mode)) (then (call $wrr.init)))
  (if (i32.eq (global.get $wrr.mode) (i32.const 2))
    (then (call $wrr.trace_error (global.get $wrr.m.replay_host_recording))))
  (if (i32.ne (global.get $wrr.mode) (i32.const 3)) (then (return)))
  (call $wrr.dispatch)
  (call $wrr.guard_last)
  (call $wrr.rep_expect (global.get $wrr.k.host_returned) (i32.const -1))
  (call $wrr.rep_finish (global.get $wrr.k.host_returned)))

;; ---- Record ----

;; Up to 8 bytes of a name, little-endian in $v (the pass splits each
;; constant name so).
(func $wrr.rec_chunk (param $v i64) (param $n i32)
  (call $wrr.rec_ensure (i32.const 8))
  (i64.store align=1 (global.get $wrr.pos) (local.get $v))
  (global.set $wrr.pos (i32.add (global.get $wrr.pos) (local.get $n))))

;; The bytes a value takes in a values region: its valtype and uleb bits.
(func $wrr.val_len (param $v i64) (result i32)
  (local $n i32)
  (local.set $n (i32.const 2))
  (block $done
    (loop $more
      (br_if $done (i64.lt_u (local.get $v) (i64.const 0x80)))
      (local.set $v (i64.shr_u (local.get $v) (i64.const 7)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $more)))
  (local.get $n))

(func $wrr.rec_val (param $type i32) (param $v i64)
  (call $wrr.rec_ensure (i32.const 11))
  (i32.store8 (global.get $wrr.pos) (local.get $type))
  (global.set $wrr.pos (i32.add (global.get $wrr.pos) (i32.const 1)))
  (call $wrr.rec_uleb (local.get $v)))

;; ---- Replay ----

;; The kind of the next event, or -1 at the trace's end.
(func $wrr.rep_peek (result i32)
  (if (i32.eqz (call $wrr.rep_more)) (then (return (i32.const -1))))
  (i32.and (i32.load8_u (global.get $wrr.pos)) (global.get $wrr.k.kind_mask)))

;; A sized region's length; it may begin the next block.
(func $wrr.rep_len (result i32)
  (local $n i64)
  (call $wrr.rep_need)
  (local.set $n (call $wrr.rep_uleb))
  (if (i64.gt_u (local.get $n) (i64.const 0xffffffff))
    (then (call $wrr.trace_error (global.get $wrr.m.bad_region))))
  (i32.wrap_i64 (local.get $n)))

;; One byte of a sized region, which may continue in the next block.
(func $wrr.rep_byte (result i32)
  (local $b i32)
  (call $wrr.rep_need)
  (local.set $b (i32.load8_u (global.get $wrr.pos)))
  (global.set $wrr.pos (i32.add (global.get $wrr.pos) (i32.const 1)))
  (local.get $b))

;; A name (sized bytes) hashed on from $h: FNV-1a, then 0xff, which UTF-8
;; never holds, so that a module name and a name hash as a pair. The pass
;; hashes its names the same way (host_calls.cpp).
(func $wrr.rep_name (param $h i64) (result i64)
  (local $n i32)
  (local.set $n (call $wrr.rep_len))
  (global.set $wrr.namelen (local.get $n))
  (global.set $wrr.nameat
    (select (global.get $wrr.pos) (i32.const -1)
      (i32.le_u (local.get $n) (i32.sub (global.get $wrr.end) (global.get $wrr.pos)))))
  (block $done
    (loop $each
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $h (i64.mul (i64.xor (local.get $h) (i64.extend_i32_u (call $wrr.rep_byte)))
        (i64.const 0x100000001b3)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $each)))
  (i64.mul (i64.xor (local.get $h) (i64.const 0xff)) (i64.const 0x100000001b3)))

;; The last name read, for a message: from the buffer while it is there.
(func $wrr.msg_trace_name (param $at i32) (param $len i32)
  (if (i32.eq (local.get $at) (i32.const -1)) (then (return)))
  (if (i32.gt_u (local.get $len) (i32.const 200)) (then (local.set $len (i32.const 200))))
  (memory.copy (global.get $wrr.msgpos) (local.get $at) (local.get $len))
  (global.set $wrr.msgpos (i32.add (global.get $wrr.msgpos) (local.get $len))))

(func $wrr.msg_host_name (param $id i32)
  (global.set $wrr.msgpos
    (i32.add (global.get $wrr.msgpos)
      (call $wrr.g.host_name (local.get $id) (global.get $wrr.msgpos)))))

(func $wrr.msg_char (param $c i32)
  (i32.store8 (global.get $wrr.msgpos) (local.get $c))
  (global.set $wrr.msgpos (i32.add (global.get $wrr.msgpos) (i32.const 1))))

;; A value as messages show it: integers signed, floats by their bits.
(func $wrr.msg_value (param $type i32) (param $v i64)
  (if (i32.eq (local.get $type) (i32.const 0x7f))
    (then (local.set $v (i64.extend_i32_s (i32.wrap_i64 (local.get $v))))))
  (if (i32.ge_u (local.get $type) (i32.const 0x7e))
    (then
      (if (i64.lt_s (local.get $v) (i64.const 0))
        (then
          (call $wrr.msg_char (i32.const 45)) ;; "-"
          (local.set $v (i64.sub (i64.const 0) (local.get $v)))))
      (call $wrr.msg_u64 (local.get $v))
      (return)))
  ;; "f32:0x..." / "f64:0x..."
  (call $wrr.msg_char (i32.const 102))
  (if (i32.eq (local.get $type) (i32.const 0x7d))
    (then
      (i32.store16 (global.get $wrr.msgpos) (i32.const 0x3233)) ;; "32"
      (global.set $wrr.msgpos (i32.add (global.get $wrr.msgpos) (i32.const 2)))
      (i32.store16 (global.get $wrr.msgpos) (i32.const 0x303a)) ;; ":0"
      (global.set $wrr.msgpos (i32.add (global.get $wrr.msgpos) (i32.const 2)))
      (call $wrr.msg_char (i32.const 120))
      (call $wrr.msg_hex (local.get $v) (i32.const 8))
      (return)))
  (i32.store16 (global.get $wrr.msgpos) (i32.const 0x3436)) ;; "64"
  (global.set $wrr.msgpos (i32.add (global.get $wrr.msgpos) (i32.const 2)))
  (i32.store16 (global.get $wrr.msgpos) (i32.const 0x303a)) ;; ":0"
  (global.set $wrr.msgpos (i32.add (global.get $wrr.msgpos) (i32.const 2)))
  (call $wrr.msg_char (i32.const 120))
  (call $wrr.msg_hex (local.get $v) (i32.const 16)))

;; Takes the next event, which must be of $kind: the program (or, for
;; host_returned, the host) is at export or import $id. Another call or
;; return there is named from the program's side; the trace's end, a trap
;; or a stop are rep_head's.
(func $wrr.rep_expect (param $kind i32) (param $id i32)
  (local $k i32)
  (local.set $k (call $wrr.rep_peek))
  (if (i32.and
        (i32.and (i32.ne (local.get $k) (i32.const -1)) (i32.ne (local.get $k) (local.get $kind)))
        (i32.and (i32.ne (local.get $k) (global.get $wrr.k.trap))
                 (i32.ne (local.get $k) (global.get $wrr.k.stopped))))
    (then
      (call $wrr.stop_check)
      (call $wrr.guard_check)
      (global.set $wrr.events (i64.add (global.get $wrr.events) (i64.const 1)))
      (call $wrr.msg_diverged)
      (call $wrr.msg (global.get $wrr.m.trace_has))
      (call $wrr.msg_name (local.get $k))
      (block $said
        (if (i32.eq (local.get $kind) (global.get $wrr.k.host_returned))
          (then (call $wrr.msg (global.get $wrr.m.returned_to_host)) (br $said)))
        (if (i32.eq (local.get $kind) (global.get $wrr.k.import_call))
          (then (call $wrr.msg (global.get $wrr.m.program_called)) (br $said)))
        (if (i32.eq (local.get $kind) (global.get $wrr.k.export_return))
          (then (call $wrr.msg (global.get $wrr.m.returned_from)) (br $said)))
        (call $wrr.msg (global.get $wrr.m.host_returned_from)))
      (if (i32.ge_s (local.get $id) (i32.const 0))
        (then (call $wrr.msg_host_name (local.get $id))))
      (call $wrr.fail (global.get $wrr.k.exit_divergence))))
  (drop (call $wrr.rep_head (local.get $kind))))

;; A values region begins.
(func $wrr.rep_vals
  (global.set $wrr.vleft (call $wrr.rep_len)))

;; A values region the recorder did not write (its block's checksum
;; matched): an unknown valtype, a value cut short, a 32-bit value with more.
(func $wrr.bad_values
  (call $wrr.msg_begin)
  (call $wrr.msg (global.get $wrr.m.long_number))
  (call $wrr.msg_u64 (global.get $wrr.events))
  (call $wrr.msg (global.get $wrr.m.bad_valtype))
  (call $wrr.fail (global.get $wrr.k.exit_trace_error)))

;; A byte of the values region.
(func $wrr.rep_vbyte (result i32)
  (if (i32.eqz (global.get $wrr.vleft)) (then (call $wrr.bad_values)))
  (global.set $wrr.vleft (i32.sub (global.get $wrr.vleft) (i32.const 1)))
  (call $wrr.rep_byte))

;; Export or import $id takes or gives other values than the trace holds.
(func $wrr.diverged_types (param $id i32)
  (call $wrr.msg_diverged)
  (call $wrr.msg_host_name (local.get $id))
  (call $wrr.msg (global.get $wrr.m.other_types))
  (call $wrr.fail (global.get $wrr.k.exit_divergence)))

;; The next value, which must be of $type, as its bits.
(func $wrr.rep_val (param $type i32) (param $id i32) (result i64)
  (local $t i32) (local $v i64) (local $shift i64) (local $b i32)
  (if (i32.eqz (global.get $wrr.vleft)) (then (call $wrr.diverged_types (local.get $id))))
  (local.set $t (call $wrr.rep_vbyte))
  (if (i32.or (i32.lt_u (local.get $t) (i32.const 0x7c)) (i32.gt_u (local.get $t) (i32.const 0x7f)))
    (then (call $wrr.bad_values)))
  (if (i32.ne (local.get $t) (local.get $type)) (then (call $wrr.diverged_types (local.get $id))))
  (loop $more
    (local.set $b (call $wrr.rep_vbyte))
    (if (i32.and (i64.eq (local.get $shift) (i64.const 63)) (i32.gt_u (local.get $b) (i32.const 1)))
      (then
        (call $wrr.msg_begin)
        (call $wrr.msg (global.get $wrr.m.long_number))
        (call $wrr.msg_u64 (global.get $wrr.events))
        (call $wrr.msg (global.get $wrr.m.long_number_end))
        (call $wrr.fail (global.get $wrr.k.exit_trace_error))))
    (local.set $v (i64.or (local.get $v)
      (i64.shl (i64.extend_i32_u (i32.and (local.get $b) (i32.const 0x7f))) (local.get $shift))))
    (local.set $shift (i64.add (local.get $shift) (i64.const 7)))
    (br_if $more (i32.and (local.get $b) (i32.const 0x80))))
  ;; A 32-bit value with more bits: the recorder did not write it.
  (if (i32.and (i32.and (local.get $t) (i32.const 1))
               (i64.gt_u (local.get $v) (i64.const 0xffffffff)))
    (then (call $wrr.bad_values)))
  (local.get $v))

;; All values read: none may be left.
(func $wrr.rep_vals_end (param $id i32)
  (if (global.get $wrr.vleft) (then (call $wrr.diverged_types (local.get $id)))))

;; A value the program made now ($v) against the recorded one: result or
;; argument $i of export or import $id.
(func $wrr.rep_check (param $type i32) (param $v i64) (param $i i32) (param $id i32) (param $what i32)
  (local $r i64)
  (local.set $r (call $wrr.rep_val (local.get $type) (local.get $id)))
  (if (i64.eq (local.get $r) (local.get $v)) (then (return)))
  (call $wrr.msg_diverged)
  (call $wrr.msg_host_name (local.get $id))
  (call $wrr.msg (local.get $what))
  (if (i32.eq (local.get $what) (global.get $wrr.m.other_args))
    (then (call $wrr.msg (global.get $wrr.m.argument))))
  (call $wrr.msg_u64 (i64.extend_i32_u (local.get $i)))
  (call $wrr.msg (global.get $wrr.m.recorded))
  (call $wrr.msg_value (local.get $type) (local.get $r))
  (call $wrr.msg (global.get $wrr.m.now))
  (call $wrr.msg_value (local.get $type) (local.get $v))
  (call $wrr.fail (global.get $wrr.k.exit_divergence)))

;; Result $i of export $id.
(func $wrr.rep_result (param $type i32) (param $v i64) (param $i i32) (param $id i32)
  (call $wrr.rep_check (local.get $type) (local.get $v) (local.get $i) (local.get $id)
    (global.get $wrr.m.returned_other)))

;; Argument $i of import $id.
(func $wrr.rep_host_arg (param $type i32) (param $v i64) (param $i i32) (param $id i32)
  (call $wrr.rep_check (local.get $type) (local.get $v) (local.get $i) (local.get $id)
    (global.get $wrr.m.other_args)))

;; The program calls import $id, whose module and name hash to $h: the
;; trace must have that call; its values follow (rep_arg).
(func $wrr.rep_import (param $id i32) (param $h i64)
  (local $t i64)
  (call $wrr.rep_expect (global.get $wrr.k.import_call) (local.get $id))
  (local.set $t (call $wrr.rep_name (i64.const 0xcbf29ce484222325)))
  (global.set $wrr.modat (global.get $wrr.nameat))
  (global.set $wrr.modlen (global.get $wrr.namelen))
  (local.set $t (call $wrr.rep_name (local.get $t)))
  (if (i64.ne (local.get $t) (local.get $h))
    (then
      (call $wrr.msg_diverged)
      (call $wrr.msg (global.get $wrr.m.trace_has))
      (call $wrr.msg_name (global.get $wrr.k.import_call))
      (if (i32.and (i32.ne (global.get $wrr.modat) (i32.const -1))
                   (i32.ne (global.get $wrr.nameat) (i32.const -1)))
        (then
          (call $wrr.msg_char (i32.const 32))
          (call $wrr.msg_trace_name (global.get $wrr.modat) (global.get $wrr.modlen))
          (call $wrr.msg_char (i32.const 46))
          (call $wrr.msg_trace_name (global.get $wrr.nameat) (global.get $wrr.namelen))))
      (call $wrr.msg (global.get $wrr.m.program_called))
      (call $wrr.msg_host_name (local.get $id))
      (call $wrr.fail (global.get $wrr.k.exit_divergence))))
  (call $wrr.rep_vals))

;; The host's calls into the module and its memory writes, re-enacted until
;; the trace has something else (the import's return, the host's end).
(func $wrr.dispatch
  (local $k i32)
  (loop $next
    (local.set $k (call $wrr.rep_peek))
    (if (i32.eq (local.get $k) (global.get $wrr.k.host_write))
      (then (call $wrr.rep_host_write) (br $next)))
    (if (i32.eq (local.get $k) (global.get $wrr.k.export_call))
      (then (call $wrr.rep_export_call) (br $next)))))

(func $wrr.rep_host_write
  (local $p i64)
  (drop (call $wrr.rep_head (global.get $wrr.k.host_write)))
  (local.set $p (call $wrr.rep_uleb))
  (if (i64.gt_u (local.get $p) (i64.const 0xffffffff))
    (then (call $wrr.trace_error (global.get $wrr.m.bad_region))))
  ;; rep_bytes checks that it lies in the program's memory.
  (call $wrr.rep_bytes (i32.wrap_i64 (local.get $p)) (call $wrr.rep_len)))

(func $wrr.rep_export_call
  (drop (call $wrr.rep_head (global.get $wrr.k.export_call)))
  (if (i32.eqz (call $wrr.g.export_call
                 (call $wrr.rep_name (i64.const 0xcbf29ce484222325))))
    (then
      (call $wrr.msg_diverged)
      (call $wrr.msg (global.get $wrr.m.trace_calls))
      (call $wrr.msg_trace_name (global.get $wrr.nameat) (global.get $wrr.namelen))
      (call $wrr.msg (global.get $wrr.m.not_exported))
      (call $wrr.fail (global.get $wrr.k.exit_divergence)))))

;; An export wrapper reached in replay: the host (a runner) called it.
(func $wrr.host_in_replay (param $id i32)
  (call $wrr.msg_begin)
  (call $wrr.msg (global.get $wrr.m.host_called))
  (call $wrr.msg_host_name (local.get $id))
  (call $wrr.msg (global.get $wrr.m.drives))
  (call $wrr.fail (global.get $wrr.k.exit_trace_error)))
