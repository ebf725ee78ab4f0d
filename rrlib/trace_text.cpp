#include "rrlib/trace_text.h"

#include "rrlib/module_id.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <ctime>
#include <functional>

#include "rrlib/wasi_names.h"

namespace wrr::trace {

static uint64_t le(std::span<const uint8_t> b, size_t at, unsigned n) {
  uint64_t v = 0;
  for (unsigned i = 0; i < n && at + i < b.size(); ++i)
    v |= static_cast<uint64_t>(b[at + i]) << (8 * i);
  return v;
}

static Value number(uint64_t n, Value::Kind kind = Value::Number) {
  Value v;
  v.kind = kind;
  v.number = n;
  return v;
}

static Value symbol(std::string_view s) {
  Value v;
  v.kind = Value::Symbol;
  v.bytes = s;
  return v;
}

static Value text(std::span<const uint8_t> b, bool partial = false) {
  Value v;
  v.kind = Value::Text;
  v.bytes.assign(b.begin(), b.end());
  v.partial = partial;
  return v;
}

static Value blob(std::span<const uint8_t> b) {
  Value v = text(b);
  v.kind = Value::Blob;
  return v;
}

static Value errnoValue(uint64_t e) {
  std::string_view name = errnoName(e);
  return e && !name.empty() ? symbol(name) : number(e);
}

static Value record(std::vector<std::pair<std::string, Value>> fields) {
  Value v;
  v.kind = Value::Record;
  for (auto &[key, value] : fields) {
    v.keys.push_back(key);
    v.items.push_back(std::move(value));
  }
  return v;
}

const Value *Value::field(std::string_view key) const {
  for (size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == key)
      return &items[i];
  return nullptr;
}

static Value list(std::vector<Value> items) {
  Value v;
  v.kind = Value::List;
  v.items = std::move(items);
  return v;
}

// Sizes of witx structs: the whole ones are rrlib/displays.def's; the
// records of a list are wasi_table.h's kDirentSize and kEventSize.

static Value decode(Display display, std::span<const uint8_t> b) {
  switch (display) {
  case Display::U16:
  case Display::U32:
  case Display::U64:
  case Display::Fd:
  case Display::Timestamp:
    if (b.size() > 8)
      return blob(b);
    return number(le(b, 0, static_cast<unsigned>(b.size())));
  case Display::String:
    return text(b);
  case Display::StringList: {
    std::vector<Value> items;
    size_t at = 0;
    while (at < b.size()) {
      size_t end = at;
      while (end < b.size() && b[end] != 0)
        ++end;
      items.push_back(text(b.subspan(at, end - at), end == b.size()));
      at = end + 1;
    }
    return list(std::move(items));
  }
  case Display::Pointers: {
    std::vector<Value> items;
    for (size_t at = 0; at + 4 <= b.size(); at += 4)
      items.push_back(number(le(b, at, 4), Value::Flags));
    return list(std::move(items));
  }
  case Display::Fdstat:
    if (b.size() != displayInfo(display).size)
      return blob(b);
    return record({{"filetype", symbol(filetypeName(b[0]))},
                   {"flags", number(le(b, 2, 2), Value::Flags)},
                   {"rights_base", number(le(b, 8, 8), Value::Flags)},
                   {"rights_inheriting", number(le(b, 16, 8), Value::Flags)}});
  case Display::Filestat:
    if (b.size() != displayInfo(display).size)
      return blob(b);
    return record({{"dev", number(le(b, 0, 8))},
                   {"ino", number(le(b, 8, 8))},
                   {"filetype", symbol(filetypeName(b[16]))},
                   {"nlink", number(le(b, 24, 8))},
                   {"size", number(le(b, 32, 8))},
                   {"atim", number(le(b, 40, 8), Value::Time)},
                   {"mtim", number(le(b, 48, 8), Value::Time)},
                   {"ctim", number(le(b, 56, 8), Value::Time)}});
  case Display::Prestat:
    if (b.size() != displayInfo(display).size)
      return blob(b);
    if (b[0] != 0) // only preopened directories are defined
      return record({{"tag", number(b[0])}});
    return record({{"type", symbol("dir")}, {"name_len", number(le(b, 4, 4))}});
  case Display::Dirents: {
    std::vector<Value> items;
    size_t at = 0;
    while (at + kDirentSize <= b.size()) {
      uint64_t namelen = le(b, at + 16, 4);
      size_t start = at + kDirentSize;
      size_t avail = std::min<uint64_t>(namelen, b.size() - start);
      items.push_back(
          record({{"name", text(b.subspan(start, avail), avail < namelen)},
                  {"type", symbol(filetypeName(b[at + 20]))},
                  {"ino", number(le(b, at + 8, 8))},
                  {"next", number(le(b, at, 8))}}));
      at = start + avail;
    }
    if (at < b.size()) // a header cut off by the end of the buffer
      items.push_back(record({{"partial", blob(b.subspan(at))}}));
    return list(std::move(items));
  }
  case Display::Events: {
    std::vector<Value> items;
    for (size_t at = 0; at + kEventSize <= b.size(); at += kEventSize) {
      unsigned type = b[at + 10];
      std::string_view name = eventtypeName(type);
      std::vector<std::pair<std::string, Value>> f = {
          {"type", name.empty() ? number(type) : symbol(name)},
          {"userdata", number(le(b, at, 8))},
          {"error", errnoValue(le(b, at + 8, 2))}};
      if (type != 0) {
        f.emplace_back("nbytes", number(le(b, at + 16, 8)));
        f.emplace_back("flags", number(le(b, at + 24, 2), Value::Flags));
      }
      items.push_back(record(std::move(f)));
    }
    return list(std::move(items));
  }
  case Display::Bytes:
    break;
  }
  return blob(b);
}

std::vector<Field> describeResults(const Event &event) {
  std::vector<Field> out;
  if (!event.isCall())
    return out;
  const WasiFunction &f = wasiFunctions()[event.kind];
  for (size_t i = 0; i < event.writes.size() && i < f.numWrites; ++i) {
    const Region &r = f.writes[i];
    const Write &w = event.writes[i];
    Field field{r.name, r.display, decode(r.display, w.bytes)};
    if (r.encoding == Region::ClockDelta) {
      std::string_view clock = clockName(w.clock);
      uint64_t ns = le(w.bytes, 0, 8);
      field.value = record(
          {{"clock", symbol(clock)},
           {"ns", number(ns, w.clock == 0 ? Value::Time : Value::Number)}});
    }
    out.push_back(std::move(field));
  }
  return out;
}

// The parameter index of scalar argument `item` of a call of `kind`.
static size_t argParam(uint8_t kind, size_t item) {
  const WasiFunction &f = wasiFunctions()[kind];
  for (unsigned i = 0; i < f.numParams; ++i)
    if (!f.isPointerParam(i) && item-- == 0)
      return i;
  return kMaxParams;
}

std::string_view sentName(const WasiFunction &f, size_t item) {
  for (unsigned i = 0; i < f.numParams; ++i)
    if (!f.isPointerParam(i) && item-- == 0)
      return f.paramNames[i];
  return item < f.numReads ? f.reads[item].name : std::string_view();
}

std::vector<Field> describeSent(const Event &event) {
  std::vector<Field> out;
  if (!event.isCall() || !event.hasSent)
    return out;
  const WasiFunction &f = wasiFunctions()[event.kind];
  for (size_t i = 0; i < event.args.size(); ++i)
    out.push_back({sentName(f, i), Display::U64, number(event.args[i])});
  for (size_t i = 0; i < event.sent.size() && i < f.numReads; ++i) {
    const Region &r = f.reads[i];
    const std::vector<uint8_t> &b = event.sent[i];
    Field field{r.name, Display::Bytes, {}};
    if (r.encoding == Region::IovecLengths && b.size() % 4 == 0) {
      std::vector<Value> lengths;
      for (size_t k = 0; k < b.size(); k += 4)
        lengths.push_back(number(le(b, k, 4)));
      field.value = list(std::move(lengths));
    } else if (r.encoding == Region::Subscriptions) {
      field.value = blob(b);
    } else {
      // A gather keeps its first kSentGatherPrefix bytes: shorter than
      // its iovec lengths say, it is cut.
      bool cut = false;
      if (r.kind == Region::Iovecs)
        for (size_t j = 0; j < i; ++j)
          if (f.reads[j].encoding == Region::IovecLengths && f.reads[j].ptr == r.ptr) {
            uint64_t total = 0;
            for (size_t k = 0; k + 4 <= event.sent[j].size(); k += 4)
              total += le(event.sent[j], k, 4);
            cut = b.size() < total;
          }
      field.display = Display::String;
      field.value = text(b, cut);
    }
    out.push_back(std::move(field));
  }
  return out;
}

static bool anyValue(const Value &v, const std::function<bool(const Value &)> &f) {
  if (f(v))
    return true;
  for (const Value &item : v.items)
    if (anyValue(item, f))
      return true;
  return false;
}

// Whether `path` is within one of the event's path regions.
static bool matchesPath(const Event &e, std::string_view path) {
  if (!e.isCall())
    return false;
  const WasiFunction &f = wasiFunctions()[e.kind];
  auto holds = [&](const std::vector<uint8_t> &b) {
    return std::search(b.begin(), b.end(), path.begin(), path.end()) != b.end();
  };
  for (size_t i = 0; i < e.sent.size() && i < f.numReads; ++i)
    if (f.reads[i].isPath && holds(e.sent[i]))
      return true;
  for (size_t i = 0; i < e.writes.size() && i < f.numWrites; ++i)
    if (f.writes[i].isPath && holds(e.writes[i].bytes))
      return true;
  return false;
}

bool matches(const Event &e, const Query &q) {
  // An export or import call also goes by its function's name.
  const SpecialEvent *host = specialEvent(e.kind);
  std::string function =
      host && (host->payload == SpecialPayload::Export ||
               host->payload == SpecialPayload::Import)
          ? hostFunction(e)
          : std::string();
  if (!q.functions.empty() &&
      std::find(q.functions.begin(), q.functions.end(), e.name()) ==
          q.functions.end() &&
      (function.empty() || std::find(q.functions.begin(), q.functions.end(),
                                     function) == q.functions.end()))
    return false;
  const SpecialEvent *special = specialEvent(e.kind);
  if (q.errors && !(e.errnoFlag || (special && special->failure)))
    return false;
  if (!q.path.empty() && !matchesPath(e, q.path))
    return false;
  if (!q.fd && q.text.empty())
    return true;
  std::vector<Field> fields = describeResults(e);
  // And what the call sent (version 3): its fd arguments, its bytes.
  std::vector<Field> sent = describeSent(e);
  if (e.isCall())
    for (size_t i = 0; i < sent.size(); ++i)
      if (i < e.args.size() && wasiFunctions()[e.kind].isFdParam(
                                   static_cast<unsigned>(argParam(e.kind, i))))
        sent[i].display = Display::Fd;
  fields.insert(fields.end(), sent.begin(), sent.end());
  // What a host wrote into the program's memory.
  if (!e.bytes.empty())
    fields.push_back({"bytes", Display::Bytes, blob(e.bytes)});
  auto any = [&](const std::function<bool(const Field &)> &f) {
    return std::any_of(fields.begin(), fields.end(), f);
  };
  if (q.fd && !any([&](const Field &f) {
        return f.display == Display::Fd && f.value.number == *q.fd;
      }))
    return false;
  if (!q.text.empty() && !any([&](const Field &f) {
        return anyValue(f.value, [&](const Value &v) {
          return (v.kind == Value::Text || v.kind == Value::Blob) &&
                 v.bytes.find(q.text) != std::string::npos;
        });
      }))
    return false;
  return true;
}

std::string hex(std::span<const uint8_t> bytes) { return toHex(bytes); }

std::string isoTime(uint64_t ns) {
  std::time_t secs = static_cast<std::time_t>(ns / 1000000000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%09lluZ",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec,
                static_cast<unsigned long long>(ns % 1000000000));
  return buf;
}

std::string seconds(uint64_t ns) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%llu.%09llus",
                static_cast<unsigned long long>(ns / 1000000000),
                static_cast<unsigned long long>(ns % 1000000000));
  return buf;
}

