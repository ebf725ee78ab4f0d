#include "rrlib/trace_json.h"

#include <nlohmann/json.hpp>

#include "rrlib/trace_text.h"
#include "rrlib/wasi_names.h"

namespace wrr::trace {

using nlohmann::json;

static constexpr int kJsonForm = 1;

// ---- Writing the JSON form ------------------------------------------------

// Strict UTF-8, as nlohmann::json requires of strings it writes: no
// overlong forms, surrogates or code points past U+10FFFF.
static bool validUtf8(std::span<const uint8_t> b) {
  static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  size_t i = 0;
  while (i < b.size()) {
    uint8_t c = b[i];
    unsigned n;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xe0) == 0xc0) {
      n = 1;
      cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      n = 2;
      cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (b.size() - i <= n)
      return false;
    for (unsigned k = 1; k <= n; ++k) {
      if ((b[i + k] & 0xc0) != 0x80)
        return false;
      cp = cp << 6 | (b[i + k] & 0x3f);
    }
    if (cp < kMin[n] || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
      return false;
    i += n + 1;
  }
  return true;
}

static std::string jsonString(std::string_view s) { return json(s).dump(); }

static std::string errnoJson(uint64_t value) {
  std::string_view name = errnoName(value);
  return name.empty() ? std::to_string(value) : jsonString(name);
}

static std::string regionJson(const Region &r, const Write &w) {
  if (r.encoding == Region::ClockDelta) {
    uint64_t ns = 0;
    for (unsigned i = 0; i < 8; ++i)
      ns |= static_cast<uint64_t>(w.bytes[i]) << (8 * i);
    return "{\"clock\": " + jsonString(clockName(w.clock)) +
           ", \"ns\": " + std::to_string(ns) + "}";
  }
  DisplayJson shown = displayInfo(r.display).json;
  if (shown == DisplayJson::Number && r.len.kind == Len::Const &&
      w.bytes.size() <= 8) {
    uint64_t v = 0;
    for (size_t i = 0; i < w.bytes.size(); ++i)
      v |= static_cast<uint64_t>(w.bytes[i]) << (8 * i);
    return std::to_string(v);
  }
  if (shown == DisplayJson::Text && !w.bytes.empty() && validUtf8(w.bytes))
    return "{\"text\": " +
           jsonString({reinterpret_cast<const char *>(w.bytes.data()),
                       w.bytes.size()}) +
           "}";
  return "\"" + hex(w.bytes) + "\"";
}

// A sent item (version 3): iovec lengths as numbers, bytes as text when
// they are valid UTF-8 (not subscriptions), else hex; as "writes" are.
static std::string sentJson(const Region &r, const std::vector<uint8_t> &b) {
  if (r.encoding == Region::IovecLengths && b.size() % 4 == 0) {
    std::string s = "[";
    for (size_t i = 0; i < b.size(); i += 4)
      s += (i ? ", " : "") +
           std::to_string(static_cast<uint32_t>(b[i]) | b[i + 1] << 8 |
                          b[i + 2] << 16 | static_cast<uint32_t>(b[i + 3]) << 24);
    return s + "]";
  }
  if (r.encoding != Region::Subscriptions && !b.empty() && validUtf8(b))
    return "{\"text\": " +
           jsonString({reinterpret_cast<const char *>(b.data()), b.size()}) +
           "}";
  return "\"" + hex(b) + "\"";
}

static std::string eventJson(const Event &e) {
  if (!e.isCall()) {
    std::string s = "{\"event\": " + jsonString(e.name());
    const SpecialEvent *special = specialEvent(e.kind);
    SpecialPayload payload = special ? special->payload : SpecialPayload::None;
    if (payload == SpecialPayload::Pages) {
      s += ", \"pages\": " + std::to_string(e.growPages);
      if (e.errnoFlag)
        s += ", \"failed\": true";
    } else if (payload == SpecialPayload::Errno && e.errnoFlag) {
      s += ", \"errno\": " + errnoJson(e.errnoValue);
    } else if (payload == SpecialPayload::Call && e.errnoFlag) {
      s += ", \"in_call\": " + jsonString(wasiFunctions()[e.inCall].name);
    }
    return s + "}";
  }
  const WasiFunction &f = wasiFunctions()[e.kind];
  char digest[16];
  std::snprintf(digest, sizeof digest, "%08x", e.digest);
  std::string s =
      "{\"call\": " + jsonString(f.name) + ", \"digest\": \"" + digest + "\"";
  if (e.errnoFlag)
    s += ", \"errno\": " + errnoJson(e.errnoValue);
  if (!e.args.empty()) {
    s += ", \"args\": {";
    for (size_t i = 0; i < e.args.size(); ++i)
      s += (i ? ", " : "") + jsonString(sentName(f, i)) + ": " +
           std::to_string(e.args[i]);
    s += "}";
  }
  if (!e.sent.empty()) {
    s += ", \"sent\": {";
    for (size_t i = 0; i < e.sent.size() && i < f.numReads; ++i)
      s += (i ? ", " : "") + jsonString(f.reads[i].name) + ": " +
           sentJson(f.reads[i], e.sent[i]);
    s += "}";
  }
  if (!e.writes.empty()) {
    s += ", \"writes\": {";
    for (size_t i = 0; i < e.writes.size(); ++i)
      s += (i ? ", " : "") + jsonString(f.writes[i].name) + ": " +
           regionJson(f.writes[i], e.writes[i]);
    s += "}";
  }
  return s + "}";
}

static std::string headerJson(const Header &h) {
  std::string s = "{\"version\": " + std::to_string(h.version) +
                  ", \"flags\": " + std::to_string(h.flags) +
                  ", \"module\": \"" + hex(h.moduleHash) +
                  "\", \"start_time_ns\": " + std::to_string(h.startTimeNs) +
                  ", \"instrumenter\": " + jsonString(h.instrumenter) +
                  ", \"recorder\": " + jsonString(h.recorder);
  if (h.bufferPages)
    s += ", \"buffer_pages\": " + std::to_string(h.bufferPages);
  bool reserved = false;
  for (uint8_t b : h.reserved)
    reserved |= b != 0;
  if (reserved)
    s += ", \"reserved\": \"" + hex(h.reserved) + "\"";
  return s + "}";
}

static bool emit(Sink &out, std::string_view s) {
  return out.write({reinterpret_cast<const uint8_t *>(s.data()), s.size()});
}

static std::string writeJsonOrThrow(Reader &reader, Sink &out);

std::string writeJson(Reader &reader, Sink &out) {
  try {
    return writeJsonOrThrow(reader, out);
  } catch (const json::exception &e) {
    return std::string("cannot write JSON: ") + e.what();
  }
}

static std::string writeJsonOrThrow(Reader &reader, Sink &out) {
  if (!reader.ok())
    return reader.error();
  const Header &h = reader.header();
  std::array<uint8_t, kHeaderSize> canonical;
  if (!encodeHeader(h, canonical).empty() ||
      canonical != reader.headerBytes() ||
      !validUtf8({reinterpret_cast<const uint8_t *>(h.recorder.data()),
                  h.recorder.size()}) ||
      !validUtf8({reinterpret_cast<const uint8_t *>(h.instrumenter.data()),
                  h.instrumenter.size()}))
    return "the trace header's instrumenter or recorder field holds bytes the "
           "JSON form cannot keep (after a NUL, or not UTF-8)";
  std::vector<std::pair<uint64_t, bool>> blocks;
  reader.onBlock(
      [&](const BlockInfo &b) { blocks.emplace_back(b.streamEnd, b.final); });
  reader.setKeepRaw(true);
  std::string text = "{\n  \"wrr_trace_json\": " + std::to_string(kJsonForm) +
                     ",\n  \"header\": " + headerJson(h) + ",\n  \"events\": [";
  Encoder encoder;
  encoder.setVersion(reader.header().version);
  std::vector<uint8_t> again;
  Event e;
  bool first = true;
  while (reader.next(e)) {
    again.clear();
    std::string why = encoder.encode(e, again);
    if (!why.empty() || again != e.raw)
      return "event #" + std::to_string(e.index) + " (" +
             std::string(e.name()) + ") is not encoded as wrr encodes it (" +
             (why.empty() ? "an over-long integer, or flag bits set" : why) +
             "), so the JSON form cannot reproduce it exactly";
    text += first ? "\n    " : ",\n    ";
    first = false;
    text += eventJson(e);
    // Hand over in pieces: traces can be larger than memory.
    if (text.size() > (1 << 20)) {
      if (!emit(out, text))
        return out.error();
      text.clear();
    }
  }
  if (!reader.ok())
    return reader.error();
  text += "\n  ],\n  \"blocks\": [";
  for (size_t i = 0; i < blocks.size(); ++i) {
    text += i ? ",\n    " : "\n    ";
    text += "{\"end\": " + std::to_string(blocks[i].first) +
            (blocks[i].second ? ", \"final\": true}" : "}");
  }
  text += "\n  ]\n}\n";
  if (!emit(out, text))
    return out.error();
  return {};
}

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

uint64_t unsignedField(const json &v, std::string_view what,
                       uint64_t max = UINT64_MAX) {
  if (!v.is_number_unsigned() || v.get<uint64_t>() > max)
    bad(std::string(what) + " must be an integer from 0 to " +
        std::to_string(max));
  return v.get<uint64_t>();
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
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
      const json &a = j["args"];
      if (!a.is_object())
        bad("\"args\" must be an object");
      size_t scalars = f.numSentItems() - f.numReads;
      for (auto &[k, v] : a.items()) {
        bool known = false;
        for (size_t i = 0; i < scalars; ++i)
          known |= sentName(f, i) == k;
        if (!known)
          bad(name + " has no argument \"" + k + "\"");
      }
      for (size_t i = 0; i < scalars; ++i) {
        std::string key(sentName(f, i));
        if (!a.contains(key))
          bad(name + "'s argument \"" + key + "\" is missing");
        e.args.push_back(unsignedField(a[key], name + "'s " + key));
      }
    }
    if (j.contains("sent")) {
      const json &sj = j["sent"];
      if (!sj.is_object())
        bad("\"sent\" must be an object");
      for (auto &[k, v] : sj.items()) {
        bool known = false;
        for (const Region &r : f.readRegions())
          known |= r.name == k;
        if (!known)
          bad(name + " sends no \"" + k + "\"");
      }
      for (const Region &r : f.readRegions()) {
        std::string key(r.name);
        if (!sj.contains(key))
          bad(name + "'s sent \"" + key + "\" is missing");
        const json &v = sj[key];
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
      }
    }
    e.hasSent = j.contains("args") || j.contains("sent");
    if (j.contains("writes")) {
      const json &w = j["writes"];
      if (!w.is_object())
        bad("\"writes\" must be an object");
      for (auto &[k, v] : w.items()) {
        bool known = false;
        for (const Region &r : f.writeRegions())
          known |= r.name == k;
        if (!known)
          bad(name + " has no result \"" + k + "\"");
      }
      for (const Region &r : f.writeRegions()) {
        std::string key(r.name);
        if (!w.contains(key))
          bad(name + "'s result \"" + key + "\" is missing");
        e.writes.push_back(regionField(r, w[key], name + "'s " + key));
      }
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
  std::string what = "a " + name;
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
      std::optional<uint8_t> kind = findWasiFunction(call);
      if (!kind)
        bad("\"in_call\" names no WASI function: \"" + call + "\"");
      e.errnoFlag = true;
      e.inCall = *kind;
    }
    break;
  }
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

