// The runtime's XXH64, written in WebAssembly (passes/runtime/10_hash.wat),
// must be bit-for-bit libxxhash's: block checksums and call digests are
// computed with it inside the module and checked with libxxhash outside.
//
// The test runs the assembled runtime (<build>/passes/runtime.wasm) under
// Node.js with stub imports, calls its exported wrr_xxh64 over
// pseudo-random memory for many lengths, seeds and alignments, and compares
// every result with XXH64(). WRR_TEST_RUNTIME_WASM, when set, names another
// runtime.wasm to check (a deliberately broken copy, say).

#include <sys/wait.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xxhash.h>

namespace {

namespace fs = std::filesystem;

// Instantiates the runtime, exporting its memory (it has no export of it:
// the script adds one to the export section), grows the memory to
// kMemoryPages, fills it from a seed, then hashes each case of the cases
// file ("address length seed-in-hex" per line) and prints one hex result
// per line, after a first line describing the memory.
//
// With "mutate" as 4th argument, first breaks a constant of the hash (every
// i64.const PRIME64_1 in the module: the build's wasm-opt inlines the hash's
// rounds, so it is in several places) to show the comparison can fail.
constexpr const char *kScript = R"js('use strict';
const fs = require('fs');
const [wasmPath, casesPath, fillSeed, mode] = process.argv.slice(2);
const PAGES = 4;

function readUleb(b, pos) {
  let v = 0, shift = 0, byte;
  do {
    byte = b[pos++];
    v += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [v, pos];
}
function uleb(v) {
  const out = [];
  do {
    let b = v % 128;
    v = Math.floor(v / 128);
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return Buffer.from(out);
}
function sleb64(v) {
  v = BigInt.asIntN(64, v);
  const out = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && !(b & 0x40)) || (v === -1n && (b & 0x40))) {
      out.push(b);
      return Buffer.from(out);
    }
    out.push(b | 0x80);
  }
}

// The module with an export "memory" of memory 0 added.
function exportMemory(b) {
  const parts = [b.subarray(0, 8)];
  let pos = 8, done = false;
  while (pos < b.length) {
    const id = b[pos];
    const [size, start] = readUleb(b, pos + 1);
    const body = b.subarray(start, start + size);
    if (id === 7) {
      const [count, q] = readUleb(body, 0);
      const name = Buffer.from('memory');
      const nb = Buffer.concat([uleb(count + 1), body.subarray(q),
                                uleb(name.length), name, Buffer.from([2, 0])]);
      parts.push(Buffer.from([7]), uleb(nb.length), nb);
      done = true;
    } else {
      parts.push(b.subarray(pos, start + size));
    }
    pos = start + size;
  }
  if (!done) throw new Error('runtime.wasm has no export section');
  return Buffer.concat(parts);
}

let bytes = Buffer.from(fs.readFileSync(wasmPath));
if (mode === 'mutate') {
  const needle = Buffer.concat([Buffer.from([0x42]), sleb64(0x9E3779B185EBCA87n)]);
  bytes = Buffer.from(bytes);
  let n = 0;
  for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1), ++n)
    bytes[at + 1] ^= 0x02;
  if (!n) throw new Error('PRIME64_1 not found');
  console.error('mutated ' + n + ' i64.const');
}
const wasmModule = new WebAssembly.Module(exportMemory(bytes));
const imports = {};
for (const imp of WebAssembly.Module.imports(wasmModule)) {
  imports[imp.module] = imports[imp.module] || {};
  let value;
  if (imp.module === 'wasi_snapshot_preview1') {
    if (imp.kind !== 'function') throw new Error('WASI import ' + imp.name);
    value = () => 52; // ENOSYS
  } else if (imp.module === 'wrr') {
    if (imp.kind === 'global')
      value = new WebAssembly.Global({value: 'i32', mutable: false}, 0);
    else if (imp.kind === 'function')
      value = () => 0;
    else
      throw new Error('unexpected wrr import ' + imp.name);
  } else {
    throw new Error('unexpected import module ' + imp.module);
  }
  imports[imp.module][imp.name] = value;
}
const instance = new WebAssembly.Instance(wasmModule, imports);
const memory = instance.exports.memory;
const xxh64 = instance.exports.wrr_xxh64;
if (!(memory instanceof WebAssembly.Memory)) throw new Error('no memory');
if (typeof xxh64 !== 'function') throw new Error('no wrr_xxh64 export');
memory.grow(PAGES - memory.buffer.byteLength / 65536);
const mem = new Uint8Array(memory.buffer);

