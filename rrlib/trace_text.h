// Events as people read them (wrr-trace dump, diff): one line per event,
// strace-style, printed generically from the WASI table's display hints.
//
//   #7 path_open -> 0  fd=5
//   #9 random_get -> 0  buf=[16 bytes 0a1b2c3d4e5f6071...]
//   #10 fd_read -> 0  nread=5 iovs="hello"
//   #12 clock_time_get(realtime) -> 0  2026-11-21T07:30:00.123456789Z
#ifndef WRR_RRLIB_TRACE_TEXT_H
#define WRR_RRLIB_TRACE_TEXT_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rrlib/trace.h"

namespace wrr::trace {

// A result decoded for display; text and JSON render the same tree.
struct Value {
  enum Kind : uint8_t {
    Number, // decimal
    Flags,  // a bit set, shown in hex
    Symbol, // a name (filetype, clock, errno)
    Text,   // bytes the program reads as text
    Blob,   // opaque bytes
    Time,   // realtime nanoseconds
    List,
    Record,
  };
  Kind kind = Number;
  uint64_t number = 0;
  std::string bytes;             // Symbol, Text, Blob
  bool partial = false;          // Text cut off by the end of its buffer
  std::vector<Value> items;      // List items, or Record values
  std::vector<std::string> keys; // Record keys, one per item

  // A Record's value for `key`, or null.
  const Value *field(std::string_view key) const;
};

struct Field {
  std::string_view name;
  Display display = Display::Bytes;
  Value value;
};

// The event's results (empty for failed calls and events without any).
std::vector<Field> describeResults(const Event &event);
// What the call sent (version 3 traces; empty otherwise): its scalar
// arguments (Number), then its read regions: iovec lengths (List), bytes
// (Text), subscriptions (Blob).
std::vector<Field> describeSent(const Event &event);
// A sent item's name, by its index in Event::args then Event::sent.
std::string_view sentName(const WasiFunction &f, size_t item);

// Where two byte strings first differ, with a little context (up to 12
// bytes before, 20 from there), as replay's divergence message shows it:
//   differs at byte 7 of 12: "Hello, Alice\n" vs "Hello, Bob\n"
//   differs at byte 4 (13 bytes vs 11): ...
// quoted when both windows are printable text, else hex. Empty when equal.
std::string byteDifference(std::span<const uint8_t> a,
                           std::span<const uint8_t> b);

struct TextOptions {
  size_t stringLimit = 32; // bytes of a string shown before "..."
  bool digests = false;    // show each call's input digest
};

// One line, without a newline.
std::string formatEvent(const Event &event, const TextOptions &options = {});
std::string renderValue(const Field &field, const TextOptions &options);

// What a viewer searches for (wrr-trace search); every criterion given must
// hold. `fd` and `text` look at what the host wrote back: descriptors among
// the results (path_open's fd), bytes the program read (files, stdin,
// directory names, arguments, environment), and in a version 3 trace at
// what the call sent (its fd arguments, bytes written, paths). `path` looks
// in the table's path regions only: the paths a call was given (version 3)
// and preopened directories' names.
struct Query {
  std::vector<std::string> functions; // event names; empty: any
  std::optional<uint64_t> fd;
  std::string text;    // a substring of a string or byte result
  std::string path;    // a substring of a path region (Region::isPath)
  bool errors = false; // failed calls, refused grows, traps and stops
};

bool matches(const Event &event, const Query &query);

// A value crossing between host and module, as wasm's text format writes
// it: "i32 -3", "i64 42", "f64 2.5", "f32 nan", "f64 -inf",
// "f32 nan:0x200000" (integers signed, floats as their shortest exact
// decimal, with a point or an exponent).
std::string valueText(const WasmValue &value);
// "(i32 1024, i32 12)"
std::string valuesText(const std::vector<WasmValue> &values);
// A finite float's shortest decimal that reads back to the same bits
// ("2.5", "1e+20", "-0.0"); an empty string for a NaN or an infinity.
std::string floatText(const WasmValue &value);
// An export or import call's function: "execute", "env.host_value".
std::string hostFunction(const Event &event);
// A name as text shows it: as it is when plain (letters, digits, "_.$-"),
// else quoted C-style, so that any name stays on one line.
std::string nameText(std::string_view name);

// 2026-11-21T07:30:00.123456789Z
std::string isoTime(uint64_t ns);
// 12.345678901s
std::string seconds(uint64_t ns);
// "EBADF", or "errno 200" for a value preview1 does not name.
std::string errnoText(uint64_t value);
std::string hex(std::span<const uint8_t> bytes);

} // namespace wrr::trace

#endif
