#include "rrlib/module_id.h"

#include "rrlib/wasm_sections.h"

#include <algorithm>

#include <nlohmann/json.hpp>
// nettle's SHA-256: as fast as OpenSSL's (SHA-NI where the CPU has it,
// 30 MB in 19 ms against 17), without loading libcrypto (~0.7 ms of every
// wrr run) or initialising OpenSSL 3's providers and reading openssl.cnf
// (~1 ms more with its one-shot SHA256()).
#include <nettle/sha2.h>

namespace wrr {

ModuleId moduleId(std::span<const uint8_t> bytes) {
  ModuleId id;
  static_assert(sizeof(ModuleId) == SHA256_DIGEST_SIZE);
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, bytes.size(), bytes.data());
  sha256_digest(&ctx, SHA256_DIGEST_SIZE, id.data());
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

int hexDigit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

std::optional<ModuleId> moduleIdFromHex(std::string_view hex) {
  ModuleId id{};
  if (hex.size() != 2 * id.size())
    return std::nullopt;
  for (size_t i = 0; i < id.size(); ++i) {
    int hi = hexDigit(hex[2 * i]), lo = hexDigit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0)
      return std::nullopt;
    id[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return id;
}

std::optional<std::string> customSection(std::span<const uint8_t> m,
                                         std::string_view wanted) {
  for (const WasmSection &s : wasmSections(m))
    if (s.id == section_id::kCustom && s.name == wanted)
      return std::string(reinterpret_cast<const char *>(m.data() + s.content),
                         s.end - s.content);
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
