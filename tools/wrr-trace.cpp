//===- wrr-trace.cpp - read, convert, compare and check wrr traces --------===//
//
// A thin command line over rrlib/trace.h, trace_json.h and trace_text.h.
// Exit status: 0 ok, 1 error (bad input); diff exits 1 when the traces
// differ and 2 on errors, as diff(1) does.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fnmatch.h>
#include <unistd.h>

#include <deque>
#include <map>
#include <optional>

#include "passes/error.h"
#include "rrlib/module_id.h"
#include "rrlib/runtime_layout.h"
#include "rrlib/trace.h"
#include "rrlib/trace_json.h"
#include "rrlib/trace_text.h"
#include "rrlib/wasi_names.h"
#include "tools/output_file.h"

using namespace llvm;
namespace t = wrr::trace;

static cl::OptionCategory Category("wrr-trace options");

static cl::SubCommand DumpCmd("dump", "Print a trace, one line per event");
static cl::SubCommand
    ConvertCmd("convert", "Convert a trace between its binary and JSON forms");
static cl::SubCommand DiffCmd("diff",
                              "Show where two traces part (exit 1 if they do)");
static cl::SubCommand StatsCmd("stats", "Summarize a trace");
static cl::SubCommand
    VerifyCmd("verify", "Check a trace's integrity, and that it fits a module");
static cl::SubCommand
    RedactCmd("redact",
              "Hide secret environment values before sharing a trace");
static cl::SubCommand SearchCmd("search",
                                "List the events that match (their numbers)");
static cl::SubCommand ViewCmd("view",
                              "Serve the web page's trace viewer on 127.0.0.1");

// dump
static cl::opt<std::string> DumpInput(cl::Positional, cl::Required,
                                      cl::desc("<trace>"), cl::sub(DumpCmd),
                                      cl::cat(Category));
static cl::opt<bool> DumpJson("json", cl::desc("Write JSON, for scripts"),
                              cl::sub(DumpCmd), cl::sub(StatsCmd),
                              cl::sub(DiffCmd), cl::sub(SearchCmd),
                              cl::cat(Category));
static cl::opt<bool>
    DumpRaw("raw",
            cl::desc("With --json, each result's bytes in hex too (\"raw\")"),
            cl::sub(DumpCmd), cl::sub(SearchCmd), cl::cat(Category));
static cl::opt<uint64_t> DumpFrom("from", cl::desc("Start at event N"),
                                  cl::value_desc("N"), cl::init(1),
                                  cl::sub(DumpCmd), cl::cat(Category));
static cl::opt<uint64_t>
    DumpCount("count", cl::desc("Print at most N events (0: all)"),
              cl::value_desc("N"), cl::init(0), cl::sub(DumpCmd),
              cl::sub(SearchCmd), cl::cat(Category));
static cl::opt<bool> DumpDigests("digests",
                                 cl::desc("Show each call's input digest"),
                                 cl::sub(DumpCmd), cl::cat(Category));
static cl::opt<bool> DumpHeader("header", cl::desc("Print the header first"),
                                cl::sub(DumpCmd), cl::cat(Category));
static cl::opt<unsigned>
    StringLimit("string-limit",
                cl::desc("Bytes of a string shown before '...'"), cl::init(32),
                cl::sub(DumpCmd), cl::sub(DiffCmd), cl::cat(Category));
static cl::alias StringLimitS("s", cl::desc("Alias for --string-limit"),
                              cl::aliasopt(StringLimit), cl::cat(Category));

// convert
static cl::opt<std::string> ConvertInput(cl::Positional, cl::Required,
                                         cl::desc("<in>"), cl::sub(ConvertCmd),
                                         cl::cat(Category));
static cl::opt<std::string> ConvertOutput(cl::Positional, cl::Required,
                                          cl::desc("<out>"),
                                          cl::sub(ConvertCmd),
                                          cl::cat(Category));
enum class Form { Auto, Binary, Json };
static cl::opt<Form>
    ConvertTo("to",
              cl::desc("Output form (default: JSON if <out> ends in .json or "
                       ".json.zst, else binary)"),
              cl::values(clEnumValN(Form::Binary, "binary", "the binary trace"),
                         clEnumValN(Form::Json, "json", "the JSON form")),
              cl::init(Form::Auto), cl::sub(ConvertCmd), cl::cat(Category));
static cl::opt<bool> Zstd("zstd",
                          cl::desc("Compress the output with zstd (default "
                                   "when <out> ends in .zst)"),
                          cl::sub(ConvertCmd), cl::sub(RedactCmd),
                          cl::cat(Category));

// diff
static cl::opt<std::string> DiffA(cl::Positional, cl::Required,
                                  cl::desc("<trace A>"), cl::sub(DiffCmd),
                                  cl::cat(Category));
static cl::opt<std::string> DiffB(cl::Positional, cl::Required,
                                  cl::desc("<trace B>"), cl::sub(DiffCmd),
                                  cl::cat(Category));
