;; raw: calls what wasi-libc does not reach cleanly (the sock_* functions,
;; proc_raise, fd_renumber, fd_fdstat_set_rights) and prints each result
;; with fd_write, one line per call: "name(args) errno=E [result]".
;;
;; Run it with one granted directory (fd 3). Descriptor 4 is the first one
;; the program does not have; when recording it is the trace directory,
;; which the program must not reach, so calls on it answer EBADF in both.
;; Ends by returning from _start (exit status 0).
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get"
    (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_rights"
    (func $fd_fdstat_set_rights (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_renumber"
    (func $fd_renumber (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_accept"
    (func $sock_accept (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_recv"
    (func $sock_recv (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_send"
    (func $sock_send (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_shutdown"
    (func $sock_shutdown (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_raise"
    (func $proc_raise (param i32) (result i32)))

  (memory (export "memory") 1)

  ;; 0..15     the iovec used by $print
  ;; 16..47    results written by the host
  ;; 48..63    an iovec for sock_recv / sock_send
  ;; 64..127   sock_recv's buffer
  ;; 128..191  the line being built
  ;; 256..     text
  (data (i32.const 256) "sock_accept(3)")           ;; 256, 14
  (data (i32.const 272) "sock_accept(4)")           ;; 272, 14
  (data (i32.const 288) "sock_recv(3)")             ;; 288, 12
  (data (i32.const 304) "sock_send(3)")             ;; 304, 12
  (data (i32.const 320) "sock_shutdown(3)")         ;; 320, 16
  (data (i32.const 336) "sock_shutdown(4)")         ;; 336, 16
  (data (i32.const 352) "proc_raise(0)")            ;; 352, 13
  (data (i32.const 368) "fd_renumber(3,4)")         ;; 368, 16
  (data (i32.const 384) "fd_renumber(4,3)")         ;; 384, 16
  (data (i32.const 400) "fd_renumber(9,3)")         ;; 400, 16
  (data (i32.const 416) "fd_fdstat_get(3)")         ;; 416, 16
  (data (i32.const 432) "fd_fdstat_set_rights(3)")  ;; 432, 23
  (data (i32.const 464) "fd_fdstat_set_rights(4)")  ;; 464, 23
  (data (i32.const 496) " errno=")                  ;; 496, 7
  (data (i32.const 504) " base=")                   ;; 504, 6
  (data (i32.const 512) "ping")                     ;; 512, 4
  (data (i32.const 520) "sock_recv(9)")             ;; 520, 12
  (data (i32.const 536) "sock_send(4)")             ;; 536, 12
  (data (i32.const 552) "raw: done\0a")             ;; 552, 10

  (global $pos (mut i32) (i32.const 128))

  ;; Appends len bytes at p to the line.
  (func $put (param $p i32) (param $len i32)
    (memory.copy (global.get $pos) (local.get $p) (local.get $len))
    (global.set $pos (i32.add (global.get $pos) (local.get $len))))

  ;; Appends v in base 16 (i64) or 10 (i32).
  (func $put_u64 (param $v i64) (param $base i64)
    (local $digit i64)
    (if (i64.ge_u (local.get $v) (local.get $base))
      (then (call $put_u64 (i64.div_u (local.get $v) (local.get $base))
                           (local.get $base))))
    (local.set $digit (i64.rem_u (local.get $v) (local.get $base)))
    (i32.store8 (global.get $pos)
      (i32.wrap_i64 (i64.add (local.get $digit)
        (select (i64.const 48) (i64.const 87)
          (i64.lt_u (local.get $digit) (i64.const 10))))))
    (global.set $pos (i32.add (global.get $pos) (i32.const 1))))

  ;; Writes the line (plus a newline) to fd 1 and starts a new one.
  (func $flush (param $fd i32)
    (i32.store8 (global.get $pos) (i32.const 10))
    (i32.store (i32.const 0) (i32.const 128))
    (i32.store (i32.const 4) (i32.sub (i32.add (global.get $pos) (i32.const 1))
                                      (i32.const 128)))
    (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1)
                          (i32.const 8)))
    (global.set $pos (i32.const 128)))

  ;; "NAME errno=E", not yet flushed.
  (func $report (param $name i32) (param $len i32) (param $errno i32)
    (call $put (local.get $name) (local.get $len))
    (call $put (i32.const 496) (i32.const 7))
    (call $put_u64 (i64.extend_i32_u (local.get $errno)) (i64.const 10)))

  (func $line (param $name i32) (param $len i32) (param $errno i32)
    (call $report (local.get $name) (local.get $len) (local.get $errno))
    (call $flush (i32.const 1)))

  ;; fd_fdstat_get(3), printing the base rights in hex.
  (func $show_rights
    (local $e i32)
    (local.set $e (call $fd_fdstat_get (i32.const 3) (i32.const 16)))
    (call $report (i32.const 416) (i32.const 16) (local.get $e))
    (if (i32.eqz (local.get $e))
      (then
        (call $put (i32.const 504) (i32.const 6))
        (call $put_u64 (i64.load offset=8 (i32.const 16)) (i64.const 16))))
    (call $flush (i32.const 1)))

  (func (export "_start")
    ;; Sockets, on a directory (not a socket) and on descriptors the program
    ;; does not have. (Not on stdin/stdout: Node 20 crashes on a pipe.)
    (call $line (i32.const 256) (i32.const 14)
      (call $sock_accept (i32.const 3) (i32.const 0) (i32.const 16)))
    (call $line (i32.const 272) (i32.const 14)
      (call $sock_accept (i32.const 4) (i32.const 0) (i32.const 16)))
    (i32.store (i32.const 48) (i32.const 64))
    (i32.store (i32.const 52) (i32.const 64))
    (call $line (i32.const 288) (i32.const 12)
      (call $sock_recv (i32.const 3) (i32.const 48) (i32.const 1) (i32.const 0)
                       (i32.const 16) (i32.const 20)))
    (call $line (i32.const 520) (i32.const 12)
      (call $sock_recv (i32.const 9) (i32.const 48) (i32.const 1) (i32.const 0)
                       (i32.const 16) (i32.const 20)))
    (i32.store (i32.const 48) (i32.const 512))
    (i32.store (i32.const 52) (i32.const 4))
    (call $line (i32.const 304) (i32.const 12)
      (call $sock_send (i32.const 3) (i32.const 48) (i32.const 1) (i32.const 0)
                       (i32.const 16)))
    (call $line (i32.const 536) (i32.const 12)
      (call $sock_send (i32.const 4) (i32.const 48) (i32.const 1) (i32.const 0)
                       (i32.const 16)))
    (call $line (i32.const 320) (i32.const 16)
      (call $sock_shutdown (i32.const 3) (i32.const 3)))
    (call $line (i32.const 336) (i32.const 16)
      (call $sock_shutdown (i32.const 4) (i32.const 3)))

    ;; Signal 0 ("none"): the host must not end the process.
    (call $line (i32.const 352) (i32.const 13)
      (call $proc_raise (i32.const 0)))

    ;; fd_renumber: never onto, or from, the trace directory.
    (call $line (i32.const 368) (i32.const 16)
      (call $fd_renumber (i32.const 3) (i32.const 4)))
    (call $line (i32.const 384) (i32.const 16)
      (call $fd_renumber (i32.const 4) (i32.const 3)))
    (call $line (i32.const 400) (i32.const 16)
      (call $fd_renumber (i32.const 9) (i32.const 3)))

    ;; fd_fdstat_set_rights: drop path_open (bit 13) from the directory.
    (call $show_rights)
    (call $line (i32.const 432) (i32.const 23)
      (call $fd_fdstat_set_rights (i32.const 3)
        (i64.and (i64.load offset=8 (i32.const 16)) (i64.const -8193))
        (i64.load offset=16 (i32.const 16))))
    (call $show_rights)
    (call $line (i32.const 464) (i32.const 23)
      (call $fd_fdstat_set_rights (i32.const 4) (i64.const 0) (i64.const 0)))

    (call $put (i32.const 552) (i32.const 9))
    (call $flush (i32.const 2)))
)
