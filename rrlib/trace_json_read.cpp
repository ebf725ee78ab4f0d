// Reading the JSON form (docs/trace-format.md): every field checked, the
// binary trace written again byte for byte.
#include "rrlib/trace_json.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>

#include "rrlib/module_id.h"
#include "rrlib/trace_text.h"
#include "rrlib/wasi_names.h"

namespace wrr::trace {

using nlohmann::json;

// ---- Reading the JSON form ------------------------------------------------

namespace {

struct Bad {
  std::string why;
};

[[noreturn]] void bad(std::string why) { throw Bad{std::move(why)}; }

void onlyKeys(const json &obj, std::initializer_list<std::string_view> keys,
              std::string_view what) {
  for (auto &[k, v] : obj.items()) {
    bool known = false;
    for (std::string_view key : keys)
      known |= k == key;
    if (!known)
      bad(std::string(what) + " has an unknown field \"" + k + "\"");
  }
}

// A call's object `j[key]` ("args", "sent", "writes") whose members are
// named `nameOf(i)` for i < n: another member is refused (`unknown` and its
// name); `named(i, member)` takes each, in order, after checking it is there
// (`missing` "name" is missing).
template <class NameOf, class Named>
void namedMembers(const json &j, const char *key, size_t n, NameOf nameOf,
                  const std::string &unknown, const std::string &missing,
                  Named named) {
  const json &obj = j[key];
  if (!obj.is_object())
    bad("\"" + std::string(key) + "\" must be an object");
  for (auto &[k, v] : obj.items()) {
    bool known = false;
    for (size_t i = 0; i < n; ++i)
      known |= nameOf(i) == k;
    if (!known)
      bad(unknown + " \"" + k + "\"");
  }
  for (size_t i = 0; i < n; ++i) {
    std::string name(nameOf(i));
    if (!obj.contains(name))
      bad(missing + " \"" + name + "\" is missing");
    named(i, obj[name]);
  }
}

uint64_t unsignedField(const json &v, std::string_view what,
                       uint64_t max = UINT64_MAX) {
  if (!v.is_number_unsigned() || v.get<uint64_t>() > max)
    bad(std::string(what) + " must be an integer from 0 to " +
        std::to_string(max));
  return v.get<uint64_t>();
}

std::vector<uint8_t> hexField(const json &v, std::string_view what) {
  if (!v.is_string())
    bad(std::string(what) + " must be a string of hex digits");
  const std::string &s = v.get_ref<const std::string &>();
  if (s.size() % 2)
    bad(std::string(what) + " has an odd number of hex digits");
  std::vector<uint8_t> out(s.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = hexDigit(s[2 * i]), lo = hexDigit(s[2 * i + 1]);
    if (hi < 0 || lo < 0)
      bad(std::string(what) + " is not hex");
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return out;
}

std::string stringField(const json &v, std::string_view what) {
  if (!v.is_string())
    bad(std::string(what) + " must be a string");
  return v.get<std::string>();
}

const json &member(const json &obj, const char *key, std::string_view what) {
  auto it = obj.find(key);
  if (it == obj.end())
    bad(std::string(what) + " has no \"" + key + "\"");
  return *it;
}

Header parseHeader(const json &h) {
  if (!h.is_object())
    bad("\"header\" must be an object");
  onlyKeys(h,
           {"version", "flags", "module", "start_time_ns", "instrumenter",
            "recorder", "buffer_pages", "reserved"},
           "the header");
  Header out;
  out.version = static_cast<uint16_t>(
      unsignedField(member(h, "version", "the header"), "the version", 0xffff));
  if (out.version < kMinVersion || out.version > kVersion)
    bad("unsupported trace format version " + std::to_string(out.version) +
        " (this reader knows " + std::to_string(kMinVersion) + " to " +
        std::to_string(kVersion) + ")");
  if (h.contains("flags"))
    out.flags = static_cast<uint16_t>(
        unsignedField(h["flags"], "the header's flags", 0xffff));
  std::vector<uint8_t> module =
      hexField(member(h, "module", "the header"), "the module identity");
  if (module.size() != out.moduleHash.size())
    bad("the module identity must be 32 bytes (64 hex digits)");
  std::copy(module.begin(), module.end(), out.moduleHash.begin());
  if (h.contains("start_time_ns"))
    out.startTimeNs = unsignedField(h["start_time_ns"], "start_time_ns");
  if (h.contains("instrumenter"))
    out.instrumenter = stringField(h["instrumenter"], "the instrumenter");
  if (h.contains("recorder"))
    out.recorder = stringField(h["recorder"], "the recorder");
  if (h.contains("buffer_pages"))
    out.bufferPages = static_cast<uint32_t>(
        unsignedField(h["buffer_pages"], "buffer_pages", 0xffffffff));
  if (h.contains("reserved")) {
    std::vector<uint8_t> r = hexField(h["reserved"], "the reserved bytes");
    if (r.size() != out.reserved.size())
      bad("the reserved bytes must be 28 bytes (56 hex digits)");
    std::copy(r.begin(), r.end(), out.reserved.begin());
  }
  return out;
}

uint32_t errnoField(const json &v) {
  if (v.is_string()) {
    std::optional<uint16_t> e = errnoFromName(v.get<std::string>());
    if (!e)
      bad("unknown errno \"" + v.get<std::string>() + "\"");
    return *e;
  }
  return static_cast<uint32_t>(unsignedField(v, "errno", UINT32_MAX));
}

Write regionField(const Region &r, const json &v, const std::string &what) {
  Write w;
  if (r.encoding == Region::ClockDelta) {
    if (!v.is_object())
      bad(what + " must be {\"clock\": ..., \"ns\": ...}");
    onlyKeys(v, {"clock", "ns"}, what);
    const json &c = member(v, "clock", what);
    if (c.is_string()) {
      std::optional<unsigned> id = clockFromName(c.get<std::string>());
      if (!id)
        bad(what + " names an unknown clock \"" + c.get<std::string>() + "\"");
      w.clock = static_cast<uint8_t>(*id);
    } else {
      w.clock = static_cast<uint8_t>(unsignedField(c, what + "'s clock", 3));
    }
    uint64_t ns = unsignedField(member(v, "ns", what), what + "'s ns");
    for (unsigned i = 0; i < 8; ++i)
      w.bytes.push_back(static_cast<uint8_t>(ns >> (8 * i)));
    return w;
  }
  if (v.is_number()) {
    uint32_t size = r.len.kind == Len::Const ? r.len.value : 0;
    if (size != 2 && size != 4 && size != 8)
      bad(what + " is not a number but bytes (a hex string)");
    uint64_t n = unsignedField(
        v, what, size == 8 ? UINT64_MAX : (uint64_t{1} << (8 * size)) - 1);
    for (unsigned i = 0; i < size; ++i)
      w.bytes.push_back(static_cast<uint8_t>(n >> (8 * i)));
    return w;
  }
  if (v.is_object()) {
    onlyKeys(v, {"text"}, what);
    std::string s = stringField(member(v, "text", what), what + "'s text");
    w.bytes.assign(s.begin(), s.end());
    return w;
  }
  w.bytes = hexField(v, what);
  return w;
}

// Bytes as {"text": ...} or a hex string.
std::vector<uint8_t> bytesField(const json &v, const std::string &what) {
  if (!v.is_object())
    return hexField(v, what);
  onlyKeys(v, {"text"}, what);
  std::string s = stringField(member(v, "text", what.c_str()), what + "'s text");
  return {s.begin(), s.end()};
}

// One value's bits: an integer (signed or not) that fits its type, a float
// as a number, or any of them as its bits in hex ("0x7fc00000").
uint64_t valueBits(uint8_t type, const json &v, const std::string &what) {
  bool narrow = type == trace::kValI32 || type == trace::kValF32;
  uint64_t mask = narrow ? 0xffffffffu : UINT64_MAX;
  if (v.is_string()) {
    const std::string &s = v.get_ref<const std::string &>();
    if (s.size() < 3 || s.size() > (narrow ? 10 : 18) || s.compare(0, 2, "0x"))
      bad(what + " must be a number or its bits in hex (\"0x7fc00000\")");
    uint64_t bits = 0;
    for (size_t i = 2; i < s.size(); ++i) {
      int d = hexDigit(s[i]);
      if (d < 0)
        bad(what + " is not hex");
      bits = bits << 4 | static_cast<uint64_t>(d);
    }
    return bits;
  }
  if (type == trace::kValF32 || type == trace::kValF64) {
    if (!v.is_number())
      bad(what + " must be a number");
    double d = v.get<double>();
    if (type == trace::kValF64) {
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      return bits;
    }
    float f = static_cast<float>(d);
    if (std::isinf(f) && !std::isinf(d))
      bad(what + " is too large for an f32");
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    return bits;
  }
  if (v.is_number_unsigned()) {
    if (v.get<uint64_t>() > mask)
      bad(what + " does not fit an " + std::string(trace::valTypeName(type)));
    return v.get<uint64_t>();
  }
  if (!v.is_number_integer())
    bad(what + " must be an integer");
  int64_t n = v.get<int64_t>();
  if (narrow && n < INT32_MIN)
    bad(what + " does not fit an i32");
  return static_cast<uint64_t>(n) & mask;
}

// [{"i32": 1024}, {"f64": 2.5}]
std::vector<WasmValue> valuesField(const json &v) {
  if (!v.is_array())
    bad("\"values\" must be a list ([{\"i32\": 1}, ...])");
  std::vector<WasmValue> out;
  for (size_t i = 0; i < v.size(); ++i) {
    std::string which = "value " + std::to_string(i);
    if (!v[i].is_object() || v[i].size() != 1)
      bad(which + " must be one type and its value ({\"i32\": 1})");
    auto it = v[i].begin();
    uint8_t type = valTypeFromName(it.key());
    if (!type)
      bad(which + " has an unknown type \"" + it.key() +
          "\" (i32, i64, f32 or f64)");
    out.push_back({type, valueBits(type, it.value(), which)});
  }
  return out;
}

Event parseEvent(const json &j, uint64_t index) {
  if (!j.is_object())
    bad("not an object");
  Event e;
  e.index = index;
  if (j.contains("call")) {
    onlyKeys(j, {"call", "digest", "errno", "args", "sent", "writes"},
             "a call");
    std::string name = stringField(j["call"], "\"call\"");
    std::optional<uint8_t> kind = findWasiFunction(name);
    if (!kind)
      bad("unknown WASI function \"" + name + "\"");
    e.kind = *kind;
    const WasiFunction &f = wasiFunctions()[e.kind];
    std::vector<uint8_t> d =
        hexField(member(j, "digest", "a call"), "the digest");
    if (d.size() != 4)
      bad("the digest must be 8 hex digits");
    // Shown big-endian, as a number; stored little-endian.
    e.digest =
        static_cast<uint32_t>(d[0]) << 24 | d[1] << 16 | d[2] << 8 | d[3];
    if (j.contains("errno")) {
      e.errnoFlag = true;
      e.errnoValue = errnoField(j["errno"]);
    }
    // Version 3: what the call sent. Rows without scalar arguments or read
    // regions leave the member out.
    if (j.contains("args")) {
      size_t scalars = f.numSentItems() - f.numReads;
      namedMembers(
          j, "args", scalars, [&](size_t i) { return sentName(f, i); },
          name + " has no argument", name + "'s argument",
          [&](size_t i, const json &v) {
            e.args.push_back(
                unsignedField(v, name + "'s " + std::string(sentName(f, i))));
          });
    }
    if (j.contains("sent")) {
      namedMembers(
          j, "sent", f.numReads, [&](size_t i) { return f.reads[i].name; },
          name + " sends no", name + "'s sent", [&](size_t i, const json &v) {
        const Region &r = f.reads[i];
        std::string key(r.name);
        std::vector<uint8_t> bytes;
        if (v.is_array()) {
          if (r.encoding != Region::IovecLengths)
            bad(name + "'s " + key + " is bytes, not a list");
          for (const json &n : v) {
            uint64_t len = unsignedField(n, name + "'s " + key, UINT32_MAX);
            for (unsigned b = 0; b < 4; ++b)
              bytes.push_back(static_cast<uint8_t>(len >> (8 * b)));
          }
        } else if (v.is_object()) {
          onlyKeys(v, {"text"}, name + "'s " + key);
          std::string t = stringField(member(v, "text", key), key + "'s text");
          bytes.assign(t.begin(), t.end());
        } else {
          bytes = hexField(v, name + "'s " + key);
        }
        e.sent.push_back(std::move(bytes));
      });
    }
    e.hasSent = j.contains("args") || j.contains("sent");
    if (j.contains("writes")) {
      namedMembers(
          j, "writes", f.numWrites, [&](size_t i) { return f.writes[i].name; },
          name + " has no result", name + "'s result",
          [&](size_t i, const json &v) {
            e.writes.push_back(regionField(
                f.writes[i], v, name + "'s " + std::string(f.writes[i].name)));
          });
    }
    return e;
  }
  if (!j.contains("event"))
    bad("has neither \"call\" nor \"event\"");
  std::string name = stringField(j["event"], "\"event\"");
  const SpecialEvent *special = findSpecialEvent(name);
  if (!special)
    bad("unknown event \"" + name + "\"");
  e.kind = special->code;
  std::string what = (std::strchr("aeiou", name[0]) ? "an " : "a ") + name;
  switch (special->payload) {
  case SpecialPayload::None:
    onlyKeys(j, {"event"}, what);
    break;
  case SpecialPayload::Pages:
    onlyKeys(j, {"event", "pages", "failed"}, what);
    e.growPages = unsignedField(member(j, "pages", what), "pages");
    if (j.contains("failed")) {
      if (!j["failed"].is_boolean())
        bad("\"failed\" must be true or false");
      e.errnoFlag = j["failed"].get<bool>();
    }
    break;
  case SpecialPayload::Errno:
    onlyKeys(j, {"event", "errno"}, what);
    if (j.contains("errno")) {
      e.errnoFlag = true;
      e.errnoValue = errnoField(j["errno"]);
    }
    break;
  case SpecialPayload::Call:
    onlyKeys(j, {"event", "in_call"}, what);
    if (j.contains("in_call")) {
      std::string call = stringField(j["in_call"], "\"in_call\"");
      std::optional<uint8_t> kind = trappedInKind(call);
      if (!kind)
        bad("\"in_call\" names no WASI function or \"import call\": \"" + call + "\"");
      e.errnoFlag = true;
      e.inCall = *kind;
    }
    break;
  case SpecialPayload::Export:
    onlyKeys(j, {"event", "export", "values"}, what);
    e.function = stringField(member(j, "export", what), "\"export\"");
    break;
  case SpecialPayload::Import:
    onlyKeys(j, {"event", "module", "import", "values"}, what);
    e.module = stringField(member(j, "module", what), "\"module\"");
    e.function = stringField(member(j, "import", what), "\"import\"");
    break;
  case SpecialPayload::Values:
    onlyKeys(j, {"event", "values"}, what);
    break;
  case SpecialPayload::Memory:
    onlyKeys(j, {"event", "address", "bytes"}, what);
    e.address = unsignedField(member(j, "address", what), "the address",
                              0xffffffffu);
    e.bytes = bytesField(member(j, "bytes", what), "the bytes");
    break;
  }
  // An event without results may leave "values" out.
  if (j.contains("values"))
    e.values = valuesField(j["values"]);
  return e;
}

} // namespace

std::string readJson(std::string_view text, Sink &out) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception &e) {
    // "[json.exception.parse_error.101] parse error at line 2, ...": the
    // part after the tag.
    std::string what = e.what();
    size_t at = what.find("] ");
    return "invalid JSON: " +
           (at == std::string::npos ? what : what.substr(at + 2));
  }
  try {
    if (!doc.is_object() || !doc.contains("wrr_trace_json"))
      bad("not a wrr trace in JSON form (no \"wrr_trace_json\")");
    onlyKeys(doc, {"wrr_trace_json", "header", "events", "blocks"},
             "the trace");
    if (unsignedField(doc["wrr_trace_json"], "\"wrr_trace_json\"", 0xffff) !=
        kJsonForm)
      bad("unsupported JSON form version " + doc["wrr_trace_json"].dump() +
          " (this reader knows " + std::to_string(kJsonForm) + ")");
    Writer writer(out);
    if (!writer.header(parseHeader(member(doc, "header", "the trace"))))
      bad(writer.error());
    const json &events = member(doc, "events", "the trace");
    if (!events.is_array())
      bad("\"events\" must be an array");
    // Where blocks end; without "blocks", one final block.
    std::vector<std::pair<uint64_t, bool>> blocks;
    bool explicitBlocks = doc.contains("blocks");
    if (explicitBlocks) {
      const json &b = doc["blocks"];
      if (!b.is_array())
        bad("\"blocks\" must be an array");
      for (size_t i = 0; i < b.size(); ++i) {
        std::string what = "block " + std::to_string(i + 1);
        if (!b[i].is_object())
          bad(what + " must be an object");
        onlyKeys(b[i], {"end", "final"}, what);
        uint64_t end =
            unsignedField(member(b[i], "end", what), what + "'s end");
        bool final = false;
        if (b[i].contains("final")) {
          if (!b[i]["final"].is_boolean())
            bad(what + "'s \"final\" must be true or false");
          final = b[i]["final"].get<bool>();
        }
        if (!blocks.empty() && end < blocks.back().first)
          bad(what + " ends before the block before it");
        blocks.emplace_back(end, final);
      }
    }
    size_t next = 0;
    auto flush = [&](bool all) {
      while (next < blocks.size() &&
             (blocks[next].first <= writer.size() || all)) {
        if (!writer.block(blocks[next].first, blocks[next].second))
          bad("block " + std::to_string(next + 1) + ": " + writer.error());
        ++next;
      }
    };
    uint64_t ender = 0;
    for (size_t i = 0; i < events.size(); ++i) {
      std::string where = "event #" + std::to_string(i + 1) + ": ";
      Event e;
      try {
        e = parseEvent(events[i], i + 1);
      } catch (const Bad &b) {
        bad(where + b.why);
      }
      if (ender)
        bad(where + "it follows event #" + std::to_string(ender) +
            ", which ended the trace");
      if (e.endsTrace())
        ender = i + 1;
      if (!writer.event(e))
        bad(where + writer.error());
      flush(false);
    }
    if (!explicitBlocks)
      blocks.emplace_back(writer.size(), true);
    flush(true);
    if (writer.blocked() != writer.size())
      bad("the events after stream offset " + std::to_string(writer.blocked()) +
          " are in no block (drop \"blocks\" to write all events in one "
          "final block)");
  } catch (const Bad &b) {
    return b.why;
  } catch (const json::exception &e) {
    return std::string("unexpected JSON: ") + e.what();
  }
  return {};
}

bool isJson(std::unique_ptr<Source> &source) {
  std::vector<uint8_t> first = peek(source, 256);
  for (uint8_t c : first) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
      continue;
    return c == '{';
  }
  return false;
}

bool readAll(Source &source, std::string &out, std::string &error) {
  out.clear();
  char buf[1 << 16];
  for (;;) {
    size_t got = source.read(reinterpret_cast<uint8_t *>(buf), sizeof buf);
    out.append(buf, got);
    if (!source.error().empty()) {
      error = source.error();
      return false;
    }
    if (got < sizeof buf)
      return true;
  }
}

} // namespace wrr::trace