static cl::opt<unsigned> Context("context",
                                 cl::desc("Events of context on each side"),
                                 cl::init(3), cl::sub(DiffCmd),
                                 cl::cat(Category));
static cl::alias ContextC("C", cl::desc("Alias for --context"),
                          cl::aliasopt(Context), cl::cat(Category));

// stats
static cl::opt<std::string> StatsInput(cl::Positional, cl::Required,
                                       cl::desc("<trace>"), cl::sub(StatsCmd),
                                       cl::cat(Category));

// search
static cl::opt<std::string> SearchInput(cl::Positional, cl::Required,
                                        cl::desc("<trace>"), cl::sub(SearchCmd),
                                        cl::cat(Category));
static cl::list<std::string>
    SearchFunction("function", cl::desc("Events of these names"),
                   cl::value_desc("name"), cl::CommaSeparated,
                   cl::sub(SearchCmd), cl::cat(Category));
static cl::opt<uint64_t>
    SearchFd("fd", cl::desc("Events whose results name this descriptor"),
             cl::value_desc("N"), cl::sub(SearchCmd), cl::cat(Category));
static cl::opt<std::string>
    SearchText("text",
               cl::desc("Events whose string or byte results hold this text"),
               cl::value_desc("text"), cl::sub(SearchCmd), cl::cat(Category));
static cl::opt<std::string>
    SearchPath("path",
               cl::desc("Events whose paths hold this text: paths given to "
                        "calls (format 3), preopened directories' names"),
               cl::value_desc("text"), cl::sub(SearchCmd), cl::cat(Category));
static cl::opt<bool> SearchErrors("errors",
                                  cl::desc("Failed calls, refused grows, traps "
                                           "and stops"),
                                  cl::sub(SearchCmd), cl::cat(Category));

// view
static cl::opt<std::string> ViewInput(cl::Positional, cl::Required,
                                      cl::desc("<trace>"), cl::sub(ViewCmd),
                                      cl::cat(Category));
static cl::opt<unsigned> ViewPort("port",
                                  cl::desc("Port on 127.0.0.1 (default 8117; "
                                           "0: any free one)"),
                                  cl::init(8117), cl::sub(ViewCmd),
                                  cl::cat(Category));

// verify
static cl::opt<std::string> VerifyInput(cl::Positional, cl::Required,
                                        cl::desc("<trace>"), cl::sub(VerifyCmd),
                                        cl::cat(Category));
static cl::opt<std::string> VerifyModule(
    "module",
    cl::desc("Check that the trace was recorded from this module (the "
             "original, or its instrumented build)"),
    cl::value_desc("app.wasm"), cl::sub(VerifyCmd), cl::cat(Category));

// redact
static cl::opt<std::string> RedactInput(cl::Positional, cl::Required,
                                        cl::desc("<trace>"), cl::sub(RedactCmd),
                                        cl::cat(Category));
static cl::opt<std::string> RedactOutput("o", cl::Required,
                                         cl::desc("Output trace"),
                                         cl::value_desc("out.wrr"),
                                         cl::sub(RedactCmd), cl::cat(Category));
static cl::list<std::string> RedactEnv(
    "env",
    cl::desc("Redact the variables whose names match this glob "
             "(case-insensitive; repeatable, or comma-separated). Default: "
             "*TOKEN*,*SECRET*,*PASSWORD*,*KEY*,AWS_*"),
    cl::value_desc("pattern"), cl::CommaSeparated, cl::sub(RedactCmd),
    cl::cat(Category));

static const char *const Overview =
    R"(wrr-trace: read, convert, compare, summarize and check wrr traces

  wrr-trace dump TRACE [--json]       one line per event
  wrr-trace convert IN OUT            binary <-> JSON (by OUT's name), zstd
  wrr-trace diff A B                  where two traces part (exit 1 if so)
  wrr-trace stats TRACE               events and bytes per function, memory
  wrr-trace verify TRACE [--module M] integrity, and the module it fits
  wrr-trace redact TRACE -o OUT       hide secret environment values
  wrr-trace search TRACE --text T     the events that match
  wrr-trace view TRACE                see it in the web page

A TRACE may be binary (trace.wrr), zstd-compressed (trace.wrr.zst) or in
the JSON form (trace.json); "-" reads stdin. The module replays only the
uncompressed binary form: decompress first with
  wrr-trace convert trace.wrr.zst trace.wrr
See docs/wrr-trace.md.
)";

static ExitOnError ExitOnErr("wrr-trace: error: ");

using wrr::error;

static Error traceError(StringRef path, const std::string &message) {
  return error("'" + path + "': " + message);
}

// ---- Opening and writing traces ---------------------------------------------

// A trace in any form; a JSON one is converted in memory first.
struct OpenTrace {
  std::vector<uint8_t> bytes; // the converted trace; outlives the reader
  std::unique_ptr<t::Reader> reader;
  bool json = false;
};

