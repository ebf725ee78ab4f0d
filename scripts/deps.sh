# The one list of what wrr needs from Debian and npm. Sourced by scripts/run.
# shellcheck shell=bash
WRR_DEBIAN_PACKAGES=(
  # build
  cmake ninja-build g++ pkg-config
  # Binaryen (C API) and WABT (reader, validator, wat2wasm/wasm2wat for tests)
  binaryen wabt
  # LLVM Support (cl::opt); lit and FileCheck for tests
  llvm-19-dev llvm-19-tools
  # libraries
  libabsl-dev libgtest-dev nettle-dev nlohmann-json3-dev libtomlplusplus-dev
  libxxhash-dev libzstd-dev libbenchmark-dev
  # wrr-instrument's allocator (huge pages for Binaryen's IR)
  libjemalloc-dev
  # the trace fuzzer (test/fuzz: clang-19 with libFuzzer, and the
  # sanitizer runtimes it links); the zstd tool reads compressed traces in
  # tests
  libfuzzer-19-dev libclang-rt-19-dev zstd
  # WASI test programs built from source
  clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32
  libc++-19-dev-wasm32 libc++abi-19-dev-wasm32
  # a Rust -g program for test/lit/dwarf: Debian's rustc 1.63 and its
  # wasm32-wasi std; its rust-lld is a link to lld-14, which rustc only
  # recommends
  rustc libstd-rust-dev-wasm32 lld-14
  # default engine for running instrumented modules (Node 20 with node:wasi)
  nodejs python3
  # the other engines wrr replays on (runner/): headless browsers driven by
  # puppeteer-core from npm, and JavaScriptCore's jsc shell
  chromium firefox-esr libjavascriptcoregtk-4.0-bin
)
