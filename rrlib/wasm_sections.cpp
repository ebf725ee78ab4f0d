#include "rrlib/wasm_sections.h"

#include <algorithm>

namespace wrr {

bool readUleb(std::span<const uint8_t> b, size_t &at, uint64_t &v) {
  v = 0;
  for (unsigned shift = 0; shift < 64 && at < b.size(); shift += 7) {
    uint8_t byte = b[at++];
    v |= uint64_t(byte & 0x7f) << shift;
    if (!(byte & 0x80))
      return true;
  }
  return false;
}

void appendUleb(std::vector<uint8_t> &out, uint64_t v) {
  do {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    out.push_back(v ? byte | 0x80 : byte);
  } while (v);
}

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

std::vector<uint8_t>
withoutCustomSections(std::span<const uint8_t> m,
                      const std::function<bool(std::string_view)> &drop) {
  std::vector<uint8_t> out(m.begin(), m.begin() + std::min<size_t>(8, m.size()));
  size_t copied = out.size();
  for (const WasmSection &s : wasmSections(m)) {
    if (s.id == section_id::kCustom && drop(s.name)) {
      out.insert(out.end(), m.begin() + copied, m.begin() + s.begin);
      copied = s.end;
    }
  }
  out.insert(out.end(), m.begin() + copied, m.end());
  return out;
}

std::vector<uint8_t>
customSectionBytes(std::span<const uint8_t> m,
                   const std::function<bool(std::string_view)> &pick) {
  std::vector<uint8_t> out;
  for (const WasmSection &s : wasmSections(m))
    if (s.id == section_id::kCustom && pick(s.name))
      out.insert(out.end(), m.begin() + s.begin, m.begin() + s.end);
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

} // namespace wrr