static Expected<OpenTrace> openTrace(const std::string &path) {
  std::string why;
  std::unique_ptr<t::Source> source = t::openFile(path, why);
  if (!source)
    return error(why);
  OpenTrace open;
  if (t::isJson(source)) {
    std::string text;
    if (!t::readAll(*source, text, why))
      return traceError(path, why);
    t::VectorSink binary;
    if (std::string e = t::readJson(text, binary); !e.empty())
      return traceError(path, e);
    open.bytes = std::move(binary.bytes);
    open.json = true;
    source = t::openMemory(open.bytes);
  }
  open.reader = std::make_unique<t::Reader>(std::move(source));
  if (!open.reader->ok())
    return traceError(path, open.reader->error());
  return open;
}

class OstreamSink : public t::Sink {
public:
  explicit OstreamSink(raw_ostream &os) : os_(os) {}
  bool write(std::span<const uint8_t> b) override {
    os_.write(reinterpret_cast<const char *>(b.data()), b.size());
    return true; // raw_ostream reports errors when the file is closed
  }

private:
  raw_ostream &os_;
};

static bool endsWith(StringRef s, StringRef suffix) {
  return s.ends_with_insensitive(suffix);
}

// Writes OUT in the form its name or the options ask for. `binary` writes
// the binary trace.
static Error writeTrace(StringRef path, bool json, bool zstd,
                        const std::function<std::string(t::Sink &)> &binary) {
  return wrr::writeOutputFile(path.str(), [&](raw_ostream &os) -> Error {
    OstreamSink file(os);
    std::unique_ptr<t::Sink> compressed;
    t::Sink *sink = &file;
    if (zstd) {
      compressed = t::zstdSink(file);
      sink = compressed.get();
    }
    std::string e;
    if (json) {
      t::VectorSink trace;
      e = binary(trace);
      if (e.empty()) {
        t::Reader reader(t::openMemory(trace.bytes));
        e = t::writeJson(reader, *sink);
      }
    } else {
      e = binary(*sink);
    }
    if (e.empty() && !sink->finish())
      e = sink->error();
    return e.empty() ? Error::success() : error(e);
  });
}

// Copies events into `writer`, ending blocks where `reader` found them.
class BlockCopier {
public:
  explicit BlockCopier(t::Reader &reader) {
    reader.onBlock([this](const t::BlockInfo &b) {
      ends_.emplace_back(b.streamEnd, b.final);
    });
  }
  bool flush(t::Writer &writer) {
    while (!ends_.empty() && ends_.front().first <= writer.size()) {
      if (!writer.block(ends_.front().first, ends_.front().second))
        return false;
      ends_.pop_front();
    }
    return true;
  }

private:
  std::deque<std::pair<uint64_t, bool>> ends_;
};

// ---- dump -------------------------------------------------------------------

static std::string headerLine(const t::Header &h) {
  return "trace format " + std::to_string(h.version) + ", module " +
         wrr::toHex(h.moduleHash) + ", recorded " + t::isoTime(h.startTimeNs) +
         (h.recorder.empty() ? "" : " by " + h.recorder) +
         (h.instrumenter.empty() ? "" : ", wrr " + h.instrumenter) +
         (h.bufferPages ? ", " + std::to_string(h.bufferPages) + "-page buffer"
                        : "");
}

static int dump() {
  OpenTrace open = ExitOnErr(openTrace(DumpInput));
  t::Reader &reader = *open.reader;
  t::TextOptions options;
  options.stringLimit = StringLimit;
  options.digests = DumpDigests;
  if (DumpHeader)
    outs() << headerLine(reader.header()) << "\n";
  t::Event e;
  uint64_t printed = 0;
  while ((!DumpCount || printed < DumpCount) && reader.next(e)) {
    if (e.index < DumpFrom)
      continue;
    outs() << (DumpJson ? t::eventJsonLine(e, DumpRaw)
                        : t::formatEvent(e, options))
           << "\n";
    ++printed;
  }
  outs().flush();
  if (!reader.ok())
    ExitOnErr(traceError(DumpInput, reader.error()));
  return 0;
}

// ---- search -----------------------------------------------------------------

static int search() {
  OpenTrace open = ExitOnErr(openTrace(SearchInput));
  t::Reader &reader = *open.reader;
  t::Query query;
  query.functions.assign(SearchFunction.begin(), SearchFunction.end());
  if (SearchFd.getNumOccurrences())
    query.fd = SearchFd;
  query.text = SearchText;
  query.path = SearchPath;
  query.errors = SearchErrors;
  t::Event e;
  uint64_t found = 0;
  while ((!DumpCount || found < DumpCount) && reader.next(e)) {
    if (!t::matches(e, query))
      continue;
    ++found;
    if (DumpJson)
      outs() << t::eventJsonLine(e, DumpRaw) << "\n";
    else
      outs() << e.index << "\n";
  }
  outs().flush();
  if (!reader.ok())
    ExitOnErr(traceError(SearchInput, reader.error()));
  return 0;
}

