// wrr-trace dump and search: the events, one line each, or those that match.
#include "tools/wrr-trace/wrr-trace.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include "passes/error.h"
#include "rrlib/module_id.h"
#include "rrlib/trace.h"
#include "rrlib/trace_json.h"
#include "rrlib/trace_text.h"

using namespace llvm;
using wrr::error;

// ---- dump -------------------------------------------------------------------

static std::string headerLine(const t::Header &h) {
  return "trace format " + std::to_string(h.version) + ", module " +
         wrr::toHex(h.moduleHash) + ", recorded " + t::isoTime(h.startTimeNs) +
         (h.recorder.empty() ? "" : " by " + h.recorder) +
         (h.instrumenter.empty() ? "" : ", wrr " + h.instrumenter) +
         (h.bufferPages ? ", " + std::to_string(h.bufferPages) + "-page buffer"
                        : "");
}

int dump() {
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

int search() {
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
