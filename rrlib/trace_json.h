// The trace's JSON form (docs/trace-format.md, "The JSON form"): every
// header field, every event, and where the blocks end, so that binary ->
// JSON -> binary gives back the same bytes. Golden fixtures keep their
// traces in it, and wrr-trace convert goes both ways.
#ifndef WRR_RRLIB_TRACE_JSON_H
#define WRR_RRLIB_TRACE_JSON_H

#include <memory>
#include <string>
#include <string_view>

#include "rrlib/trace.h"

namespace wrr::trace {

// The JSON form's own version (its "form" member).
inline constexpr int kJsonForm = 1;

// Writes the trace `reader` has opened (and not read from yet) as JSON.
// Returns an empty string, or why not: the reader's error, or something the
// JSON form cannot reproduce exactly (then nothing is claimed lossless).
std::string writeJson(Reader &reader, Sink &out);

// Reads the JSON form and writes the binary trace to `out` (the caller
// finishes the sink). Returns an empty string, or why not.
std::string readJson(std::string_view text, Sink &out);

// Whether `source` holds JSON (its first non-blank byte is '{'); the source
// starts over.
bool isJson(std::unique_ptr<Source> &source);

// All of `source`, or false with `error` set.
bool readAll(Source &source, std::string &out, std::string &error);

// One event, decoded, as a single-line JSON object (wrr-trace dump --json).
// With `raw`, a "raw" member holds each written region's bytes in hex (not
// clock readings), for a viewer that shows text both as text and as bytes.
std::string eventJsonLine(const Event &event, bool raw = false);

} // namespace wrr::trace

#endif
