;; The bundle channel: the module replays the trace embedded in it as a
;; passive data segment, and needs nothing from the host but fd_write and
;; proc_exit.

(global $wrr.src (mut i32) (i32.const 0)) ;; read offset in the segment

(func $wrr.init
  (if (global.get $wrr.mode) (then (return)))
  (call $wrr.reserve)
  (global.set $wrr.mode (i32.const 3))
  (call $wrr.g.write_header (global.get $wrr.base))
  (call $wrr.rep_start)
  (call $wrr.guard_arm))

;; Reads up to $len bytes of the trace into $p, fewer only where it ends;
;; returns how many.
(func $wrr.source_read_upto (param $p i32) (param $len i32) (result i32)
  (local $left i32)
  (local.set $left (i32.sub (global.get $wrr.k.trace_size) (global.get $wrr.src)))
  (if (i32.gt_u (local.get $len) (local.get $left)) (then (local.set $len (local.get $left))))
  (call $wrr.g.trace_read (local.get $p) (global.get $wrr.src) (local.get $len))
  (global.set $wrr.src (i32.add (global.get $wrr.src) (local.get $len)))
  (local.get $len))

;; A bundle only replays.
(func $wrr.sink_write (param $p i32) (param $len i32) (result i32)
  (unreachable))
(func $wrr.sink_truncate (param $size i64) (result i32)
  (unreachable))
;; A bundle has no runner to pause (and never sets $wrr.pause).
(func $wrr.break_here)