// xorshift32; the test computes the same bytes.
let x = Number(fillSeed) >>> 0;
for (let i = 0; i < mem.length; ++i) {
  x = (x ^ (x << 13)) >>> 0;
  x = (x ^ (x >>> 17)) >>> 0;
  x = (x ^ (x << 5)) >>> 0;
  mem[i] = x >>> 24;
}
// FNV-1a over the memory, so that a different fill is reported as such.
let fnv = 0x811c9dc5;
for (let i = 0; i < mem.length; ++i)
  fnv = Math.imul(fnv ^ mem[i], 0x01000193) >>> 0;

const out = ['memory ' + mem.length + ' ' + fnv.toString(16)];
for (const line of fs.readFileSync(casesPath, 'utf8').split('\n')) {
  if (!line) continue;
  const [addr, len, seed] = line.split(' ');
  const h = xxh64(Number(addr), Number(len), BigInt.asIntN(64, BigInt('0x' + seed)));
  out.push(BigInt.asUintN(64, h).toString(16));
}
process.stdout.write(out.join('\n') + '\n');
)js";

constexpr size_t kMemoryBytes = 4 * 65536;
constexpr uint32_t kFillSeed = 0x2545f491;

struct Case {
  uint32_t addr;
  uint32_t len;
  uint64_t seed;
};

std::vector<Case> makeCases() {
  std::vector<uint32_t> lengths;
  for (uint32_t n = 0; n <= 300; ++n)
    lengths.push_back(n);
  lengths.push_back(1000);
  lengths.push_back(65536);
  const uint64_t seeds[] = {
      0,
      1,
      0x000000007fffffffULL,
      0x8000000000000000ULL,
      0x9E3779B185EBCA87ULL, // PRIME64_1
      0xC2B2AE3D27D4EB4FULL, // PRIME64_2
      0xffffffffffffffffULL,
      0xfedcba9876543210ULL,
  };
  std::vector<Case> cases;
  for (uint64_t seed : seeds)
    for (uint32_t misalign : {0u, 1u, 2u, 3u, 5u, 7u})
      for (uint32_t len : lengths)
        cases.push_back({4096 + misalign, len, seed});
  // Regions that end at the very end of memory: the hash must not read
  // past them (a trap would fail the script).
  for (uint64_t seed : {uint64_t{0}, uint64_t{0x8000000000000001ULL}})
    for (uint32_t len : {0u, 1u, 3u, 4u, 7u, 8u, 9u, 31u, 32u, 33u, 63u, 64u,
                         65u, 65536u, static_cast<uint32_t>(kMemoryBytes)})
      cases.push_back({static_cast<uint32_t>(kMemoryBytes) - len, len, seed});
  // Addresses all over memory.
  for (uint32_t addr = 0; addr < kMemoryBytes - 4096; addr += 4093)
    cases.push_back({addr, 97 + addr % 61, addr * 0x9E3779B97F4A7C15ULL});
  return cases;
}

std::vector<uint8_t> fillMemory() {
  std::vector<uint8_t> mem(kMemoryBytes);
  uint32_t x = kFillSeed;
  for (uint8_t &b : mem) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b = static_cast<uint8_t>(x >> 24);
  }
  return mem;
}

uint32_t fnv1a(const std::vector<uint8_t> &bytes) {
  uint32_t h = 0x811c9dc5u;
  for (uint8_t b : bytes)
    h = (h ^ b) * 0x01000193u;
  return h;
}

std::string runtimeWasm() {
  if (const char *path = std::getenv("WRR_TEST_RUNTIME_WASM"))
    return path;
  return WRR_BUILD_DIR "/passes/runtime.wasm";
}

