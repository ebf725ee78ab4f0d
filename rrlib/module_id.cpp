#include "rrlib/module_id.h"

#include <algorithm>

#include <nlohmann/json.hpp>
#include <openssl/sha.h>

namespace wrr {

ModuleId moduleId(std::span<const uint8_t> bytes) {
  ModuleId id;
  SHA256(bytes.data(), bytes.size(), id.data());
  return id;
}

std::string toHex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  s.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    s += kDigits[b >> 4];
    s += kDigits[b & 15];
  }
  return s;
}

static bool readUleb(std::span<const uint8_t> b, size_t &at, uint64_t &v) {
  v = 0;
  for (unsigned shift = 0; shift < 35; shift += 7) {
    if (at >= b.size())
      return false;
    uint8_t byte = b[at++];
    v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80))
      return true;
  }
  return false;
}

std::optional<std::string> customSection(std::span<const uint8_t> m,
                                         std::string_view wanted) {
  static constexpr uint8_t kWasm[8] = {0, 'a', 's', 'm', 1, 0, 0, 0};
  if (m.size() < 8 || !std::equal(m.begin(), m.begin() + 8, kWasm))
    return std::nullopt;
  size_t at = 8;
  while (at < m.size()) {
    uint8_t id = m[at++];
    uint64_t size;
    if (!readUleb(m, at, size) || size > m.size() - at)
      return std::nullopt;
    size_t end = at + size;
    uint64_t nameLen;
    size_t p = at;
    at = end;
    if (id != 0 || !readUleb(m, p, nameLen) || nameLen > end - p)
      continue;
    std::string_view name(reinterpret_cast<const char *>(m.data() + p),
                          nameLen);
    if (name != wanted)
      continue;
    p += nameLen;
    return std::string(reinterpret_cast<const char *>(m.data() + p), end - p);
  }
  return std::nullopt;
}

std::optional<InstrumentedMarker>
instrumentedMarker(std::span<const uint8_t> m) {
  std::optional<std::string> text = customSection(m, kInstrumentedSection);
  if (!text)
    return std::nullopt;
  auto j = nlohmann::json::parse(*text, nullptr,
                                 /*allow_exceptions=*/false);
  if (!j.is_object() || !j["module"].is_string() ||
      !j["buffer_pages"].is_number_unsigned())
    return std::nullopt;
  std::string hex = j["module"].get<std::string>();
  InstrumentedMarker marker;
  if (hex.size() != 64)
    return std::nullopt;
  for (size_t i = 0; i < 32; ++i) {
    auto digit = [](char c) {
      return c >= 'a' ? c - 'a' + 10 : c - '0';
    };
    marker.identity[i] =
        static_cast<uint8_t>(digit(hex[2 * i]) << 4 | digit(hex[2 * i + 1]));
  }
  if (toHex(marker.identity) != hex)
    return std::nullopt;
  marker.bufferPages = j["buffer_pages"].get<uint32_t>();
  if (j["wrr"].is_string())
    marker.version = j["wrr"].get<std::string>();
  return marker;
}

std::string instrumentedMarkerText(const InstrumentedMarker &marker) {
  return nlohmann::json{{"wrr", marker.version},
                        {"module", toHex(marker.identity)},
                        {"buffer_pages", marker.bufferPages}}
      .dump();
}

} // namespace wrr