// ---- convert ----------------------------------------------------------------

static int convert() {
  bool json = ConvertTo == Form::Auto ? endsWith(ConvertOutput, ".json") ||
                                            endsWith(ConvertOutput, ".json.zst")
                                      : ConvertTo == Form::Json;
  bool zstd = Zstd || endsWith(ConvertOutput, ".zst");
  // JSON to binary: written as the JSON says, even a trace without its
  // final block (to make test traces of cut-off recordings).
  if (!json) {
    std::string why;
    std::unique_ptr<t::Source> source = t::openFile(ConvertInput, why);
    if (source && t::isJson(source)) {
      std::string text;
      if (!t::readAll(*source, text, why))
        ExitOnErr(traceError(ConvertInput, why));
      ExitOnErr(writeTrace(ConvertOutput, false, zstd, [&](t::Sink &sink) {
        std::string e = t::readJson(text, sink);
        return e.empty() ? e : "'" + ConvertInput + "': " + e;
      }));
      return 0;
    }
  }
  OpenTrace open = ExitOnErr(openTrace(ConvertInput));
  t::Reader &reader = *open.reader;
  // The binary trace, copied event by event (so it is verified) with its
  // blocks where they were.
  ExitOnErr(writeTrace(ConvertOutput, json, zstd, [&](t::Sink &sink) {
    t::Writer writer(sink);
    BlockCopier blocks(reader);
    reader.setKeepRaw(true);
    writer.header(reader.headerBytes());
    t::Event e;
    while (reader.next(e) && writer.encoded(e.raw) && blocks.flush(writer)) {
    }
    if (!reader.ok())
      return "'" + ConvertInput + "': " + reader.error();
    blocks.flush(writer); // empty blocks after the last event
    return writer.error();
  }));
  return 0;
}

// ---- diff -------------------------------------------------------------------

// Why two events differ, or nothing.
static std::optional<std::string> difference(const t::Event &a,
                                             const t::Event &b) {
  if (a.kind != b.kind)
    return "the events differ: " + std::string(a.name()) + " vs " +
           std::string(b.name());
  std::string name(a.name());
  if (a.isCall() && a.digest != b.digest) {
    // Version 3: the argument or the bytes that differ.
    const wrr::WasiFunction &f = wrr::wasiFunctions()[a.kind];
    // Lengths (path_len, iovs_len, the iovec lengths) come last: the bytes
    // they size say more.
    if (a.hasSent && b.hasSent) {
      std::optional<std::string> weak;
      size_t param = 0;
      for (size_t i = 0; i < a.args.size() && i < b.args.size(); ++i) {
        while (f.isPointerParam(static_cast<unsigned>(param)))
          ++param;
        bool length = f.isLengthParam(static_cast<unsigned>(param++));
        if (a.args[i] == b.args[i] || (length && weak))
          continue;
        std::string d = "the inputs of " + name + " differ: " +
                        std::string(t::sentName(f, i)) + " " +
                        std::to_string(a.args[i]) + " vs " +
                        std::to_string(b.args[i]);
        if (!length)
          return d;
        weak = d;
      }
      for (size_t i = 0; i < a.sent.size() && i < b.sent.size(); ++i) {
        std::string d = t::byteDifference(a.sent[i], b.sent[i]);
        if (d.empty())
          continue;
        d = "the inputs of " + name + " differ: " +
            std::string(f.reads[i].name) + " " + d;
        if (f.reads[i].encoding != wrr::Region::IovecLengths)
          return d;
        if (!weak)
          weak = d;
      }
      if (weak)
        return weak;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "digest %08x vs %08x", a.digest, b.digest);
    return "the inputs of " + name + " differ (" + buf + ")";
  }
  if (a.kind == t::kMemoryGrow &&
      (a.growPages != b.growPages || a.errnoFlag != b.errnoFlag))
    return std::string("the memory.grow calls differ");
  if (a.errnoFlag != b.errnoFlag || a.errnoValue != b.errnoValue)
    return name + "'s errno differs: " +
           (a.errnoFlag ? t::errnoText(a.errnoValue) : "0") + " vs " +
           (b.errnoFlag ? t::errnoText(b.errnoValue) : "0");
  for (size_t i = 0; i < a.writes.size() && i < b.writes.size(); ++i)
    if (a.writes[i].bytes != b.writes[i].bytes ||
        a.writes[i].clock != b.writes[i].clock) {
      std::string d = t::byteDifference(a.writes[i].bytes, b.writes[i].bytes);
      return name + "'s result " +
             std::string(wrr::wasiFunctions()[a.kind].writes[i].name) +
             " differs" + (d.empty() ? "" : d.substr(std::strlen("differs")));
    }
  return std::nullopt;
}

