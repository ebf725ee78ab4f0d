//===- instrument_bench.cpp - where wrr-instrument's time goes -----------===//
//
// Google Benchmark over the instrumenter's phases, in process, on the
// modules given:
//
//   inspect     WABT reads and validates the module in one streaming pass
//               (passes/module_info.h, passes/wabt_reader.h)
//   wabt-ir     for comparison, what inspect did before: WABT builds its IR
//               and validates that
//   wabt-parse  the floor for any WABT-based check: WABT's binary reader
//               with a delegate that does nothing (no IR, no validation)
//   identity    SHA-256 of the input (the trace header's module identity)
//   read        Binaryen reads it (what `wasm-opt in -o out` does first)
//   validate    Binaryen validates it (wasm-opt does this after reading)
//   write       Binaryen writes it back, with names only if it had some
//   instrument  all of wrr::instrumentModule: the phases above, the
//               rewrite, and writing the larger result
//
//   wrr-bench-instrument [--benchmark_* flags] NAME=MODULE.wasm...
//
//===----------------------------------------------------------------------===//

#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "wabt/binary-reader-ir.h"
#include "wabt/binary-reader-nop.h"
#include "wabt/binary-reader.h"
#include "wabt/feature.h"
#include "wabt/ir.h"
#include "wabt/validator.h"

#include "passes/binaryen.h"
#include "passes/instrument.h"
#include "passes/module_info.h"
#include "rrlib/module_id.h"

namespace {

struct Input {
  std::string name;
  std::vector<uint8_t> bytes;
};

void fail(benchmark::State &state, llvm::Error e) {
  state.SkipWithError(llvm::toString(std::move(e)).c_str());
}

void inspect(benchmark::State &state, const Input *in) {
  for (auto _ : state) {
    auto info = wrr::inspectModule(in->bytes);
    if (!info)
      return fail(state, info.takeError());
    benchmark::DoNotOptimize(info->wasiImports.size());
  }
}

// The options passes/module_info.cpp reads with.
wabt::ReadBinaryOptions wabtOptions() {
  wabt::Features features;
  features.EnableAll();
  return wabt::ReadBinaryOptions(features, nullptr, false, true, false);
}

void wabtIr(benchmark::State &state, const Input *in) {
  for (auto _ : state) {
    wabt::Errors errors;
    wabt::Module module;
    wabt::Features features;
    features.EnableAll();
    if (wabt::Failed(wabt::ReadBinaryIr("input", in->bytes.data(), in->bytes.size(),
                                        wabtOptions(), &errors, &module)) ||
        wabt::Failed(wabt::ValidateModule(&module, &errors,
                                          wabt::ValidateOptions(features))))
      return state.SkipWithError("WABT cannot read the module");
    benchmark::DoNotOptimize(module.funcs.size());
  }
}

void wabtParse(benchmark::State &state, const Input *in) {
  for (auto _ : state) {
    wabt::BinaryReaderNop nop;
    if (wabt::Failed(wabt::ReadBinary(in->bytes.data(), in->bytes.size(), &nop,
                                      wabtOptions())))
      return state.SkipWithError("WABT cannot parse the module");
  }
}

void identity(benchmark::State &state, const Input *in) {
  for (auto _ : state)
    benchmark::DoNotOptimize(wrr::moduleId(in->bytes));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in->bytes.size()));
}

void read(benchmark::State &state, const Input *in) {
  for (auto _ : state) {
    wrr::bn::Module m = wrr::bn::read(in->bytes);
    benchmark::DoNotOptimize(m.get());
    // Freeing the IR is part of a tool's run, as it is of wasm-opt's.
  }
}

void validate(benchmark::State &state, const Input *in) {
  wrr::bn::Module m = wrr::bn::read(in->bytes);
  BinaryenModuleSetFeatures(m.get(), BinaryenFeatureAll());
  for (auto _ : state)
    if (!BinaryenModuleValidate(m.get()))
      return state.SkipWithError("the module does not validate");
}

void write(benchmark::State &state, const Input *in) {
  wrr::bn::Module m = wrr::bn::read(in->bytes);
  BinaryenModuleSetFeatures(m.get(), BinaryenFeatureAll());
  bool names = wrr::customSection(in->bytes, "name").has_value();
  for (auto _ : state)
    benchmark::DoNotOptimize(wrr::bn::write(m.get(), names).size());
}

void instrument(benchmark::State &state, const Input *in) {
  for (auto _ : state) {
    auto out = wrr::instrumentModule(in->bytes);
    if (!out)
      return fail(state, out.takeError());
    benchmark::DoNotOptimize(out->size());
  }
}

} // namespace

int main(int argc, char **argv) {
  benchmark::Initialize(&argc, argv);
  std::vector<std::unique_ptr<Input>> inputs;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    size_t eq = arg.find('=');
    if (eq == std::string::npos) {
      std::fprintf(stderr, "usage: wrr-bench-instrument [--benchmark_* flags] NAME=MODULE.wasm...\n");
      return 2;
    }
    auto in = std::make_unique<Input>();
    in->name = arg.substr(0, eq);
    std::ifstream f(arg.substr(eq + 1), std::ios::binary);
    in->bytes.assign(std::istreambuf_iterator<char>(f), {});
    if (in->bytes.empty()) {
      std::fprintf(stderr, "wrr-bench-instrument: cannot read %s\n", arg.c_str() + eq + 1);
      return 1;
    }
    inputs.push_back(std::move(in));
  }
  using Fn = void (*)(benchmark::State &, const Input *);
  const std::pair<const char *, Fn> phases[] = {
      {"inspect", inspect}, {"wabt-ir", wabtIr}, {"wabt-parse", wabtParse},
      {"identity", identity}, {"read", read},
      {"validate", validate}, {"write", write}, {"instrument", instrument}};
  for (const auto &in : inputs)
    for (const auto &[phase, fn] : phases)
      benchmark::RegisterBenchmark((std::string(phase) + "/" + in->name).c_str(), fn, in.get())
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