std::string errnoText(uint64_t value) {
  std::string_view name = errnoName(value);
  if (value == 0)
    return "0";
  return name.empty() ? "errno " + std::to_string(value) : std::string(name);
}

// C-style, as strace quotes strings.
static std::string quote(std::string_view s, size_t limit, bool partial) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "\"";
  size_t n = std::min(s.size(), limit);
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\r':
      out += "\\r";
      break;
    default:
      if (c < 0x20 || c >= 0x7f) {
        out += "\\x";
        out += kDigits[c >> 4];
        out += kDigits[c & 15];
      } else {
        out += static_cast<char>(c);
      }
    }
  }
  out += '"';
  if (n < s.size() || partial)
    out += "...";
  return out;
}

std::string byteDifference(std::span<const uint8_t> a,
                           std::span<const uint8_t> b) {
  size_t n = std::min(a.size(), b.size()), d = 0;
  while (d < n && a[d] == b[d])
    ++d;
  if (d == n && a.size() == b.size())
    return {};
  size_t s = d > 12 ? d - 12 : 0;
  auto window = [&](std::span<const uint8_t> x) {
    return x.subspan(s, std::min(x.size(), d + 20) - s);
  };
  auto texty = [](std::span<const uint8_t> x) {
    return std::all_of(x.begin(), x.end(), [](uint8_t c) {
      return (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t' || c == '\r';
    });
  };
  bool text = texty(window(a)) && texty(window(b));
  auto show = [&](std::span<const uint8_t> x) {
    std::span<const uint8_t> w = window(x);
    std::string out = s ? "..." : "";
    out += text ? quote({reinterpret_cast<const char *>(w.data()), w.size()},
                        w.size(), false)
                : hex(w);
    if (s + w.size() < x.size())
      out += "...";
    return out;
  };
  std::string out = "differs at byte " + std::to_string(d);
  if (a.size() == b.size())
    out += " of " + std::to_string(a.size());
  else
    out += " (" + std::to_string(a.size()) + " bytes vs " +
           std::to_string(b.size()) + ")";
  return out + ": " + show(a) + " vs " + show(b);
}

std::string nameText(std::string_view name) {
  bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::strchr("_.$-", c) != nullptr;
  });
  return plain ? std::string(name) : quote(name, name.size(), false);
}