static int diff() {
  ExitOnErr.setExitCodeMapper([](const Error &) { return 2; });
  OpenTrace openA = ExitOnErr(openTrace(DiffA));
  OpenTrace openB = ExitOnErr(openTrace(DiffB));
  t::Reader &a = *openA.reader, &b = *openB.reader;
  t::TextOptions options;
  options.stringLimit = StringLimit;
  auto check = [&](t::Reader &r, const std::string &path) {
    if (!r.ok())
      ExitOnErr(traceError(path, r.error()));
  };
  std::deque<std::string> before;
  t::Event ea, eb;
  std::optional<std::string> why;
  bool moreA = false, moreB = false;
  for (;;) {
    moreA = a.next(ea);
    check(a, DiffA);
    moreB = b.next(eb);
    check(b, DiffB);
    if (!moreA && !moreB)
      break;
    if (moreA != moreB) {
      const std::string &shorter = moreA ? DiffB : DiffA;
      uint64_t last = (moreA ? ea.index : eb.index) - 1;
      why = "'" + shorter + "' ends after event #" + std::to_string(last);
      break;
    }
    if ((why = difference(ea, eb)))
      break;
    before.push_back(t::formatEvent(ea, options));
    if (before.size() > Context)
      before.pop_front();
  }
  bool otherModule = a.header().moduleHash != b.header().moduleHash;
  if (DumpJson) {
    // Where they part; the viewer asks for both sides' events there.
    json::OStream j(outs());
    j.object([&] {
      j.attribute("same", !why);
      j.attribute("otherModule", otherModule);
      if (why) {
        j.attribute("at", moreA ? ea.index : eb.index);
        j.attribute("why", *why);
      }
    });
    outs() << "\n";
    return why || otherModule;
  }
  if (!why && !otherModule)
    return 0;
  outs() << "--- " << DiffA << "\n+++ " << DiffB << "\n";
  if (otherModule)
    outs() << "note: recorded from different modules ("
           << wrr::toHex(a.header().moduleHash).substr(0, 16) << "... vs "
           << wrr::toHex(b.header().moduleHash).substr(0, 16) << "...)\n";
  if (!why) {
    outs() << "@@ the events are the same @@\n";
    return 1;
  }
  uint64_t at = moreA ? ea.index : eb.index;
  outs() << "@@ event #" << at << ": " << *why << " @@\n";
  for (const std::string &line : before)
    outs() << " " << line << "\n";
  // The first differing event and what follows it, in each trace.
  auto side = [&](t::Reader &r, t::Event &e, bool more, char mark,
                  const std::string &path) {
    for (unsigned n = 0; more && n <= Context; ++n) {
      outs() << mark << t::formatEvent(e, options) << "\n";
      more = n < Context && r.next(e);
      check(r, path);
    }
    if (!more && r.atEnd())
      outs() << mark << "(end of trace)\n";
  };
  side(a, ea, moreA, '-', DiffA);
  side(b, eb, moreB, '+', DiffB);
  return 1;
}

// ---- stats ------------------------------------------------------------------

static std::string mib(uint64_t pages) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", pages / 16.0);
  return buf;
}

