;; The wrr runtime: what wrr-instrument injects besides the generated thunks.
;;
;; Everything here is named $wrr.*. The pass copies these functions and
;; globals into the instrumented module and supplies what this module
;; imports from "wrr": constants and small functions it generates from
;; rrlib's tables (trace format, messages, function names, configuration),
;; so those facts live in one place. Imports from wasi_snapshot_preview1
;; are the real host functions; the generated thunks import the others the
;; same way, as $wrr.h.NAME.
;;
;; Reserved region: R pages at the top of memory, above what the program
;; sees. memory.size and memory.grow are virtualized so that the program
;; never reaches it; it moves up when the program grows memory. What lies
;; where in it, from $wrr.base, is rrlib/runtime_layout.def: the trace
;; header, the file names, scratch for the runtime's own WASI calls, the
;; message area, the guard's copy, then the block frame and the log buffer
;; to the end. The pass supplies each offset as a $wrr.k.* constant (below).

(import "wasi_snapshot_preview1" "fd_write"
  (func $wrr.h.fd_write (param i32 i32 i32 i32) (result i32)))
(import "wasi_snapshot_preview1" "proc_exit"
  (func $wrr.h.proc_exit (param i32)))

;; Configuration and trace-format constants, supplied by the pass (special
;; event kinds: rrlib/special_events.def).
(import "wrr" "pages" (global $wrr.k.pages i32))          ;; R
(import "wrr" "vmax" (global $wrr.k.vmax i32))            ;; program's max pages
;; WASI's struct sizes (rrlib/wasi_table.h): iovec, subscription, event.
(import "wrr" "iovec_size" (global $wrr.k.iovec i32))
(import "wrr" "subscription_size" (global $wrr.k.sub i32))
(import "wrr" "event_size" (global $wrr.k.event i32))
;; How many bytes of a gather the recorder keeps (kSentGatherPrefix).
(import "wrr" "sent_prefix" (global $wrr.k.sent_prefix i32))
(import "wrr" "header_size" (global $wrr.k.header_size i32))
(import "wrr" "chain_seed_bytes" (global $wrr.k.chain_seed_bytes i32))
(import "wrr" "final_block" (global $wrr.k.final_block i32))
(import "wrr" "errno_flag" (global $wrr.k.errno_flag i32))
(import "wrr" "kind_mask" (global $wrr.k.kind_mask i32))
(import "wrr" "kind_grow" (global $wrr.k.grow i32))
(import "wrr" "kind_start_returned" (global $wrr.k.start_returned i32))
(import "wrr" "kind_trap" (global $wrr.k.trap i32))
(import "wrr" "kind_raise_result" (global $wrr.k.raise_result i32))
(import "wrr" "kind_stopped" (global $wrr.k.stopped i32))
(import "wrr" "kind_export_call" (global $wrr.k.export_call i32))
(import "wrr" "kind_export_return" (global $wrr.k.export_return i32))
(import "wrr" "kind_import_call" (global $wrr.k.import_call i32))
(import "wrr" "kind_import_return" (global $wrr.k.import_return i32))
(import "wrr" "kind_host_write" (global $wrr.k.host_write i32))
(import "wrr" "kind_host_returned" (global $wrr.k.host_returned i32))
(import "wrr" "exit_stopped" (global $wrr.k.exit_stopped i32))
(import "wrr" "exit_divergence" (global $wrr.k.exit_divergence i32))
(import "wrr" "exit_trace_error" (global $wrr.k.exit_trace_error i32))
(import "wrr" "version" (global $wrr.k.version i32))
(import "wrr" "min_version" (global $wrr.k.min_version i32))
(import "wrr" "off_version" (global $wrr.k.off_version i32))
(import "wrr" "off_module_hash" (global $wrr.k.off_module_hash i32))
(import "wrr" "off_start_time" (global $wrr.k.off_start_time i32))
(import "wrr" "off_recorder" (global $wrr.k.off_recorder i32))
(import "wrr" "recorder_size" (global $wrr.k.recorder_size i32))
;; The reserved region's layout (rrlib/runtime_layout.def).
(import "wrr" "at_trace_name" (global $wrr.k.at_trace_name i32))
(import "wrr" "trace_name_len" (global $wrr.k.trace_name_len i32))
(import "wrr" "at_recorder_name" (global $wrr.k.at_recorder_name i32))
(import "wrr" "recorder_name_len" (global $wrr.k.recorder_name_len i32))
(import "wrr" "guarded" (global $wrr.k.guarded i32))
(import "wrr" "at_scratch" (global $wrr.k.at_scratch i32))
(import "wrr" "at_message" (global $wrr.k.at_message i32))
(import "wrr" "at_guard_copy" (global $wrr.k.at_guard_copy i32))
(import "wrr" "at_buffer" (global $wrr.k.at_buffer i32))
(import "wrr" "buffer_tail" (global $wrr.k.buffer_tail i32))
(import "wrr" "event_room" (global $wrr.k.event_room i32))
;; Message ids for $wrr.g.msg.
(import "wrr" "msg_prefix" (global $wrr.m.prefix i32))
(import "wrr" "msg_diverged" (global $wrr.m.diverged i32))
(import "wrr" "msg_trace_has" (global $wrr.m.trace_has i32))
(import "wrr" "msg_program_called" (global $wrr.m.program_called i32))
(import "wrr" "msg_other_args" (global $wrr.m.other_args i32))
(import "wrr" "msg_trace_ended" (global $wrr.m.trace_ended i32))
(import "wrr" "msg_trapped_here" (global $wrr.m.trapped_here i32))
(import "wrr" "msg_trapped_in" (global $wrr.m.trapped_in i32))
(import "wrr" "msg_not_last" (global $wrr.m.not_last i32))
(import "wrr" "msg_cannot_open" (global $wrr.m.cannot_open i32))
(import "wrr" "msg_cannot_write" (global $wrr.m.cannot_write i32))
(import "wrr" "msg_bad_header" (global $wrr.m.bad_header i32))
(import "wrr" "msg_other_module" (global $wrr.m.other_module i32))
(import "wrr" "msg_corrupt" (global $wrr.m.corrupt i32))
(import "wrr" "msg_long_number" (global $wrr.m.long_number i32))
(import "wrr" "msg_long_number_end" (global $wrr.m.long_number_end i32))
(import "wrr" "msg_truncated" (global $wrr.m.truncated i32))
(import "wrr" "msg_split" (global $wrr.m.split i32))
(import "wrr" "msg_after_end" (global $wrr.m.after_end i32))
(import "wrr" "msg_raise_survived" (global $wrr.m.raise_survived i32))
(import "wrr" "msg_stopped" (global $wrr.m.stopped i32))
(import "wrr" "msg_bad_region" (global $wrr.m.bad_region i32))
(import "wrr" "msg_grow_refused" (global $wrr.m.grow_refused i32))
(import "wrr" "msg_digest" (global $wrr.m.digest i32))
(import "wrr" "msg_program_digest" (global $wrr.m.program_digest i32))
(import "wrr" "msg_trace_hash" (global $wrr.m.trace_hash i32))
(import "wrr" "msg_write_failed" (global $wrr.m.write_failed i32))
(import "wrr" "msg_at_event" (global $wrr.m.at_event i32))
(import "wrr" "msg_unrecorded" (global $wrr.m.unrecorded i32))
(import "wrr" "msg_cut_off" (global $wrr.m.cut_off i32))
(import "wrr" "msg_epipe" (global $wrr.m.epipe i32))
(import "wrr" "exit_epipe" (global $wrr.k.exit_epipe i32))
(import "wrr" "msg_stray" (global $wrr.m.stray i32))
(import "wrr" "msg_stray_header" (global $wrr.m.stray_header i32))
(import "wrr" "msg_stray_names" (global $wrr.m.stray_names i32))
(import "wrr" "msg_stray_before" (global $wrr.m.stray_before i32))
(import "wrr" "msg_stray_between" (global $wrr.m.stray_between i32))
(import "wrr" "msg_stray_and" (global $wrr.m.stray_and i32))
(import "wrr" "msg_stray_end" (global $wrr.m.stray_end i32))
(import "wrr" "msg_buffer_recorded" (global $wrr.m.buffer_recorded i32))
(import "wrr" "msg_buffer_module" (global $wrr.m.buffer_module i32))
(import "wrr" "msg_buffer_fix" (global $wrr.m.buffer_fix i32))
(import "wrr" "msg_recorded" (global $wrr.m.recorded i32))
(import "wrr" "msg_now" (global $wrr.m.now i32))
(import "wrr" "msg_differs_at" (global $wrr.m.differs_at i32))
(import "wrr" "msg_of" (global $wrr.m.of i32))
(import "wrr" "msg_lengths" (global $wrr.m.lengths i32))
(import "wrr" "msg_bytes_now" (global $wrr.m.bytes_now i32))
(import "wrr" "msg_differs_after" (global $wrr.m.differs_after i32))
(import "wrr" "msg_prefix_match" (global $wrr.m.prefix_match i32))
(import "wrr" "msg_stop_at" (global $wrr.m.stop_at i32))
(import "wrr" "msg_paused" (global $wrr.m.paused i32))
(import "wrr" "msg_paused_if" (global $wrr.m.paused_if i32))
(import "wrr" "exit_stop_at" (global $wrr.k.exit_stop_at i32))
(import "wrr" "msg_host_called" (global $wrr.m.host_called i32))
(import "wrr" "msg_drives" (global $wrr.m.drives i32))
(import "wrr" "msg_host_write_outside" (global $wrr.m.host_write_outside i32))
(import "wrr" "msg_replay_host_recording" (global $wrr.m.replay_host_recording i32))
(import "wrr" "msg_returned_other" (global $wrr.m.returned_other i32))
(import "wrr" "msg_argument" (global $wrr.m.argument i32))
(import "wrr" "msg_other_types" (global $wrr.m.other_types i32))
(import "wrr" "msg_trace_calls" (global $wrr.m.trace_calls i32))
(import "wrr" "msg_not_exported" (global $wrr.m.not_exported i32))
(import "wrr" "msg_returned_to_host" (global $wrr.m.returned_to_host i32))
(import "wrr" "msg_returned_from" (global $wrr.m.returned_from i32))
(import "wrr" "msg_host_returned_from" (global $wrr.m.host_returned_from i32))
(import "wrr" "msg_bad_valtype" (global $wrr.m.bad_valtype i32))
(import "wrr" "kind_fd_write" (global $wrr.k.fd_write i32))
(import "wrr" "off_buffer_pages" (global $wrr.k.off_buffer_pages i32))
;; Generated functions.
;; Writes the constant part of the trace header at the address given.
(import "wrr" "write_header" (func $wrr.g.write_header (param i32)))
;; Writes message `id` at the address given; returns its length.
(import "wrr" "msg" (func $wrr.g.msg (param i32 i32) (result i32)))
;; Writes the name of event kind `k` at the address given; returns its length.
(import "wrr" "name" (func $wrr.g.name (param i32 i32) (result i32)))
;; Writes the name of sent item `id` (a parameter or read region of a WASI
;; row, numbered across the table) at the address given; returns its length.
(import "wrr" "sent_name" (func $wrr.g.sent_name (param i32 i32) (result i32)))
;; Writes the name of WASI errno `e` at the address given; returns its length.
(import "wrr" "errno_name" (func $wrr.g.errno_name (param i32 i32) (result i32)))
;; Writes the name of wrapped export or non-WASI import `id` (exports
;; first: `export "NAME"`, then `import MODULE.NAME`); returns its length.
(import "wrr" "host_name" (func $wrr.g.host_name (param i32 i32) (result i32)))
;; Replay: runs the wrapped export whose name hashes to `h` (45_host.wat)
;; from the trace; 0 when this build exports no such function.
(import "wrr" "export_call" (func $wrr.g.export_call (param i64) (result i32)))
;; The host's poll_oneoff when the program imports it (so the module needs
;; nothing new from the engine); ENOSYS otherwise.
(import "wrr" "poll" (func $wrr.g.poll (param i32 i32 i32 i32) (result i32)))

