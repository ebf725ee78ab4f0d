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

std::vector<FunctionBody> functionBodies(std::span<const uint8_t> m) {
  std::vector<FunctionBody> out;
  for (const WasmSection &s : wasmSections(m)) {
    if (s.id != section_id::kCode)
      continue;
    std::span<const uint8_t> code = m.first(s.end);
    size_t at = s.payload;
    uint64_t count, size;
    if (!readUleb(code, at, count))
      return {};
    for (uint64_t i = 0; i < count; ++i) {
      if (!readUleb(code, at, size) || size > s.end - at)
        return {};
      out.push_back({static_cast<uint32_t>(at - s.payload),
                     static_cast<uint32_t>(size)});
      at += size;
    }
  }
  return out;
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
  for (const WasmSection &s : wasmSections(m)) {
    if (s.id != section_id::kImport)
      continue;
    std::span<const uint8_t> sec = m.first(s.end);
    size_t at = s.payload;
    uint64_t count, v;
    if (!readUleb(sec, at, count))
      return out;
    for (uint64_t i = 0; i < count && at < s.end; ++i) {
      FunctionImport imp;
      if (!readName(sec, at, imp.module) || !readName(sec, at, imp.name) || at >= s.end)
        return out;
      switch (sec[at++]) {
      case 0: // function: type index
        if (!readUleb(sec, at, v))
          return out;
        out.push_back(imp);
        break;
      case 1: // table: reference type, limits
        if (at >= s.end || !skipLimits(sec, ++at))
          return out;
        break;
      case 2: // memory: limits
        if (!skipLimits(sec, at))
          return out;
        break;
      case 3: // global: value type, mutability
        at += 2;
        break;
      case 4: // tag: attribute, type index
        if (at >= s.end || !readUleb(sec, ++at, v))
          return out;
        break;
      default:
        return out;
      }
    }
  }
  return out;
}

} // namespace wrr