static int stats() {
  OpenTrace open = ExitOnErr(openTrace(StatsInput));
  t::Reader &reader = *open.reader;
  struct Row {
    uint64_t events = 0, errors = 0, bytes = 0;
  };
  std::map<std::string, Row> rows;
  uint64_t events = 0, clockEvents = 0, clockBytes = 0;
  uint64_t grown = 0, grows = 0, refused = 0;
  std::optional<uint64_t> lastRealtime, firstMono, lastMono;
  uint64_t monoReadings = 0;
  std::string ender = "nothing (no event ends it)";
  t::Event e;
  while (reader.next(e)) {
    ++events;
    Row &row = rows[std::string(e.name())];
    ++row.events;
    row.bytes += e.size;
    row.errors += e.isCall() && e.errnoFlag;
    if (e.kind == t::kMemoryGrow) {
      ++grows;
      row.errors += e.errnoFlag;
      if (e.errnoFlag)
        ++refused;
      else
        grown += e.growPages;
    }
    if (e.kind == t::kRaiseResult)
      row.errors += e.errnoFlag;
    for (const t::Field &f : t::describeResults(e)) {
      if (f.display != wrr::Display::Timestamp)
        continue;
      ++clockEvents;
      clockBytes += e.size;
      uint64_t ns = f.value.field("ns")->number;
      if (e.writes[0].clock == 0)
        lastRealtime = ns;
      if (e.writes[0].clock == 1) {
        ++monoReadings;
        if (!firstMono)
          firstMono = ns;
        lastMono = ns;
      }
    }
    if (e.endsTrace())
      ender = std::string(e.name());
  }
  if (!reader.ok())
    ExitOnErr(traceError(StatsInput, reader.error()));
  const t::Header &h = reader.header();
  uint64_t total = reader.bytesRead();
  uint64_t eventBytes = reader.streamOffset();
  // Nothing marks the program's end: the clocks it read bound the run from
  // below.
  std::optional<uint64_t> realSpan, monoSpan;
  if (lastRealtime && *lastRealtime >= h.startTimeNs)
    realSpan = *lastRealtime - h.startTimeNs;
  if (monoReadings > 1)
    monoSpan = *lastMono - *firstMono;
  // Heaviest first.
  std::vector<std::pair<std::string, Row>> sorted(rows.begin(), rows.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](auto &x, auto &y) {
    return x.second.bytes > y.second.bytes;
  });
  raw_ostream &os = outs();
  if (DumpJson) {
    // Nanoseconds as strings: they pass 2^53, which JavaScript's numbers
    // cannot hold.
    json::OStream j(os);
    auto ns = [&](const char *key, std::optional<uint64_t> v) {
      if (v)
        j.attribute(key, std::to_string(*v));
    };
    j.object([&] {
      j.attribute("trace", StatsInput);
      j.attribute("bytes", total);
      j.attribute("form", open.json              ? "json"
                          : reader.compressed() ? "zstd"
                                                : "binary");
      j.attribute("version", h.version);
      j.attribute("blocks", reader.blocksRead());
      j.attribute("endsWith", ender);
      j.attribute("module", wrr::toHex(h.moduleHash));
      j.attribute("recorded", t::isoTime(h.startTimeNs));
      ns("startNs", h.startTimeNs);
      j.attribute("recorder", h.recorder);
      j.attribute("instrumenter", h.instrumenter);
      j.attribute("events", events);
      j.attribute("eventBytes", eventBytes);
      ns("runLengthNs", realSpan || monoSpan
                            ? std::optional<uint64_t>(std::max(
                                  realSpan.value_or(0), monoSpan.value_or(0)))
                            : std::nullopt);
      ns("realtimeNs", realSpan);
      ns("monotonicNs", monoSpan);
      ns("firstMonotonicNs", firstMono);
      j.attribute("clockEvents", clockEvents);
      j.attribute("clockBytes", clockBytes);
      j.attribute("memoryGrows", grows);
      j.attribute("memoryRefused", refused);
      j.attribute("pagesGranted", grown);
      j.attributeArray("functions", [&] {
        for (auto &[name, row] : sorted)
          j.object([&] {
            j.attribute("name", name);
            j.attribute("count", row.events);
            j.attribute("errors", row.errors);
            j.attribute("bytes", row.bytes);
          });
      });
    });
    os << "\n";
    return 0;
  }
  os << "trace:      " << StatsInput << ", " << total << " bytes";
  if (open.json)
    os << " in binary (read from the JSON form)";
  else if (reader.compressed())
    os << " decompressed";
  os << "\n";
  os << "format:     version " << h.version << ", " << reader.blocksRead()
     << " block" << (reader.blocksRead() == 1 ? "" : "s")
     << ", complete, ends with " << ender << "\n";
  os << "module:     " << wrr::toHex(h.moduleHash) << "\n";
  os << "recorded:   " << t::isoTime(h.startTimeNs)
     << (h.recorder.empty() ? "" : " by " + h.recorder)
     << (h.instrumenter.empty() ? "" : ", wrr " + h.instrumenter) << "\n";
  os << "events:     " << events << " in " << eventBytes << " bytes (header "
     << t::kHeaderSize << ", block framing " << 12 * reader.blocksRead()
     << ")\n";
  os << "run length: ";
  if (realSpan || monoSpan)
    os << "at least "
       << t::seconds(std::max(realSpan.value_or(0), monoSpan.value_or(0)))
       << " (the longest span its clock readings show)\n";
  else
    os << "unknown (too few clock readings)\n";
  if (realSpan)
    os << "realtime:   " << t::seconds(*realSpan)
       << " from the recording's start to the last realtime reading\n";
  if (monoSpan)
    os << "monotonic:  " << t::seconds(*monoSpan)
       << " between the first and last monotonic readings\n";
  if (clockEvents) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", double(clockBytes) / clockEvents);
    os << "clock:      " << clockEvents << " clock_time_get events, " << buf
       << " bytes each on average\n";
  }
  os << "memory:     ";
  if (grows)
    os << "peak = initial size + " << grown << " pages (" << mib(grown)
       << "): " << grows - refused << " memory.grow granted, " << refused
       << " refused; the initial size is not in the trace\n";
  else
    os << "never grown after start-up: peak = the initial size, which is not "
          "in the trace\n";
  os << "\n";
  os << "event                       count   errors      bytes bytes/each\n";
  for (auto &[name, row] : sorted)
    os << format("%-24s %8llu %8llu %10llu %10.2f\n", name.c_str(),
                 (unsigned long long)row.events, (unsigned long long)row.errors,
                 (unsigned long long)row.bytes,
                 double(row.bytes) / double(row.events));
  return 0;
}

