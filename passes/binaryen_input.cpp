#include "passes/binaryen_input.h"

#include <algorithm>
#include <optional>

#include "passes/error.h"
#include "rrlib/wasm_sections.h"

namespace wrr {
namespace {

// A cursor over one section's bytes that fails instead of overrunning.
class Cursor {
public:
  Cursor(std::span<const uint8_t> bytes, size_t at, size_t end)
      : b_(bytes.first(end)), at_(at) {}
  bool done() const { return at_ == b_.size(); }
  size_t at() const { return at_; }
  std::optional<uint64_t> uleb() {
    uint64_t v;
    if (!readUleb(b_, at_, v))
      return std::nullopt;
    return v;
  }
  std::optional<uint8_t> byte() {
    if (at_ >= b_.size())
      return std::nullopt;
    return b_[at_++];
  }
  // A name: Binaryen refuses NUL bytes in names.
  bool name() {
    auto len = uleb();
    if (!len || *len > b_.size() - at_)
      return false;
    auto first = b_.begin() + static_cast<std::ptrdiff_t>(at_);
    at_ += *len;
    return std::find(first, first + static_cast<std::ptrdiff_t>(*len), 0) ==
           first + static_cast<std::ptrdiff_t>(*len);
  }
  bool nameMap() {
    auto n = uleb();
    for (uint64_t i = 0; n && i < *n; ++i)
      if (!uleb() || !name())
        return false;
    return n.has_value();
  }
  bool indirectNameMap() {
    auto n = uleb();
    for (uint64_t i = 0; n && i < *n; ++i)
      if (!uleb() || !nameMap())
        return false;
    return n.has_value();
  }

private:
  std::span<const uint8_t> b_;
  size_t at_;
};

// Subsections 0 to 9 (module, functions, locals, labels, types, tables,
// memories, globals, element and data segments) that parse exactly. Later
// ones are left out: Binaryen 108 reads 10 as field names, where WABT
// writes tag names.
bool subsectionParses(uint8_t id, Cursor c) {
  bool ok;
  switch (id) {
  case 0:
    ok = c.name();
    break;
  case 2:
  case 3:
    ok = c.indirectNameMap();
    break;
  default:
    ok = id <= 9 && c.nameMap();
  }
  return ok && c.done();
}

// The name section's payload (after its own name) for Binaryen, and whether
// anything was left out.
std::vector<uint8_t> namesForBinaryen(std::span<const uint8_t> m,
                                      const WasmSection &s, bool &dropped) {
  std::vector<uint8_t> kept;
  Cursor c(m, s.content, s.end);
  while (!c.done()) {
    size_t begin = c.at();
    auto id = c.byte();
    auto size = c.uleb();
    if (!id || !size || *size > s.end - c.at()) {
      dropped = true;
      break;
    }
    size_t end = c.at() + *size;
    if (subsectionParses(*id, Cursor(m, c.at(), end)))
      kept.insert(kept.end(), m.begin() + static_cast<std::ptrdiff_t>(begin),
                  m.begin() + static_cast<std::ptrdiff_t>(end));
    else
      dropped = dropped || *id <= 9;
    c = Cursor(m, end, s.end);
  }
  return kept;
}

bool featuresParse(std::span<const uint8_t> m, const WasmSection &s) {
  Cursor c(m, s.content, s.end);
  auto n = c.uleb();
  for (uint64_t i = 0; n && i < *n; ++i) {
    auto prefix = c.byte();
    if (!prefix || (*prefix != '+' && *prefix != '-' && *prefix != '=') ||
        !c.name())
      return false;
  }
  return n && c.done();
}

bool nameParses(std::span<const uint8_t> m, const WasmSection &s) {
  Cursor c(m, s.payload, s.end);
  return c.name();
}

} // namespace

bool describesCodeOffsets(std::string_view name) {
  return name.starts_with(".debug_") || name == "sourceMappingURL" ||
         name == "external_debug_info";
}

std::optional<std::vector<std::string>>
declaredFeatures(std::span<const uint8_t> m) {
  for (const WasmSection &s : wasmSections(m)) {
    if (s.id != section_id::kCustom || s.name != "target_features" ||
        !nameParses(m, s) || !featuresParse(m, s))
      continue;
    std::vector<std::string> names;
    Cursor c(m, s.content, s.end);
    // featuresParse has read it all: no checks.
    for (uint64_t n = *c.uleb(); n; --n) {
      uint8_t prefix = *c.byte();
      size_t at = c.at();
      c.name();
      uint64_t length;
      readUleb(m, at, length);
      if (prefix != '-')
        names.emplace_back(reinterpret_cast<const char *>(m.data()) + at, length);
    }
    return names;
  }
  return std::nullopt;
}

llvm::Expected<BinaryenInput>
binaryenInput(std::span<const uint8_t> m,
              const std::function<void(const std::string &)> &warn) {
  auto say = [&](const std::string &message) {
    if (warn)
      warn(message);
  };
  BinaryenInput in;
  in.bytes.assign(m.begin(), m.begin() + std::min<size_t>(8, m.size()));
  size_t copied = in.bytes.size();
  for (const WasmSection &s : wasmSections(m)) {
    if (s.id != section_id::kCustom)
      continue;
    auto whole = m.subspan(s.begin, s.end - s.begin);
    in.bytes.insert(in.bytes.end(), m.begin() + static_cast<std::ptrdiff_t>(copied),
                    m.begin() + static_cast<std::ptrdiff_t>(s.begin));
    copied = s.end;
    if (!nameParses(m, s)) {
      say("dropped a custom section whose name is malformed or holds a NUL "
          "byte (at byte " + std::to_string(s.begin) + ")");
      continue;
    }
    if (s.name == "linking" || s.name.starts_with("reloc.") ||
        s.name == "dylink" || s.name == "dylink.0")
      return error("relocatable objects and shared libraries are not "
                   "supported (the module has a '" + std::string(s.name) +
                   "' section); instrument the linked program");
    if (s.name == "name") {
      bool dropped = false;
      std::vector<uint8_t> names = namesForBinaryen(m, s, dropped);
      if (dropped)
        say("dropped the parts of the name section that are malformed");
      if (in.hasNames) {
        say("dropped a second name section");
        continue;
      }
      appendCustomSection(in.bytes, "name", names);
      in.hasNames = true;
    } else if (s.name == "target_features") {
      if (!featuresParse(m, s) || in.hasFeatures) {
        say("dropped a malformed or second target_features section");
        continue;
      }
      in.bytes.insert(in.bytes.end(), whole.begin(), whole.end());
      in.hasFeatures = true;
    } else if (describesCodeOffsets(s.name)) {
      in.describingCode.insert(in.describingCode.end(), whole.begin(), whole.end());
    } else {
      in.keptAside.insert(in.keptAside.end(), whole.begin(), whole.end());
    }
  }
  in.bytes.insert(in.bytes.end(), m.begin() + static_cast<std::ptrdiff_t>(copied),
                  m.end());
  return in;
}

} // namespace wrr
