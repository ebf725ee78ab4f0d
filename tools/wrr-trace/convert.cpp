// wrr-trace convert and redact: a trace written again, in another form or
// with secrets hidden.
#include "tools/wrr-trace/wrr-trace.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <fnmatch.h>

#include "passes/error.h"
#include "rrlib/trace.h"
#include "rrlib/trace_json.h"

using namespace llvm;
using wrr::error;

// ---- convert ----------------------------------------------------------------

int convert() {
  bool json = ConvertTo == Form::Auto ? jsonByName(ConvertOutput)
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
    return copyTrace(reader, ConvertInput, sink);
  }));
  return 0;
}

// ---- redact -----------------------------------------------------------------

static const char *const kDefaultSecrets[] = {"*TOKEN*", "*SECRET*",
                                              "*PASSWORD*", "*KEY*", "AWS_*"};

// Values shorter than this are not searched for in sent bytes (a one-byte
// value would hide every such byte of every write).
static constexpr size_t kMinSentSecret = 4;

int redact() {
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
  // The environment's strings: environ_get's StringList result.
  const uint8_t environGet = *wrr::findWasiFunction("environ_get");
  const wrr::WasiFunction &environRow = wrr::wasiFunctions()[environGet];
  unsigned environBuf = environRow.numWrites;
  for (unsigned i = 0; i < environRow.numWrites; ++i)
    if (environRow.writes[i].display == wrr::Display::StringList)
      environBuf = i;
  std::vector<std::string> redacted;
  // Secret values (name, value) found so far, to hide where they are sent.
  std::vector<std::pair<std::string, std::string>> values;
  bool json = jsonByName(RedactOutput);
  bool zstd = Zstd || endsWith(RedactOutput, ".zst");
  ExitOnErr(writeTrace(RedactOutput, json, zstd, [&](t::Sink &sink) {
    return copyTrace(reader, RedactInput, sink, [&](t::Event &e) {
      if (e.kind == environGet && !e.errnoFlag &&
          environBuf < e.writes.size()) {
        // Same lengths, so environ_sizes_get stays true.
        std::vector<uint8_t> &buf = e.writes[environBuf].bytes;
        uint8_t *raw = e.raw.data() + e.writes[environBuf].at;
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
      // Each secret value found so far, wherever `bytes` (at `rawAt` in the
      // event) hold it, as `where` says.
      auto hide = [&](const std::vector<uint8_t> &bytes, size_t rawAt,
                      const std::string &where) {
        for (const auto &[name, value] : values) {
          auto at = bytes.begin();
          bool found = false;
          while ((at = std::search(at, bytes.end(), value.begin(),
                                   value.end())) != bytes.end()) {
            std::fill_n(e.raw.begin() + static_cast<std::ptrdiff_t>(
                                            rawAt + (at - bytes.begin())),
                        value.size(), '*');
            at += static_cast<std::ptrdiff_t>(value.size());
            found = true;
          }
          if (found)
            redacted.push_back(name + " in event #" + std::to_string(e.index) +
                               " (" + where + ")");
        }
      };
      // Version 3: a secret the program passed on (wrote, sent, used in a
      // path) is hidden in the sent bytes too.
      for (size_t i = 0; i < e.sent.size() && i < e.sentAt.size(); ++i)
        hide(e.sent[i], e.sentAt[i],
             std::string(e.name()) + "'s " +
                 std::string(wrr::wasiFunctions()[e.kind].reads[i].name));
      // And in what a host wrote into the program's memory: a host may
      // hand the program the same value (its own secrets it does not
      // share with the program's environment are not known here).
      if (e.kind == t::kHostWrite)
        hide(e.bytes, e.bytesAt, "host write at " + std::to_string(e.address));
    });
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