// ---- Decoded events, for scripts ------------------------------------------

using ojson = nlohmann::ordered_json;

static ojson valueJson(const Value &v) {
  switch (v.kind) {
  case Value::Number:
  case Value::Flags:
  case Value::Time:
    return v.number;
  case Value::Symbol:
  case Value::Text: {
    // Text as a string; bytes that are not UTF-8 exactly, as {"hex": ...}
    // (a string would lose them).
    std::span<const uint8_t> b(reinterpret_cast<const uint8_t *>(v.bytes.data()),
                               v.bytes.size());
    if (validUtf8(b))
      return v.bytes;
    ojson o = ojson::object();
    o["hex"] = hex(b);
    return o;
  }
  case Value::Blob:
    return hex(
        {reinterpret_cast<const uint8_t *>(v.bytes.data()), v.bytes.size()});
  case Value::List: {
    ojson a = ojson::array();
    for (const Value &item : v.items)
      a.push_back(valueJson(item));
    return a;
  }
  case Value::Record: {
    ojson o = ojson::object();
    for (size_t i = 0; i < v.keys.size(); ++i)
      o[v.keys[i]] = valueJson(v.items[i]);
    return o;
  }
  }
  return nullptr;
}

std::string eventJsonLine(const Event &e, bool raw) {
  ojson j;
  j["index"] = e.index;
  j["event"] = std::string(e.name());
  if (e.isCall()) {
    char digest[16];
    std::snprintf(digest, sizeof digest, "%08x", e.digest);
    j["digest"] = digest;
    const WasiFunction &f = wasiFunctions()[e.kind];
    bool outcome = e.errnoFlag || (f.policy != Policy::Exit &&
                                   f.policy != Policy::MayNotReturn);
    if (outcome)
      j["errno"] = e.errnoValue;
    if (e.errnoFlag && !errnoName(e.errnoValue).empty())
      j["error"] = std::string(errnoName(e.errnoValue));
    std::vector<Field> sentFields = describeSent(e);
    if (!e.args.empty()) {
      ojson args = ojson::object();
      for (size_t i = 0; i < e.args.size(); ++i)
        args[std::string(sentName(f, i))] = e.args[i];
      j["args"] = std::move(args);
    }
    if (!e.sent.empty()) {
      ojson sent = ojson::object();
      for (size_t i = e.args.size(); i < sentFields.size(); ++i)
        sent[std::string(sentFields[i].name)] = valueJson(sentFields[i].value);
      j["sent"] = std::move(sent);
    }
    std::vector<Field> fields = describeResults(e);
    if (!fields.empty()) {
      ojson results = ojson::object();
      for (const Field &field : fields)
        results[std::string(field.name)] = valueJson(field.value);
      j["results"] = std::move(results);
    }
    ojson bytes = ojson::object();
    for (size_t i = 0; raw && i < e.writes.size() && i < f.numWrites; ++i)
      if (f.writes[i].encoding != Region::ClockDelta)
        bytes[std::string(f.writes[i].name)] = hex(e.writes[i].bytes);
    if (!bytes.empty())
      j["raw"] = std::move(bytes);
  } else if (const SpecialEvent *s = specialEvent(e.kind)) {
    switch (s->payload) {
    case SpecialPayload::None:
      break;
    case SpecialPayload::Pages:
      j["pages"] = e.growPages;
      j["failed"] = e.errnoFlag;
      break;
    case SpecialPayload::Errno:
      j["errno"] = e.errnoValue;
      if (e.errnoFlag && !errnoName(e.errnoValue).empty())
        j["error"] = std::string(errnoName(e.errnoValue));
      break;
    case SpecialPayload::Call:
      if (e.errnoFlag)
        j["in_call"] = std::string(wasiFunctions()[e.inCall].name);
      break;
    }
  }
  j["bytes"] = e.size;
  return j.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

} // namespace wrr::trace
