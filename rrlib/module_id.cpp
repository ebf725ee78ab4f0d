#include "rrlib/module_id.h"

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

} // namespace wrr
