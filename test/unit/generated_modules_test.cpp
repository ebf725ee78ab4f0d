// Every valid module is instrumented into a valid module or refused in one
// line. Binaryen's translate-to-fuzz (`wasm-opt -ttf`) turns random bytes
// into valid modules using random features; each gets a few WASI imports
// (from rrlib's table) and a `_start` calling them, and must then be, when
// `wasm-validate --enable-all` accepts it, either instrumented by the
// wrr-instrument binary into a module wasm-validate accepts, or refused with
// exit status 1 and exactly one line on stderr, leaving no file behind.
// WRR_GENERATED=N runs a longer campaign; WRR_GENERATED_VERBOSE=1 prints
// why modules were refused (by WABT or wrr).
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include <binaryen-c.h>
#include <gtest/gtest.h>

#include "rrlib/wasi_table.h"
#include "rrlib/wasm_sections.h"

namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

Bytes readFile(const fs::path &path) {
  std::ifstream f(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(f), {});
}

void writeFile(const fs::path &path, const void *data, size_t size) {
  std::ofstream(path, std::ios::binary)
      .write(static_cast<const char *>(data), static_cast<std::streamsize>(size));
}

std::string firstLine(const fs::path &path) {
  std::ifstream f(path);
  std::string line;
  std::getline(f, line);
  return line;
}

// Runs a shell command; its exit status, or -N for signal N.
int run(const std::string &command) {
  int status = std::system(command.c_str());
  return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
}

// The features translate-to-fuzz may use, and how often (one in N): most
// are Binaryen's and WABT's both; the rarer ones must be refused in one
// line, or are refused by wasm-validate first (GC's encoding differs).
struct Feature {
  const char *flag;
  unsigned oneIn;
  BinaryenFeatures (*features)();
};
BinaryenFeatures gcAndReferenceTypes() {
  return BinaryenFeatureGC() | BinaryenFeatureReferenceTypes();
}
const Feature kFeatures[] = {
    {"--enable-sign-ext", 2, BinaryenFeatureSignExt},
    {"--enable-mutable-globals", 2, BinaryenFeatureMutableGlobals},
    {"--enable-nontrapping-float-to-int", 2, BinaryenFeatureNontrappingFPToInt},
    {"--enable-simd", 2, BinaryenFeatureSIMD128},
    {"--enable-bulk-memory", 2, BinaryenFeatureBulkMemory},
    {"--enable-exception-handling", 3, BinaryenFeatureExceptionHandling},
    {"--enable-tail-call", 3, BinaryenFeatureTailCall},
    {"--enable-multivalue", 3, BinaryenFeatureMultivalue},
    {"--enable-extended-const", 3, BinaryenFeatureExtendedConst},
    {"--enable-reference-types", 6, BinaryenFeatureReferenceTypes},
    {"--enable-threads", 8, BinaryenFeatureAtomics},
    {"--enable-memory64", 8, BinaryenFeatureMemory64},
    {"--enable-relaxed-simd", 8, BinaryenFeatureRelaxedSIMD},
    {"--enable-reference-types --enable-gc", 10, gcAndReferenceTypes},
};

BinaryenType valType(wrr::ValType t) {
  return t == wrr::ValType::I32 ? BinaryenTypeInt32() : BinaryenTypeInt64();
}

// Leaves out each entry of the target_features section with probability
// 1/2: the module then uses features it does not declare, which WABT
// accepts and Binaryen, trusting the section, did not.
Bytes dropDeclaredFeatures(const Bytes &m, std::mt19937_64 &rng) {
  for (const wrr::WasmSection &s : wrr::wasmSections(m)) {
    if (s.id != wrr::section_id::kCustom || s.name != "target_features")
      continue;
    size_t at = s.content;
    uint64_t count, length;
    std::vector<std::span<const uint8_t>> kept;
    if (!wrr::readUleb(m, at, count))
      return m;
    for (uint64_t i = 0; i < count; ++i) {
      size_t begin = at++;
      if (!wrr::readUleb(m, at, length))
        return m;
      at += length;
      if (rng() % 2)
        kept.push_back(std::span(m).subspan(begin, at - begin));
    }
    Bytes content;
    wrr::appendUleb(content, kept.size());
    for (std::span<const uint8_t> entry : kept)
      content.insert(content.end(), entry.begin(), entry.end());
    Bytes out(m.begin(), m.begin() + static_cast<std::ptrdiff_t>(s.begin));
    out.insert(out.end(), m.begin() + static_cast<std::ptrdiff_t>(s.end), m.end());
    wrr::appendCustomSection(out, "target_features", content);
    return out;
  }
  return m;
}