class RuntimeHash : public ::testing::Test {
protected:
  void SetUp() override {
    std::string tmpl =
        (fs::path(::testing::TempDir()) / "wrr-hash-XXXXXX").string();
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    ASSERT_NE(mkdtemp(buf.data()), nullptr);
    dir_ = buf.data();
    std::ofstream(dir_ / "xxh64.cjs") << kScript;
    std::ofstream cases(dir_ / "cases.txt");
    char line[64];
    for (const Case &c : cases_) {
      std::snprintf(line, sizeof line, "%" PRIu32 " %" PRIu32 " %" PRIx64 "\n",
                    c.addr, c.len, c.seed);
      cases << line;
    }
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Runs the script; returns its output lines, or fails.
  std::vector<std::string> run(bool mutate) {
    std::string wasm = runtimeWasm();
    EXPECT_TRUE(fs::exists(wasm)) << wasm;
    std::string cmd = "node '" + (dir_ / "xxh64.cjs").string() + "' '" + wasm +
                      "' '" + (dir_ / "cases.txt").string() + "' " +
                      std::to_string(kFillSeed) + (mutate ? " mutate" : "");
    std::FILE *p = popen(cmd.c_str(), "r");
    if (!p) {
      ADD_FAILURE() << "cannot run: " << cmd;
      return {};
    }
    std::string out;
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
      out.append(buf, n);
    int status = pclose(p);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "node failed (status " << status << "): " << cmd;
    std::vector<std::string> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);)
      lines.push_back(line);
    return lines;
  }

  // Compares the script's results with libxxhash; returns the number of
  // mismatches (the first few are reported when `report` is set).
  size_t compare(const std::vector<std::string> &lines, bool report) {
    if (lines.size() != cases_.size() + 1) {
      ADD_FAILURE() << "expected " << cases_.size() + 1 << " lines, got "
                    << lines.size();
      return cases_.size();
    }
    char memLine[64];
    std::snprintf(memLine, sizeof memLine, "memory %zu %x", mem_.size(),
                  fnv1a(mem_));
    if (lines[0] != memLine) {
      ADD_FAILURE() << "the script's memory is not the test's: '" << lines[0]
                    << "' vs '" << memLine << "'";
      return cases_.size();
    }
    size_t mismatches = 0;
    for (size_t i = 0; i < cases_.size(); ++i) {
      const Case &c = cases_[i];
      uint64_t want = XXH64(mem_.data() + c.addr, c.len, c.seed);
      char hex[32];
      std::snprintf(hex, sizeof hex, "%" PRIx64, want);
      if (lines[i + 1] == hex)
        continue;
      if (report && ++mismatches <= 20)
        ADD_FAILURE() << "wrr_xxh64(addr " << c.addr << ", len " << c.len
                      << ", seed 0x" << std::hex << c.seed << std::dec
                      << ") = 0x" << lines[i + 1] << ", XXH64 = 0x" << hex;
      else if (!report)
        ++mismatches;
    }
    return mismatches;
  }

  fs::path dir_;
  std::vector<Case> cases_ = makeCases();
  std::vector<uint8_t> mem_ = fillMemory();
};

TEST_F(RuntimeHash, MatchesLibxxhash) {
  std::vector<std::string> lines = run(false);
  size_t mismatches = compare(lines, true);
  EXPECT_EQ(mismatches, 0u) << "of " << cases_.size() << " cases";
  // Not vacuous: the results vary with seed and length.
  ASSERT_GT(lines.size(), 2 + 301u);
  EXPECT_NE(lines[1], lines[2]);
  EXPECT_NE(lines[1], lines[1 + 6 * 303]);
}

// The comparison notices a broken constant.
TEST_F(RuntimeHash, NoticesABrokenConstant) {
  std::vector<std::string> lines = run(true);
  size_t mismatches = compare(lines, false);
  EXPECT_GT(mismatches, cases_.size() / 2)
      << "a runtime with PRIME64_1 altered still matched libxxhash";
}

// The C++ side of the comparison, against published XXH64 values.
TEST(RuntimeHashReference, LibxxhashKnownValues) {
  EXPECT_EQ(XXH64("", 0, 0), 0xEF46DB3751D8E999ULL);
  EXPECT_EQ(XXH64("a", 1, 0), 0xD24EC4F1A98C6E5BULL);
  EXPECT_EQ(XXH64("abc", 3, 0), 0x44BC2CF5AD770999ULL);
}

} // namespace
