// The trace's JSON form written (trace_json_read.cpp reads it), and the
// decoded events of `wrr-trace dump --json`.
#include "rrlib/trace_json.h"

#include <nlohmann/json.hpp>

#include "rrlib/trace_text.h"
#include "rrlib/wasi_names.h"

namespace wrr::trace {

using nlohmann::json;

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

static std::string hexNumber(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

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

static std::string bytesJson(std::span<const uint8_t> b) {
  if (!b.empty() && validUtf8(b))
    return "{\"text\": " +
           jsonString({reinterpret_cast<const char *>(b.data()), b.size()}) +
           "}";
  return "\"" + hex(b) + "\"";
}

// [{"i32": 1024}, {"f64": 2.5}]: integers signed, finite floats as
// numbers that read back to the same bits, other floats as their bits in
// hex ("0x7fc00000").
static std::string valuesJson(const std::vector<WasmValue> &values) {
  std::string s = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    const WasmValue &v = values[i];
    s += (i ? ", {" : "{") + jsonString(valTypeName(v.type)) + ": ";
    if (v.type == kValI32)
      s += std::to_string(static_cast<int32_t>(v.bits));
    else if (v.type == kValI64)
      s += std::to_string(static_cast<int64_t>(v.bits));
    else if (std::string f = floatText(v); !f.empty())
      s += f;
    else
      s += "\"" + hexNumber(v.bits) + "\"";
    s += "}";
  }
  return s + "]";
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
    } else if (payload == SpecialPayload::Export) {
      s += ", \"export\": " + jsonString(e.function);
    } else if (payload == SpecialPayload::Import) {
      s += ", \"module\": " + jsonString(e.module) +
           ", \"import\": " + jsonString(e.function);
    } else if (payload == SpecialPayload::Memory) {
      s += ", \"address\": " + std::to_string(e.address) +
           ", \"bytes\": " + bytesJson(e.bytes);
    }
    if (payload == SpecialPayload::Export ||
        payload == SpecialPayload::Import || payload == SpecialPayload::Values)
      s += ", \"values\": " + valuesJson(e.values);
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
    // Wasm's names are UTF-8; the JSON form keeps nothing else.
    for (const std::string *n : {&e.module, &e.function})
      if (!validUtf8({reinterpret_cast<const uint8_t *>(n->data()), n->size()}))
        return "event #" + std::to_string(e.index) + " (" +
               std::string(e.name()) +
               ") names a function or module that is not UTF-8, which the "
               "JSON form cannot keep";
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

// A string as text when it is UTF-8, else {"hex": ...}, as valueJson does.
static ojson textJson(const std::string &s) {
  Value v;
  v.kind = Value::Text;
  v.bytes = s;
  return valueJson(v);
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
    case SpecialPayload::Import:
      j["module"] = textJson(e.module);
      j["import"] = textJson(e.function);
      j["values"] = ojson::parse(valuesJson(e.values));
      break;
    case SpecialPayload::Export:
      j["export"] = textJson(e.function);
      [[fallthrough]];
    case SpecialPayload::Values:
      j["values"] = ojson::parse(valuesJson(e.values));
      break;
    case SpecialPayload::Memory:
      j["address"] = e.address;
      j["data"] = textJson(std::string(e.bytes.begin(), e.bytes.end()));
      if (raw)
        j["raw"] = {{"data", hex(e.bytes)}};
      break;
    }
  }
  j["bytes"] = e.size;
  return j.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

} // namespace wrr::trace
