// wrr-trace: opening a trace in any form, and writing one.
#include "tools/wrr-trace/wrr-trace.h"

#include <deque>

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <unistd.h>

#include "passes/error.h"
#include "rrlib/trace.h"
#include "rrlib/trace_json.h"
#include "tools/output_file.h"

using namespace llvm;
using wrr::error;

ExitOnError ExitOnErr("wrr-trace: error: ");

Error traceError(StringRef path, const std::string &message) {
  return error("'" + path + "': " + message);
}

// ---- Opening and writing traces ---------------------------------------------

Expected<OpenTrace> openTrace(const std::string &path) {
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

bool endsWith(StringRef s, StringRef suffix) {
  return s.ends_with_insensitive(suffix);
}

bool jsonByName(StringRef path) {
  return endsWith(path, ".json") || endsWith(path, ".json.zst");
}

// Writes OUT in the form its name or the options ask for. `binary` writes
// the binary trace.
Error writeTrace(StringRef path, bool json, bool zstd,
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

std::string copyTrace(t::Reader &reader, const std::string &path,
                      t::Sink &sink,
                      const std::function<void(t::Event &)> &edit) {
  t::Writer writer(sink);
  BlockCopier blocks(reader);
  reader.setKeepRaw(true);
  writer.header(reader.headerBytes());
  t::Event e;
  while (reader.next(e)) {
    if (edit)
      edit(e);
    if (!writer.encoded(e.raw) || !blocks.flush(writer))
      break;
  }
  if (!reader.ok())
    return "'" + path + "': " + reader.error();
  blocks.flush(writer); // empty blocks after the last event
  return writer.error();
}
