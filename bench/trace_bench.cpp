//===- trace_bench.cpp - trace decoding and encoding throughput ----------===//
//
// Google Benchmark over traces the driver recorded (bench/wrr_bench.cpp):
// decoding with rrlib::trace::Reader and encoding the same events again
// with rrlib::trace::Writer, cutting blocks where the recording did. Both
// work from memory, so disk speed is not measured.
//
//   wrr-bench-trace [--benchmark_* flags] NAME=TRACE.wrr...
//
// Before timing, each trace is re-encoded once and compared with the
// original bytes: a mismatch means the encoder is not measuring what the
// runtime writes, and the program fails.
//
//===----------------------------------------------------------------------===//

#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "rrlib/trace.h"

namespace {

using namespace wrr::trace;

struct Trace {
  std::string name;
  std::vector<uint8_t> bytes;
  std::array<uint8_t, kHeaderSize> header{};
  std::vector<Event> events;
  std::vector<BlockInfo> blocks;
};

bool load(const std::string &name, const std::string &path, Trace &t) {
  std::ifstream in(path, std::ios::binary);
  t.name = name;
  t.bytes.assign(std::istreambuf_iterator<char>(in), {});
  Reader reader(openMemory(t.bytes));
  reader.onBlock([&](const BlockInfo &b) { t.blocks.push_back(b); });
  Event e;
  while (reader.next(e))
    t.events.push_back(std::move(e));
  if (!reader.ok() || !reader.atEnd()) {
    std::fprintf(stderr, "wrr-bench-trace: %s: %s\n", path.c_str(),
                 reader.ok() ? "no final block" : reader.error().c_str());
    return false;
  }
  t.header = reader.headerBytes();
  return true;
}

// Writes `t`'s events with its block boundaries into `sink`.
bool encode(const Trace &t, Sink &sink) {
  Writer w(sink);
  w.header(t.header);
  size_t b = 0;
  for (const Event &e : t.events) {
    w.event(e);
    while (b < t.blocks.size() && t.blocks[b].streamEnd <= w.size()) {
      w.block(t.blocks[b].streamEnd, t.blocks[b].final);
      ++b;
    }
  }
  // Blocks with no events (an empty final block) come after the last one.
  for (; b < t.blocks.size(); ++b)
    w.block(t.blocks[b].streamEnd, t.blocks[b].final);
  if (!w.ok())
    std::fprintf(stderr, "wrr-bench-trace: %s: %s\n", t.name.c_str(),
                 w.error().c_str());
  return w.ok();
}

void decodeBench(benchmark::State &state, const Trace *t) {
  uint64_t events = 0;
  for (auto _ : state) {
    Reader reader(openMemory(t->bytes));
    Event e;
    uint64_t n = 0;
    while (reader.next(e))
      ++n;
    if (!reader.ok()) {
      state.SkipWithError(reader.error().c_str());
      return;
    }
    benchmark::DoNotOptimize(n);
    events += n;
  }
  state.SetItemsProcessed(static_cast<int64_t>(events));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * t->bytes.size()));
}

void encodeBench(benchmark::State &state, const Trace *t) {
  for (auto _ : state) {
    VectorSink sink;
    sink.bytes.reserve(t->bytes.size());
    if (!encode(*t, sink)) {
      state.SkipWithError("encoding failed");
      return;
    }
    benchmark::DoNotOptimize(sink.bytes.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * t->events.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * t->bytes.size()));
}

} // namespace

int main(int argc, char **argv) {
  benchmark::Initialize(&argc, argv);
  std::vector<std::unique_ptr<Trace>> traces;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    size_t eq = arg.find('=');
    if (eq == std::string::npos) {
      std::fprintf(stderr, "usage: wrr-bench-trace [--benchmark_* flags] NAME=TRACE.wrr...\n");
      return 2;
    }
    auto t = std::make_unique<Trace>();
    if (!load(arg.substr(0, eq), arg.substr(eq + 1), *t))
      return 1;
    VectorSink again;
    if (!encode(*t, again))
      return 1;
    if (again.bytes != t->bytes) {
      std::fprintf(stderr, "wrr-bench-trace: %s: re-encoding gives other bytes than the recording\n",
                   t->name.c_str());
      return 1;
    }
    traces.push_back(std::move(t));
  }
  for (const auto &t : traces) {
    benchmark::RegisterBenchmark(("decode/" + t->name).c_str(), decodeBench, t.get())
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("encode/" + t->name).c_str(), encodeBench, t.get())
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
