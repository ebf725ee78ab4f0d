// wrr-trace stats and verify: a summary of a trace, and its checks.
#include "tools/wrr-trace/wrr-trace.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

#include <map>
#include <optional>

#include "passes/error.h"
#include "rrlib/module_id.h"
#include "rrlib/runtime_layout.h"
#include "rrlib/trace.h"
#include "rrlib/trace_text.h"

using namespace llvm;
using wrr::error;

// ---- stats ------------------------------------------------------------------

static std::string mib(uint64_t pages) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", pages / 16.0);
  return buf;
}

int stats() {
  OpenTrace open = ExitOnErr(openTrace(StatsInput));
  t::Reader &reader = *open.reader;
  struct Row {
    uint64_t events = 0, errors = 0, bytes = 0;
  };
  std::map<std::string, Row> rows;
  // A host-driven module: calls by export and by import, bytes the host
  // wrote.
  std::map<std::string, uint64_t> exports, imports;
  uint64_t hostWrites = 0, hostBytes = 0;
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
    if (e.kind == t::kExportCall)
      ++exports[t::hostFunction(e)];
    if (e.kind == t::kImportCall)
      ++imports[t::hostFunction(e)];
    if (e.kind == t::kHostWrite) {
      ++hostWrites;
      hostBytes += e.bytes.size();
    }
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
  // Most called first.
  auto byCount = [](const std::map<std::string, uint64_t> &m) {
    std::vector<std::pair<std::string, uint64_t>> v(m.begin(), m.end());
    std::stable_sort(v.begin(), v.end(),
                     [](auto &x, auto &y) { return x.second > y.second; });
    return v;
  };
  auto exportRows = byCount(exports), importRows = byCount(imports);
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
      j.attribute("hostWrites", hostWrites);
      j.attribute("hostWriteBytes", hostBytes);
      auto calls = [&](const char *key, const auto &rows) {
        j.attributeArray(key, [&] {
          for (auto &[name, count] : rows)
            j.object([&] {
              j.attribute("name", name);
              j.attribute("count", count);
            });
        });
      };
      calls("exports", exportRows);
      calls("imports", importRows);
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
  if (exportRows.empty() && importRows.empty() && !hostWrites)
    return 0;
  // What the host called and what the module asked of it, by name.
  os << "\nhost:       " << hostWrites << " host write"
     << (hostWrites == 1 ? "" : "s") << " of " << hostBytes << " bytes\n";
  os << "host calls                          count\n";
  for (auto &[rows, kind] : {std::pair{&exportRows, "export"},
                             std::pair{&importRows, "import"}})
    for (auto &[name, count] : *rows)
      os << format("%-32s %8llu\n", (std::string(kind) + " " + t::nameText(name)).c_str(),
                   (unsigned long long)count);
  return 0;
}

// ---- verify -----------------------------------------------------------------

int verify() {
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
                         "(proc_exit, _start returned, the host returning, "
                         "a trap, or a runner's limit)"));
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