std::string hostFunction(const Event &e) {
  const SpecialEvent *s = specialEvent(e.kind);
  if (s && s->payload == SpecialPayload::Import)
    return e.module + "." + e.function;
  return e.function;
}

std::string floatText(const WasmValue &v) {
  char buf[64];
  std::string out;
  if (v.type == kValF32) {
    uint32_t bits = static_cast<uint32_t>(v.bits);
    float f;
    std::memcpy(&f, &bits, 4);
    if (!std::isfinite(f))
      return {};
    out.assign(buf, std::to_chars(buf, buf + sizeof buf, f).ptr);
    // Readers of the JSON form take numbers as doubles: the float's own
    // shortest form, where the double it names rounds to the same float.
    double d = 0;
    std::from_chars(out.data(), out.data() + out.size(), d);
    float back = static_cast<float>(d);
    if (std::memcmp(&back, &f, 4) != 0)
      out.assign(buf, std::to_chars(buf, buf + sizeof buf, double{f}).ptr);
  } else if (v.type == kValF64) {
    double d;
    std::memcpy(&d, &v.bits, 8);
    if (!std::isfinite(d))
      return {};
    out.assign(buf, std::to_chars(buf, buf + sizeof buf, d).ptr);
  } else {
    return {};
  }
  // A float looks like one ("-0" would read back as the integer 0).
  if (out.find_first_of(".e") == std::string::npos)
    out += ".0";
  return out;
}

