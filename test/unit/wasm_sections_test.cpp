#include "rrlib/wasm_sections.h"

#include <gtest/gtest.h>

#include <tuple>

#include "rrlib/module_id.h"

namespace wrr {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes header() { return {0, 'a', 's', 'm', 1, 0, 0, 0}; }

void custom(Bytes &m, const std::string &name, const std::string &content) {
  appendCustomSection(m, name,
                      std::span(reinterpret_cast<const uint8_t *>(content.data()),
                                content.size()));
}

// A code section with bodies of the given sizes (filled with `end` opcodes).
void code(Bytes &m, std::vector<uint32_t> sizes) {
  Bytes payload;
  appendUleb(payload, sizes.size());
  for (uint32_t n : sizes) {
    appendUleb(payload, n);
    payload.insert(payload.end(), n, 0x0b);
  }
  m.push_back(section_id::kCode);
  appendUleb(m, payload.size());
  m.insert(m.end(), payload.begin(), payload.end());
}

TEST(WasmSections, UlebRoundTrip) {
  for (uint64_t v : {0ull, 1ull, 127ull, 128ull, 16383ull, 16384ull,
                     0xffffffffull, ~0ull}) {
    Bytes b;
    appendUleb(b, v);
    size_t at = 0;
    uint64_t back;
    ASSERT_TRUE(readUleb(b, at, back));
    EXPECT_EQ(back, v);
    EXPECT_EQ(at, b.size());
  }
  Bytes unfinished = {0x80, 0x80};
  size_t at = 0;
  uint64_t v;
  EXPECT_FALSE(readUleb(unfinished, at, v));
}

TEST(WasmSections, FindsCustomSectionsByName) {
  Bytes m = header();
  custom(m, "a", "first");
  code(m, {2, 3});
  custom(m, "b", "second");
  std::vector<WasmSection> s = wasmSections(m);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].name, "a");
  EXPECT_EQ(s[1].id, section_id::kCode);
  EXPECT_EQ(s[2].end, m.size());
  EXPECT_EQ(customSection(m, "b"), "second");
  EXPECT_FALSE(customSection(m, "c"));
}

TEST(WasmSections, StopsAtADamagedHeader) {
  Bytes m = header();
  custom(m, "a", "x");
  m.push_back(section_id::kCode);
  m.push_back(100); // more than is left
  EXPECT_EQ(wasmSections(m).size(), 1u);
  EXPECT_TRUE(wasmSections(Bytes{1, 2, 3}).empty());
}

TEST(WasmSections, FunctionBodiesAreOffsetsIntoTheCodePayload) {
  Bytes m = header();
  code(m, {2, 200, 1});
  std::vector<FunctionBody> b = functionBodies(m);
  ASSERT_EQ(b.size(), 3u);
  // count (1 byte), size (1 byte), body...
  EXPECT_EQ(b[0].offset, 2u);
  EXPECT_EQ(b[0].size, 2u);
  EXPECT_EQ(b[1].offset, 2u + 2u + 2u); // 200 takes two bytes of LEB
  EXPECT_EQ(b[1].size, 200u);
  EXPECT_EQ(b[2].offset, 6u + 200u + 1u);
  EXPECT_TRUE(functionBodies(header()).empty());
}

// An import section: each entry is (module, name, kind byte, descriptor).
void imports(Bytes &m, std::vector<std::tuple<std::string, std::string, Bytes>> entries) {
  Bytes payload;
  appendUleb(payload, entries.size());
  for (auto &[module, name, desc] : entries) {
    appendUleb(payload, module.size());
    payload.insert(payload.end(), module.begin(), module.end());
    appendUleb(payload, name.size());
    payload.insert(payload.end(), name.begin(), name.end());
    payload.insert(payload.end(), desc.begin(), desc.end());
  }
  m.push_back(section_id::kImport);
  appendUleb(m, payload.size());
  m.insert(m.end(), payload.begin(), payload.end());
}

TEST(WasmSections, FunctionImportsSkipTablesMemoriesGlobalsAndTags) {
  Bytes m = header();
  imports(m, {{"env", "table", {1, 0x70, 1, 0, 200, 1}},   // funcref, min 0, max 200
              {"wasi_snapshot_preview1", "fd_write", {0, 3}},
              {"env", "memory", {2, 0, 1}},                // min 1
              {"env", "g", {3, 0x7f, 0}},                  // i32, const
              {"env", "tag", {4, 0, 2}},
              {"rb-js-abi-host", "f", {0, 0x80, 1}}});     // type 128
  std::vector<FunctionImport> f = functionImports(m);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].module, "wasi_snapshot_preview1");
  EXPECT_EQ(f[0].name, "fd_write");
  EXPECT_EQ(f[1].module, "rb-js-abi-host");
  EXPECT_EQ(f[1].name, "f");
  // A damaged entry ends the list where it starts.
  Bytes cut = header();
  imports(cut, {{"a", "b", {0, 1}}, {"c", "d", {9}}});
  EXPECT_EQ(functionImports(cut).size(), 1u);
  EXPECT_TRUE(functionImports(header()).empty());
}

} // namespace
} // namespace wrr