// The module at `in`, which uses `features`, with `count` WASI imports, picked at random, and an exported
// function calling each with zeros (`_start` unless the module has one).
void addWasiImports(const fs::path &in, const fs::path &out,
                    BinaryenFeatures features, std::mt19937_64 &rng, int count) {
  Bytes input = readFile(in);
  BinaryenModuleRef m =
      BinaryenModuleRead(reinterpret_cast<char *>(input.data()), input.size());
  // Binaryen reads a module without a target_features section as MVP, and
  // writes a DataCount section only with bulk memory on.
  BinaryenModuleSetFeatures(m, features);
  std::span<const wrr::WasiFunction> table = wrr::wasiFunctions();
  std::vector<BinaryenExpressionRef> calls;
  for (int i = 0; i < count; ++i) {
    const wrr::WasiFunction &f = table[rng() % table.size()];
    std::string internal = "wasi." + std::string(f.name);
    std::vector<BinaryenType> params;
    std::vector<BinaryenExpressionRef> args;
    for (wrr::ValType t : f.paramTypes()) {
      params.push_back(valType(t));
      args.push_back(BinaryenConst(m, t == wrr::ValType::I32
                                          ? BinaryenLiteralInt32(0)
                                          : BinaryenLiteralInt64(0)));
    }
    BinaryenType results = f.returnsErrno ? BinaryenTypeInt32() : BinaryenTypeNone();
    if (!BinaryenGetFunction(m, internal.c_str()))
      BinaryenAddFunctionImport(m, internal.c_str(), "wasi_snapshot_preview1",
                                std::string(f.name).c_str(),
                                BinaryenTypeCreate(params.data(), params.size()),
                                results);
    BinaryenExpressionRef call =
        BinaryenCall(m, internal.c_str(), args.data(), args.size(), results);
    calls.push_back(f.returnsErrno ? BinaryenDrop(m, call) : call);
  }
  BinaryenAddFunction(m, "wrr.test.calls", BinaryenTypeNone(), BinaryenTypeNone(),
                      nullptr, 0,
                      BinaryenBlock(m, nullptr, calls.data(), calls.size(),
                                    BinaryenTypeNone()));
  BinaryenAddFunctionExport(
      m, "wrr.test.calls",
      BinaryenGetExport(m, "_start") ? "wrr_test_calls" : "_start");
  BinaryenModuleAllocateAndWriteResult r = BinaryenModuleAllocateAndWrite(m, nullptr);
  auto *p = static_cast<const uint8_t *>(r.binary);
  Bytes bytes = dropDeclaredFeatures(Bytes(p, p + r.binaryBytes), rng);
  writeFile(out, bytes.data(), bytes.size());
  std::free(r.binary);
  std::free(r.sourceMap);
  BinaryenModuleDispose(m);
}

TEST(GeneratedModules, AreInstrumentedIntoValidModulesOrRefusedInOneLine) {
  const char *env = std::getenv("WRR_GENERATED");
  const int kModules = env ? std::atoi(env) : 200;
  if (run("wasm-opt --version > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "wasm-opt (Debian's binaryen package) is not installed";
  fs::path dir = fs::path(testing::TempDir()) /
                 ("wrr-generated-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "out");
  const std::string instrument = std::string(WRR_BUILD_DIR) + "/bin/wrr-instrument";
  std::mt19937_64 rng(0x77727232);
  int generated = 0, invalid = 0, instrumented = 0, refused = 0;
  for (int i = 0; i < kModules; ++i) {
    Bytes random(64 + rng() % 4096);
    for (uint8_t &b : random)
      b = static_cast<uint8_t>(rng());
    writeFile(dir / "random.bin", random.data(), random.size());
    std::string flags;
    BinaryenFeatures features = BinaryenFeatureMVP();
    for (const Feature &f : kFeatures)
      if (rng() % f.oneIn == 0) {
        flags += std::string(" ") + f.flag;
        features |= f.features();
      }
    if (rng() % 2)
      flags += " --emit-target-features";
    fs::path fuzz = dir / "fuzz.wasm", in = dir / "in.wasm",
             out = dir / "out" / "out.wasm", err = dir / "err.txt";
    if (run("wasm-opt " + (dir / "random.bin").string() + " -ttf" + flags +
            " -o " + fuzz.string() + " > /dev/null 2>&1") != 0)
      continue;
    addWasiImports(fuzz, in, features, rng, 1 + static_cast<int>(rng() % 4));
    ++generated;
    if (run("wasm-validate --enable-all " + in.string() + " 2> " + err.string()) != 0) {
      ++invalid;
      if (std::getenv("WRR_GENERATED_VERBOSE"))
        std::cout << "invalid for WABT: " << firstLine(err) << "\n";
      continue;
    }
    int status = run(instrument + " " + in.string() + " -o " + out.string() +
                     " 2> " + err.string());
    std::string errText;
    {
      std::ifstream f(err);
      errText.assign(std::istreambuf_iterator<char>(f), {});
    }
    auto keep = [&] {
      fs::path kept = fs::path(testing::TempDir()) /
                      ("wrr-generated-" + std::to_string(i) + ".wasm");
      fs::copy_file(in, kept, fs::copy_options::overwrite_existing);
      return kept.string();
    };
    if (status == 0) {
      ++instrumented;
      if (run("wasm-validate --enable-all " + out.string() + " 2> " + err.string()) != 0)
        ADD_FAILURE() << "module " << i << " (wasm-opt -ttf" << flags
                      << "): the output does not validate; kept as " << keep()
                      << "\n" << firstLine(err);
      fs::remove(out);
    } else {
      ++refused;
      if (std::getenv("WRR_GENERATED_VERBOSE"))
        std::cout << "refused: " << errText;
      bool oneLine = !errText.empty() && errText.back() == '\n' &&
                     errText.find('\n') == errText.size() - 1 &&
                     errText.starts_with("wrr-instrument: error: ");
      if (status != 1 || !oneLine)
        ADD_FAILURE() << "module " << i << " (wasm-opt -ttf" << flags
                      << "): exit status " << status << ", stderr:\n"
                      << errText.substr(0, 2000) << "kept as " << keep();
    }
    EXPECT_TRUE(fs::is_empty(dir / "out")) << "module " << i << " left a file";
  }
  fs::remove_all(dir);
  std::cout << "generated " << generated << ", invalid for WABT " << invalid
            << ", instrumented " << instrumented << ", refused " << refused
            << "\n";
  // Most must get through, or this tests only the refusals.
  EXPECT_GT(instrumented, generated / 3);
  RecordProperty("instrumented", instrumented);
  RecordProperty("refused", refused);
}

} // namespace