std::string valueText(const WasmValue &v) {
  std::string type(valTypeName(v.type));
  switch (v.type) {
  case kValI32:
    return type + " " + std::to_string(static_cast<int32_t>(v.bits));
  case kValI64:
    return type + " " + std::to_string(static_cast<int64_t>(v.bits));
  case kValF32:
  case kValF64: {
    if (std::string f = floatText(v); !f.empty())
      return type + " " + f;
    bool f32 = v.type == kValF32;
    uint64_t signBit = f32 ? uint64_t{1} << 31 : uint64_t{1} << 63;
    uint64_t payload = v.bits & (f32 ? 0x7fffff : 0xfffffffffffffull);
    uint64_t canonical = f32 ? 0x400000 : 0x8000000000000ull;
    std::string out = type + " " + (v.bits & signBit ? "-" : "");
    if (payload == 0)
      return out + "inf";
    if (payload == canonical)
      return out + "nan";
    char buf[32];
    std::snprintf(buf, sizeof buf, "nan:0x%llx",
                  static_cast<unsigned long long>(payload));
    return out + buf;
  }
  }
  return "type " + std::to_string(v.type) + " " + std::to_string(v.bits);
}

std::string valuesText(const std::vector<WasmValue> &values) {
  std::string out = "(";
  for (size_t i = 0; i < values.size(); ++i)
    out += (i ? ", " : "") + valueText(values[i]);
  return out + ")";
}

static constexpr size_t kListLimit = 16;
static constexpr size_t kBlobPreview = 8;

