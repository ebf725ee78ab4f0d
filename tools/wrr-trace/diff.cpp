// wrr-trace diff: where two traces part.
#include "tools/wrr-trace/wrr-trace.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <cstring>

#include <deque>
#include <optional>

#include "passes/error.h"
#include "rrlib/module_id.h"
#include "rrlib/trace.h"
#include "rrlib/trace_text.h"

using namespace llvm;
using wrr::error;

// ---- diff -------------------------------------------------------------------

// Why two events differ, or nothing.
static std::optional<std::string> difference(const t::Event &a,
                                             const t::Event &b) {
  if (a.kind != b.kind)
    return "the events differ: " + std::string(a.name()) + " vs " +
           std::string(b.name());
  std::string name(a.name());
  // A host-driven module's events: the function, the values, the memory.
  const t::SpecialEvent *special = t::specialEvent(a.kind);
  t::SpecialPayload payload =
      special ? special->payload : t::SpecialPayload::None;
  if (payload == t::SpecialPayload::Export ||
      payload == t::SpecialPayload::Import) {
    if (a.module != b.module || a.function != b.function)
      return "the " + name + "s differ: " + t::nameText(t::hostFunction(a)) +
             " vs " + t::nameText(t::hostFunction(b));
    name += " " + t::nameText(t::hostFunction(a));
  }
  for (size_t i = 0; i < a.values.size() && i < b.values.size(); ++i)
    if (a.values[i] != b.values[i])
      return name + "'s value " + std::to_string(i) + " differs: " +
             t::valueText(a.values[i]) + " vs " + t::valueText(b.values[i]);
  if (a.values.size() != b.values.size())
    return name + " has other values: " + std::to_string(a.values.size()) +
           " vs " + std::to_string(b.values.size());
  if (a.address != b.address)
    return name + "'s address differs: " + std::to_string(a.address) +
           " vs " + std::to_string(b.address);
  if (std::string d = t::byteDifference(a.bytes, b.bytes); !d.empty())
    return name + " at " + std::to_string(a.address) + " " + d;
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

int diff() {
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
