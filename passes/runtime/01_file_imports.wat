;; Host functions only the file channel uses (25_file_channel.wat).
(import "wasi_snapshot_preview1" "fd_prestat_get"
  (func $wrr.h.fd_prestat_get (param i32 i32) (result i32)))
(import "wasi_snapshot_preview1" "fd_prestat_dir_name"
  (func $wrr.h.fd_prestat_dir_name (param i32 i32 i32) (result i32)))
(import "wasi_snapshot_preview1" "path_open"
  (func $wrr.h.path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
(import "wasi_snapshot_preview1" "fd_read"
  (func $wrr.h.fd_read (param i32 i32 i32 i32) (result i32)))
(import "wasi_snapshot_preview1" "fd_pread"
  (func $wrr.h.fd_pread (param i32 i32 i32 i64 i32) (result i32)))
(import "wasi_snapshot_preview1" "fd_pwrite"
  (func $wrr.h.fd_pwrite (param i32 i32 i32 i64 i32) (result i32)))
(import "wasi_snapshot_preview1" "fd_close"
  (func $wrr.h.fd_close (param i32) (result i32)))
(import "wasi_snapshot_preview1" "clock_time_get"
  (func $wrr.h.clock_time_get (param i32 i64 i32) (result i32)))
(import "wasi_snapshot_preview1" "proc_raise"
  (func $wrr.h.proc_raise (param i32) (result i32)))
(import "wasi_snapshot_preview1" "fd_filestat_set_size"
  (func $wrr.h.fd_filestat_set_size (param i32 i64) (result i32)))
(import "wasi_snapshot_preview1" "fd_filestat_get"
  (func $wrr.h.fd_filestat_get (param i32 i32) (result i32)))
(import "wasi_snapshot_preview1" "fd_fdstat_get"
  (func $wrr.h.fd_fdstat_get (param i32 i32) (result i32)))
