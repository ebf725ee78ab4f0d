;; wrr starts Node's runner as one CommonJS file (runner/CMakeLists.txt
;; bundles node/wrr-run.mjs and core/ with esbuild): an ES module entry
;; costs Node 20 about 10 ms of loader start-up on every record and replay
;; (docs/performance.md, "The runner as CommonJS"). The probe says whether
;; Node started its ES module loader; the runner run by hand from its
;; source, an .mjs, shows that the probe sees it when it happens.

;; RUN: rm -rf %t && mkdir -p %t
;; RUN: wat2wasm %inputs/hello-clock.wat -o %t/hello.wasm

;; RUN: env NODE_OPTIONS="--require %inputs/esm-probe.cjs" wrr record %t/hello.wasm -t %t/a.wrr > %t/rec.out 2> %t/rec.err
;; RUN: FileCheck %s --check-prefix=BUNDLE --input-file %t/rec.err
;; RUN: env NODE_OPTIONS="--require %inputs/esm-probe.cjs" wrr replay %t/hello.wasm %t/a.wrr > %t/rep.out 2> %t/rep.err
;; RUN: FileCheck %s --check-prefix=BUNDLE --input-file %t/rep.err
;; BUNDLE: esm loader: not started
;; RUN: cmp %t/rec.out %t/rep.out
;; RUN: FileCheck %s --check-prefix=OUT --input-file %t/rep.out
;; OUT: hello

;; The same runner from its source.
;; RUN: wrr-instrument %t/hello.wasm -o %t/hello.rr.wasm
;; RUN: mkdir %t/dir && cp %t/a.wrr %t/dir/trace.wrr
;; RUN: env NODE_OPTIONS="--require %inputs/esm-probe.cjs" %node --no-warnings %runner --replay %t/dir %t/hello.rr.wasm > %t/src.out 2> %t/src.err
;; RUN: FileCheck %s --check-prefix=SOURCE --input-file %t/src.err
;; SOURCE: esm loader: started
;; RUN: cmp %t/rec.out %t/src.out

;; A host program (--host, an ES module) comes in by dynamic import, which
;; starts the loader then: host-driven.wat and runner-env.wat record with
;; hosts through the bundle.
