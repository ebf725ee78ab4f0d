#include "passes/source_map.h"

#include <gtest/gtest.h>

#include "rrlib/leb128.h"
#include "rrlib/wasm_sections.h"

namespace wrr {
namespace {

using Bytes = std::vector<uint8_t>;

void section(Bytes &m, uint8_t id, const Bytes &payload) {
  m.push_back(id);
  appendUleb(m, payload.size());
  m.insert(m.end(), payload.begin(), payload.end());
}

// One function `i32.const 1; drop; end`, its constant's LEB padded to
// `constBytes`, after a custom section of `pad` bytes (moves the code).
Bytes module(size_t constBytes, size_t pad) {
  Bytes m = {0, 'a', 's', 'm', 1, 0, 0, 0};
  if (pad)
    appendCustomSection(m, "pad", Bytes(pad, 0));
  section(m, 1, {1, 0x60, 0, 0});
  section(m, 3, {1, 0});
  Bytes body = {0, 0x41};
  for (size_t i = 1; i < constBytes; ++i)
    body.push_back(i == 1 ? 0x81 : 0x80);
  body.push_back(constBytes == 1 ? 1 : 0);
  body.insert(body.end(), {0x1a, 0x0b});
  Bytes code = {1};
  appendUleb(code, body.size());
  code.insert(code.end(), body.begin(), body.end());
  section(m, 10, code);
  return m;
}

std::string vlq(int64_t v) {
  static const char b64[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  uint64_t u = v < 0 ? (uint64_t(-v) << 1) | 1 : uint64_t(v) << 1;
  std::string s;
  do {
    unsigned d = u & 31;
    u >>= 5;
    s += b64[d | (u ? 32 : 0)];
  } while (u);
  return s;
}

class SourceMapTest : public ::testing::Test {
protected:
  void SetUp() override {
    in = module(1, 0);
    out = module(5, 20);
    std::string why;
    auto m = CodeOffsetMap::build(in, out, why);
    ASSERT_TRUE(m) << why;
    map.emplace(*m);
    // Offsets of i32.const, drop and end from the code payload's start.
    ASSERT_EQ(map->map(3), 3u);
    ASSERT_EQ(map->map(5), 9u);
    ASSERT_EQ(map->map(6), 10u);
  }
  Bytes in, out;
  std::optional<CodeOffsetMap> map;
};

TEST_F(SourceMapTest, MovesColumnsAndKeepsTheRest) {
  uint32_t a = map->inputCodeStart, b = map->outputCodeStart;
  ASSERT_NE(a, b);
  // i32.const -> (0, 0, 0), drop -> (0, 1, 4, name 0), end: unmapped.
  std::string mappings = vlq(a + 3) + "AAA," + vlq(2) + "ACIA," + vlq(1);
  std::string json = R"({"version":3,"file":"x.wasm","sources":["a.c"],"names":["f"],"mappings":")" +
                     mappings + R"(","x_extra":[1]})";
  auto r = rewriteSourceMap(json, *map);
  ASSERT_TRUE(bool(r)) << llvm::toString(r.takeError());
  std::string want = vlq(b + 3) + "AAA," + vlq(6) + "ACIA," + vlq(1);
  EXPECT_EQ(*r, R"({"version":3,"file":"x.wasm","sources":["a.c"],"names":["f"],"mappings":")" +
                    want + R"(","x_extra":[1]})");
}

TEST_F(SourceMapTest, ColumnsRestartOnEachLineAndMayGoBack) {
  uint32_t a = map->inputCodeStart, b = map->outputCodeStart;
  // Line 1: drop then i32.const (out of order); line 2: end; a column
  // before the code stays.
  std::string json = R"({"version":3,"mappings":")" + vlq(a + 5) + "," +
                     vlq(-2) + ";" + vlq(a + 6) + "," + vlq(2 - a - 6) + R"("})";
  auto r = rewriteSourceMap(json, *map);
  ASSERT_TRUE(bool(r)) << llvm::toString(r.takeError());
  EXPECT_EQ(*r, R"({"version":3,"mappings":")" + vlq(b + 9) + "," + vlq(-6) +
                    ";" + vlq(b + 10) + "," + vlq(2 - b - 10) + R"("})");
}

TEST_F(SourceMapTest, RefusesWhatItCannotRead) {
  for (const char *bad : {"not json", "[1]", R"({"version":3})",
                          R"({"version":3,"mappings":"A!"})",
                          R"({"version":3,"mappings":"g"})",
                          R"({"version":3,"mappings":"D"})",
                          R"({"version":3,"sections":[],"mappings":""})"}) {
    auto r = rewriteSourceMap(bad, *map);
    EXPECT_FALSE(bool(r)) << bad;
    if (!r)
      llvm::consumeError(r.takeError());
  }
}

TEST(SourceMapUrl, IsANameAndAString) {
  Bytes m;
  appendSourceMappingUrl(m, "a.map");
  EXPECT_EQ(m, (Bytes{0, 23, 16, 's', 'o', 'u', 'r', 'c', 'e', 'M', 'a', 'p',
                      'p', 'i', 'n', 'g', 'U', 'R', 'L', 5, 'a', '.', 'm', 'a',
                      'p'}));
}

} // namespace
} // namespace wrr
