#include "passes/source_map.h"

#include <nlohmann/json.hpp>

#include "passes/error.h"
#include "rrlib/leb128.h"
#include "rrlib/wasm_sections.h"

namespace wrr {

namespace {

constexpr char kBase64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64Value(char c) {
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}

// One VLQ field at `at`, or false if it is damaged or out of range.
bool readVlq(std::string_view s, size_t &at, int64_t &value) {
  uint64_t v = 0;
  for (unsigned shift = 0;; shift += 5) {
    if (at >= s.size() || shift > 35)
      return false;
    int digit = base64Value(s[at++]);
    if (digit < 0)
      return false;
    v |= static_cast<uint64_t>(digit & 31) << shift;
    if (!(digit & 32))
      break;
  }
  value = (v & 1) ? -static_cast<int64_t>(v >> 1) : static_cast<int64_t>(v >> 1);
  return true;
}

void writeVlq(std::string &out, int64_t value) {
  uint64_t v = value < 0 ? (static_cast<uint64_t>(-value) << 1) | 1
                         : static_cast<uint64_t>(value) << 1;
  do {
    unsigned digit = v & 31;
    v >>= 5;
    if (v)
      digit |= 32;
    out += kBase64[digit];
  } while (v);
}

// Generated columns are file offsets: those in or past the input's code
// move with their instruction, the others (which describe no code) stay.
int64_t moveColumn(int64_t column, const CodeOffsetMap &map) {
  if (column < map.inputCodeStart || column > UINT32_MAX)
    return column;
  uint32_t relative = static_cast<uint32_t>(column - map.inputCodeStart);
  return int64_t{map.outputCodeStart} + map.map(relative);
}

} // namespace

llvm::Expected<std::string> rewriteSourceMap(std::string_view json,
                                             const CodeOffsetMap &map) {
  // ordered_json keeps the producer's key order.
  auto j = nlohmann::ordered_json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    return error("it is not a JSON object");
  if (j.contains("sections"))
    return error("index maps (\"sections\") are not supported");
  auto it = j.find("mappings");
  if (it == j.end() || !it->is_string())
    return error("it has no \"mappings\" string");
  const std::string &in = it->get_ref<const std::string &>();
  // Fields 2 to 5 are relative across the whole string and the column
  // within its line; since the map keeps the segments' order, only the
  // columns are re-encoded and the other fields are copied as they are.
  std::string out;
  out.reserve(in.size() + in.size() / 8);
  int64_t inColumn = 0, outColumn = 0;
  size_t at = 0;
  while (at < in.size()) {
    char c = in[at];
    if (c == ';') {
      inColumn = outColumn = 0;
      out += c;
      ++at;
      continue;
    }
    if (c == ',') {
      out += c;
      ++at;
      continue;
    }
    int64_t delta;
    if (!readVlq(in, at, delta))
      return error("a damaged VLQ in \"mappings\" at character " +
                   std::to_string(at));
    inColumn += delta;
    if (inColumn < 0)
      return error("a negative column in \"mappings\" at character " +
                   std::to_string(at));
    int64_t moved = moveColumn(inColumn, map);
    writeVlq(out, moved - outColumn);
    outColumn = moved;
    size_t rest = at;
    while (at < in.size() && in[at] != ',' && in[at] != ';') {
      if (base64Value(in[at]) < 0)
        return error("a damaged VLQ in \"mappings\" at character " +
                     std::to_string(at));
      ++at;
    }
    out.append(in, rest, at - rest);
  }
  *it = std::move(out);
  return j.dump();
}

void appendSourceMappingUrl(std::vector<uint8_t> &out, const std::string &url) {
  std::vector<uint8_t> content;
  appendUleb(content, url.size());
  content.insert(content.end(), url.begin(), url.end());
  appendCustomSection(out, "sourceMappingURL", content);
}

} // namespace wrr
