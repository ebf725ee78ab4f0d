;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/cli/help.wat
;; --help explains what the tool does and shows the examples.

;; RUN: wrr-instrument --help | FileCheck --match-full-lines %s

;; CHECK:      OVERVIEW: wrr-instrument: make a WASI module recordable and replayable
;; CHECK-EMPTY:
;; CHECK-NEXT: Rewrites every wasi_snapshot_preview1 import of IN so that its calls go
;; CHECK-NEXT: through record/replay thunks. The output is an ordinary module that runs on
;; CHECK-NEXT: any WASI engine; at run time it records, replays, or runs normally depending
;; CHECK-NEXT: on which reserved directory it is given (last among the preopens):
;; CHECK-EMPTY:
;; CHECK-NEXT:   /.wrr/record   record the run into trace.wrr in that directory
;; CHECK-NEXT:   /.wrr/replay   replay trace.wrr from that directory
;; CHECK-NEXT:   (neither)      run normally
;; CHECK-EMPTY:
;; CHECK-NEXT: Examples:
;; CHECK-NEXT:   wrr-instrument app.wasm -o app.rr.wasm
;; CHECK-NEXT:   wasmtime run --dir=.::/ --dir=/tmp/t::/.wrr/record app.rr.wasm
;; CHECK-NEXT:   wasmtime run --dir=/tmp/t::/.wrr/replay app.rr.wasm
;; CHECK-NEXT:   wrr-instrument fixed.wasm --identity-of app.wasm -o fixed.rr.wasm
;; CHECK-NEXT:   wrr-instrument --embed-trace /tmp/t/trace.wrr app.wasm -o repro.wasm
;; CHECK-NEXT:   wrr-instrument app.wasm --source-map app.wasm.map -o app.rr.wasm
;; CHECK-EMPTY:
;; CHECK-NEXT: USAGE: wrr-instrument [options] <input .wasm>
;; CHECK-EMPTY:
;; CHECK-NEXT: OPTIONS:
;; CHECK-EMPTY:
;; CHECK-NEXT: Generic Options:
;; CHECK-EMPTY:
;; CHECK-NEXT:   --help                      - Display available options (--help-hidden for more)
;; CHECK-NEXT:   --help-list                 - Display list of available options (--help-list-hidden for more)
;; CHECK-NEXT:   --version                   - Display the version of this program
;; CHECK-EMPTY:
;; CHECK-NEXT: wrr-instrument options:
;; CHECK-EMPTY:
;; CHECK-NEXT:   --buffer-pages=<uint>       - 64 KiB pages reserved at the top of memory for the log buffer
;; CHECK-NEXT:   --embed-trace=<trace.wrr>   - Write a reproducer: a module that replays this trace by itself and imports only fd_write and proc_exit
;; CHECK-NEXT:   --identity=<hex>            - Accept traces recorded from the module of this identity instead (64 hex digits, as a trace's header and `wrr-trace stats` show it)
;; CHECK-NEXT:   --identity-of=<module.wasm> - Accept traces recorded from this module instead (replay them against a changed build to see where it diverges)
;; CHECK-NEXT:   -o <filename>               - Output file
;; CHECK-NEXT:   --source-map=<in.map>       - The input's source map: write it rewritten for the output and point the output's sourceMappingURL at it
;; CHECK-NEXT:   --source-map-out=<out.map>  - Where to write the rewritten source map (default: the -o path followed by .map)