static std::string render(const Value &v, const TextOptions &o) {
  switch (v.kind) {
  case Value::Number:
    return std::to_string(v.number);
  case Value::Flags: {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%llx",
                  static_cast<unsigned long long>(v.number));
    return buf;
  }
  case Value::Symbol:
    return v.bytes;
  case Value::Text:
    return quote(v.bytes, o.stringLimit, v.partial);
  case Value::Blob: {
    std::span<const uint8_t> b(
        reinterpret_cast<const uint8_t *>(v.bytes.data()), v.bytes.size());
    std::string s = "[" + std::to_string(b.size()) + " bytes";
    if (!b.empty())
      s += " " + hex(b.first(std::min(b.size(), kBlobPreview)));
    if (b.size() > kBlobPreview)
      s += "...";
    return s + "]";
  }
  case Value::Time:
    return isoTime(v.number);
  case Value::List: {
    std::string s = "[";
    for (size_t i = 0; i < v.items.size() && i < kListLimit; ++i)
      s += (i ? ", " : "") + render(v.items[i], o);
    if (v.items.size() > kListLimit)
      s += ", ... (" + std::to_string(v.items.size()) + " in all)";
    return s + "]";
  }
  case Value::Record: {
    std::string s = "{";
    for (size_t i = 0; i < v.keys.size(); ++i)
      s += (i ? " " : "") + v.keys[i] + "=" + render(v.items[i], o);
    return s + "}";
  }
  }
  return {};
}

std::string renderValue(const Field &field, const TextOptions &o) {
  const Value &v = field.value;
  switch (field.display) {
  case Display::Pointers:
    // Guest addresses mean little to a reader; their number does.
    return "[" + std::to_string(v.items.size()) + " pointers]";
  case Display::Dirents: {
    // Names, as ls shows them; dump --json has every field.
    Value names = list({});
    for (const Value &entry : v.items)
      if (const Value *name = entry.field("name"))
        names.items.push_back(*name);
    return render(names, o);
  }
  default:
    return render(v, o);
  }
}

std::string formatEvent(const Event &e, const TextOptions &o) {
  std::string line = "#" + std::to_string(e.index) + " ";
  if (!e.isCall()) {
    line += e.name();
    const SpecialEvent *s = specialEvent(e.kind);
    switch (s ? s->payload : SpecialPayload::None) {
    case SpecialPayload::None:
      break;
    case SpecialPayload::Pages:
      line += "(" + std::to_string(e.growPages) + " pages) -> ";
      line += e.errnoFlag ? "failed" : "ok";
      break;
    case SpecialPayload::Errno:
      line += " -> " + errnoText(e.errnoValue);
      break;
    case SpecialPayload::Call:
      if (e.errnoFlag)
        line += " (inside " + std::string(*trappedInName(e.inCall)) + ")";
      break;
    case SpecialPayload::Export:
    case SpecialPayload::Import:
      line += " " + nameText(hostFunction(e)) + valuesText(e.values);
      break;
    case SpecialPayload::Values:
      line += " " + valuesText(e.values);
      break;
    case SpecialPayload::Memory:
      line += " " + std::to_string(e.address) + " +" +
              std::to_string(e.bytes.size()) + " " +
              quote({reinterpret_cast<const char *>(e.bytes.data()),
                     e.bytes.size()},
                    o.stringLimit, false);
      break;
    }
    return line;
  }
  const WasiFunction &f = wasiFunctions()[e.kind];
  line += f.name;
  std::vector<Field> fields = describeResults(e);
  // A clock reading names its clock, as the call's argument does.
  const Field *time = nullptr;
  for (const Field &field : fields)
    if (field.display == Display::Timestamp &&
        field.value.kind == Value::Record)
      time = &field;
  std::vector<Field> sent = describeSent(e);
  if (!sent.empty()) {
    // What the program passed, strace-style.
    line += "(";
    for (size_t i = 0; i < sent.size(); ++i) {
      line += i ? ", " : "";
      // A clock reading names its clock, not its id.
      if (time && i == 0 && sent[i].name == "id")
        line += time->value.field("clock")->bytes;
      else
        line += std::string(sent[i].name) + "=" + renderValue(sent[i], o);
    }
    line += ")";
  } else if (time) {
    line += "(" + time->value.field("clock")->bytes + ")";
  }
  if (o.digests) {
    char buf[24];
    std::snprintf(buf, sizeof buf, " digest=%08x", e.digest);
    line += buf;
  }
  if (!e.errnoFlag &&
      (f.policy == Policy::Exit || f.policy == Policy::MayNotReturn))
    return line; // its outcome is not in this event
  line += " -> ";
  line += e.errnoFlag ? errnoText(e.errnoValue) : "0";
  if (e.errnoFlag && e.errnoValue == 0)
    line += " (errno flag)";
  for (size_t i = 0; i < fields.size(); ++i) {
    line += i ? " " : "  ";
    const Field &field = fields[i];
    if (&field == time) {
      const Value &ns = *field.value.field("ns");
      line += ns.kind == Value::Time ? isoTime(ns.number) : seconds(ns.number);
      continue;
    }
    line += std::string(field.name) + "=" + renderValue(field, o);
  }
  return line;
}

} // namespace wrr::trace
