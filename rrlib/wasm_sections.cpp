#include "rrlib/wasm_sections.h"

#include <algorithm>

namespace wrr {

void appendCustomSection(std::vector<uint8_t> &out, std::string_view name,
                         std::span<const uint8_t> content) {
  std::vector<uint8_t> payload;
  appendUleb(payload, name.size());
  payload.insert(payload.end(), name.begin(), name.end());
  payload.insert(payload.end(), content.begin(), content.end());
  out.push_back(section_id::kCustom);
  appendUleb(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
}

std::vector<WasmSection> wasmSections(std::span<const uint8_t> m) {
  static constexpr uint8_t kWasm[8] = {0, 'a', 's', 'm', 1, 0, 0, 0};
  std::vector<WasmSection> out;
  if (m.size() < 8 || !std::equal(m.begin(), m.begin() + 8, kWasm))
    return out;
  size_t at = 8;
  while (at < m.size()) {
    WasmSection s{};
    s.begin = at;
    s.id = m[at++];
    uint64_t size;
    if (!readUleb(m, at, size) || size > m.size() - at)
      break;
    s.payload = at;
    s.end = at + size;
    s.content = s.payload;
    uint64_t nameLen;
    size_t p = s.payload;
    if (s.id == section_id::kCustom && readUleb(m.first(s.end), p, nameLen) &&
        nameLen <= s.end - p) {
      s.name = std::string_view(reinterpret_cast<const char *>(m.data() + p),
                                nameLen);
      s.content = p + nameLen;
    }
    out.push_back(s);
    at = s.end;
  }
  return out;
}

namespace {

// Each section `id` of the module, a vector: `entries(bytes, s, at, count)`
// reads its `count` entries from `at` (`bytes`: the module up to the
// section's end). False, from it or for an unreadable count, stops there.
template <class Entries>
bool eachVector(std::span<const uint8_t> m, uint8_t id, Entries entries) {
  for (const WasmSection &s : wasmSections(m)) {
    if (s.id != id)
      continue;
    std::span<const uint8_t> bytes = m.first(s.end);
    size_t at = s.payload;
    uint64_t count;
    if (!readUleb(bytes, at, count) || !entries(bytes, s, at, count))
      return false;
  }
  return true;
}

} // namespace

std::vector<FunctionBody> functionBodies(std::span<const uint8_t> m) {
  std::vector<FunctionBody> out;
  bool whole = eachVector(m, section_id::kCode, [&](std::span<const uint8_t> code,
                                                    const WasmSection &s,
                                                    size_t at, uint64_t count) {
    uint64_t size;
    for (uint64_t i = 0; i < count; ++i) {
      if (!readUleb(code, at, size) || size > s.end - at)
        return false;
      out.push_back({static_cast<uint32_t>(at - s.payload),
                     static_cast<uint32_t>(size)});
      at += size;
    }
    return true;
  });
  return whole ? out : std::vector<FunctionBody>{};
}

namespace {

bool readName(std::span<const uint8_t> m, size_t &at, std::string_view &name) {
  uint64_t len;
  if (!readUleb(m, at, len) || len > m.size() - at)
    return false;
  name = std::string_view(reinterpret_cast<const char *>(m.data() + at), len);
  at += len;
  return true;
}

// Skips a table's or memory's limits: flags, minimum, [maximum].
bool skipLimits(std::span<const uint8_t> m, size_t &at) {
  uint64_t flags, v;
  if (!readUleb(m, at, flags) || !readUleb(m, at, v))
    return false;
  return !(flags & 1) || readUleb(m, at, v);
}

} // namespace

std::vector<FunctionImport> functionImports(std::span<const uint8_t> m) {
  std::vector<FunctionImport> out;
  eachVector(m, section_id::kImport, [&](std::span<const uint8_t> sec,
                                         const WasmSection &s, size_t at,
                                         uint64_t count) {
    uint64_t v;
    for (uint64_t i = 0; i < count && at < s.end; ++i) {
      FunctionImport imp;
      if (!readName(sec, at, imp.module) || !readName(sec, at, imp.name) || at >= s.end)
        return false;
      switch (sec[at++]) {
      case 0: // function: type index
        if (!readUleb(sec, at, v))
          return false;
        out.push_back(imp);
        break;
      case 1: // table: reference type, limits
        if (at >= s.end || !skipLimits(sec, ++at))
          return false;
        break;
      case 2: // memory: limits
        if (!skipLimits(sec, at))
          return false;
        break;
      case 3: // global: value type, mutability
        at += 2;
        break;
      case 4: // tag: attribute, type index
        if (at >= s.end || !readUleb(sec, ++at, v))
          return false;
        break;
      default:
        return false;
      }
    }
    return true;
  });
  return out;
}

} // namespace wrr
