;; A bundle's trace is a passive data segment of the module itself; the
;; pass supplies its size and a function that copies from it (memory.init).
(import "wrr" "trace_size" (global $wrr.k.trace_size i32))
(import "wrr" "trace_read" (func $wrr.g.trace_read (param i32 i32 i32)))