// ---- verify -----------------------------------------------------------------

static int verify() {
  OpenTrace open = ExitOnErr(openTrace(VerifyInput));
  t::Reader &reader = *open.reader;
  reader.setStrictSplits(true);
  uint32_t largestBlock = 0;
  reader.onBlock([&](const t::BlockInfo &b) {
    largestBlock = std::max(largestBlock, b.length);
  });
  t::Event e, last;
  uint64_t events = 0;
  while (reader.next(e)) {
    ++events;
    last = std::move(e);
  }
  if (!reader.ok())
    ExitOnErr(traceError(VerifyInput, reader.error()));
  if (!events || !last.endsTrace())
    ExitOnErr(traceError(VerifyInput,
                         "the trace does not end where a program ends "
                         "(proc_exit, _start returned, a trap, or a "
                         "runner's limit)"));
  const t::Header &h = reader.header();
  outs() << VerifyInput << ": ok: format version " << h.version << ", "
         << events << " events in " << reader.blocksRead() << " block"
         << (reader.blocksRead() == 1 ? "" : "s")
         << ", the chain holds, ends with " << last.name() << "\n";
  if (VerifyModule.empty())
    return 0;
  ErrorOr<std::unique_ptr<MemoryBuffer>> file = MemoryBuffer::getFile(
      VerifyModule, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (std::error_code EC = file.getError())
    ExitOnErr(error("cannot read '" + VerifyModule + "': " + EC.message()));
  std::span<const uint8_t> bytes(
      reinterpret_cast<const uint8_t *>((*file)->getBufferStart()),
      (*file)->getBufferSize());
  std::optional<wrr::InstrumentedMarker> marker =
      wrr::instrumentedMarker(bytes);
  wrr::ModuleId id = marker ? marker->identity : wrr::moduleId(bytes);
  if (id != h.moduleHash)
    ExitOnErr(traceError(
        VerifyInput,
        "recorded from module " + wrr::toHex(h.moduleHash) + ", not from '" +
            VerifyModule + "' (" + wrr::toHex(id) +
            "); to replay it with a changed build, instrument that build "
            "with wrr-instrument --identity-of and the original module"));
  if (marker) {
    // Replay reads a block into the module's own log buffer, behind the
    // region's head, with the 8-byte chain (rrlib/runtime_layout.def).
    uint64_t room = uint64_t{marker->bufferPages} * 65536;
    if (uint64_t{largestBlock} + wrr::layout::kBlockOverhead > room)
      ExitOnErr(traceError(
          VerifyInput, "a block of " + std::to_string(largestBlock) +
                           " bytes does not fit the " +
                           std::to_string(marker->bufferPages) +
                           "-page log buffer of '" + VerifyModule +
                           "' (instrument it with a larger --buffer-pages)"));
    outs() << "module: '" << VerifyModule
           << "' (instrumented) accepts it: identity " << wrr::toHex(id)
           << "\n";
  } else {
    outs() << "module: recorded from '" << VerifyModule << "': sha256 "
           << wrr::toHex(id) << "\n";
  }
  return 0;
}

// ---- redact -----------------------------------------------------------------

static const char *const kDefaultSecrets[] = {"*TOKEN*", "*SECRET*",
                                              "*PASSWORD*", "*KEY*", "AWS_*"};

// Values shorter than this are not searched for in sent bytes (a one-byte
// value would hide every such byte of every write).
static constexpr size_t kMinSentSecret = 4;

static int redact() {
  std::vector<std::string> patterns(RedactEnv.begin(), RedactEnv.end());
  if (patterns.empty())
    patterns.assign(std::begin(kDefaultSecrets), std::end(kDefaultSecrets));
  auto secret = [&](StringRef name) {
    std::string n = name.str();
    for (const std::string &p : patterns)
      if (fnmatch(p.c_str(), n.c_str(), FNM_CASEFOLD) == 0)
        return true;
    return false;
  };
  OpenTrace open = ExitOnErr(openTrace(RedactInput));
  t::Reader &reader = *open.reader;
  const uint8_t environGet = *wrr::findWasiFunction("environ_get");
  std::vector<std::string> redacted;
  // Secret values (name, value) found so far, to hide where they are sent.
  std::vector<std::pair<std::string, std::string>> values;
  bool json =
      endsWith(RedactOutput, ".json") || endsWith(RedactOutput, ".json.zst");
  bool zstd = Zstd || endsWith(RedactOutput, ".zst");
  ExitOnErr(writeTrace(RedactOutput, json, zstd, [&](t::Sink &sink) {
    t::Writer writer(sink);
    BlockCopier blocks(reader);
    reader.setKeepRaw(true);
    writer.header(reader.headerBytes());
    t::Event e;
    while (reader.next(e)) {
      if (e.kind == environGet && !e.errnoFlag && e.writes.size() == 2) {
        // environ_buf is the event's last region: its bytes end the raw
        // event. Same lengths, so environ_sizes_get stays true.
        std::vector<uint8_t> &buf = e.writes[1].bytes;
        uint8_t *raw = e.raw.data() + e.raw.size() - buf.size();
        for (size_t at = 0; at < buf.size();) {
          size_t end = at;
          while (end < buf.size() && buf[end] != 0)
            ++end;
          StringRef var(reinterpret_cast<const char *>(&buf[at]), end - at);
          auto [name, value] = var.split('=');
          if (var.contains('=') && !value.empty() && secret(name)) {
            size_t from = at + name.size() + 1;
            if (value.size() >= kMinSentSecret)
              values.push_back({name.str(), value.str()});
            std::fill(raw + from, raw + end, '*');
            redacted.push_back(name.str() + " (" +
                               std::to_string(value.size()) +
                               " bytes) in event #" + std::to_string(e.index));
          }
          at = end + 1;
        }
      }
      // Version 3: a secret the program passed on (wrote, sent, used in a
      // path) is hidden in the sent bytes too.
      for (size_t i = 0; i < e.sent.size() && i < e.sentAt.size(); ++i)
        for (const auto &[name, value] : values) {
          const std::vector<uint8_t> &bytes = e.sent[i];
          auto at = bytes.begin();
          bool found = false;
          while ((at = std::search(at, bytes.end(), value.begin(),
                                   value.end())) != bytes.end()) {
            std::fill_n(e.raw.begin() + static_cast<std::ptrdiff_t>(
                                            e.sentAt[i] + (at - bytes.begin())),
                        value.size(), '*');
            at += static_cast<std::ptrdiff_t>(value.size());
            found = true;
          }
          if (found)
            redacted.push_back(
                name + " in event #" + std::to_string(e.index) + " (" +
                std::string(e.name()) + "'s " +
                std::string(wrr::wasiFunctions()[e.kind].reads[i].name) + ")");
        }
      if (!writer.encoded(e.raw) || !blocks.flush(writer))
        break;
    }
    if (!reader.ok())
      return "'" + RedactInput + "': " + reader.error();
    blocks.flush(writer);
    return writer.error();
  }));
  if (redacted.empty()) {
    outs() << "nothing to redact: no environment variable matches "
           << join(patterns, ", ") << "\n";
    return 0;
  }
  for (const std::string &r : redacted)
    outs() << "redacted " << r << "\n";
  outs().flush();
  WithColor::warning(errs(), "wrr-trace")
      << "a replay of the redacted trace may diverge where the program used "
         "these values: it now reads '*' in their place\n";
  return 0;
}

// ---- view -------------------------------------------------------------------

// Hands over to the page's server (runner/host/serve.mjs, on node from
// PATH), which answers the viewer with this program's dump, search, stats
// and diff.
static int view() {
  if (!sys::fs::exists(ViewInput))
    ExitOnErr(error("cannot read '" + ViewInput + "': no such file"));
  ErrorOr<std::string> node = sys::findProgramByName("node");
  if (!node)
    ExitOnErr(error("node is not on PATH (install Debian's nodejs package)"));
  std::string self =
      sys::fs::getMainExecutable(nullptr, reinterpret_cast<void *>(&view));
  std::string serve = std::string(WRR_RUNNER_DIR) + "/host/serve.mjs";
  std::string port = std::to_string(ViewPort);
  std::vector<const char *> argv = {node->c_str(),      serve.c_str(),
                                    "--port",           port.c_str(),
                                    "--trace",          ViewInput.c_str(),
                                    "--wrr-trace",      self.c_str(),
                                    nullptr};
  outs().flush();
  execv(node->c_str(), const_cast<char *const *>(argv.data()));
  ExitOnErr(error("cannot run '" + *node + "': " + std::strerror(errno)));
  return 1;
}

static void printVersion(raw_ostream &OS) {
  OS << "wrr-trace " << WRR_VERSION << "\n";
}

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  for (cl::SubCommand *sub :
       {&DumpCmd, &ConvertCmd, &DiffCmd, &StatsCmd, &VerifyCmd, &RedactCmd,
        &SearchCmd, &ViewCmd})
    cl::HideUnrelatedOptions(Category, *sub);
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter(printVersion);
  if (!cl::ParseCommandLineOptions(argc, argv, Overview, &errs()))
    return DiffCmd ? 2 : 1;
  if (DumpCmd)
    return dump();
  if (ConvertCmd)
    return convert();
  if (DiffCmd)
    return diff();
  if (StatsCmd)
    return stats();
  if (VerifyCmd)
    return verify();
  if (RedactCmd)
    return redact();
  if (SearchCmd)
    return search();
  if (ViewCmd)
    return view();
  ExitOnErr(error("no command given: dump, convert, diff, stats, verify, "
                  "redact, search or view (see --help)"));
  return 1;
}
